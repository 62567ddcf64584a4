// File: bench/bench_main.cpp
//
// govsim_bench: Google Benchmark driver. Registers every benchmark explicitly (size-major
// order: for each agent count, the gather limit, then the models at that count),
// adds the build's provenance and the machine (CPU model, NUMA nodes, kernel; Google Benchmark
// adds cores, MHz, caches and load) to the JSON context and installs the default filter "-/huge"
// (everything but the 10^7 sizes) when no --benchmark_filter is given.
//
//   govsim_bench --benchmark_format=json --benchmark_out=bench.json --benchmark_min_time=0.2
//   bench/ratios bench.json
//
// See docs/performance.md.
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/version.h>
#include <spdlog/spdlog.h>

#include <sys/utsname.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "bench/bench_common.hpp"
#include "sim/rng/philox_batch.hpp"
#include "govsim/build_info.hpp"
#include "sim/output/result_file.hpp"

namespace {

// The first "model name" line of /proc/cpuinfo (Linux), else "unknown". Google Benchmark's
// context has the core count, MHz and caches but not the CPU model.
std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  return "unknown";
}

// NUMA nodes the kernel reports (/sys/devices/system/node/node*), 0 when unknown.
int numa_nodes() {
  std::error_code ec;
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator("/sys/devices/system/node", ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("node", 0) == 0 && name.size() > 4 &&
        name.find_first_not_of("0123456789", 4) == std::string::npos)
      ++n;
  }
  return n;
}

std::string kernel_release() {
  struct utsname u {};
  return uname(&u) == 0 ? std::string(u.sysname) + " " + u.release + " " + u.machine : "unknown";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace govsim;
  spdlog::set_level(spdlog::level::warn);  // the builders log at info level

  bool has_filter = false;
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], "--benchmark_filter", 18) == 0) has_filter = true;

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (!has_filter) benchmark::SetBenchmarkFilter("-/huge");

  benchmark::AddCustomContext("govsim_version", build_info::kVersion);
  benchmark::AddCustomContext("govsim_git_commit", build_info::kGitCommit);
  benchmark::AddCustomContext("compiler", build_info::kCompiler);
  benchmark::AddCustomContext("cxx_flags", build_info::kCxxFlags);
  benchmark::AddCustomContext("build_type", build_info::kBuildType);
  benchmark::AddCustomContext("libraries", sim::library_versions());
  benchmark::AddCustomContext("tbb_default_concurrency",
                              std::to_string(oneapi::tbb::info::default_concurrency()));
  benchmark::AddCustomContext("hardware_concurrency",
                              std::to_string(std::thread::hardware_concurrency()));
  benchmark::AddCustomContext("cpu_model", cpu_model());
  benchmark::AddCustomContext("numa_nodes", std::to_string(numa_nodes()));
  benchmark::AddCustomContext("kernel", kernel_release());
  benchmark::AddCustomContext("philox_batch_isa", sim::word0_batch_isa());

  for (uint32_t n : bench::agent_counts()) {
    bench::register_gather(n);
    bench::register_models(n);
  }
  for (uint32_t n : bench::agent_counts()) {
    bench::register_graph(n);
    bench::register_output(n);
  }
  bench::register_checksums();
  bench::register_pipeline();

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
