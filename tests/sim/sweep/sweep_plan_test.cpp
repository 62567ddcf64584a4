// Sweep files: expansion of each design kind, the manifest and its seeds (spec 0.1), and the
// errors (file:line:col, key, did-you-mean) for bad sweep files.
#include "sim/sweep/sweep_plan.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "sim/core/error.hpp"
#include "sim/rng/counter_rng.hpp"
#include "tests/sim/sweep/sweep_test_util.hpp"

namespace govsim::sim::sweep {
namespace {

using testing::grid_sweep;
using testing::TempDir;
using testing::TestRegistry;
using testing::threshold_demo;
using testing::write_file;

SweepPlan load_text(const TempDir& dir, const std::string& text, const std::string& name = "s.yaml",
                    const SweepLoadOptions& options = {}) {
  static const TestRegistry reg;
  write_file(dir.file(name), text);
  return load_sweep(dir.file(name), reg.catalog, options);
}

// The InputError message of loading `text` ("" when it loads).
std::string error_of(const std::string& text) {
  TempDir dir;
  try {
    load_text(dir, text, "bad.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

std::string display_of(const yaml::Loc& loc) {
  return fmt::format("{}:{}:{}", loc.src ? loc.src->file : "?", loc.line, loc.column);
}

std::string sampled(const std::string& type, const std::string& sizes, const std::string& params) {
  return "sweep:\n"
         "  base: " + threshold_demo() + "\n"
         "  replicates: 2\n"
         "  set: {network.n: 1000, steps: 10}\n"
         "  design:\n"
         "    type: " + type + "\n" + sizes +
         "    parameters:\n" + params;
}

TEST(SweepPlan, GridExpandsToFullFactorialWithReplicateMajorManifest) {
  TempDir dir;
  const SweepPlan plan = load_text(dir, grid_sweep(3));
  EXPECT_EQ(plan.name, "test-grid");
  EXPECT_EQ(plan.model, "threshold_cascade");
  EXPECT_EQ(plan.kind, design::Kind::kGrid);
  ASSERT_EQ(plan.num_points(), 4u);
  ASSERT_EQ(plan.num_runs(), 12u);
  EXPECT_EQ(plan.columns, (std::vector<std::string>{"params.threshold", "network.k_mean"}));
  EXPECT_EQ(plan.points[1].arm, "p000001");
  EXPECT_EQ(plan.points[1].overrides,
            (std::vector<std::string>{"params.threshold=0.1", "network.k_mean=5.0"}));
  EXPECT_EQ(plan.points[2].values, (std::vector<double>{0.2, 3.0}));
  // Each point's scenario is the base with the overrides, named after the point.
  const Scenario& sc = *plan.points[3].scenario;
  EXPECT_EQ(sc.name, "p000003");
  EXPECT_EQ(sc.params.real("threshold"), 0.2);
  EXPECT_EQ(sc.network.real("k_mean"), 5.0);
  EXPECT_EQ(sc.network.integer("n"), 2000);
  EXPECT_EQ(sc.steps, 30u);
  EXPECT_EQ(sc.seed, 7u);
  // Replicate-major: all points of replicate 0 first.
  for (std::size_t i = 0; i < plan.num_runs(); ++i) {
    EXPECT_EQ(plan.runs[i].point, i % 4);
    EXPECT_EQ(plan.runs[i].replicate, i / 4);
  }
  EXPECT_EQ(plan.factors[0].lo, 0.1);
  EXPECT_EQ(plan.factors[0].hi, 0.2);
  EXPECT_EQ(plan.hash.size(), 32u);
}

TEST(SweepPlan, CommonRandomNumbersByDefaultAndPointMixedWithCrnFalse) {
  TempDir dir;
  const SweepPlan crn = load_text(dir, grid_sweep(2));
  for (const auto& e : crn.runs) EXPECT_EQ(e.run_seed, run_seed(7, e.replicate));
  EXPECT_TRUE(crn.crn);
  std::string text = grid_sweep(2);
  text.replace(text.find("  design:"), 0, "  crn: false\n");
  const SweepPlan mixed = load_text(dir, text, "nocrn.yaml");
  EXPECT_FALSE(mixed.crn);
  std::set<uint64_t> seeds;
  for (const auto& e : mixed.runs) {
    EXPECT_EQ(e.run_seed, run_seed(7, e.replicate, e.point));
    seeds.insert(e.run_seed);
  }
  EXPECT_EQ(seeds.size(), mixed.runs.size());
  EXPECT_NE(crn.hash, mixed.hash);
}

TEST(SweepPlan, RangeGridRoundsIntegersAndMergesDuplicates) {
  TempDir dir;
  std::string text = grid_sweep(1);
  text.replace(text.find("      network.k_mean: [3.0, 5.0]"), 32, "      network.n: {from: 1000, to: 1002, steps: 5}");
  const SweepPlan plan = load_text(dir, text);
  // 1000, 1000.5, 1001, 1001.5, 1002 round (half away from zero) to 1000, 1001, 1001, 1002, 1002.
  ASSERT_EQ(plan.num_points(), 2u * 3u);
  EXPECT_EQ(plan.points[0].overrides[1], "network.n=1000");
  EXPECT_EQ(plan.points[1].overrides[1], "network.n=1001");
  EXPECT_EQ(plan.points[2].overrides[1], "network.n=1002");
}

TEST(SweepPlan, ListDesignFillsLeftOutColumnsFromTheBase) {
  TempDir dir;
  const std::string text =
      "sweep:\n"
      "  base: " + threshold_demo() + "\n"
      "  design:\n"
      "    type: list\n"
      "    points:\n"
      "      - {params.threshold: 0.15, params.threshold_mode: fractional}\n"
      "      - {params.threshold: 0.25}\n"
      "      - {network.k_mean: 6.5}\n";
  const SweepPlan plan = load_text(dir, text);
  ASSERT_EQ(plan.num_points(), 3u);
  EXPECT_EQ(plan.columns, (std::vector<std::string>{"params.threshold", "params.threshold_mode", "network.k_mean"}));
  EXPECT_EQ(plan.points[2].values[0], 0.18);  // the base's threshold
  EXPECT_TRUE(std::isnan(plan.points[0].values[1]));  // a string value
  EXPECT_EQ(plan.points[2].values[2], 6.5);
  EXPECT_EQ(plan.points[1].overrides, (std::vector<std::string>{"params.threshold=0.25"}));
  EXPECT_EQ(plan.replicates, 10u);  // the base's replicates
  EXPECT_EQ(plan.seed, 1u);         // and seed
}

TEST(SweepPlan, LatinHypercubeStaysInRangesAndUsesTypicalRangeByDefault) {
  TempDir dir;
  const SweepPlan plan = load_text(
      dir, sampled("lhs", "    n: 20\n",
                   "      params.threshold: {from: 0.1, to: 0.3}\n"
                   "      params.threshold_sd:\n"
                   "      network.n: {from: 500, to: 5000, scale: log}\n"));
  ASSERT_EQ(plan.num_points(), 20u);
  std::set<int> strata;
  for (const auto& pt : plan.points) {
    EXPECT_GE(pt.values[0], 0.1);
    EXPECT_LE(pt.values[0], 0.3);
    EXPECT_GE(pt.values[1], 0.0);  // typical range of threshold_sd: 0-0.3
    EXPECT_LE(pt.values[1], 0.3);
    EXPECT_EQ(pt.values[2], std::round(pt.values[2]));  // integer parameter
    EXPECT_GE(pt.values[2], 500);
    EXPECT_LE(pt.values[2], 5000);
    strata.insert(static_cast<int>((pt.values[0] - 0.1) / 0.2 * 20));
  }
  EXPECT_EQ(strata.size(), 20u);  // Latin in the first column
}

TEST(SweepPlan, SobolDesignHasSaltelliSizeWithGroups) {
  TempDir dir;
  const SweepPlan plan = load_text(
      dir, sampled("sobol", "    n: 8\n",
                   "      params.threshold: {group: thresholds}\n"
                   "      params.threshold_sd: {group: thresholds}\n"
                   "      network.k_mean: {from: 2, to: 8}\n"));
  EXPECT_EQ(plan.groups, (std::vector<std::string>{"thresholds", "network.k_mean"}));
  EXPECT_EQ(plan.num_points(), 8u * (2 + 2));
  EXPECT_EQ(plan.num_runs(), 2 * plan.num_points());
  EXPECT_EQ(plan.saltelli.base_samples, 8u);
  EXPECT_EQ(plan.unit.size(), plan.num_points() * 3);
  // Block 1 (A_B^(thresholds)) takes both threshold columns from B, k_mean from A.
  EXPECT_EQ(plan.points[1].values[2], plan.points[0].values[2]);
  EXPECT_EQ(plan.points[1].values[0], plan.points[3].values[0]);
  EXPECT_EQ(plan.points[1].values[1], plan.points[3].values[1]);
}

TEST(SweepPlan, MorrisDesignHasTrajectories) {
  TempDir dir;
  const SweepPlan plan = load_text(
      dir, sampled("morris", "    trajectories: 5\n    levels: 6\n",
                   "      params.threshold:\n      network.k_mean: {from: 2, to: 8}\n"));
  EXPECT_EQ(plan.num_points(), 5u * 3u);
  EXPECT_EQ(plan.morris.levels, 6u);
}

TEST(SweepPlan, SelectAddsParametersByBasisTag) {
  TempDir dir;
  const SweepPlan plan = load_text(
      dir, sampled("morris", "    trajectories: 4\n    select: {basis: \"Watts 2002\"}\n", ""));
  EXPECT_EQ(plan.columns, (std::vector<std::string>{"params.threshold"}));
}

TEST(SweepPlan, SetOverridesOfTheSweepAndOfEveryPoint) {
  TempDir dir;
  SweepLoadOptions o;
  o.overrides = {{"sweep.seed=11"}, {"steps=12"}, {"sweep.design.parameters.params.threshold=[0.3]"}};
  o.replicates = 2;
  const SweepPlan plan = load_text(dir, grid_sweep(3), "s.yaml", o);
  EXPECT_EQ(plan.seed, 11u);
  EXPECT_EQ(plan.replicates, 2u);
  EXPECT_EQ(plan.num_points(), 2u);
  EXPECT_EQ(plan.points[0].scenario->steps, 12u);
  EXPECT_EQ(plan.points[0].scenario->params.real("threshold"), 0.3);
}

TEST(SweepPlan, HashFollowsTheResolvedSweepNotTheOutputPath) {
  TempDir dir;
  const std::string a = load_text(dir, grid_sweep(2), "a.yaml").hash;
  EXPECT_EQ(a, load_text(dir, "# a comment\n" + grid_sweep(2) + "output: {path: x.h5}\n", "b.yaml").hash);
  EXPECT_NE(a, load_text(dir, grid_sweep(3), "c.yaml").hash);
  EXPECT_NE(a, load_text(dir, grid_sweep(2, 2001), "d.yaml").hash);
}

TEST(SweepPlanErrors, UnknownParameterPathSuggestsTheNearest) {
  std::string text = grid_sweep();
  text.replace(text.find("params.threshold:"), 17, "params.treshold:");
  const std::string e = error_of(text);
  EXPECT_NE(e.find("bad.yaml:10:7: error: sweep.design.parameters.params.treshold: unknown "
                   "parameter path 'params.treshold' (did you mean 'params.threshold'?)"),
            std::string::npos)
      << e;
}

TEST(SweepPlanErrors, RangeOutsideTheHardDomain) {
  const std::string e = error_of(sampled("lhs", "    n: 4\n", "      params.threshold: {from: -0.5, to: 0.5}\n"));
  EXPECT_NE(e.find("bad.yaml:9:25: error: sweep.design.parameters.params.threshold: range [-0.5, "
                   "0.5] is outside the domain >= 0 of params.threshold"),
            std::string::npos)
      << e;
}

TEST(SweepPlanErrors, PointRejectedByTheLoaderPointsAtItsValue) {
  std::string text = grid_sweep();
  text.replace(text.find("[3.0, 5.0]"), 10, "[3.0, -1.0]");
  const std::string e = error_of(text);
  EXPECT_NE(e.find("bad.yaml:11:29: error: sweep.design.parameters.network.k_mean: point p000001 "
                   "(network.k_mean=-1.0):"),
            std::string::npos)
      << e;
}

TEST(SweepPlanErrors, MiscellaneousMistakes) {
  std::string t = grid_sweep();
  t.replace(t.find("type: grid"), 10, "type: gird");
  EXPECT_NE(error_of(t).find("unknown design type 'gird' (did you mean 'grid'?)"), std::string::npos);

  t = grid_sweep();
  t.replace(t.find("  replicates:"), 13, "  replicate:");
  EXPECT_NE(error_of(t).find("bad.yaml:4:3: error: sweep.replicate: unknown key 'replicate' (did you "
                             "mean 'replicates'?)"),
            std::string::npos);

  t = grid_sweep();
  t.replace(t.find(threshold_demo()), threshold_demo().size(), "nowhere.yaml");
  EXPECT_NE(error_of(t).find("sweep.base: cannot open scenario file"), std::string::npos);

  EXPECT_NE(error_of(sampled("lhs", "    n: 4\n", "      params.seed_fraction:\n"))
                .find("params.seed_fraction has no typical range"),
            std::string::npos);
  EXPECT_NE(error_of(sampled("lhs", "    n: 4\n", "      params.seed_mode:\n"))
                .find("'params.seed_mode' is a string parameter"),
            std::string::npos);
  EXPECT_NE(error_of(sampled("morris", "    trajectories: 4\n    levels: 5\n", "      params.threshold:\n"))
                .find("expected an even number of levels"),
            std::string::npos);
  EXPECT_NE(error_of(grid_sweep() + "  seed: 3\n").find("duplicate key 'seed'"), std::string::npos);
  EXPECT_NE(error_of("sweep:\n  base: " + threshold_demo() + "\n").find("missing required key 'design'"),
            std::string::npos);
  EXPECT_NE(error_of(sampled("lhs", "    n: 4\n", "      countermeasures.0.intensity:\n"))
                .find("the base scenario has 0 countermeasures"),
            std::string::npos);
}


// A point's scenario is the base tree with the point's values set in memory: the values keep
// where they were written (the sweep file), so a rule checked later, when the model starts,
// points at the design entry; `set:` values point at the sweep's `set:`.
TEST(SweepPlan, PointValuesKeepTheirLocationInTheSweepFile) {
  TempDir dir;
  const SweepPlan plan = load_text(dir, grid_sweep(1));
  const auto& sc = *plan.points[1].scenario;
  const std::string file = dir.file("s.yaml");
  EXPECT_EQ(display_of(sc.params.loc("threshold")), file + ":10:7");  // the design key
  EXPECT_EQ(display_of(sc.network.loc("n")), file + ":6:9");          // the `set:` key
  EXPECT_EQ(display_of(sc.params.loc("seed_mode")), threshold_demo() + ":15:3");  // the base
  EXPECT_EQ(display_of(sc.params.loc("threshold_sd")), threshold_demo() + ":12:1");  // default
  try {
    sc.params.fail("threshold", "a rule across keys");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), file + ":10:7: error: params.threshold: a rule across keys");
  }
}

TEST(SweepPlanErrors, SetValueRejectedByTheScenarioRulesIsNamedBySweepSet) {
  std::string text = grid_sweep();
  text.replace(text.find("steps: 30"), 9, "steps: 0");
  const std::string e = error_of(text);
  EXPECT_NE(e.find("bad.yaml:6:33: error: sweep.set.steps: value 0 is outside the domain [1, 10000000]"),
            std::string::npos)
      << e;
}
}  // namespace
}  // namespace govsim::sim::sweep
