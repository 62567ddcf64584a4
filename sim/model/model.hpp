// File: sim/model/model.hpp
//
// The interface between the engine and a model. The engine calls, for one run:
//   model = info.make(ctx); model->init(ctx); observe(row 0);
//   for t in 0..steps-1: model->step(ctx, t); observe(row t+1)
// so each time series has steps+1 rows, row k holding the state after k steps (row 0: the
// initial state). Calls are virtual per step, never per agent: a model's step runs its own
// oneTBB loops over struct-of-arrays state.
//
// Determinism: a model draws random numbers only through ctx.rng (the contract of
// sim/rng/counter_rng.hpp) and reduces reals only in fixed order or through ExactSum, so its
// output is bit-identical for any thread count.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/graph/network.hpp"
#include "sim/rng/counter_rng.hpp"
#include "sim/scenario/scenario.hpp"

namespace govsim::sim {

// One recorded metric.
struct MetricDef {
  std::string name;  // snake_case, unique in the model
  std::string unit;  // "share", "count", "h/week", ...
  std::string doc;   // one sentence
  bool per_group = false;  // also recorded per group (community)
};

// A named array written once at the end of a run (distributions, final per-agent summaries).
struct NamedArray {
  std::string name;
  std::string doc;
  std::vector<double> values;
  std::vector<uint64_t> shape;  // empty = 1-D of values.size()
};

// A final (summary) value of a run, computed from the recorded series.
struct FinalValue {
  std::string name;
  double value = 0.0;
  int64_t n_valid = -1;  // for ratios: number of valid terms (-1 = not applicable)
  // A supplementary final is a function of the recorded series alone that was added after the
  // fixed benchmark checksums were pinned (e.g. governance's <name>_drift, spec 6.1): it is
  // written like any final but left out of result_checksum (sim/run/checksum.hpp), whose
  // series bits already cover it.
  bool supplementary = false;
};

// A model's materiality margin m of a final (ModelInfo::materiality): a difference counts as
// an effect only when its 95% interval excludes ±m; a significant difference whose interval
// does not is "negligible" (the compare table; governance spec 6.1 item 4). A model that has
// drift finals names them <final>_drift: an arm whose mean drift exceeds m per year is marked.
struct Materiality {
  std::string final;
  double margin = 0.0;
  std::string unit;  // of the margin, e.g. "share", "per 1,000 households a year"
};

// Read access to what the engine recorded so far, for final values.
class SeriesView {
 public:
  virtual ~SeriesView() = default;
  virtual std::size_t rows() const = 0;  // steps + 1
  // Global series of a metric by index in metrics().
  virtual std::span<const double> global(std::size_t metric) const = 0;
  // Per-group value of metric `metric` at row `row` for group `g` (per_group metrics only).
  virtual double group(std::size_t metric, std::size_t row, std::size_t g) const = 0;
};

struct RunContext {
  ScenarioPtr scenario;              // the validated scenario of this run
  const ParamSet* params = nullptr;  // == &scenario->params
  CounterRng rng;                    // keyed by run_seed(seed, replicate[, point])
  uint64_t seed = 0;
  uint32_t replicate = 0;
  uint64_t run_seed = 0;             // s of spec 0.1
  std::shared_ptr<const Network> network;  // built by the engine when the model needs one
  int threads = 0;                   // 0 = oneTBB default (the engine limits concurrency)
};

class Model {
 public:
  virtual ~Model() = default;

  // Allocates state and sets the initial state.
  virtual void init(RunContext& ctx) = 0;
  // Advances one step: t = 0 .. steps-1.
  virtual void step(RunContext& ctx, uint32_t t) = 0;
  // The metrics this model records; fixed after init.
  virtual std::vector<MetricDef> metrics() const = 0;
  // Number of groups (communities) for per_group metrics; 0 = none.
  virtual uint32_t num_groups() const { return 0; }
  // Writes the current values: `global` has one slot per metric; `groups` has, for each
  // per_group metric in metrics() order, num_groups() consecutive slots.
  virtual void observe(std::span<double> global, std::span<double> groups) const = 0;
  // Final values of the run (default: the last row of every global series).
  virtual std::vector<FinalValue> finals(const SeriesView& series) const;
  // Extra arrays written once at the end (default none).
  virtual std::vector<NamedArray> extras() const { return {}; }
  // True when the model reached a state where further steps change nothing (lets the engine
  // fill the remaining rows by repetition; default false).
  virtual bool converged() const { return false; }
  // Bytes of memory the run will need for these parameters (for --dry-run and the guard).
  virtual uint64_t memory_estimate() const { return 0; }
};

}  // namespace govsim::sim
