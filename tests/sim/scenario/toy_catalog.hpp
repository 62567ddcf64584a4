// File: tests/sim/scenario/toy_catalog.hpp
//
// A small catalog for the scenario loader's tests; the bad-input files in
// tests/data/scenarios/bad/ are written against it (model `toy`, countermeasures cm_a and
// cm_b, network types `ring` and `edge_list`). Another test may merge it into the real
// registry's catalog to reuse those files.
#pragma once

#include <cmath>
#include <limits>

#include "sim/scenario/catalog.hpp"

namespace govsim::sim::testing {

inline ParamSchema toy_params() {
  ParamSchema s("toy");
  s.real("theta_mu", 0.55, 0.0, 2.0, "", "mean threshold", 0.3, 0.7);
  s.real("p_act", 0.3, 0.0, 1.0, "1/week", "activation probability");
  s.integer("n_groups", 4, 1, 1000, "", "number of groups", 2, 20);
  s.boolean("learn", true, "whether agents learn");
  s.choice("rule", "fermi", {"fermi", "imitate"}, "update rule");
  s.string("label", "", "free text");
  s.list("shares", {0.5, 0.3, 0.2}, 0.0, 1.0, 3, true, "share", "need mix");
  s.list("weights", {1.0, 2.0}, 0.0, 10.0, 0, false, "", "weights");
  return s;
}

inline ParamSchema ring_schema() {
  ParamSchema s("ring");
  s.string("type", "ring", "network type");
  s.integer("n", 100, 1, std::numeric_limits<int64_t>::max(), "agents", "number of nodes");
  s.integer("k", 4, 0, 1000, "", "neighbours per side");
  s.real("p", 0.1, 0.0, 1.0, "", "rewiring probability", 0.0, 0.3);
  s.choice("reorder", "none", {"none", "rcm"}, "storage order");
  return s;
}

inline ParamSchema edge_list_schema() {
  ParamSchema s("edge_list");
  s.string("type", "edge_list", "network type");
  ParamDef file;
  file.name = "file";
  file.type = ParamType::kString;
  file.default_value = std::string();
  file.required = true;
  file.is_path = true;
  file.doc = "edge list file";
  s.add(file);
  s.boolean("directed", false, "edges are directed");
  return s;
}

inline Catalog toy_catalog() {
  Catalog c;
  ModelEntry toy;
  toy.name = "toy";
  toy.summary = "a fake model for tests";
  toy.params = toy_params();
  toy.default_steps = 52;
  toy.countermeasures = {{"cm_a", "first"}, {"cm_b", "second"}};
  c.models.push_back(toy);

  ModelEntry net;
  net.name = "toy_net";
  net.summary = "needs a network";
  net.params = ParamSchema("toy_net");
  net.needs_network = true;
  c.models.push_back(net);

  ModelEntry nonet;
  nonet.name = "toy_nonet";
  nonet.summary = "takes no network";
  nonet.params = ParamSchema("toy_nonet");
  nonet.accepts_network = false;
  c.models.push_back(nonet);

  c.network_types.emplace_back("ring", ring_schema());
  c.network_types.emplace_back("edge_list", edge_list_schema());
  return c;
}

}  // namespace govsim::sim::testing
