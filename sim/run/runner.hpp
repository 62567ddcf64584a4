// File: sim/run/runner.hpp
//
// Runs one replicate of a scenario in memory: builds the network (when the model needs one),
// makes the model, records every metric at rows 0..steps (row k = state after k steps) and
// computes the final values. The whole run executes inside a oneTBB task_arena limited to
// `threads` (0 = all cores), so a model's parallel loops see that concurrency.
// Results are bit-identical for any thread count (see sim/rng/counter_rng.hpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/model.hpp"
#include "sim/model/registry.hpp"
#include "sim/scenario/scenario.hpp"

namespace govsim::sim {

struct RunResult {
  std::string arm;          // arm, scenario or point name
  uint32_t replicate = 0;
  uint64_t seed = 0;        // the scenario seed
  uint64_t run_seed = 0;    // s of spec 0.1
  std::optional<uint64_t> point;  // sweep point index (crn: false only affects the seed)
  std::vector<MetricDef> metrics;
  uint32_t rows = 0;        // steps + 1
  uint32_t groups = 0;
  std::vector<double> series;        // [metric][row], metric-major
  std::vector<double> group_series;  // [per-group metric][row][group]
  std::vector<FinalValue> finals;
  std::vector<NamedArray> extras;
  double seconds = 0.0;     // wall time of the run (not part of the data)

  std::span<const double> global(std::size_t metric) const {
    return {series.data() + metric * rows, rows};
  }
};

// A SeriesView over the rows recorded in a RunResult (what Model::finals reads).
class RecordedSeries final : public SeriesView {
 public:
  explicit RecordedSeries(const RunResult& r) : r_(r) {}
  std::size_t rows() const override { return r_.rows; }
  std::span<const double> global(std::size_t metric) const override { return r_.global(metric); }
  double group(std::size_t metric, std::size_t row, std::size_t g) const override;

 private:
  const RunResult& r_;
};

// Records a model's metrics into out.series / out.group_series, one row at a time: the one
// place that lays the rows out (run_replicate and bench/bench_pipeline.cpp's phase timing).
// The constructor sets out.metrics, groups and rows (steps + 1) and allocates the series.
class SeriesRecorder {
 public:
  SeriesRecorder(Model& model, uint32_t steps, RunResult& out);
  void record(uint32_t row);       // observe the model now: row `row`
  void repeat_last(uint32_t row);  // row `row` = the last recorded row (a converged model)

 private:
  Model& model_;
  RunResult& out_;
  std::size_t n_group_metrics_ = 0;
  std::vector<double> row_global_, row_groups_;
  void store(uint32_t row);
};

struct RunOptions {
  int threads = 0;                         // 0 = oneTBB default
  std::optional<uint64_t> point;           // sweep point, for crn: false
  bool crn = true;                         // common random numbers across points
  // Called after each step with (steps done, total steps); may throw Interrupted to stop.
  std::function<void(uint32_t, uint32_t)> on_step;
  const std::atomic<int>* stop_signal = nullptr;  // non-zero: stop (throws Interrupted)
};

// Runs replicate `replicate` of `scenario` with model `info`.
RunResult run_replicate(const ModelInfo& info, const ScenarioPtr& scenario, uint32_t replicate,
                        const RunOptions& options = {});

}  // namespace govsim::sim
