// Same scenario and seed: bit-identical results for 1, 2 and 8 threads, and with or without
// locality reordering of the network (compared in their data with compare_result_files).
#include <gtest/gtest.h>

#include "cli_harness.hpp"
#include "sim/output/result_compare.hpp"

namespace govsim::testing {
namespace {

std::string describe(const sim::CompareReport& r) {
  std::string s;
  for (const auto& d : r.differences) s += d + "\n";
  return s;
}

void expect_thread_invariant(const std::string& scenario_text, const std::string& tag,
                             const std::string& extra = "") {
  TempDir dir("det_" + tag);
  const std::string scen = dir.write("s.yaml", scenario_text);
  for (int threads : {1, 2, 8}) {
    const auto r = run("run " + scen + " -q -o " + (dir / ("t" + std::to_string(threads) + ".h5")) +
                       " --threads " + std::to_string(threads) + " " + extra);
    ASSERT_EQ(r.status, 0) << r.output;
  }
  for (const char* other : {"t2.h5", "t8.h5"}) {
    const auto rep = sim::compare_result_files(dir / "t1.h5", dir / other);
    EXPECT_TRUE(rep.identical) << tag << " 1 thread vs " << other << ":\n" << describe(rep);
  }
}

TEST(Determinism, ThresholdCascadeAnyThreadCount) {
  expect_thread_invariant(R"(model: threshold_cascade
seed: 11
replicates: 2
steps: 30
network: {type: erdos_renyi, n: 20000, k_mean: 5}
params: {threshold: 0.18}
)", "threshold");
}

TEST(Determinism, ThresholdCascadeReorderingChangesNothing) {
  TempDir dir("det_reorder");
  const std::string base = R"(model: threshold_cascade
name: reorder
seed: 5
replicates: 2
steps: 30
params: {threshold: 0.25, seed_mode: fraction, seed_fraction: 0.01}
)";
  const std::string a = dir.write("a.yaml", base + "network: {type: watts_strogatz, n: 20000, k: 6, p: 0.2, reorder: none}\n");
  const std::string b = dir.write("b.yaml", base + "network: {type: watts_strogatz, n: 20000, k: 6, p: 0.2, reorder: rcm}\n");
  ASSERT_EQ(run("run " + a + " -q -o " + (dir / "a.h5")).status, 0);
  ASSERT_EQ(run("run " + b + " -q -o " + (dir / "b.h5")).status, 0);
  // The resolved scenario texts differ in network.reorder; the data must not.
  const auto rep = sim::compare_result_files(dir / "a.h5", dir / "b.h5", 20, {"scenario_yaml"});
  EXPECT_TRUE(rep.identical) << describe(rep);
}

TEST(Determinism, StressFiftyRunsBitIdentical) {
  // Races show up as rare differences: the same run 25 times at 2 and 25 times at 8 threads.
  TempDir dir("det_stress");
  const std::string scen = dir.write("s.yaml", R"(model: threshold_cascade
seed: 99
replicates: 1
steps: 15
network: {type: barabasi_albert, n: 5000, m: 3}
params: {threshold: 0.15, absorbing: false, seed_mode: fraction, seed_fraction: 0.05}
)");
  ASSERT_EQ(run("run " + scen + " -q -o " + (dir / "ref.h5") + " --threads 1").status, 0);
  for (int i = 0; i < 50; ++i) {
    const std::string out = dir / "x.h5";
    const int threads = i % 2 ? 8 : 2;
    ASSERT_EQ(run("run " + scen + " -q --force -o " + out + " --threads " + std::to_string(threads)).status, 0);
    const auto rep = sim::compare_result_files(dir / "ref.h5", out);
    ASSERT_TRUE(rep.identical) << "iteration " << i << " (" << threads << " threads):\n" << describe(rep);
  }
}

}  // namespace
}  // namespace govsim::testing
