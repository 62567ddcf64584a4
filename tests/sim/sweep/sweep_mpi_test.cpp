// The same sweep under `mpirun -np 2` (dynamic assignment over two ranks) writes a file whose
// data equals the single-process file's: seeds come from the manifest, never from the rank, and
// assembly follows the manifest. Skipped when mpirun is not installed or govsim was built
// without MPI.
#include <gtest/gtest.h>

#include <cstdlib>

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

}  // namespace
}  // namespace govsim::sim::testing
