// The classic reference models (threshold_cascade, public_goods, bounded_confidence, org_game):
// the same scenario gives bit-identical series, finals and extras at 1, 2 and 8 threads (each
// run inside a oneTBB task_arena of that size) and for a locality-reordered network (RCM).
// Sizes are several TBB grains (2,048-4,096 nodes) so that the loops really split.
#include <gtest/gtest.h>
#include <oneapi/tbb/task_arena.h>

#include <cstring>
#include <string>
#include <vector>

#include "models/bounded_confidence/bounded_confidence.hpp"
#include "models/org_game/org_game.hpp"
#include "models/public_goods/public_goods.hpp"
#include "models/threshold_cascade/threshold_cascade.hpp"
#include "sim/core/error.hpp"
#include "sim/graph/network_catalog.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace govsim::models {
namespace {

const sim::ModelRegistry& registry() {
  static const sim::ModelRegistry reg = [] {
    sim::ModelRegistry r;
    r.add(threshold_cascade_info());
    r.add(public_goods_info());
    r.add(bounded_confidence_info());
    r.add(org_game_info());
    return r;
  }();
  return reg;
}

const sim::Catalog& catalog() {
  static const sim::Catalog cat = [] {
    sim::Catalog c = registry().catalog();
    c.network_types = sim::network_types();
    return c;
  }();
  return cat;
}

sim::ScenarioPtr scenario(const std::string& yaml) {
  return sim::load_scenario_text(yaml, "classic_models_test.yaml", ".", catalog());
}

sim::RunResult run_in_arena(const sim::ScenarioPtr& sc, int threads) {
  const sim::ModelInfo* info = registry().find(sc->model);
  EXPECT_NE(info, nullptr);
  sim::RunResult r;
  oneapi::tbb::task_arena arena(threads);
  arena.execute([&] { r = sim::run_replicate(*info, sc, 0); });
  return r;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void expect_identical(const sim::RunResult& a, const sim::RunResult& b, const std::string& what) {
  ASSERT_EQ(a.rows, b.rows) << what;
  EXPECT_TRUE(same_bits(a.series, b.series)) << what << ": series differ";
  EXPECT_TRUE(same_bits(a.group_series, b.group_series)) << what << ": group series differ";
  ASSERT_EQ(a.finals.size(), b.finals.size()) << what;
  for (std::size_t i = 0; i < a.finals.size(); ++i) {
    EXPECT_EQ(a.finals[i].name, b.finals[i].name);
    EXPECT_EQ(std::memcmp(&a.finals[i].value, &b.finals[i].value, sizeof(double)), 0)
        << what << ": final " << a.finals[i].name << " " << a.finals[i].value << " vs "
        << b.finals[i].value;
  }
  ASSERT_EQ(a.extras.size(), b.extras.size()) << what;
  for (std::size_t i = 0; i < a.extras.size(); ++i)
    EXPECT_TRUE(same_bits(a.extras[i].values, b.extras[i].values))
        << what << ": extra " << a.extras[i].name;
}

double final_value(const sim::RunResult& r, const std::string& name) {
  for (const auto& f : r.finals)
    if (f.name == name) return f.value;
  ADD_FAILURE() << "no final " << name;
  return 0.0;
}

// Runs at 1, 2 and 8 threads and compares; returns the 1-thread result.
sim::RunResult expect_thread_independent(const std::string& yaml) {
  const auto sc = scenario(yaml);
  const sim::RunResult one = run_in_arena(sc, 1);
  for (int threads : {2, 8})
    expect_identical(one, run_in_arena(sc, threads), std::to_string(threads) + " threads");
  return one;
}

// The same scenario with network.reorder: rcm gives the same results.
void expect_order_independent(const std::string& yaml_none, const std::string& yaml_rcm) {
  const sim::RunResult a = run_in_arena(scenario(yaml_none), 2);
  const sim::RunResult b = run_in_arena(scenario(yaml_rcm), 2);
  expect_identical(a, b, "reorder rcm vs none");
}

std::string with_reorder(const std::string& yaml, const std::string& net_prefix) {
  std::string out = yaml;
  const auto pos = out.find(net_prefix);
  out.insert(pos + net_prefix.size(), "reorder: rcm, ");
  return out;
}

// --- threshold_cascade -------------------------------------------------------------------------

const std::string kThresholdEr = R"(
model: threshold_cascade
seed: 7
steps: 40
network: {type: erdos_renyi, n: 30000, k_mean: 4}
params: {threshold: 0.18, seed_mode: fraction, seed_fraction: 0.002}
)";

TEST(ThresholdCascadeDeterminism, NetworkAtOneTwoEightThreads) {
  const auto r = expect_thread_independent(kThresholdEr);
  EXPECT_GT(final_value(r, "final_active_share"), 0.1);  // something happened
}

TEST(ThresholdCascadeDeterminism, NormalThresholdsNonAbsorbingAbsolute) {
  expect_thread_independent(R"(
model: threshold_cascade
seed: 3
steps: 30
network: {type: watts_strogatz, n: 20000, k: 6, p: 0.2}
params: {threshold: 2, threshold_mode: absolute, threshold_sd: 0.8, absorbing: false,
         seed_mode: fraction, seed_fraction: 0.2}
)");
}

TEST(ThresholdCascadeDeterminism, WellMixedNormalThresholds) {
  const auto r = expect_thread_independent(R"(
model: threshold_cascade
seed: 5
steps: 60
params: {mixing: well_mixed, n: 50000, threshold: 0.25, threshold_sd: 0.14, seed_mode: none}
)");
  EXPECT_GT(final_value(r, "final_active_share"), 0.5);
}

TEST(ThresholdCascadeDeterminism, ReorderedNetworkGivesIdenticalResults) {
  expect_order_independent(kThresholdEr, with_reorder(kThresholdEr, "network: {"));
}

TEST(ThresholdCascadeDeterminism, ReorderedRcmNetworkByHand) {
  // Network::reordered_rcm() permutes storage; the RNG and rows use original ids.
  const auto sc = scenario(kThresholdEr);
  auto net = sim::build_network(sc->network, sim::CounterRng::for_run(sc->seed, 0));
  auto reordered = std::make_shared<const sim::Network>(net->reordered_rcm());
  ASSERT_TRUE(reordered->reordered());
  auto run_on = [&](std::shared_ptr<const sim::Network> network) {
    sim::RunContext ctx;
    ctx.scenario = sc;
    ctx.params = &sc->params;
    ctx.rng = sim::CounterRng::for_run(sc->seed, 0);
    ctx.network = std::move(network);
    auto model = threshold_cascade_info().make(ctx);
    model->init(ctx);
    std::vector<double> rows;
    std::vector<double> g(model->metrics().size());
    for (uint32_t t = 0; t < sc->steps; ++t) {
      model->step(ctx, t);
      model->observe(g, {});
      rows.insert(rows.end(), g.begin(), g.end());
    }
    return rows;
  };
  EXPECT_TRUE(same_bits(run_on(net), run_on(reordered)));
}

TEST(ThresholdCascadeInput, WellMixedRejectsANetworkAndNetworkModeNeedsOne) {
  EXPECT_THROW(run_in_arena(scenario(R"(
model: threshold_cascade
network: {type: erdos_renyi, n: 100, k_mean: 4}
params: {mixing: well_mixed}
)"),
                            1),
               sim::InputError);
  EXPECT_THROW(run_in_arena(scenario("model: threshold_cascade\nparams: {n: 100}\n"), 1),
               sim::InputError);
}

// --- public_goods ------------------------------------------------------------------------------

const std::string kPggBa = R"(
model: public_goods
seed: 11
steps: 25
network: {type: barabasi_albert, n: 20000, m: 2}
params: {eta: 0.6, cost_mode: per_individual, update_rule: santos}
)";

TEST(PublicGoodsDeterminism, SynchronousSantosOnScaleFree) {
  const auto r = expect_thread_independent(kPggBa);
  EXPECT_GT(r.global(3)[1], 0.0);  // strategies changed in the first step
}

TEST(PublicGoodsDeterminism, RandomSequentialFermiOnLattice) {
  const std::string yaml = R"(
model: public_goods
seed: 2
steps: 5
network: {type: square_lattice, side: 80}
params: {r: 4.5, update_rule: fermi, schedule: random_sequential, noise_k: 0.5}
)";
  expect_thread_independent(yaml);
  expect_order_independent(yaml, with_reorder(yaml, "network: {"));
}

TEST(PublicGoodsDeterminism, WellMixed) {
  expect_thread_independent(R"(
model: public_goods
seed: 4
steps: 20
params: {mixing: well_mixed, n: 20000, group_size: 5, eta: 1.1}
)");
}

TEST(PublicGoodsDeterminism, ReorderedNetworkGivesIdenticalResults) {
  expect_order_independent(kPggBa, with_reorder(kPggBa, "network: {"));
}

// --- bounded_confidence ------------------------------------------------------------------------

const std::string kBcNet = R"(
model: bounded_confidence
seed: 9
steps: 20
network: {type: erdos_renyi, n: 20000, k_mean: 6}
params: {mixing: network, d: 0.3, mu: 0.3}
)";

TEST(BoundedConfidenceDeterminism, WellMixedMatching) {
  const auto r = expect_thread_independent(R"(
model: bounded_confidence
seed: 1
steps: 20
params: {n: 20001, d: 0.3, mu: 0.5}
)");
  EXPECT_EQ(r.global(2)[1], 20000.0);  // odd n: all but one matched
}

TEST(BoundedConfidenceDeterminism, NetworkMatching) {
  const auto r = expect_thread_independent(kBcNet);
  const double matched = r.global(2)[1];
  EXPECT_EQ(static_cast<uint64_t>(matched) % 2, 0u);
  EXPECT_GT(matched, 0.7 * 20000);  // a maximal matching of G(n, 6/n) covers most nodes
}

TEST(BoundedConfidenceDeterminism, ReorderedNetworkGivesIdenticalResults) {
  expect_order_independent(kBcNet, with_reorder(kBcNet, "network: {"));
}

// --- org_game ----------------------------------------------------------------------------------

TEST(OrgGameDeterminism, OneTwoEightThreads) {
  const auto r = expect_thread_independent(R"(
model: org_game
seed: 6
steps: 60
params: {n_comm: 3000, tau_org0: 0.7, tau_sd: 0.1}
)");
  EXPECT_EQ(r.groups, 3000u);
}

// --- scenarios/classic ---------------------------------------------------------------------

TEST(ClassicScenarios, FilesLoadAndTheDemoCascades) {
  const std::string dir = std::string(GOVSIM_SOURCE_DIR) + "/scenarios/classic/";
  const auto ws = sim::load_scenario(dir + "threshold-ws.yaml", catalog());
  EXPECT_EQ(ws->model, "threshold_cascade");
  EXPECT_EQ(ws->steps, 100u);
  EXPECT_EQ(ws->network.integer("n"), 1000000);
  const auto demo = sim::load_scenario(dir + "threshold-demo.yaml", catalog());
  const sim::RunResult r = run_in_arena(demo, 2);
  EXPECT_EQ(final_value(r, "cascade"), 1.0);  // z = 4 lies inside Watts's window for 0.18
}

}  // namespace
}  // namespace govsim::models
