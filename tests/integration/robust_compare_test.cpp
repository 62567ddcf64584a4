// `govsim compare FILE --posterior calib.h5 [--draws K]` at the command line: common random
// numbers across arms, the same file for any thread count, resume, the robust tables, and
// bad calibration files (exit 2 naming the file).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <string>

#include "cli_harness.hpp"
#include "robust_fixture.hpp"
#include "sim/output/h5.hpp"
#include "sim/output/result_compare.hpp"

namespace govsim::testing {
namespace {

namespace fs = std::filesystem;
namespace h5 = sim::h5;

class RobustCompare : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("base.yaml", kRobustBase);
    dir_.write("cm2.yaml", kRobustCm2);
    dir_.write("cm5.yaml", kRobustCm5);
    cmp_ = dir_.write("cmp.yaml", kRobustCompare);
    calib_ = dir_ / "calib.h5";
    write_calib(calib_, "governance", governance_params());
  }
  std::string compare(const std::string& out, const std::string& extra = "") {
    return "compare " + cmp_ + " --posterior " + calib_ + " -o " + out + " -q " + extra;
  }
  TempDir dir_{"robust_cli"};
  std::string cmp_, calib_;
};

uint64_t u64_attr(const std::string& file, const std::string& group, const char* name) {
  std::lock_guard<std::mutex> lock(h5::mutex());
  const h5::Handle f = h5::open_file(file);
  const h5::Handle g = h5::open_group(f.id(), group);
  return h5::read_u64_attr(g.id(), name);
}

TEST_F(RobustCompare, CommonRandomNumbersAcrossArmsAndTables) {
  const std::string out = dir_ / "r.h5";
  const auto r = run(compare(out, "--threads 2"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("P(best)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("h1"), std::string::npos) << r.output;
  // 4 draws x 2 replicates: run numbers 0..7 in every arm, the same run seed in every arm.
  for (int i = 0; i < 8; ++i) {
    const std::string rr = "/r000" + std::to_string(i);
    const uint64_t s = u64_attr(out, "/runs/BASE" + rr, "run_seed");
    EXPECT_EQ(s, u64_attr(out, "/runs/CM2" + rr, "run_seed"));
    EXPECT_EQ(s, u64_attr(out, "/runs/CM5" + rr, "run_seed"));
    if (i > 0) {
      EXPECT_NE(s, u64_attr(out, "/runs/BASE/r0000", "run_seed"));
    }
  }
  std::lock_guard<std::mutex> lock(h5::mutex());
  const h5::Handle f = h5::open_file(out);
  for (const char* p : {"/summary/p_best/values", "/robust/draws/values", "/robust/p_vol/effect/values",
                        "/robust/p_vol/ranks/values", "/robust/p_vol/beats/values", "/robust/p_vol/src/values",
                        "/robust/hypotheses/values", "/summary/final/values", "/summary/paired_vs_BASE/values"})
    EXPECT_TRUE(h5::exists(f.id(), p)) << p;
}

TEST_F(RobustCompare, SameFileForOneAndTwoThreadsAndAfterResume) {
  const std::string a = dir_ / "t1.h5", b = dir_ / "t2.h5", c = dir_ / "res.h5";
  ASSERT_EQ(run(compare(a, "--threads 1")).status, 0);
  ASSERT_EQ(run(compare(b, "--threads 2")).status, 0);
  const auto rep = sim::compare_result_files(a, b);
  EXPECT_TRUE(rep.identical) << (rep.differences.empty() ? "" : rep.differences.front());
  // A job whose store kept only some runs (as after kill -9): --resume completes it identically.
  ASSERT_EQ(run(compare(c, "--threads 2 --keep-runs")).status, 0);
  fs::remove(c);
  int removed = 0;
  for (const auto& e : fs::directory_iterator(c + ".d"))
    if (e.path().filename().string().rfind("run-", 0) == 0 && (removed++ % 3) != 0) fs::remove(e.path());
  ASSERT_GT(removed, 10);
  const auto again = run(compare(c, "--threads 2 --resume"));
  ASSERT_EQ(again.status, 0) << again.output;
  const auto rep2 = sim::compare_result_files(a, c);
  EXPECT_TRUE(rep2.identical) << (rep2.differences.empty() ? "" : rep2.differences.front());
}

TEST_F(RobustCompare, DrawsFlagAndDryRun) {
  const auto r = run(compare(dir_ / "d.h5", "--draws 3 --dry-run"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("3 draws x 3 arms x 2 replicates = 18 runs"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("# d0002: params.TS0="), std::string::npos) << r.output;
  const auto bad = run("compare " + cmp_ + " --draws 3 -o " + (dir_ / "x.h5"));
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_NE(bad.output.find("--draws needs --posterior"), std::string::npos) << bad.output;
}

TEST_F(RobustCompare, BadCalibrationFilesExitTwoNamingTheFile) {
  const std::string missing = dir_ / "missing.h5";
  auto r = run("compare " + cmp_ + " --posterior " + missing + " --dry-run");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(missing), std::string::npos) << r.output;

  const std::string text = dir_.write("text.h5", "not hdf5\n");
  r = run("compare " + cmp_ + " --posterior " + text + " --dry-run");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(text), std::string::npos) << r.output;

  const std::string other = dir_ / "other.h5";
  write_calib(other, "threshold_cascade", {{"params.threshold", sim::calibrate::PriorKind::kUniform, 0.1, 0.9}});
  r = run("compare " + cmp_ + " --posterior " + other + " --dry-run");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(other + ": error: the calibration is of model 'threshold_cascade'"), std::string::npos)
      << r.output;

  const std::string unknown = dir_ / "unknown.h5";
  write_calib(unknown, "governance", {{"params.no_such_thing", sim::calibrate::PriorKind::kUniform, 0.1, 0.9}});
  r = run("compare " + cmp_ + " --posterior " + unknown + " --dry-run");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(unknown + ": error: parameter 'params.no_such_thing'"), std::string::npos) << r.output;
}

TEST_F(RobustCompare, BadHypothesesAreLocated) {
  std::string text = kRobustCompare;
  text.replace(text.find("arm: CM5, beats: BASE"), 21, "arm: CM9, beats: BASE");
  const std::string f = dir_.write("badh.yaml", text);
  const auto r = run("compare " + f + " --dry-run");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("badh.yaml:10:"), std::string::npos) << r.output;
  // The YAML toolkit's message for an unknown name, as in every other file kind.
  EXPECT_NE(r.output.find("hypotheses.0.arm: unknown arm 'CM9' (did you mean 'CM2'?)"), std::string::npos)
      << r.output;
}

TEST_F(RobustCompare, OnePointHypothesesOverReplicates) {
  const std::string out = dir_ / "plain.h5";
  const auto r = run("compare " + cmp_ + " -o " + out + " -q --threads 2");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("Hypotheses at this parameter point"), std::string::npos) << r.output;
  std::lock_guard<std::mutex> lock(h5::mutex());
  const h5::Handle f = h5::open_file(out);
  EXPECT_TRUE(h5::exists(f.id(), "/summary/hypotheses/values"));
  EXPECT_FALSE(h5::exists(f.id(), "/robust"));
}


TEST_F(RobustCompare, TargetRangesAreDrawnPerDrawAndMidpointElsewhere) {
  dir_.write("cm5.yaml", "extends: base.yaml\nname: cm5x\ncountermeasures:\n  - {type: law_and_virtue, intensity: 1, "
                         "targets: {p_enf: {range: [0.15, 0.3]}}}\n");
  dir_.write("cm5mid.yaml", "extends: base.yaml\nname: cm5x\ncountermeasures:\n  - {type: law_and_virtue, intensity: 1, "
                            "targets: {p_enf: 0.22499999999999998}}\n");  // 0.5 (0.15 + 0.3)
  // Without --posterior: the midpoint, with a warning.
  const auto a = run("run " + (dir_ / "cm5.yaml") + " -o " + (dir_ / "range.h5"));
  ASSERT_EQ(a.status, 0) << a.output;
  EXPECT_NE(a.output.find("here the target is its midpoint"), std::string::npos) << a.output;
  ASSERT_EQ(run("run " + (dir_ / "cm5mid.yaml") + " -o " + (dir_ / "mid.h5") + " -q").status, 0);
  const auto same = sim::compare_result_files(dir_ / "range.h5", dir_ / "mid.h5", 5, {"scenario_yaml", "name"});
  EXPECT_TRUE(same.identical) << (same.differences.empty() ? "" : same.differences.front());
  // With --posterior: one column law_and_virtue.p_enf in [0.15, 0.3], set in CM5's draw-0 scenario.
  const std::string out = dir_ / "rr.h5";
  const auto r = run(compare(out, "--threads 2"));
  ASSERT_EQ(r.status, 0) << r.output;
  std::lock_guard<std::mutex> lock(h5::mutex());
  const h5::Handle f = h5::open_file(out);
  const auto cols = h5::read_strings(f.id(), "/robust/draws/columns");
  ASSERT_EQ(cols.size(), 4u);
  EXPECT_EQ(cols[2], "law_and_virtue.p_enf");
  const auto v = h5::read_f64s(f.id(), "/robust/draws/values");
  bool distinct = false;
  for (std::size_t d = 0; d < 4; ++d) {
    EXPECT_GE(v[d * 4 + 2], 0.15);
    EXPECT_LE(v[d * 4 + 2], 0.3);
    distinct = distinct || v[d * 4 + 2] != v[2];
  }
  EXPECT_TRUE(distinct);
  const h5::Handle g = h5::open_group(f.id(), "/runs/CM5");
  EXPECT_NE(h5::read_string_attr(g.id(), "scenario_yaml").find(fmt::format("p_enf: {}", v[2])), std::string::npos);
}

TEST_F(RobustCompare, UnknownTargetIsLocated) {
  dir_.write("cm5.yaml", "extends: base.yaml\ncountermeasures:\n  - {type: law_and_virtue, targets: {p_nope: 0.2}}\n");
  const auto r = run("run " + (dir_ / "cm5.yaml") + " -o " + (dir_ / "u.h5"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("'p_nope' is not a target of countermeasure 'law_and_virtue'"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace govsim::testing
