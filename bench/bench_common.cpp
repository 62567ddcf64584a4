// File: bench/bench_common.cpp
#include "bench/bench_common.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "models/bounded_confidence/bounded_confidence.hpp"
#include "models/public_goods/public_goods.hpp"
#include "models/register_all.hpp"
#include "models/threshold_cascade/threshold_cascade.hpp"
#include "sim/graph/generators.hpp"
#include "sim/graph/network_catalog.hpp"
#include "sim/scenario/scenario_loader.hpp"

#ifndef GOVSIM_SOURCE_DIR
#define GOVSIM_SOURCE_DIR "."
#endif

namespace govsim::bench {

const std::vector<uint32_t>& agent_counts() {
  static const std::vector<uint32_t> v = {10'000, 100'000, 1'000'000, kHugeAgents};
  return v;
}

const std::vector<int>& thread_counts() {
  static const std::vector<int> v = {1, 2};
  return v;
}

std::string bench_name(const std::string& area, const std::string& variant, uint32_t n,
                       int threads) {
  std::string s = fmt::format("{}/{}/n:{}/threads:{}", area, variant, n, threads);
  if (n >= kHugeAgents) s += "/huge";
  return s;
}

benchmark::internal::Benchmark* add(const std::string& area, const std::string& variant,
                                    uint32_t n, int threads,
                                    std::function<void(benchmark::State&)> fn) {
  auto* b = benchmark::RegisterBenchmark(bench_name(area, variant, n, threads).c_str(),
                                         [fn = std::move(fn)](benchmark::State& st) { fn(st); });
  b->UseRealTime()->Unit(benchmark::kMillisecond);
  return b;
}

void set_counters(benchmark::State& state, uint64_t agents, uint64_t arcs, int threads) {
  const auto it = static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(agents));
  state.counters["agent_steps"] =
      benchmark::Counter(it * static_cast<double>(agents), benchmark::Counter::kIsRate);
  state.counters["edge_visits"] = benchmark::Counter(
      it * static_cast<double>(arcs), benchmark::Counter::kIsRate);
  state.counters["agents"] = static_cast<double>(agents);
  state.counters["arcs"] = static_cast<double>(arcs);
  state.counters["threads"] = threads;
}

namespace {

sim::ModelRegistry make_registry() {
  sim::ModelRegistry r;
  models::register_all(r);
  for (auto info : {models::threshold_cascade_info(), models::public_goods_info(),
                    models::bounded_confidence_info()})
    if (!r.find(info.name)) r.add(std::move(info));
  return r;
}

sim::Catalog make_catalog() {
  sim::Catalog c = registry().catalog();
  c.network_types = sim::network_types();
  return c;
}

}  // namespace

const sim::ModelRegistry& registry() {
  static const sim::ModelRegistry r = make_registry();
  return r;
}

const sim::ModelInfo& model_info(const std::string& name) {
  const sim::ModelInfo* info = registry().find(name);
  if (!info) throw std::runtime_error("govsim_bench: model '" + name + "' is not registered");
  return *info;
}

sim::ScenarioPtr load_bench_scenario(const std::string& file,
                                     const std::vector<std::string>& overrides) {
  return load_scenario_file("bench/scenarios/" + file, overrides);
}

sim::ScenarioPtr load_scenario_file(const std::string& path,
                                    const std::vector<std::string>& overrides) {
  static const sim::Catalog catalog = make_catalog();
  std::vector<sim::Override> ov;
  ov.reserve(overrides.size());
  for (const auto& o : overrides) ov.push_back({o});
  return sim::load_scenario(std::string(GOVSIM_SOURCE_DIR) + "/" + path, catalog, ov);
}

std::shared_ptr<const sim::Network> ws_graph(uint32_t n) {
  static uint32_t cached_n = 0;
  static std::shared_ptr<const sim::Network> cached;
  if (cached && cached_n == n) return cached;
  cached.reset();
  // Built with all cores: graph construction is setup, not what these benchmarks time.
  cached = std::make_shared<const sim::Network>(
      sim::watts_strogatz(n, 10, 0.1, sim::CounterRng::for_run(1, 0)));
  cached_n = n;
  return cached;
}

std::shared_ptr<const sim::Network> scenario_network(const sim::Scenario& sc) {
  return sim::build_network(sc.network, sim::CounterRng(sim::run_seed(sc.seed, 0)));
}

namespace {
struct LiveCache {
  std::string key;
  std::unique_ptr<LiveModel> live;
};
LiveCache& live_cache() {
  static LiveCache c;
  return c;
}
}  // namespace

LiveModel& live_model(const std::string& key, const std::function<sim::ScenarioPtr()>& scenario,
                      int threads_for_init) {
  LiveCache& c = live_cache();
  if (c.live && c.key == key) return *c.live;
  c.live.reset();  // free the previous model first (one big model at a time)
  auto live = std::make_unique<LiveModel>();
  const sim::ScenarioPtr sc = scenario();
  const sim::ModelInfo& info = model_info(sc->model);
  sim::RunContext& ctx = live->ctx;  // as sim/run/runner.cpp fills it (replicate 0)
  ctx.scenario = sc;
  ctx.params = &sc->params;
  ctx.seed = sc->seed;
  ctx.replicate = 0;
  ctx.run_seed = sim::run_seed(sc->seed, 0);
  ctx.rng = sim::CounterRng(ctx.run_seed);
  ctx.threads = threads_for_init;
  in_arena(threads_for_init, [&] {
    if (sc->has_network()) {
      // The WS benchmark graphs are shared with the gather benchmarks (same seed and params).
      const bool ws = sc->network_type() == "watts_strogatz" && sc->network.integer("k") == 10 &&
                      sc->network.number("p") == 0.1 && sc->network.str("reorder") == "none" &&
                      sc->seed == 1;
      ctx.network = ws ? ws_graph(static_cast<uint32_t>(sc->network.integer("n")))
                       : scenario_network(*sc);
    }
    live->model = info.make(ctx);
    live->model->init(ctx);
  });
  c.key = key;
  c.live = std::move(live);
  return *c.live;
}

void drop_live_model() {
  live_cache().live.reset();
  live_cache().key.clear();
}

}  // namespace govsim::bench
