// Helpers for tests that run the govsim executable: run a command line, capture its output
// and exit status, and make a private temporary folder.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace govsim::testing {

inline std::string govsim_bin() { return std::string(GOVSIM_BINARY_DIR) + "/govsim"; }
inline std::string source_dir() { return GOVSIM_SOURCE_DIR; }

struct Result {
  int status = -1;     // exit status (128 + signal when killed)
  std::string output;  // stdout and stderr together
};

// Runs a shell command line (stderr is the caller's to redirect) and collects its output.
inline Result run_shell(const std::string& cmd) {
  Result r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return r;
}

inline Result run(const std::string& args) { return run_shell(govsim_bin() + " " + args + " 2>&1"); }

class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    path_ = std::filesystem::temp_directory_path() /
            ("govsim_" + tag + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }
  std::string write(const std::string& name, const std::string& text) const {
    const std::string p = (path_ / name).string();
    std::ofstream(p) << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace govsim::testing
