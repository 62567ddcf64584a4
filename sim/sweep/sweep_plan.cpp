// Sweep files: parsing (yaml_tree, for line/column-aware errors and duplicate keys), parameter
// paths and ranges, design expansion (sim/design), per-point validation through the scenario
// loader, the manifest and the resolved text + hash that a resume is checked against.
#include "sim/sweep/sweep_plan.hpp"

#include <fmt/format.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <system_error>

#include "sim/core/error.hpp"
#include "sim/rng/counter_rng.hpp"
#include "sim/scenario/suggest.hpp"
#include "sim/scenario/yaml_tree.hpp"

namespace govsim::sim::sweep {

namespace {

namespace fs = std::filesystem;
using detail::describe;
using detail::throw_at;
using detail::YamlLoc;
using detail::YamlNode;
using detail::YamlSource;
using detail::YamlSourcePtr;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int64_t kMaxRuns = 100'000'000;

const std::vector<std::string> kTopKeys = {"sweep", "output"};
const std::vector<std::string> kSweepKeys = {"name", "description", "base", "replicates",
                                             "seed", "crn", "set", "design"};
const std::vector<std::string> kOutputKeys = {"path", "per_community"};
const std::vector<std::string> kDesignTypes = {"grid", "list", "lhs", "sobol", "morris"};
const std::vector<std::string> kSampledKeys = {"from", "to", "scale", "group"};
const std::vector<std::string> kGridRangeKeys = {"from", "to", "steps", "scale"};

// ---- small helpers -------------------------------------------------------------------------

// a * b, saturating at SIZE_MAX (point counts are checked before anything is allocated).
std::size_t mul_sat(std::size_t a, std::size_t b) {
  if (a != 0 && b > std::numeric_limits<std::size_t>::max() / a)
    return std::numeric_limits<std::size_t>::max();
  return a * b;
}

// Refuses a design of more than `max_points` points (SweepLoadOptions::max_points).
void check_points(std::size_t n, std::size_t max_points, const YamlLoc& loc, const std::string& key,
                  const std::string& how) {
  if (n <= max_points) return;
  const std::string count = n == std::numeric_limits<std::size_t>::max() ? std::string("too many")
                                                                          : std::to_string(n);
  throw_at(loc, key,
           fmt::format("{} gives {} points, more than the {} a sweep may have (each point's "
                       "scenario is checked and kept in memory before the first run): split the "
                       "sweep",
                       how, count, max_points));
}

std::string join_key(const std::string& a, const std::string& b) {
  return a.empty() ? b : a + "." + b;
}

std::string join_names(const std::vector<std::string>& names, const char* sep = ", ") {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? sep : "") + names[i];
  return out;
}

std::string unknown(const std::string& what, const std::string& name,
                    const std::vector<std::string>& candidates) {
  std::string msg = fmt::format("unknown {} '{}'", what, name);
  const std::string hint = did_you_mean(name, candidates);
  if (!hint.empty()) return msg + hint;
  if (!candidates.empty() && candidates.size() <= 12)
    return msg + " (valid: " + join_names(candidates) + ")";
  return msg;
}

void check_keys(const YamlNode& map, const std::string& key,
                const std::vector<std::string>& allowed) {
  for (std::size_t i = 0; i < map.keys.size(); ++i)
    if (std::find(allowed.begin(), allowed.end(), map.keys[i]) == allowed.end())
      throw_at(map.key_locs[i], join_key(key, map.keys[i]), unknown("key", map.keys[i], allowed));
}

void require_map(const YamlNode& n, const std::string& key) {
  if (!n.is_map()) throw_at(n.loc, key, "expected a map, found " + describe(n));
}

std::string read_string(const YamlNode& n, const std::string& key) {
  if (!n.is_scalar()) throw_at(n.loc, key, "expected a string, found " + describe(n));
  return n.scalar;
}

int64_t read_int(const YamlNode& n, const std::string& key, int64_t lo, int64_t hi) {
  int64_t x = 0;
  if (!n.is_scalar() || !n.plain || !detail::looks_like_int(n.scalar))
    throw_at(n.loc, key, "expected an integer, found " + describe(n));
  if (!detail::parse_int(n.scalar, x))
    throw_at(n.loc, key, fmt::format("{} is out of the range of an integer", n.scalar));
  if (x < lo || x > hi) {
    if (hi == std::numeric_limits<int64_t>::max())
      throw_at(n.loc, key, fmt::format("expected an integer >= {}, found {}", lo, x));
    throw_at(n.loc, key, fmt::format("expected an integer in [{}, {}], found {}", lo, hi, x));
  }
  return x;
}

double read_real(const YamlNode& n, const std::string& key) {
  double x = 0.0;
  if (!n.is_scalar() || !n.plain || !detail::looks_like_real(n.scalar))
    throw_at(n.loc, key, "expected a number, found " + describe(n));
  if (!detail::parse_real(n.scalar, x) || !std::isfinite(x))
    throw_at(n.loc, key, fmt::format("{} is not a finite number", n.scalar));
  return x;
}

bool read_bool(const YamlNode& n, const std::string& key) {
  if (n.is_scalar() && n.plain && n.scalar == "true") return true;
  if (n.is_scalar() && n.plain && n.scalar == "false") return false;
  throw_at(n.loc, key, "expected true or false, found " + describe(n));
}

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw InputError(SourceLocation{}, "", fmt::format("cannot open sweep file '{}': it is a folder", path));
  errno = 0;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f)
    throw InputError(SourceLocation{}, "",
                     fmt::format("cannot open sweep file '{}': {}", path,
                                 std::error_code(errno ? errno : ENOENT, std::generic_category()).message()));
  std::string text;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  return text;
}

// A node as override text ("0.5", "fractional", "\"0.5\"", "[0.2, 0.3]").
std::string node_text(const YamlNode& n) {
  if (n.is_scalar() && n.plain) return n.scalar;
  YAML::Emitter out;
  out << YAML::Flow;
  detail::emit(out, n);
  return out.c_str();
}

// The number a scalar value stands for in the design matrix (NaN when not numeric).
double numeric_of_node(const YamlNode& n) {
  if (!n.is_scalar() || !n.plain) return kNaN;
  if (n.scalar == "true") return 1.0;
  if (n.scalar == "false") return 0.0;
  double x = kNaN;
  if (detail::looks_like_real(n.scalar) && detail::parse_real(n.scalar, x)) return x;
  return kNaN;
}

double numeric_of(const ParamValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1.0 : 0.0;
  return kNaN;
}

// Text for a design value of a numeric parameter: integers without a point, reals exact.
std::string value_text(double x, bool integer) {
  if (integer) return fmt::format("{}", static_cast<int64_t>(std::llround(x)));
  return detail::format_real(x);
}

// ---- --set overrides of the sweep file -----------------------------------------------------

using detail::split_path;
using detail::trim;

// Sets `segs` in `root`. Keys may contain dots (parameter paths): at each map the longest run
// of segments that names an existing key is taken; a new key under `parameters` takes all the
// remaining segments except a trailing range key.
void apply_set(YamlNode& root, const std::vector<std::string>& segs, YamlNode value,
               const YamlLoc& loc) {
  YamlNode* cur = &root;
  std::size_t i = 0;
  std::string parent_key;
  while (i < segs.size()) {
    if (cur->is_null()) *cur = YamlNode::make_map(loc);
    if (cur->is_sequence()) {
      int64_t index = -1;
      if (!detail::parse_int(segs[i], index) || index < 0 ||
          static_cast<std::size_t>(index) >= cur->items.size())
        throw_at(loc, "", fmt::format("'{}' is not an index of the sequence", segs[i]));
      cur = &cur->items[static_cast<std::size_t>(index)];
      parent_key = segs[i];
      ++i;
      continue;
    }
    if (!cur->is_map()) throw_at(loc, "", fmt::format("cannot set '{}': not a map", segs[i]));
    std::size_t take = 0;
    for (std::size_t n = segs.size() - i; n >= 1; --n) {
      std::vector<std::string> part(segs.begin() + static_cast<std::ptrdiff_t>(i),
                                    segs.begin() + static_cast<std::ptrdiff_t>(i + n));
      if (cur->find(join_names(part, "."))) {
        take = n;
        break;
      }
    }
    if (take == 0) {
      take = 1;
      if (parent_key == "parameters" || parent_key == "set") {
        take = segs.size() - i;
        const std::string& last = segs.back();
        if (take > 1 && (last == "from" || last == "to" || last == "steps" || last == "scale" ||
                         last == "group"))
          --take;
      }
    }
    std::vector<std::string> part(segs.begin() + static_cast<std::ptrdiff_t>(i),
                                  segs.begin() + static_cast<std::ptrdiff_t>(i + take));
    const std::string key = join_names(part, ".");
    i += take;
    if (i == segs.size()) {
      cur->set(key, loc, std::move(value));
      return;
    }
    if (!cur->find(key)) cur->set(key, loc, YamlNode::make_map(loc));
    cur = cur->find(key);
    parent_key = key;
  }
}

// ---- parameter paths -----------------------------------------------------------------------

struct Target {
  std::string path;
  ParamDef def;  // type, hard domain, typical range (def.name = the path)
};

ParamDef int_def(const std::string& name, double lo, double hi) {
  ParamDef d;
  d.name = name;
  d.type = ParamType::kInt;
  d.default_value = int64_t{0};
  d.lo = lo;
  d.hi = hi;
  return d;
}

// Every path a sweep may set, for the base scenario.
std::vector<Target> sweepable(const Scenario& base, const Catalog& catalog) {
  std::vector<Target> out;
  out.push_back({"steps", int_def("steps", 1, 10'000'000)});
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
    ParamDef in;
    in.name = p + "intensity";
    in.type = ParamType::kReal;
    in.lo = 0.0;
    in.hi = 1.0;
    in.typical_lo = 0.0;
    in.typical_hi = 1.0;
    in.doc = "intensity of countermeasure " + base.countermeasures[i].type;
    out.push_back({in.name, in});
    out.push_back({p + "start_step", int_def(p + "start_step", 0, kInf)});
    out.push_back({p + "phase_in", int_def(p + "phase_in", 0, kInf)});
  }
  return out;
}

// The base scenario's value at `path` (for list points that leave a column out).
ParamValue base_value(const Scenario& base, const std::string& path) {
  if (path == "steps") return int64_t{base.steps};
  if (path.rfind("params.", 0) == 0) return base.params.get(path.substr(7));
  if (path.rfind("network.", 0) == 0) return base.network.get(path.substr(8));
  const auto segs = split_path(path);
  if (segs.size() == 3 && segs[0] == "countermeasures") {
    const auto& cm = base.countermeasures.at(std::stoul(segs[1]));
    if (segs[2] == "intensity") return cm.intensity;
    if (segs[2] == "start_step") return cm.start_step;
    if (segs[2] == "phase_in") return cm.phase_in;
  }
  return std::string();
}

bool is_numeric(const ParamDef& d) { return d.type == ParamType::kReal || d.type == ParamType::kInt; }

// ---- the plan being built ------------------------------------------------------------------

struct Column {
  std::string path;
  ParamDef def;
  YamlLoc key_loc;
  std::string group;
  design::Factor factor;
  // grid: the levels (text for the override, number for the matrix, where written)
  std::vector<std::string> level_text;
  std::vector<double> level_value;
  std::vector<YamlLoc> level_loc;
};

struct Builder {
  const Catalog& catalog;
  ScenarioPtr base;
  std::vector<Target> targets;
  std::vector<Column> columns;
  // list design: per point, per column: the value node (nullptr = not given)
  std::vector<std::vector<const YamlNode*>> list_values;
  YamlLoc design_loc;
};

const Target& find_target(const Builder& b, const std::string& path, const YamlLoc& loc,
                          const std::string& key, bool numeric_only) {
  for (const auto& t : b.targets) {
    if (t.path != path) continue;
    if (numeric_only && !is_numeric(t.def))
      throw_at(loc, key,
               fmt::format("'{}' is a {} parameter: a range needs a real or integer parameter "
                           "(use a grid or list of values)",
                           path, to_string(t.def.type)));
    return t;
  }
  std::vector<std::string> names;
  for (const auto& t : b.targets)
    if (!numeric_only || is_numeric(t.def)) names.push_back(t.path);
  std::string msg = fmt::format("unknown parameter path '{}'", path);
  const std::string hint = did_you_mean(path, names);
  if (!hint.empty()) {
    msg += hint;
  } else if (path.rfind("params.", 0) != 0 && path.rfind("network.", 0) != 0 &&
             path.rfind("countermeasures.", 0) != 0 && path != "steps") {
    msg += " (paths start with params., network. or countermeasures.I., or are steps)";
  } else if (path.rfind("countermeasures.", 0) == 0) {
    msg += fmt::format(" (the base scenario has {} countermeasures; keys intensity, start_step, "
                       "phase_in)",
                       b.base->countermeasures.size());
  } else if (path.rfind("network.", 0) == 0 && !b.base->has_network()) {
    msg += " (the base scenario has no network)";
  }
  throw_at(loc, key, msg);
}

// Checks [from, to] against the hard domain of `def`.
void check_range(const ParamDef& def, double from, double to, design::Scale scale,
                 const YamlLoc& loc, const std::string& key) {
  if (!(from < to))
    throw_at(loc, key, fmt::format("empty range: from ({}) must be below to ({})",
                                   detail::format_real(from), detail::format_real(to)));
  const bool lo_bad = from < def.lo || (def.lo_open && from == def.lo);
  const bool hi_bad = to > def.hi || (def.hi_open && to == def.hi);
  if (lo_bad || hi_bad)
    throw_at(loc, key,
             fmt::format("range [{}, {}] is outside the domain {} of {}", detail::format_real(from),
                         detail::format_real(to), def.domain_text(), def.name));
  if (scale == design::Scale::kLog && !(from > 0.0))
    throw_at(loc, key, fmt::format("scale: log needs a range above 0, found from = {}",
                                   detail::format_real(from)));
  if (def.type == ParamType::kInt && std::ceil(from) > std::floor(to))
    throw_at(loc, key, fmt::format("range [{}, {}] holds no integer", detail::format_real(from),
                                   detail::format_real(to)));
}

design::Scale read_scale(const YamlNode& n, const std::string& key) {
  const std::string s = read_string(n, key);
  if (s == "linear") return design::Scale::kLinear;
  if (s == "log") return design::Scale::kLog;
  throw_at(n.loc, key, unknown("scale", s, {"linear", "log"}));
}

// A sampled-design parameter entry: null/{} or {from, to, scale, group}.
Column sampled_column(const Builder& b, const std::string& path, const YamlLoc& key_loc,
                      const YamlNode* entry, const std::string& key) {
  const Target& t = find_target(b, path, key_loc, key, true);
  Column c;
  c.path = path;
  c.def = t.def;
  c.key_loc = key_loc;
  c.group = path;
  double from = t.def.typical_lo, to = t.def.typical_hi;
  design::Scale scale = design::Scale::kLinear;
  const YamlNode* from_node = nullptr;
  const YamlNode* to_node = nullptr;
  YamlLoc range_loc = key_loc;
  if (entry && !entry->is_null()) {
    require_map(*entry, key);
    check_keys(*entry, key, kSampledKeys);
    range_loc = entry->loc;
    if ((from_node = entry->find("from"))) from = read_real(*from_node, key + ".from");
    if ((to_node = entry->find("to"))) to = read_real(*to_node, key + ".to");
    if (const YamlNode* s = entry->find("scale")) scale = read_scale(*s, key + ".scale");
    if (const YamlNode* g = entry->find("group")) {
      c.group = read_string(*g, key + ".group");
      if (c.group.empty()) throw_at(g->loc, key + ".group", "expected a group name, found ''");
    }
  }
  if (!std::isfinite(from) || !std::isfinite(to)) {
    throw_at(range_loc, key,
             fmt::format("{} has no typical range: give the range as {{from: A, to: B}} (domain "
                         "{})",
                         path, t.def.domain_text()));
  }
  check_range(t.def, from, to, scale, range_loc, key);
  c.factor.path = path;
  c.factor.lo = from;
  c.factor.hi = to;
  c.factor.scale = scale;
  c.factor.integer = t.def.type == ParamType::kInt;
  return c;
}

// A grid parameter: a sequence of values or {from, to, steps, scale}.
Column grid_column(const Builder& b, const std::string& path, const YamlLoc& key_loc,
                   const YamlNode& entry, const std::string& key) {
  Column c;
  c.path = path;
  c.key_loc = key_loc;
  c.group = path;
  if (entry.is_sequence()) {
    const Target& t = find_target(b, path, key_loc, key, false);
    c.def = t.def;
    if (entry.items.empty()) throw_at(entry.loc, key, "expected at least one value");
    for (std::size_t i = 0; i < entry.items.size(); ++i) {
      const YamlNode& v = entry.items[i];
      c.level_text.push_back(node_text(v));
      c.level_value.push_back(numeric_of_node(v));
      c.level_loc.push_back(v.loc);
    }
  } else if (entry.is_map()) {
    const Target& t = find_target(b, path, key_loc, key, true);
    c.def = t.def;
    check_keys(entry, key, kGridRangeKeys);
    double from = t.def.typical_lo, to = t.def.typical_hi;
    if (const YamlNode* f = entry.find("from")) from = read_real(*f, key + ".from");
    if (const YamlNode* f = entry.find("to")) to = read_real(*f, key + ".to");
    design::Scale scale = design::Scale::kLinear;
    if (const YamlNode* s = entry.find("scale")) scale = read_scale(*s, key + ".scale");
    const YamlNode* steps_node = entry.find("steps");
    if (!steps_node) throw_at(entry.loc, key, "missing required key 'steps' (number of values)");
    const auto steps = static_cast<std::size_t>(read_int(*steps_node, key + ".steps", 1, 1'000'000));
    if (!std::isfinite(from) || !std::isfinite(to))
      throw_at(entry.loc, key,
               fmt::format("{} has no typical range: give from and to (domain {})", path,
                           t.def.domain_text()));
    if (steps > 1) check_range(t.def, from, to, scale, entry.loc, key);
    const bool integer = t.def.type == ParamType::kInt;
    std::vector<double> xs = design::linspace(from, to, steps, scale);
    std::set<double> seen;
    for (double x : xs) {
      if (integer) x = std::round(x);
      if (!seen.insert(x).second) continue;  // integer rounding can merge levels
      c.level_text.push_back(value_text(x, integer));
      c.level_value.push_back(x);
      c.level_loc.push_back(entry.loc);
    }
  } else {
    throw_at(entry.loc, key,
             "expected a list of values or {from, to, steps}, found " + describe(entry));
  }
  return c;
}

// ---- resolved text -------------------------------------------------------------------------

void emit_factor(YAML::Emitter& out, const Column& c) {
  out << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "from" << YAML::Value << detail::format_real(c.factor.lo);
  out << YAML::Key << "to" << YAML::Value << detail::format_real(c.factor.hi);
  out << YAML::Key << "scale" << YAML::Value
      << (c.factor.scale == design::Scale::kLog ? "log" : "linear");
  out << YAML::Key << "group" << YAML::Value;
  detail::emit_string(out, c.group);
  out << YAML::EndMap;
}

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

SweepPlan load_sweep(const std::string& path, const Catalog& catalog,
                     const SweepLoadOptions& options) {
  const std::string text = read_file(path);
  const std::string dir = fs::path(path).parent_path().string();
  const YamlSourcePtr src = std::make_shared<const YamlSource>(YamlSource{path, dir, {}});
  std::optional<YamlNode> parsed = detail::parse_yaml(text, src);
  if (!parsed) throw_at(YamlLoc{src, 1, 1}, "", "file is empty");
  YamlNode root = std::move(*parsed);
  if (!root.is_map())
    throw_at(root.loc, "", "expected a map at the top level, found " + describe(root));

  // --set: sweep.* and output.* change the file; the rest go to every point.
  std::vector<detail::SetArgument> point_sets;
  for (const auto& o : options.overrides) {
    detail::SetArgument a = detail::parse_set_argument(o.text);
    const auto& segs = a.path;
    if (segs.front() == "sweep" || segs.front() == "output") {
      if (segs.size() == 1) throw_at(a.key_loc, "", "expected a key below " + segs.front());
      apply_set(root, segs, std::move(a.value), a.key_loc);
    } else {
      point_sets.push_back(std::move(a));
    }
  }

  check_keys(root, "", kTopKeys);
  const YamlNode* sw = root.find("sweep");
  if (!sw) throw_at(root.loc, "", "missing required key 'sweep'");
  require_map(*sw, "sweep");
  check_keys(*sw, "sweep", kSweepKeys);

  SweepPlan plan;
  plan.file = path;
  plan.name = fs::path(path).stem().string();
  if (const YamlNode* n = sw->find("name")) plan.name = read_string(*n, "sweep.name");
  if (plan.name.empty()) throw_at(sw->find("name")->loc, "sweep.name", "expected a name, found ''");
  if (const YamlNode* n = sw->find("description"))
    plan.description = read_string(*n, "sweep.description");

  // The base scenario with the sweep's `set:` (and the point-wide --set) applied.
  const YamlNode* base_node = sw->find("base");
  if (!base_node) throw_at(sw->loc, "sweep", "missing required key 'base' (the base scenario file)");
  const std::string base_rel = read_string(*base_node, "sweep.base");
  if (base_rel.empty()) throw_at(base_node->loc, "sweep.base", "expected a file path, found ''");
  {
    fs::path p(base_rel);
    const std::string base_dir = base_node->loc.src && base_node->loc.src->set_text.empty() ? dir : "";
    if (!p.is_absolute() && !base_dir.empty()) p = fs::path(base_dir) / p;
    plan.base_file = p.lexically_normal().string();
  }
  std::error_code ec;
  if (!fs::is_regular_file(plan.base_file, ec))
    throw_at(base_node->loc, "sweep.base",
             fmt::format("cannot open base scenario '{}': {}", plan.base_file,
                         fs::exists(plan.base_file, ec) ? "not a regular file" : "no such file"));

  struct SetEntry {
    std::string text;  // "path=value"
    YamlLoc loc;
    std::string key;
  };
  std::vector<SetEntry> sets;
  YamlNode set_out = YamlNode::make_map(sw->loc);
  if (const YamlNode* s = sw->find("set")) {
    require_map(*s, "sweep.set");
    for (std::size_t i = 0; i < s->keys.size(); ++i) {
      const std::string k = trim(s->keys[i]);
      const auto segs = split_path(k);
      if (segs.empty()) throw_at(s->key_locs[i], "sweep.set." + s->keys[i], "expected a key path such as params.theta_mu");
      if (segs[0] == "seed" || segs[0] == "replicates" || segs[0] == "name")
        throw_at(s->key_locs[i], "sweep.set." + k,
                 fmt::format("{0} of a sweep is set by sweep.{0}", segs[0]));
      sets.push_back({k + "=" + node_text(s->items[i]), s->items[i].loc, "sweep.set." + k});
      set_out.set(k, s->key_locs[i], s->items[i]);
    }
  }
  for (const auto& a : point_sets) {
    sets.push_back({a.path_text + "=" + node_text(a.value), a.key_loc, a.path_text});
    set_out.set(a.path_text, a.key_loc, a.value);
  }

  std::vector<Override> base_overrides;
  for (const auto& s : sets) base_overrides.push_back({s.text});
  auto load_with = [&](const std::vector<Override>& ov) {
    try {
      return load_scenario(plan.base_file, catalog, ov);
    } catch (const InputError& e) {
      const std::string msg = e.what();
      for (const auto& s : sets) {
        const std::string prefix = fmt::format("--set '{}': ", s.text);
        if (msg.rfind(prefix, 0) == 0) throw_at(s.loc, s.key, msg.substr(prefix.size()));
      }
      throw;
    }
  };
  const ScenarioPtr base = load_with(base_overrides);
  plan.model = base->model;

  plan.seed = base->seed;
  if (const YamlNode* n = sw->find("seed"))
    plan.seed = static_cast<uint64_t>(read_int(*n, "sweep.seed", 0, std::numeric_limits<int64_t>::max()));
  plan.replicates = base->replicates;
  if (const YamlNode* n = sw->find("replicates"))
    plan.replicates = static_cast<uint32_t>(read_int(*n, "sweep.replicates", 1, 100'000));
  if (options.replicates > 0) plan.replicates = static_cast<uint32_t>(options.replicates);
  if (const YamlNode* n = sw->find("crn")) plan.crn = read_bool(*n, "sweep.crn");

  plan.output.per_community = base->output.per_community;
  if (const YamlNode* o = root.find("output")) {
    require_map(*o, "output");
    check_keys(*o, "output", kOutputKeys);
    if (const YamlNode* p = o->find("path")) plan.output.path = read_string(*p, "output.path");
    if (const YamlNode* p = o->find("per_community"))
      plan.output.per_community = read_bool(*p, "output.per_community");
  }

  // ---- design ------------------------------------------------------------------------------
  const YamlNode* dn = sw->find("design");
  if (!dn) throw_at(sw->loc, "sweep", "missing required key 'design'");
  require_map(*dn, "sweep.design");
  const YamlNode* type_node = dn->find("type");
  if (!type_node)
    throw_at(dn->loc, "sweep.design", "missing required key 'type' (grid, list, lhs, sobol or morris)");
  const std::string type = read_string(*type_node, "sweep.design.type");
  if (type == "grid") plan.kind = design::Kind::kGrid;
  else if (type == "list") plan.kind = design::Kind::kList;
  else if (type == "lhs") plan.kind = design::Kind::kLhs;
  else if (type == "sobol") plan.kind = design::Kind::kSobol;
  else if (type == "morris") plan.kind = design::Kind::kMorris;
  else throw_at(type_node->loc, "sweep.design.type", unknown("design type", type, kDesignTypes));

  Builder b{catalog, base, sweepable(*base, catalog), {}, {}, dn->loc};
  const bool sampled = plan.kind == design::Kind::kLhs || plan.kind == design::Kind::kSobol ||
                       plan.kind == design::Kind::kMorris;
  std::vector<std::string> allowed = {"type"};
  switch (plan.kind) {
    case design::Kind::kGrid: allowed.insert(allowed.end(), {"parameters"}); break;
    case design::Kind::kList: allowed.insert(allowed.end(), {"points"}); break;
    case design::Kind::kLhs: allowed.insert(allowed.end(), {"n", "parameters", "select"}); break;
    case design::Kind::kSobol: allowed.insert(allowed.end(), {"n", "parameters", "select"}); break;
    case design::Kind::kMorris:
      allowed.insert(allowed.end(), {"trajectories", "levels", "parameters", "select"});
      break;
  }
  check_keys(*dn, "sweep.design", allowed);

  YAML::Emitter design_out;  // the resolved design
  design_out << YAML::BeginMap << YAML::Key << "type" << YAML::Value << type;

  std::size_t n_points = 0;
  std::vector<std::vector<std::size_t>> grid_idx;
  if (plan.kind == design::Kind::kGrid) {
    const YamlNode* ps = dn->find("parameters");
    if (!ps) throw_at(dn->loc, "sweep.design", "missing required key 'parameters'");
    require_map(*ps, "sweep.design.parameters");
    if (ps->keys.empty()) throw_at(ps->loc, "sweep.design.parameters", "expected at least one parameter");
    std::vector<std::size_t> levels;
    std::size_t product = 1;
    std::string how;
    for (std::size_t i = 0; i < ps->keys.size(); ++i) {
      const std::string key = "sweep.design.parameters." + ps->keys[i];
      b.columns.push_back(grid_column(b, ps->keys[i], ps->key_locs[i], ps->items[i], key));
      levels.push_back(b.columns.back().level_text.size());
      product = mul_sat(product, levels.back());
      how += fmt::format("{}{} level(s) of {}", i ? " x " : "", levels.back(), ps->keys[i]);
      check_points(product, options.max_points, ps->key_locs[i], key, "the grid of " + how);
    }
    grid_idx = design::grid_indices(levels);
    n_points = grid_idx.size();
    design_out << YAML::Key << "parameters" << YAML::Value << YAML::BeginMap;
    for (const auto& c : b.columns) {
      design_out << YAML::Key << c.path << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const auto& t : c.level_text) design_out << t;
      design_out << YAML::EndSeq;
    }
    design_out << YAML::EndMap;
  } else if (plan.kind == design::Kind::kList) {
    const YamlNode* pts = dn->find("points");
    if (!pts) throw_at(dn->loc, "sweep.design", "missing required key 'points'");
    if (!pts->is_sequence())
      throw_at(pts->loc, "sweep.design.points", "expected a sequence of maps, found " + describe(*pts));
    if (pts->items.empty()) throw_at(pts->loc, "sweep.design.points", "expected at least one point");
    std::map<std::string, std::size_t> col_index;
    for (std::size_t p = 0; p < pts->items.size(); ++p) {
      const YamlNode& pt = pts->items[p];
      const std::string pkey = fmt::format("sweep.design.points.{}", p);
      require_map(pt, pkey);
      for (std::size_t i = 0; i < pt.keys.size(); ++i) {
        if (col_index.count(pt.keys[i])) continue;
        const Target& t = find_target(b, pt.keys[i], pt.key_locs[i], pkey + "." + pt.keys[i], false);
        Column c;
        c.path = t.path;
        c.def = t.def;
        c.key_loc = pt.key_locs[i];
        c.group = t.path;
        col_index[t.path] = b.columns.size();
        b.columns.push_back(std::move(c));
      }
    }
    b.list_values.assign(pts->items.size(), std::vector<const YamlNode*>(b.columns.size(), nullptr));
    for (std::size_t p = 0; p < pts->items.size(); ++p) {
      const YamlNode& pt = pts->items[p];
      for (std::size_t i = 0; i < pt.keys.size(); ++i) b.list_values[p][col_index[pt.keys[i]]] = &pt.items[i];
    }
    n_points = pts->items.size();
    design_out << YAML::Key << "points" << YAML::Value << YAML::BeginSeq;
    for (std::size_t p = 0; p < n_points; ++p) {
      design_out << YAML::Flow << YAML::BeginMap;
      for (std::size_t c = 0; c < b.columns.size(); ++c) {
        if (!b.list_values[p][c]) continue;
        design_out << YAML::Key << b.columns[c].path << YAML::Value << node_text(*b.list_values[p][c]);
      }
      design_out << YAML::EndMap;
    }
    design_out << YAML::EndSeq;
  } else {
    // Sampled designs: explicit parameters, then `select`.
    std::set<std::string> have;
    if (const YamlNode* ps = dn->find("parameters")) {
      if (!ps->is_null()) {
        require_map(*ps, "sweep.design.parameters");
        for (std::size_t i = 0; i < ps->keys.size(); ++i) {
          const std::string key = "sweep.design.parameters." + ps->keys[i];
          b.columns.push_back(sampled_column(b, ps->keys[i], ps->key_locs[i], &ps->items[i], key));
          have.insert(ps->keys[i]);
        }
      }
    }
    if (const YamlNode* sel = dn->find("select")) {
      require_map(*sel, "sweep.design.select");
      check_keys(*sel, "sweep.design.select", {"basis", "exclude"});
      const YamlNode* basis = sel->find("basis");
      if (!basis) throw_at(sel->loc, "sweep.design.select", "missing required key 'basis' (e.g. \"[A]\")");
      const std::string tag = read_string(*basis, "sweep.design.select.basis");
      std::set<std::string> excluded;
      if (const YamlNode* ex = sel->find("exclude")) {
        if (!ex->is_sequence())
          throw_at(ex->loc, "sweep.design.select.exclude", "expected a sequence of parameter paths, found " + describe(*ex));
        for (std::size_t i = 0; i < ex->items.size(); ++i) {
          const std::string p = read_string(ex->items[i], fmt::format("sweep.design.select.exclude.{}", i));
          find_target(b, p, ex->items[i].loc, fmt::format("sweep.design.select.exclude.{}", i), false);
          excluded.insert(p);
        }
      }
      std::vector<std::string> skipped;
      std::size_t added = 0;
      for (const auto& t : b.targets) {
        if (t.path.rfind("params.", 0) != 0 || !is_numeric(t.def)) continue;
        if (t.def.basis.find(tag) == std::string::npos) continue;
        if (have.count(t.path) || excluded.count(t.path)) continue;
        if (!t.def.has_typical()) {
          skipped.push_back(t.path);
          continue;
        }
        b.columns.push_back(sampled_column(b, t.path, basis->loc, nullptr, "sweep.design.select"));
        have.insert(t.path);
        ++added;
      }
      if (added == 0 && have.empty())
        throw_at(basis->loc, "sweep.design.select.basis",
                 fmt::format("no numeric parameter of model '{}' with a typical range has basis "
                             "'{}'",
                             base->model, tag));
      if (!skipped.empty())
        plan.warnings.push_back(fmt::format(
            "select: left out {} parameter(s) with basis '{}' but no typical range: {} (give "
            "them a range under parameters: to include them)",
            skipped.size(), tag, join_names(skipped)));
    }
    if (b.columns.empty())
      throw_at(dn->loc, "sweep.design", "missing required key 'parameters' (or 'select')");

    // Groups in order of first appearance.
    std::vector<std::size_t> group_of;
    for (auto& c : b.columns) {
      auto it = std::find(plan.groups.begin(), plan.groups.end(), c.group);
      if (it == plan.groups.end()) {
        plan.groups.push_back(c.group);
        it = plan.groups.end() - 1;
      }
      c.factor.group = static_cast<std::size_t>(it - plan.groups.begin());
      group_of.push_back(c.factor.group);
    }
    for (const auto& g : plan.groups) {
      for (const auto& c : b.columns) {
        if (c.group == g || c.path != g) continue;
        throw_at(c.key_loc, "sweep.design.parameters." + c.path + ".group",
                 fmt::format("group name '{}' is also the path of a parameter in another group", g));
      }
    }

    if (plan.kind == design::Kind::kLhs) {
      const YamlNode* nn = dn->find("n");
      if (!nn) throw_at(dn->loc, "sweep.design", "missing required key 'n' (number of points)");
      const auto n = static_cast<std::size_t>(read_int(*nn, "sweep.design.n", 1, 10'000'000));
      check_points(n, options.max_points, nn->loc, "sweep.design.n", fmt::format("n = {}", n));
      plan.unit = design::lhs_unit(n, b.columns.size(), plan.seed);
      n_points = n;
      design_out << YAML::Key << "n" << YAML::Value << std::to_string(n);
    } else if (plan.kind == design::Kind::kSobol) {
      const YamlNode* nn = dn->find("n");
      if (!nn) throw_at(dn->loc, "sweep.design", "missing required key 'n' (base samples N; N (groups + 2) points)");
      const auto n = static_cast<std::size_t>(read_int(*nn, "sweep.design.n", 2, 10'000'000));
      if ((n & (n - 1)) != 0)
        plan.warnings.push_back(fmt::format(
            "sweep.design.n = {} is not a power of 2: Sobol' points are best balanced at powers "
            "of 2",
            n));
      check_points(mul_sat(n, plan.groups.size() + 2), options.max_points, nn->loc, "sweep.design.n",
                   fmt::format("n = {} with {} group(s)", n, plan.groups.size()));
      plan.saltelli = design::saltelli_design(n, group_of, plan.groups.size());
      plan.unit = std::move(plan.saltelli.unit);
      plan.saltelli.unit.clear();
      n_points = plan.saltelli.sample.size();
      design_out << YAML::Key << "n" << YAML::Value << std::to_string(n);
    } else {
      const YamlNode* rn = dn->find("trajectories");
      if (!rn) throw_at(dn->loc, "sweep.design", "missing required key 'trajectories' (r)");
      const auto r = static_cast<std::size_t>(read_int(*rn, "sweep.design.trajectories", 2, 1'000'000));
      std::size_t p = 4;
      if (const YamlNode* ln = dn->find("levels")) {
        p = static_cast<std::size_t>(read_int(*ln, "sweep.design.levels", 2, 1000));
        if (p % 2 != 0)
          throw_at(ln->loc, "sweep.design.levels",
                   fmt::format("expected an even number of levels, found {}", p));
      }
      check_points(mul_sat(r, plan.groups.size() + 1), options.max_points, rn->loc,
                   "sweep.design.trajectories",
                   fmt::format("trajectories = {} with {} group(s)", r, plan.groups.size()));
      plan.morris = design::morris_design(r, p, group_of, plan.groups.size(), plan.seed);
      plan.unit = std::move(plan.morris.unit);
      plan.morris.unit.clear();
      n_points = plan.morris.step.size();
      design_out << YAML::Key << "trajectories" << YAML::Value << std::to_string(r);
      design_out << YAML::Key << "levels" << YAML::Value << std::to_string(p);
    }
    design_out << YAML::Key << "parameters" << YAML::Value << YAML::BeginMap;
    for (const auto& c : b.columns) {
      design_out << YAML::Key << c.path << YAML::Value;
      emit_factor(design_out, c);
    }
    design_out << YAML::EndMap;
  }
  design_out << YAML::EndMap;
  if (!sampled) plan.groups.clear();

  const std::size_t k = b.columns.size();
  if (n_points == 0) throw_at(dn->loc, "sweep.design", "the design has no points");
  if (n_points * plan.replicates > static_cast<std::size_t>(kMaxRuns))
    throw_at(dn->loc, "sweep.design",
             fmt::format("{} points x {} replicates is more than {} runs", n_points,
                         plan.replicates, kMaxRuns));
  for (const auto& c : b.columns) {
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
  }
  if (!sampled) plan.groups = plan.columns;

  // ---- points ------------------------------------------------------------------------------
  plan.points.resize(n_points);
  std::vector<std::vector<int>> col_of_override(n_points);
  for (std::size_t p = 0; p < n_points; ++p) {
    SweepPoint& pt = plan.points[p];
    pt.arm = point_name(p);
    pt.values.assign(k, kNaN);
    for (std::size_t c = 0; c < k; ++c) {
      const Column& col = b.columns[c];
      std::string text;
      double value = kNaN;
      if (plan.kind == design::Kind::kGrid) {
        const std::size_t l = grid_idx[p][c];
        text = col.level_text[l];
        value = col.level_value[l];
      } else if (plan.kind == design::Kind::kList) {
        if (const YamlNode* v = b.list_values[p][c]) {
          text = node_text(*v);
          value = numeric_of_node(*v);
        } else {
          value = numeric_of(base_value(*base, col.path));
        }
      } else {
        value = design::from_unit(col.factor, plan.unit[p * k + c]);
        text = value_text(value, col.factor.integer);
      }
      pt.values[c] = value;
      if (!sampled && std::isfinite(value)) {
        plan.factors[c].lo = std::min(plan.factors[c].lo, value);
        plan.factors[c].hi = std::max(plan.factors[c].hi, value);
      }
      if (!text.empty()) {
        pt.overrides.push_back(col.path + "=" + text);
        col_of_override[p].push_back(static_cast<int>(c));
      }
    }
  }
  if (!sampled)
    for (auto& f : plan.factors)
      if (!(f.lo <= f.hi)) f.lo = f.hi = kNaN;

  // Validate every point through the loader (in parallel; the first failing point is reported).
  std::vector<std::exception_ptr> failures(n_points);
  const std::string seed_text = std::to_string(plan.seed);
  const std::string reps_text = std::to_string(plan.replicates);
  oneapi::tbb::parallel_for(
      oneapi::tbb::blocked_range<std::size_t>(0, n_points, 16),
      [&](const oneapi::tbb::blocked_range<std::size_t>& range) {
        for (std::size_t p = range.begin(); p != range.end(); ++p) {
          try {
            std::vector<Override> ov = base_overrides;
            ov.push_back({"name=" + plan.points[p].arm});
            ov.push_back({"seed=" + seed_text});
            ov.push_back({"replicates=" + reps_text});
            for (const auto& o : plan.points[p].overrides) ov.push_back({o});
            plan.points[p].scenario = load_scenario(plan.base_file, catalog, ov);
          } catch (...) {
            failures[p] = std::current_exception();
          }
        }
      });
  for (std::size_t p = 0; p < n_points; ++p) {
    if (!failures[p]) continue;
    try {
      std::rethrow_exception(failures[p]);
    } catch (const InputError& e) {
      const std::string msg = e.what();
      const SweepPoint& pt = plan.points[p];
      for (std::size_t i = 0; i < pt.overrides.size(); ++i) {
        const std::string prefix = fmt::format("--set '{}': ", pt.overrides[i]);
        if (msg.rfind(prefix, 0) != 0) continue;
        const auto c = static_cast<std::size_t>(col_of_override[p][i]);
        const Column& col = b.columns[c];
        YamlLoc loc = col.key_loc;
        if (plan.kind == design::Kind::kGrid) loc = col.level_loc[grid_idx[p][c]];
        if (plan.kind == design::Kind::kList && b.list_values[p][c]) loc = b.list_values[p][c]->loc;
        const std::string key = plan.kind == design::Kind::kList
                                    ? fmt::format("sweep.design.points.{}.{}", p, col.path)
                                    : "sweep.design.parameters." + col.path;
        throw_at(loc, key, fmt::format("point {} ({}): {}", pt.arm, pt.overrides[i],
                                       msg.substr(prefix.size())));
      }
      for (const auto& s : sets) {
        const std::string prefix = fmt::format("--set '{}': ", s.text);
        if (msg.rfind(prefix, 0) == 0) throw_at(s.loc, s.key, msg.substr(prefix.size()));
      }
      throw_at(b.design_loc, "sweep.design", fmt::format("point {}: {}", pt.arm, msg));
    }
  }
  for (const auto& pt : plan.points)
    for (const auto& w : pt.scenario->warnings)
      if (std::find(plan.warnings.begin(), plan.warnings.end(), w) == plan.warnings.end() &&
          plan.warnings.size() < 50)
        plan.warnings.push_back(w);

  // ---- manifest ----------------------------------------------------------------------------
  plan.runs.reserve(n_points * plan.replicates);
  for (uint32_t r = 0; r < plan.replicates; ++r)
    for (std::size_t p = 0; p < n_points; ++p)
      plan.runs.push_back({p, r,
                           run_seed(plan.seed, r, plan.crn ? std::nullopt : std::optional<uint64_t>(p))});

  // ---- resolved text and hash --------------------------------------------------------------
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "sweep" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value;
  detail::emit_string(out, plan.name);
  if (!plan.description.empty()) {
    out << YAML::Key << "description" << YAML::Value;
    detail::emit_string(out, plan.description);
  }
  out << YAML::Key << "base" << YAML::Value;
  detail::emit_string(out, fs::absolute(plan.base_file, ec).lexically_normal().string());
  out << YAML::Key << "model" << YAML::Value;
  detail::emit_string(out, plan.model);
  out << YAML::Key << "replicates" << YAML::Value << std::to_string(plan.replicates);
  out << YAML::Key << "seed" << YAML::Value << std::to_string(plan.seed);
  out << YAML::Key << "crn" << YAML::Value << (plan.crn ? "true" : "false");
  if (!set_out.keys.empty()) {
    out << YAML::Key << "set" << YAML::Value;
    detail::emit(out, set_out);
  }
  out << YAML::Key << "design" << YAML::Value;
  {
    // Re-parse the design text so that it nests as a map.
    const std::string design_text = design_out.c_str();
    out << YAML::Load(design_text);
  }
  out << YAML::EndMap;
  out << YAML::Key << "output" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "per_community" << YAML::Value
      << (plan.output.per_community ? "true" : "false");
  out << YAML::EndMap << YAML::EndMap;
  plan.resolved_yaml = std::string(out.c_str()) + "\n";
  plan.base_yaml = base->resolved_yaml;
  plan.hash = text_hash("govsim-sweep 1\n" + plan.resolved_yaml + "\n--- base\n" + plan.base_yaml);
  return plan;
}

}  // namespace govsim::sim::sweep
