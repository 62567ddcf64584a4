#include "sim/model/registry.hpp"

#include <stdexcept>

namespace govsim::sim {

std::vector<FinalValue> Model::finals(const SeriesView& series) const {
  std::vector<FinalValue> out;
  const auto defs = metrics();
  for (std::size_t m = 0; m < defs.size(); ++m) {
    const auto s = series.global(m);
    out.push_back({defs[m].name, s.empty() ? 0.0 : s.back(), -1});
  }
  return out;
}

void ModelRegistry::add(ModelInfo info) {
  if (find(info.name)) throw std::logic_error("model registered twice: " + info.name);
  network_catalog().add_model(info.name, info.network_types, info.node_columns);
  models_.push_back(std::move(info));
}

const ModelInfo* ModelRegistry::find(const std::string& name) const {
  for (const auto& m : models_)
    if (m.name == name) return &m;
  return nullptr;
}

Catalog ModelRegistry::catalog() const {
  Catalog c;
  for (const auto& m : models_) {
    ModelEntry e;
    e.name = m.name;
    e.summary = m.summary;
    e.params = m.schema ? m.schema() : ParamSchema(m.name);
    e.default_steps = m.default_steps;
    e.needs_network = m.needs_network;
    e.accepts_network = m.accepts_network;
    e.countermeasures = m.countermeasures;
    c.models.push_back(std::move(e));
  }
  c.network_types = network_types();
  return c;
}

}  // namespace govsim::sim
