#include "sim/yaml/read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <system_error>

#include "sim/scenario/suggest.hpp"
#include "sim/yaml/scalar.hpp"

namespace govsim::sim::yaml {

const Node& require_map(const Node& n, const std::string& key) {
  if (!n.is_map()) fail(n.loc, key, "expected a map, found " + describe(n));
  return n;
}

const Node& require_sequence(const Node& n, const std::string& key, std::string_view of) {
  if (!n.is_sequence())
    fail(n.loc, key,
         fmt::format("expected a sequence{}{}, found {}", of.empty() ? "" : " of ", of, describe(n)));
  return n;
}

const Node& need(const Node& map, const std::string& key, std::string_view name,
                 std::string_view hint) {
  if (const Node* n = map.find(name)) return *n;
  fail(map.loc, key,
       fmt::format("missing required key '{}'{}", name,
                   hint.empty() ? std::string() : fmt::format(" ({})", hint)));
}

std::string unknown_name(std::string_view what, std::string_view name,
                         const std::vector<std::string>& candidates, std::string_view list_label,
                         std::string_view when_empty, std::string_view context) {
  std::string msg = fmt::format("unknown {} {}{}", what, quote(name), context);
  const std::string hint = did_you_mean(name, candidates);
  if (!hint.empty()) return msg + hint;
  if (candidates.empty())
    return when_empty.empty() ? msg : fmt::format("{} ({})", msg, when_empty);
  if (candidates.size() > 12) return msg;
  std::string list;
  for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + c;
  return fmt::format("{} ({}: {})", msg, list_label, list);
}

void check_keys(const Node& map, const std::string& key, const std::vector<std::string>& allowed,
                std::string_view when_empty) {
  for (std::size_t i = 0; i < map.keys.size(); ++i)
    if (std::find(allowed.begin(), allowed.end(), map.keys[i]) == allowed.end())
      fail(map.key_locs[i], join_key(key, map.keys[i]),
           unknown_name("key", map.keys[i], allowed, "valid keys", when_empty));
}

double read_real(const Node& n, const std::string& key) {
  double x = 0.0;
  if (!n.is_scalar() || !n.plain || !looks_like_real(n.scalar))
    fail(n.loc, key, "expected a real number, found " + describe(n));
  if (!parse_real(n.scalar, x))
    fail(n.loc, key, fmt::format("{} is out of the range of a real number", n.scalar));
  if (!std::isfinite(x)) fail(n.loc, key, fmt::format("{} is not a finite number", n.scalar));
  return x;
}

int64_t read_int(const Node& n, const std::string& key) {
  int64_t x = 0;
  if (!n.is_scalar() || !n.plain || !looks_like_int(n.scalar))
    fail(n.loc, key, "expected an integer, found " + describe(n));
  if (!parse_int(n.scalar, x))
    fail(n.loc, key, fmt::format("{} is out of the range of an integer", n.scalar));
  return x;
}

bool read_bool(const Node& n, const std::string& key) {
  if (n.is_scalar() && n.plain && n.scalar == "true") return true;
  if (n.is_scalar() && n.plain && n.scalar == "false") return false;
  fail(n.loc, key, "expected true or false, found " + describe(n));
}

std::string read_string(const Node& n, const std::string& key) {
  if (!n.is_scalar()) fail(n.loc, key, "expected a string, found " + describe(n));
  return n.scalar;
}

std::string read_text(const Node& n, const std::string& key, std::string_view what) {
  std::string s = read_string(n, key);
  if (s.empty()) fail(n.loc, key, fmt::format("expected {}, found ''", what));
  return s;
}

ParamValue read_value(const Node& n, const ParamDef& def, const std::string& key,
                      std::vector<std::string>* warnings) {
  ParamValue v;
  switch (def.type) {
    case ParamType::kReal: v = read_real(n, key); break;
    case ParamType::kInt: v = read_int(n, key); break;
    case ParamType::kBool: v = read_bool(n, key); break;
    case ParamType::kString: v = read_string(n, key); break;
    case ParamType::kRealList: {
      require_sequence(n, key, "real numbers");
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
    fail(n.loc, key, err);
  }
  if (warnings && ParamSchema::outside_typical(def, v))
    warnings->push_back(fmt::format("{} = {} is outside its typical range {}", key,
                                    format_value(v), def.typical_text()));
  return v;
}

int64_t read_int(const Node& n, const ParamDef& def, const std::string& key) {
  return std::get<int64_t>(read_value(n, def, key));
}

double read_real(const Node& n, const ParamDef& def, const std::string& key) {
  return std::get<double>(read_value(n, def, key));
}

ParamDef integer_field(std::string name, int64_t lo, int64_t hi) {
  ParamDef d;
  d.name = std::move(name);
  d.type = ParamType::kInt;
  d.default_value = int64_t{0};
  d.lo = static_cast<double>(lo);
  d.hi = static_cast<double>(hi);
  return d;
}

ParamDef real_field(std::string name, double lo, double hi) {
  ParamDef d;
  d.name = std::move(name);
  d.type = ParamType::kReal;
  d.lo = lo;
  d.hi = hi;
  return d;
}

namespace {

// An absolute, normalised path: `rel` against `dir` ("" = the working directory).
std::string absolute_path(const std::string& dir, const std::string& rel) {
  namespace fs = std::filesystem;
  fs::path p(rel);
  if (!p.is_absolute()) {
    std::error_code ec;
    p = fs::absolute(dir.empty() ? p : fs::path(dir) / p, ec);
  }
  return p.lexically_normal().string();
}

}  // namespace

void read_fields_into(const Node& map, const std::string& key, const ParamSchema& schema,
                      ParamSet& out, const FieldOptions& options, std::string_view skip) {
  std::vector<std::string> names = schema.names();
  if (!skip.empty() && !schema.find(skip)) names.insert(names.begin(), std::string(skip));
  names.insert(names.end(), options.sections.begin(), options.sections.end());
  for (std::size_t i = 0; i < map.keys.size(); ++i) {
    const std::string& name = map.keys[i];
    if (name == skip) {
      out.set_loc(name, map.key_locs[i]);
      continue;
    }
    if (std::find(options.sections.begin(), options.sections.end(), name) != options.sections.end())
      continue;
    const ParamDef* def = schema.find(name);
    if (!def)
      fail(map.key_locs[i], join_key(key, name),
           unknown_name("key", name, names, "valid keys", options.when_empty));
    ParamValue v = read_value(map.items[i], *def, join_key(key, name), options.warnings);
    if (def->is_path) {
      std::string& p = std::get<std::string>(v);
      if (!p.empty()) p = absolute_path(map.items[i].loc.dir(), p);
    }
    out.set(name, std::move(v));
    out.set_loc(name, map.key_locs[i]);
  }
  for (const auto& def : schema.defs())
    if (def.required && def.name != skip && !map.find(def.name))
      fail(map.loc, key, fmt::format("missing required key '{}'", def.name));
}

ParamSet read_fields(const Node& map, const std::string& key, const ParamSchema& schema,
                     const FieldOptions& options) {
  require_map(map, key);
  ParamSet out(schema);
  out.set_section(key, map.loc);
  read_fields_into(map, key, schema, out, options);
  return out;
}

}  // namespace govsim::sim::yaml
