// Output safety (docs/reliability.md): a full disk and output paths that are not regular files.
//   - A full disk (a small tmpfs; the tests run as root and are skipped with a message where
//     mounting is not allowed): `run`, `compare` and `sweep` exit 1 with one line naming the
//     path and "no space left on device", leave nothing under the final name nor a temporary
//     file, and keep the runs already durable; after more space, --resume completes the job
//     with the data of an uninterrupted one. Several sizes, so that the failure lands in the
//     run store's creation, in a run file and in the assembly of the results file.
//   - --force replaces only a regular results file: a folder, a FIFO, a socket, a character
//     device or a symbolic link at the output path, at <out>.d or at <stem>.partial.h5 is
//     refused (exit 2; for the partial file, the interrupt still exits 130 and keeps the runs in
//     <out>.d/) and left untouched.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <thread>

#include "tests/reliability/reliability_support.hpp"

namespace govsim::testing {
namespace {

// A tmpfs mounted on a fresh folder; unmounted and removed at the end.
class Tmpfs {
 public:
  explicit Tmpfs(const fs::path& at) : path_(at) { fs::create_directories(path_); }
  ~Tmpfs() {
    if (mounted_) ::umount(path_.c_str());
    fs::remove_all(path_);
  }
  // Mounts (or remounts) with `size` bytes; false with the reason when not allowed.
  bool mount(std::size_t size, std::string* why) {
    const std::string opts = "size=" + std::to_string(size);
    const unsigned long flags = mounted_ ? MS_REMOUNT : 0;
    if (::mount("tmpfs", path_.c_str(), "tmpfs", flags, opts.c_str()) != 0) {
      *why = std::strerror(errno);
      return false;
    }
    mounted_ = true;
    return true;
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  bool mounted_ = false;
};

// Bytes used by a folder's regular files (recursively).
std::size_t bytes_in(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) n += e.file_size();
  return n;
}

// Lines of `text` that contain `what`.
std::vector<std::string> lines_with(const std::string& text, const std::string& what) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    const std::string line = text.substr(start, nl - start);
    if (line.find(what) != std::string::npos) out.push_back(line);
    start = nl + 1;
  }
  return out;
}

// After a failed job on a full disk: nothing under the final name, no temporary file anywhere,
// and every run file left opens and is complete. Returns the run files kept.
std::size_t audit_full_disk(const Tmpfs& mnt, const std::string& out) {
  EXPECT_FALSE(fs::exists(out)) << "a failed job left " << out;
  std::size_t runs = 0;
  for (const auto& e : fs::recursive_directory_iterator(mnt.path())) {
    const std::string p = e.path().string();
    EXPECT_EQ(p.find(".tmp"), std::string::npos) << "temporary file left: " << p;
    if (e.path().filename().string().rfind("run-", 0) == 0) {
      ++runs;
      const FileCheck c = check_results_file(p);
      EXPECT_TRUE(c.problems.empty()) << p << ": " << c.problems;
    }
  }
  return runs;
}

const char* kCascade =
    "model: threshold_cascade\nname: c\nseed: 4\nreplicates: 4\nsteps: 60\n"
    "network: {type: erdos_renyi, n: 3000, k_mean: 4}\n"
    "params: {threshold: 0.18, seed_mode: fraction, seed_fraction: 0.01}\n";

class FullDisk : public ::testing::Test {
 protected:
  FullDisk() : dir_("reliability_full") {
    dir_.write("c.yaml", kCascade);
    dir_.write("cmp.yaml",
               "compare:\n  name: cmp\n  seed: 2\n  replicates: 3\n  arms:\n"
               "    - {name: LOW, scenario: c.yaml, set: {params.threshold: 0.12}}\n"
               "    - {name: HIGH, scenario: c.yaml, set: {params.threshold: 0.24}}\n");
    dir_.write("sw.yaml",
               "sweep:\n  name: sw\n  base: c.yaml\n  replicates: 2\n"
               "  design: {type: grid, parameters: {params.threshold: [0.1, 0.15, 0.2]}}\n");
  }

  // Runs `command FILE` into a tmpfs too small for it at several sizes (shares of what the job
  // needs on disk); checks every failure, then resumes with room to spare.
  void check_command(const std::string& command, const std::string& file) {
    const std::string input = dir_ / file;
    const std::string ref = dir_ / (command + "-ref.h5");
    const auto r = run(command + " " + input + " -o " + ref + " -q --threads 2 --keep-runs");
    ASSERT_EQ(r.status, 0) << r.output;
    const std::size_t need = fs::file_size(ref) + bytes_in(ref + ".d");
    fs::remove_all(ref + ".d");
    std::set<std::string> places;
    int failures = 0;
    for (const double share : {0.01, 0.15, 0.35, 0.55, 0.7, 0.85}) {
      Tmpfs mnt(dir_.path() / "mnt");
      std::string why;
      if (!mnt.mount(static_cast<std::size_t>(static_cast<double>(need) * share), &why))
        GTEST_SKIP() << "cannot mount a tmpfs here (" << why << "): the full-disk test needs root";
      const std::string out = mnt.file("out.h5");
      const std::string cmd = command + " " + input + " -o " + out + " --threads 2";
      const auto f = run(cmd + " -q");
      if (f.status == 0) {  // it fitted after all (file systems round up to whole pages)
        const auto d = run("diff " + ref + " " + out);
        EXPECT_EQ(d.status, 0) << d.output;
        continue;
      }
      ++failures;
      ASSERT_EQ(f.status, 1) << share << ": " << f.output;
      const auto full = lines_with(f.output, "no space left on device");
      ASSERT_EQ(full.size(), 1u) << f.output;
      EXPECT_NE(full[0].find(mnt.path().string()), std::string::npos) << full[0];
      EXPECT_EQ(lines_with(f.output, "HDF5").size(), 0u) << f.output;
      const std::size_t kept = audit_full_disk(mnt, out);
      places.insert(full[0].find("/run-") != std::string::npos ? "a run file"
                    : full[0].find(".yaml") != std::string::npos ? "the store's creation"
                                                                  : "the results file");
      std::printf("[ reliability ] %s on a %.0f%% disk: exit 1, %zu run(s) kept: %s\n", command.c_str(),
                  100 * share, kept, full[0].c_str());
      // More room: --resume completes the job with the data of an uninterrupted one.
      ASSERT_TRUE(mnt.mount(need * 3, &why)) << why;
      const auto res = run(cmd + " -q --resume");
      ASSERT_EQ(res.status, 0) << res.output;
      const auto d = run("diff " + ref + " " + out);
      EXPECT_EQ(d.status, 0) << d.output;
    }
    EXPECT_GE(failures, 4);
    EXPECT_EQ(places.size(), 3u) << "the failures did not land in the store, a run file and the results file";
  }

  TempDir dir_;
};

TEST_F(FullDisk, RunExitsOneKeepsNothingBrokenAndResumes) { check_command("run", "c.yaml"); }
TEST_F(FullDisk, CompareExitsOneKeepsDurableRunsAndResumes) { check_command("compare", "cmp.yaml"); }
TEST_F(FullDisk, SweepExitsOneKeepsDurableRunsAndResumes) { check_command("sweep", "sw.yaml"); }

// Things that are not regular files, made at `path`; returns what was made ("" if none).
std::string make_special(const std::string& path, int which) {
  switch (which) {
    case 0:
      fs::create_directory(path);
      return "a folder";
    case 1:
      return ::mkfifo(path.c_str(), 0644) == 0 ? "a FIFO (named pipe)" : "";
    case 2: {
      const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
      sockaddr_un addr{};
      addr.sun_family = AF_UNIX;
      std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
      const bool ok = ::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
      ::close(s);
      return ok ? "a socket" : "";
    }
    case 3:  // like /dev/null (root only)
      return ::mknod(path.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0 ? "a character device" : "";
    default:
      fs::create_symlink(path + ".target", path);
      return "a symbolic link";
  }
}

// The same kind of file system object as before, and nothing written through it.
void expect_untouched(const std::string& path, const std::string& kind) {
  const std::string now = [&] {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return std::string("gone");
    if (S_ISDIR(st.st_mode)) return std::string("a folder");
    if (S_ISFIFO(st.st_mode)) return std::string("a FIFO (named pipe)");
    if (S_ISSOCK(st.st_mode)) return std::string("a socket");
    if (S_ISCHR(st.st_mode)) return std::string("a character device");
    if (S_ISLNK(st.st_mode)) return std::string("a symbolic link");
    return std::string("a regular file");
  }();
  EXPECT_EQ(now, kind) << path;
  if (kind == "a folder") {
    EXPECT_TRUE(fs::is_empty(path)) << path;
  }
  if (kind == "a symbolic link") {
    EXPECT_FALSE(fs::exists(path + ".target")) << "written through the link";
  }
}

TEST(ForceRule, OutputAndStorePathsThatAreNotRegularFilesAreRefused) {
  TempDir dir("reliability_force");
  dir.write("c.yaml", kCascade);
  dir.write("cmp.yaml", "compare:\n  name: cmp\n  replicates: 1\n  arms:\n    - {name: A, scenario: c.yaml}\n");
  dir.write("sw.yaml", "sweep:\n  base: c.yaml\n  replicates: 1\n  design: {type: grid, parameters: {steps: [5, 6]}}\n");
  int refused = 0;
  for (const std::string cmd : {"run c.yaml", "compare cmp.yaml", "sweep sw.yaml"}) {
    for (int which = 0; which < 5; ++which) {
      for (const std::string suffix : {"", ".d"}) {
        if (which == 0 && suffix == ".d") continue;  // a folder there is a (possibly empty) run store
        const std::string out = dir / ("o" + std::to_string(which) + ".h5");
        const std::string target = out + suffix;
        const std::string kind = make_special(target, which);
        if (kind.empty()) continue;  // e.g. no device nodes without root
        const auto r = run(cmd.substr(0, cmd.find(' ')) + " " + (dir / cmd.substr(cmd.find(' ') + 1)) +
                           " -o " + out + " -q --force --threads 1");
        EXPECT_EQ(r.status, 2) << cmd << " -o " << target << ": " << r.output;
        EXPECT_NE(r.output.find(target), std::string::npos) << r.output;
        EXPECT_NE(r.output.find("left untouched"), std::string::npos) << r.output;
        expect_untouched(target, kind);
        if (suffix.empty()) {
          EXPECT_FALSE(fs::exists(out + ".d")) << cmd << ": a store next to a refused output";
        }
        ++refused;
        fs::remove_all(target);
        fs::remove_all(out + ".d");
      }
    }
  }
  std::printf("[ reliability ] --force refused %d special output paths, each left untouched\n", refused);
  EXPECT_GE(refused, 24);
}

// An interrupted run whose <stem>.partial.h5 is a FIFO: the partial file is refused (the FIFO
// is never opened), the runs stay in <out>.d/, exit 130.
TEST(ForceRule, PartialFileThatIsAFifoIsLeftAlone) {
  TempDir dir("reliability_partial");
  const std::string scen = dir.write(
      "slow.yaml",
      "model: governance\nname: k\nseed: 5\nreplicates: 8\nsteps: 52\nparams: {n_comm: 6, pop_comm: 2500}\n");
  const std::string out = dir / "k.h5";
  ASSERT_EQ(::mkfifo((dir / "k.partial.h5").c_str(), 0644), 0);
  Child c({"run", scen, "-o", out, "-q", "--threads", "1"}, dir / "k.log");
  const auto t0 = std::chrono::steady_clock::now();
  while (seconds_since(t0) < 60 && !fs::exists(out + ".d/run-0000000.h5"))
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  c.signal(SIGINT);
  EXPECT_EQ(c.wait(), 130) << c.output();
  EXPECT_TRUE(fs::is_fifo(dir / "k.partial.h5"));
  EXPECT_NE(c.output().find("is a FIFO (named pipe)"), std::string::npos) << c.output();
  EXPECT_NE(c.output().find("they are kept in " + out + ".d/"), std::string::npos) << c.output();
  EXPECT_TRUE(fs::exists(out + ".d/run-0000000.h5"));
}

}  // namespace
}  // namespace govsim::testing
