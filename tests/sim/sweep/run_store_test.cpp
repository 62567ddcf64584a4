// The per-run store (durable files, round trip, incomplete files ignored), the local run pool
// and assembly: the assembled file is the same whatever the thread count, the number of runs at
// once or the order in which runs were finished; summaries read back equal those written.
#include "sim/sweep/run_store.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/output/result_compare.hpp"
#include "sim/sweep/assemble.hpp"
#include "sim/sweep/run_pool.hpp"
#include "sim/sweep/sweep_plan.hpp"
#include "sim/sweep/sweep_summary.hpp"
#include "tests/sim/sweep/sweep_test_util.hpp"

namespace govsim::sim::sweep {
namespace {

using testing::grid_sweep;
using testing::TempDir;
using testing::TestRegistry;
using testing::write_file;

const TestRegistry& reg() {
  static const TestRegistry r;
  return r;
}

SweepPlan plan_of(const TempDir& dir, const std::string& text) {
  write_file(dir.file("s.yaml"), text);
  return load_sweep(dir.file("s.yaml"), reg().catalog);
}

RunFileInfo info_of(const SweepPlan& plan, std::size_t index) {
  RunFileInfo fi;
  fi.sweep_name = plan.name;
  fi.model = plan.model;
  fi.hash = plan.hash;
  fi.index = index;
  fi.seed = plan.seed;
  fi.replicates = plan.replicates;
  fi.point_yaml = plan.points[plan.runs[index].point].scenario->resolved_yaml;
  return fi;
}

RunResult run_of(const SweepPlan& plan, std::size_t index) {
  const ManifestEntry& e = plan.runs[index];
  RunOptions ro;
  ro.point = e.point;
  ro.crn = plan.crn;
  RunResult r = run_replicate(*reg().registry.find(plan.model), plan.points[e.point].scenario,
                              e.replicate, ro);
  r.arm = plan.points[e.point].arm;
  return r;
}

std::vector<std::size_t> all_runs(const SweepPlan& plan) {
  std::vector<std::size_t> v(plan.num_runs());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = i;
  return v;
}

std::string assemble_into(const SweepPlan& plan, const RunStore& store, const std::string& out,
                          int threads) {
  AssembleOptions ao;
  ao.out_path = out;
  ao.force = true;
  ao.provenance.threads = threads;
  assemble_sweep(plan, store, ao);
  return out;
}

TEST(RunStore, RoundTripsARun) {
  TempDir dir;
  const SweepPlan plan = plan_of(dir, grid_sweep(2, 1500, 20));
  RunStore store(dir.file("out.h5.d"));
  LockInfo lock{plan.name, dir.file("s.yaml"), plan.hash, plan.num_runs(), "test"};
  store.create(lock, plan.resolved_yaml);
  const auto read_lock = store.read_lock();
  ASSERT_TRUE(read_lock);
  EXPECT_EQ(read_lock->hash, plan.hash);
  EXPECT_EQ(read_lock->runs, plan.num_runs());

  const RunResult r = run_of(plan, 5);
  store.write_run(r, info_of(plan, 5));
  EXPECT_TRUE(store.has_run(5, plan.hash, r.arm, r.replicate));
  EXPECT_FALSE(store.has_run(5, "another-hash", r.arm, r.replicate));
  EXPECT_FALSE(store.has_run(4, plan.hash, r.arm, r.replicate));
  const RunResult b = store.read_run(5, plan.hash);
  EXPECT_EQ(b.arm, r.arm);
  EXPECT_EQ(b.replicate, r.replicate);
  EXPECT_EQ(b.seed, r.seed);
  EXPECT_EQ(b.run_seed, r.run_seed);
  EXPECT_EQ(b.point, r.point);
  EXPECT_EQ(b.rows, r.rows);
  EXPECT_EQ(b.series, r.series);
  ASSERT_EQ(b.metrics.size(), r.metrics.size());
  for (std::size_t m = 0; m < r.metrics.size(); ++m) {
    EXPECT_EQ(b.metrics[m].name, r.metrics[m].name);
    EXPECT_EQ(b.metrics[m].unit, r.metrics[m].unit);
    EXPECT_EQ(b.metrics[m].doc, r.metrics[m].doc);
  }
  ASSERT_EQ(b.finals.size(), r.finals.size());
  for (std::size_t f = 0; f < r.finals.size(); ++f) {
    EXPECT_EQ(b.finals[f].name, r.finals[f].name);
    EXPECT_TRUE(b.finals[f].value == r.finals[f].value ||
                (std::isnan(b.finals[f].value) && std::isnan(r.finals[f].value)));
    EXPECT_EQ(b.finals[f].n_valid, r.finals[f].n_valid);
  }
}

TEST(RunStore, IgnoresTemporaryAndCorruptFiles) {
  TempDir dir;
  const SweepPlan plan = plan_of(dir, grid_sweep(1, 1000, 5));
  RunStore store(dir.file("out.h5.d"));
  store.create({plan.name, "s.yaml", plan.hash, plan.num_runs(), "test"}, plan.resolved_yaml);
  // A write cut off by kill -9 leaves only "<name>.tmp"; a damaged file is not HDF5.
  write_file(store.run_path(0) + ".tmp", "half an HDF5 file");
  write_file(store.run_path(1), "not an HDF5 file at all");
  const auto& e0 = plan.runs[0];
  EXPECT_FALSE(store.has_run(0, plan.hash, plan.points[e0.point].arm, e0.replicate));
  const auto& e1 = plan.runs[1];
  EXPECT_FALSE(store.has_run(1, plan.hash, plan.points[e1.point].arm, e1.replicate));
  EXPECT_THROW(store.read_run(1, plan.hash), OutputError);
  EXPECT_EQ(store.remove_temporaries(), 1u);
  EXPECT_GE(store.clear(), 2u);  // lock, resolved text, run-0000001.h5
  EXPECT_FALSE(store.exists());
}

TEST(RunStore, AssembledFileDoesNotDependOnThreadsConcurrencyOrRunOrder) {
  TempDir dir;
  const SweepPlan plan = plan_of(dir, grid_sweep(3, 1500, 25));
  const auto todo = all_runs(plan);

  RunStore a(dir.file("a.h5.d"));
  a.create({plan.name, "s.yaml", plan.hash, plan.num_runs(), "test"}, plan.resolved_yaml);
  PoolOptions one;
  one.threads = 1;
  one.concurrent_runs = 1;
  const LocalOutcome oa = run_local(plan, reg().registry, a, todo, one);
  EXPECT_EQ(oa.done, plan.num_runs());
  EXPECT_FALSE(oa.failed);
  const std::string fa = assemble_into(plan, a, dir.file("a.h5"), 1);

  // Many runs at once, in reverse order, in two sessions (as a resume would).
  RunStore b(dir.file("b.h5.d"));
  b.create({plan.name, "s.yaml", plan.hash, plan.num_runs(), "test"}, plan.resolved_yaml);
  PoolOptions many;
  many.threads = 4;
  many.concurrent_runs = 4;
  std::vector<std::size_t> rev(todo.rbegin(), todo.rend());
  std::vector<std::size_t> first(rev.begin(), rev.begin() + 5), rest(rev.begin() + 5, rev.end());
  EXPECT_EQ(run_local(plan, reg().registry, b, first, many).done, 5u);
  EXPECT_EQ(run_local(plan, reg().registry, b, rest, many).done, rest.size());
  const std::string fb = assemble_into(plan, b, dir.file("b.h5"), 4);

  const CompareReport rep = compare_result_files(fa, fb);
  EXPECT_TRUE(rep.identical) << (rep.differences.empty() ? "" : rep.differences[0]);
  EXPECT_GT(rep.objects_compared, 100u);
}

TEST(RunStore, SummariesReadBackEqualTheWrittenOnes) {
  TempDir dir;
  const std::string text =
      "sweep:\n"
      "  base: " + testing::threshold_demo() + "\n"
      "  replicates: 2\n"
      "  set: {network.n: 800, steps: 15}\n"
      "  design:\n"
      "    type: sobol\n"
      "    n: 4\n"
      "    parameters:\n"
      "      params.threshold: {from: 0.1, to: 0.3}\n"
      "      network.k_mean: {from: 2, to: 6}\n";
  const SweepPlan plan = plan_of(dir, text);
  RunStore store(dir.file("s.h5.d"));
  store.create({plan.name, "s.yaml", plan.hash, plan.num_runs(), "test"}, plan.resolved_yaml);
  PoolOptions po;
  po.threads = 2;
  ASSERT_EQ(run_local(plan, reg().registry, store, all_runs(plan), po).done, plan.num_runs());
  AssembleOptions ao;
  ao.out_path = dir.file("s.h5");
  const SweepData written = assemble_sweep(plan, store, ao);
  const SweepData read = read_sweep_file(dir.file("s.h5"));
  EXPECT_EQ(read.kind, design::Kind::kSobol);
  EXPECT_EQ(read.finals, written.finals);
  EXPECT_EQ(read.arms, written.arms);
  EXPECT_EQ(read.groups, (std::vector<std::string>{"params.threshold", "network.k_mean"}));
  EXPECT_EQ(read.saltelli.block, plan.saltelli.block);
  const auto tw = summary_tables(written), tr = summary_tables(read);
  ASSERT_EQ(tw.size(), 2u);
  ASSERT_EQ(tr.size(), 2u);
  EXPECT_EQ(tr[1].path, "/summary/sobol");
  for (std::size_t t = 0; t < 2; ++t) {
    ASSERT_EQ(tw[t].values.size(), tr[t].values.size());
    for (std::size_t i = 0; i < tw[t].values.size(); ++i)
      EXPECT_TRUE(tw[t].values[i] == tr[t].values[i] ||
                  (std::isnan(tw[t].values[i]) && std::isnan(tr[t].values[i])));
  }
}

TEST(RunStore, AFailingPointIsReportedWithItsRun) {
  TempDir dir;
  // threshold_step > 0 with threshold_sd > 0 passes the loader but the model refuses it.
  std::string text = grid_sweep(1, 500, 5);
  text.replace(text.find("  design:"), 0, "  crn: true\n");
  text.replace(text.find("network.n: 500,"), 15, "network.n: 500, params.threshold_step: 0.01,");
  text.replace(text.find("      network.k_mean: [3.0, 5.0]"), 32, "      params.threshold_sd: [0.0, 0.1]");
  const SweepPlan plan = plan_of(dir, text);
  RunStore store(dir.file("f.h5.d"));
  store.create({plan.name, "s.yaml", plan.hash, plan.num_runs(), "test"}, plan.resolved_yaml);
  PoolOptions po;
  po.threads = 1;
  const LocalOutcome o = run_local(plan, reg().registry, store, all_runs(plan), po);
  EXPECT_TRUE(o.failed);
  EXPECT_TRUE(o.input_error);
  EXPECT_NE(o.failure.find("point p000001 replicate 0"), std::string::npos) << o.failure;
  EXPECT_NE(o.failure.find("threshold_step"), std::string::npos) << o.failure;
}

}  // namespace
}  // namespace govsim::sim::sweep
