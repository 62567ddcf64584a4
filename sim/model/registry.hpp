// File: sim/model/registry.hpp
//
// The explicit list of models. There are no self-registering statics (the linker drops
// unreferenced objects from static libraries): models/register_all.cpp fills the registry,
// and app/ calls it once. The registry also yields the Catalog the scenario loader validates
// against. A model brings its own network types and node columns in its ModelInfo; add()
// hands them to the engine's network catalog (sim/graph/network_catalog.hpp).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/graph/network.hpp"
#include "sim/graph/network_catalog.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/catalog.hpp"

namespace govsim::sim {

struct ModelInfo {
  std::string name;     // == folder name under models/ and doc page docs/models/<name>.md
  std::string summary;  // one line
  std::function<ParamSchema()> schema;
  std::function<std::unique_ptr<Model>(const RunContext&)> make;
  uint32_t default_steps = 100;
  bool needs_network = false;   // the engine builds the scenario's `network:` for the model
  bool accepts_network = true;  // a `network:` section is allowed at all
  // Network types that belong to the model (e.g. a generator of its population structure);
  // any model's scenario may name them.
  std::vector<NetworkType> network_types;
  // Node columns the model reads from a network: the file readers read these (their union over
  // the registered models) from node tables and GraphML keys.
  std::vector<NodeColumnDef> node_columns;
  // Memory estimate in bytes for a scenario before anything is allocated (0 = unknown).
  std::function<uint64_t(const Scenario&)> estimate_memory;
  // Rough single-core seconds for one replicate (for --dry-run; empty = unknown).
  std::function<double(const Scenario&)> estimate_seconds;
  std::vector<CountermeasureEntry> countermeasures;
  // Final values printed by `govsim run` and `govsim compare` (empty = all of them).
  std::vector<std::string> headline;
  // Which way is better for a final value: +1 more is better, -1 less is better (absent: no
  // preferred direction; such a final is not ranked by `compare --posterior`).
  std::map<std::string, int> better;
  // Materiality margins of finals (sim/model/model.hpp): used by the compare table
  // ("negligible", drift marks) and written to /summary/materiality of every results file.
  std::vector<Materiality> materiality;
};

class ModelRegistry {
 public:
  // Adds a model, and its network types and node columns to sim::network_catalog().
  // Throws std::logic_error when the name, a network type or a column clashes.
  void add(ModelInfo info);
  const ModelInfo* find(const std::string& name) const;
  const std::vector<ModelInfo>& all() const { return models_; }
  // The loader's catalog: the models, and the network types of sim::network_catalog() (the
  // engine's and those of the models added so far).
  Catalog catalog() const;

 private:
  std::vector<ModelInfo> models_;
};

}  // namespace govsim::sim
