// File: bench/bench_output.cpp
//
// HDF5 writing: ResultFile::write_run + commit (flush, close, fsync, rename) of a realistic
// governance RunResult: the model's own metric list (every metric also per community), 261 rows
// (the 260-week horizon), n / 2500 communities, the model's final values and a Lorenz-curve-
// and histogram-sized set of extras. Values are deterministic pseudo-random doubles (HDF5 does
// not compress them, so their values do not matter). bytes_per_second counts the series bytes.
// HDF5 is single-threaded: registered for threads:1 only.
#include <unistd.h>

#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "bench/bench_common.hpp"
#include "sim/output/result_file.hpp"

namespace govsim::bench {

namespace {

namespace fs = std::filesystem;

sim::RunResult realistic_result(uint32_t n) {
  sim::RunResult r;
  r.arm = "bench";
  r.replicate = 0;
  r.seed = 1;
  r.run_seed = sim::run_seed(1, 0);
  const sim::ScenarioPtr sc = load_bench_scenario("governance.yaml");
  sim::RunContext ctx;
  ctx.scenario = sc;
  ctx.params = &sc->params;
  ctx.rng = sim::CounterRng(r.run_seed);
  r.metrics = model_info("governance").make(ctx)->metrics();  // the constructor allocates nothing
  r.rows = 261;
  r.groups = n / 2500;
  std::size_t per_group = 0;
  for (const auto& m : r.metrics) per_group += m.per_group ? 1 : 0;
  r.series.resize(r.metrics.size() * r.rows);
  r.group_series.resize(per_group * r.rows * r.groups);
  uint64_t x = 0x9e3779b97f4a7c15ULL;
  auto next = [&x] {
    x = sim::splitmix64(x);
    return static_cast<double>(x >> 11) * 0x1.0p-53;
  };
  for (double& v : r.series) v = next();
  for (double& v : r.group_series) v = next();
  for (const auto& m : r.metrics) r.finals.push_back({m.name, next(), -1});
  r.extras.push_back({"ti_histogram", "histogram", std::vector<double>(20, 1.0), {}});
  r.extras.push_back({"lorenz_cum_vol", "Lorenz curve", std::vector<double>(101, 0.5), {}});
  r.extras.push_back(
      {"grid_coverage_window", "per grid", std::vector<double>(r.groups * 12, 0.5), {}});
  return r;
}

}  // namespace

void register_output(uint32_t n) {
  add("output", "hdf5-write", n, 1, [=](benchmark::State& st) {
    const sim::RunResult r = realistic_result(n);
    const std::string path =
        (fs::temp_directory_path() / fmt::format("govsim-bench-{}.h5", getpid())).string();
    sim::FileHeader h;
    h.kind = "run";
    h.name = "bench";
    h.model = "governance";
    h.scenario_yaml = "model: governance\n";
    h.seed = 1;
    h.replicates = 1;
    for (auto _ : st) {
      sim::ResultFile file(path, true, h);
      file.write_run(r, "governance", h.scenario_yaml, true);
      file.commit();
    }
    fs::remove(path);
    const auto bytes = static_cast<int64_t>((r.series.size() + r.group_series.size()) * 8);
    st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * bytes);
    st.counters["agents"] = n;
    st.counters["communities"] = r.groups;
    st.counters["threads"] = 1;
  });
}

}  // namespace govsim::bench
