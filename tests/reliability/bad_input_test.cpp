// The bad-input table at the CLI level (docs/reliability.md): one test per class of bad input,
// each asserting govsim's exact message (the last line it prints) and exit status 2, and that
// nothing was written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <sys/stat.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <regex>

#include "tests/reliability/reliability_support.hpp"

namespace govsim::testing {
namespace {

// The last non-empty line of `out` (warnings may come before the error).
std::string last_line(const std::string& out) {
  std::string s = out;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  const auto nl = s.rfind('\n');
  return nl == std::string::npos ? s : s.substr(nl + 1);
}

// Runs `govsim run FILE -o DIR/out.h5 -q EXTRA` and checks exit 2, the exact message, and that
// no results file (or temporary) was left.
class BadInput : public ::testing::Test {
 protected:
  BadInput() : dir_("reliability_bad") {}

  void expect_refused(const std::string& scenario_text, const std::string& expected,
                      const std::string& extra = "") {
    const std::string file = dir_.write("s.yaml", scenario_text);
    expect_refused_file(file, expected, extra);
  }
  void expect_refused_file(const std::string& file, const std::string& expected,
                           const std::string& extra = "") {
    const std::string out = dir_ / "out.h5";
    const auto r = run("run " + file + " -o " + out + " -q " + extra);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_EQ(last_line(r.output), expected) << r.output;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(out + ".tmp"));
  }
  std::string path(const std::string& name) const { return dir_ / name; }

  TempDir dir_;
};

const std::string kGov = "model: governance\nname: g\nsteps: 5\nparams: {n_comm: 2, pop_comm: 200}\n";
const std::string kCascade =
    "model: threshold_cascade\nname: c\nsteps: 5\nreplicates: 2\n"
    "network: {type: erdos_renyi, n: 200, k_mean: 4}\n";

TEST_F(BadInput, EmptyFile) {
  expect_refused("", path("s.yaml") + ":1:1: error: file is empty");
}

TEST_F(BadInput, NotYaml) {
  expect_refused("model: governance\nparams: {n_comm: 2\n",
                 path("s.yaml") + ":3:1: error: invalid YAML: end of map flow not found");
}

TEST_F(BadInput, WrongShape) {
  expect_refused("- model: governance\n",
                 path("s.yaml") + ":1:1: error: expected a map at the top level, found a sequence");
  expect_refused("model: governance\nparams: [1, 2]\n",
                 path("s.yaml") + ":2:9: error: params: expected a map, found a sequence");
}

TEST_F(BadInput, UnknownKey) {
  expect_refused("model: governance\nparms: {n_comm: 2}\n",
                 path("s.yaml") + ":2:1: error: parms: unknown key 'parms' (did you mean 'params'?)");
}

TEST_F(BadInput, WrongType) {
  expect_refused("model: governance\nseed: abc\n",
                 path("s.yaml") + ":2:7: error: seed: expected an integer, found 'abc'");
}

TEST_F(BadInput, NanOrInfinity) {
  expect_refused("model: governance\nparams: {TS0: .nan}\n",
                 path("s.yaml") + ":2:15: error: params.TS0: .nan is not a finite number");
  expect_refused("model: governance\nparams: {TS0: -.inf}\n",
                 path("s.yaml") + ":2:15: error: params.TS0: -.inf is not a finite number");
}

TEST_F(BadInput, ProbabilityOutOfRange) {
  expect_refused("model: governance\nparams: {oc_exist_p: 1.5}\n",
                 path("s.yaml") +
                     ":2:22: error: params.oc_exist_p: value 1.5 is outside the domain [0, 1]");
}

TEST_F(BadInput, NegativeCount) {
  expect_refused("model: governance\nparams: {n_comm: -3}\n",
                 path("s.yaml") + ":2:18: error: params.n_comm: value -3 is outside the domain >= 1");
  expect_refused("model: governance\nreplicates: -1\n",
                 path("s.yaml") +
                     ":2:13: error: replicates: value -1 is outside the domain [1, 100000]");
}

// A billion communities: refused at once, by the memory guard, with its estimate; never
// allocated (the process stays small and quick).
TEST_F(BadInput, AbsurdCountIsRefusedBeforeAllocation) {
  const std::string file = dir_.write("s.yaml", "model: governance\nparams: {n_comm: 1000000000}\n");
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = run("run " + file + " -o " + path("out.h5") + " -q");
  EXPECT_LT(seconds_since(t0), 10.0);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(std::regex_match(
      last_line(r.output),
      std::regex(R"(error: the run needs an estimated 671\.0 TiB of memory but [0-9.]+ [KMGT]?i?B )"
                 R"(is available \(use --max-memory GB to override\))")))
      << r.output;
  EXPECT_FALSE(fs::exists(path("out.h5.tmp")));
  // Even with the guard lifted the model's own check refuses it before allocating.
  const auto t1 = std::chrono::steady_clock::now();
  const auto lifted = run("run " + file + " -o " + path("out.h5") + " -q --max-memory 1e9");
  EXPECT_LT(seconds_since(t1), 10.0);
  EXPECT_EQ(lifted.status, 2) << lifted.output;
  EXPECT_EQ(last_line(lifted.output),
            file + ":2:1: error: params.pop_comm: n_comm * pop_comm must fit in 32-bit resident ids");
  // A count outside the engine's own domain.
  expect_refused("model: governance\nreplicates: 1000000000\n",
                 path("s.yaml") +
                     ":2:13: error: replicates: value 1000000000 is outside the domain [1, 100000]");
}

TEST_F(BadInput, DuplicateKey) {
  expect_refused("model: governance\nseed: 1\nseed: 2\n",
                 path("s.yaml") + ":3:1: error: seed: duplicate key 'seed' (first at line 2)");
}

TEST_F(BadInput, EdgeNamesNodeMissingFromNodeTable) {
  dir_.write("edges.csv", "source,target\na,b\nb,zz\n");
  dir_.write("nodes.csv", "id\na\nb\n");
  expect_refused(
      "model: threshold_cascade\nsteps: 5\n"
      "network: {type: edge_list, path: edges.csv, nodes: nodes.csv}\n",
      path("edges.csv") + ":3:3: error: edge names node 'zz' that is not in the node table " +
          path("nodes.csv"));
}

TEST_F(BadInput, MalformedEdgeListLine) {
  dir_.write("edges.csv", "a,b\nc\n");
  expect_refused("model: threshold_cascade\nsteps: 5\nnetwork: {type: edge_list, path: edges.csv}\n",
                 path("edges.csv") + ":2:1: error: expected 2 fields, found 1");
}

TEST_F(BadInput, ExtendsCycle) {
  dir_.write("a.yaml", "extends: b.yaml\nmodel: governance\n");
  dir_.write("b.yaml", "extends: a.yaml\n");
  expect_refused_file(path("a.yaml"), path("b.yaml") + ":1:10: error: extends: extends cycle: " +
                                          path("a.yaml") + " -> " + path("b.yaml") + " -> " +
                                          path("a.yaml"));
}

TEST_F(BadInput, OutputInMissingFolder) {
  const std::string scen = dir_.write("ok.yaml", kCascade);
  const std::string out = path("missing/out.h5");
  const auto r = run("run " + scen + " -o " + out + " -q");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(last_line(r.output),
            "error: output '" + out + "': folder '" + path("missing") + "' does not exist");
  // A file where a folder belongs reads the same.
  dir_.write("afile", "x");
  const auto f = run("run " + scen + " -o " + path("afile/out.h5") + " -q");
  EXPECT_EQ(f.status, 2) << f.output;
  EXPECT_EQ(last_line(f.output), "error: output '" + path("afile/out.h5") + "': folder '" +
                                     path("afile") + "' does not exist");
}

// A read-only folder. Root ignores permission bits, so as root the check runs govsim as the
// unprivileged user `nobody` (setpriv); without setpriv it is skipped with a message.
TEST_F(BadInput, OutputInReadOnlyFolder) {
  const std::string scen = dir_.write("ok.yaml", kCascade);
  fs::create_directories(path("ro"));
  fs::permissions(path("ro"), fs::perms::owner_read | fs::perms::owner_exec |
                                  fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  std::string prefix;
  if (::geteuid() == 0) {
    if (std::system("setpriv --help >/dev/null 2>&1") != 0)
      GTEST_SKIP() << "running as root without setpriv: root ignores permission bits";
    // nobody must reach the scenario and the folder: open up the temporary folder.
    fs::permissions(dir_.path(), fs::perms::all);
    prefix = "--reuid=65534 --regid=65534 --clear-groups ";
    const std::string cmd = "setpriv " + prefix + govsim_bin() + " run " + scen + " -o " +
                            path("ro/out.h5") + " -q 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::string output;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) output.append(buf, n);
    const int st = ::pclose(p);
    if (output.find("setpriv:") != std::string::npos)
      GTEST_SKIP() << "setpriv cannot switch to nobody here: " << output;
    EXPECT_EQ(WEXITSTATUS(st), 2) << output;
    EXPECT_EQ(last_line(output), "error: output '" + path("ro/out.h5") + "': folder '" +
                                     path("ro") + "' is not writable");
  } else {
    const auto r = run("run " + scen + " -o " + path("ro/out.h5") + " -q");
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_EQ(last_line(r.output), "error: output '" + path("ro/out.h5") + "': folder '" +
                                       path("ro") + "' is not writable");
  }
  EXPECT_FALSE(fs::exists(path("ro/out.h5")));
}

TEST_F(BadInput, ExistingOutputRefusedUnlessForce) {
  const std::string scen = dir_.write("ok.yaml", kCascade);
  const std::string out = path("out.h5");
  ASSERT_EQ(run("run " + scen + " -o " + out + " -q").status, 0);
  const auto before = fs::last_write_time(out);
  const auto r = run("run " + scen + " -o " + out + " -q");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(last_line(r.output), "error: output '" + out + "' already exists (use --force to replace it)");
  EXPECT_EQ(fs::last_write_time(out), before);  // untouched
  const auto forced = run("run " + scen + " -o " + out + " -q --force");
  EXPECT_EQ(forced.status, 0) << forced.output;
  EXPECT_TRUE(check_results_file(out).problems.empty());
}

// `--resume` given the run folder of another sweep is refused; the finished runs are kept.
TEST_F(BadInput, ResumeWithAnotherSweepsFolder) {
  dir_.write("base.yaml", kCascade);
  const std::string a = dir_.write("a.yaml",
                                   "sweep:\n  name: sweep-a\n  base: base.yaml\n  replicates: 1\n"
                                   "  design: {type: grid, parameters: {params.threshold: [0.1, 0.2]}}\n");
  const std::string b = dir_.write("b.yaml",
                                   "sweep:\n  name: sweep-b\n  base: base.yaml\n  replicates: 1\n"
                                   "  design: {type: grid, parameters: {params.threshold: [0.3, 0.4]}}\n");
  const std::string out = path("sw.h5");
  const auto first = run("sweep " + a + " -o " + out + " -q --keep-runs");
  ASSERT_EQ(first.status, 0) << first.output;
  fs::remove(out);  // the folder of finished runs sw.h5.d/ remains, as after an interrupt
  const auto r = run("sweep " + b + " -o " + out + " -q --resume");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(last_line(r.output), b + ": error: " + out + ".d/ holds runs of another sweep ('sweep-a' from " + a +
                                     "): use another output path (-o), or --force to discard them");
  EXPECT_TRUE(fs::exists(out + ".d/run-0000000.h5"));
  EXPECT_FALSE(fs::exists(out));
}

// `--resume` given the finished results file of another sweep (its run folder already removed):
// refused, the file untouched.
TEST_F(BadInput, ResumeWithAnotherSweepsResultsFile) {
  dir_.write("base.yaml", kCascade);
  const std::string a = dir_.write("a.yaml",
                                   "sweep:\n  name: sweep-a\n  base: base.yaml\n  replicates: 1\n"
                                   "  design: {type: grid, parameters: {params.threshold: [0.1, 0.2]}}\n");
  const std::string b = dir_.write("b.yaml",
                                   "sweep:\n  name: sweep-b\n  base: base.yaml\n  replicates: 1\n"
                                   "  design: {type: grid, parameters: {params.threshold: [0.3, 0.4]}}\n");
  const std::string out = path("done.h5");
  ASSERT_EQ(run("sweep " + a + " -o " + out + " -q").status, 0);
  ASSERT_FALSE(fs::exists(out + ".d"));
  const auto before = fs::last_write_time(out);
  const auto r = run("sweep " + b + " -o " + out + " -q --resume");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(last_line(r.output),
            "error: " + out + " already exists: a finished results file, nothing to resume (use --force to run this sweep again and replace it)");
  EXPECT_EQ(fs::last_write_time(out), before);
  EXPECT_FALSE(fs::exists(out + ".d"));
}

// A sweep design of absurd size (a 10^6 x 10^6 grid, 10^7 Latin-hypercube points): refused at
// once, naming the count, before anything is allocated for its points.
TEST_F(BadInput, AbsurdSweepDesignIsRefusedBeforeAllocation) {
  dir_.write("base.yaml", kCascade);
  const std::string g = dir_.write(
      "g.yaml",
      "sweep:\n  base: base.yaml\n  design:\n    type: grid\n    parameters:\n"
      "      params.threshold: {from: 0.1, to: 0.9, steps: 1000}\n"
      "      params.seed_fraction: {from: 0.1, to: 0.9, steps: 1000}\n");
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = run("sweep " + g + " -o " + path("sw.h5") + " -q");
  EXPECT_LT(seconds_since(t0), 10.0);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(last_line(r.output),
            g + ":7:7: error: sweep.design.parameters.params.seed_fraction: the grid of 1000 "
                "level(s) of params.threshold x 1000 level(s) of params.seed_fraction gives "
                "1000000 points, more than the 100000 a sweep may have (each point's scenario is "
                "checked and kept in memory before the first run): split the sweep");
  const std::string l = dir_.write(
      "l.yaml",
      "sweep:\n  base: base.yaml\n  design:\n    type: lhs\n    n: 10000000\n"
      "    parameters: {params.threshold: {from: 0.1, to: 0.9}}\n");
  const auto t1 = std::chrono::steady_clock::now();
  const auto rl = run("sweep " + l + " -o " + path("sw.h5") + " -q");
  EXPECT_LT(seconds_since(t1), 10.0);
  EXPECT_EQ(rl.status, 2) << rl.output;
  EXPECT_EQ(last_line(rl.output),
            l + ":5:8: error: sweep.design.n: n = 10000000 gives 10000000 points, more than the "
                "100000 a sweep may have (each point's scenario is checked and kept in memory "
                "before the first run): split the sweep");
  EXPECT_FALSE(fs::exists(path("sw.h5")));
  EXPECT_FALSE(fs::exists(path("sw.h5.d")));
}


// ---- inputs that are not regular files (issue 14.1) -------------------------------------------
// Every file govsim reads is checked to be a regular file before it is opened: a FIFO would
// block forever, /dev/zero would be read without end. Each file kind, each of: a FIFO, a
// character device, a directory, a symbolic link to a FIFO. govsim runs under `timeout -s
// KILL 20`, so a regression fails (status 137) instead of hanging the suite.

Result run_bounded(const std::string& args) {
  return run_shell("timeout -s KILL 20 " + govsim_bin() + " " + args + " 2>&1");
}

struct Special {
  std::string label;
  std::string path;    // what the file kind's key names
  std::string reason;  // the message's reason
};

class NotARegularFile : public BadInput {
 protected:
  // A FIFO, /dev/zero, a directory and a symbolic link to a FIFO, each standing where `name`
  // belongs.
  std::vector<Special> specials(const std::string& name) {
    const std::string fifo = path(name + ".fifo");
    EXPECT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    fs::create_directories(path(name + ".dir"));
    fs::create_symlink(fifo, path(name + ".link"));
    const std::string is_fifo = "it is a FIFO (named pipe), not a regular file";
    return {{"fifo", fifo, is_fifo},
            {"char device", "/dev/zero", "it is a character device, not a regular file"},
            {"directory", path(name + ".dir"), "it is a directory, not a regular file"},
            {"symlink to a fifo", path(name + ".link"), is_fifo}};
  }
  void expect(const std::string& command, const std::string& expected) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = run_bounded(command + " -o " + path("out.h5") + " -q");
    EXPECT_LT(seconds_since(t0), 15.0);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_EQ(last_line(r.output), expected) << r.output;
    EXPECT_FALSE(fs::exists(path("out.h5")));
    EXPECT_FALSE(fs::exists(path("out.h5.tmp")));
  }
};

TEST_F(NotARegularFile, ScenarioFile) {
  for (const auto& s : specials("scenario")) {
    SCOPED_TRACE(s.label);
    expect("run " + s.path, "error: cannot open scenario file '" + s.path + "': " + s.reason);
  }
}

TEST_F(NotARegularFile, ExtendsParent) {
  for (const auto& s : specials("parent")) {
    SCOPED_TRACE(s.label);
    const std::string f = dir_.write("child.yaml", "extends: " + s.path + "\nmodel: governance\n");
    expect("run " + f, f + ":1:10: error: extends: cannot open scenario file '" + s.path + "': " + s.reason);
  }
}

TEST_F(NotARegularFile, ComparisonFileAndArmScenario) {
  dir_.write("ok.yaml", kCascade);
  for (const auto& s : specials("compare")) {
    SCOPED_TRACE(s.label);
    expect("compare " + s.path, "error: cannot open comparison file '" + s.path + "': " + s.reason);
  }
  for (const auto& s : specials("arm")) {
    SCOPED_TRACE(s.label);
    const std::string c = dir_.write(
        "c.yaml", "compare:\n  arms:\n    - {name: A, scenario: ok.yaml}\n    - {name: B, scenario: " + s.path + "}\n");
    expect("compare " + c, c + ":4:27: error: compare.arms.1.scenario: cannot open scenario file '" +
                               s.path + "': " + s.reason);
  }
}

TEST_F(NotARegularFile, SweepFileAndBaseScenario) {
  for (const auto& s : specials("sweep")) {
    SCOPED_TRACE(s.label);
    expect("sweep " + s.path, "error: cannot open sweep file '" + s.path + "': " + s.reason);
  }
  for (const auto& s : specials("base")) {
    SCOPED_TRACE(s.label);
    const std::string w = dir_.write(
        "w.yaml", "sweep:\n  base: " + s.path + "\n  design: {type: grid, parameters: {params.threshold: [0.1]}}\n");
    expect("sweep " + w, w + ":2:9: error: sweep.base: cannot open scenario file '" + s.path + "': " + s.reason);
  }
}

TEST_F(NotARegularFile, NetworkFiles) {
  dir_.write("edges.csv", "a,b\nb,c\n");
  for (const auto& s : specials("net")) {
    SCOPED_TRACE(s.label);
    const std::string el = dir_.write(
        "el.yaml", "model: threshold_cascade\nsteps: 5\nnetwork: {type: edge_list, path: " + s.path + "}\n");
    expect("run " + el, s.path + ": error: cannot open edge list: " + s.reason);
    const std::string nt = dir_.write(
        "nt.yaml", "model: threshold_cascade\nsteps: 5\nnetwork: {type: edge_list, path: edges.csv, nodes: " +
                       s.path + "}\n");
    expect("run " + nt, s.path + ": error: cannot open node table: " + s.reason);
    const std::string gm = dir_.write(
        "gm.yaml", "model: threshold_cascade\nsteps: 5\nnetwork: {type: graphml, path: " + s.path + "}\n");
    expect("run " + gm, s.path + ": error: cannot open GraphML file: " + s.reason);
  }
}

// YAML files are read whole: one of more than 16 MiB is refused before it is read.
TEST_F(BadInput, YamlFileOverTheSizeLimit) {
  const std::string big = dir_.write("big.yaml", "model: governance\n");
  fs::resize_file(big, (std::uintmax_t{16} << 20) + 1);
  expect_refused_file(big, "error: cannot open scenario file '" + big +
                               "': it is 16.0 MiB (16777217 bytes), more than the 16 MiB limit for YAML files");
}

// ---- YAML alias expansion (issue 14.2) ----------------------------------------------------------
// "Billion laughs": 505 bytes whose aliases expand to 10^9 nodes. Refused at the alias that
// passes the limit of 1,000,000 nodes, with file and line, in well under a second.
TEST_F(BadInput, AliasBombIsRefusedWithFileAndLine) {
  std::string text = "model: threshold_cascade\nx0: &a0 [0,0,0,0,0,0,0,0,0,0]\n";
  for (int i = 1; i < 10; ++i) {
    text += "x" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ",*a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  const std::string f = dir_.write("bomb.yaml", text);
  for (const std::string cmd : {"validate " + f, "run " + f + " -o " + path("out.h5") + " -q"}) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = run_bounded(cmd);
    EXPECT_LT(seconds_since(t0), 10.0);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_EQ(last_line(r.output),
              f + ":7:38: error: x5.7: this alias would expand the document past 1000000 YAML "
                  "nodes, the limit (an alias is a copy of its anchored node, here of 111111 nodes)");
  }
  EXPECT_FALSE(fs::exists(path("out.h5")));
}

// ---- errors raised by models' cross-key rules name file, line and column (issue 14.5) ------------

TEST_F(BadInput, ModelRulesNameTheKey) {
  // A rule about two parameters: at the key it is about.
  expect_refused("model: governance\nsteps: 5\nparams:\n  n_comm: 2\n  pop_comm: 200\n  kappa_pts: 0.4\n  w_pts: 0.2\n",
                 path("s.yaml") + ":6:3: error: params.kappa_pts: must be <= w_pts (0.2), got 0.4");
  // A missing section: at the top of the file.
  expect_refused("# no network\nmodel: threshold_cascade\nsteps: 5\n",
                 path("s.yaml") + ":2:1: error: network: threshold_cascade with mixing: network needs a network: section");
  // A section that is not allowed: at its key.
  expect_refused("model: threshold_cascade\nsteps: 5\nparams: {mixing: well_mixed}\nnetwork: {type: erdos_renyi, n: 50, k_mean: 4}\n",
                 path("s.yaml") + ":4:1: error: network: threshold_cascade with mixing: well_mixed takes no network: "
                                  "section (set params.n instead)");
  // A countermeasure's field.
  expect_refused(kGov + "countermeasures:\n  - {type: coordination_structure, communities: [0, 5]}\n",
                 path("s.yaml") + ":6:36: error: countermeasures.0.communities: community 5 out of range [0, 2)");
  // A network generator's rule: at the network key.
  expect_refused("model: threshold_cascade\nsteps: 5\nnetwork:\n  type: watts_strogatz\n  n: 100\n  k: 5\n",
                 path("s.yaml") + ":6:3: error: network.k: must be even (got 5)");
  // A rule about the network's node columns: at the network: key.
  dir_.write("edges.csv", "a,b\nb,c\n");
  expect_refused("model: governance\nsteps: 5\nnetwork: {type: edge_list, path: edges.csv}\n",
                 path("s.yaml") + ":3:1: error: network: the governance model needs node attributes 'community' "
                                  "and 'grid' for every resident (a node table with columns id, community, grid)");
  // From an extends: parent: in the parent.
  dir_.write("parent.yaml", "model: threshold_cascade\nsteps: 5\nparams:\n  threshold_sd: 0.1\n  threshold_step: 0.1\n");
  expect_refused("extends: parent.yaml\n",
                 path("parent.yaml") + ":5:3: error: params.threshold_step: threshold_step > 0 (ladder) and "
                                       "threshold_sd > 0 (normal) exclude each other");
}

// ---- GraphML edges to undeclared nodes (issue 14.6) -----------------------------------------------
TEST_F(BadInput, GraphmlEdgeToUndeclaredNode) {
  dir_.write("g.graphml",
             "<?xml version=\"1.0\"?>\n<graphml>\n  <graph edgedefault=\"undirected\">\n"
             "    <node id=\"a\"/><node id=\"b\"/>\n    <edge source=\"a\" target=\"b\"/>\n"
             "    <edge source=\"b\" target=\"w\"/>\n  </graph>\n</graphml>\n");
  expect_refused("model: threshold_cascade\nsteps: 5\nnetwork: {type: graphml, path: g.graphml}\n",
                 path("g.graphml") + ":6:5: error: invalid GraphML: edge names node 'w' that no <node> declares");
}

}  // namespace
}  // namespace govsim::testing
