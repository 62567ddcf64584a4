// The resolved scenario as YAML: what results files store to reproduce a run.
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "sim/scenario/scenario_parts.hpp"
#include "sim/yaml/scalar.hpp"

namespace govsim::sim {

namespace {

void emit_value(YAML::Emitter& out, const ParamValue& v) {
  struct Visitor {
    YAML::Emitter& out;
    void operator()(double x) const { out << yaml::format_real(x); }
    void operator()(int64_t x) const { out << std::to_string(x); }
    void operator()(bool x) const { out << (x ? "true" : "false"); }
    void operator()(const std::string& x) const { yaml::emit_string(out, x); }
    void operator()(const std::vector<double>& xs) const {
      out << YAML::Flow << YAML::BeginSeq;
      for (double x : xs) out << yaml::format_real(x);
      out << YAML::EndSeq;
    }
  };
  std::visit(Visitor{out}, v);
}

void emit_network(YAML::Emitter& out, const Scenario& sc, const ParamSchema& net_schema) {
  out << YAML::Key << "network" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "type" << YAML::Value;
  yaml::emit_string(out, sc.network_type());
  for (const auto& def : net_schema.defs()) {
    if (def.name == "type") continue;
    out << YAML::Key << def.name << YAML::Value;
    emit_value(out, sc.network.get(def.name));
  }
  out << YAML::EndMap;
}

void emit_countermeasures(YAML::Emitter& out, const Scenario& sc) {
  out << YAML::Key << "countermeasures" << YAML::Value;
  if (sc.countermeasures.empty()) out << YAML::Flow;
  out << YAML::BeginSeq;
  for (const auto& cm : sc.countermeasures) {
    out << YAML::BeginMap;
    out << YAML::Key << "type" << YAML::Value;
    yaml::emit_string(out, cm.type);
    out << YAML::Key << "intensity" << YAML::Value << yaml::format_real(cm.intensity);
    out << YAML::Key << "start_step" << YAML::Value << std::to_string(cm.start_step);
    out << YAML::Key << "phase_in" << YAML::Value << std::to_string(cm.phase_in);
    out << YAML::Key << "communities" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (int64_t c : cm.communities) out << std::to_string(c);
    out << YAML::EndSeq;
    if (!cm.targets.empty()) {  // absent otherwise: resolved texts of earlier scenarios unchanged
      out << YAML::Key << "targets" << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (const auto& [k, v] : cm.targets) {
        out << YAML::Key << k << YAML::Value;
        auto r = std::find_if(cm.target_ranges.begin(), cm.target_ranges.end(),
                              [&key = k](const auto& x) { return x.first == key; });
        if (r == cm.target_ranges.end()) {
          out << yaml::format_real(v);
        } else {
          out << YAML::BeginMap << YAML::Key << "range" << YAML::Value << YAML::BeginSeq
              << yaml::format_real(r->second.first) << yaml::format_real(r->second.second)
              << YAML::EndSeq << YAML::EndMap;
        }
      }
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

}  // namespace

std::string emit_scenario(const Scenario& sc, const ModelEntry& model, const ParamSchema* net_schema) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "model" << YAML::Value;
  yaml::emit_string(out, sc.model);
  out << YAML::Key << "name" << YAML::Value;
  yaml::emit_string(out, sc.name);
  out << YAML::Key << "description" << YAML::Value;
  yaml::emit_string(out, sc.description);
  out << YAML::Key << "seed" << YAML::Value << std::to_string(sc.seed);
  out << YAML::Key << "replicates" << YAML::Value << std::to_string(sc.replicates);
  out << YAML::Key << "steps" << YAML::Value << std::to_string(sc.steps);
  if (sc.has_network() && net_schema) emit_network(out, sc, *net_schema);
  out << YAML::Key << "params" << YAML::Value;
  if (model.params.defs().empty()) out << YAML::Flow;
  out << YAML::BeginMap;
  for (const auto& def : model.params.defs()) {
    out << YAML::Key << def.name << YAML::Value;
    emit_value(out, sc.params.get(def.name));
  }
  out << YAML::EndMap;
  emit_countermeasures(out, sc);
  out << YAML::Key << "output" << YAML::Value << YAML::BeginMap;
  if (!sc.output.path.empty()) {
    out << YAML::Key << "path" << YAML::Value;
    yaml::emit_string(out, sc.output.path);
  }
  out << YAML::Key << "per_community" << YAML::Value
      << (sc.output.per_community ? "true" : "false");
  out << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace govsim::sim
