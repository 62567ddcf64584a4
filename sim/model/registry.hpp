// File: sim/model/registry.hpp
//
// The explicit list of models. There are no self-registering statics (the linker drops
// unreferenced objects from static libraries): models/register_all.cpp fills the registry,
// and app/ calls it once. The registry also yields the Catalog the scenario loader validates
// against.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

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
  // Memory estimate in bytes for a scenario before anything is allocated (0 = unknown).
  std::function<uint64_t(const Scenario&)> estimate_memory;
  // Rough single-core seconds for one replicate (for --dry-run; empty = unknown).
  std::function<double(const Scenario&)> estimate_seconds;
  std::vector<CountermeasureEntry> countermeasures;
  // Final values printed by `govsim run` and `govsim compare` (empty = all of them).
  std::vector<std::string> headline;
};

class ModelRegistry {
 public:
  void add(ModelInfo info);
  const ModelInfo* find(const std::string& name) const;
  const std::vector<ModelInfo>& all() const { return models_; }
  // The models' part of the loader's catalog (network types are added by the caller).
  Catalog catalog() const;

 private:
  std::vector<ModelInfo> models_;
};

}  // namespace govsim::sim
