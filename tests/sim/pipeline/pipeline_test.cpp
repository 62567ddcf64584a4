// The one pipeline without the CLI (sim/pipeline): plans and their seeds, the local executor
// (same data for any thread count and any number of runs at once), run_job's store rules
// (resume, refusal, --force), the finals in plan order (what a calibration reads back), partial
// assembly and the run/compare summary tables.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <atomic>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/output/h5.hpp"
#include "sim/output/result_compare.hpp"
#include "sim/pipeline/arm_summary.hpp"
#include "sim/pipeline/assemble.hpp"
#include "sim/pipeline/executor.hpp"
#include "sim/pipeline/job.hpp"
#include "sim/rng/counter_rng.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/stats/summary.hpp"
#include "tests/sim/sweep/sweep_test_util.hpp"

namespace govsim::sim::pipeline {
namespace {

using testing::TempDir;
using testing::TestRegistry;

const TestRegistry& reg() {
  static const TestRegistry r;
  return r;
}

ScenarioPtr cascade(const std::string& name, double threshold, int n = 600, int steps = 12) {
  const std::string text = "model: threshold_cascade\nname: " + name +
                           "\nseed: 3\nreplicates: 2\nsteps: " + std::to_string(steps) +
                           "\nnetwork: {type: erdos_renyi, n: " + std::to_string(n) +
                           ", k_mean: 4}\nparams: {threshold: " + std::to_string(threshold) +
                           ", seed_mode: fraction, seed_fraction: 0.05}\n";
  return load_scenario_text(text, name + ".yaml", ".", reg().catalog);
}

Plan compare_plan(uint32_t replicates = 3) {
  Plan plan = arms_plan("compare", {{"A", cascade("A", 0.15), {}}, {"B", cascade("B", 0.25), {}}}, replicates);
  plan.name = "ab";
  plan.resolved_yaml = "compare: {name: ab}\n";
  finalize(plan);
  return plan;
}

ExecutorOptions threads(int t, int concurrent = 0, const std::atomic<int>* stop = nullptr) {
  ExecutorOptions o;
  o.threads = t;
  o.concurrent_runs = concurrent;
  o.stop_signal = stop;
  return o;
}

std::string assemble_all(const Plan& plan, const RunStore& store, const std::string& out) {
  AssembleOptions ao;
  ao.out_path = out;
  ao.force = true;
  ao.tables = [](const std::vector<RunFinals>& f) { return arm_summary_tables(f, arms_of(f), "A"); };
  assemble(plan, store, ao);
  return out;
}

bool same_value(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

TEST(Plan, ArmsPlanIsReplicateMajorWithSeedsFromThePlan) {
  const Plan plan = compare_plan(2);
  ASSERT_EQ(plan.num_runs(), 4u);
  EXPECT_EQ(plan.runs[0].arm, 0u);
  EXPECT_EQ(plan.runs[1].arm, 1u);
  EXPECT_EQ(plan.runs[1].replicate, 0u);
  EXPECT_EQ(plan.runs[2].replicate, 1u);
  EXPECT_EQ(plan.runs[1].run_seed, run_seed(3, 0));  // common random numbers across arms
  EXPECT_EQ(plan.runs[0].run_seed, plan.runs[1].run_seed);
  EXPECT_EQ(plan.hash.size(), 32u);
  EXPECT_EQ(describe_run(plan, 3), "arm B replicate 1");
  Plan changed = arms_plan("compare", {{"A", cascade("A", 0.15), {}}, {"B", cascade("B", 0.3), {}}}, 2);
  changed.name = "ab";
  changed.resolved_yaml = plan.resolved_yaml;
  finalize(changed);
  EXPECT_NE(changed.hash, plan.hash) << "an arm's scenario is part of the hash";
  Plan dup = arms_plan("compare", {{"A", cascade("A", 0.15), {}}, {"A", cascade("A", 0.3), {}}}, 1);
  EXPECT_THROW(finalize(dup), std::invalid_argument);
}

TEST(Plan, CalibrationStylePlanSeedsFollowTheProposalIndex) {
  // crn: false and a point per entry: an arbitrary uint64 (a proposal's global index).
  Plan plan = points_plan("calibrate",
                          {{"q1000000000007", cascade("q", 0.2), 1000000000007ull, {}},
                           {"q1000000000008", cascade("q", 0.22), 1000000000008ull, {}}},
                          2);
  plan.name = "gen-3";
  finalize(plan);
  ASSERT_EQ(plan.num_runs(), 4u);
  EXPECT_FALSE(plan.crn);
  EXPECT_EQ(plan.runs[1].point, 1000000000008ull);
  EXPECT_EQ(plan.runs[0].run_seed, run_seed(3, 0, 1000000000007ull));
  EXPECT_EQ(plan.runs[2].run_seed, run_seed(3, 1, 1000000000007ull));
  EXPECT_NE(plan.runs[0].run_seed, plan.runs[1].run_seed);
  // The same proposal in another plan (another generation) has the same seeds.
  Plan other = points_plan("calibrate", {{"q1000000000007", cascade("q", 0.2), 1000000000007ull, {}}}, 1);
  finalize(other);
  EXPECT_EQ(other.runs[0].run_seed, plan.runs[0].run_seed);
}

TEST(LocalExecutor, SameDataForAnyThreadCountAndRunsAtOnce) {
  TempDir dir;
  const Plan plan = compare_plan();
  std::vector<std::size_t> todo(plan.num_runs());
  for (std::size_t i = 0; i < todo.size(); ++i) todo[i] = i;
  RunStore a(dir.file("a.d")), b(dir.file("b.d"));
  a.create({plan.kind, plan.name, "", plan.hash, plan.num_runs(), "test"}, plan.resolved_yaml);
  b.create({plan.kind, plan.name, "", plan.hash, plan.num_runs(), "test"}, plan.resolved_yaml);
  LocalExecutor one(reg().registry, threads(1, 1));
  std::size_t runs_seen = 0;
  std::atomic<uint64_t> steps_seen{0};
  ExecHooks hooks;
  hooks.on_run = [&](std::size_t d, std::size_t t) { runs_seen = d; EXPECT_EQ(t, plan.num_runs()); };
  hooks.on_steps = [&](uint64_t d, uint64_t) { steps_seen = std::max<uint64_t>(steps_seen, d); };
  const ExecOutcome oa = one.execute(plan, a, todo, hooks);
  EXPECT_EQ(oa.done, plan.num_runs());
  EXPECT_EQ(runs_seen, plan.num_runs());
  EXPECT_EQ(steps_seen.load(), total_steps(plan, todo));
  LocalExecutor many(reg().registry, threads(4, 4));
  EXPECT_EQ(many.threads(), 4);
  const std::vector<std::size_t> rev(todo.rbegin(), todo.rend());
  EXPECT_EQ(many.execute(plan, b, rev, {}).done, plan.num_runs());
  const auto rep = compare_result_files(assemble_all(plan, a, dir.file("a.h5")),
                                        assemble_all(plan, b, dir.file("b.h5")));
  EXPECT_TRUE(rep.identical) << (rep.differences.empty() ? "" : rep.differences[0]);
  EXPECT_GT(rep.objects_compared, 50u);
}

TEST(RunJob, FinalsComeBackInPlanOrderAndEqualDirectRuns) {
  TempDir dir;
  const Plan plan = compare_plan(2);
  LocalExecutor ex(reg().registry, threads(2));
  JobOptions jo;
  jo.store_dir = dir.file("job.d");
  jo.read_finals = true;
  const JobResult r = run_job(ex, plan, jo);
  ASSERT_TRUE(r.complete());
  ASSERT_EQ(r.finals.size(), plan.num_runs());
  for (std::size_t i = 0; i < plan.num_runs(); ++i) {
    const PlanEntry& e = plan.runs[i];
    const RunResult direct =
        run_replicate(*reg().registry.find(plan.model), plan.arms[e.arm].scenario, e.replicate);
    EXPECT_EQ(r.finals[i].arm, plan.arms[e.arm].name);
    EXPECT_EQ(r.finals[i].replicate, e.replicate);
    ASSERT_EQ(r.finals[i].finals.size(), direct.finals.size());
    for (std::size_t f = 0; f < direct.finals.size(); ++f) {
      EXPECT_EQ(r.finals[i].finals[f].name, direct.finals[f].name);
      EXPECT_TRUE(same_value(r.finals[i].finals[f].value, direct.finals[f].value));
      EXPECT_EQ(r.finals[i].finals[f].n_valid, direct.finals[f].n_valid);
    }
  }
}

TEST(RunJob, InterruptedJobResumesToTheSameFinals) {
  TempDir dir;
  const Plan plan = compare_plan(3);
  std::atomic<int> stop{0};
  LocalExecutor ex(reg().registry, threads(1, 1, &stop));
  JobOptions jo;
  jo.store_dir = dir.file("job.d");
  jo.read_finals = true;
  jo.hooks.on_run = [&](std::size_t done, std::size_t) {
    if (done == 2) stop = 2;  // as SIGINT after two runs
  };
  const JobResult first = run_job(ex, plan, jo);
  EXPECT_FALSE(first.complete());
  EXPECT_EQ(first.outcome.interrupted_by, 2);
  // The run in flight when the stop is seen may still finish (a busy machine reports the
  // second run late): two or more, never all.
  EXPECT_GE(first.finished, 2u);
  EXPECT_LT(first.finished, plan.num_runs());
  EXPECT_TRUE(first.finals.empty());

  // Without resume the store is refused; with it only the missing runs run.
  stop = 0;
  jo.hooks = {};
  EXPECT_THROW(run_job(ex, plan, jo), InputError);
  jo.resume = true;
  std::string note;
  jo.on_note = [&](const std::string& n) { note = n; };
  const JobResult second = run_job(ex, plan, jo);
  ASSERT_TRUE(second.complete());
  EXPECT_TRUE(second.resumed);
  const std::size_t kept = first.finished;
  EXPECT_EQ(second.already, kept);
  EXPECT_EQ(second.outcome.done, plan.num_runs() - kept);
  EXPECT_EQ(note, fmt::format("resuming ab: {} of 6 runs are already finished; {} to run", kept,
                              6 - kept));

  TempDir other;
  LocalExecutor plain(reg().registry, threads(2));
  JobOptions ref;
  ref.store_dir = other.file("ref.d");
  ref.read_finals = true;
  const JobResult whole = run_job(plain, plan, ref);
  ASSERT_EQ(whole.finals.size(), second.finals.size());
  for (std::size_t i = 0; i < whole.finals.size(); ++i)
    for (std::size_t f = 0; f < whole.finals[i].finals.size(); ++f)
      EXPECT_TRUE(same_value(whole.finals[i].finals[f].value, second.finals[i].finals[f].value));
}

TEST(RunJob, ResumeRefusesAChangedPlanAndForceDiscardsTheStore) {
  TempDir dir;
  const Plan plan = compare_plan(1);
  LocalExecutor ex(reg().registry, threads(2));
  JobOptions jo;
  jo.store_dir = dir.file("job.d");
  jo.input_file = dir.file("ab.yaml");
  ASSERT_TRUE(run_job(ex, plan, jo).complete());
  Plan changed = arms_plan("compare", {{"A", cascade("A", 0.15), {}}, {"B", cascade("B", 0.3), {}}}, 1);
  changed.name = plan.name;
  changed.resolved_yaml = plan.resolved_yaml;
  finalize(changed);
  jo.resume = true;
  try {
    run_job(ex, changed, jo);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("the comparison changed since it was started"), std::string::npos)
        << e.what();
  }
  jo.resume = false;
  jo.force = true;
  const JobResult forced = run_job(ex, changed, jo);
  EXPECT_TRUE(forced.complete());
  EXPECT_FALSE(forced.resumed);
  EXPECT_EQ(forced.outcome.done, changed.num_runs());
}

TEST(RunJob, AnOutputPathThatIsNotARegularFileIsRefused) {
  TempDir dir;
  const Plan plan = compare_plan(1);
  LocalExecutor ex(reg().registry, threads(1));
  JobOptions jo;
  jo.store_dir = dir.file("out.h5.d");
  jo.output_path = dir.file("out.h5");
  jo.force = true;
  std::filesystem::create_directory(dir.file("out.h5"));
  EXPECT_THROW(run_job(ex, plan, jo), InputError);
  EXPECT_TRUE(std::filesystem::is_directory(dir.file("out.h5")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("out.h5.d")));
  // A store path that is a regular file is refused too, and left as it is.
  std::filesystem::remove(dir.file("out.h5"));
  testing::write_file(dir.file("out.h5.d"), "not a folder");
  EXPECT_THROW(run_job(ex, plan, jo), InputError);
  EXPECT_EQ(testing::read_text(dir.file("out.h5.d")), "not a folder");
}

TEST(Assemble, PartialFileHoldsTheFinishedRunsMarkedIncomplete) {
  TempDir dir;
  const Plan plan = compare_plan(2);
  RunStore store(dir.file("s.d"));
  store.create({plan.kind, plan.name, "", plan.hash, plan.num_runs(), "test"}, plan.resolved_yaml);
  LocalExecutor ex(reg().registry, threads(1));
  ASSERT_EQ(ex.execute(plan, store, {0, 1, 3}, {}).done, 3u);
  EXPECT_EQ(finished_runs(plan, store), (std::vector<std::size_t>{0, 1, 3}));
  AssembleOptions ao;
  ao.out_path = dir.file("p.h5");
  ao.complete = false;
  ao.entries = finished_runs(plan, store);
  const auto finals = assemble(plan, store, ao);
  ASSERT_EQ(finals.size(), 3u);
  EXPECT_EQ(finals[2].arm, "B");
  EXPECT_EQ(finals[2].replicate, 1u);
  const h5::Handle f = h5::open_file(dir.file("p.h5"));
  const h5::Handle root = h5::open_group(f.id(), "/");
  EXPECT_EQ(h5::read_string_attr(root.id(), "complete"), "false");
  EXPECT_EQ(h5::read_strings(f.id(), "arms"), (std::vector<std::string>{"A", "B"}));
  EXPECT_TRUE(h5::exists(f.id(), "/runs/B/r0001/final"));
  EXPECT_FALSE(h5::exists(f.id(), "/runs/A/r0001"));
}

TEST(ArmSummary, TablesHoldMeansAndPairedDifferences) {
  std::vector<RunFinals> runs;
  const double a[] = {1.0, 2.0, 3.0}, b[] = {2.0, 2.5, 4.5};
  for (uint32_t r = 0; r < 3; ++r) {
    runs.push_back({"BASE", r, {{"x", a[r], -1}}});
    runs.push_back({"CM", r, {{"x", b[r], -1}}});
  }
  const auto tables = arm_summary_tables(runs, arms_of(runs), "BASE");
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].path, "/summary/final");
  EXPECT_EQ(tables[0].rows, (std::vector<std::string>{"BASE", "CM"}));
  EXPECT_EQ(tables[0].columns, (std::vector<std::string>{"x.mean", "x.ci_lo", "x.ci_hi", "x.n"}));
  EXPECT_DOUBLE_EQ(tables[0].values[0], 2.0);
  EXPECT_DOUBLE_EQ(tables[0].values[4], 3.0);
  EXPECT_EQ(tables[1].path, "/summary/paired_vs_BASE");
  EXPECT_EQ(tables[1].rows, (std::vector<std::string>{"CM"}));
  const auto d = stats::paired_difference({2.0, 2.5, 4.5}, {1.0, 2.0, 3.0});
  EXPECT_DOUBLE_EQ(tables[1].values[0], d.mean);
  EXPECT_DOUBLE_EQ(tables[1].values[4], tables[1].values[5]) << "one comparison: Holm = p";
  EXPECT_TRUE(arm_summary_tables({}, {}, "").empty());
}

// Materiality (governance spec 6.1 items 4 and 6): the margins become /summary/materiality; the
// printed table says "negligible" for a significant difference whose interval does not exclude
// ±m, "*" for a material one, and marks an arm whose mean <final>_drift exceeds m.
TEST(ArmSummary, MaterialityMarksNegligibleEffectsAndDrift) {
  std::vector<RunFinals> runs;
  const double base[] = {0.100, 0.200, 0.300, 0.400};
  for (uint32_t r = 0; r < 4; ++r) {
    const double jitter = 0.0001 * r;
    runs.push_back({"BASE", r, {{"x", base[r], -1}, {"y", base[r], -1}, {"x_drift", 0.0, -1, true}}});
    // x: +0.005 (significant, inside m = 0.01); y: +0.5 (material); drift 0.03 > m
    runs.push_back({"SMALL", r, {{"x", base[r] + 0.005 + jitter, -1}, {"y", base[r] + 0.5 + jitter, -1},
                                 {"x_drift", 0.03, -1, true}}});
  }
  const std::vector<sim::Materiality> margins = {{"x", 0.01, "share"}, {"y", 0.01, "share"}};
  const auto tables = arm_summary_tables(runs, arms_of(runs), "BASE", margins);
  ASSERT_EQ(tables.size(), 3u);
  EXPECT_EQ(tables[0].path, "/summary/materiality");
  EXPECT_EQ(tables[0].rows, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(tables[0].columns, (std::vector<std::string>{"margin"}));
  EXPECT_EQ(tables[0].values, (std::vector<double>{0.01, 0.01}));
  std::ostringstream os;
  print_arm_summary(os, runs, arms_of(runs), {"x", "y"}, "BASE", margins);
  const std::string out = os.str();
  const auto x_at = out.find("\nx  (materiality m = 0.01)"), y_at = out.find("\ny  (materiality m = 0.01)");
  ASSERT_NE(x_at, std::string::npos) << out;
  ASSERT_NE(y_at, std::string::npos) << out;
  const std::string x_part = out.substr(x_at, y_at - x_at), y_part = out.substr(y_at);
  EXPECT_NE(x_part.find("negligible"), std::string::npos) << out;
  EXPECT_NE(x_part.find("~drift +0.0300/yr"), std::string::npos) << out;
  EXPECT_EQ(y_part.find("negligible\n"), std::string::npos) << out;
  EXPECT_NE(y_part.find(" *"), std::string::npos) << out;
  EXPECT_NE(out.find("its value depends on the horizon"), std::string::npos) << out;
  // without margins: no table, no marks beyond "*"
  EXPECT_EQ(arm_summary_tables(runs, arms_of(runs), "BASE").size(), 2u);
}

// govsim diff (compare_result_files): what the second file only adds — finals of every run, a
// summary table, columns of a summary table whose old columns are identical — is listed as an
// addition, not a difference; a changed or missing value still differs.
void write_results(const std::string& path, bool with_y, double x_value, bool drop_x = false) {
  const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  {
    for (const char* run : {"/runs/A/r0000/final", "/runs/A/r0001/final"}) {
      const h5::Handle g = h5::ensure_group(f, run);
      if (!drop_x) h5::write_f64s(g.id(), "x", &x_value, {1});
      const double y = 7.0;
      if (with_y) h5::write_f64s(g.id(), "x_drift", &y, {1});
    }
    const h5::Handle t = h5::ensure_group(f, "/summary/final");
    const std::vector<double> v = with_y ? std::vector<double>{x_value, 2.0, 7.0} : std::vector<double>{x_value, 2.0};
    h5::write_f64s(t.id(), "values", v.data(), {1, v.size()});
    h5::write_strings(t.id(), "rows", {"A"});
    h5::write_strings(t.id(), "columns", with_y ? std::vector<std::string>{"x.mean", "x.n", "x_drift.mean"}
                                                : std::vector<std::string>{"x.mean", "x.n"});
    if (with_y) {
      const h5::Handle m = h5::ensure_group(f, "/summary/materiality");
      const double margin = 0.01;
      h5::write_f64s(m.id(), "values", &margin, {1, 1});
      h5::write_strings(m.id(), "rows", {"x"});
      h5::write_strings(m.id(), "columns", {"margin"});
    }
  }
  H5Fclose(f);
}

TEST(ResultDiff, AddedFinalsTablesAndColumnsAreAdditionsNotDifferences) {
  TempDir dir;
  write_results(dir.file("old.h5"), false, 1.0);
  write_results(dir.file("new.h5"), true, 1.0);
  const auto rep = compare_result_files(dir.file("old.h5"), dir.file("new.h5"));
  EXPECT_TRUE(rep.identical) << (rep.differences.empty() ? "" : rep.differences[0]);
  ASSERT_EQ(rep.additions.size(), 3u);
  EXPECT_NE(rep.additions[0].find("adds 1 final(s) in 2 run(s): x_drift"), std::string::npos) << rep.additions[0];
  EXPECT_NE(rep.additions[1].find("adds the table /summary/materiality"), std::string::npos) << rep.additions[1];
  EXPECT_NE(rep.additions[2].find("adds 1 column(s) to the table /summary/final"), std::string::npos)
      << rep.additions[2];
  // the other way round the finals are missing: a difference
  EXPECT_FALSE(compare_result_files(dir.file("new.h5"), dir.file("old.h5")).identical);
  // a changed old value is a difference even with additions
  write_results(dir.file("changed.h5"), true, 1.5);
  EXPECT_FALSE(compare_result_files(dir.file("old.h5"), dir.file("changed.h5")).identical);
  write_results(dir.file("dropped.h5"), true, 1.0, true);
  EXPECT_FALSE(compare_result_files(dir.file("old.h5"), dir.file("dropped.h5")).identical);
}

}  // namespace
}  // namespace govsim::sim::pipeline
