// Validation of a resolved scenario tree against the catalog (scenario_tree.hpp): every key,
// type and domain; defaults filled; where each value was written kept for later rules.
#include <fmt/format.h>

#include <cmath>

#include <algorithm>

#include "sim/scenario/scenario_parts.hpp"
#include "sim/scenario/scenario_tree.hpp"
#include "sim/yaml/read.hpp"

namespace govsim::sim {

namespace {

using yaml::Node;

const std::vector<std::string> kTopKeys = {"model",      "name",  "description", "extends",
                                           "seed",       "replicates", "steps",  "network",
                                           "params",     "countermeasures", "output"};
const std::vector<std::string> kCountermeasureKeys = {"type", "intensity", "start_step",
                                                      "phase_in", "communities", "targets"};

const ModelEntry& read_model(const Node& root, const Catalog& catalog, Scenario& sc) {
  const Node& model_node = yaml::need(root, "", "model");
  sc.model = yaml::read_string(model_node, "model");
  const ModelEntry* model = catalog.find_model(sc.model);
  if (!model) {
    std::vector<std::string> names;
    for (const auto& m : catalog.models) names.push_back(m.name);
    yaml::fail(model_node.loc, "model",
               yaml::unknown_name("model", sc.model, names, "known models",
                                  "no models are registered"));
  }
  return *model;
}

void read_run_fields(const Node& root, const ModelEntry& model, Scenario& sc) {
  if (const Node* n = root.find("name")) sc.name = yaml::read_string(*n, "name");
  if (const Node* n = root.find("description")) sc.description = yaml::read_string(*n, "description");
  if (const Node* n = root.find("seed"))
    sc.seed = static_cast<uint64_t>(yaml::read_int(*n, seed_field(), "seed"));
  if (const Node* n = root.find("replicates"))
    sc.replicates = static_cast<uint32_t>(yaml::read_int(*n, replicates_field(), "replicates"));
  sc.steps = model.default_steps;
  if (const Node* n = root.find("steps"))
    sc.steps = static_cast<uint32_t>(yaml::read_int(*n, steps_field(), "steps"));
}

// The network section: its type, then the keys of that type. Returns the type's schema.
const ParamSchema* read_network(const Node& root, const Catalog& catalog, const ModelEntry& model,
                                Scenario& sc) {
  const Node* net = root.find("network");
  sc.network.set_section("network", net ? root.key_loc("network") : root.loc);
  if (!net) {
    if (model.needs_network)
      yaml::fail(root.loc, "",
                 fmt::format("missing required key 'network' (model '{}' needs a network)",
                             model.name));
    return nullptr;
  }
  if (!model.accepts_network)
    yaml::fail(root.key_loc("network"), "network",
               fmt::format("network section not allowed for model '{}'", model.name));
  yaml::require_map(*net, "network");
  const Node* type = net->find("type");
  if (!type) {
    // A misspelt key (`typ:`) is the likelier mistake: check keys against every type first.
    std::vector<std::string> all = {"type"};
    for (const auto& t : catalog.network_types)
      for (const auto& n : t.second.names())
        if (std::find(all.begin(), all.end(), n) == all.end()) all.push_back(n);
    yaml::check_keys(*net, "network", all);
    yaml::fail(net->loc, "network", "missing required key 'type'");
  }
  const std::string type_name = yaml::read_string(*type, "network.type");
  const ParamSchema* schema = catalog.find_network(type_name);
  if (!schema) {
    std::vector<std::string> names;
    for (const auto& t : catalog.network_types) names.push_back(t.first);
    yaml::fail(type->loc, "network.type",
               yaml::unknown_name("network type", type_name, names, "known network types",
                                  "no network types are registered"));
  }
  const yaml::Loc section = sc.network.section_loc();
  sc.network = ParamSet(*schema);
  sc.network.set_section("network", section);
  sc.network.set("type", type_name);
  yaml::FieldOptions options;
  options.warnings = &sc.warnings;
  yaml::read_fields_into(*net, "network", *schema, sc.network, options, "type");
  return schema;
}

void read_params(const Node& root, const ModelEntry& model, Scenario& sc) {
  sc.params = ParamSet(model.params);
  const Node* p = root.find("params");
  sc.params.set_section("params", p ? root.key_loc("params") : root.loc);
  if (!p) {
    for (const auto& def : model.params.defs())
      if (def.required) yaml::fail(root.loc, "", fmt::format("missing required key 'params.{}'", def.name));
    return;
  }
  yaml::require_map(*p, "params");
  yaml::FieldOptions options;
  options.when_empty = fmt::format("model '{}' has no parameters", model.name);
  options.warnings = &sc.warnings;
  yaml::read_fields_into(*p, "params", model.params, sc.params, options);
}

void check_countermeasure_type(const Node& type, const std::string& key, const ModelEntry& model,
                               const std::string& name) {
  std::vector<std::string> names;
  for (const auto& c : model.countermeasures) names.push_back(c.name);
  if (std::find(names.begin(), names.end(), name) != names.end()) return;
  yaml::fail(type.loc, key,
             yaml::unknown_name("countermeasure", name, names,
                                fmt::format("countermeasures of model '{}'", model.name),
                                fmt::format("model '{}' has no countermeasures", model.name),
                                fmt::format(" for model '{}'", model.name)));
}

// `targets:` of a countermeasure entry: name -> a value, or {range: [lo, hi]} (drawn per draw by
// `compare --posterior`; elsewhere the midpoint, with a warning). The model checks the names.
void read_targets(const Node& n, const std::string& ekey, CountermeasureSpec& cm,
                  std::vector<std::string>& warnings) {
  static const ParamDef target = yaml::real_field("targets", -HUGE_VAL, HUGE_VAL);
  yaml::require_map(n, ekey + ".targets");
  for (std::size_t j = 0; j < n.keys.size(); ++j) {
    const std::string tkey = ekey + ".targets." + n.keys[j];
    cm.field_locs["targets." + n.keys[j]] = n.key_locs[j];
    const Node& v = n.items[j];
    if (!v.is_map()) {
      cm.targets.emplace_back(n.keys[j], yaml::read_real(v, target, tkey));
      continue;
    }
    yaml::check_keys(v, tkey, {"range"});
    const Node& r = yaml::need(v, tkey, "range", "[lo, hi]");
    yaml::require_sequence(r, tkey + ".range", "two numbers [lo, hi]");
    if (r.items.size() != 2) yaml::fail(r.loc, tkey + ".range", "expected two numbers [lo, hi]");
    const double lo = yaml::read_real(r.items[0], target, tkey + ".range.0");
    const double hi = yaml::read_real(r.items[1], target, tkey + ".range.1");
    if (!(lo <= hi)) yaml::fail(r.loc, tkey + ".range", fmt::format("lo {} is above hi {}", lo, hi));
    cm.target_ranges.push_back({n.keys[j], {lo, hi}});
    cm.targets.emplace_back(n.keys[j], 0.5 * (lo + hi));
    warnings.push_back(fmt::format("{}: the range [{}, {}] is drawn only by `govsim compare "
                                   "--posterior`; here the target is its midpoint {}",
                                   tkey, lo, hi, 0.5 * (lo + hi)));
  }
}

CountermeasureSpec read_countermeasure(const Node& entry, const std::string& ekey,
                                       const ModelEntry& model, std::vector<std::string>& warnings) {
  static const ParamDef intensity = yaml::real_field("intensity", 0.0, 1.0);
  static const ParamDef start_step = yaml::integer_field("start_step", 0);
  static const ParamDef phase_in = yaml::integer_field("phase_in", 0);
  static const ParamDef community = yaml::integer_field("communities", 0);
  yaml::require_map(entry, ekey);
  yaml::check_keys(entry, ekey, kCountermeasureKeys);
  CountermeasureSpec cm;
  cm.key = ekey;
  cm.where = entry.loc;
  for (std::size_t k = 0; k < entry.keys.size(); ++k) cm.field_locs[entry.keys[k]] = entry.key_locs[k];
  const Node& type = yaml::need(entry, ekey, "type");
  cm.type = yaml::read_string(type, ekey + ".type");
  check_countermeasure_type(type, ekey + ".type", model, cm.type);
  if (const Node* n = entry.find("intensity"))
    cm.intensity = yaml::read_real(*n, intensity, ekey + ".intensity");
  if (const Node* n = entry.find("start_step"))
    cm.start_step = yaml::read_int(*n, start_step, ekey + ".start_step");
  if (const Node* n = entry.find("phase_in"))
    cm.phase_in = yaml::read_int(*n, phase_in, ekey + ".phase_in");
  if (const Node* n = entry.find("communities")) {
    const std::string ckey = ekey + ".communities";
    yaml::require_sequence(*n, ckey, "integers");
    for (std::size_t j = 0; j < n->items.size(); ++j) {
      const std::string item = "communities." + std::to_string(j);
      cm.communities.push_back(yaml::read_int(n->items[j], community, ekey + "." + item));
      cm.field_locs[item] = n->items[j].loc;
    }
  }
  if (const Node* n = entry.find("targets")) read_targets(*n, ekey, cm, warnings);
  return cm;
}

void read_countermeasures(const Node& list, const ModelEntry& model, Scenario& sc) {
  yaml::require_sequence(list, "countermeasures");
  for (std::size_t i = 0; i < list.items.size(); ++i)
    sc.countermeasures.push_back(
        read_countermeasure(list.items[i], "countermeasures." + std::to_string(i), model, sc.warnings));
}

}  // namespace

OutputSpec read_output_section(const Node& n, const std::string& key) {
  static const std::vector<std::string> kOutputKeys = {"path", "per_community"};
  OutputSpec out;
  yaml::require_map(n, key);
  yaml::check_keys(n, key, kOutputKeys);
  if (const Node* p = n.find("path")) out.path = yaml::read_string(*p, key + ".path");
  if (const Node* p = n.find("per_community"))
    out.per_community = yaml::read_bool(*p, key + ".per_community");
  return out;
}

Scenario validate_scenario(const Node& root, const Catalog& catalog, const std::string& file,
                           const std::string& default_name) {
  Scenario sc;
  sc.file = file;
  sc.where = root.loc;
  yaml::check_keys(root, "", kTopKeys);
  if (const Node* ext = root.find("extends"))
    yaml::fail(ext->loc, "extends", "extends can only be given in a file, not overridden");
  const ModelEntry& model = read_model(root, catalog, sc);
  sc.name = default_name;
  read_run_fields(root, model, sc);
  const ParamSchema* net_schema = read_network(root, catalog, model, sc);
  read_params(root, model, sc);
  if (const Node* c = root.find("countermeasures")) read_countermeasures(*c, model, sc);
  if (const Node* o = root.find("output")) sc.output = read_output_section(*o, "output");
  sc.resolved_yaml = emit_scenario(sc, model, net_schema);
  return sc;
}

}  // namespace govsim::sim
