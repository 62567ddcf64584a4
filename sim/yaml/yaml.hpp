// File: sim/yaml/yaml.hpp — the YAML toolkit for every input file govsim reads
//
// One module reads YAML for every loader: scenarios (sim/scenario/scenario_loader.hpp),
// comparisons, sweeps (sim/sweep/sweep_plan.hpp) and any new file kind. A mistake gives the
// same message whatever file it is in, located as "file:line:col: error: key.path: message"
// (exit status 2), and hostile input is bounded.
//
//   node.hpp    Source, Loc, Node (a tree that keeps where every value and key was written),
//               Error (the InputError every loader throws), fail(), describe()
//   parse.hpp   load_file(): regular file, <= 16 MiB, checked before it is opened
//               (sim/io/input_file.hpp); parse(): one document, no duplicate or merge keys,
//               at most 1,000,000 nodes with aliases expanded
//   read.hpp    require_map / require_sequence / need (shapes), check_keys and unknown_name
//               ("did you mean"), read_real / read_int / read_bool / read_string / read_text,
//               read_value (a ParamDef: type, domain, choices, typical range), read_fields (a
//               whole map against a ParamSchema into a ParamSet that keeps each key's location)
//   set.hpp     --set arguments (parse_set_argument, apply_set with one rule for every file
//               kind), merge() for `extends:`
//   scalar.hpp  plain-scalar spelling, format_real, emit (values written back as YAML)
//
// A new file kind is a short schema-driven function. Its scalar fields are a ParamSchema (name,
// type, default, domain, unit, meaning: the same declaration `govsim describe` prints for model
// parameters); sub-maps and lists are read with the shape helpers. For example a calibration
// file
//
//   calibrate:
//     base: baseline.yaml
//     iterations: 200
//     tolerance: 0.01
//     targets:
//       - {metric: participation, value: 0.31}
//
// is read by
//
//   const ParamSchema& calibrate_fields() {
//     static const ParamSchema s = ParamSchema("calibrate")
//         .string("base", "", "base scenario, relative to this file")
//         .integer("iterations", 100, 1, 1'000'000, "", "optimiser iterations")
//         .real("tolerance", 0.01, 0.0, 1.0, "", "stop when the loss changes less");
//     return s;
//   }
//   Calibration load_calibration(const std::string& path, const Catalog& catalog) {
//     yaml::Node root = yaml::load_file(path, "calibration file");   // FIFO, size, aliases
//     yaml::check_keys(root, "", {"calibrate", "output"});
//     const yaml::Node& c = yaml::require_map(yaml::need(root, "", "calibrate"), "calibrate");
//     ParamSet f = yaml::read_fields(c, "calibrate", calibrate_fields(), {.sections = {"targets"}});
//     const yaml::Node& base = yaml::need(c, "calibrate", "base");
//     yaml::Node tree = resolve_scenario_file(                      // scenario_tree.hpp
//         resolve_relative(base.loc.dir(), f.str("base")), &base.loc, "calibrate.base");
//     const yaml::Node& targets = yaml::require_sequence(yaml::need(c, "calibrate", "targets"),
//                                                        "calibrate.targets", "maps");
//     for (std::size_t i = 0; i < targets.items.size(); ++i) { ... yaml::read_real(...) ... }
//     if (f.integer("iterations") < 10 && f.real("tolerance") == 0.0)   // a cross-key rule
//       f.fail("tolerance", "a tolerance of 0 needs at least 10 iterations");
//     ...
//   }
//
// and its errors read like every other file's:
//   "c.yaml:3:15: error: calibrate.iterations: value 0 is outside the domain [1, 1000000]"
//   "c.yaml:4:5: error: calibrate.tolerence: unknown key 'tolerence' (did you mean 'tolerance'?)"
//   "c.yaml:4:16: error: calibrate.tolerance: a tolerance of 0 needs at least 10 iterations"
#pragma once

#include "sim/yaml/node.hpp"
#include "sim/yaml/parse.hpp"
#include "sim/yaml/read.hpp"
#include "sim/yaml/scalar.hpp"
#include "sim/yaml/set.hpp"
