// End-to-end tests of the govsim executable: commands, exit statuses, error messages,
// output-file safety (no overwrite without --force, no complete-looking file after a kill).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "cli_harness.hpp"
#include "sim/output/result_compare.hpp"

namespace govsim::testing {
namespace {

namespace fs = std::filesystem;

const char* kSmall = R"(model: threshold_cascade
name: small
seed: 7
replicates: 2
steps: 20
network: {type: watts_strogatz, n: 2000, k: 6, p: 0.1}
params: {threshold: 0.2, seed_mode: fraction, seed_fraction: 0.02}
)";

TEST(Cli, VersionAndHelp) {
  EXPECT_EQ(run("--version").status, 0);
  const auto h = run("--help");
  EXPECT_EQ(h.status, 0);
  EXPECT_NE(h.output.find("compare"), std::string::npos);
  EXPECT_EQ(run("run --help").status, 0);
  EXPECT_EQ(run("nosuchcommand").status, 2);
}

TEST(Cli, DescribeListsModelsAndParameters) {
  const auto all = run("describe");
  EXPECT_EQ(all.status, 0);
  EXPECT_NE(all.output.find("threshold_cascade"), std::string::npos);
  const auto one = run("describe threshold_cascade");
  EXPECT_EQ(one.status, 0) << one.output;
  EXPECT_NE(one.output.find("threshold"), std::string::npos);
  EXPECT_NE(one.output.find("domain"), std::string::npos);
  const auto bad = run("describe thresold_cascade");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find("unknown model"), std::string::npos);
}

TEST(Cli, RunWritesACompleteFileAndRefusesToOverwrite) {
  TempDir dir("cli_run");
  const std::string scen = dir.write("small.yaml", kSmall);
  const std::string out = dir / "out.h5";
  auto r = run("run " + scen + " -o " + out + " --threads 2 -q");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".tmp"));
  r = run("run " + scen + " -o " + out + " -q");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("already exists (use --force to replace it)"), std::string::npos) << r.output;
  r = run("run " + scen + " -o " + out + " -q --force");
  EXPECT_EQ(r.status, 0) << r.output;
  const auto same = run("diff " + out + " " + out);
  EXPECT_EQ(same.status, 0) << same.output;
}

TEST(Cli, BadInputExitsTwoWithLocation) {
  TempDir dir("cli_bad");
  const std::string scen = dir.write("bad.yaml", "model: threshold_cascade\nsteps: 10\nnetwrok: {type: watts_strogatz}\n");
  auto r = run("validate " + scen);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("bad.yaml:3:1: error: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("did you mean 'network'"), std::string::npos) << r.output;

  const std::string good = dir.write("good.yaml", kSmall);
  r = run("run " + good + " -o " + (dir / "x.h5") + " --set params.thresold=0.3");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("--set 'params.thresold=0.3'"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "x.h5"));

  r = run("run " + good + " -o " + (dir / "missing/x.h5"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("does not exist"), std::string::npos) << r.output;

  r = run("run " + (dir / "nope.yaml"));
  EXPECT_EQ(r.status, 2);
}

TEST(Cli, DryRunRunsNothing) {
  TempDir dir("cli_dry");
  const std::string scen = dir.write("small.yaml", kSmall);
  const auto r = run("run " + scen + " -o " + (dir / "x.h5") + " --dry-run");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("nothing was run"), std::string::npos);
  EXPECT_NE(r.output.find("memory estimate"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "x.h5"));
}

// Starts govsim in the background and returns its pid.
pid_t spawn(const std::vector<std::string>& args) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<char*> argv;
    std::string bin = govsim_bin();
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::freopen("/dev/null", "w", stdout);
    ::freopen("/dev/null", "w", stderr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

// Long enough (minutes) that every kill and interrupt below lands mid-job on any machine.
const char* kSlow = R"(model: threshold_cascade
name: slow
seed: 3
replicates: 400
steps: 200
network: {type: watts_strogatz, n: 100000, k: 10, p: 0.1}
params: {threshold: 0.5, absorbing: false, seed_mode: fraction, seed_fraction: 0.3}
)";

TEST(Cli, KilledRunLeavesNoCompleteLookingFile) {
  TempDir dir("cli_kill");
  const std::string scen = dir.write("slow.yaml", kSlow);
  for (int delay_ms : {50, 400, 1200}) {
    const std::string out = dir / ("k" + std::to_string(delay_ms) + ".h5");
    const pid_t pid = spawn({"run", scen, "-o", out, "--threads", "2"});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int st = 0;
    ::waitpid(pid, &st, 0);
    EXPECT_FALSE(fs::exists(out)) << "a killed run left " << out;
  }
}

TEST(Cli, InterruptKeepsFinishedRunsMarkedIncomplete) {
  TempDir dir("cli_int");
  const std::string scen = dir.write("slow.yaml", kSlow);
  const std::string out = dir / "i.h5";
  const pid_t pid = spawn({"run", scen, "-o", out, "--threads", "2"});
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  ::kill(pid, SIGINT);
  int st = 0;
  ::waitpid(pid, &st, 0);
  ASSERT_TRUE(WIFEXITED(st));
  EXPECT_EQ(WEXITSTATUS(st), 130);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".tmp"));
  // Either no run had finished yet (nothing kept), or they are in the .partial.h5 file.
  if (fs::exists(dir / "i.partial.h5")) {
    const auto d = run("diff " + (dir / "i.partial.h5") + " " + (dir / "i.partial.h5"));
    EXPECT_EQ(d.status, 0) << d.output;
  }
}

}  // namespace
}  // namespace govsim::testing
