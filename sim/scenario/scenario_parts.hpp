// File: sim/scenario/scenario_parts.hpp (private to sim/scenario)
//
// Pieces the scenario and comparison loaders share.
#pragma once

#include <string>

#include "sim/scenario/catalog.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/yaml/node.hpp"

namespace govsim::sim {

// The `output:` section of a scenario or comparison file.
OutputSpec read_output_section(const yaml::Node& n, const std::string& key);

// The resolved scenario as YAML (every value, defaults included, in schema order).
std::string emit_scenario(const Scenario& sc, const ModelEntry& model, const ParamSchema* net_schema);

}  // namespace govsim::sim
