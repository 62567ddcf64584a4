// The robust comparison's plan and statistics without the CLI: resampling by weight from the
// comparison's own stream, drawn ranges keyed by draw and path (not by arm), the run keys of
// the plan (common random numbers: the same for every arm of a draw), per-draw means and the
// verdicts of hypotheses on a constructed case.
#include "sim/pipeline/robust_plan.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "sim/pipeline/robust_summary.hpp"
#include "sim/rng/counter_rng.hpp"

namespace govsim::sim::pipeline {
namespace {

TEST(RobustPlan, SystematicResamplingFollowsTheWeights) {
  const std::vector<double> w = {0.0, 0.5, 0.25, 0.25, 0.0};
  const auto idx = systematic_resample(w, 8, 11);
  ASSERT_EQ(idx.size(), 8u);
  std::map<std::size_t, int> count;
  for (auto i : idx) ++count[i];
  EXPECT_EQ(count[0], 0);
  EXPECT_EQ(count[4], 0);
  EXPECT_EQ(count[1], 4);  // systematic: exactly K w_j when K w_j is an integer
  EXPECT_EQ(count[2], 2);
  EXPECT_EQ(count[3], 2);
  EXPECT_EQ(idx, systematic_resample(w, 8, 11));  // a pure function of (weights, K, seed)
  EXPECT_THROW(systematic_resample(std::vector<double>{0.0, 0.0}, 3, 1), std::invalid_argument);
  EXPECT_THROW(systematic_resample(w, 0, 1), std::invalid_argument);
  // Another seed moves the offset: with unequal weights some draw changes.
  bool differs = false;
  const std::vector<double> v = {0.1, 0.2, 0.3, 0.15, 0.25};
  for (uint64_t s = 1; s < 20 && !differs; ++s) differs = systematic_resample(v, 7, s) != systematic_resample(v, 7, 0);
  EXPECT_TRUE(differs);
}

TEST(RobustPlan, RangesAreKeyedByDrawAndPathOnly) {
  Draws d = draw_from_population({"params.a"}, std::vector<double>{1, 2, 3}, std::vector<double>{1, 1, 1}, 5, 7);
  add_range_column(d, "law_and_virtue.p_enf", 0.15, 0.3, 7);
  ASSERT_EQ(d.names.size(), 2u);
  EXPECT_EQ(d.free_parameters, 1u);
  for (std::size_t k = 0; k < d.k; ++k) {
    const double v = d.at(k, 1);
    EXPECT_GE(v, 0.15);
    EXPECT_LE(v, 0.3);
    EXPECT_DOUBLE_EQ(v, 0.15 + 0.15 * draw_uniform(7, k, DrawStream::kRange, key_of("law_and_virtue.p_enf")));
  }
  EXPECT_NE(draw_uniform(7, 0, DrawStream::kRange, key_of("a")), draw_uniform(7, 0, DrawStream::kRange, key_of("b")));
  EXPECT_NE(draw_uniform(7, 0, DrawStream::kRange, 1), draw_uniform(7, 1, DrawStream::kRange, 1));
}

ScenarioPtr scenario(const std::string& name, uint64_t seed) {
  auto s = std::make_shared<Scenario>();
  s->name = name;
  s->model = "toy";
  s->seed = seed;
  s->resolved_yaml = "name: " + name + "\n";
  return s;
}

TEST(RobustPlan, CommonRandomNumbersPerDrawAndReplicate) {
  std::vector<RobustArm> arms;
  for (const char* a : {"BASE", "CM1", "CM2"}) {
    RobustArm ra{a, {}};
    for (int d = 0; d < 4; ++d) ra.per_draw.push_back(scenario(std::string(a) + std::to_string(d), 9));
    arms.push_back(ra);
  }
  Plan plan = draws_plan(arms, 3);
  finalize(plan);
  ASSERT_EQ(plan.num_runs(), 4u * 3u * 3u);
  std::map<std::pair<uint64_t, uint32_t>, uint64_t> seed_of;  // (draw, replicate) -> seed
  std::set<uint64_t> seeds;
  for (const auto& e : plan.runs) {
    const PlanArm& a = plan.arms[e.arm];
    const auto [d, r] = draw_of(e.replicate, 3);
    EXPECT_EQ(d, *e.point);
    EXPECT_EQ(a.group_name(), a.name.substr(0, a.name.find('.')));
    EXPECT_EQ(e.run_seed, run_seed(9, uint64_t{d} * 3 + r));
    auto [it, fresh] = seed_of.try_emplace({d, r}, e.run_seed);
    EXPECT_EQ(it->second, e.run_seed) << "arms of one (draw, replicate) differ";
    if (fresh) seeds.insert(e.run_seed);
  }
  EXPECT_EQ(seeds.size(), 12u);  // no two (draw, replicate) share a key
  // Replicate-major, arms innermost.
  EXPECT_EQ(plan.runs[0].replicate, 0u);
  EXPECT_EQ(plan.runs[1].replicate, 0u);
  EXPECT_EQ(plan.runs[3].replicate, 3u);  // draw 1, replicate 0
}

RunFinals finals(const std::string& arm, uint32_t i, double v) { return {arm, i, {{"y", v, 1}}}; }

TEST(RobustSummary, MeansPerDrawAndHypothesisVerdicts) {
  // 4 draws x 2 replicates; A beats B by 0.1 in draws 0-2 and loses in draw 3.
  std::vector<RunFinals> f;
  const double a[4] = {1.0, 1.0, 1.0, 0.0}, b[4] = {0.9, 0.85, 0.8, 0.5};
  for (uint32_t d = 0; d < 4; ++d)
    for (uint32_t r = 0; r < 2; ++r) {
      const double eps = r == 0 ? -0.01 : 0.01;
      f.push_back(finals("A", d * 2 + r, a[d] + eps));
      f.push_back(finals("B", d * 2 + r, b[d] + eps));
    }
  const stats::Table v = draw_values(f, {"B", "A"}, "y", 4, 2);
  EXPECT_NEAR(v.at(1, 0), 0.85, 1e-12);
  EXPECT_NEAR(v.at(3, 1), 0.0, 1e-12);
  RobustInput in;
  in.arms = {"B", "A"};
  in.outcomes = {{"y", 0.05, 1}};
  in.draws.k = 4;
  in.replicates = 2;
  in.hypotheses = {{"h_by_0.05", "A", "B", "y", 0.05}, {"h_by_0.3", "A", "B", "y", 0.3}, {"h_lower", "B", "A", "y", 0.0}};
  in.level = 0.7;
  const RobustResult r = robust_summary(f, in);
  EXPECT_DOUBLE_EQ(r.hypotheses[0].probability, 0.75);
  EXPECT_EQ(r.hypotheses[0].verdict, stats::Verdict::kSupported);
  EXPECT_DOUBLE_EQ(r.hypotheses[1].probability, 0.0);
  EXPECT_EQ(r.hypotheses[1].verdict, stats::Verdict::kRefuted);
  EXPECT_DOUBLE_EQ(r.hypotheses[2].probability, 0.25);
  EXPECT_EQ(r.hypotheses[2].verdict, stats::Verdict::kRefuted);
  ASSERT_TRUE(r.outcomes[0].ranked);
  EXPECT_DOUBLE_EQ(r.outcomes[0].ranking.p_best[1], 0.75);
  EXPECT_DOUBLE_EQ(r.outcomes[0].effects[1].p_above, 0.75);  // effect > 0.05 in draws 0-2
  const auto tables = robust_tables(r, in);
  bool found = false;
  for (const auto& t : tables)
    if (t.path == "/summary/p_best") {
      found = true;
      EXPECT_EQ(t.rows, in.arms);
      EXPECT_EQ(t.columns, std::vector<std::string>{"y"});
      EXPECT_DOUBLE_EQ(t.values[1], 0.75);
    }
  EXPECT_TRUE(found);
  // Lower is better: the same numbers reverse the verdict of h_lower.
  in.outcomes = {{"y", 0.05, -1}};
  EXPECT_DOUBLE_EQ(robust_summary(f, in).hypotheses[2].probability, 0.75);
}

}  // namespace
}  // namespace govsim::sim::pipeline
