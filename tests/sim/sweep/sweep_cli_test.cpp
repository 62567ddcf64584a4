// govsim sweep / govsim summarize, run as the binary: results file and summaries, refusal of an
// existing results folder, kill -9 midway + --resume equal to an uninterrupted sweep, SIGINT
// (exit 130, kept runs, resume), a changed sweep file refused on resume, bad sweep files.
#include <gtest/gtest.h>
#include <signal.h>

#include <fmt/format.h>

#include <filesystem>

#include "sim/output/result_compare.hpp"
#include "tests/sim/sweep/sweep_test_util.hpp"

namespace govsim::sim::testing {
namespace {

// A sweep slow enough to be interrupted midway: 2 x 2 points x 12 replicates of a 20,000-node
// cascade, one run at a time on one thread.
std::string slow_sweep() { return grid_sweep(12, 20000, 100); }

std::vector<std::string> sweep_cmd(const std::string& file, const std::string& out,
                                   std::vector<std::string> extra = {}) {
  std::vector<std::string> v = {govsim_binary(), "sweep", file, "-o", out, "-t", "1",
                                "--concurrent-runs", "1"};
  v.insert(v.end(), extra.begin(), extra.end());
  return v;
}

void expect_identical(const std::string& a, const std::string& b) {
  const CompareReport rep = compare_result_files(a, b);
  EXPECT_TRUE(rep.identical) << (rep.differences.empty() ? "" : rep.differences[0]);
}

TEST(SweepCommand, WritesResultsAndSummarizes) {
  TempDir dir;
  write_file(dir.file("s.yaml"), grid_sweep(2, 1500, 20));
  const Result dry = run({govsim_binary(), "sweep", dir.file("s.yaml"), "--dry-run"});
  EXPECT_EQ(dry.status, 0) << dry.output;
  EXPECT_NE(dry.output.find("runs: 8 (4 points x 2 replicates)"), std::string::npos) << dry.output;

  const Result r = run({govsim_binary(), "sweep", dir.file("s.yaml"), "-o", dir.file("s.h5")});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir.file("s.h5")));
  EXPECT_FALSE(fs::exists(dir.file("s.h5.d"))) << "per-run files are removed after assembly";
  EXPECT_NE(r.output.find("runs/s"), std::string::npos) << r.output;

  const Result s = run({govsim_binary(), "summarize", dir.file("s.h5"), "--final", "cascade"});
  EXPECT_EQ(s.status, 0) << s.output;
  EXPECT_NE(s.output.find("cascade: mean over replicates"), std::string::npos) << s.output;
  EXPECT_NE(s.output.find("p000003"), std::string::npos) << s.output;
  EXPECT_EQ(run({govsim_binary(), "summarize", dir.file("s.h5"), "--final", "nope"}).status, 2);

  // Another thread count and several runs at once give the same data.
  const Result r2 = run({govsim_binary(), "sweep", dir.file("s.yaml"), "-o", dir.file("t.h5"),
                         "-t", "2", "--concurrent-runs", "2", "-q"});
  ASSERT_EQ(r2.status, 0) << r2.output;
  expect_identical(dir.file("s.h5"), dir.file("t.h5"));
}

TEST(SweepCommand, RefusesAnExistingResultsFolderWithoutResumeOrForce) {
  TempDir dir;
  write_file(dir.file("s.yaml"), grid_sweep(1, 1000, 5));
  fs::create_directory(dir.file("s.h5.d"));
  write_file(dir.file("s.h5.d/sweep.lock.yaml"), "govsim_sweep_lock: 1\nsweep: old\nhash: abc\n");
  const Result r = run(sweep_cmd(dir.file("s.yaml"), dir.file("s.h5")));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("--resume"), std::string::npos) << r.output;
  const Result f = run(sweep_cmd(dir.file("s.yaml"), dir.file("s.h5"), {"--force"}));
  EXPECT_EQ(f.status, 0) << f.output;
  // A finished sweep is not run again by --resume.
  const Result again = run(sweep_cmd(dir.file("s.yaml"), dir.file("s.h5"), {"--resume"}));
  EXPECT_EQ(again.status, 2) << again.output;
  EXPECT_NE(again.output.find("already exists"), std::string::npos) << again.output;
}

TEST(SweepCommand, KilledMidwayAndResumedEqualsUninterrupted) {
  TempDir dir;
  write_file(dir.file("s.yaml"), slow_sweep());
  const Result full = run(sweep_cmd(dir.file("s.yaml"), dir.file("full.h5")));
  ASSERT_EQ(full.status, 0) << full.output;

  const std::string out = dir.file("killed.h5");
  const pid_t pid = spawn(sweep_cmd(dir.file("s.yaml"), out), dir.file("killed.log"));
  const bool started = wait_for_run_files(out + ".d", 1, pid);
  ::kill(pid, SIGKILL);
  const int st = wait_status(pid);
  ASSERT_TRUE(started) << "no per-run file appeared: " << read_text(dir.file("killed.log"));
  ASSERT_EQ(st, 128 + SIGKILL);
  const std::size_t kept = run_files(out + ".d");
  ASSERT_GE(kept, 1u);
  ASSERT_LT(kept, 48u) << "the sweep finished before it was killed";
  EXPECT_FALSE(fs::exists(out));

  // Without --resume the folder is refused; with it only the missing runs run.
  EXPECT_EQ(run(sweep_cmd(dir.file("s.yaml"), out)).status, 2);
  const Result resumed = run(sweep_cmd(dir.file("s.yaml"), out, {"--resume"}));
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_NE(resumed.output.find(fmt::format("{} of 48 runs are already finished", kept)),
            std::string::npos)
      << resumed.output;
  expect_identical(dir.file("full.h5"), out);
}

TEST(SweepCommand, InterruptKeepsFinishedRunsAndExits130) {
  TempDir dir;
  write_file(dir.file("s.yaml"), slow_sweep());
  const std::string out = dir.file("int.h5");
  const pid_t pid = spawn(sweep_cmd(dir.file("s.yaml"), out), dir.file("int.log"));
  const bool started = wait_for_run_files(out + ".d", 2, pid);
  ::kill(pid, SIGINT);
  const int st = wait_status(pid);
  const std::string log = read_text(dir.file("int.log"));
  ASSERT_TRUE(started) << log;
  EXPECT_EQ(st, 130) << log;
  EXPECT_NE(log.find("interrupted: "), std::string::npos) << log;
  EXPECT_NE(log.find("runs are finished and kept in"), std::string::npos) << log;
  EXPECT_NE(log.find("--resume"), std::string::npos) << log;
  EXPECT_GE(run_files(out + ".d"), 2u);
  const Result resumed = run(sweep_cmd(dir.file("s.yaml"), out, {"--resume", "-q"}));
  EXPECT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_TRUE(fs::exists(out));
}

TEST(SweepCommand, ResumeRefusesAChangedSweepFile) {
  TempDir dir;
  write_file(dir.file("s.yaml"), slow_sweep());
  const std::string out = dir.file("c.h5");
  const pid_t pid = spawn(sweep_cmd(dir.file("s.yaml"), out), dir.file("c.log"));
  ASSERT_TRUE(wait_for_run_files(out + ".d", 1, pid)) << read_text(dir.file("c.log"));
  ::kill(pid, SIGKILL);
  wait_status(pid);

  std::string changed = slow_sweep();
  changed.replace(changed.find("[0.1, 0.2]"), 10, "[0.1, 0.25]");
  write_file(dir.file("s.yaml"), changed);
  const Result r = run(sweep_cmd(dir.file("s.yaml"), out, {"--resume"}));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("the sweep changed since it was started"), std::string::npos) << r.output;

  // A folder of another sweep is refused too.
  write_file(dir.file("other.yaml"), grid_sweep(1, 1000, 5));
  const Result o = run(sweep_cmd(dir.file("other.yaml"), out, {"--resume"}));
  EXPECT_EQ(o.status, 2) << o.output;
  EXPECT_NE(o.output.find("holds runs of another sweep"), std::string::npos) << o.output;
}

TEST(SweepCommand, BadSweepFileExitsWithStatus2) {
  TempDir dir;
  std::string text = grid_sweep(1, 1000, 5);
  text.replace(text.find("network.k_mean:"), 15, "network.kmean:");
  write_file(dir.file("bad.yaml"), text);
  const Result r = run(sweep_cmd(dir.file("bad.yaml"), dir.file("bad.h5")));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("bad.yaml:11:7: error: sweep.design.parameters.network.kmean: unknown "
                          "parameter path 'network.kmean' (did you mean 'network.k_mean'?)"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(dir.file("bad.h5.d")));
}

TEST(SweepCommand, ExampleSmallGridRuns) {
  TempDir dir;
  const std::string file = source_dir() + "/scenarios/sweeps/small-grid.yaml";
  const Result r = run({govsim_binary(), "sweep", file, "-o", dir.file("sg.h5"), "-q"});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir.file("sg.h5")));
}

}  // namespace
}  // namespace govsim::sim::testing
