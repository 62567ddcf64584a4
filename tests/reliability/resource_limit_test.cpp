// Resource limit (docs/reliability.md): a run whose memory estimate exceeds the memory allowed
// is refused before anything is allocated or written, with the estimate in the message (exit 2);
// --max-memory sets the limit either way.
#include <gtest/gtest.h>

#include <regex>

#include "tests/reliability/reliability_support.hpp"

namespace govsim::testing {
namespace {

std::string last_line(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  const auto nl = s.rfind('\n');
  return nl == std::string::npos ? s : s.substr(nl + 1);
}

// 4 x 2,500 residents: an estimate of a few MiB, over a --max-memory of 0.001 GB (1 MiB).
const char* kGov = "model: governance\nname: m\nsteps: 5\nparams: {n_comm: 4, pop_comm: 2500}\n";

TEST(ResourceLimit, TinyMaxMemoryRefusesBeforeRunning) {
  TempDir dir("reliability_mem");
  const std::string scen = dir.write("m.yaml", kGov);
  const std::string out = dir / "m.h5";
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = run("run " + scen + " -o " + out + " -q --max-memory 0.001");
  EXPECT_LT(seconds_since(t0), 10.0);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(std::regex_match(last_line(r.output),
                               std::regex(R"(error: the run needs an estimated [0-9.]+ MiB of memory )"
                                          R"(but 1\.0 MiB is allowed by --max-memory )"
                                          R"(\(use --max-memory GB to override\))")))
      << r.output;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".tmp"));
  // The estimate is the one --dry-run prints.
  const auto dry = run("run " + scen + " -o " + out + " --dry-run");
  ASSERT_EQ(dry.status, 0) << dry.output;
  std::smatch est, msg;
  const std::string d = dry.output, m = r.output;
  ASSERT_TRUE(std::regex_search(d, est, std::regex(R"(memory estimate per run: ([0-9.]+ MiB))")));
  ASSERT_TRUE(std::regex_search(m, msg, std::regex(R"(estimated ([0-9.]+ MiB))")));
  EXPECT_EQ(est[1], msg[1]);
  // A limit above the estimate lets the same run through.
  const auto ok = run("run " + scen + " -o " + out + " -q --max-memory 1");
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_TRUE(check_results_file(out).problems.empty());
}

// Without --max-memory the limit is the machine's available memory (/proc/meminfo): a run of
// 40 million communities x 100 residents (4e9 residents, within 32-bit ids) needs far more.
TEST(ResourceLimit, EstimateAboveAvailableMemoryIsRefused) {
  TempDir dir("reliability_mem2");
  const std::string scen =
      dir.write("big.yaml", "model: governance\nparams: {n_comm: 40000000, pop_comm: 100}\n");
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = run("run " + scen + " -o " + (dir / "big.h5") + " -q");
  EXPECT_LT(seconds_since(t0), 10.0);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(std::regex_match(last_line(r.output),
                               std::regex(R"(error: the run needs an estimated [0-9.]+ [GT]iB of memory )"
                                          R"(but [0-9.]+ [KMGT]?i?B is available )"
                                          R"(\(use --max-memory GB to override\))")))
      << r.output;
  EXPECT_FALSE(fs::exists(dir / "big.h5.tmp"));
}

}  // namespace
}  // namespace govsim::testing
