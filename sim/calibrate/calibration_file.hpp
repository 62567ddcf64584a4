// File: sim/calibrate/calibration_file.hpp
//
// The calibration results file ("calib.h5", kind "calibrate"; docs/output-format.md), written
// by `govsim calibrate` and read by `govsim summarize`, the report and `govsim compare
// --posterior`. Written with the project's one set of HDF5 helpers (sim/output: the govsim-safe
// driver, "<path>.tmp" then fsync and rename, the provenance of every results file):
//
//   / attrs   format_version, kind = "calibrate", govsim_version, model, seed, input_yaml (the
//             calibration file's text), scenario_yaml (the resolved base scenario), finished
//             (0/1), stop_reason ("epsilon 0" | "acceptance below floor" | "max generations"
//             | "" while running), plus the attributes of every results file (format, name,
//             created, replicates) and /provenance
//   /calibration                 attrs: population, quantile, replicates, max_generations,
//                                acceptance_floor, kernel, calibrator_seconds (total)
//   /calibration/parameters      names, prior (uniform|log_uniform), lo, hi
//   /calibration/targets         names, kind (interval|above|below|value), lo, hi, value, scale
//                                (NaN where unused), definition ("p_vol_age2 - p_vol_age0 > 0")
//   /calibration/generations/NNN particles [N][P], weights [N] (sum 1), distances [N],
//                                target_values [N][T], proposal_index [N] (uint64)
//                                attrs: epsilon, acceptance_rate, proposals, ess, wall_seconds,
//                                calibrator_seconds, redraws
//   /calibration/posterior       the last finished generation: particles, weights, distances,
//                                target_values, parameter_names; attrs generation, epsilon, ess
//
// A reader needs only /calibration/posterior/{particles,weights,parameter_names} and the root
// attributes `model` and `scenario_yaml` to draw plausible parameter sets (read_posterior).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/calibrate/abc_pmc.hpp"
#include "sim/output/result_file.hpp"

namespace govsim::sim::calibrate {

inline constexpr int kCalibrationFormatVersion = 1;

// Everything a calibration file holds.
struct CalibrationRecord {
  std::string name;           // the calibration's name (the file's stem)
  std::string model;
  uint64_t seed = 0;
  std::string input_yaml;     // the calibration file's text
  std::string scenario_yaml;  // the resolved base scenario
  Provenance provenance;
  Settings settings;
  std::vector<Parameter> parameters;
  std::vector<Target> targets;          // resolved (scale set)
  std::vector<Generation> generations;  // completed generations 0, 1, ...
  std::vector<double> wall_seconds;     // per generation: its wall time
  std::vector<double> calibrator_seconds;  // per generation: the calibrator's own part of it
  bool finished = false;
  StopReason stop = StopReason::kRunning;
};

// The root attribute stop_reason: "epsilon 0", "acceptance below floor", "max generations",
// "" while running.
std::string stop_reason_text(StopReason reason);
// The kind of a target's pattern: "interval", "above" (lo only), "below" (hi only), "value".
std::string target_kind(const Target& t);
// Human-readable: "p_vol in [0.05, 0.15]", "p_vol_age2 - p_vol_age0 > 0 (scale 0.01)".
std::string target_definition(const Target& t);

// Writes the whole file (temporary, fsync, rename). `force`: replace an existing regular file.
// Throws OutputError (disk, HDF5) or InputError (the output path rules of durable_file.hpp).
void write_calibration_file(const std::string& path, bool force, const CalibrationRecord& record);

// Reads everything back (provenance excepted). Throws InputError naming the file and what is
// missing or malformed ("x.h5: error: /calibration/parameters/names: missing").
CalibrationRecord read_calibration(const std::string& path);

// What a posterior comparison needs.
struct PosteriorSample {
  std::vector<std::string> names;
  std::size_t n = 0;
  std::vector<double> particles;  // row-major n x names.size()
  std::vector<double> weights;
  std::string model;
  std::string scenario_yaml;
  std::size_t generation = 0;
  double epsilon = 0;
};

// Reads /calibration/posterior and the root attributes model and scenario_yaml. Throws
// InputError naming the file and what is missing ("x.h5: error: /calibration/posterior:
// missing (the calibration has not finished a generation)").
PosteriorSample read_posterior(const std::string& path);

}  // namespace govsim::sim::calibrate
