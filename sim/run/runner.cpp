#include "sim/run/runner.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "sim/core/error.hpp"
#include "sim/graph/network_catalog.hpp"

namespace govsim::sim {

double RecordedSeries::group(std::size_t metric, std::size_t row, std::size_t g) const {
  // `metric` indexes metrics(); map it to its position among per_group metrics.
  std::size_t k = 0;
  for (std::size_t m = 0; m < metric; ++m) k += r_.metrics[m].per_group ? 1 : 0;
  return r_.group_series[(k * r_.rows + row) * r_.groups + g];
}

SeriesRecorder::SeriesRecorder(Model& model, uint32_t steps, RunResult& out)
    : model_(model), out_(out) {
  out.metrics = model.metrics();
  out.groups = model.num_groups();
  out.rows = steps + 1;
  for (const auto& m : out.metrics) n_group_metrics_ += m.per_group ? 1 : 0;
  out.series.assign(out.metrics.size() * out.rows, 0.0);
  out.group_series.assign(n_group_metrics_ * out.rows * out.groups, 0.0);
  row_global_.assign(out.metrics.size(), 0.0);
  row_groups_.assign(n_group_metrics_ * out.groups, 0.0);
}

void SeriesRecorder::record(uint32_t row) {
  std::fill(row_global_.begin(), row_global_.end(), 0.0);
  std::fill(row_groups_.begin(), row_groups_.end(), 0.0);
  model_.observe(row_global_, row_groups_);
  store(row);
}

void SeriesRecorder::repeat_last(uint32_t row) { store(row); }

void SeriesRecorder::store(uint32_t row) {
  const std::size_t nm = row_global_.size();
  for (std::size_t m = 0; m < nm; ++m) out_.series[m * out_.rows + row] = row_global_[m];
  for (std::size_t k = 0; k < n_group_metrics_; ++k)
    std::copy_n(row_groups_.begin() + static_cast<std::ptrdiff_t>(k * out_.groups), out_.groups,
                out_.group_series.begin() +
                    static_cast<std::ptrdiff_t>((k * out_.rows + row) * out_.groups));
}

namespace {

void run_in_arena(const ModelInfo& info, const ScenarioPtr& scenario, uint32_t replicate,
                  const RunOptions& options, RunResult& out) {
  RunContext ctx;
  ctx.scenario = scenario;
  ctx.params = &scenario->params;
  ctx.seed = scenario->seed;
  ctx.replicate = replicate;
  ctx.run_seed = run_seed(scenario->seed, replicate, options.crn ? std::nullopt : options.point);
  ctx.rng = CounterRng(ctx.run_seed);
  ctx.threads = options.threads;
  out.run_seed = ctx.run_seed;

  if (scenario->has_network()) ctx.network = build_network(scenario->network, ctx.rng);

  std::unique_ptr<Model> model = info.make(ctx);
  model->init(ctx);
  const uint32_t steps = scenario->steps;
  SeriesRecorder recorder(*model, steps, out);
  recorder.record(0);
  for (uint32_t t = 0; t < steps; ++t) {
    if (options.stop_signal && options.stop_signal->load() != 0)
      throw Interrupted(options.stop_signal->load());
    model->step(ctx, t);
    recorder.record(t + 1);
    if (model->converged() && t + 1 < steps) {
      // Nothing can change any more: the remaining rows repeat the last one.
      for (uint32_t row = t + 2; row <= steps; ++row) recorder.repeat_last(row);
      if (options.on_step)
        for (uint32_t k = t + 2; k <= steps; ++k) options.on_step(k, steps);
      break;
    }
    if (options.on_step) options.on_step(t + 1, steps);
  }
  RecordedSeries view(out);
  out.finals = model->finals(view);
  out.extras = model->extras();
}

}  // namespace

RunResult run_replicate(const ModelInfo& info, const ScenarioPtr& scenario, uint32_t replicate,
                        const RunOptions& options) {
  RunResult out;
  out.arm = scenario->name;
  out.replicate = replicate;
  out.seed = scenario->seed;
  out.point = options.point;
  const auto start = std::chrono::steady_clock::now();
  if (options.threads > 0) {
    // Allow more threads than cores when asked for explicitly (determinism checks).
    oneapi::tbb::global_control limit(oneapi::tbb::global_control::max_allowed_parallelism,
                                      static_cast<std::size_t>(options.threads));
    oneapi::tbb::task_arena arena(options.threads);
    arena.execute([&] { run_in_arena(info, scenario, replicate, options, out); });
  } else {
    run_in_arena(info, scenario, replicate, options, out);
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace govsim::sim
