// File: sim/scenario/scenario_tree.hpp
//
// The steps of loading a scenario, for loaders that build many scenarios from one file (a
// comparison's arms, a sweep's design points): resolve the file once, change the tree in
// memory, validate each variant. No file is read again per variant.
//
//   yaml::Node base = resolve_scenario_file("base.yaml");                 // reads base + parents
//   yaml::Node point = base;                                              // per design point
//   set_in_scenario(point, {"params", "theta_mu"}, yaml::Node::make_scalar("0.5", loc), loc);
//   ScenarioPtr sc = validate_scenario(point, catalog, "base.yaml", "p000003");
//
// Values keep the location they were written at (the file, the `--set` argument, or the
// sweep's design entry), so an error found by validation points there.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/catalog.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/yaml/node.hpp"

namespace govsim::sim {

// The fields every file kind shares, so that the same mistake reads the same in a scenario, a
// comparison and a sweep: seed (integer >= 0), replicates (integer in [1, 100000]), steps
// (integer in [1, 10^7]).
const ParamDef& seed_field();
const ParamDef& replicates_field();
const ParamDef& steps_field();

// Reads a scenario file and merges it over its `extends:` parents (recursively, parent first:
// maps merge, scalars and lists replace; `name`, `description` and `extends` are not
// inherited; a cycle is refused naming the chain). `named_at`/`key`: where the file was named
// (a comparison arm's `scenario:`, a sweep's `base:`), for the error when it cannot be read.
yaml::Node resolve_scenario_file(const std::string& path, const yaml::Loc* named_at = nullptr,
                                 const std::string& key = {});
// Same for text (`src` names it and gives the directory `extends:` resolves against).
yaml::Node resolve_scenario_text(const std::string& text, const yaml::SourcePtr& src);

// Applies one override to a scenario tree (the rules of sim/yaml/set.hpp).
void set_in_scenario(yaml::Node& tree, const std::vector<std::string>& path, yaml::Node value,
                     const yaml::Loc& key_loc);

// Validates a resolved tree against the catalog: every key, type and domain; defaults filled;
// the resolved YAML emitted. `file` becomes Scenario::file; `default_name` is the name when
// the tree gives none.
Scenario validate_scenario(const yaml::Node& tree, const Catalog& catalog, const std::string& file,
                           const std::string& default_name);

// The file name without folder and extension ("runs/base.yaml" -> "base").
std::string file_stem(const std::string& path);
// `rel` relative to `dir` ("" = the working directory), lexically normalised.
std::string resolve_relative(const std::string& dir, const std::string& rel);
// An absolute, normalised path (`rel` against `dir`, "" = the working directory).
std::string absolute_path(const std::string& dir, const std::string& rel);

}  // namespace govsim::sim
