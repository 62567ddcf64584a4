// File: bench/bench_checksum.cpp
//
// Fixed benchmark scenarios with result checksums, so that a run on another machine can be
// compared with one here: the same numbers mean the same work. For every line
// "<file> <checksum>" of bench/scenarios/checksums.txt, checksum/<file>/threads:<T> runs the
// whole scenario (sim::run_replicate, replicate 0, as `govsim run` does) once per iteration and
// hashes what it recorded: FNV-1a 64 over the bytes of RunResult::series, group_series and the
// final values. A checksum other than the expected one is not a test failure (benchmarks are
// not tests) but the benchmark is marked with SkipWithError("checksum ... differs ...") and its
// timings must not be compared. The label always shows the checksum computed.
//
// The results are bit-identical for any thread count (spec 0.1) for one build; another
// compiler, libm or flag set (-ffast-math, -march with FMA contraction) may legitimately change
// the bits. After an intended change of a model, update checksums.txt with the value the label
// shows (docs/performance.md, "Checksums").
#include <fmt/format.h>

#include <string>
#include <vector>

#include "bench/bench_common.hpp"
#include "sim/run/checksum.hpp"
#include "sim/run/runner.hpp"

#ifndef GOVSIM_SOURCE_DIR
#define GOVSIM_SOURCE_DIR "."
#endif

namespace govsim::bench {

namespace {

uint64_t agents_of(const sim::Scenario& sc) {
  if (sc.has_network() && sc.network.has("n")) return static_cast<uint64_t>(sc.network.integer("n"));
  if (sc.params.has("n_comm"))
    return static_cast<uint64_t>(sc.params.integer("n_comm") * sc.params.integer("pop_comm"));
  return sc.params.has("n") ? static_cast<uint64_t>(sc.params.integer("n")) : 0;
}

}  // namespace

void register_checksums() {
  for (const sim::ExpectedChecksum& e :
       sim::read_checksum_list(std::string(GOVSIM_SOURCE_DIR) + "/bench/scenarios/checksums.txt")) {
    for (int t : thread_counts()) {
      auto* b = benchmark::RegisterBenchmark(
          fmt::format("checksum/{}/threads:{}", e.file, t).c_str(), [e, t](benchmark::State& st) {
            const sim::ScenarioPtr sc = load_bench_scenario(e.file);
            const sim::ModelInfo& info = model_info(sc->model);
            sim::RunOptions opt;
            opt.threads = t;
            uint64_t got = 0;
            for (auto _ : st) got = sim::result_checksum(sim::run_replicate(info, sc, 0, opt));
            const std::string label = fmt::format("checksum=0x{:016x}", got);
            st.SetLabel(label);
            if (got != e.checksum)
              st.SkipWithError(fmt::format("{} differs from the expected 0x{:016x} "
                                           "(bench/scenarios/checksums.txt)",
                                           label, e.checksum)
                                   .c_str());
            const uint64_t n = agents_of(*sc);
            st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * n * sc->steps));
            st.counters["agents"] = static_cast<double>(n);
            st.counters["steps"] = sc->steps;
            st.counters["threads"] = t;
            st.counters["checksum_ok"] = got == e.checksum ? 1 : 0;
          });
      b->UseRealTime()->Unit(benchmark::kMillisecond);
    }
  }
}

}  // namespace govsim::bench
