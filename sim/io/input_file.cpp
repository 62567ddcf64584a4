#include "sim/io/input_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sim/core/error.hpp"

namespace govsim::sim::io {

namespace {

std::string system_reason(int err) { return std::strerror(err ? err : EIO); }

std::string size_text(std::uint64_t bytes) {
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

std::string too_large(std::uint64_t bytes, std::uint64_t max_bytes, std::string_view limit_for) {
  return fmt::format("it is {} ({} bytes), more than the {} MiB limit for {}", size_text(bytes),
                     bytes, max_bytes >> 20, limit_for);
}

// "" for a regular file within the limit; the reason otherwise.
std::string kind_problem(const struct stat& st, std::uint64_t max_bytes,
                         std::string_view limit_for) {
  const char* kind = nullptr;
  if (S_ISDIR(st.st_mode)) kind = "a directory";
  else if (S_ISFIFO(st.st_mode)) kind = "a FIFO (named pipe)";
  else if (S_ISCHR(st.st_mode)) kind = "a character device";
  else if (S_ISBLK(st.st_mode)) kind = "a block device";
  else if (S_ISSOCK(st.st_mode)) kind = "a socket";
  else if (!S_ISREG(st.st_mode)) kind = "not a file";
  if (kind) return fmt::format("it is {}, not a regular file", kind);
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (max_bytes > 0 && size > max_bytes) return too_large(size, max_bytes, limit_for);
  return {};
}

}  // namespace

std::string input_file_problem(const std::string& path, std::uint64_t max_bytes,
                               std::string_view limit_for) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return system_reason(errno);
  return kind_problem(st, max_bytes, limit_for);
}

void require_input_file(const std::string& path, std::string_view what) {
  const std::string problem = input_file_problem(path);
  if (!problem.empty())
    throw InputError(SourceLocation{path, 0, 0}, "",
                     fmt::format("cannot open {}: {}", what, problem));
}

std::string read_input_file(const std::string& path, std::string& text, std::uint64_t max_bytes,
                            std::string_view limit_for) {
  text.clear();
  if (std::string p = input_file_problem(path, max_bytes, limit_for); !p.empty()) return p;
  // Non-blocking: should the path have become a FIFO since the check, open returns at once.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return system_reason(errno);
  std::string problem;
  struct stat st {};
  if (::fstat(fd, &st) != 0) problem = system_reason(errno);
  if (problem.empty()) problem = kind_problem(st, max_bytes, limit_for);
  char buf[1 << 16];
  while (problem.empty()) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      problem = system_reason(errno);
    } else if (n == 0) {
      break;
    } else {
      text.append(buf, static_cast<std::size_t>(n));
      if (max_bytes > 0 && text.size() > max_bytes) problem = too_large(text.size(), max_bytes, limit_for);
    }
  }
  ::close(fd);
  if (!problem.empty()) text.clear();
  return problem;
}

}  // namespace govsim::sim::io
