// The same sweep under `mpirun -np 2` (dynamic assignment over two ranks) writes a file whose
// data equals the single-process file's: seeds come from the manifest, never from the rank, and
// assembly follows the manifest. The same for `govsim compare scenarios/compare-five.yaml`,
// killed with SIGKILL midway under mpirun and resumed under mpirun (every command goes through
// the one pipeline). Skipped when mpirun is not installed or govsim was built without MPI.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include <fmt/format.h>

#include <sstream>

#include "sim/output/result_compare.hpp"
#include "tests/sim/sweep/sweep_test_util.hpp"

namespace govsim::sim::testing {
namespace {

bool have_mpirun() { return std::system("command -v mpirun > /dev/null 2>&1") == 0; }

TEST(SweepMpi, TwoRanksEqualOneProcess) {
  if (!have_mpirun()) GTEST_SKIP() << "mpirun not found: the MPI twin test needs Open MPI's mpirun";
  TempDir dir;
  // crn: false so that every run has its own seed: a rank-dependent seed would show.
  std::string text = grid_sweep(5, 3000, 40);
  text.replace(text.find("  design:"), 0, "  crn: false\n");
  write_file(dir.file("s.yaml"), text);
  const Result single = run({govsim_binary(), "sweep", dir.file("s.yaml"), "-o", dir.file("one.h5"), "-q"});
  ASSERT_EQ(single.status, 0) << single.output;
  const Result mpi = run({"mpirun", "-np", "2", "--oversubscribe", "--allow-run-as-root",
                          govsim_binary(), "sweep", dir.file("s.yaml"), "-o", dir.file("two.h5"),
                          "-t", "1"});
  ASSERT_EQ(mpi.status, 0) << mpi.output;
  if (mpi.output.find("2 process(es)") == std::string::npos)
    GTEST_SKIP() << "govsim did not run as 2 MPI ranks (built without MPI?): " << mpi.output;
  const CompareReport rep = compare_result_files(dir.file("one.h5"), dir.file("two.h5"));
  EXPECT_TRUE(rep.identical) << (rep.differences.empty() ? "" : rep.differences[0]);
  EXPECT_GT(rep.objects_compared, 200u);
}

TEST(SweepMpi, ResumeUnderMpiAfterAPartialSingleProcessSweep) {
  if (!have_mpirun()) GTEST_SKIP() << "mpirun not found";
  TempDir dir;
  write_file(dir.file("s.yaml"), grid_sweep(12, 20000, 100));
  const std::string out = dir.file("r.h5");
  const pid_t pid = spawn({govsim_binary(), "sweep", dir.file("s.yaml"), "-o", out, "-t", "1",
                           "--concurrent-runs", "1"},
                          dir.file("k.log"));
  const bool started = wait_for_run_files(out + ".d", 1, pid);
  ::kill(pid, SIGKILL);
  wait_status(pid);
  ASSERT_TRUE(started) << read_text(dir.file("k.log"));
  const Result mpi = run({"mpirun", "-np", "2", "--oversubscribe", "--allow-run-as-root",
                          govsim_binary(), "sweep", dir.file("s.yaml"), "-o", out, "-t", "1",
                          "--resume", "-q"});
  ASSERT_EQ(mpi.status, 0) << mpi.output;
  const Result single = run({govsim_binary(), "sweep", dir.file("s.yaml"), "-o", dir.file("one.h5"), "-q"});
  ASSERT_EQ(single.status, 0) << single.output;
  const CompareReport rep = compare_result_files(dir.file("one.h5"), out);
  EXPECT_TRUE(rep.identical) << (rep.differences.empty() ? "" : rep.differences[0]);
}

// The processes whose parent is `parent` (the ranks mpirun started).
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(e.path() / "stat");
    std::string stat;
    std::getline(in, stat);
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) out.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return out;
}

TEST(CompareMpi, KilledUnderMpiAndResumedUnderMpiEqualsOneProcess) {
  if (!have_mpirun()) GTEST_SKIP() << "mpirun not found";
  TempDir dir;
  const std::string five = source_dir() + "/scenarios/compare-five.yaml";
  const std::vector<std::string> args = {govsim_binary(), "compare", five, "--replicates", "2",
                                         "--set", "steps=52", "-t", "1"};
  auto cmd = [&](std::vector<std::string> pre, std::vector<std::string> post) {
    pre.insert(pre.end(), args.begin(), args.end());
    pre.insert(pre.end(), post.begin(), post.end());
    return pre;
  };
  const std::vector<std::string> mpirun = {"mpirun", "-np", "2", "--oversubscribe", "--allow-run-as-root"};
  const Result single = run(cmd({}, {"-o", dir.file("one.h5"), "-q"}));
  ASSERT_EQ(single.status, 0) << single.output;
  const std::string out = dir.file("two.h5");
  const pid_t pid = spawn(cmd(mpirun, {"-o", out}), dir.file("k.log"));
  const bool started = wait_for_run_files(out + ".d", 4, pid);
  for (const pid_t rank : children_of(pid)) ::kill(rank, SIGKILL);  // kill -9 of the ranks
  ::kill(pid, SIGKILL);
  wait_status(pid);
  ASSERT_TRUE(started) << read_text(dir.file("k.log"));
  if (read_text(dir.file("k.log")).find("2 process(es)") != std::string::npos)
    GTEST_SKIP() << "the comparison finished before the kill";
  const std::size_t kept = run_files(out + ".d");
  ASSERT_GE(kept, 4u);
  ASSERT_LT(kept, 24u);
  EXPECT_FALSE(fs::exists(out));
  const Result resumed = run(cmd(mpirun, {"-o", out, "--resume"}));
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  if (resumed.output.find("2 process(es)") == std::string::npos)
    GTEST_SKIP() << "govsim did not run as 2 MPI ranks (built without MPI?): " << resumed.output;
  EXPECT_NE(resumed.output.find(fmt::format("resuming five-countermeasures: {} of 24 runs", kept)),
            std::string::npos)
      << resumed.output;
  const CompareReport rep = compare_result_files(dir.file("one.h5"), out);
  EXPECT_TRUE(rep.identical) << (rep.differences.empty() ? "" : rep.differences[0]);
  EXPECT_GT(rep.objects_compared, 2000u);
}

}  // namespace
}  // namespace govsim::sim::testing
