// File: tests/sim/sweep/sweep_test_util.hpp
// Shared helpers of the sweep tests: a registry with threshold_cascade, temporary folders,
// small sweep files on the classic threshold demo, and running the govsim binary.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "models/threshold_cascade/threshold_cascade.hpp"
#include "sim/graph/network_catalog.hpp"
#include "sim/model/registry.hpp"

namespace govsim::sim::testing {

namespace fs = std::filesystem;

inline std::string source_dir() { return GOVSIM_SOURCE_DIR; }
inline std::string govsim_binary() { return std::string(GOVSIM_BINARY_DIR) + "/govsim"; }
inline std::string threshold_demo() { return source_dir() + "/scenarios/classic/threshold-demo.yaml"; }

struct TestRegistry {
  ModelRegistry registry;
  Catalog catalog;
  TestRegistry() {
    registry.add(models::threshold_cascade_info());
    catalog = registry.catalog();
    catalog.network_types = network_types();
  }
};

// A fresh folder under the system's temporary folder, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "govsim-sweep-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return (fs::path(path_) / name).string(); }

 private:
  std::string path_;
};

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A grid sweep on the threshold demo (2 x 2 points), `extra` appended inside `sweep:`.
inline std::string grid_sweep(int replicates = 3, int n = 2000, int steps = 30,
                              const std::string& seed = "7") {
  return "sweep:\n"
         "  name: test-grid\n"
         "  base: " + threshold_demo() + "\n"
         "  replicates: " + std::to_string(replicates) + "\n"
         "  seed: " + seed + "\n"
         "  set: {network.n: " + std::to_string(n) + ", steps: " + std::to_string(steps) + "}\n"
         "  design:\n"
         "    type: grid\n"
         "    parameters:\n"
         "      params.threshold: [0.1, 0.2]\n"
         "      network.k_mean: [3.0, 5.0]\n";
}

// Starts argv[0] with argv, stdout and stderr to `log`; returns the child's pid.
inline pid_t spawn(const std::vector<std::string>& args, const std::string& log,
                   const std::string& cwd = {}) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::close(fd);
    }
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

// Exit status of a child: its code, or 128 + the signal that killed it.
inline int wait_status(pid_t pid) {
  int st = 0;
  ::waitpid(pid, &st, 0);
  if (WIFEXITED(st)) return WEXITSTATUS(st);
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return -1;
}

struct Result {
  int status = -1;
  std::string output;  // stdout and stderr
};

inline Result run(const std::vector<std::string>& args, const std::string& cwd = {}) {
  TempDir logs;
  const std::string log = logs.file("out.txt");
  Result r;
  r.status = wait_status(spawn(args, log, cwd));
  r.output = read_text(log);
  return r;
}

// Number of finished per-run files in a results folder.
inline std::size_t run_files(const std::string& dir) {
  std::size_t n = 0;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return 0;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("run-", 0) == 0 && name.size() > 3 && name.substr(name.size() - 3) == ".h5") ++n;
  }
  return n;
}

// Waits until `dir` holds at least `n` per-run files or the child ended; true when reached.
inline bool wait_for_run_files(const std::string& dir, std::size_t n, pid_t child,
                               double timeout_s = 60) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < timeout_s) {
    if (run_files(dir) >= n) return true;
    siginfo_t info{};
    info.si_pid = 0;  // WNOWAIT: peek without reaping, so wait_status still gets the status
    if (::waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == child)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

}  // namespace govsim::sim::testing
