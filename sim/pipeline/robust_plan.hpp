// File: sim/pipeline/robust_plan.hpp
//
// The plan of a comparison over the plausible set (model spec 6.3, `govsim compare FILE
// --posterior calib.h5 [--draws K]`; docs/robust-comparison.md): K draws x arms x R
// replicates on common random numbers.
//
// Draws. K particles are drawn from the calibrated population by weight with systematic
// resampling (Kitagawa 1996): one uniform u in (0, 1] from the comparison's own counter
// stream (draw_uniform(seed, 0, kResample, 0)), positions (i + 1 - u)/K for i = 0..K-1, and
// particle j taken for every position inside its share of the cumulative weight (summed in
// particle order, normalised by the total). The draws are a pure function of (seed,
// weights, K): the same for any thread or rank count. Each drawn countermeasure target range
// (robust_spec.hpp) gets its value for draw d from draw_uniform(seed, d, kRange,
// key_of(path)): keyed by the draw and the target's path, never by the arm, so every arm that
// holds the countermeasure sees the same value.
//
// Scenarios. Draw d of arm a is the arm's resolved scenario with the draw's values set in
// memory (`params.NAME=value`, as --set would; the arm's own countermeasures stay), validated
// again: with_values().
//
// Runs. The plan has one plan arm per (draw, arm), named "<arm>.d<draw, 4 digits>", all of an
// arm writing to the group /runs/<arm> (PlanArm::group). Entry (draw d, arm a, replicate r) is
// run number i = d R + r of its group and runs with run_seed(seed, i) (crn: true): its random
// numbers depend on (seed, d, r) and not on the arm, so the arms of one draw are compared on
// common random numbers, and no two (d, r) share a key. Its `point` attribute is d. Order:
// replicate-major (every draw and arm of replicate 0 first), arms innermost, so an interrupted
// job holds complete sets of arms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/pipeline/plan.hpp"
#include "sim/scenario/catalog.hpp"

namespace govsim::sim::pipeline {

// The drawn values: column names (the calibration's free parameters, then the drawn
// countermeasure targets) and values [k][names.size()].
struct Draws {
  std::vector<std::string> names;
  std::size_t k = 0;
  std::vector<double> values;          // row-major [k][names]
  std::vector<std::size_t> particle;   // [k] the population's particle of each draw
  std::size_t free_parameters = 0;     // the first columns that are calibrated parameters

  double at(std::size_t d, std::size_t j) const { return values[d * names.size() + j]; }
};

// Purposes of the comparison's counter stream.
enum class DrawStream : uint32_t { kResample = 1, kRange = 2 };

// A uniform in (0, 1] of the comparison's counter stream (Philox4x32-10, key from the seed,
// counter {draw, purpose, word of key, high word of key}).
double draw_uniform(uint64_t seed, uint64_t draw, DrawStream purpose, uint64_t key);

// A 64-bit key of a text (e.g. "law_and_virtue.p_enf").
uint64_t key_of(const std::string& text);

// Systematic resampling of `weights` (>= 0, finite, some > 0) into k indices (ascending).
// Throws std::invalid_argument for bad weights or k = 0.
std::vector<std::size_t> systematic_resample(std::span<const double> weights, std::size_t k,
                                             uint64_t seed);

// The draws of free parameters from a population particles [n][names] by weight.
Draws draw_from_population(const std::vector<std::string>& names, std::span<const double> particles,
                           std::span<const double> weights, std::size_t k, uint64_t seed);

// Adds a drawn column: value lo + u (hi - lo) for draw d, u = draw_uniform(seed, d, kRange,
// key_of(path)).
void add_range_column(Draws& draws, const std::string& path, double lo, double hi, uint64_t seed);

// `scenario` with `overrides` ("params.theta_mu=0.55", ...) set in memory and validated again
// (InputError as --set gives it). Keeps file, name, seed and replicates.
ScenarioPtr with_values(const Scenario& scenario, const std::vector<std::string>& overrides,
                        const Catalog& catalog);

struct RobustArm {
  std::string name;
  // [k]: arm at draw d (with_values of the arm's scenario), seeds equal for every draw.
  std::vector<ScenarioPtr> per_draw;
};

// The plan described above (kind "compare"; name, resolved_yaml and seed set by the caller,
// then finalize()). Every per_draw has the same size K >= 1.
Plan draws_plan(const std::vector<RobustArm>& arms, uint32_t replicates);

// The draw and replicate of run number i of a group: {i / R, i % R}.
inline std::pair<std::size_t, uint32_t> draw_of(uint32_t run_number, uint32_t replicates) {
  return {run_number / replicates, run_number % replicates};
}

}  // namespace govsim::sim::pipeline
