#include "sim/output/durable_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "sim/core/error.hpp"

namespace govsim::sim {

namespace fs = std::filesystem;

std::string error_text(int err) {
  std::string s = std::strerror(err);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

std::string non_regular_kind(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return "";
  switch (st.st_mode & S_IFMT) {
    case S_IFREG: return "";
    case S_IFDIR: return "a folder";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFIFO: return "a FIFO (named pipe)";
    case S_IFSOCK: return "a socket";
    case S_IFLNK: return "a symbolic link";
    default: return "not a regular file";
  }
}

void refuse_non_regular(const std::string& path) {
  const std::string kind = non_regular_kind(path);
  if (!kind.empty())
    throw InputError(fmt::format(
        "error: output '{}' is {}: govsim writes only to a new path or, with --force, over a "
        "regular results file; it was left untouched",
        path, kind));
}

void check_output_path(const std::string& path, bool force) {
  if (path.empty()) throw InputError("error: output path is empty");
  const fs::path p(path);
  fs::path dir = p.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError(fmt::format("error: output '{}': folder '{}' does not exist", path, dir.string()));
  if (::access(dir.c_str(), W_OK) != 0)
    throw InputError(fmt::format("error: output '{}': folder '{}' is not writable", path, dir.string()));
  refuse_non_regular(path);
  if (fs::exists(fs::symlink_status(p, ec)) && !force)
    throw InputError(fmt::format("error: output '{}' already exists (use --force to replace it)", path));
}

void clear_temporary(const std::string& tmp) {
  refuse_non_regular(tmp);
  std::remove(tmp.c_str());
}

int fsync_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return errno;
  int err = 0;
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) err = errno;
  ::close(fd);
  return err;
}

void fsync_folder_of(const std::string& path) {
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

void commit_temporary(const std::string& tmp, const std::string& path, bool synced, bool sync_folder) {
  auto fail = [&](int err) {
    std::remove(tmp.c_str());
    throw OutputError(fmt::format("cannot write '{}': {}", path, error_text(err)));
  };
  if (const int err = synced ? 0 : fsync_file(tmp); err != 0) fail(err);
  if (!non_regular_kind(path).empty()) {
    std::remove(tmp.c_str());
    refuse_non_regular(path);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) fail(errno);
  if (sync_folder) fsync_folder_of(path);
}

void write_file_durably(const std::string& path, const void* data, std::size_t size, bool sync_folder) {
  const std::string tmp = path + ".tmp";
  clear_temporary(tmp);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) throw OutputError(fmt::format("cannot write '{}': {}", path, error_text(errno)));
  const auto* p = static_cast<const char*>(data);
  int err = 0;
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err = n < 0 ? errno : ENOSPC;
      break;
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  if (err == 0 && ::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    std::remove(tmp.c_str());
    throw OutputError(fmt::format("cannot write '{}': {}", path, error_text(err)));
  }
  commit_temporary(tmp, path, true, sync_folder);
}

}  // namespace govsim::sim
