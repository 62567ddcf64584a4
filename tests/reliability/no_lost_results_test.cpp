// No lost results (docs/reliability.md): `govsim run` killed with SIGKILL at many moments never
// leaves a complete-looking file that is not complete, and `--resume` afterwards completes it
// with the data of an uninterrupted run; SIGINT and SIGTERM exit 130 / 143, keep the finished
// runs in <out>.d/ and in <stem>.partial.h5 (complete="false") and say so. The same for
// `govsim compare` (scenarios/compare-five.yaml) and `govsim sweep`: every command goes
// through the one pipeline.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <thread>

#include "tests/reliability/reliability_support.hpp"

namespace govsim::testing {
namespace {

// Eight governance replicates of 52 steps on 15,000 residents: about a second on one thread
// (1.05 s on the development VM after issue 7's speed-up; the 1,000 residents used before took
// 0.13 s, so that a signal at 0.15 T arrived before the handler was installed), so kill points
// fall before the first run, between runs, while a run is written and around the commit.
const char* kJob =
    "model: governance\nname: k\nseed: 5\nreplicates: 8\nsteps: 52\n"
    "params: {n_comm: 6, pop_comm: 2500}\n";
constexpr uint32_t kReplicates = 8;

// Every file in `dir` that looks like results (*.h5, not *.tmp) must open and hold only
// complete runs; the one at `out` must be complete with every replicate. Returns problems.
std::string audit(const fs::path& dir, const std::string& out) {
  std::string problems;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string p = e.path().string();
    if (e.path().extension() != ".h5") continue;  // *.h5.tmp is not complete-looking
    if (p.find("/kill_") == std::string::npos && p != out) continue;
    const FileCheck c = check_results_file(p);
    if (!c.problems.empty()) problems += p + ": " + c.problems + "\n";
    const bool partial = p.size() > 11 && p.compare(p.size() - 11, 11, ".partial.h5") == 0;
    if (partial && c.complete != "false") problems += p + ": partial file not marked complete=false\n";
    if (!partial) {
      if (c.complete != "true") problems += p + ": complete='" + c.complete + "'\n";
      if (c.runs != kReplicates)
        problems += p + ": " + std::to_string(c.runs) + " runs, expected " +
                    std::to_string(kReplicates) + "\n";
    }
  }
  return problems;
}

class NoLostResults : public ::testing::Test {
 protected:
  NoLostResults() : dir_("reliability_kill") { scen_ = dir_.write("k.yaml", kJob); }
  // Wall time of an uninterrupted run (seconds).
  double baseline_seconds() {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = run("run " + scen_ + " -o " + (dir_ / "baseline.h5") + " -q --threads 1");
    EXPECT_EQ(r.status, 0) << r.output;
    const double s = seconds_since(t0);
    const FileCheck c = check_results_file(dir_ / "baseline.h5");
    EXPECT_TRUE(c.problems.empty()) << c.problems;
    EXPECT_EQ(c.complete, "true");
    EXPECT_EQ(c.runs, kReplicates);
    return s;
  }
  TempDir dir_;
  std::string scen_;
};

// SIGKILL at fixed fractions of the run's duration (0% .. 120%, every 5%) and at random moments
// from three fixed seeds; after each kill the folder is audited, then (for the first kills that
// left a run store <path>.d/) the same command with --resume must complete with the data of an
// uninterrupted run.
TEST_F(NoLostResults, SigkillAtManyMomentsLeavesOnlyCompleteFiles) {
  const double T = baseline_seconds();
  std::vector<double> points;
  for (int k = 0; k <= 24; ++k) points.push_back(T * 0.05 * k);
  for (unsigned seed : {1u, 2u, 3u}) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.1 * T);
    for (int i = 0; i < 5; ++i) points.push_back(u(rng));
  }
  int finished_before_kill = 0, killed = 0, reruns = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string out = dir_ / ("kill_" + std::to_string(i) + ".h5");
    Child c({"run", scen_, "-o", out, "-q", "--threads", "1"}, dir_ / "log.txt");
    std::this_thread::sleep_for(std::chrono::duration<double>(points[i]));
    c.signal(SIGKILL);
    const int st = c.wait();
    (st == 128 + SIGKILL ? killed : finished_before_kill)++;
    const std::string problems = audit(dir_.path(), out);
    EXPECT_TRUE(problems.empty()) << "kill at " << points[i] << " s:\n" << problems;
    // A kill that lands after the atomic rename (while the process exits) leaves `out`, and
    // audit() has just checked that it is complete with every replicate; any earlier kill
    // leaves no file at `out`, and the runs that had finished in <out>.d/.
    if (fs::exists(out + ".d") && !fs::exists(out) && reruns < 4) {
      ++reruns;
      const auto again = run("run " + scen_ + " -o " + out + " -q --threads 1 --resume");
      EXPECT_EQ(again.status, 0) << again.output;
      const FileCheck c2 = check_results_file(out);
      EXPECT_TRUE(c2.problems.empty()) << c2.problems;
      EXPECT_EQ(c2.runs, kReplicates);
      EXPECT_FALSE(fs::exists(out + ".tmp"));
      EXPECT_FALSE(fs::exists(out + ".d"));
      const auto d = run("diff " + (dir_ / "baseline.h5") + " " + out);
      EXPECT_EQ(d.status, 0) << d.output;
    }
    fs::remove(out);
    fs::remove(out + ".tmp");
    fs::remove_all(out + ".d");
  }
  EXPECT_GT(reruns, 0) << "no kill left a run store: the kill points miss the runs";
  RecordProperty("kill_points", static_cast<int>(points.size()));
  RecordProperty("killed_mid_run", killed);
  std::printf("[ reliability ] %zu SIGKILL points over %.2f s: %d killed mid-run, %d had finished; "
              "results lost: 0\n",
              points.size(), T, killed, finished_before_kill);
  EXPECT_GT(killed, 10);
}

// SIGINT / SIGTERM after some runs finished: exit 130 / 143, the finished runs kept in
// <stem>.partial.h5 marked incomplete and in <out>.d/, the output path not written, and the
// message says so; --resume then gives the data of an uninterrupted run.
void interrupt_keeps_finished_runs(const TempDir& dir, const std::string& scen, int sig,
                                   double after_s, const std::string& tag) {
  const std::string out = dir / (tag + ".h5");
  const std::string partial = dir / (tag + ".partial.h5");
  Child c({"run", scen, "-o", out, "-q", "--threads", "1"}, dir / (tag + ".log"));
  std::this_thread::sleep_for(std::chrono::duration<double>(after_s));
  const auto t0 = std::chrono::steady_clock::now();
  c.signal(sig);
  const int st = c.wait();
  EXPECT_LT(seconds_since(t0), 10.0) << "slow to stop after the signal";
  EXPECT_EQ(st, 128 + sig) << c.output();
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".tmp"));
  const std::string msg = c.output();
  std::printf("[ reliability ] signal %d after %.2f s: exit %d, %s\n", sig, after_s, st,
              fs::exists(partial) ? "finished runs kept in .partial.h5 and .d/" : "nothing had finished");
  if (fs::exists(partial)) {
    const FileCheck f = check_results_file(partial);
    EXPECT_TRUE(f.problems.empty()) << f.problems;
    EXPECT_EQ(f.complete, "false");
    EXPECT_GT(f.runs, 0u);
    EXPECT_LT(f.runs, kReplicates);
    EXPECT_NE(msg.find("interrupted: " + std::to_string(f.runs) + " of " +
                       std::to_string(kReplicates) + " runs had finished; they are kept in " +
                       partial + " (marked incomplete) and in " + out + ".d/; " + out +
                       " was not written"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("resume with: govsim run " + scen + " -o " + out + " --resume"), std::string::npos) << msg;
    const auto res = run("run " + scen + " -o " + out + " -q --threads 1 --resume");
    EXPECT_EQ(res.status, 0) << res.output;
    const auto d = run("diff " + (dir / "baseline.h5") + " " + out);
    EXPECT_EQ(d.status, 0) << d.output;
  } else if (!(after_s == 0.0 && msg.empty())) {  // at 0 s the handler may not be installed yet
    EXPECT_NE(msg.find("interrupted: no run had finished; nothing was written"), std::string::npos)
        << msg;
    EXPECT_FALSE(fs::exists(out + ".d")) << "an empty run store is not kept";
  }
}

TEST_F(NoLostResults, SigintExits130AndKeepsFinishedRuns) {
  const double T = baseline_seconds();
  interrupt_keeps_finished_runs(dir_, scen_, SIGINT, 0.6 * T, "int");
  // Right after the start: nothing had finished, nothing is written.
  interrupt_keeps_finished_runs(dir_, scen_, SIGINT, 0.0, "int0");
  // Early, as a share of the measured duration (a fixed delay outlives the job on a fast machine).
  interrupt_keeps_finished_runs(dir_, scen_, SIGINT, 0.15 * T, "int1");
}

TEST_F(NoLostResults, SigtermExits143AndKeepsFinishedRuns) {
  const double T = baseline_seconds();
  interrupt_keeps_finished_runs(dir_, scen_, SIGTERM, 0.6 * T, "term");
}


// Finished runs (run-*.h5 files) in a run store.
std::size_t kept_runs(const std::string& dir) {
  std::size_t n = 0;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return 0;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("run-", 0) == 0 && e.path().extension() == ".h5") ++n;
  }
  return n;
}

// Waits until `dir` holds at least `n` finished runs (false after `timeout_s`).
bool wait_for_runs(const std::string& dir, std::size_t n, double timeout_s = 120) {
  const auto t0 = std::chrono::steady_clock::now();
  while (seconds_since(t0) < timeout_s) {
    if (kept_runs(dir) >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

// `govsim compare scenarios/compare-five.yaml` (12 arms, 2 replicates, 52 weeks: 24 runs)
// killed with SIGKILL midway, twice, and resumed: the file equals an uninterrupted
// comparison's (`govsim diff`), so no run is lost or duplicated.
TEST_F(NoLostResults, CompareKilledAndResumedEqualsUninterrupted) {
  const std::string five = source_dir() + "/scenarios/compare-five.yaml";
  const std::vector<std::string> args = {"compare", five, "--replicates", "2", "--set", "steps=52",
                                         "-q", "--threads", "1"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> v = args;
    v.insert(v.end(), extra.begin(), extra.end());
    return v;
  };
  const std::string ref = dir_ / "five-ref.h5", out = dir_ / "five.h5";
  const auto r = run("compare " + five + " --replicates 2 --set steps=52 -q --threads 1 -o " + ref);
  ASSERT_EQ(r.status, 0) << r.output;
  std::size_t last = 0;
  for (const std::size_t at : {4u, 12u}) {
    Child c(with({"-o", out, "--resume"}), dir_ / "five.log");
    const bool reached = wait_for_runs(out + ".d", at);
    c.signal(SIGKILL);
    ASSERT_EQ(c.wait(), 128 + SIGKILL) << c.output();
    ASSERT_TRUE(reached) << c.output();
    const std::size_t kept = kept_runs(out + ".d");
    EXPECT_GE(kept, at);
    EXPECT_GE(kept, last) << "a kill lost finished runs";
    EXPECT_LT(kept, 24u) << "the comparison finished before the kill";
    EXPECT_FALSE(fs::exists(out));
    last = kept;
  }
  // Without --resume the store is refused; with it only the missing runs run.
  const std::string base = "compare " + five + " --replicates 2 --set steps=52 --threads 1 -o " + out;
  const auto refused = run(base + " -q");
  EXPECT_EQ(refused.status, 2) << refused.output;
  EXPECT_NE(refused.output.find("Resume it with --resume"), std::string::npos) << refused.output;
  const auto resumed = run(base + " --resume");
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resuming five-countermeasures: " + std::to_string(last) +
                                " of 24 runs are already finished; " + std::to_string(24 - last) + " to run"),
            std::string::npos)
      << resumed.output;
  const auto d = run("diff " + ref + " " + out);
  EXPECT_EQ(d.status, 0) << d.output;
  EXPECT_FALSE(fs::exists(out + ".d"));
  std::printf("[ reliability ] compare-five killed twice (%zu of 24 runs kept) and resumed: %s\n", last,
              d.status == 0 ? "identical to the uninterrupted comparison" : "DIFFERENT");
}

// Sweeps keep each finished run in <out>.d/: SIGKILL at several moments, then `--resume` until
// the sweep completes; the assembled file must hold the same data as an uninterrupted sweep
// (`govsim diff`, exit 0), so no run is lost or duplicated across kills.
TEST_F(NoLostResults, SweepKilledAndResumedEqualsUninterrupted) {
  dir_.write("base.yaml", kJob);
  const std::string sweep = dir_.write(
      "sw.yaml",
      "sweep:\n  name: sw\n  base: base.yaml\n  replicates: 2\n  seed: 9\n"
      "  design: {type: grid, parameters: {params.n_comm: [1, 2, 3]}}\n");
  const std::string ref = dir_ / "ref.h5";
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = run("sweep " + sweep + " -o " + ref + " -q --threads 1");
  ASSERT_EQ(r.status, 0) << r.output;
  const double T = seconds_since(t0);
  const std::string out = dir_ / "killed.h5";
  int kills = 0;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0.05 * T, 0.5 * T);
  for (int attempt = 0; attempt < 8; ++attempt) {
    Child c({"sweep", sweep, "-o", out, "-q", "--threads", "1", "--resume"}, dir_ / "sw.log");
    std::this_thread::sleep_for(std::chrono::duration<double>(u(rng)));
    c.signal(SIGKILL);
    const int st = c.wait();
    if (st != 128 + SIGKILL) break;  // finished before the kill
    ++kills;
    // A kill after the atomic rename of the assembled file (while the process exits) leaves a
    // complete `out`: the diff below checks its data.
    if (fs::exists(out)) break;
  }
  if (!fs::exists(out)) {
    const auto fin = run("sweep " + sweep + " -o " + out + " -q --threads 1 --resume");
    ASSERT_EQ(fin.status, 0) << fin.output;
  }
  const auto d = run("diff " + ref + " " + out);
  EXPECT_EQ(d.status, 0) << d.output;
  std::printf("[ reliability ] sweep killed %d times and resumed: %s\n", kills,
              d.status == 0 ? "identical to the uninterrupted sweep" : "DIFFERENT");
  EXPECT_GT(kills, 0);
}

// SIGINT / SIGTERM stop a sweep cleanly: exit 130 / 143, the output not written, every finished
// run kept in <out>.d/ and counted in the message, which also gives the command to resume; the
// resumed sweep then equals an uninterrupted one (`govsim diff`, exit 0).
void interrupt_sweep_keeps_finished_runs(const TempDir& dir, const std::string& sweep,
                                         const std::string& ref, int sig, double after_s,
                                         const std::string& tag) {
  const std::string out = dir / (tag + ".h5");
  const std::string runs_dir = out + ".d";
  Child c({"sweep", sweep, "-o", out, "-q", "--threads", "1"}, dir / (tag + ".log"));
  std::this_thread::sleep_for(std::chrono::duration<double>(after_s));
  const auto t0 = std::chrono::steady_clock::now();
  c.signal(sig);
  const int st = c.wait();
  EXPECT_LT(seconds_since(t0), 10.0) << "slow to stop after the signal";
  const std::string msg = c.output();
  ASSERT_EQ(st, 128 + sig) << msg;
  EXPECT_FALSE(fs::exists(out));
  std::size_t kept = 0;
  if (fs::exists(runs_dir))
    for (const auto& e : fs::directory_iterator(runs_dir)) {
      const std::string name = e.path().filename().string();
      if (name.rfind("run-", 0) == 0 && e.path().extension() == ".h5") ++kept;
    }
  EXPECT_NE(msg.find("interrupted: " + std::to_string(kept) + " of 12 runs are finished and kept in " +
                     runs_dir + "/; " + out + " was not written."),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("resume with: "), std::string::npos) << msg;
  std::printf("[ reliability ] sweep, signal %d after %.2f s: exit %d, %zu of 12 runs kept\n", sig,
              after_s, st, kept);
  // Resuming runs only what is missing and gives the uninterrupted sweep's data.
  const auto res = run("sweep " + sweep + " -o " + out + " --threads 1 --resume");
  ASSERT_EQ(res.status, 0) << res.output;
  EXPECT_NE(res.output.find("resuming sw: " + std::to_string(kept) + " of 12 runs are already finished; " +
                            std::to_string(12 - kept) + " to run"),
            std::string::npos)
      << res.output;
  const auto d = run("diff " + ref + " " + out);
  EXPECT_EQ(d.status, 0) << d.output;
}

TEST_F(NoLostResults, SweepSigintExits130AndSigtermExits143KeepingFinishedRuns) {
  // Runs of 208 steps (not kJob's 52), so that a signal at 0.3 T lands mid-sweep even when the
  // load of a parallel CTest run changes between the reference sweep and the interrupted one.
  std::string job = kJob;
  job.replace(job.find("steps: 52"), 9, "steps: 208");
  dir_.write("base.yaml", job);
  const std::string sweep = dir_.write(
      "sw.yaml",
      "sweep:\n  name: sw\n  base: base.yaml\n  replicates: 4\n  seed: 9\n"
      "  design: {type: grid, parameters: {params.n_comm: [1, 2, 3]}}\n");
  const std::string ref = dir_ / "ref.h5";
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = run("sweep " + sweep + " -o " + ref + " -q --threads 1");
  ASSERT_EQ(r.status, 0) << r.output;
  const double T = seconds_since(t0);
  // A third of the way: some of the 12 runs have finished, some have not.
  interrupt_sweep_keeps_finished_runs(dir_, sweep, ref, SIGINT, 0.3 * T, "swint");
  interrupt_sweep_keeps_finished_runs(dir_, sweep, ref, SIGTERM, 0.3 * T, "swterm");
}

}  // namespace
}  // namespace govsim::testing
