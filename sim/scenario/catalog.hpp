// File: sim/scenario/catalog.hpp
//
// What the scenario loader validates against: the union of the engine's, the network types',
// the models' and the countermeasures' schemas. Assembled in app/ from the model registry and
// the engine's network catalog, and passed to the loader as an argument, so that sim/scenario
// never depends on sim/model (layers only point down).
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/param_schema.hpp"

namespace govsim::sim {

struct CountermeasureEntry {
  std::string name;
  std::string summary;
};

struct ModelEntry {
  std::string name;
  std::string summary;
  ParamSchema params;
  uint32_t default_steps = 100;
  bool needs_network = false;  // the engine builds `network:` for it (it must be given)
  bool accepts_network = true; // a `network:` section is allowed
  std::vector<CountermeasureEntry> countermeasures;
};

struct Catalog {
  std::vector<ModelEntry> models;
  // Network types: schema per type name (each schema includes the key "type").
  std::vector<std::pair<std::string, ParamSchema>> network_types;

  const ModelEntry* find_model(const std::string& name) const {
    for (const auto& m : models)
      if (m.name == name) return &m;
    return nullptr;
  }
  const ParamSchema* find_network(const std::string& type) const {
    for (const auto& [n, s] : network_types)
      if (n == type) return &s;
    return nullptr;
  }
};

}  // namespace govsim::sim
