// A results file that cannot be written completely (a full disk, a file-size limit, an I/O
// error) must fail cleanly: OutputError naming the path and the reason, nothing under the final
// name nor a temporary file, and no crash (the HDF5 library itself never sees the failure: the
// govsim-safe driver of sim/output/h5_driver.hpp absorbs it). Two ways to run out of space:
//   - RLIMIT_FSIZE (any user): write() past the limit fails with EFBIG;
//   - a small tmpfs (root only; skipped with a message where mounting is not allowed): ENOSPC.
// Each at several sizes, so that the failure lands in different places of the write (the
// header, a run, the tables, the closing metadata).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>

#include "sim/core/error.hpp"
#include "sim/output/h5.hpp"
#include "sim/output/result_file.hpp"

namespace govsim::sim {
namespace {

namespace fs = std::filesystem;

RunResult big_run(uint32_t replicate) {
  RunResult r;
  r.arm = "BASE";
  r.replicate = replicate;
  r.seed = 1;
  r.run_seed = 77;
  r.rows = 3001;
  r.groups = 3;
  for (const char* name : {"a", "b", "c", "d", "e", "f"})
    r.metrics.push_back({name, "share", "doc", r.metrics.size() % 2 == 0});
  r.series.resize(6 * r.rows);
  for (std::size_t i = 0; i < r.series.size(); ++i) r.series[i] = std::sin(0.37 * static_cast<double>(i));
  r.group_series.resize(3 * r.rows * r.groups);
  for (std::size_t i = 0; i < r.group_series.size(); ++i) r.group_series[i] = std::cos(0.11 * static_cast<double>(i));
  r.finals = {{"f", 0.5, -1}};
  return r;
}

FileHeader header() {
  FileHeader h;
  h.kind = "run";
  h.name = "full";
  h.model = "toy";
  h.scenario_yaml = std::string(2000, 'y');
  h.replicates = 4;
  return h;
}

// Writes a 4-run results file at `path`; returns the OutputError message ("" when it worked).
std::string write_results(const std::string& path, ResultFile::Buffering buffering) {
  try {
    ResultFile f(path, true, header(), buffering);
    for (uint32_t r = 0; r < 4; ++r) f.write_run(big_run(r), "toy", "model: toy\n", true);
    f.write_table("/summary/final", {"BASE"}, {"f.mean"}, {0.5});
    f.commit();
  } catch (const OutputError& e) {
    return e.what();
  }
  return "";
}

class TempFolder {
 public:
  TempFolder() {
    path_ = fs::temp_directory_path() / ("govsim_full_" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempFolder() {
    ::umount(path_.c_str());
    fs::remove_all(path_);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void expect_nothing_left(const TempFolder& dir) {
  for (const auto& e : fs::directory_iterator(dir.path())) ADD_FAILURE() << "left behind: " << e.path();
}

TEST(DiskFull, FileSizeLimitFailsCleanlyAtEverySize) {
  TempFolder dir;
  const std::string path = dir.file("r.h5");
  ASSERT_EQ(write_results(path, ResultFile::Buffering::kStreamed), "");
  const auto full_size = fs::file_size(path);
  fs::remove(path);
  ::signal(SIGXFSZ, SIG_IGN);  // write() past the limit returns EFBIG instead of killing us
  rlimit saved{};
  ::getrlimit(RLIMIT_FSIZE, &saved);
  int failures = 0;
  for (const double share : {0.0005, 0.01, 0.1, 0.3, 0.6, 0.9, 0.99}) {
    const auto limit = static_cast<rlim_t>(static_cast<double>(full_size) * share);
    for (const auto buffering : {ResultFile::Buffering::kStreamed, ResultFile::Buffering::kInMemory}) {
      rlimit lim = saved;
      lim.rlim_cur = limit;
      ::setrlimit(RLIMIT_FSIZE, &lim);
      const std::string msg = write_results(path, buffering);
      ::setrlimit(RLIMIT_FSIZE, &saved);
      EXPECT_NE(msg.find("cannot write '" + path + "': file too large"), std::string::npos)
          << "limit " << limit << " of " << full_size << ": '" << msg << "'";
      expect_nothing_left(dir);
      failures += msg.empty() ? 0 : 1;
    }
  }
  ::signal(SIGXFSZ, SIG_DFL);
  EXPECT_EQ(failures, 14);
  // The library is still usable afterwards (no dangling identifiers).
  EXPECT_EQ(write_results(path, ResultFile::Buffering::kStreamed), "");
  EXPECT_TRUE(fs::exists(path));
}

TEST(DiskFull, SmallTmpfsFailsWithNoSpaceLeftOnDevice) {
  TempFolder dir;
  int tested = 0;
  for (const char* size : {"12k", "40k", "100k", "200k", "400k"}) {
    const std::string opts = std::string("size=") + size;
    if (::mount("tmpfs", dir.path().c_str(), "tmpfs", 0, opts.c_str()) != 0)
      GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno)
                   << "): the full-disk test needs root (or CAP_SYS_ADMIN)";
    for (const auto buffering : {ResultFile::Buffering::kStreamed, ResultFile::Buffering::kInMemory}) {
      const std::string path = dir.file("r.h5");
      const std::string msg = write_results(path, buffering);
      EXPECT_NE(msg.find("cannot write '" + path + "': no space left on device"), std::string::npos)
          << size << ": '" << msg << "'";
      expect_nothing_left(dir);
      ++tested;
    }
    ASSERT_EQ(::umount(dir.path().c_str()), 0);
  }
  EXPECT_EQ(tested, 10);
}

TEST(ForceRule, OnlyARegularFileIsReplaced) {
  TempFolder dir;
  fs::create_directory(dir.file("folder.h5"));
  ::mkfifo(dir.file("fifo.h5").c_str(), 0644);
  fs::create_symlink(dir.file("target.h5"), dir.file("link.h5"));
  for (const char* name : {"folder.h5", "fifo.h5", "link.h5"}) {
    try {
      ResultFile f(dir.file(name), true, header());
      FAIL() << name << ": expected InputError";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("left untouched"), std::string::npos) << e.what();
    }
  }
  EXPECT_TRUE(fs::is_directory(dir.file("folder.h5")));
  EXPECT_TRUE(fs::is_fifo(dir.file("fifo.h5")));
  EXPECT_TRUE(fs::is_symlink(dir.file("link.h5")));
  EXPECT_FALSE(fs::exists(dir.file("target.h5")));
  // A FIFO at the temporary name is refused too (never opened: opening a FIFO blocks).
  ::mkfifo(dir.file("x.h5.tmp").c_str(), 0644);
  EXPECT_THROW(ResultFile(dir.file("x.h5"), false, header()), InputError);
  EXPECT_TRUE(fs::is_fifo(dir.file("x.h5.tmp")));
}

}  // namespace
}  // namespace govsim::sim
