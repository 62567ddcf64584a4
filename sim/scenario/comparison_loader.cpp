// Comparison files (scenario_loader.hpp): the comparison's own keys, then each arm's scenario
// resolved from its file, changed in memory by the arm's `set:` and the command line's
// overrides, and validated; the resolved comparison as YAML.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <utility>

#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/scenario_parts.hpp"
#include "sim/scenario/scenario_tree.hpp"
#include "sim/yaml/parse.hpp"
#include "sim/yaml/read.hpp"
#include "sim/yaml/scalar.hpp"
#include "sim/yaml/set.hpp"

namespace govsim::sim {

namespace {

using yaml::Node;

// `compare.arms.0.set.params.theta_mu`: the keys of an arm's `set:` are paths.
const yaml::SetRules kCompareSetRules{{"set"}, {}};

// Applies the overrides of the comparison itself (compare.*, output.*) to `root`; returns
// those of every arm (the rest).
std::vector<yaml::SetArgument> split_overrides(Node& root, const std::vector<Override>& overrides) {
  std::vector<yaml::SetArgument> arm_overrides;
  for (const auto& o : overrides) {
    yaml::SetArgument p = yaml::parse_set_argument(o.text);
    const std::string& head = p.path.front();
    if (head == "compare" || head == "output") {
      yaml::apply_set(root, p.path, std::move(p.value), p.key_loc, kCompareSetRules);
    } else if (head == "seed" || head == "replicates") {
      yaml::fail(p.key_loc, {}, fmt::format("in a comparison, {0} is set for all arms by compare.{0}", head));
    } else if (head == "name") {
      yaml::fail(p.key_loc, {}, "in a comparison, each arm is named by compare.arms.N.name");
    } else {
      arm_overrides.push_back(std::move(p));
    }
  }
  return arm_overrides;
}

bool valid_arm_name(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

struct ArmContext {
  const Catalog& catalog;
  const Comparison& cmp;
  const std::vector<yaml::SetArgument>& overrides;
  yaml::Loc seed_loc, reps_loc;
  std::vector<std::pair<std::string, int>> seen;  // arm names so far, with their line
};

std::string read_arm_name(const Node& arm, const std::string& key, ArmContext& ctx) {
  const Node& name_node = yaml::need(arm, key, "name");
  const std::string name = yaml::read_string(name_node, key + ".name");
  if (!valid_arm_name(name))
    yaml::fail(name_node.loc, key + ".name",
               fmt::format("invalid arm name {} (use letters, digits, '_', '.' and '-')", yaml::quote(name)));
  for (const auto& [other, line] : ctx.seen)
    if (other == name)
      yaml::fail(name_node.loc, key + ".name",
                 fmt::format("duplicate arm name '{}' (first at line {})", name, line));
  ctx.seen.emplace_back(name, name_node.loc.line);
  return name;
}

// Applies the arm's own `set:` to its scenario tree; returns what was set (for the resolved
// comparison).
void apply_arm_set(const Node& arm, const std::string& key, Node& tree, Node& set_out) {
  const Node* set = arm.find("set");
  if (!set) return;
  yaml::require_map(*set, key + ".set");
  for (std::size_t j = 0; j < set->keys.size(); ++j) {
    const std::string skey = key + ".set." + set->keys[j];
    const std::vector<std::string> segs = yaml::split_path(yaml::trim(set->keys[j]));
    if (segs.empty()) yaml::fail(set->key_locs[j], skey, "expected a key path such as params.theta_mu");
    if (segs[0] == "seed" || segs[0] == "replicates")
      yaml::fail(set->key_locs[j], skey, fmt::format("{0} is set for all arms by compare.{0}", segs[0]));
    if (segs[0] == "name") yaml::fail(set->key_locs[j], skey, "the arm's scenario is named by the arm's name");
    set_in_scenario(tree, segs, set->items[j], set->key_locs[j]);
    set_out.set(yaml::trim(set->keys[j]), set->key_locs[j], set->items[j]);
  }
}

void emit_arm(YAML::Emitter& out, const std::string& name, const std::string& scen_file,
              const Node& set_out) {
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value;
  yaml::emit_string(out, name);
  out << YAML::Key << "scenario" << YAML::Value;
  yaml::emit_string(out, absolute_path("", scen_file));
  if (!set_out.keys.empty()) {
    out << YAML::Key << "set" << YAML::Value;
    yaml::emit(out, set_out);
  }
  out << YAML::EndMap;
}

// One arm: its scenario file merged over its parents, its `set:`, the command line's
// overrides, then the comparison's seed and replicates (common to all arms).
CompareArm read_arm(const Node& arm, const std::string& key, ArmContext& ctx, YAML::Emitter& out) {
  yaml::require_map(arm, key);
  yaml::check_keys(arm, key, {"name", "scenario", "set"});
  const std::string name = read_arm_name(arm, key, ctx);
  const Node& scen_node = yaml::need(arm, key, "scenario");
  const std::string scen_file = resolve_relative(
      scen_node.loc.dir(), yaml::read_text(scen_node, key + ".scenario", "a file path"));
  Node tree = resolve_scenario_file(scen_file, &scen_node.loc, key + ".scenario");
  tree.set("name", arm.find("name")->loc, *arm.find("name"));
  Node set_out = Node::make_map(arm.loc);
  apply_arm_set(arm, key, tree, set_out);
  for (const auto& p : ctx.overrides) {
    set_in_scenario(tree, p.path, p.value, p.key_loc);
    set_out.set(p.path_text, p.key_loc, p.value);
  }
  tree.set("seed", ctx.seed_loc, Node::make_scalar(std::to_string(ctx.cmp.seed), ctx.seed_loc));
  tree.set("replicates", ctx.reps_loc,
           Node::make_scalar(std::to_string(ctx.cmp.replicates), ctx.reps_loc));
  emit_arm(out, name, scen_file, set_out);
  return CompareArm{name, std::make_shared<const Scenario>(
                              validate_scenario(tree, ctx.catalog, scen_file, name))};
}

void emit_header(YAML::Emitter& out, const Comparison& cmp) {
  out << YAML::BeginMap << YAML::Key << "compare" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value;
  yaml::emit_string(out, cmp.name);
  out << YAML::Key << "seed" << YAML::Value << std::to_string(cmp.seed);
  out << YAML::Key << "replicates" << YAML::Value << std::to_string(cmp.replicates);
  out << YAML::Key << "arms" << YAML::Value << YAML::BeginSeq;
}

void emit_footer(YAML::Emitter& out, const Comparison& cmp) {
  out << YAML::EndSeq << YAML::EndMap;
  out << YAML::Key << "output" << YAML::Value << YAML::BeginMap;
  if (!cmp.output.path.empty()) {
    out << YAML::Key << "path" << YAML::Value;
    yaml::emit_string(out, cmp.output.path);
  }
  out << YAML::Key << "per_community" << YAML::Value
      << (cmp.output.per_community ? "true" : "false");
  out << YAML::EndMap << YAML::EndMap;
}

}  // namespace

Comparison load_comparison(const std::string& path, const Catalog& catalog,
                           const std::vector<Override>& overrides) {
  Node root = yaml::load_file(path, "comparison file");
  const std::vector<yaml::SetArgument> arm_overrides = split_overrides(root, overrides);

  Comparison cmp;
  cmp.file = path;
  yaml::check_keys(root, "", {"compare", "output", "hypotheses", "robust"});
  const Node& c = yaml::require_map(yaml::need(root, "", "compare"), "compare");
  yaml::check_keys(c, "compare", {"name", "seed", "replicates", "arms"});
  cmp.name = file_stem(path);
  if (const Node* n = c.find("name")) cmp.name = yaml::read_string(*n, "compare.name");
  const Node* seed_node = c.find("seed");
  if (seed_node) cmp.seed = static_cast<uint64_t>(yaml::read_int(*seed_node, seed_field(), "compare.seed"));
  const Node* reps_node = c.find("replicates");
  if (reps_node)
    cmp.replicates = static_cast<uint32_t>(yaml::read_int(*reps_node, replicates_field(), "compare.replicates"));
  if (const Node* o = root.find("output")) cmp.output = read_output_section(*o, "output");

  const Node& arms = yaml::require_sequence(yaml::need(c, "compare", "arms"), "compare.arms");
  if (arms.items.empty()) yaml::fail(arms.loc, "compare.arms", "expected at least one arm");

  YAML::Emitter out;
  emit_header(out, cmp);
  ArmContext ctx{catalog, cmp, arm_overrides, seed_node ? seed_node->loc : c.loc,
                 reps_node ? reps_node->loc : c.loc, {}};
  for (std::size_t i = 0; i < arms.items.size(); ++i)
    cmp.arms.push_back(read_arm(arms.items[i], "compare.arms." + std::to_string(i), ctx, out));
  emit_footer(out, cmp);
  cmp.resolved_yaml = std::string(out.c_str()) + "\n";
  return cmp;
}

}  // namespace govsim::sim
