// File: bench/bench_common.hpp
//
// Shared pieces of govsim_bench (Google Benchmark): the sizes, the benchmark naming scheme, the
// thread-limited oneTBB arena every benchmark body runs in, the counters, the fixed benchmark
// scenarios (bench/scenarios/*.yaml) and caches for what is expensive to build (networks and
// initialised models), so that the 1- and 2-thread variants of a size share one setup.
//
// Naming (docs/performance.md, "Benchmark names"): <area>/<variant>/n:<agents>/threads:<T>,
// and the 10^7 sizes end in "/huge". main() installs the default filter "-/huge" (every
// benchmark except the huge ones) when no --benchmark_filter is given; run them with
// --benchmark_filter=huge or --benchmark_filter=all.
//
// Counters (all benchmarks that advance agents): items_per_second = agent-steps/s (through
// SetItemsProcessed), agent_steps and edge_visits (kIsRate: per second of real time), plus the
// plain values agents, arcs and threads that bench/ratios reads.
#pragma once

#include <benchmark/benchmark.h>
#include <oneapi/tbb/task_arena.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/graph/network.hpp"
#include "sim/model/model.hpp"
#include "sim/model/registry.hpp"
#include "sim/scenario/scenario.hpp"

namespace govsim::bench {

// Agent counts: 10^4 .. 10^6 by default; 10^7 registered as "/huge".
inline constexpr uint32_t kHugeAgents = 10'000'000;
const std::vector<uint32_t>& agent_counts();  // {1e4, 1e5, 1e6, 1e7}
const std::vector<int>& thread_counts();      // {1, 2}

// "<area>/<variant>/n:<n>/threads:<t>" (+ "/huge" for 10^7).
std::string bench_name(const std::string& area, const std::string& variant, uint32_t n,
                       int threads);

// Registers fn under bench_name(...), measured in real (wall-clock) time, reported in ms.
benchmark::internal::Benchmark* add(const std::string& area, const std::string& variant,
                                    uint32_t n, int threads,
                                    std::function<void(benchmark::State&)> fn);

// Runs fn inside a oneTBB task_arena of `threads` slots (the calling thread plus threads - 1
// workers), so every parallel loop fn starts sees exactly that concurrency.
template <class F>
void in_arena(int threads, F&& fn) {
  oneapi::tbb::task_arena arena(threads);
  arena.execute(std::forward<F>(fn));
}
// The same, returning fn's result.
template <class F>
auto in_arena_result(int threads, F&& fn) {
  oneapi::tbb::task_arena arena(threads);
  return arena.execute(std::forward<F>(fn));
}

// Sets items_per_second and the rate counters agent_steps (agents per step) and edge_visits
// (arcs per step: one visit of every arc per step, whatever number of passes over the CSR a
// step makes, so that the rates of different kernels compare), plus the plain counters agents,
// arcs and threads.
void set_counters(benchmark::State& state, uint64_t agents, uint64_t arcs, int threads);

// The registry the benchmarks use: models::register_all plus the isolation models that are not
// (yet) on that list, so that every model under models/ can be benchmarked.
const sim::ModelRegistry& registry();
const sim::ModelInfo& model_info(const std::string& name);

// Loads bench/scenarios/<file> with --set style overrides ("params.n_comm=400").
sim::ScenarioPtr load_bench_scenario(const std::string& file,
                                     const std::vector<std::string>& overrides = {});
// Loads <source dir>/<path> (e.g. "scenarios/default.yaml") the same way.
sim::ScenarioPtr load_scenario_file(const std::string& path,
                                    const std::vector<std::string>& overrides = {});

// The Watts-Strogatz benchmark graph (k = 10, p = 0.1, seed 1, as in
// scenarios/classic/threshold-ws.yaml and bench/scenarios/*-ws.yaml) with n nodes. Cached: the
// last one built is kept until a different n is asked for.
std::shared_ptr<const sim::Network> ws_graph(uint32_t n);

// The network section of a scenario built as the engine builds it (sim/run/runner.cpp).
std::shared_ptr<const sim::Network> scenario_network(const sim::Scenario& sc);

// A model made and initialised exactly as run_replicate does it (same RunContext), kept alive
// with its context. Cached by key: the last one made is kept until another key is asked for
// (one 10^7 model at a time).
struct LiveModel {
  sim::RunContext ctx;
  std::unique_ptr<sim::Model> model;
  uint32_t agents = 0;
  uint64_t arcs = 0;
  uint32_t t = 0;  // next step index
};
LiveModel& live_model(const std::string& key, const std::function<sim::ScenarioPtr()>& scenario,
                      int threads_for_init);
void drop_live_model();

// Registration, one function per source file, called by bench_main.cpp for each agent count in
// ascending order (so that a ratio's two benchmarks run next to each other and share the
// cached graph or model). Each registers its benchmarks for every thread count.
void register_gather(uint32_t n);      // bench_gather.cpp: the limit, on WS and neighbourhood
void register_models(uint32_t n);      // bench_models.cpp: one step of each model
void register_graph(uint32_t n);       // bench_graph.cpp: generation and loading
void register_output(uint32_t n);      // bench_output.cpp: HDF5 writing
void register_checksums();             // bench_checksum.cpp: fixed scenarios, result checksums
void register_pipeline();              // bench_pipeline.cpp: runs/s and a run's phases

}  // namespace govsim::bench
