// File: sim/calibrate/calibration_spec.hpp
//
// A calibration file (YAML; user guide in docs/calibration.md), loaded with the project's YAML
// toolkit (sim/yaml/yaml.hpp) and its error contract ("file:line:col: error: key: message",
// exit status 2, "did you mean"; a regular file of at most 16 MiB):
//
//   calibrate:
//     name: sanyuan-patterns          # optional; default: the file's stem
//     description: "..."              # optional
//     base: ../default.yaml           # base scenario, relative to this file (required)
//     set: {network.n: 400}           # optional; overrides applied to the base first
//     seed: 1                         # the calibration's seed: proposals and runs (default 1)
//     population: 500                 # N, particles per generation (>= 2)
//     quantile: 0.5                   # alpha: epsilon_g = alpha-quantile of g-1's distances
//     replicates: 2                   # R, runs per particle (mean over them)
//     max_generations: 10             # G, counting generation 0
//     acceptance_floor: 0.01          # stop when a generation's acceptance falls below it
//     kernel: gaussian                # gaussian | reflected (use reflected for > ~15 parameters)
//     flat_uninformed: 0.5            # reflected only (default 0 = off): Settings::flat_uninformed
//     free: default                   # every model parameter tagged [A] or cal with a typical
//                                     # range, uniform over it; or a map PATH: PRIOR, where
//                                     # PRIOR is `default` (uniform over the typical range) or
//                                     # {prior: uniform|log_uniform, lo: x, hi: y} (lo/hi
//                                     # default to the typical range)
//     exclude: [params.x]             # optional, with free: default: parameters left out
//     targets:
//       p_vol: {final: p_vol, interval: [0.05, 0.15]}
//       age_gradient: {final: p_vol_age2, minus: p_vol_age0, above: 0, scale: 0.01}
//       ratio: {final: vol_share, below: 0.85}
//       disputes: {final: disputes, value: 40, scale: 10}
//   output: {path: calib.h5}          # optional
//
// Free parameters are model parameters (`params.NAME`), real or integer (an integer
// parameter takes the proposal rounded to the nearest integer). Every error names its key:
// an unknown parameter or final value has a "did you mean".
#pragma once

#include <string>
#include <vector>

#include "sim/calibrate/abc_pmc.hpp"
#include "sim/scenario/catalog.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace govsim::sim::calibrate {

// Where a target's final names were written (for errors found once the model's finals are
// known).
struct TargetSource {
  SourceLocation final_loc;
  SourceLocation minus_loc;
};

struct CalibrationSpec {
  std::string file;                    // the calibration file as given
  std::string name;
  std::string description;
  std::string input_yaml;              // the file's text (root attribute input_yaml)
  std::string base_file;               // the base scenario's resolved path
  std::vector<Override> base_overrides;  // `set:` then the command line's --set
  ScenarioPtr base;                    // the base scenario with them, validated
  std::string model;
  Settings settings;
  std::vector<Parameter> parameters;   // names: "params.NAME"
  std::vector<bool> integer;           // per parameter: an integer model parameter
  std::vector<Target> targets;         // resolved
  std::vector<TargetSource> target_sources;
  OutputSpec output;
  std::vector<std::string> warnings;
};

// Loads and checks a calibration file. `overrides` (--set) apply to the base scenario.
CalibrationSpec load_calibration(const std::string& path, const Catalog& catalog,
                                 const std::vector<Override>& overrides = {});

// Throws InputError at the target's `final` (or `minus`) key when a name is not among
// `finals` (the model's final values), with the nearest name.
void check_final_names(const CalibrationSpec& spec, const std::vector<std::string>& finals);

// The override text that sets parameter k to `value` ("params.theta_mu=0.55000000000000004"):
// shortest round-trip spelling; integers rounded.
std::string override_text(const CalibrationSpec& spec, std::size_t k, double value);

// The scenario of one proposal: the base with the proposal's values, the calibration's seed
// and replicates, validated by the scenario loader. Thread-safe.
ScenarioPtr proposal_scenario(const CalibrationSpec& spec, const Catalog& catalog,
                              const std::vector<double>& theta);

}  // namespace govsim::sim::calibrate
