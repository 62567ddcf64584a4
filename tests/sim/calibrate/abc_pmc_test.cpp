#include "sim/calibrate/abc_pmc.hpp"

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <vector>

#include "sim/calibrate/posterior.hpp"
#include "sim/core/error.hpp"
#include "tests/sim/calibrate/toy_model.hpp"

namespace govsim::sim::calibrate {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Two parameters (one log-uniform), two value targets on the toy's outputs.
struct Fixture {
  std::vector<Parameter> params = {{"a", PriorKind::kUniform, -5.0, 5.0},
                                   {"b", PriorKind::kLogUniform, 0.1, 10.0}};
  std::vector<Target> targets = {{"ya", "ya", "", 1.0, 1.0, 0.1},
                                 {"yb", "yb", "", 0.5, 0.5, 0.1}};
  testing::GaussianToy toy{params, {0.5, 0.3}, 2, 7};
  Settings settings() const {
    Settings s;
    s.population = 60;
    s.max_generations = 4;
    s.seed = 99;
    return s;
  }
  std::vector<double> simulate(const Proposal& p) const { return toy.simulate(p.theta, p.point); }
};

bool same_generation(const Generation& a, const Generation& b) {
  return a.number == b.number && a.epsilon == b.epsilon && a.particles == b.particles &&
         a.weights == b.weights && a.distances == b.distances && a.quantities == b.quantities &&
         a.index == b.index && a.proposals == b.proposals && a.kernel_cov == b.kernel_cov;
}

// Drives a calibration with the given batch size, feeding each batch's results in reverse.
std::vector<Generation> drive(const Fixture& f, Settings s, std::size_t batch, bool reverse) {
  AbcPmc abc(s, f.params, f.targets);
  while (!abc.finished()) {
    auto props = abc.next_batch(batch);
    std::vector<ProposalResult> res;
    for (const auto& p : props) res.push_back({p.generation, p.index, f.simulate(p)});
    if (reverse) std::reverse(res.begin(), res.end());
    abc.accept_results(res);
  }
  return abc.generations();
}

TEST(AbcPmc, RejectsBadSettings) {
  const Fixture f;
  Settings s = f.settings();
  s.quantile = 0.0;
  EXPECT_THROW(AbcPmc(s, f.params, f.targets), InputError);
  s = f.settings();
  s.acceptance_floor = 0.0;
  EXPECT_THROW(AbcPmc(s, f.params, f.targets), InputError);
  s = f.settings();
  s.population = 1;
  EXPECT_THROW(AbcPmc(s, f.params, f.targets), InputError);
  EXPECT_THROW(AbcPmc(f.settings(), {}, f.targets), InputError);
  EXPECT_THROW(AbcPmc(f.settings(), f.params, {}), InputError);
}

TEST(AbcPmc, PointIndicesHaveAFixedStride) {
  Settings s;
  s.population = 500;
  s.acceptance_floor = 0.01;
  EXPECT_EQ(max_proposals_per_generation(s), 50000u);
  EXPECT_EQ(point_index(s, 0, 7), 7u);
  EXPECT_EQ(point_index(s, 3, 7), 150007u);
}

TEST(AbcPmc, GenerationZeroSamplesThePriorAndAcceptsAll) {
  const Fixture f;
  AbcPmc abc(f.settings(), f.params, f.targets);
  EXPECT_EQ(abc.epsilon(), kInf);
  const auto batch = abc.next_batch();
  ASSERT_EQ(batch.size(), 60u);
  std::vector<ProposalResult> res;
  for (const auto& p : batch) {
    EXPECT_EQ(p.generation, 0u);
    EXPECT_EQ(p.point, p.index);
    EXPECT_GE(p.theta[0], -5.0);
    EXPECT_LE(p.theta[0], 5.0);
    EXPECT_GE(p.theta[1], 0.1);
    EXPECT_LE(p.theta[1], 10.0);
    res.push_back({p.generation, p.index, f.simulate(p)});
  }
  abc.accept_results(res);
  ASSERT_TRUE(abc.generation_done());
  const Generation& g = abc.population();
  EXPECT_EQ(g.proposals, 60u);
  EXPECT_DOUBLE_EQ(g.acceptance_rate, 1.0);
  EXPECT_NEAR(g.ess, 60.0, 1e-9);
  for (double w : g.weights) EXPECT_DOUBLE_EQ(w, 1.0 / 60.0);
  // The next generation's tolerance is the median distance (30th smallest of 60).
  std::vector<double> d = g.distances;
  std::sort(d.begin(), d.end());
  EXPECT_EQ(abc.generation(), 1u);
  EXPECT_DOUBLE_EQ(abc.epsilon(), d[29]);
  const auto next = abc.next_batch(5);
  EXPECT_EQ(next[0].point, max_proposals_per_generation(abc.settings()));
}

TEST(AbcPmc, SamePopulationForAnyBatchSizeOrderAndThreadCount) {
  const Fixture f;
  for (KernelKind kernel : {KernelKind::kGaussian, KernelKind::kReflected}) {
    Settings s = f.settings();
    s.kernel = kernel;
    const auto ref = drive(f, s, 60, false);
    ASSERT_EQ(ref.size(), 4u);
    for (std::size_t batch : {1u, 7u, 200u}) {
      const auto other = drive(f, s, batch, true);
      ASSERT_EQ(other.size(), ref.size());
      for (std::size_t g = 0; g < ref.size(); ++g)
        EXPECT_TRUE(same_generation(ref[g], other[g])) << to_string(kernel) << " " << batch;
    }
    {
      const oneapi::tbb::global_control one(oneapi::tbb::global_control::max_allowed_parallelism, 1);
      const auto serial = drive(f, s, 13, false);
      for (std::size_t g = 0; g < ref.size(); ++g) EXPECT_TRUE(same_generation(ref[g], serial[g]));
    }
    // Tolerances decrease and the weights are a distribution.
    for (std::size_t g = 2; g < ref.size(); ++g) EXPECT_LE(ref[g].epsilon, ref[g - 1].epsilon);
    for (const auto& g : ref) {
      double sum = 0.0;
      for (double w : g.weights) sum += w;
      EXPECT_NEAR(sum, 1.0, 1e-12);
      for (double d : g.distances) EXPECT_LE(d, g.epsilon);
    }
  }
}

// Target: the quantity itself (value 0, scale 1): distance = |q|.
TEST(AbcPmc, PopulationIsTheFirstNAcceptedInIndexOrder) {
  Settings s;
  s.population = 4;
  s.max_generations = 2;
  s.acceptance_floor = 0.25;  // M = 16
  AbcPmc abc(s, {{"a", PriorKind::kUniform, 0.0, 1.0}}, {{"t", "x", "", 0.0, 0.0, 1.0}});
  auto b0 = abc.next_batch();
  std::vector<ProposalResult> r0;
  for (const auto& p : b0) r0.push_back({0, p.index, {static_cast<double>(p.index)}});
  abc.accept_results(r0);  // distances 0, 1, 2, 3: epsilon_1 = 2nd smallest = 1
  ASSERT_EQ(abc.generation(), 1u);
  EXPECT_DOUBLE_EQ(abc.epsilon(), 1.0);
  const auto b1 = abc.next_batch(12);
  ASSERT_EQ(b1.size(), 12u);
  auto q = [](uint64_t j) { return (j == 1 || j == 4 || j == 5 || j == 7 || j == 9) ? 0.5 : 5.0; };
  std::vector<ProposalResult> late;
  for (uint64_t j = 12; j-- > 0;)  // reverse order, proposal 4 held back
    if (j != 4) late.push_back({1, j, {q(j)}});
  abc.accept_results(late);
  EXPECT_FALSE(abc.generation_done());
  EXPECT_EQ(abc.evaluated(), 4u);  // 0..3 known, 4 missing
  EXPECT_EQ(abc.generations().size(), 1u);
  abc.accept_results(std::vector<ProposalResult>{{1, 4, {q(4)}}});
  ASSERT_TRUE(abc.generation_done());
  const Generation& g = abc.population();
  EXPECT_EQ(g.index, (std::vector<uint64_t>{1, 4, 5, 7}));
  EXPECT_EQ(g.proposals, 8u);
  EXPECT_DOUBLE_EQ(g.acceptance_rate, 0.5);
  EXPECT_TRUE(abc.finished());
  EXPECT_EQ(abc.stop_reason(), StopReason::kMaxGenerations);
}

TEST(AbcPmc, IgnoresStaleAndRepeatedResultsAndRefusesUnknownOnes) {
  Settings s;
  s.population = 3;
  s.max_generations = 3;
  AbcPmc abc(s, {{"a", PriorKind::kUniform, 0.0, 1.0}}, {{"t", "x", "", 0.0, 0.0, 1.0}});
  auto b0 = abc.next_batch();
  const std::vector<ProposalResult> r0 = {{0, 0, {1.0}}, {0, 1, {2.0}}, {0, 2, {3.0}}};
  abc.accept_results(r0);
  abc.accept_results(r0);  // generation 0 is closed: all ignored
  EXPECT_EQ(abc.ignored_results(), 3u);
  abc.next_batch(2);
  const std::vector<ProposalResult> twice = {{1, 0, {0.0}}, {1, 0, {9.0}}};
  abc.accept_results(twice);
  EXPECT_EQ(abc.ignored_results(), 4u);
  EXPECT_EQ(abc.accepted(), 1u);  // the first result counts
  EXPECT_THROW(abc.accept_results(std::vector<ProposalResult>{{1, 5, {0.0}}}), std::invalid_argument);
  EXPECT_THROW(abc.accept_results(std::vector<ProposalResult>{{1, 1, {0.0, 1.0}}}), std::invalid_argument);
}

TEST(AbcPmc, StopsWhenEveryTargetIsMet) {
  Settings s;
  s.population = 20;
  s.max_generations = 10;
  // Interval [0.3, 1] of the parameter itself: 70% of the prior meets it, so epsilon_1 = 0.
  AbcPmc abc(s, {{"a", PriorKind::kUniform, 0.0, 1.0}}, {{"t", "x", "", 0.3, 1.0, std::nan("")}});
  run_to_completion(abc, [](const Proposal& p) { return std::vector<double>{p.theta[0]}; });
  EXPECT_EQ(abc.stop_reason(), StopReason::kToleranceZero);
  ASSERT_EQ(abc.generations().size(), 2u);
  EXPECT_EQ(abc.population().epsilon, 0.0);
  for (std::size_t i = 0; i < 20; ++i) {
    EXPECT_EQ(abc.population().distances[i], 0.0);
    EXPECT_GE(abc.population().particles[i], 0.3);
  }
}

TEST(AbcPmc, AbandonsAGenerationBelowTheAcceptanceFloor) {
  Settings s;
  s.population = 10;
  s.acceptance_floor = 0.5;  // at most 20 proposals per generation
  AbcPmc abc(s, {{"a", PriorKind::kUniform, 0.0, 1.0}}, {{"t", "x", "", 0.0, 0.0, 1.0}});
  // Generation 0 gets distances 1..10; later proposals never come closer than 100.
  run_to_completion(abc, [](const Proposal& p) {
    return std::vector<double>{p.generation == 0 ? 1.0 + static_cast<double>(p.index) : 100.0};
  });
  EXPECT_EQ(abc.stop_reason(), StopReason::kAcceptanceFloor);
  EXPECT_EQ(abc.generations().size(), 1u);  // the final population is generation 0
  EXPECT_EQ(abc.generation(), 1u);
  EXPECT_EQ(abc.evaluated(), 20u);
  EXPECT_EQ(abc.accepted(), 0u);
}

TEST(AbcPmc, ResumesFromStoredGenerationsAndFromReplayedRuns) {
  const Fixture f;
  const auto ref = drive(f, f.settings(), 60, false);
  // (1) Restore generations 0 and 1 as a file would hold them, then continue.
  {
    AbcPmc abc(f.settings(), f.params, f.targets, {ref[0], ref[1]});
    EXPECT_EQ(abc.generation(), 2u);
    run_to_completion(abc, [&](const Proposal& p) { return f.simulate(p); });
    ASSERT_EQ(abc.generations().size(), ref.size());
    for (std::size_t g = 0; g < ref.size(); ++g) EXPECT_TRUE(same_generation(ref[g], abc.generations()[g]));
  }
  // (2) A kill in the middle of generation 2: the runs finished so far are in a store keyed by
  // point; a fresh calibrator replays them and runs only what is missing.
  std::map<uint64_t, std::vector<double>> store;
  {
    AbcPmc abc(f.settings(), f.params, f.targets);
    while (abc.generation() < 2 || abc.evaluated() < 17) {
      const auto b = abc.next_batch(9);
      std::vector<ProposalResult> res;
      for (const auto& p : b) res.push_back({p.generation, p.index, store[p.point] = f.simulate(p)});
      abc.accept_results(res);
    }
  }  // killed
  EXPECT_GT(store.size(), 120u);
  std::atomic<int> fresh{0}, calls{0};
  AbcPmc abc(f.settings(), f.params, f.targets);
  run_to_completion(abc, [&](const Proposal& p) {
    ++calls;
    const auto it = store.find(p.point);
    if (it != store.end()) return it->second;  // read-only: the map is not modified here
    ++fresh;
    return f.simulate(p);
  });
  EXPECT_GE(calls.load() - fresh.load(), 60 + 60 + 17);  // generations 0, 1 and part of 2
  for (std::size_t g = 0; g < ref.size(); ++g) EXPECT_TRUE(same_generation(ref[g], abc.generations()[g]));
  // A stored generation that does not fit the settings is refused.
  Generation bad = ref[0];
  bad.weights.pop_back();
  EXPECT_THROW(AbcPmc(f.settings(), f.params, f.targets, {bad}), std::invalid_argument);
}

// Twenty parameters the targets do not inform: the posterior stays the prior, and a Gaussian
// kernel of twice its covariance leaves the box in most draws (all but about 0.67^20). The
// Gaussian kernel gives up with a clear error; the reflected kernel never leaves the box and
// keeps a uniform population uniform, so the weights stay even.
TEST(AbcPmc, ManyUninformedParametersNeedTheReflectedKernel) {
  std::vector<Parameter> params;
  for (int k = 0; k < 20; ++k) params.push_back({std::string("p").append(std::to_string(k)), PriorKind::kUniform, 0.0, 1.0});
  const std::vector<Target> targets = {{"noise", "x", "", 0.0, 0.0, 1.0}};
  auto noise = [](const Proposal& p) {
    const CounterRng rng(p.point);
    return std::vector<double>{rng.uniform(0, 0, 1, 0, EntityClass::kInitial)};
  };
  Settings s;
  s.population = 50;
  s.max_generations = 3;
  s.max_attempts = 200;
  AbcPmc prior_space(s, params, targets);
  try {
    run_to_completion(prior_space, noise);
    FAIL() << "expected the redraw limit";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("calibration.kernel: generation 1, proposal "), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("try kernel: reflected"), std::string::npos);
  }
  s.kernel = KernelKind::kReflected;
  AbcPmc reflected(s, params, targets);
  run_to_completion(reflected, noise);
  EXPECT_EQ(reflected.generations().size(), 3u);
  for (const auto& g : reflected.generations()) {
    EXPECT_EQ(g.redraws, 0u);
    EXPECT_GT(g.ess, 0.5 * 50) << g.number;  // about 0.7 N here; 0.9 N at N = 500
  }
}

}  // namespace
}  // namespace govsim::sim::calibrate

namespace govsim::sim::calibrate {
namespace {

// flat_uninformed: with one informative parameter among 40, the reflected kernel's importance
// weights degenerate (a few particles take all the weight); treating the parameters the
// population has not narrowed as uninformed (a flat kernel) keeps the ESS up, and the
// informative parameter is still recovered.
TEST(AbcPmcFlatUninformed, KeepsTheEffectiveSampleSizeUpWithManyUninformedParameters) {
  std::vector<Parameter> params;
  for (int k = 0; k < 40; ++k) params.push_back({"p" + std::to_string(k), PriorKind::kUniform, 0.0, 1.0});
  const std::vector<Target> targets = {{"y", "y", "", 0.0, 0.0, 0.05}};
  auto run = [&](double flat) {
    Settings s;
    s.population = 200;
    s.max_generations = 4;
    s.kernel = KernelKind::kReflected;
    s.flat_uninformed = flat;
    s.seed = 9;
    AbcPmc abc(s, params, targets);
    run_to_completion(abc, [](const Proposal& p) { return std::vector<double>{p.theta[0] - 0.3}; });
    return abc.population();
  };
  const Generation off = run(0.0), on = run(0.5);
  std::printf("[ flat     ] ESS without %.1f, with flat_uninformed 0.5 %.1f (of 200)\n", off.ess, on.ess);
  EXPECT_GT(on.ess, 1.5 * off.ess);
  EXPECT_GT(on.ess, 100.0);
  const CredibleInterval ci = marginal_interval(on.particles, 40, on.weights, 0);
  EXPECT_LT(ci.lo, 0.3);
  EXPECT_GT(ci.hi, 0.3);
  EXPECT_LT(ci.hi - ci.lo, 0.3);
  const CredibleInterval other = marginal_interval(on.particles, 40, on.weights, 7);
  EXPECT_GT(other.hi - other.lo, 0.7);  // an uninformed parameter keeps its prior's spread
}

}  // namespace
}  // namespace govsim::sim::calibrate
