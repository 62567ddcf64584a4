// File: sim/sweep/sweep_parts.hpp (private to sim/sweep)
//
// The steps of load_sweep (sweep_plan.hpp), one file each:
//   sweep_load.cpp    the file, its --set overrides, the sweep's own keys, the base scenario
//                     resolved once with `set:` applied;
//   sweep_design.cpp  the design section: parameter paths, ranges, columns, the unit sample;
//   sweep_points.cpp  the design points (base tree + the point's values, validated in memory),
//                     the manifest, the resolved text and its hash.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <vector>

#include "sim/sweep/sweep_plan.hpp"
#include "sim/yaml/node.hpp"

namespace govsim::sim::sweep::detail {

// A parameter a sweep may set, for the base scenario: "params.theta_mu", "network.k",
// "countermeasures.0.intensity", "steps".
struct Target {
  std::string path;
  ParamDef def;  // type, hard domain, typical range (def.name = the path)
};

// One column of the design.
struct Column {
  std::string path;
  ParamDef def;
  yaml::Loc key_loc;
  std::string group;
  design::Factor factor;
  // grid: the levels (the value node as written, its number for the design matrix)
  std::vector<yaml::Node> levels;
  std::vector<double> level_value;
};

// What the design section gives, beyond what it stores in the plan.
struct Design {
  std::vector<Column> columns;
  std::vector<std::vector<std::size_t>> grid_idx;        // grid: level index per point, column
  std::vector<std::vector<const yaml::Node*>> list_values;  // list: value per point, column
  std::size_t n_points = 0;
  yaml::Loc loc;                                         // the design section
  std::string resolved;                                  // the resolved design, as YAML text
};

// The base scenario as the sweep sees it.
struct Base {
  ScenarioPtr scenario;  // validated (with `set:`)
  yaml::Node tree;       // resolved (extends merged, `set:` applied), before validation
  // The sweep's `set:` entries and point-wide --set values: where they were written and their
  // key in the sweep file ("sweep.set.params.theta_mu"); each has its own source, so that an
  // error a point's scenario raises about one of them can be named by it.
  struct Set {
    yaml::SourcePtr marker;
    std::string key;
  };
  std::vector<Set> sets;
};

// Reads sweep.design; fills plan.kind, columns' factors, groups, unit, saltelli, morris,
// warnings.
Design read_design(const yaml::Node& sw, const Base& base, const Catalog& catalog,
                   const SweepLoadOptions& options, SweepPlan& plan);

// Builds and validates every point, then the manifest, the resolved text and the hash.
void build_points(const Design& design, const Base& base, const Catalog& catalog, SweepPlan& plan);
void finish_plan(const Design& design, const Base& base, const yaml::Node& set_out, SweepPlan& plan);

// A copy of `node` whose locations (and those of everything in it) name `src` instead.
yaml::Node restamp(yaml::Node node, const yaml::SourcePtr& src);

// Text for a design value of a numeric parameter: integers without a point, reals exact.
std::string value_text(double x, bool integer);
// The number a scalar value stands for in the design matrix (NaN when not numeric).
double numeric_of_node(const yaml::Node& n);

}  // namespace govsim::sim::sweep::detail
