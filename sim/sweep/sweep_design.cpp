// The design section of a sweep file (sweep_parts.hpp): parameter paths and ranges, the
// columns, the unit-cube sample of lhs / sobol / morris designs, the resolved design text.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "sim/scenario/suggest.hpp"
#include "sim/sweep/sweep_parts.hpp"
#include "sim/yaml/read.hpp"
#include "sim/yaml/scalar.hpp"

namespace govsim::sim::sweep::detail {

namespace {

using yaml::Node;

const std::vector<std::string> kSampledKeys = {"from", "to", "scale", "group"};
const std::vector<std::string> kGridRangeKeys = {"from", "to", "steps", "scale"};

// a * b, saturating at SIZE_MAX (point counts are checked before anything is allocated).
std::size_t mul_sat(std::size_t a, std::size_t b) {
  if (a != 0 && b > std::numeric_limits<std::size_t>::max() / a)
    return std::numeric_limits<std::size_t>::max();
  return a * b;
}

// Refuses a design of more than `max_points` points (SweepLoadOptions::max_points).
void check_points(std::size_t n, std::size_t max_points, const yaml::Loc& loc,
                  const std::string& key, const std::string& how) {
  if (n <= max_points) return;
  const std::string count = n == std::numeric_limits<std::size_t>::max() ? std::string("too many")
                                                                          : std::to_string(n);
  yaml::fail(loc, key,
             fmt::format("{} gives {} points, more than the {} a sweep may have (each point's "
                         "scenario is checked and kept in memory before the first run): split "
                         "the sweep",
                         how, count, max_points));
}

bool is_numeric(const ParamDef& d) { return d.type == ParamType::kReal || d.type == ParamType::kInt; }

// Every path a sweep may set, for the base scenario.
std::vector<Target> sweepable(const Scenario& base, const Catalog& catalog) {
  std::vector<Target> out;
  out.push_back({"steps", yaml::integer_field("steps", 1, 10'000'000)});
  if (const ModelEntry* m = catalog.find_model(base.model)) {
    for (const auto& d : m->params.defs()) {
      ParamDef def = d;
      def.name = "params." + d.name;
      out.push_back({def.name, def});
    }
  }
  if (base.has_network()) {
    if (const ParamSchema* s = catalog.find_network(base.network_type())) {
      for (const auto& d : s->defs()) {
        if (d.name == "type") continue;
        ParamDef def = d;
        def.name = "network." + d.name;
        out.push_back({def.name, def});
      }
    }
  }
  for (std::size_t i = 0; i < base.countermeasures.size(); ++i) {
    const std::string p = fmt::format("countermeasures.{}.", i);
    ParamDef in = yaml::real_field(p + "intensity", 0.0, 1.0);
    in.typical_lo = 0.0;
    in.typical_hi = 1.0;
    in.doc = "intensity of countermeasure " + base.countermeasures[i].type;
    out.push_back({in.name, in});
    out.push_back({p + "start_step", yaml::integer_field(p + "start_step", 0)});
    out.push_back({p + "phase_in", yaml::integer_field(p + "phase_in", 0)});
  }
  return out;
}

struct Reader {
  const Scenario& base;
  std::vector<Target> targets;
  const SweepLoadOptions& options;
  SweepPlan& plan;
  Design& design;
  YAML::Emitter& out;
};

const Target& find_target(const Reader& r, const std::string& path, const yaml::Loc& loc,
                          const std::string& key, bool numeric_only) {
  for (const auto& t : r.targets) {
    if (t.path != path) continue;
    if (numeric_only && !is_numeric(t.def))
      yaml::fail(loc, key,
                 fmt::format("'{}' is a {} parameter: a range needs a real or integer parameter "
                             "(use a grid or list of values)",
                             path, to_string(t.def.type)));
    return t;
  }
  std::vector<std::string> names;
  for (const auto& t : r.targets)
    if (!numeric_only || is_numeric(t.def)) names.push_back(t.path);
  std::string msg = fmt::format("unknown parameter path {}", yaml::quote(path));
  const std::string hint = did_you_mean(path, names);
  if (!hint.empty()) {
    msg += hint;
  } else {
    if (path.rfind("params.", 0) != 0 && path.rfind("network.", 0) != 0 &&
        path.rfind("countermeasures.", 0) != 0 && path != "steps") {
      msg += " (paths start with params., network. or countermeasures.I., or are steps)";
    } else if (path.rfind("countermeasures.", 0) == 0) {
      msg += fmt::format(" (the base scenario has {} countermeasures; keys intensity, start_step, "
                         "phase_in)",
                         r.base.countermeasures.size());
    } else if (path.rfind("network.", 0) == 0 && !r.base.has_network()) {
      msg += " (the base scenario has no network)";
    }
  }
  yaml::fail(loc, key, msg);
}

// Checks [from, to] against the hard domain of `def`.
void check_range(const ParamDef& def, double from, double to, design::Scale scale,
                 const yaml::Loc& loc, const std::string& key) {
  using yaml::format_real;
  if (!(from < to))
    yaml::fail(loc, key, fmt::format("empty range: from ({}) must be below to ({})",
                                     format_real(from), format_real(to)));
  const bool lo_bad = from < def.lo || (def.lo_open && from == def.lo);
  const bool hi_bad = to > def.hi || (def.hi_open && to == def.hi);
  if (lo_bad || hi_bad)
    yaml::fail(loc, key,
               fmt::format("range [{}, {}] is outside the domain {} of {}", format_real(from),
                           format_real(to), def.domain_text(), def.name));
  if (scale == design::Scale::kLog && !(from > 0.0))
    yaml::fail(loc, key,
               fmt::format("scale: log needs a range above 0, found from = {}", format_real(from)));
  if (def.type == ParamType::kInt && std::ceil(from) > std::floor(to))
    yaml::fail(loc, key, fmt::format("range [{}, {}] holds no integer", format_real(from),
                                     format_real(to)));
}

design::Scale read_scale(const Node& n, const std::string& key) {
  const std::string s = yaml::read_string(n, key);
  if (s == "linear") return design::Scale::kLinear;
  if (s == "log") return design::Scale::kLog;
  yaml::fail(n.loc, key, yaml::unknown_name("scale", s, {"linear", "log"}, "known scales"));
}

// A sampled-design parameter entry: null/{} or {from, to, scale, group}.
Column sampled_column(const Reader& r, const std::string& path, const yaml::Loc& key_loc,
                      const Node* entry, const std::string& key) {
  const Target& t = find_target(r, path, key_loc, key, true);
  Column c;
  c.path = path;
  c.def = t.def;
  c.key_loc = key_loc;
  c.group = path;
  double from = t.def.typical_lo, to = t.def.typical_hi;
  design::Scale scale = design::Scale::kLinear;
  yaml::Loc range_loc = key_loc;
  if (entry && !entry->is_null()) {
    yaml::require_map(*entry, key);
    yaml::check_keys(*entry, key, kSampledKeys);
    range_loc = entry->loc;
    if (const Node* f = entry->find("from")) from = yaml::read_real(*f, key + ".from");
    if (const Node* f = entry->find("to")) to = yaml::read_real(*f, key + ".to");
    if (const Node* s = entry->find("scale")) scale = read_scale(*s, key + ".scale");
    if (const Node* g = entry->find("group")) c.group = yaml::read_text(*g, key + ".group", "a group name");
  }
  if (!std::isfinite(from) || !std::isfinite(to))
    yaml::fail(range_loc, key,
               fmt::format("{} has no typical range: give the range as {{from: A, to: B}} (domain "
                           "{})",
                           path, t.def.domain_text()));
  check_range(t.def, from, to, scale, range_loc, key);
  c.factor.path = path;
  c.factor.lo = from;
  c.factor.hi = to;
  c.factor.scale = scale;
  c.factor.integer = t.def.type == ParamType::kInt;
  return c;
}

// A grid range {from, to, steps, scale}: its levels.
void grid_range(const Target& t, const Node& entry, const std::string& key, Column& c) {
  static const ParamDef steps_def = yaml::integer_field("steps", 1, 1'000'000);
  yaml::check_keys(entry, key, kGridRangeKeys);
  double from = t.def.typical_lo, to = t.def.typical_hi;
  if (const Node* f = entry.find("from")) from = yaml::read_real(*f, key + ".from");
  if (const Node* f = entry.find("to")) to = yaml::read_real(*f, key + ".to");
  design::Scale scale = design::Scale::kLinear;
  if (const Node* s = entry.find("scale")) scale = read_scale(*s, key + ".scale");
  const Node& steps_node = yaml::need(entry, key, "steps", "number of values");
  const auto steps = static_cast<std::size_t>(yaml::read_int(steps_node, steps_def, key + ".steps"));
  if (!std::isfinite(from) || !std::isfinite(to))
    yaml::fail(entry.loc, key,
               fmt::format("{} has no typical range: give from and to (domain {})", t.path,
                           t.def.domain_text()));
  if (steps > 1) check_range(t.def, from, to, scale, entry.loc, key);
  const bool integer = t.def.type == ParamType::kInt;
  std::set<double> seen;
  for (double x : design::linspace(from, to, steps, scale)) {
    if (integer) x = std::round(x);
    if (!seen.insert(x).second) continue;  // integer rounding can merge levels
    c.levels.push_back(Node::make_scalar(value_text(x, integer), entry.loc));
    c.level_value.push_back(x);
  }
}

// A grid parameter: a sequence of values or {from, to, steps, scale}.
Column grid_column(const Reader& r, const std::string& path, const yaml::Loc& key_loc,
                   const Node& entry, const std::string& key) {
  Column c;
  c.path = path;
  c.key_loc = key_loc;
  c.group = path;
  if (entry.is_sequence()) {
    c.def = find_target(r, path, key_loc, key, false).def;
    if (entry.items.empty()) yaml::fail(entry.loc, key, "expected at least one value");
    for (const Node& v : entry.items) {
      c.levels.push_back(v);
      c.level_value.push_back(numeric_of_node(v));
    }
  } else if (entry.is_map()) {
    const Target& t = find_target(r, path, key_loc, key, true);
    c.def = t.def;
    grid_range(t, entry, key, c);
  } else {
    yaml::fail(entry.loc, key,
               "expected a list of values or {from, to, steps}, found " + yaml::describe(entry));
  }
  return c;
}

void read_grid(const Node& dn, Reader& r) {
  const Node& ps = yaml::require_map(yaml::need(dn, "sweep.design", "parameters"), "sweep.design.parameters");
  if (ps.keys.empty()) yaml::fail(ps.loc, "sweep.design.parameters", "expected at least one parameter");
  std::vector<std::size_t> levels;
  std::size_t product = 1;
  std::string how;
  for (std::size_t i = 0; i < ps.keys.size(); ++i) {
    const std::string key = "sweep.design.parameters." + ps.keys[i];
    r.design.columns.push_back(grid_column(r, ps.keys[i], ps.key_locs[i], ps.items[i], key));
    levels.push_back(r.design.columns.back().levels.size());
    product = mul_sat(product, levels.back());
    how += fmt::format("{}{} level(s) of {}", i ? " x " : "", levels.back(), ps.keys[i]);
    check_points(product, r.options.max_points, ps.key_locs[i], key, "the grid of " + how);
  }
  r.design.grid_idx = design::grid_indices(levels);
  r.design.n_points = r.design.grid_idx.size();
  r.out << YAML::Key << "parameters" << YAML::Value << YAML::BeginMap;
  for (const auto& c : r.design.columns) {
    r.out << YAML::Key << c.path << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& l : c.levels) r.out << yaml::flow_text(l);
    r.out << YAML::EndSeq;
  }
  r.out << YAML::EndMap;
}

void read_list(const Node& dn, Reader& r) {
  const Node& pts = yaml::require_sequence(yaml::need(dn, "sweep.design", "points"), "sweep.design.points", "maps");
  if (pts.items.empty()) yaml::fail(pts.loc, "sweep.design.points", "expected at least one point");
  std::vector<Column>& columns = r.design.columns;
  std::map<std::string, std::size_t> col_index;
  for (std::size_t p = 0; p < pts.items.size(); ++p) {
    const Node& pt = pts.items[p];
    const std::string pkey = fmt::format("sweep.design.points.{}", p);
    yaml::require_map(pt, pkey);
    for (std::size_t i = 0; i < pt.keys.size(); ++i) {
      if (col_index.count(pt.keys[i])) continue;
      const Target& t = find_target(r, pt.keys[i], pt.key_locs[i], pkey + "." + pt.keys[i], false);
      Column c;
      c.path = t.path;
      c.def = t.def;
      c.key_loc = pt.key_locs[i];
      c.group = t.path;
      col_index[t.path] = columns.size();
      columns.push_back(std::move(c));
    }
  }
  auto& values = r.design.list_values;
  values.assign(pts.items.size(), std::vector<const Node*>(columns.size(), nullptr));
  for (std::size_t p = 0; p < pts.items.size(); ++p) {
    const Node& pt = pts.items[p];
    for (std::size_t i = 0; i < pt.keys.size(); ++i) values[p][col_index[pt.keys[i]]] = &pt.items[i];
  }
  r.design.n_points = pts.items.size();
  r.out << YAML::Key << "points" << YAML::Value << YAML::BeginSeq;
  for (std::size_t p = 0; p < r.design.n_points; ++p) {
    r.out << YAML::Flow << YAML::BeginMap;
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (values[p][c]) r.out << YAML::Key << columns[c].path << YAML::Value << yaml::flow_text(*values[p][c]);
    r.out << YAML::EndMap;
  }
  r.out << YAML::EndSeq;
}

// `select: {basis, exclude}`: adds every numeric model parameter with that basis tag.
void read_select(const Node& sel, Reader& r, std::set<std::string>& have) {
  yaml::require_map(sel, "sweep.design.select");
  yaml::check_keys(sel, "sweep.design.select", {"basis", "exclude"});
  const Node& basis = yaml::need(sel, "sweep.design.select", "basis", "e.g. \"[A]\"");
  const std::string tag = yaml::read_string(basis, "sweep.design.select.basis");
  std::set<std::string> excluded;
  if (const Node* ex = sel.find("exclude")) {
    yaml::require_sequence(*ex, "sweep.design.select.exclude", "parameter paths");
    for (std::size_t i = 0; i < ex->items.size(); ++i) {
      const std::string key = fmt::format("sweep.design.select.exclude.{}", i);
      const std::string p = yaml::read_string(ex->items[i], key);
      find_target(r, p, ex->items[i].loc, key, false);
      excluded.insert(p);
    }
  }
  std::vector<std::string> skipped;
  std::size_t added = 0;
  for (const auto& t : r.targets) {
    if (t.path.rfind("params.", 0) != 0 || !is_numeric(t.def)) continue;
    if (t.def.basis.find(tag) == std::string::npos) continue;
    if (have.count(t.path) || excluded.count(t.path)) continue;
    if (!t.def.has_typical()) {
      skipped.push_back(t.path);
      continue;
    }
    r.design.columns.push_back(sampled_column(r, t.path, basis.loc, nullptr, "sweep.design.select"));
    have.insert(t.path);
    ++added;
  }
  if (added == 0 && have.empty())
    yaml::fail(basis.loc, "sweep.design.select.basis",
               fmt::format("no numeric parameter of model '{}' with a typical range has basis "
                           "'{}'",
                           r.base.model, tag));
  if (!skipped.empty()) {
    std::string list;
    for (const auto& s : skipped) list += (list.empty() ? "" : ", ") + s;
    r.plan.warnings.push_back(fmt::format(
        "select: left out {} parameter(s) with basis '{}' but no typical range: {} (give "
        "them a range under parameters: to include them)",
        skipped.size(), tag, list));
  }
}

// Groups in order of first appearance; returns each column's group.
std::vector<std::size_t> assign_groups(Reader& r) {
  std::vector<std::string>& groups = r.plan.groups;
  std::vector<std::size_t> group_of;
  for (auto& c : r.design.columns) {
    auto it = std::find(groups.begin(), groups.end(), c.group);
    if (it == groups.end()) {
      groups.push_back(c.group);
      it = groups.end() - 1;
    }
    c.factor.group = static_cast<std::size_t>(it - groups.begin());
    group_of.push_back(c.factor.group);
  }
  for (const auto& g : groups)
    for (const auto& c : r.design.columns)
      if (c.group != g && c.path == g)
        yaml::fail(c.key_loc, "sweep.design.parameters." + c.path + ".group",
                   fmt::format("group name '{}' is also the path of a parameter in another group", g));
  return group_of;
}

// The sample of a sampled design in the unit cube: `n`, or `trajectories` and `levels`.
void sample(const Node& dn, Reader& r, const std::vector<std::size_t>& group_of) {
  SweepPlan& plan = r.plan;
  const std::size_t groups = plan.groups.size();
  if (plan.kind == design::Kind::kLhs) {
    const Node& nn = yaml::need(dn, "sweep.design", "n", "number of points");
    const auto n = static_cast<std::size_t>(yaml::read_int(nn, yaml::integer_field("n", 1, 10'000'000), "sweep.design.n"));
    check_points(n, r.options.max_points, nn.loc, "sweep.design.n", fmt::format("n = {}", n));
    plan.unit = design::lhs_unit(n, r.design.columns.size(), plan.seed);
    r.design.n_points = n;
    r.out << YAML::Key << "n" << YAML::Value << std::to_string(n);
  } else if (plan.kind == design::Kind::kSobol) {
    const Node& nn = yaml::need(dn, "sweep.design", "n", "base samples N; N (groups + 2) points");
    const auto n = static_cast<std::size_t>(yaml::read_int(nn, yaml::integer_field("n", 2, 10'000'000), "sweep.design.n"));
    if ((n & (n - 1)) != 0)
      plan.warnings.push_back(fmt::format(
          "sweep.design.n = {} is not a power of 2: Sobol' points are best balanced at powers "
          "of 2",
          n));
    check_points(mul_sat(n, groups + 2), r.options.max_points, nn.loc, "sweep.design.n",
                 fmt::format("n = {} with {} group(s)", n, groups));
    plan.saltelli = design::saltelli_design(n, group_of, groups);
    plan.unit = std::move(plan.saltelli.unit);
    plan.saltelli.unit.clear();
    r.design.n_points = plan.saltelli.sample.size();
    r.out << YAML::Key << "n" << YAML::Value << std::to_string(n);
  } else {
    const Node& rn = yaml::need(dn, "sweep.design", "trajectories", "r");
    const auto traj = static_cast<std::size_t>(
        yaml::read_int(rn, yaml::integer_field("trajectories", 2, 1'000'000), "sweep.design.trajectories"));
    std::size_t p = 4;
    if (const Node* ln = dn.find("levels")) {
      p = static_cast<std::size_t>(yaml::read_int(*ln, yaml::integer_field("levels", 2, 1000), "sweep.design.levels"));
      if (p % 2 != 0)
        yaml::fail(ln->loc, "sweep.design.levels", fmt::format("expected an even number of levels, found {}", p));
    }
    check_points(mul_sat(traj, groups + 1), r.options.max_points, rn.loc, "sweep.design.trajectories",
                 fmt::format("trajectories = {} with {} group(s)", traj, groups));
    plan.morris = design::morris_design(traj, p, group_of, groups, plan.seed);
    plan.unit = std::move(plan.morris.unit);
    plan.morris.unit.clear();
    r.design.n_points = plan.morris.step.size();
    r.out << YAML::Key << "trajectories" << YAML::Value << std::to_string(traj);
    r.out << YAML::Key << "levels" << YAML::Value << std::to_string(p);
  }
}

void emit_factor(YAML::Emitter& out, const Column& c) {
  out << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "from" << YAML::Value << yaml::format_real(c.factor.lo);
  out << YAML::Key << "to" << YAML::Value << yaml::format_real(c.factor.hi);
  out << YAML::Key << "scale" << YAML::Value
      << (c.factor.scale == design::Scale::kLog ? "log" : "linear");
  out << YAML::Key << "group" << YAML::Value;
  yaml::emit_string(out, c.group);
  out << YAML::EndMap;
}

// Sampled designs (lhs, sobol, morris): explicit parameters, then `select`, then the sample.
void read_sampled(const Node& dn, Reader& r) {
  std::set<std::string> have;
  if (const Node* ps = dn.find("parameters"); ps && !ps->is_null()) {
    yaml::require_map(*ps, "sweep.design.parameters");
    for (std::size_t i = 0; i < ps->keys.size(); ++i) {
      const std::string key = "sweep.design.parameters." + ps->keys[i];
      r.design.columns.push_back(sampled_column(r, ps->keys[i], ps->key_locs[i], &ps->items[i], key));
      have.insert(ps->keys[i]);
    }
  }
  if (const Node* sel = dn.find("select")) read_select(*sel, r, have);
  if (r.design.columns.empty())
    yaml::fail(dn.loc, "sweep.design", "missing required key 'parameters' (or 'select')");
  sample(dn, r, assign_groups(r));
  r.out << YAML::Key << "parameters" << YAML::Value << YAML::BeginMap;
  for (const auto& c : r.design.columns) {
    r.out << YAML::Key << c.path << YAML::Value;
    emit_factor(r.out, c);
  }
  r.out << YAML::EndMap;
}

design::Kind read_kind(const Node& type_node) {
  static const std::vector<std::string> kDesignTypes = {"grid", "list", "lhs", "sobol", "morris"};
  const std::string type = yaml::read_string(type_node, "sweep.design.type");
  if (type == "grid") return design::Kind::kGrid;
  if (type == "list") return design::Kind::kList;
  if (type == "lhs") return design::Kind::kLhs;
  if (type == "sobol") return design::Kind::kSobol;
  if (type == "morris") return design::Kind::kMorris;
  yaml::fail(type_node.loc, "sweep.design.type",
             yaml::unknown_name("design type", type, kDesignTypes, "known design types"));
}

std::vector<std::string> design_keys(design::Kind kind) {
  switch (kind) {
    case design::Kind::kGrid: return {"type", "parameters"};
    case design::Kind::kList: return {"type", "points"};
    case design::Kind::kLhs:
    case design::Kind::kSobol: return {"type", "n", "parameters", "select"};
    case design::Kind::kMorris: return {"type", "trajectories", "levels", "parameters", "select"};
  }
  return {"type"};
}

}  // namespace

Design read_design(const Node& sw, const Base& base, const Catalog& catalog,
                   const SweepLoadOptions& options, SweepPlan& plan) {
  const Node& dn = yaml::require_map(yaml::need(sw, "sweep", "design"), "sweep.design");
  const Node& type_node = yaml::need(dn, "sweep.design", "type", "grid, list, lhs, sobol or morris");
  plan.kind = read_kind(type_node);
  yaml::check_keys(dn, "sweep.design", design_keys(plan.kind));

  Design design;
  design.loc = dn.loc;
  YAML::Emitter out;  // the resolved design
  out << YAML::BeginMap << YAML::Key << "type" << YAML::Value << type_node.scalar;
  Reader r{*base.scenario, sweepable(*base.scenario, catalog), options, plan, design, out};
  const bool sampled = plan.kind != design::Kind::kGrid && plan.kind != design::Kind::kList;
  if (plan.kind == design::Kind::kGrid) read_grid(dn, r);
  else if (plan.kind == design::Kind::kList) read_list(dn, r);
  else read_sampled(dn, r);
  out << YAML::EndMap;
  if (!sampled) plan.groups.clear();
  design.resolved = out.c_str();
  return design;
}

}  // namespace govsim::sim::sweep::detail
