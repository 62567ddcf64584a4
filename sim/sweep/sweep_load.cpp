// Sweep files (sweep_plan.hpp): the file and its --set overrides, the sweep's own keys, the
// base scenario resolved once (with `set:`), then the design (sweep_design.cpp) and the
// points (sweep_points.cpp).
#include <fmt/format.h>

#include <utility>

#include "sim/scenario/scenario_tree.hpp"
#include "sim/sweep/sweep_parts.hpp"
#include "sim/yaml/parse.hpp"
#include "sim/yaml/read.hpp"
#include "sim/yaml/scalar.hpp"
#include "sim/yaml/set.hpp"

namespace govsim::sim::sweep {

namespace {

using yaml::Node;

const std::vector<std::string> kTopKeys = {"sweep", "output"};
const std::vector<std::string> kSweepKeys = {"name", "description", "base", "replicates",
                                             "seed", "crn", "set", "design"};
const std::vector<std::string> kOutputKeys = {"path", "per_community"};

// `--set sweep.design.parameters.params.x.from=0.2`: the keys of `parameters:` and `set:` are
// paths; from/to/steps/scale/group stay fields of a parameter.
const yaml::SetRules kSweepSetRules{{"parameters", "set"}, {"from", "to", "steps", "scale", "group"}};

// Applies the --set overrides of the sweep file itself (sweep.*, output.*) to `root`;
// returns the others (applied to every point's scenario).
std::vector<yaml::SetArgument> split_overrides(Node& root, const std::vector<Override>& overrides) {
  std::vector<yaml::SetArgument> point_sets;
  for (const auto& o : overrides) {
    yaml::SetArgument a = yaml::parse_set_argument(o.text);
    const std::string& head = a.path.front();
    if (head == "sweep" || head == "output") {
      if (a.path.size() == 1) yaml::fail(a.key_loc, "", "expected a key below " + head);
      yaml::apply_set(root, a.path, std::move(a.value), a.key_loc, kSweepSetRules);
    } else {
      point_sets.push_back(std::move(a));
    }
  }
  return point_sets;
}

// The base scenario: resolved once, the sweep's `set:` and the point-wide --set applied, then
// validated. `set_out` collects what was set (for the resolved sweep).
detail::Base read_base(const Node& sw, const std::vector<yaml::SetArgument>& point_sets,
                       const Catalog& catalog, SweepPlan& plan, Node& set_out) {
  const Node& base_node = yaml::need(sw, "sweep", "base", "the base scenario file");
  const std::string base_rel = yaml::read_text(base_node, "sweep.base", "a file path");
  plan.base_file = resolve_relative(base_node.loc.dir(), base_rel);
  detail::Base base;
  base.tree = resolve_scenario_file(plan.base_file, &base_node.loc, "sweep.base");
  if (const Node* s = sw.find("set")) {
    yaml::require_map(*s, "sweep.set");
    for (std::size_t i = 0; i < s->keys.size(); ++i) {
      const std::string k = yaml::trim(s->keys[i]);
      const auto segs = yaml::split_path(k);
      if (segs.empty())
        yaml::fail(s->key_locs[i], "sweep.set." + s->keys[i], "expected a key path such as params.theta_mu");
      if (segs[0] == "seed" || segs[0] == "replicates" || segs[0] == "name")
        yaml::fail(s->key_locs[i], "sweep.set." + k, fmt::format("{0} of a sweep is set by sweep.{0}", segs[0]));
      const auto marker = std::make_shared<const yaml::Source>(*s->key_locs[i].src);
      const yaml::Loc key_loc{marker, s->key_locs[i].line, s->key_locs[i].column};
      set_in_scenario(base.tree, segs, detail::restamp(s->items[i], marker), key_loc);
      base.sets.push_back({marker, "sweep.set." + k});
      set_out.set(k, s->key_locs[i], s->items[i]);
    }
  }
  for (const auto& a : point_sets) {
    set_in_scenario(base.tree, a.path, a.value, a.key_loc);
    set_out.set(a.path_text, a.key_loc, a.value);
  }
  try {
    base.scenario = std::make_shared<const Scenario>(
        validate_scenario(base.tree, catalog, plan.base_file, file_stem(plan.base_file)));
  } catch (const yaml::Error& e) {
    for (const auto& s : base.sets)
      if (e.loc().src == s.marker) yaml::fail(e.loc(), s.key, e.message());
    throw;
  }
  plan.model = base.scenario->model;
  return base;
}

void read_run_fields(const Node& root, const Node& sw, const Scenario& base,
                     const SweepLoadOptions& options, SweepPlan& plan) {
  plan.seed = base.seed;
  if (const Node* n = sw.find("seed")) plan.seed = static_cast<uint64_t>(yaml::read_int(*n, seed_field(), "sweep.seed"));
  plan.replicates = base.replicates;
  if (const Node* n = sw.find("replicates"))
    plan.replicates = static_cast<uint32_t>(yaml::read_int(*n, replicates_field(), "sweep.replicates"));
  if (options.replicates > 0) plan.replicates = static_cast<uint32_t>(options.replicates);
  if (const Node* n = sw.find("crn")) plan.crn = yaml::read_bool(*n, "sweep.crn");

  plan.output.per_community = base.output.per_community;
  if (const Node* o = root.find("output")) {
    yaml::require_map(*o, "output");
    yaml::check_keys(*o, "output", kOutputKeys);
    if (const Node* p = o->find("path")) plan.output.path = yaml::read_string(*p, "output.path");
    if (const Node* p = o->find("per_community")) plan.output.per_community = yaml::read_bool(*p, "output.per_community");
  }
}

}  // namespace

SweepPlan load_sweep(const std::string& path, const Catalog& catalog,
                     const SweepLoadOptions& options) {
  Node root = yaml::load_file(path, "sweep file");
  const std::vector<yaml::SetArgument> point_sets = split_overrides(root, options.overrides);
  yaml::check_keys(root, "", kTopKeys);
  const Node& sw = yaml::require_map(yaml::need(root, "", "sweep"), "sweep");
  yaml::check_keys(sw, "sweep", kSweepKeys);

  SweepPlan plan;
  plan.file = path;
  plan.name = file_stem(path);
  if (const Node* n = sw.find("name")) plan.name = yaml::read_text(*n, "sweep.name", "a name");
  if (const Node* n = sw.find("description")) plan.description = yaml::read_string(*n, "sweep.description");

  Node set_out = Node::make_map(sw.loc);
  const detail::Base base = read_base(sw, point_sets, catalog, plan, set_out);
  read_run_fields(root, sw, *base.scenario, options, plan);
  const detail::Design design = detail::read_design(sw, base, catalog, options, plan);
  detail::build_points(design, base, catalog, plan);
  detail::finish_plan(design, base, set_out, plan);
  return plan;
}

}  // namespace govsim::sim::sweep
