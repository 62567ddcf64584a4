#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/app_context.hpp"
#include "sim/core/error.hpp"

namespace govsim::app {

std::atomic<int> g_stop_signal{0};

int interrupted_status(int signal) { return 128 + signal; }

std::vector<sim::Override> to_overrides(const std::vector<std::string>& sets) {
  std::vector<sim::Override> out;
  out.reserve(sets.size());
  for (const auto& s : sets) out.push_back({s});
  return out;
}

namespace {
double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

Progress::Progress(bool enabled, std::string what)
    : enabled_(enabled && ::isatty(2)), what_(std::move(what)), start_(now_seconds()) {}

Progress::~Progress() { finish(); }

void Progress::update(double done, double total, const std::string& unit) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  const double now = now_seconds();
  const double elapsed = now - start_;
  if (elapsed < 1.0 || now - last_draw_ < 0.1) return;
  last_draw_ = now;
  const double rate = done / std::max(elapsed, 1e-9);
  const double left = rate > 0 ? (total - done) / rate : 0.0;
  const int width = 30;
  const int fill = total > 0 ? static_cast<int>(width * done / total) : 0;
  std::string bar(static_cast<std::size_t>(std::clamp(fill, 0, width)), '#');
  bar.resize(width, '.');
  std::fprintf(stderr, "\r%s [%s] %.0f/%.0f %s  %.1f %s/s  %.0fs left   ", what_.c_str(),
               bar.c_str(), done, total, unit.c_str(), rate, unit.c_str(), left);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }
}

uint64_t available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  uint64_t value = 0;
  std::string unit;
  while (in >> key >> value >> unit) {
    if (key == "MemAvailable:") return value * 1024;
  }
  return 0;
}

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024.0 && u < 4) {
    bytes /= 1024.0;
    ++u;
  }
  return fmt::format("{:.1f} {}", bytes, units[u]);
}

void check_memory(uint64_t bytes, double max_memory_gb) {
  if (bytes == 0) return;
  const double limit = max_memory_gb > 0 ? max_memory_gb * 1073741824.0
                                         : static_cast<double>(available_memory_bytes());
  if (limit > 0 && static_cast<double>(bytes) > limit) {
    throw sim::InputError(fmt::format(
        "error: the run needs an estimated {} of memory but {} {} (use --max-memory GB to "
        "override)",
        human_bytes(static_cast<double>(bytes)), human_bytes(limit),
        max_memory_gb > 0 ? "is allowed by --max-memory" : "is available"));
  }
}

}  // namespace govsim::app
