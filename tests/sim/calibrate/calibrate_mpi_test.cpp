// govsim calibrate under `mpirun -np 2` gives the same population as one process (proposals
// come from the calibration's counter stream on every rank alike; the runs' seeds from the
// plan). Skipped when mpirun is missing or govsim was built without MPI.
#include <gtest/gtest.h>

#include <cstdlib>

#include "sim/output/h5.hpp"
#include "tests/sim/calibrate/calibrate_test_util.hpp"

namespace govsim::sim::testing {
namespace {

bool have_mpirun() { return std::system("command -v mpirun > /dev/null 2>&1") == 0; }

TEST(CalibrateMpi, TwoRanksGiveTheSamePopulationAsOneProcess) {
  if (!have_mpirun()) GTEST_SKIP() << "mpirun not found: the MPI twin test needs Open MPI's mpirun";
  TempDir dir;
  write_calibration(dir, small_calibration());
  const Result one = run({govsim_binary(), "calibrate", dir.file("cal.yaml"), "-o", dir.file("one.h5"), "-q"});
  ASSERT_EQ(one.status, 0) << one.output;
  const Result two = run({"mpirun", "-np", "2", "--oversubscribe", "--allow-run-as-root", govsim_binary(),
                          "calibrate", dir.file("cal.yaml"), "-o", dir.file("two.h5"), "-t", "1", "-v"});
  ASSERT_EQ(two.status, 0) << two.output;
  {  // the provenance says whether two ranks ran
    h5::quiet();
    const h5::Handle f = h5::open_file(dir.file("two.h5"));
    const h5::Handle prov = h5::open_group(f.id(), "/provenance");
    const int64_t ranks = h5::read_i64_attr(prov.id(), "mpi_ranks");
    if (ranks != 2) GTEST_SKIP() << "govsim did not run as 2 MPI ranks (built without MPI?): " << two.output;
  }
  const CompareReport rep = compare_calibrations(dir.file("one.h5"), dir.file("two.h5"));
  EXPECT_TRUE(rep.identical) << (rep.differences.empty() ? "" : rep.differences[0]);
}

}  // namespace
}  // namespace govsim::sim::testing
