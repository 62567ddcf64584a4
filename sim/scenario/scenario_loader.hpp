// File: sim/scenario/scenario_loader.hpp
//
// Loads and validates scenario files, read with the YAML toolkit (sim/yaml/yaml.hpp). Every
// error is an InputError whose message reads "file:line:col: error: key.path: message" and the
// CLI exits with status 2:
//   - a file that does not exist, cannot be read or is not a regular file (a FIFO, a device, a
//     directory: refused before it is opened), a YAML file over 16 MiB, an empty file, text
//     that is not YAML, a document of more than 1,000,000 nodes once its aliases are expanded,
//     a merge key, YAML of the wrong shape (a list where a map belongs, ...);
//   - an unknown key (with the nearest valid name: "did you mean 'network'?");
//   - a wrong type, NaN or infinity, a value outside its hard domain, a missing required key;
//   - a duplicate key in one map (yaml-cpp keeps the first silently; the loader detects it);
//   - an `extends:` cycle (the message names the chain a.yaml -> b.yaml -> a.yaml).
// `extends:` merges maps and replaces scalars and lists; the path is relative to the extending
// file; `name`, `description` and `extends` are not inherited. Overrides (`--set
// path.to.key=value`) apply after `extends:` and before validation; the value is parsed as YAML,
// a path into a missing map creates it, list entries are addressed by index
// (countermeasures.0.intensity=0.5), and the value replaces what was there. Their errors name
// the argument instead of a file: "--set 'params.thta_mu=0.5': unknown key 'thta_mu' (did you
// mean 'theta_mu'?)", "--set 'x': expected path.to.key=value".
// Other message forms: a file that cannot be opened "error: cannot open scenario file 'x':
// No such file or directory" or "...: it is a FIFO (named pipe), not a regular file" (located
// at the `extends:` value when it names the parent); an
// empty file "x.yaml:1:1: error: file is empty"; a cycle "...: error: extends: extends cycle:
// a.yaml -> b.yaml -> a.yaml". Values outside a parameter's typical range are accepted and
// listed in Scenario::warnings ("params.theta_mu = 0.9 is outside its typical range 0.3-0.7").
// Paths: network keys marked is_path are made absolute relative to the directory of the file
// that set them (the working directory for --set); output.path is kept as given (relative to
// the working directory). See docs/scenario-format.md.
// The validated Scenario keeps where every key was written (ParamSet::loc, CountermeasureSpec::
// field_locs, Scenario::where), so that a model's rule across keys, checked when a run starts,
// reports its error there (Scenario::fail, ParamSet::fail).
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/catalog.hpp"
#include "sim/scenario/scenario.hpp"

namespace govsim::sim {

struct Override {
  std::string text;  // "params.theta_mu=0.5" as given on the command line
};

// Loads a scenario file, applies overrides, validates against the catalog.
ScenarioPtr load_scenario(const std::string& path, const Catalog& catalog,
                          const std::vector<Override>& overrides = {});

// Same, from text (tests, fuzzing); `name_for_errors` stands for the file name in messages and
// `base_dir` resolves relative `extends:` paths.
ScenarioPtr load_scenario_text(const std::string& text, const std::string& name_for_errors,
                               const std::string& base_dir, const Catalog& catalog,
                               const std::vector<Override>& overrides = {});

// A comparison: several arms, each a scenario, run with common random numbers.
//   compare:
//     name: five-countermeasures
//     seed: 1
//     replicates: 10
//     arms:
//       - {name: BASE, scenario: baseline.yaml}
//       - {name: CM1, scenario: cm1-coordination.yaml, set: {params.theta_mu: 0.5}}
//   output: {path: results.h5}
struct CompareArm {
  std::string name;
  ScenarioPtr scenario;  // seed and replicates replaced by the comparison's
};
struct Comparison {
  std::string file;
  std::string name;
  uint64_t seed = 1;
  uint32_t replicates = 1;
  std::vector<CompareArm> arms;
  OutputSpec output;
  std::string resolved_yaml;  // the comparison file's own text, resolved
};
// Overrides apply to the comparison file itself when their path starts with `compare.` or
// `output.` (compare.seed=2, compare.arms.0.scenario=x.yaml, output.path=r.h5), and otherwise
// to the scenario of every arm, after the arm's own `set:` (params.theta_mu=0.5). `seed`,
// `replicates` and `name` cannot be overridden per arm (use compare.seed, compare.replicates).
// Each arm's scenario: name = the arm's name, seed and replicates = the comparison's.
Comparison load_comparison(const std::string& path, const Catalog& catalog,
                           const std::vector<Override>& overrides = {});

// True when `path` is a readable YAML file whose top level is a map with a `compare:` key (so
// the CLI can tell comparison files from scenario files). Never throws.
bool is_comparison_file(const std::string& path);

}  // namespace govsim::sim
