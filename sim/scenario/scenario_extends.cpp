// Reading a scenario file and its `extends:` parents into one tree (scenario_tree.hpp).
#include <filesystem>
#include <system_error>

#include "sim/scenario/scenario_tree.hpp"
#include "sim/yaml/parse.hpp"
#include "sim/yaml/read.hpp"
#include "sim/yaml/set.hpp"

namespace govsim::sim {

namespace {

namespace fs = std::filesystem;

struct ChainEntry {
  std::string id;       // canonical path
  std::string display;  // as shown in messages
};

// The identity of a file for cycle detection.
std::string canonical_id(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::path(path), ec);
  if (ec) return absolute_path("", path);
  return p.string();
}

// Loads the parents named by `extends:` (recursively) and merges `root` over them.
yaml::Node resolve_extends(yaml::Node root, const yaml::SourcePtr& src, const std::string& id,
                           std::vector<ChainEntry>& chain) {
  chain.push_back({id, src->file});
  if (const yaml::Node* found = root.find("extends")) {
    const yaml::Node ext = *found;
    if (!ext.is_scalar() || ext.scalar.empty())
      yaml::fail(ext.loc, "extends", "expected a file path, found " + yaml::describe(ext));
    const std::string parent_file = resolve_relative(src->dir, ext.scalar);
    const std::string parent_id = canonical_id(parent_file);
    for (const auto& e : chain) {
      if (e.id != parent_id) continue;
      std::string names;
      for (const auto& c : chain) names += c.display + " -> ";
      yaml::fail(ext.loc, "extends", "extends cycle: " + names + parent_file);
    }
    yaml::Node parent_root = yaml::load_file(parent_file, "scenario file", &ext.loc, "extends");
    const yaml::SourcePtr parent_src = parent_root.loc.src;
    yaml::Node parent = resolve_extends(std::move(parent_root), parent_src, parent_id, chain);
    parent.erase("name");
    parent.erase("description");
    root.erase("extends");
    yaml::merge(parent, std::move(root));
    root = std::move(parent);
  }
  chain.pop_back();
  return root;
}

}  // namespace

std::string file_stem(const std::string& path) { return fs::path(path).stem().string(); }

std::string resolve_relative(const std::string& dir, const std::string& rel) {
  fs::path p(rel);
  if (!p.is_absolute() && !dir.empty()) p = fs::path(dir) / p;
  return p.lexically_normal().string();
}

std::string absolute_path(const std::string& dir, const std::string& rel) {
  fs::path p(rel);
  if (!p.is_absolute()) {
    std::error_code ec;
    p = fs::absolute(dir.empty() ? p : fs::path(dir) / p, ec);
  }
  return p.lexically_normal().string();
}

yaml::Node resolve_scenario_file(const std::string& path, const yaml::Loc* named_at,
                                 const std::string& key) {
  yaml::Node root = yaml::load_file(path, "scenario file", named_at, key);
  const yaml::SourcePtr src = root.loc.src;
  std::vector<ChainEntry> chain;
  return resolve_extends(std::move(root), src, canonical_id(path), chain);
}

yaml::Node resolve_scenario_text(const std::string& text, const yaml::SourcePtr& src) {
  std::vector<ChainEntry> chain;
  return resolve_extends(yaml::parse_map(text, src), src,
                         canonical_id(resolve_relative(src->dir, src->file)), chain);
}

void set_in_scenario(yaml::Node& tree, const std::vector<std::string>& path, yaml::Node value,
                     const yaml::Loc& key_loc) {
  yaml::apply_set(tree, path, std::move(value), key_loc);
}

const ParamDef& seed_field() {
  static const ParamDef d = yaml::integer_field("seed", 0);
  return d;
}
const ParamDef& replicates_field() {
  static const ParamDef d = yaml::integer_field("replicates", 1, 100'000);
  return d;
}
const ParamDef& steps_field() {
  static const ParamDef d = yaml::integer_field("steps", 1, 10'000'000);
  return d;
}

}  // namespace govsim::sim
