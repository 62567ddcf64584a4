// govsim calibrate through the binary: bad calibration files (exit 2, located, did you mean),
// the same population for --threads 1 and 2, kill -9 then --resume gives the same population,
// --dry-run writes nothing, summarize reads the file.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include "sim/calibrate/calibration_file.hpp"
#include "tests/sim/calibrate/calibrate_test_util.hpp"

namespace govsim::sim::testing {
namespace {

Result calibrate(const TempDir& dir, const std::string& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {govsim_binary(), "calibrate", dir.file("cal.yaml"), "-o", dir.file(out), "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run(args);
}

struct BadCase {
  std::string edit_from, edit_to;  // a change of the small calibration
  std::string expect;              // in the message
};

TEST(CalibrateCli, BadFilesExitTwoWithALocatedMessage) {
  const std::vector<BadCase> cases = {
      {"  population: 30", "  populaton: 30", "cal.yaml:4:3: error: calibrate.populaton: unknown key 'populaton' (did you mean 'population'?)"},
      {"params.threshold:", "params.threshhold:", "cal.yaml:9:5: error: calibrate.free.params.threshhold: unknown parameter 'params.threshhold'"},
      {"final: final_active_share", "final: final_activ_share", "cal.yaml:12:20: error: calibrate.targets.share.final: unknown final value 'final_activ_share' of model 'threshold_cascade' (did you mean 'final_active_share'?)"},
      {"value: 0.6, scale: 0.02", "value: 0.6, scale: -1", "cal.yaml:12:59: error: calibrate.targets.share.scale: must be > 0"},
      {"value: 0.6, scale: 0.02", "scale: 0.02", "calibrate.targets.share: missing the pattern"},
      {"kernel: gaussian", "kernel: gausian", "calibrate.kernel: unknown kernel 'gausian' (did you mean 'gaussian'?)"},
      {"lo: 0.1, hi: 0.5", "lo: 0.5, hi: 0.1", "calibrate.free.params.threshold: lo (0.5) must be below hi (0.1)"},
      {"lo: 0.1, hi: 0.5", "lo: -0.1, hi: 0.5", "leaves the parameter's domain >= 0"},
      {"  base: base.yaml", "  base: nothere.yaml", "cal.yaml:2:9: error: calibrate.base: cannot open scenario file"},
      {"  replicates: 2", "  replicates: 0", "cal.yaml:5:15: error: calibrate.replicates: value 0 is outside the domain"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    std::string text = small_calibration();
    const auto pos = text.find(c.edit_from);
    ASSERT_NE(pos, std::string::npos) << c.edit_from;
    text.replace(pos, c.edit_from.size(), c.edit_to);
    write_calibration(dir, text);
    const Result r = calibrate(dir, "c.h5");
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find(c.expect), std::string::npos) << "expected: " << c.expect << "\ngot: " << r.output;
    EXPECT_FALSE(fs::exists(dir.file("c.h5")));
    EXPECT_FALSE(fs::exists(dir.file("c.h5.d")));
  }
  TempDir dir;  // not a regular file
  fs::create_directories(dir.file("cal.yaml"));
  const Result r = calibrate(dir, "c.h5");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("not a regular file"), std::string::npos) << r.output;
}

TEST(CalibrateCli, DryRunPrintsThePlanAndWritesNothing) {
  TempDir dir;
  write_calibration(dir, small_calibration());
  const Result r = calibrate(dir, "c.h5", {"--dry-run"});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("params.threshold_sd                  log_uniform [0.05, 0.4]"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("runs: generation 0: 60 (30 particles x 2)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("one run of the base scenario took"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir.file("c.h5")));
  EXPECT_FALSE(fs::exists(dir.file("c.h5.d")));
}

TEST(CalibrateCli, SamePopulationForOneAndTwoThreadsAndSummarize) {
  TempDir dir;
  write_calibration(dir, small_calibration());
  const Result one = calibrate(dir, "one.h5", {"-t", "1"});
  ASSERT_EQ(one.status, 0) << one.output;
  const Result two = calibrate(dir, "two.h5", {"-t", "2", "--concurrent-runs", "2"});
  ASSERT_EQ(two.status, 0) << two.output;
  const CompareReport rep = compare_calibrations(dir.file("one.h5"), dir.file("two.h5"));
  EXPECT_TRUE(rep.identical) << (rep.differences.empty() ? "" : rep.differences[0]);
  const auto rec = calibrate::read_calibration(dir.file("one.h5"));
  EXPECT_EQ(rec.generations.size(), 3u);
  EXPECT_TRUE(rec.finished);
  EXPECT_FALSE(fs::exists(dir.file("one.h5.d")));  // stores removed at the end
  // A second run refuses the existing output and store rules like the other commands.
  const Result again = calibrate(dir, "one.h5");
  EXPECT_EQ(again.status, 2) << again.output;
  const Result resume = calibrate(dir, "one.h5", {"--resume"});
  EXPECT_EQ(resume.status, 2) << resume.output;
  EXPECT_NE(resume.output.find("a finished calibration, nothing to resume"), std::string::npos) << resume.output;
  const Result sum = run({govsim_binary(), "summarize", dir.file("one.h5")});
  ASSERT_EQ(sum.status, 0) << sum.output;
  EXPECT_NE(sum.output.find("params.threshold_sd"), std::string::npos) << sum.output;
  EXPECT_NE(sum.output.find("final_active_share = 0.6"), std::string::npos) << sum.output;
  EXPECT_NE(sum.output.find("calibrator"), std::string::npos) << sum.output;
}

TEST(CalibrateCli, KillThenResumeGivesTheSamePopulation) {
  TempDir dir;
  write_calibration(dir, small_calibration(40, 3));
  const Result ref = calibrate(dir, "ref.h5", {"-t", "1"});
  ASSERT_EQ(ref.status, 0) << ref.output;
  const std::string out = dir.file("k.h5");
  const pid_t pid = spawn({govsim_binary(), "calibrate", dir.file("cal.yaml"), "-o", out, "-t", "1"}, dir.file("k.log"));
  // Kill it inside generation 1, after a few of its runs have finished.
  const bool started = wait_for_run_files(out + ".d/gen-001-b00", 3, pid);
  ::kill(pid, SIGKILL);
  wait_status(pid);
  ASSERT_TRUE(started) << read_text(dir.file("k.log"));
  ASSERT_TRUE(fs::exists(out)) << "generation 0 should have been written";
  EXPECT_FALSE(calibrate::read_calibration(out).finished);
  const Result plain = calibrate(dir, "k.h5");
  EXPECT_EQ(plain.status, 2) << plain.output;  // the store exists: --resume or --force
  EXPECT_NE(plain.output.find("--resume"), std::string::npos) << plain.output;
  const Result resumed = run({govsim_binary(), "calibrate", dir.file("cal.yaml"), "-o", out, "-t", "2", "--resume"});
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resuming"), std::string::npos) << resumed.output;
  const CompareReport rep = compare_calibrations(dir.file("ref.h5"), out);
  EXPECT_TRUE(rep.identical) << (rep.differences.empty() ? "" : rep.differences[0]);
  EXPECT_GT(rep.objects_compared, 20u);
}

}  // namespace
}  // namespace govsim::sim::testing
