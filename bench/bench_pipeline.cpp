// File: bench/bench_pipeline.cpp
//
// The robust-comparison workload (issue 18, target 2): many small runs through the one
// pipeline, and where the time of a run goes.
//
//   pipeline/<scenario>-runs:<R>/n:<residents>/threads:T
//       One iteration = one job as `govsim compare`/`calibrate` runs it: a plan of R replicates
//       of scenarios/<scenario>.yaml, sim::pipeline::LocalExecutor (T threads; small runs go
//       side by side, run_pool.hpp) + run_job into a fresh run store in the temp folder (every
//       run file written, fsynced, renamed), then assemble() of the results file. Counter
//       runs_per_second (kIsRate), plus runs and threads.
//   pipeline-phases/<scenario>[-steps:S]/n:<residents>/threads:T
//       One run taken apart as sim/run/runner.cpp and the run store do it, each phase timed
//       with steady_clock (seconds per run, averaged over the iterations):
//         set-up:  resolve_s (load + validate the scenario), network_s (build_network),
//                  init_s (make + init: population, initial state, row-0 metrics)
//         steps:   steps_s (model->step; it holds the model's own metric pass M)
//         output:  observe_s (observe + copy into the series, every row), finals_s (finals +
//                  extras), encode_s (the run file built in memory, HDF5), write_s (written,
//                  fsynced, renamed, folder fsynced), assemble_s (a results file of this one
//                  run: an upper bound of a run's share of a many-run assembly)
//       and the shares setup_share, output_share of their sum (run_s). With -steps:S the
//       scenario runs S steps instead of its horizon; the figures per step then extrapolate
//       to the horizon (docs/performance.md says so where it does).
// Registered for threads 1 and 2 (thread_counts()): default (10,000 residents, 260 steps) and
// sanyuan (409,200 residents) for 26 steps (every kind of step: forums, learning, imitation).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "bench/bench_common.hpp"
#include "sim/pipeline/assemble.hpp"
#include "sim/pipeline/executor.hpp"
#include "sim/pipeline/job.hpp"
#include "sim/pipeline/plan.hpp"
#include "sim/pipeline/run_store.hpp"
#include "sim/graph/network_catalog.hpp"
#include "sim/run/runner.hpp"

namespace govsim::bench {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// A fresh folder under the temp folder for one benchmark's stores and results files.
fs::path scratch_dir(const std::string& tag) {
  static std::atomic<int> counter{0};
  fs::path d = fs::temp_directory_path() /
               fmt::format("govsim-bench-{}-{}-{}", tag, getpid(), counter.fetch_add(1));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

sim::pipeline::Plan replicate_plan(const sim::ScenarioPtr& sc, uint32_t replicates) {
  sim::pipeline::Plan plan = sim::pipeline::single_point_plan("compare", sc, replicates);
  plan.name = sc->name;
  plan.resolved_yaml = sc->resolved_yaml;
  plan.seed = sc->seed;
  sim::pipeline::finalize(plan);
  return plan;
}

// The whole job: run_job into a fresh store, then assemble the results file.
void register_runs(const std::string& scenario, uint32_t agents, uint32_t replicates, int threads) {
  const std::string variant = fmt::format("{}-runs:{}", scenario, replicates);
  add("pipeline", variant, agents, threads, [=](benchmark::State& st) {
    const sim::ScenarioPtr sc = load_scenario_file("scenarios/" + scenario + ".yaml");
    const sim::pipeline::Plan plan = replicate_plan(sc, replicates);
    const fs::path dir = scratch_dir("runs");
    sim::pipeline::LocalExecutor ex(registry(), {.threads = threads});
    int k = 0;
    for (auto _ : st) {
      const fs::path store = dir / fmt::format("job{}.d", k);
      const fs::path out = dir / fmt::format("job{}.h5", k++);
      sim::pipeline::JobOptions jo;
      jo.store_dir = store.string();
      jo.output_path = out.string();
      const sim::pipeline::JobResult r = sim::pipeline::run_job(ex, plan, jo);
      if (!r.complete()) {
        st.SkipWithError(("job failed: " + r.outcome.described()).c_str());
        break;
      }
      sim::pipeline::AssembleOptions ao;
      ao.out_path = out.string();
      (void)sim::pipeline::assemble(plan, sim::pipeline::RunStore(store.string()), ao);
      st.PauseTiming();
      fs::remove_all(store);
      fs::remove(out);
      st.ResumeTiming();
    }
    fs::remove_all(dir);
    const double runs = static_cast<double>(st.iterations()) * replicates;
    st.counters["runs_per_second"] = benchmark::Counter(runs, benchmark::Counter::kIsRate);
    st.counters["runs"] = replicates;
    st.counters["threads"] = threads;
  });
}

struct Phases {
  double resolve = 0, network = 0, init = 0, steps = 0, observe = 0, finals = 0, encode = 0,
         write = 0, assemble = 0;
  double setup() const { return resolve + network + init; }
  double output() const { return observe + finals + encode + write + assemble; }
  double run() const { return setup() + steps + output(); }
};

// One run, phase by phase, as run_replicate, RunStore::write_run and assemble() do it.
Phases one_run(const std::string& file, const std::vector<std::string>& overrides,
               const fs::path& dir, int k) {
  Phases ph;
  auto t0 = Clock::now();
  const sim::ScenarioPtr sc = load_scenario_file(file, overrides);
  ph.resolve = seconds_since(t0);
  const sim::pipeline::Plan plan = replicate_plan(sc, 1);
  const sim::ModelInfo& info = model_info(sc->model);

  sim::RunResult out;
  out.arm = plan.arms[0].name;
  out.seed = sc->seed;
  sim::RunContext ctx;
  ctx.scenario = sc;
  ctx.params = &sc->params;
  ctx.seed = sc->seed;
  ctx.run_seed = sim::run_seed(sc->seed, 0);
  ctx.rng = sim::CounterRng(ctx.run_seed);
  out.run_seed = ctx.run_seed;
  t0 = Clock::now();
  if (sc->has_network()) ctx.network = sim::build_network(sc->network, ctx.rng);
  ph.network = seconds_since(t0);
  t0 = Clock::now();
  std::unique_ptr<sim::Model> model = info.make(ctx);
  model->init(ctx);
  ph.init = seconds_since(t0);

  t0 = Clock::now();
  sim::SeriesRecorder recorder(*model, sc->steps, out);
  recorder.record(0);
  ph.observe = seconds_since(t0);
  for (uint32_t t = 0; t < sc->steps; ++t) {
    t0 = Clock::now();
    model->step(ctx, t);
    const auto t1 = Clock::now();
    recorder.record(t + 1);
    ph.steps += std::chrono::duration<double>(t1 - t0).count();
    ph.observe += seconds_since(t1);
  }
  t0 = Clock::now();
  const sim::RecordedSeries view(out);
  out.finals = model->finals(view);
  out.extras = model->extras();
  ph.finals = seconds_since(t0);
  model.reset();
  ctx.network.reset();

  const fs::path store_dir = dir / fmt::format("run{}.d", k);
  const sim::pipeline::RunStore store(store_dir.string());
  store.create({plan.kind, plan.name, "", plan.hash, 1, "bench"}, plan.resolved_yaml);
  t0 = Clock::now();
  const std::vector<char> bytes = store.encode_run(plan, 0, out);
  ph.encode = seconds_since(t0);
  t0 = Clock::now();
  store.write_encoded(0, bytes, true);
  ph.write = seconds_since(t0);
  const fs::path results = dir / fmt::format("run{}.h5", k);
  t0 = Clock::now();
  sim::pipeline::AssembleOptions ao;
  ao.out_path = results.string();
  (void)sim::pipeline::assemble(plan, store, ao);
  ph.assemble = seconds_since(t0);
  fs::remove_all(store_dir);
  fs::remove(results);
  return ph;
}

void register_phases(const std::string& scenario, uint32_t agents, uint32_t steps, int threads) {
  const std::string variant =
      steps ? fmt::format("{}-steps:{}", scenario, steps) : scenario;
  add("pipeline-phases", variant, agents, threads, [=](benchmark::State& st) {
    std::vector<std::string> overrides;
    if (steps) overrides.push_back(fmt::format("steps={}", steps));
    const std::string file = "scenarios/" + scenario + ".yaml";
    const fs::path dir = scratch_dir("phases");
    Phases sum;
    int k = 0;
    for (auto _ : st) {
      const Phases ph = in_arena_result(threads, [&] { return one_run(file, overrides, dir, k++); });
      sum.resolve += ph.resolve;
      sum.network += ph.network;
      sum.init += ph.init;
      sum.steps += ph.steps;
      sum.observe += ph.observe;
      sum.finals += ph.finals;
      sum.encode += ph.encode;
      sum.write += ph.write;
      sum.assemble += ph.assemble;
    }
    fs::remove_all(dir);
    const auto avg = [&](double v) {
      return benchmark::Counter(v, benchmark::Counter::kAvgIterations);
    };
    st.counters["resolve_s"] = avg(sum.resolve);
    st.counters["network_s"] = avg(sum.network);
    st.counters["init_s"] = avg(sum.init);
    st.counters["steps_s"] = avg(sum.steps);
    st.counters["observe_s"] = avg(sum.observe);
    st.counters["finals_s"] = avg(sum.finals);
    st.counters["encode_s"] = avg(sum.encode);
    st.counters["write_s"] = avg(sum.write);
    st.counters["assemble_s"] = avg(sum.assemble);
    st.counters["run_s"] = avg(sum.run());
    st.counters["setup_share"] = sum.setup() / sum.run();
    st.counters["output_share"] = sum.output() / sum.run();
    st.counters["threads"] = threads;
  });
}

}  // namespace

void register_pipeline() {
  for (int t : thread_counts()) register_runs("default", 10'000, 8, t);
  for (int t : thread_counts()) register_phases("default", 10'000, 0, t);
  for (int t : thread_counts()) register_phases("sanyuan", 409'200, 26, t);
}

}  // namespace govsim::bench
