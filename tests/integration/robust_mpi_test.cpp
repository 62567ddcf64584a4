// `govsim compare FILE --posterior calib.h5` under `mpirun -np 2` writes the data of the
// single-process file: the draws come from the comparison's own stream, the seeds from the
// plan. Skipped when mpirun is not installed or govsim was built without MPI.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "cli_harness.hpp"
#include "robust_fixture.hpp"
#include "sim/output/result_compare.hpp"

namespace govsim::testing {
namespace {

TEST(RobustCompareMpi, TwoRanksEqualOneProcess) {
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) GTEST_SKIP() << "mpirun not found";
  TempDir dir("robust_mpi");
  dir.write("base.yaml", kRobustBase);
  dir.write("cm2.yaml", kRobustCm2);
  dir.write("cm5.yaml", kRobustCm5);
  const std::string cmp = dir.write("cmp.yaml", kRobustCompare);
  const std::string calib = dir / "calib.h5";
  write_calib(calib, "governance", governance_params());
  const std::string args = "compare " + cmp + " --posterior " + calib + " --draws 3";
  const auto one = run(args + " -o " + (dir / "one.h5") + " -q -t 1");
  ASSERT_EQ(one.status, 0) << one.output;
  const std::string two = dir / "two.h5";
  const std::string cmd = "mpirun -np 2 --oversubscribe --allow-run-as-root " + govsim_bin() + " " + args +
                          " -o " + two + " -t 1 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int st = ::pclose(p);
  ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << out;
  if (out.find("2 process(es)") == std::string::npos) GTEST_SKIP() << "not 2 MPI ranks: " << out;
  const auto rep = sim::compare_result_files(dir / "one.h5", two);
  EXPECT_TRUE(rep.identical) << (rep.differences.empty() ? "" : rep.differences.front());
}

}  // namespace
}  // namespace govsim::testing
