// The design points of a sweep (sweep_parts.hpp): each point's scenario is the base tree
// (resolved once, `set:` applied) with the point's values set in memory, validated; then the
// manifest, the resolved sweep text and its hash.
#include <fmt/format.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <optional>

#include "sim/rng/counter_rng.hpp"
#include "sim/scenario/scenario_tree.hpp"
#include "sim/sweep/sweep_parts.hpp"
#include "sim/yaml/scalar.hpp"
#include "sim/yaml/set.hpp"

namespace govsim::sim::sweep {

namespace detail {

namespace {

using yaml::Node;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int64_t kMaxRuns = 100'000'000;

double numeric_of(const ParamValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1.0 : 0.0;
  return kNaN;
}

// The base scenario's value at `path` (for list points that leave a column out).
ParamValue base_value(const Scenario& base, const std::string& path) {
  if (path == "steps") return int64_t{base.steps};
  if (path.rfind("params.", 0) == 0) return base.params.get(path.substr(7));
  if (path.rfind("network.", 0) == 0) return base.network.get(path.substr(8));
  const auto segs = yaml::split_path(path);
  if (segs.size() == 3 && segs[0] == "countermeasures") {
    const auto& cm = base.countermeasures.at(std::stoul(segs[1]));
    if (segs[2] == "intensity") return cm.intensity;
    if (segs[2] == "start_step") return cm.start_step;
    if (segs[2] == "phase_in") return cm.phase_in;
  }
  return std::string();
}

// One value a point sets: the node (its locations name the column's marker source), and
// where an error about it is reported.
struct PointValue {
  std::size_t column = 0;
  Node value;
};

// The values of point `p`; fills its overrides, values and the factors' observed ranges.
std::vector<PointValue> point_values(const Design& d, const Base& base, std::size_t p,
                                     const std::vector<yaml::SourcePtr>& markers, SweepPlan& plan) {
  const std::size_t k = d.columns.size();
  SweepPoint& pt = plan.points[p];
  pt.arm = point_name(p);
  pt.values.assign(k, kNaN);
  std::vector<PointValue> out;
  const bool sampled = plan.kind != design::Kind::kGrid && plan.kind != design::Kind::kList;
  for (std::size_t c = 0; c < k; ++c) {
    const Column& col = d.columns[c];
    std::optional<Node> node;
    double value = kNaN;
    if (plan.kind == design::Kind::kGrid) {
      const std::size_t l = d.grid_idx[p][c];
      node = col.levels[l];
      value = col.level_value[l];
    } else if (plan.kind == design::Kind::kList) {
      if (const Node* v = d.list_values[p][c]) {
        node = *v;
        value = numeric_of_node(*v);
      } else {
        value = numeric_of(base_value(*base.scenario, col.path));
      }
    } else {
      value = design::from_unit(col.factor, plan.unit[p * k + c]);
      node = Node::make_scalar(value_text(value, col.factor.integer), col.key_loc);
    }
    pt.values[c] = value;
    if (!sampled && std::isfinite(value)) {
      plan.factors[c].lo = std::min(plan.factors[c].lo, value);
      plan.factors[c].hi = std::max(plan.factors[c].hi, value);
    }
    if (!node) continue;
    pt.overrides.push_back(col.path + "=" + yaml::flow_text(*node));
    out.push_back({c, restamp(std::move(*node), markers[c])});
  }
  return out;
}

// Re-throws an error of point `p`'s scenario at what caused it: one of the point's values
// ("point p000003 (params.theta_mu=0.9): ..."), a `set:` entry, or else the design.
[[noreturn]] void relocate(const yaml::Error& e, const Design& d, const Base& base,
                           const std::vector<yaml::SourcePtr>& markers, const SweepPlan& plan,
                           std::size_t p) {
  const SweepPoint& pt = plan.points[p];
  for (std::size_t c = 0, i = 0; c < d.columns.size(); ++c) {
    const bool given = plan.kind != design::Kind::kList || d.list_values[p][c];
    if (!given) continue;
    if (e.loc().src == markers[c]) {
      const std::string key = plan.kind == design::Kind::kList
                                  ? fmt::format("sweep.design.points.{}.{}", p, d.columns[c].path)
                                  : "sweep.design.parameters." + d.columns[c].path;
      yaml::fail(e.loc(), key, fmt::format("point {} ({}): {}", pt.arm, pt.overrides[i], e.message()));
    }
    ++i;
  }
  for (const auto& s : base.sets)
    if (e.loc().src == s.marker) yaml::fail(e.loc(), s.key, e.message());
  yaml::fail(d.loc, "sweep.design", fmt::format("point {}: {}", pt.arm, e.what()));
}

}  // namespace

Node restamp(Node node, const yaml::SourcePtr& src) {
  node.loc.src = src;
  for (auto& l : node.key_locs) l.src = src;
  for (auto& item : node.items) item = restamp(std::move(item), src);
  return node;
}

std::string value_text(double x, bool integer) {
  if (integer) return fmt::format("{}", static_cast<int64_t>(std::llround(x)));
  return yaml::format_real(x);
}

double numeric_of_node(const Node& n) {
  if (!n.is_scalar() || !n.plain) return kNaN;
  if (n.scalar == "true") return 1.0;
  if (n.scalar == "false") return 0.0;
  double x = kNaN;
  if (yaml::looks_like_real(n.scalar) && yaml::parse_real(n.scalar, x)) return x;
  return kNaN;
}

void build_points(const Design& d, const Base& base, const Catalog& catalog, SweepPlan& plan) {
  const std::size_t n = d.n_points;
  const bool sampled = plan.kind != design::Kind::kGrid && plan.kind != design::Kind::kList;
  if (n == 0) yaml::fail(d.loc, "sweep.design", "the design has no points");
  if (n * plan.replicates > static_cast<std::size_t>(kMaxRuns))
    yaml::fail(d.loc, "sweep.design",
               fmt::format("{} points x {} replicates is more than {} runs", n, plan.replicates, kMaxRuns));
  std::vector<yaml::SourcePtr> markers;
  for (const auto& c : d.columns) {
    plan.columns.push_back(c.path);
    design::Factor f = c.factor;
    if (!sampled) {
      f.path = c.path;
      f.integer = c.def.type == ParamType::kInt;
      f.group = plan.columns.size() - 1;
      f.lo = kInf;
      f.hi = -kInf;
    }
    plan.factors.push_back(f);
    markers.push_back(std::make_shared<const yaml::Source>(*c.key_loc.src));
  }
  if (!sampled) plan.groups = plan.columns;

  plan.points.resize(n);
  std::vector<std::vector<PointValue>> values(n);
  for (std::size_t p = 0; p < n; ++p) values[p] = point_values(d, base, p, markers, plan);
  if (!sampled)
    for (auto& f : plan.factors)
      if (!(f.lo <= f.hi)) f.lo = f.hi = kNaN;

  // Each point: the base tree, its name, the sweep's seed and replicates, its values; then
  // validated (in parallel; the first failing point is reported).
  const yaml::Loc at = d.loc;
  const Node seed = Node::make_scalar(std::to_string(plan.seed), at);
  const Node reps = Node::make_scalar(std::to_string(plan.replicates), at);
  std::vector<std::exception_ptr> failures(n);
  oneapi::tbb::parallel_for(
      oneapi::tbb::blocked_range<std::size_t>(0, n, 16),
      [&](const oneapi::tbb::blocked_range<std::size_t>& range) {
        for (std::size_t p = range.begin(); p != range.end(); ++p) {
          try {
            Node tree = base.tree;
            tree.set("name", at, Node::make_scalar(plan.points[p].arm, at));
            tree.set("seed", at, seed);
            tree.set("replicates", at, reps);
            for (auto& v : values[p]) {
              const yaml::Loc& key = d.columns[v.column].key_loc;
              set_in_scenario(tree, yaml::split_path(plan.columns[v.column]), std::move(v.value),
                              yaml::Loc{markers[v.column], key.line, key.column});
            }
            plan.points[p].scenario = std::make_shared<const Scenario>(
                validate_scenario(tree, catalog, plan.base_file, plan.points[p].arm));
          } catch (...) {
            failures[p] = std::current_exception();
          }
        }
      });
  for (std::size_t p = 0; p < n; ++p) {
    if (!failures[p]) continue;
    try {
      std::rethrow_exception(failures[p]);
    } catch (const yaml::Error& e) {
      relocate(e, d, base, markers, plan, p);
    }
  }
  for (const auto& pt : plan.points)
    for (const auto& w : pt.scenario->warnings)
      if (std::find(plan.warnings.begin(), plan.warnings.end(), w) == plan.warnings.end() &&
          plan.warnings.size() < 50)
        plan.warnings.push_back(w);
}

void finish_plan(const Design& d, const Base& base, const Node& set_out, SweepPlan& plan) {
  const std::size_t n = plan.points.size();
  plan.runs.reserve(n * plan.replicates);
  for (uint32_t r = 0; r < plan.replicates; ++r)
    for (std::size_t p = 0; p < n; ++p)
      plan.runs.push_back({p, r, run_seed(plan.seed, r, plan.crn ? std::nullopt : std::optional<uint64_t>(p))});

  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "sweep" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value;
  yaml::emit_string(out, plan.name);
  if (!plan.description.empty()) {
    out << YAML::Key << "description" << YAML::Value;
    yaml::emit_string(out, plan.description);
  }
  out << YAML::Key << "base" << YAML::Value;
  yaml::emit_string(out, absolute_path("", plan.base_file));
  out << YAML::Key << "model" << YAML::Value;
  yaml::emit_string(out, plan.model);
  out << YAML::Key << "replicates" << YAML::Value << std::to_string(plan.replicates);
  out << YAML::Key << "seed" << YAML::Value << std::to_string(plan.seed);
  out << YAML::Key << "crn" << YAML::Value << (plan.crn ? "true" : "false");
  if (!set_out.keys.empty()) {
    out << YAML::Key << "set" << YAML::Value;
    yaml::emit(out, set_out);
  }
  out << YAML::Key << "design" << YAML::Value << YAML::Load(d.resolved);  // nests as a map
  out << YAML::EndMap;
  out << YAML::Key << "output" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "per_community" << YAML::Value
      << (plan.output.per_community ? "true" : "false");
  out << YAML::EndMap << YAML::EndMap;
  plan.resolved_yaml = std::string(out.c_str()) + "\n";
  plan.base_yaml = base.scenario->resolved_yaml;
  plan.hash = text_hash("govsim-sweep 1\n" + plan.resolved_yaml + "\n--- base\n" + plan.base_yaml);
}

}  // namespace detail

namespace {

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t mix_hash(const std::string& s) {
  uint64_t h = 0x243f6a8885a308d3ULL ^ s.size();
  for (std::size_t i = 0; i < s.size(); i += 8) {
    uint64_t w = 0;
    for (std::size_t k = 0; k < 8 && i + k < s.size(); ++k)
      w |= uint64_t{static_cast<unsigned char>(s[i + k])} << (8 * k);
    h = splitmix64(h ^ w);
  }
  return h;
}

}  // namespace

std::string point_name(std::size_t point) { return fmt::format("p{:06d}", point); }

std::string text_hash(const std::string& text) {
  return fmt::format("{:016x}{:016x}", fnv1a(text), mix_hash(text));
}

}  // namespace govsim::sim::sweep
