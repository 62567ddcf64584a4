// File: tests/reliability/reliability_support.hpp
//
// Helpers of the reliability tests (docs/reliability.md): start govsim in the background and
// signal it, time a command, and check a results file the way a user would trust it: it opens,
// and every run in it is complete.
#pragma once

#include <H5Cpp.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/cli_harness.hpp"

namespace govsim::testing {

namespace fs = std::filesystem;

// A govsim process started in the background; stdout and stderr go to `log_path`.
class Child {
 public:
  Child(const std::vector<std::string>& args, std::string log_path) : log_(std::move(log_path)) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<std::string> copy = args;
      std::string bin = govsim_bin();
      std::vector<char*> argv{bin.data()};
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      const int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::close(fd);
      }
      ::execv(bin.c_str(), argv.data());
      ::_exit(127);
    }
  }
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void signal(int sig) const { ::kill(pid_, sig); }
  // Exit status, or 128 + signal when killed by a signal.
  int wait() {
    int st = 0;
    ::waitpid(pid_, &st, 0);
    reaped_ = true;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  }
  std::string output() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::string log_;
};

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// What a results file holds, as far as these tests care.
struct FileCheck {
  std::string problems;         // empty = the file opens and every run in it is complete
  std::string complete;         // root attribute "complete"
  std::size_t runs = 0;         // run groups under /runs/*/
  uint32_t replicates = 0;      // root attribute
  std::vector<std::string> arms;
};

namespace detail {
inline std::string read_str_attr(const H5::H5Object& obj, const std::string& name) {
  H5::Attribute a = obj.openAttribute(name);
  std::string v;
  a.read(a.getStrType(), v);
  return v;
}
inline long long read_int_attr(const H5::H5Object& obj, const std::string& name) {
  H5::Attribute a = obj.openAttribute(name);
  long long v = 0;
  a.read(H5::PredType::NATIVE_LLONG, &v);
  return v;
}
inline std::vector<std::string> children(const H5::Group& g) {
  std::vector<std::string> out;
  for (hsize_t i = 0; i < g.getNumObjs(); ++i) out.push_back(g.getObjnameByIdx(i));
  return out;
}
}  // namespace detail

// Opens `path` read-only and checks: root attributes present; every run group
// /runs/<arm>/r<NNNN> has `steps`, a non-empty series/ whose every dataset has steps + 1 rows
// (finite where the model writes finite values is not checked), and a non-empty final/.
inline FileCheck check_results_file(const std::string& path) {
  FileCheck c;
  try {
    H5::Exception::dontPrint();
    H5::H5File f(path, H5F_ACC_RDONLY);
    H5::Group root = f.openGroup("/");
    c.complete = detail::read_str_attr(root, "complete");
    c.replicates = static_cast<uint32_t>(detail::read_int_attr(root, "replicates"));
    if (detail::read_str_attr(root, "format") != "govsim-results") c.problems += "bad format; ";
    H5::Group runs = f.openGroup("/runs");
    for (const auto& arm : detail::children(runs)) {
      c.arms.push_back(arm);
      H5::Group ag = runs.openGroup(arm);
      for (const auto& rn : detail::children(ag)) {
        H5::Group rg = ag.openGroup(rn);
        ++c.runs;
        const long long steps = detail::read_int_attr(rg, "steps");
        H5::Group series = rg.openGroup("series");
        const auto metrics = detail::children(series);
        if (metrics.empty()) c.problems += arm + "/" + rn + ": no series; ";
        for (const auto& m : metrics) {
          H5::DataSet ds = series.openDataSet(m);
          hsize_t dims[2] = {0, 0};
          ds.getSpace().getSimpleExtentDims(dims);
          if (static_cast<long long>(dims[0]) != steps + 1)
            c.problems += arm + "/" + rn + "/series/" + m + ": " + std::to_string(dims[0]) +
                          " rows for " + std::to_string(steps) + " steps; ";
          std::vector<double> v(dims[0]);
          ds.read(v.data(), H5::PredType::NATIVE_DOUBLE);  // reads every chunk
        }
        if (detail::children(rg.openGroup("final")).empty())
          c.problems += arm + "/" + rn + ": no final values; ";
      }
    }
    f.openDataSet("/arms");
  } catch (const H5::Exception& e) {
    c.problems += "HDF5: " + e.getDetailMsg() + " (" + e.getFuncName() + "); ";
  }
  return c;
}

}  // namespace govsim::testing
