// File: sim/scenario/scenario.hpp
//
// A validated scenario: what to run (model, network, parameters, countermeasures, steps) and
// how (seed, replicates, output). Built by the loader (scenario_loader.hpp) from YAML; held as
// shared_ptr<const Scenario> so that a running run's description never changes.
//
// YAML schema (every key checked; see docs/scenario-format.md):
//   model: governance            # registered model name (required)
//   name: baseline               # optional; default: the file's stem
//   description: "..."           # optional
//   extends: baseline.yaml       # optional; path relative to this file
//   seed: 1                      # integer >= 0
//   replicates: 1                # integer >= 1
//   steps: 260                   # integer >= 1; default: the model's default horizon
//   network: {type: watts_strogatz, n: 1000, k: 10, p: 0.1, reorder: rcm}
//   params: {theta_mu: 0.55, ...}                  # the model's parameters
//   countermeasures:                               # only for models that define them
//     - {type: coordination_structure, intensity: 1, start_step: 0, phase_in: 0, communities: [0, 3]}
//   output: {path: results.h5, per_community: true}
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/scenario/param_schema.hpp"
#include "sim/yaml/node.hpp"

namespace govsim::sim {

struct CountermeasureSpec {
  std::string type;        // registered countermeasure name of the scenario's model
  double intensity = 1.0;  // I_k in [0, 1]
  int64_t start_step = 0;  // >= 0
  int64_t phase_in = 0;    // >= 0 steps; 0 = at once
  std::vector<int64_t> communities;  // empty = all communities
  // Target values set by the scenario instead of the countermeasure's own (name -> value, in
  // the order written; the model checks the names). Empty: the countermeasure's targets.
  std::vector<std::pair<std::string, double>> targets;
  // Targets given as a range `{range: [lo, hi]}` (name -> {lo, hi}): `compare --posterior`
  // draws them once per draw; everywhere else the target is the midpoint (listed in
  // `targets` and in Scenario::warnings). docs/robust-comparison.md.
  std::vector<std::pair<std::string, std::pair<double, double>>> target_ranges;

  // Where it was written, for rules checked later (by the model): its key path
  // ("countermeasures.2"), the entry, and the key of each field given ("intensity",
  // "communities.1" for an entry of the list).
  std::string key;
  yaml::Loc where;
  std::map<std::string, yaml::Loc, std::less<>> field_locs;
  // Throws "FILE:L:C: error: countermeasures.2.FIELD: MESSAGE" at the field (at the entry when
  // the field was not given; FIELD "" = the entry itself).
  [[noreturn]] void fail(std::string_view field, const std::string& message) const;
};

struct OutputSpec {
  std::string path;            // "" = not given (the CLI's -o or a default applies)
  bool per_community = true;   // write per-community series where the model has groups
};

struct Scenario {
  std::string file;           // path of the top-level file ("" when built in code)
  std::string name;           // arm/scenario name
  std::string description;
  std::string model;          // registered model name
  uint64_t seed = 1;
  uint32_t replicates = 1;
  uint32_t steps = 1;
  ParamSet network;           // "type" plus the keys of that network type; empty when absent
  ParamSet params;            // the model's parameters, defaults filled in
  std::vector<CountermeasureSpec> countermeasures;
  OutputSpec output;
  std::string resolved_yaml;  // the fully resolved scenario (after extends and --set), as YAML
  std::vector<std::string> warnings;  // e.g. values outside their typical range

  // Where the scenario starts (its top-level map, after `extends:`), for rules about a section
  // that is missing. network.section_loc() is the `network:` key when given, this otherwise.
  yaml::Loc where;

  bool has_network() const { return network.has("type"); }
  std::string network_type() const { return has_network() ? network.str("type") : std::string(); }

  // For a model's rule that involves more than one key: throws the InputError at the key
  // `key_path` names ("params.threshold_step", "network", "network.k",
  // "countermeasures.0.communities"): "FILE:L:C: error: KEY_PATH: MESSAGE". A section that
  // is missing ("network" without a network: section) points at the top of the scenario.
  [[noreturn]] void fail(std::string_view key_path, const std::string& message) const;
};

using ScenarioPtr = std::shared_ptr<const Scenario>;

// For a model's rule about the scenario it runs: scenario->fail(key_path, message), or, for a
// run built in code without a scenario, an InputError naming only the key path.
[[noreturn]] void fail_at(const Scenario* scenario, std::string_view key_path,
                          const std::string& message);

}  // namespace govsim::sim
