#include "sim/output/result_file.hpp"

#include <H5Cpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "sim/core/error.hpp"
#include "sim/output/result_compare.hpp"

namespace govsim::sim {
namespace {

namespace fs = std::filesystem;

class ResultFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("govsim_output_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  static RunResult sample(uint32_t replicate, double offset = 0.0) {
    RunResult r;
    r.arm = "BASE";
    r.replicate = replicate;
    r.seed = 42;
    r.run_seed = 0x1234567890abcdefULL;
    r.metrics = {{"active_share", "share", "share of active agents", true},
                 {"count", "count", "active agents", false}};
    r.rows = 4;
    r.groups = 2;
    r.series = {0.0, 0.25, 0.5, 0.75 + offset, 0, 1, 2, 3};
    r.group_series = {0, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    r.finals = {{"active_share", 0.75, -1}, {"ratio", std::nan(""), 0}};
    r.extras = {{"hist", "histogram", {1, 2, 3}, {}}};
    return r;
  }
  static FileHeader header() {
    FileHeader h;
    h.kind = "run";
    h.name = "test";
    h.model = "toy";
    h.scenario_yaml = "model: toy\n";
    h.seed = 42;
    h.replicates = 1;
    return h;
  }

  fs::path dir_;
};

TEST_F(ResultFileTest, RoundTripThroughHdf5) {
  const std::string p = path("r.h5");
  {
    ResultFile f(p, false, header());
    f.write_run(sample(0), "toy", "model: toy\n", true);
    f.write_table("/summary/final", {"BASE"}, {"a.mean", "a.n"}, {0.5, 3});
    EXPECT_TRUE(fs::exists(p + ".tmp"));
    EXPECT_FALSE(fs::exists(p));
    f.commit();
  }
  ASSERT_TRUE(fs::exists(p));
  EXPECT_FALSE(fs::exists(p + ".tmp"));
  H5::H5File file(p, H5F_ACC_RDONLY);
  H5::DataSet ds = file.openDataSet("/runs/BASE/r0000/series/active_share");
  double v[4];
  ds.read(v, H5::PredType::NATIVE_DOUBLE);
  EXPECT_EQ(v[3], 0.75);
  H5::DataSet cs = file.openDataSet("/runs/BASE/r0000/community/active_share");
  hsize_t dims[2];
  cs.getSpace().getSimpleExtentDims(dims);
  EXPECT_EQ(dims[0], 4u);
  EXPECT_EQ(dims[1], 2u);
  double g[8];
  cs.read(g, H5::PredType::NATIVE_DOUBLE);
  EXPECT_EQ(g[3], 0.2);  // row 1, group 1
  EXPECT_FALSE(file.nameExists("/runs/BASE/r0000/community/count"));
  double fin;
  file.openDataSet("/runs/BASE/r0000/final/ratio").read(&fin, H5::PredType::NATIVE_DOUBLE);
  EXPECT_TRUE(std::isnan(fin));
  H5::Attribute ver = file.openGroup("/").openAttribute("govsim_version");
  std::string s;
  ver.read(ver.getStrType(), s);
  EXPECT_FALSE(s.empty());
  EXPECT_TRUE(file.nameExists("/provenance"));
  EXPECT_TRUE(file.nameExists("/summary/final/values"));
}

TEST_F(ResultFileTest, UncommittedFileLeavesNothingBehind) {
  const std::string p = path("r.h5");
  {
    ResultFile f(p, false, header());
    f.write_run(sample(0), "toy", "", true);
  }
  EXPECT_FALSE(fs::exists(p));
  EXPECT_FALSE(fs::exists(p + ".tmp"));
}

TEST_F(ResultFileTest, ExistingOutputNeedsForce) {
  const std::string p = path("r.h5");
  std::ofstream(p) << "precious";
  try {
    ResultFile f(p, false, header());
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("already exists (use --force to replace it)"), std::string::npos);
  }
  {
    ResultFile f(p, true, header());
    // Not committed: the existing file must survive untouched.
  }
  std::ifstream in(p);
  std::string content;
  in >> content;
  EXPECT_EQ(content, "precious");
}

TEST_F(ResultFileTest, MissingOrReadOnlyFolderIsAnInputError) {
  EXPECT_THROW(check_output_path(path("missing/r.h5"), false), InputError);
  if (::geteuid() != 0) {  // root ignores permission bits
    fs::create_directories(dir_ / "ro");
    fs::permissions(dir_ / "ro", fs::perms::owner_read | fs::perms::owner_exec);
    EXPECT_THROW(check_output_path(path("ro/r.h5"), false), InputError);
  }
}

TEST_F(ResultFileTest, CompareSeesDataDifferencesOnly) {
  auto write = [&](const std::string& name, double offset, const std::string& cmd) {
    FileHeader h = header();
    h.provenance.command_line = cmd;
    ResultFile f(path(name), false, h);
    f.write_run(sample(0, offset), "toy", "", true);
    f.commit();
  };
  write("a.h5", 0.0, "govsim run --threads 1");
  write("b.h5", 0.0, "govsim run --threads 8");
  write("c.h5", 1e-15, "govsim run --threads 1");
  const auto same = compare_result_files(path("a.h5"), path("b.h5"));
  EXPECT_TRUE(same.identical) << (same.differences.empty() ? "" : same.differences[0]);
  EXPECT_GT(same.objects_compared, 5u);
  const auto other = compare_result_files(path("a.h5"), path("c.h5"));
  EXPECT_FALSE(other.identical);
  ASSERT_FALSE(other.differences.empty());
  EXPECT_NE(other.differences[0].find("series/active_share"), std::string::npos) << other.differences[0];
}

}  // namespace
}  // namespace govsim::sim
