// A sweep in the one pipeline: its plan (seeds equal to the manifest's), the per-run store
// (durable files, round trip, incomplete files ignored), the local executor and assembly: the
// assembled file is the same whatever the thread count, the number of runs at once or the
// order in which runs were finished; summaries read back equal those written.
#include "sim/sweep/sweep_job.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/output/result_compare.hpp"
#include "sim/pipeline/executor.hpp"
#include "sim/pipeline/run_store.hpp"
#include "sim/sweep/sweep_plan.hpp"
#include "sim/sweep/sweep_summary.hpp"
#include "tests/sim/sweep/sweep_test_util.hpp"

namespace govsim::sim::sweep {
namespace {

using pipeline::ExecutorOptions;
using pipeline::LocalExecutor;
using pipeline::LockInfo;
using pipeline::Plan;
using pipeline::RunStore;
using testing::grid_sweep;
using testing::TempDir;
using testing::TestRegistry;
using testing::write_file;

const TestRegistry& reg() {
  static const TestRegistry r;
  return r;
}

SweepPlan sweep_of(const TempDir& dir, const std::string& text) {
  write_file(dir.file("s.yaml"), text);
  return load_sweep(dir.file("s.yaml"), reg().catalog);
}

RunResult run_of(const Plan& plan, std::size_t index) {
  const auto& e = plan.runs[index];
  RunOptions ro;
  ro.point = e.point;
  ro.crn = plan.crn;
  RunResult r = run_replicate(*reg().registry.find(plan.model), plan.arms[e.arm].scenario, e.replicate, ro);
  r.arm = plan.arms[e.arm].name;
  return r;
}

std::vector<std::size_t> all_runs(const Plan& plan) {
  std::vector<std::size_t> v(plan.num_runs());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = i;
  return v;
}

LockInfo lock_of(const Plan& plan) { return {plan.kind, plan.name, "s.yaml", plan.hash, plan.num_runs(), "test"}; }

pipeline::ExecOutcome execute(const Plan& plan, const RunStore& store, const std::vector<std::size_t>& todo,
                              int threads, int concurrent) {
  ExecutorOptions eo;
  eo.threads = threads;
  eo.concurrent_runs = concurrent;
  LocalExecutor ex(reg().registry, eo);
  return ex.execute(plan, store, todo, {});
}

std::string assemble_into(const SweepPlan& sweep, const Plan& plan, const RunStore& store,
                          const std::string& out, int threads) {
  AssembleOptions ao;
  ao.out_path = out;
  ao.force = true;
  ao.provenance.threads = threads;
  assemble_sweep(sweep, plan, store, ao);
  return out;
}

TEST(SweepJob, PlanSeedsAndOrderAreTheManifests) {
  TempDir dir;
  std::string text = grid_sweep(2, 1000, 5);
  text.replace(text.find("  design:"), 0, "  crn: false\n");
  const SweepPlan sweep = sweep_of(dir, text);
  const Plan plan = to_pipeline_plan(sweep);
  ASSERT_EQ(plan.num_runs(), sweep.num_runs());
  EXPECT_EQ(plan.hash, sweep.hash);
  EXPECT_EQ(plan.kind, "sweep");
  for (std::size_t i = 0; i < plan.num_runs(); ++i) {
    EXPECT_EQ(plan.runs[i].run_seed, sweep.runs[i].run_seed);
    EXPECT_EQ(plan.arms[plan.runs[i].arm].name, sweep.points[sweep.runs[i].point].arm);
    EXPECT_EQ(plan.runs[i].point, sweep.runs[i].point);
  }
  EXPECT_NE(pipeline::describe_run(plan, 1).find("point p000001 replicate 0 (params.threshold=0.1"),
            std::string::npos)
      << pipeline::describe_run(plan, 1);
}

TEST(RunStore, RoundTripsARun) {
  TempDir dir;
  const Plan plan = to_pipeline_plan(sweep_of(dir, grid_sweep(2, 1500, 20)));
  RunStore store(dir.file("out.h5.d"));
  store.create(lock_of(plan), plan.resolved_yaml);
  const auto read_lock = store.read_lock();
  ASSERT_TRUE(read_lock);
  EXPECT_EQ(read_lock->hash, plan.hash);
  EXPECT_EQ(read_lock->kind, "sweep");
  EXPECT_EQ(read_lock->runs, plan.num_runs());

  const RunResult r = run_of(plan, 5);
  store.write_run(plan, 5, r);
  EXPECT_TRUE(store.has_run(plan, 5));
  Plan other = plan;
  other.hash = "another-hash";
  EXPECT_FALSE(store.has_run(other, 5));
  EXPECT_FALSE(store.has_run(plan, 4));
  const RunResult b = store.read_run(plan, 5);
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
  const pipeline::RunFinals fin = store.read_finals(plan, 5);
  EXPECT_EQ(fin.arm, r.arm);
  ASSERT_EQ(fin.finals.size(), r.finals.size());
  EXPECT_EQ(fin.finals[0].name, r.finals[0].name);
}

TEST(RunStore, IgnoresTemporaryAndCorruptFiles) {
  TempDir dir;
  const Plan plan = to_pipeline_plan(sweep_of(dir, grid_sweep(1, 1000, 5)));
  RunStore store(dir.file("out.h5.d"));
  store.create(lock_of(plan), plan.resolved_yaml);
  // A write cut off by kill -9 leaves only "<name>.tmp"; a damaged file is not HDF5.
  write_file(store.run_path(0) + ".tmp", "half an HDF5 file");
  write_file(store.run_path(1), "not an HDF5 file at all");
  EXPECT_FALSE(store.has_run(plan, 0));
  EXPECT_FALSE(store.has_run(plan, 1));
  EXPECT_THROW(store.read_run(plan, 1), OutputError);
  EXPECT_EQ(store.remove_temporaries(), 1u);
  EXPECT_GE(store.clear(), 2u);  // lock, resolved text, run-0000001.h5
  EXPECT_FALSE(store.exists());
}

TEST(RunStore, AssembledFileDoesNotDependOnThreadsConcurrencyOrRunOrder) {
  TempDir dir;
  const SweepPlan sweep = sweep_of(dir, grid_sweep(3, 1500, 25));
  const Plan plan = to_pipeline_plan(sweep);
  const auto todo = all_runs(plan);

  RunStore a(dir.file("a.h5.d"));
  a.create(lock_of(plan), plan.resolved_yaml);
  const auto oa = execute(plan, a, todo, 1, 1);
  EXPECT_EQ(oa.done, plan.num_runs());
  EXPECT_FALSE(oa.failed);
  const std::string fa = assemble_into(sweep, plan, a, dir.file("a.h5"), 1);

  // Many runs at once, in reverse order, in two sessions (as a resume would).
  RunStore b(dir.file("b.h5.d"));
  b.create(lock_of(plan), plan.resolved_yaml);
  std::vector<std::size_t> rev(todo.rbegin(), todo.rend());
  std::vector<std::size_t> first(rev.begin(), rev.begin() + 5), rest(rev.begin() + 5, rev.end());
  EXPECT_EQ(execute(plan, b, first, 4, 4).done, 5u);
  EXPECT_EQ(execute(plan, b, rest, 4, 4).done, rest.size());
  const std::string fb = assemble_into(sweep, plan, b, dir.file("b.h5"), 4);

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
  const SweepPlan sweep = sweep_of(dir, text);
  const Plan plan = to_pipeline_plan(sweep);
  RunStore store(dir.file("s.h5.d"));
  store.create(lock_of(plan), plan.resolved_yaml);
  ASSERT_EQ(execute(plan, store, all_runs(plan), 2, 0).done, plan.num_runs());
  AssembleOptions ao;
  ao.out_path = dir.file("s.h5");
  const SweepData written = assemble_sweep(sweep, plan, store, ao);
  const SweepData read = read_sweep_file(dir.file("s.h5"));
  EXPECT_EQ(read.kind, design::Kind::kSobol);
  EXPECT_EQ(read.finals, written.finals);
  EXPECT_EQ(read.arms, written.arms);
  EXPECT_EQ(read.groups, (std::vector<std::string>{"params.threshold", "network.k_mean"}));
  EXPECT_EQ(read.saltelli.block, sweep.saltelli.block);
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
  const Plan plan = to_pipeline_plan(sweep_of(dir, text));
  RunStore store(dir.file("f.h5.d"));
  store.create(lock_of(plan), plan.resolved_yaml);
  const auto o = execute(plan, store, all_runs(plan), 1, 0);
  EXPECT_TRUE(o.failed);
  EXPECT_TRUE(o.input_error);
  EXPECT_NE(o.described().find("point p000001 replicate 0"), std::string::npos) << o.described();
  EXPECT_NE(o.failure.find("threshold_step"), std::string::npos) << o.failure;
}

}  // namespace
}  // namespace govsim::sim::sweep
