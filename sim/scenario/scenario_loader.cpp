// Scenario and comparison files: reading, `extends:` merging, `--set` overrides, validation
// against the catalog, and the resolved YAML. See docs/scenario-format.md for the user view.
//
// Pipeline for a scenario:
//   read file -> parse (yaml_tree: duplicate keys, marks) -> resolve `extends:` recursively
//   (parent first; maps merge, scalars and lists replace) -> apply --set overrides ->
//   validate (every key against the catalog; defaults filled) -> emit resolved YAML.
// Every node of the tree keeps the file (or --set argument) that set it, so errors found after
// merging still point at the right file, line and column.
#include "sim/scenario/scenario_loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <system_error>
#include <utility>

#include "sim/scenario/suggest.hpp"
#include "sim/scenario/yaml_tree.hpp"

namespace govsim::sim {

namespace {

namespace fs = std::filesystem;
using detail::describe;
using detail::throw_at;
using detail::YamlLoc;
using detail::YamlNode;
using detail::YamlSource;
using detail::YamlSourcePtr;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int64_t kMaxReplicates = 100'000;
constexpr int64_t kMaxSteps = 10'000'000;

const std::vector<std::string> kTopKeys = {"model",      "name",  "description", "extends",
                                           "seed",       "replicates", "steps",  "network",
                                           "params",     "countermeasures", "output"};
const std::vector<std::string> kCountermeasureKeys = {"type", "intensity", "start_step",
                                                      "phase_in", "communities", "targets"};
const std::vector<std::string> kOutputKeys = {"path", "per_community"};

// ---- small helpers -------------------------------------------------------------------------

std::string join_key(const std::string& a, const std::string& b) {
  return a.empty() ? b : a + "." + b;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

// "unknown key 'x' (did you mean 'y'?)", or with the list of valid names when it is short.
// `context` follows the name ("unknown countermeasure 'x' for model 'toy' (...)").
std::string unknown_name(const std::string& what, const std::string& name,
                         const std::vector<std::string>& candidates, const std::string& list_label,
                         const std::string& when_empty = {}, const std::string& context = {}) {
  std::string msg = fmt::format("unknown {} '{}'{}", what, name, context);
  const std::string hint = did_you_mean(name, candidates);
  if (!hint.empty()) return msg + hint;
  if (candidates.empty()) return when_empty.empty() ? msg : msg + " (" + when_empty + ")";
  if (candidates.size() <= 12) return msg + " (" + list_label + ": " + join_names(candidates) + ")";
  return msg;
}

SourceLocation to_source_location(const YamlLoc& loc) {
  if (loc.src && !loc.src->set_text.empty()) return SourceLocation{detail::display_file(loc), 0, 0};
  return SourceLocation{loc.src ? loc.src->file : std::string(), loc.line, loc.column};
}

std::string dir_of(const std::string& path) { return fs::path(path).parent_path().string(); }

std::string stem_of(const std::string& path) { return fs::path(path).stem().string(); }

// `rel` relative to `dir` ("" = the working directory), lexically normalised.
std::string resolve_relative(const std::string& dir, const std::string& rel) {
  fs::path p(rel);
  if (!p.is_absolute() && !dir.empty()) p = fs::path(dir) / p;
  return p.lexically_normal().string();
}

// An absolute, normalised path (for values that must not depend on where they are read).
std::string absolute_path(const std::string& dir, const std::string& rel) {
  fs::path p(rel);
  if (!p.is_absolute()) {
    std::error_code ec;
    p = fs::absolute(dir.empty() ? p : fs::path(dir) / p, ec);
  }
  return p.lexically_normal().string();
}

// The identity of a file for cycle detection.
std::string canonical_id(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::path(path), ec);
  if (ec) return absolute_path("", path);
  return p.string();
}

YamlSourcePtr make_source(const std::string& file, const std::string& dir) {
  return std::make_shared<const YamlSource>(YamlSource{file, dir, {}});
}

[[noreturn]] void fail_open(const std::string& path, const char* what, const YamlLoc* where,
                            const std::string& key, int err) {
  const std::string msg = fmt::format("cannot open {} file '{}': {}", what, path,
                                      std::error_code(err, std::generic_category()).message());
  if (where) throw_at(*where, key, msg);
  throw InputError(SourceLocation{}, "", msg);
}

// Reads a whole file. Errors: "cannot open <what> file 'path': <reason>", located at `where`
// (the `extends:` or `scenario:` value that named the file) when given.
std::string read_file(const std::string& path, const char* what, const YamlLoc* where,
                      const std::string& key) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) fail_open(path, what, where, key, EISDIR);
  errno = 0;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) fail_open(path, what, where, key, errno ? errno : ENOENT);
  std::string text;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool bad = std::ferror(f) != 0;
  const int err = errno;
  std::fclose(f);
  if (bad) fail_open(path, what, where, key, err ? err : EIO);
  return text;
}

// Parses a file's text; the root must be a map.
YamlNode parse_root(const std::string& text, const YamlSourcePtr& src) {
  std::optional<YamlNode> root = detail::parse_yaml(text, src);
  if (!root) throw_at(YamlLoc{src, 1, 1}, "", "file is empty");
  if (!root->is_map())
    throw_at(root->loc, "", "expected a map at the top level, found " + describe(*root));
  return std::move(*root);
}

// ---- extends -------------------------------------------------------------------------------

// Merges `over` into `base`: maps key by key (recursively), anything else replaced.
void merge_into(YamlNode& base, YamlNode over) {
  if (!base.is_map() || !over.is_map()) {
    base = std::move(over);
    return;
  }
  for (std::size_t i = 0; i < over.keys.size(); ++i) {
    YamlNode* b = base.find(over.keys[i]);
    if (b && b->is_map() && over.items[i].is_map()) {
      merge_into(*b, std::move(over.items[i]));
      base.key_locs[static_cast<std::size_t>(base.index_of(over.keys[i]))] = over.key_locs[i];
    } else {
      base.set(over.keys[i], over.key_locs[i], std::move(over.items[i]));
    }
  }
  base.loc = over.loc;
}

struct ChainEntry {
  std::string id;       // canonical path
  std::string display;  // as shown in messages
};

// Loads the parents named by `extends:` (recursively) and merges `root` over them. `name`,
// `description` and `extends` are not inherited.
YamlNode resolve_extends(YamlNode root, const YamlSourcePtr& src, const std::string& id,
                         std::vector<ChainEntry>& chain) {
  chain.push_back({id, src->file});
  const int i = root.index_of("extends");
  if (i >= 0) {
    const YamlNode ext = root.items[static_cast<std::size_t>(i)];
    if (!ext.is_scalar() || ext.scalar.empty())
      throw_at(ext.loc, "extends", "expected a file path, found " + describe(ext));
    const std::string parent_file = resolve_relative(src->dir, ext.scalar);
    const std::string parent_id = canonical_id(parent_file);
    for (const auto& e : chain) {
      if (e.id == parent_id) {
        std::string names;
        for (const auto& c : chain) names += c.display + " -> ";
        throw_at(ext.loc, "extends", "extends cycle: " + names + parent_file);
      }
    }
    const std::string text = read_file(parent_file, "scenario", &ext.loc, "extends");
    const YamlSourcePtr parent_src = make_source(parent_file, dir_of(parent_file));
    YamlNode parent = resolve_extends(parse_root(text, parent_src), parent_src, parent_id, chain);
    parent.erase("name");
    parent.erase("description");
    root.erase("extends");
    merge_into(parent, std::move(root));
    root = std::move(parent);
  }
  chain.pop_back();
  return root;
}

// ---- overrides -----------------------------------------------------------------------------

using detail::parse_set_argument;
using detail::split_path;
using detail::trim;

// Sets the node at `path` inside `root` to `value`; missing maps on the way are created (a
// null on the way becomes a map); sequence items are addressed by index.
void apply_override(YamlNode& root, const std::vector<std::string>& path, YamlNode value,
                    const YamlLoc& key_loc, const std::string& key_prefix) {
  YamlNode* cur = &root;
  std::string done;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& seg = path[i];
    const bool last = i + 1 == path.size();
    const std::string here = join_key(key_prefix, done);
    if (cur->is_null()) *cur = YamlNode::make_map(cur->loc);
    if (cur->is_map()) {
      if (last) {
        cur->set(seg, key_loc, std::move(value));
        return;
      }
      if (!cur->find(seg)) cur->set(seg, key_loc, YamlNode::make_map(key_loc));
      cur = cur->find(seg);
    } else if (cur->is_sequence()) {
      int64_t index = -1;
      if (!detail::parse_int(seg, index) || index < 0)
        throw_at(key_loc, here,
                 fmt::format("'{}' is a sequence: expected an index, found '{}'", done, seg));
      if (static_cast<std::size_t>(index) >= cur->items.size())
        throw_at(key_loc, here,
                 fmt::format("index {} is out of range ('{}' has {} entries)", index, done,
                             cur->items.size()));
      if (last) {
        cur->items[static_cast<std::size_t>(index)] = std::move(value);
        return;
      }
      cur = &cur->items[static_cast<std::size_t>(index)];
    } else {
      throw_at(key_loc, here,
               fmt::format("cannot set '{}': '{}' is {}, not a map", join_key(done, seg), done,
                           describe(*cur)));
    }
    done = join_key(done, seg);
  }
}

// ---- typed values --------------------------------------------------------------------------

double read_real(const YamlNode& n, const std::string& key) {
  double x = 0.0;
  if (!n.is_scalar() || !n.plain || !detail::looks_like_real(n.scalar))
    throw_at(n.loc, key, "expected a real number, found " + describe(n));
  if (!detail::parse_real(n.scalar, x))
    throw_at(n.loc, key, fmt::format("{} is out of the range of a real number", n.scalar));
  if (!std::isfinite(x)) throw_at(n.loc, key, fmt::format("{} is not a finite number", n.scalar));
  return x;
}

int64_t read_int(const YamlNode& n, const std::string& key) {
  int64_t x = 0;
  if (!n.is_scalar() || !n.plain || !detail::looks_like_int(n.scalar))
    throw_at(n.loc, key, "expected an integer, found " + describe(n));
  if (!detail::parse_int(n.scalar, x))
    throw_at(n.loc, key, fmt::format("{} is out of the range of an integer", n.scalar));
  return x;
}

bool read_bool(const YamlNode& n, const std::string& key) {
  if (n.is_scalar() && n.plain && n.scalar == "true") return true;
  if (n.is_scalar() && n.plain && n.scalar == "false") return false;
  throw_at(n.loc, key, "expected true or false, found " + describe(n));
}

std::string read_string(const YamlNode& n, const std::string& key) {
  if (!n.is_scalar()) throw_at(n.loc, key, "expected a string, found " + describe(n));
  return n.scalar;
}

// Reads a value of the definition's type and checks its hard domain; pushes a warning when
// the value is outside the typical range.
ParamValue read_value(const YamlNode& n, const ParamDef& def, const std::string& key,
                      std::vector<std::string>* warnings) {
  ParamValue v;
  switch (def.type) {
    case ParamType::kReal: v = read_real(n, key); break;
    case ParamType::kInt: v = read_int(n, key); break;
    case ParamType::kBool: v = read_bool(n, key); break;
    case ParamType::kString: v = read_string(n, key); break;
    case ParamType::kRealList: {
      if (!n.is_sequence())
        throw_at(n.loc, key, "expected a sequence of real numbers, found " + describe(n));
      std::vector<double> xs;
      xs.reserve(n.items.size());
      for (std::size_t i = 0; i < n.items.size(); ++i)
        xs.push_back(read_real(n.items[i], join_key(key, std::to_string(i))));
      v = std::move(xs);
      break;
    }
  }
  std::string err = ParamSchema::check(def, v);
  if (!err.empty()) {
    if (def.type == ParamType::kString && !def.choices.empty())
      err += did_you_mean(std::get<std::string>(v), def.choices);
    throw_at(n.loc, key, err);
  }
  if (warnings && ParamSchema::outside_typical(def, v))
    warnings->push_back(fmt::format("{} = {} is outside its typical range {}", key,
                                    format_value(v), def.typical_text()));
  return v;
}

ParamDef int_def(const char* name, double lo, double hi) {
  ParamDef d;
  d.name = name;
  d.type = ParamType::kInt;
  d.default_value = int64_t{0};
  d.lo = lo;
  d.hi = hi;
  return d;
}

ParamDef real_def(const char* name, double lo, double hi) {
  ParamDef d;
  d.name = name;
  d.type = ParamType::kReal;
  d.lo = lo;
  d.hi = hi;
  return d;
}

const ParamDef& seed_def() {
  static const ParamDef d = int_def("seed", 0, kInf);
  return d;
}
const ParamDef& replicates_def() {
  static const ParamDef d = int_def("replicates", 1, static_cast<double>(kMaxReplicates));
  return d;
}
const ParamDef& steps_def() {
  static const ParamDef d = int_def("steps", 1, static_cast<double>(kMaxSteps));
  return d;
}

void check_keys(const YamlNode& map, const std::string& key, const std::vector<std::string>& allowed) {
  for (std::size_t i = 0; i < map.keys.size(); ++i) {
    bool ok = false;
    for (const auto& a : allowed) ok = ok || a == map.keys[i];
    if (!ok)
      throw_at(map.key_locs[i], join_key(key, map.keys[i]),
               unknown_name("key", map.keys[i], allowed, "valid keys"));
  }
}

const YamlNode& require_map(const YamlNode& n, const std::string& key) {
  if (!n.is_map()) throw_at(n.loc, key, "expected a map, found " + describe(n));
  return n;
}

// ---- the scenario --------------------------------------------------------------------------

// Fills a section of typed values from a map, checking every key against `schema`.
void read_section(const YamlNode& map, const std::string& key, const ParamSchema& schema,
                  ParamSet& out, std::vector<std::string>& warnings, const std::string& skip,
                  const std::string& when_empty) {
  std::vector<std::string> names = schema.names();
  if (!skip.empty() && !schema.find(skip)) names.insert(names.begin(), skip);
  for (std::size_t i = 0; i < map.keys.size(); ++i) {
    const std::string& name = map.keys[i];
    if (name == skip) continue;
    const ParamDef* def = schema.find(name);
    if (!def)
      throw_at(map.key_locs[i], join_key(key, name),
               unknown_name("key", name, names, "valid keys", when_empty));
    ParamValue v = read_value(map.items[i], *def, join_key(key, name), &warnings);
    if (def->is_path) {
      std::string& p = std::get<std::string>(v);
      if (!p.empty()) {
        const YamlLoc& loc = map.items[i].loc;
        const bool from_file = loc.src && loc.src->set_text.empty();
        p = absolute_path(from_file ? loc.src->dir : std::string(), p);
      }
    }
    out.set(name, std::move(v));
  }
  for (const auto& def : schema.defs()) {
    if (def.required && def.name != skip && !map.find(def.name))
      throw_at(map.loc, key, fmt::format("missing required key '{}'", def.name));
  }
}

void emit_value(YAML::Emitter& out, const ParamValue& v) {
  struct Visitor {
    YAML::Emitter& out;
    void operator()(double x) const { out << detail::format_real(x); }
    void operator()(int64_t x) const { out << std::to_string(x); }
    void operator()(bool x) const { out << (x ? "true" : "false"); }
    void operator()(const std::string& x) const { detail::emit_string(out, x); }
    void operator()(const std::vector<double>& xs) const {
      out << YAML::Flow << YAML::BeginSeq;
      for (double x : xs) out << detail::format_real(x);
      out << YAML::EndSeq;
    }
  };
  std::visit(Visitor{out}, v);
}

std::string emit_scenario(const Scenario& sc, const ModelEntry& model,
                          const ParamSchema* net_schema) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "model" << YAML::Value;
  detail::emit_string(out, sc.model);
  out << YAML::Key << "name" << YAML::Value;
  detail::emit_string(out, sc.name);
  out << YAML::Key << "description" << YAML::Value;
  detail::emit_string(out, sc.description);
  out << YAML::Key << "seed" << YAML::Value << std::to_string(sc.seed);
  out << YAML::Key << "replicates" << YAML::Value << std::to_string(sc.replicates);
  out << YAML::Key << "steps" << YAML::Value << std::to_string(sc.steps);
  if (sc.has_network() && net_schema) {
    out << YAML::Key << "network" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "type" << YAML::Value;
    detail::emit_string(out, sc.network_type());
    for (const auto& def : net_schema->defs()) {
      if (def.name == "type") continue;
      out << YAML::Key << def.name << YAML::Value;
      emit_value(out, sc.network.get(def.name));
    }
    out << YAML::EndMap;
  }
  out << YAML::Key << "params" << YAML::Value;
  if (model.params.defs().empty()) out << YAML::Flow;
  out << YAML::BeginMap;
  for (const auto& def : model.params.defs()) {
    out << YAML::Key << def.name << YAML::Value;
    emit_value(out, sc.params.get(def.name));
  }
  out << YAML::EndMap;
  out << YAML::Key << "countermeasures" << YAML::Value;
  if (sc.countermeasures.empty()) out << YAML::Flow;
  out << YAML::BeginSeq;
  for (const auto& cm : sc.countermeasures) {
    out << YAML::BeginMap;
    out << YAML::Key << "type" << YAML::Value;
    detail::emit_string(out, cm.type);
    out << YAML::Key << "intensity" << YAML::Value << detail::format_real(cm.intensity);
    out << YAML::Key << "start_step" << YAML::Value << std::to_string(cm.start_step);
    out << YAML::Key << "phase_in" << YAML::Value << std::to_string(cm.phase_in);
    out << YAML::Key << "communities" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (int64_t c : cm.communities) out << std::to_string(c);
    out << YAML::EndSeq;
    if (!cm.targets.empty()) {  // absent otherwise: resolved texts of earlier scenarios unchanged
      out << YAML::Key << "targets" << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (const auto& [k, v] : cm.targets) {
        out << YAML::Key << k << YAML::Value;
        auto r = std::find_if(cm.target_ranges.begin(), cm.target_ranges.end(), [&](const auto& x) { return x.first == k; });
        if (r == cm.target_ranges.end()) out << detail::format_real(v);
        else out << YAML::BeginMap << YAML::Key << "range" << YAML::Value << YAML::BeginSeq
                 << detail::format_real(r->second.first) << detail::format_real(r->second.second) << YAML::EndSeq << YAML::EndMap;
      }
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "output" << YAML::Value << YAML::BeginMap;
  if (!sc.output.path.empty()) {
    out << YAML::Key << "path" << YAML::Value;
    detail::emit_string(out, sc.output.path);
  }
  out << YAML::Key << "per_community" << YAML::Value
      << (sc.output.per_community ? "true" : "false");
  out << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

void read_countermeasures(const YamlNode& list, const ModelEntry& model, Scenario& sc) {
  const std::string key = "countermeasures";
  if (!list.is_sequence()) throw_at(list.loc, key, "expected a sequence, found " + describe(list));
  std::vector<std::string> names;
  for (const auto& c : model.countermeasures) names.push_back(c.name);
  static const ParamDef intensity = real_def("intensity", 0.0, 1.0);
  static const ParamDef start_step = int_def("start_step", 0, kInf);
  static const ParamDef phase_in = int_def("phase_in", 0, kInf);
  static const ParamDef community = int_def("communities", 0, kInf);
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const YamlNode& entry = list.items[i];
    const std::string ekey = join_key(key, std::to_string(i));
    require_map(entry, ekey);
    check_keys(entry, ekey, kCountermeasureKeys);
    CountermeasureSpec cm;
    cm.where = to_source_location(entry.loc);
    const YamlNode* type = entry.find("type");
    if (!type) throw_at(entry.loc, ekey, "missing required key 'type'");
    cm.type = read_string(*type, ekey + ".type");
    bool known = false;
    for (const auto& n : names) known = known || n == cm.type;
    if (!known) {
      throw_at(type->loc, ekey + ".type",
               unknown_name("countermeasure", cm.type, names,
                            fmt::format("countermeasures of model '{}'", model.name),
                            fmt::format("model '{}' has no countermeasures", model.name),
                            fmt::format(" for model '{}'", model.name)));
    }
    if (const YamlNode* n = entry.find("intensity"))
      cm.intensity = std::get<double>(read_value(*n, intensity, ekey + ".intensity", nullptr));
    if (const YamlNode* n = entry.find("start_step"))
      cm.start_step = std::get<int64_t>(read_value(*n, start_step, ekey + ".start_step", nullptr));
    if (const YamlNode* n = entry.find("phase_in"))
      cm.phase_in = std::get<int64_t>(read_value(*n, phase_in, ekey + ".phase_in", nullptr));
    if (const YamlNode* n = entry.find("communities")) {
      const std::string ckey = ekey + ".communities";
      if (!n->is_sequence())
        throw_at(n->loc, ckey, "expected a sequence of integers, found " + describe(*n));
      for (std::size_t j = 0; j < n->items.size(); ++j) {
        cm.communities.push_back(std::get<int64_t>(
            read_value(n->items[j], community, join_key(ckey, std::to_string(j)), nullptr)));
      }
    }
    if (const YamlNode* n = entry.find("targets")) {
      static const ParamDef target = real_def("targets", -kInf, kInf);
      require_map(*n, ekey + ".targets");
      for (std::size_t j = 0; j < n->keys.size(); ++j) {
        const std::string tkey = ekey + ".targets." + n->keys[j];
        const YamlNode& v = n->items[j];
        if (!v.is_map()) {
          cm.targets.emplace_back(n->keys[j], std::get<double>(read_value(v, target, tkey, nullptr)));
          continue;
        }
        check_keys(v, tkey, {"range"});
        const YamlNode* r = v.find("range");
        if (!r || !r->is_sequence() || r->items.size() != 2)
          throw_at(r ? r->loc : v.loc, tkey + ".range", "expected [lo, hi]");
        const double lo = std::get<double>(read_value(r->items[0], target, tkey + ".range.0", nullptr));
        const double hi = std::get<double>(read_value(r->items[1], target, tkey + ".range.1", nullptr));
        if (!(lo <= hi)) throw_at(r->loc, tkey + ".range", fmt::format("lo {} is above hi {}", lo, hi));
        cm.target_ranges.push_back({n->keys[j], {lo, hi}});
        cm.targets.emplace_back(n->keys[j], 0.5 * (lo + hi));
        sc.warnings.push_back(fmt::format("{}: the range [{}, {}] is drawn only by `govsim compare --posterior`; "
                                          "here the target is its midpoint {}",
                                          tkey, lo, hi, 0.5 * (lo + hi)));
      }
    }
    sc.countermeasures.push_back(std::move(cm));
  }
}

OutputSpec read_output(const YamlNode& n, const std::string& key) {
  OutputSpec out;
  require_map(n, key);
  check_keys(n, key, kOutputKeys);
  if (const YamlNode* p = n.find("path")) out.path = read_string(*p, key + ".path");
  if (const YamlNode* p = n.find("per_community"))
    out.per_community = read_bool(*p, key + ".per_community");
  return out;
}

// Validates a fully merged and overridden scenario tree.
Scenario validate_scenario(const YamlNode& root, const Catalog& catalog,
                           const std::string& default_name) {
  Scenario sc;
  check_keys(root, "", kTopKeys);
  if (const YamlNode* ext = root.find("extends"))
    throw_at(ext->loc, "extends", "extends can only be given in a file, not overridden");

  const YamlNode* model_node = root.find("model");
  if (!model_node) throw_at(root.loc, "", "missing required key 'model'");
  sc.model = read_string(*model_node, "model");
  const ModelEntry* model = catalog.find_model(sc.model);
  if (!model) {
    std::vector<std::string> names;
    for (const auto& m : catalog.models) names.push_back(m.name);
    throw_at(model_node->loc, "model",
             unknown_name("model", sc.model, names, "known models", "no models are registered"));
  }

  sc.name = default_name;
  if (const YamlNode* n = root.find("name")) sc.name = read_string(*n, "name");
  if (const YamlNode* n = root.find("description")) sc.description = read_string(*n, "description");
  if (const YamlNode* n = root.find("seed"))
    sc.seed = static_cast<uint64_t>(std::get<int64_t>(read_value(*n, seed_def(), "seed", nullptr)));
  if (const YamlNode* n = root.find("replicates"))
    sc.replicates = static_cast<uint32_t>(
        std::get<int64_t>(read_value(*n, replicates_def(), "replicates", nullptr)));
  sc.steps = model->default_steps;
  if (const YamlNode* n = root.find("steps"))
    sc.steps =
        static_cast<uint32_t>(std::get<int64_t>(read_value(*n, steps_def(), "steps", nullptr)));

  // network
  const ParamSchema* net_schema = nullptr;
  if (const YamlNode* net = root.find("network")) {
    if (!model->accepts_network)
      throw_at(root.key_locs[static_cast<std::size_t>(root.index_of("network"))], "network",
               fmt::format("network section not allowed for model '{}'", model->name));
    require_map(*net, "network");
    const YamlNode* type = net->find("type");
    if (!type) {
      // A misspelt key (`typ:`) is the likelier mistake: check keys against every type first.
      std::vector<std::string> all = {"type"};
      for (const auto& t : catalog.network_types)
        for (const auto& n : t.second.names())
          if (std::find(all.begin(), all.end(), n) == all.end()) all.push_back(n);
      check_keys(*net, "network", all);
      throw_at(net->loc, "network", "missing required key 'type'");
    }
    const std::string type_name = read_string(*type, "network.type");
    net_schema = catalog.find_network(type_name);
    if (!net_schema) {
      std::vector<std::string> names;
      for (const auto& t : catalog.network_types) names.push_back(t.first);
      throw_at(type->loc, "network.type",
               unknown_name("network type", type_name, names, "known network types",
                            "no network types are registered"));
    }
    sc.network = ParamSet(*net_schema);
    sc.network.set("type", type_name);
    read_section(*net, "network", *net_schema, sc.network, sc.warnings, "type", {});
  } else if (model->needs_network) {
    throw_at(root.loc, "",
             fmt::format("missing required key 'network' (model '{}' needs a network)",
                         model->name));
  }

  // params
  sc.params = ParamSet(model->params);
  if (const YamlNode* p = root.find("params")) {
    require_map(*p, "params");
    read_section(*p, "params", model->params, sc.params, sc.warnings, {},
                 fmt::format("model '{}' has no parameters", model->name));
  } else {
    for (const auto& def : model->params.defs())
      if (def.required)
        throw_at(root.loc, "", fmt::format("missing required key 'params.{}'", def.name));
  }

  if (const YamlNode* c = root.find("countermeasures")) read_countermeasures(*c, *model, sc);
  if (const YamlNode* o = root.find("output")) sc.output = read_output(*o, "output");

  sc.resolved_yaml = emit_scenario(sc, *model, net_schema);
  return sc;
}

ScenarioPtr finish_scenario(YamlNode root, const YamlSourcePtr& src, const std::string& id,
                            const Catalog& catalog, const std::vector<Override>& overrides,
                            const std::string& file) {
  std::vector<ChainEntry> chain;
  root = resolve_extends(std::move(root), src, id, chain);
  for (const auto& o : overrides) {
    detail::SetArgument p = parse_set_argument(o.text);
    apply_override(root, p.path, std::move(p.value), p.key_loc, {});
  }
  Scenario sc = validate_scenario(root, catalog, stem_of(file));
  sc.file = file;
  return std::make_shared<const Scenario>(std::move(sc));
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

}  // namespace

ScenarioPtr load_scenario(const std::string& path, const Catalog& catalog,
                          const std::vector<Override>& overrides) {
  const std::string text = read_file(path, "scenario", nullptr, {});
  const YamlSourcePtr src = make_source(path, dir_of(path));
  return finish_scenario(parse_root(text, src), src, canonical_id(path), catalog, overrides, path);
}

ScenarioPtr load_scenario_text(const std::string& text, const std::string& name_for_errors,
                               const std::string& base_dir, const Catalog& catalog,
                               const std::vector<Override>& overrides) {
  const YamlSourcePtr src = make_source(name_for_errors, base_dir);
  const std::string id = canonical_id(resolve_relative(base_dir, name_for_errors));
  return finish_scenario(parse_root(text, src), src, id, catalog, overrides, name_for_errors);
}

bool is_comparison_file(const std::string& path) {
  try {
    const std::string text = read_file(path, "scenario", nullptr, {});
    std::optional<YamlNode> root = detail::parse_yaml(text, make_source(path, dir_of(path)));
    return root && root->is_map() && root->find("compare") != nullptr;
  } catch (const InputError&) {
    return false;
  }
}

Comparison load_comparison(const std::string& path, const Catalog& catalog,
                           const std::vector<Override>& overrides) {
  const std::string text = read_file(path, "comparison", nullptr, {});
  const YamlSourcePtr src = make_source(path, dir_of(path));
  YamlNode root = parse_root(text, src);

  // Overrides of the comparison itself (compare.*, output.*) and of every arm (the rest).
  std::vector<detail::SetArgument> arm_overrides;
  for (const auto& o : overrides) {
    detail::SetArgument p = parse_set_argument(o.text);
    const std::string& head = p.path.front();
    if (head == "compare" || head == "output") {
      apply_override(root, p.path, std::move(p.value), p.key_loc, {});
    } else if (head == "seed" || head == "replicates") {
      throw_at(p.key_loc, {},
               fmt::format("in a comparison, {0} is set for all arms by compare.{0}", head));
    } else if (head == "name") {
      throw_at(p.key_loc, {}, "in a comparison, each arm is named by compare.arms.N.name");
    } else {
      arm_overrides.push_back(std::move(p));
    }
  }

  Comparison cmp;
  cmp.file = path;
  check_keys(root, "", {"compare", "output", "hypotheses", "robust"});  // comparison_extras.hpp
  const YamlNode* c = root.find("compare");
  if (!c) throw_at(root.loc, "", "missing required key 'compare'");
  require_map(*c, "compare");
  check_keys(*c, "compare", {"name", "seed", "replicates", "arms"});
  cmp.name = stem_of(path);
  if (const YamlNode* n = c->find("name")) cmp.name = read_string(*n, "compare.name");
  const YamlNode* seed_node = c->find("seed");
  if (seed_node)
    cmp.seed = static_cast<uint64_t>(
        std::get<int64_t>(read_value(*seed_node, seed_def(), "compare.seed", nullptr)));
  const YamlNode* reps_node = c->find("replicates");
  if (reps_node)
    cmp.replicates = static_cast<uint32_t>(std::get<int64_t>(
        read_value(*reps_node, replicates_def(), "compare.replicates", nullptr)));
  if (const YamlNode* o = root.find("output")) cmp.output = read_output(*o, "output");

  const YamlNode* arms = c->find("arms");
  if (!arms) throw_at(c->loc, "compare", "missing required key 'arms'");
  if (!arms->is_sequence())
    throw_at(arms->loc, "compare.arms", "expected a sequence, found " + describe(*arms));
  if (arms->items.empty()) throw_at(arms->loc, "compare.arms", "expected at least one arm");

  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "compare" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value;
  detail::emit_string(out, cmp.name);
  out << YAML::Key << "seed" << YAML::Value << std::to_string(cmp.seed);
  out << YAML::Key << "replicates" << YAML::Value << std::to_string(cmp.replicates);
  out << YAML::Key << "arms" << YAML::Value << YAML::BeginSeq;

  std::vector<std::pair<std::string, int>> seen;  // arm name, line
  for (std::size_t i = 0; i < arms->items.size(); ++i) {
    const YamlNode& arm = arms->items[i];
    const std::string key = "compare.arms." + std::to_string(i);
    require_map(arm, key);
    check_keys(arm, key, {"name", "scenario", "set"});
    const YamlNode* name_node = arm.find("name");
    if (!name_node) throw_at(arm.loc, key, "missing required key 'name'");
    const std::string name = read_string(*name_node, key + ".name");
    if (!valid_arm_name(name))
      throw_at(name_node->loc, key + ".name",
               fmt::format("invalid arm name '{}' (use letters, digits, '_', '.' and '-')", name));
    for (const auto& [other, line] : seen)
      if (other == name)
        throw_at(name_node->loc, key + ".name",
                 fmt::format("duplicate arm name '{}' (first at line {})", name, line));
    seen.emplace_back(name, name_node->loc.line);
    const YamlNode* scen_node = arm.find("scenario");
    if (!scen_node) throw_at(arm.loc, key, "missing required key 'scenario'");
    const std::string scen_rel = read_string(*scen_node, key + ".scenario");
    if (scen_rel.empty()) throw_at(scen_node->loc, key + ".scenario", "expected a file path, found ''");
    const std::string scen_file = resolve_relative(
        scen_node->loc.src && scen_node->loc.src->set_text.empty() ? scen_node->loc.src->dir : "",
        scen_rel);

    // The arm's scenario, merged over its parents.
    const std::string scen_text = read_file(scen_file, "scenario", &scen_node->loc, key + ".scenario");
    const YamlSourcePtr scen_src = make_source(scen_file, dir_of(scen_file));
    std::vector<ChainEntry> chain;
    YamlNode tree = resolve_extends(parse_root(scen_text, scen_src), scen_src,
                                    canonical_id(scen_file), chain);
    tree.set("name", name_node->loc, *name_node);

    // The arm's own `set:`, then the command line's overrides, then the comparison's seed and
    // replicates (common to all arms).
    YamlNode set_out = YamlNode::make_map(arm.loc);
    if (const YamlNode* set = arm.find("set")) {
      require_map(*set, key + ".set");
      for (std::size_t j = 0; j < set->keys.size(); ++j) {
        const std::string skey = key + ".set." + set->keys[j];
        const std::vector<std::string> segs = split_path(trim(set->keys[j]));
        if (segs.empty())
          throw_at(set->key_locs[j], skey, "expected a key path such as params.theta_mu");
        if (segs[0] == "seed" || segs[0] == "replicates")
          throw_at(set->key_locs[j], skey,
                   fmt::format("{0} is set for all arms by compare.{0}", segs[0]));
        if (segs[0] == "name")
          throw_at(set->key_locs[j], skey, "the arm's scenario is named by the arm's name");
        apply_override(tree, segs, set->items[j], set->key_locs[j], {});
        set_out.set(trim(set->keys[j]), set->key_locs[j], set->items[j]);
      }
    }
    for (const auto& p : arm_overrides) {
      apply_override(tree, p.path, p.value, p.key_loc, {});
      set_out.set(p.path_text, p.key_loc, p.value);
    }
    const YamlLoc seed_loc = seed_node ? seed_node->loc : c->loc;
    const YamlLoc reps_loc = reps_node ? reps_node->loc : c->loc;
    tree.set("seed", seed_loc, YamlNode::make_scalar(std::to_string(cmp.seed), seed_loc));
    tree.set("replicates", reps_loc,
             YamlNode::make_scalar(std::to_string(cmp.replicates), reps_loc));

    Scenario sc = validate_scenario(tree, catalog, name);
    sc.file = scen_file;
    cmp.arms.push_back(CompareArm{name, std::make_shared<const Scenario>(std::move(sc))});

    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value;
    detail::emit_string(out, name);
    out << YAML::Key << "scenario" << YAML::Value;
    detail::emit_string(out, absolute_path("", scen_file));
    if (!set_out.keys.empty()) {
      out << YAML::Key << "set" << YAML::Value;
      detail::emit(out, set_out);
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  out << YAML::Key << "output" << YAML::Value << YAML::BeginMap;
  if (!cmp.output.path.empty()) {
    out << YAML::Key << "path" << YAML::Value;
    detail::emit_string(out, cmp.output.path);
  }
  out << YAML::Key << "per_community" << YAML::Value
      << (cmp.output.per_community ? "true" : "false");
  out << YAML::EndMap << YAML::EndMap;
  cmp.resolved_yaml = std::string(out.c_str()) + "\n";
  return cmp;
}

}  // namespace govsim::sim
