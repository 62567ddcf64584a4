// Scenario files: read (sim/yaml), `extends:` merged (scenario_extends.cpp), `--set`
// overrides applied, validated against the catalog (scenario_validate.cpp), the resolved YAML
// emitted (scenario_emit.cpp). Comparison files: comparison_loader.cpp. The user's view:
// docs/scenario-format.md.
//
// Every node of the tree keeps the file (or --set argument) that set it, so errors found after
// merging still point at the right file, line and column.
#include "sim/scenario/scenario_loader.hpp"

#include "sim/scenario/scenario_tree.hpp"
#include "sim/yaml/parse.hpp"
#include "sim/yaml/set.hpp"

namespace govsim::sim {

namespace {

ScenarioPtr finish(yaml::Node tree, const Catalog& catalog, const std::vector<Override>& overrides,
                   const std::string& file) {
  for (const auto& o : overrides) {
    yaml::SetArgument a = yaml::parse_set_argument(o.text);
    set_in_scenario(tree, a.path, std::move(a.value), a.key_loc);
  }
  return std::make_shared<const Scenario>(validate_scenario(tree, catalog, file, file_stem(file)));
}

}  // namespace

ScenarioPtr load_scenario(const std::string& path, const Catalog& catalog,
                          const std::vector<Override>& overrides) {
  return finish(resolve_scenario_file(path), catalog, overrides, path);
}

ScenarioPtr load_scenario_text(const std::string& text, const std::string& name_for_errors,
                               const std::string& base_dir, const Catalog& catalog,
                               const std::vector<Override>& overrides) {
  const yaml::SourcePtr src = yaml::file_source(name_for_errors, base_dir);
  return finish(resolve_scenario_text(text, src), catalog, overrides, name_for_errors);
}

bool is_comparison_file(const std::string& path) {
  try {
    const yaml::Node root = yaml::load_file(path, "scenario file");
    return root.find("compare") != nullptr;
  } catch (const InputError&) {
    return false;
  }
}

}  // namespace govsim::sim
