#include "sim/calibrate/calibration_spec.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/scenario/suggest.hpp"
#include "sim/yaml/yaml.hpp"

namespace govsim::sim::calibrate {

namespace fs = std::filesystem;

namespace {

// ---- the YAML toolkit (sim/yaml): the same readers and messages as every other file --------
namespace ytk = govsim::sim::yaml;
using Node = ytk::Node;
using Loc = ytk::Loc;
using ytk::check_keys;
using ytk::fail;
using ytk::join_key;
using ytk::need;
using ytk::read_real;
using ytk::read_text;
using ytk::require_map;
std::string yk_describe(const Node& n) { return ytk::describe(n); }
std::string yk_format_real(double x) { return ytk::format_real(x); }

int64_t read_int(const Node& n, const std::string& key, int64_t lo, int64_t hi) {
  return ytk::read_int(n, ytk::integer_field(key, lo, hi), key);
}

// The toolkit's checks: a regular file of at most 16 MiB, checked before it is opened.
std::string read_input_file(const std::string& path) { return ytk::read_file(path, "calibration file"); }

Node load_map(const std::string& path, const std::string& text) {
  return ytk::parse_map(text, ytk::file_source(path, fs::path(path).parent_path().string()));
}

std::string resolve_relative(const Loc& loc, const std::string& rel) {
  const fs::path p(rel);
  if (p.is_absolute() || !loc.src || loc.src->dir.empty()) return p.lexically_normal().string();
  return (fs::path(loc.src->dir) / p).lexically_normal().string();
}

// ---- the calibration file ------------------------------------------------------------------

const std::vector<std::string> kCalibrateKeys = {
    "name", "description", "base", "set", "seed", "population", "quantile", "replicates",
    "max_generations", "acceptance_floor", "kernel", "flat_uninformed", "free", "exclude", "targets"};

// The text of a `set:` value for an Override ("params.x=0.5").
std::string set_value_text(const Node& v, const std::string& key) {
  if (!v.is_scalar()) fail(v.loc, key, "expected a single value, found " + yk_describe(v));
  if (v.plain) return v.scalar;
  return "'" + v.scalar + "'";
}

bool is_free_basis(const std::string& basis) {
  return basis.find("[A]") != std::string::npos || basis.rfind("cal", 0) == 0 ||
         basis.find("[cal") != std::string::npos || basis.find(" cal") != std::string::npos;
}

std::vector<std::string> model_param_paths(const ModelEntry& m) {
  std::vector<std::string> out;
  for (const auto& d : m.params.defs()) out.push_back("params." + d.name);
  return out;
}

// The model parameter at `path` ("params.NAME"), real or integer; else an error at `loc`.
const ParamDef& free_param(const ModelEntry& m, const std::string& path, const Loc& loc, const std::string& key) {
  const std::string prefix = "params.";
  const ParamDef* def = path.rfind(prefix, 0) == 0 ? m.params.find(path.substr(prefix.size())) : nullptr;
  if (!def)
    fail(loc, key, fmt::format("unknown parameter '{}' of model '{}'{}", path, m.name,
                               did_you_mean(path, model_param_paths(m))));
  if (def->type != ParamType::kReal && def->type != ParamType::kInt)
    fail(loc, key, fmt::format("'{}' is {}: only real and integer parameters can be calibrated", path,
                               to_string(def->type)));
  return *def;
}

Parameter read_free_entry(const ModelEntry& m, const std::string& path, const Node& v, const Loc& key_loc,
                          const std::string& key) {
  const ParamDef& def = free_param(m, path, key_loc, key);
  Parameter p{path, PriorKind::kUniform, def.typical_lo, def.typical_hi};
  if (v.is_scalar() && v.scalar == "default") {
  } else {
    require_map(v, key);
    check_keys(v, key, {"prior", "lo", "hi"});
    if (const Node* pr = v.find("prior")) {
      const std::string s = read_text(*pr, key + ".prior", "a prior");
      if (s == "uniform") p.prior = PriorKind::kUniform;
      else if (s == "log_uniform") p.prior = PriorKind::kLogUniform;
      else fail(pr->loc, key + ".prior", fmt::format("unknown prior '{}'{}", s, did_you_mean(s, {"uniform", "log_uniform"})));
    }
    if (const Node* lo = v.find("lo")) p.lo = read_real(*lo, key + ".lo");
    if (const Node* hi = v.find("hi")) p.hi = read_real(*hi, key + ".hi");
  }
  if (!std::isfinite(p.lo) || !std::isfinite(p.hi))
    fail(v.loc, key, fmt::format("'{}' has no typical range: give lo and hi", path));
  if (!(p.lo < p.hi)) fail(v.loc, key, fmt::format("lo ({}) must be below hi ({})", p.lo, p.hi));
  if (p.prior == PriorKind::kLogUniform && !(p.lo > 0)) fail(v.loc, key, "a log_uniform prior needs lo > 0");
  if (p.lo < def.lo || p.hi > def.hi || (def.lo_open && p.lo == def.lo) || (def.hi_open && p.hi == def.hi))
    fail(v.loc, key, fmt::format("the range [{}, {}] leaves the parameter's domain {}", p.lo, p.hi, def.domain_text()));
  return p;
}

void read_free(CalibrationSpec& spec, const ModelEntry& m, const Node& c) {
  const Node& free = need(c, "calibrate", "free", "'default' or a map of parameters");
  std::set<std::string> excluded;
  if (const Node* ex = c.find("exclude")) {
    if (!ex->is_sequence()) fail(ex->loc, "calibrate.exclude", "expected a sequence of parameter paths, found " + yk_describe(*ex));
    for (const Node& e : ex->items) {
      const std::string path = read_text(e, "calibrate.exclude", "a parameter path");
      (void)free_param(m, path, e.loc, "calibrate.exclude");
      excluded.insert(path);
    }
  }
  if (free.is_scalar() && free.scalar == "default") {
    for (const ParamDef& d : m.params.defs()) {
      const std::string path = "params." + d.name;
      if ((d.type != ParamType::kReal && d.type != ParamType::kInt) || !d.has_typical() ||
          !is_free_basis(d.basis) || excluded.count(path) || !(d.typical_lo < d.typical_hi))
        continue;
      spec.parameters.push_back({path, PriorKind::kUniform, std::max(d.typical_lo, d.lo), std::min(d.typical_hi, d.hi)});
      spec.integer.push_back(d.type == ParamType::kInt);
    }
    if (spec.parameters.empty())
      fail(free.loc, "calibrate.free", fmt::format("model '{}' has no parameter tagged [A] or cal with a typical range", m.name));
    return;
  }
  if (!free.is_map()) fail(free.loc, "calibrate.free", "expected 'default' or a map of parameters, found " + yk_describe(free));
  if (!excluded.empty()) fail(c.key_locs[static_cast<std::size_t>(c.index_of("exclude"))], "calibrate.exclude", "exclude applies only to free: default");
  for (std::size_t i = 0; i < free.keys.size(); ++i) {
    const std::string key = "calibrate.free." + free.keys[i];
    spec.parameters.push_back(read_free_entry(m, free.keys[i], free.items[i], free.key_locs[i], key));
    spec.integer.push_back(m.params.find(free.keys[i].substr(7))->type == ParamType::kInt);
  }
  if (spec.parameters.empty()) fail(free.loc, "calibrate.free", "no free parameter");
}

Target read_target(const std::string& name, const Node& v, const std::string& key, TargetSource& where) {
  require_map(v, key);
  check_keys(v, key, {"final", "minus", "interval", "above", "below", "value", "scale"});
  Target t;
  t.name = name;
  const Node& fin = need(v, key, "final", "the final value the target reads");
  t.final_name = read_text(fin, key + ".final", "a final value's name");
  where.final_loc = {fin.loc.src ? fin.loc.src->file : "", fin.loc.line, fin.loc.column};
  if (const Node* mn = v.find("minus")) {
    t.minus_final = read_text(*mn, key + ".minus", "a final value's name");
    where.minus_loc = {mn->loc.src ? mn->loc.src->file : "", mn->loc.line, mn->loc.column};
  }
  int patterns = 0;
  if (const Node* iv = v.find("interval")) {
    ++patterns;
    if (!iv->is_sequence() || iv->items.size() != 2)
      fail(iv->loc, key + ".interval", "expected [lo, hi], found " + yk_describe(*iv));
    t.lo = read_real(iv->items[0], key + ".interval");
    t.hi = read_real(iv->items[1], key + ".interval");
    if (!(t.lo < t.hi)) fail(iv->loc, key + ".interval", fmt::format("lo ({}) must be below hi ({})", t.lo, t.hi));
  }
  const Node* above = v.find("above");
  const Node* below = v.find("below");
  if (above || below) ++patterns;
  if (above) t.lo = read_real(*above, key + ".above");
  if (below) t.hi = read_real(*below, key + ".below");
  if (above && below && !(t.lo < t.hi))
    fail(below->loc, key + ".below", fmt::format("below ({}) must exceed above ({})", t.hi, t.lo));
  if (const Node* val = v.find("value")) {
    ++patterns;
    t.lo = t.hi = read_real(*val, key + ".value");
  }
  if (patterns != 1)
    fail(v.loc, key, patterns == 0 ? "missing the pattern: give interval: [lo, hi], above: x, below: x or value: x"
                                   : "give exactly one of interval, above/below and value");
  if (const Node* sc = v.find("scale")) {
    t.scale = read_real(*sc, key + ".scale");
    if (!(t.scale > 0)) fail(sc->loc, key + ".scale", "must be > 0");
  }
  try {
    return resolve_target(t);
  } catch (const InputError& e) {
    std::string msg = e.what();
    const std::string prefix = "targets." + name + ": ";
    if (const auto pos = msg.find(prefix); pos != std::string::npos) msg = msg.substr(pos + prefix.size());
    fail(v.loc, key, msg);
  }
}

void read_settings(CalibrationSpec& spec, const Node& c) {
  Settings& s = spec.settings;
  if (const Node* v = c.find("seed")) s.seed = static_cast<uint64_t>(read_int(*v, "calibrate.seed", 0, std::numeric_limits<int64_t>::max()));
  if (const Node* v = c.find("population")) s.population = static_cast<std::size_t>(read_int(*v, "calibrate.population", 2, 10'000'000));
  if (const Node* v = c.find("replicates")) s.replicates = static_cast<uint32_t>(read_int(*v, "calibrate.replicates", 1, 100'000));
  if (const Node* v = c.find("max_generations")) s.max_generations = static_cast<std::size_t>(read_int(*v, "calibrate.max_generations", 1, 100'000));
  if (const Node* v = c.find("quantile")) {
    s.quantile = read_real(*v, "calibrate.quantile");
    if (!(s.quantile > 0 && s.quantile <= 1)) fail(v->loc, "calibrate.quantile", fmt::format("value {} is outside the domain (0, 1]", s.quantile));
  }
  if (const Node* v = c.find("acceptance_floor")) {
    s.acceptance_floor = read_real(*v, "calibrate.acceptance_floor");
    if (!(s.acceptance_floor > 0 && s.acceptance_floor <= 1))
      fail(v->loc, "calibrate.acceptance_floor", fmt::format("value {} is outside the domain (0, 1]", s.acceptance_floor));
    if (static_cast<double>(s.population) / s.acceptance_floor > 4.0e9)
      fail(v->loc, "calibrate.acceptance_floor", "population / acceptance_floor must stay below 4e9 proposals per generation");
  }
  if (const Node* v = c.find("flat_uninformed")) {
    s.flat_uninformed = read_real(*v, "calibrate.flat_uninformed");
    if (!(s.flat_uninformed >= 0 && s.flat_uninformed <= 1))
      fail(v->loc, "calibrate.flat_uninformed", fmt::format("value {} is outside the domain [0, 1]", s.flat_uninformed));
  }
  s.kernel = KernelKind::kGaussian;
  if (const Node* v = c.find("kernel")) {
    const std::string k = read_text(*v, "calibrate.kernel", "a kernel");
    if (k == "reflected") s.kernel = KernelKind::kReflected;
    else if (k != "gaussian") fail(v->loc, "calibrate.kernel", fmt::format("unknown kernel '{}'{}", k, did_you_mean(k, {"gaussian", "reflected"})));
  }
  if (s.flat_uninformed > 0 && s.kernel != KernelKind::kReflected)
    fail(c.key_locs[static_cast<std::size_t>(c.index_of("flat_uninformed"))], "calibrate.flat_uninformed",
         "applies only to kernel: reflected");
}

}  // namespace

CalibrationSpec load_calibration(const std::string& path, const Catalog& catalog,
                                 const std::vector<Override>& overrides) {
  CalibrationSpec spec;
  spec.file = path;
  spec.input_yaml = read_input_file(path);
  const Node root = load_map(path, spec.input_yaml);
  check_keys(root, "", {"calibrate", "output"});
  const Node& c = require_map(need(root, "", "calibrate"), "calibrate");
  check_keys(c, "calibrate", kCalibrateKeys);
  spec.name = fs::path(path).stem().string();
  if (const Node* v = c.find("name")) spec.name = read_text(*v, "calibrate.name", "a name");
  if (const Node* v = c.find("description")) spec.description = v->scalar;
  const Node& base = need(c, "calibrate", "base", "the base scenario, relative to this file");
  spec.base_file = resolve_relative(base.loc, read_text(base, "calibrate.base", "a file path"));
  if (const Node* set = c.find("set")) {
    require_map(*set, "calibrate.set");
    for (std::size_t i = 0; i < set->keys.size(); ++i)
      spec.base_overrides.push_back(
          {set->keys[i] + "=" + set_value_text(set->items[i], "calibrate.set." + set->keys[i])});
  }
  for (const auto& o : overrides) spec.base_overrides.push_back(o);
  if (!fs::exists(spec.base_file))
    fail(base.loc, "calibrate.base", fmt::format("cannot open scenario file '{}': no such file", spec.base_file));
  spec.base = load_scenario(spec.base_file, catalog, spec.base_overrides);
  spec.model = spec.base->model;
  for (const auto& w : spec.base->warnings) spec.warnings.push_back(w);
  const ModelEntry* m = catalog.find_model(spec.model);
  if (!m) fail(base.loc, "calibrate.base", fmt::format("unknown model '{}'", spec.model));
  read_settings(spec, c);
  read_free(spec, *m, c);
  const Node& targets = require_map(need(c, "calibrate", "targets", "a map NAME: {final, interval|above|below|value}"),
                                    "calibrate.targets");
  if (targets.keys.empty()) fail(targets.loc, "calibrate.targets", "no target");
  for (std::size_t i = 0; i < targets.keys.size(); ++i) {
    TargetSource where;
    spec.targets.push_back(read_target(targets.keys[i], targets.items[i], "calibrate.targets." + targets.keys[i], where));
    spec.target_sources.push_back(where);
  }
  if (const Node* out = root.find("output")) {
    require_map(*out, "output");
    check_keys(*out, "output", {"path"});
    if (const Node* p = out->find("path")) spec.output.path = read_text(*p, "output.path", "a file path");
  }
  // Every check of the algorithm's own (check_settings, check_parameter) once more.
  check_settings(spec.settings);
  return spec;
}

void check_final_names(const CalibrationSpec& spec, const std::vector<std::string>& finals) {
  for (std::size_t i = 0; i < spec.targets.size(); ++i) {
    const Target& t = spec.targets[i];
    const std::string key = "calibrate.targets." + t.name;
    auto known = [&](const std::string& n) { return std::find(finals.begin(), finals.end(), n) != finals.end(); };
    if (!known(t.final_name))
      throw InputError(spec.target_sources[i].final_loc, key + ".final",
                       fmt::format("unknown final value '{}' of model '{}'{}", t.final_name, spec.model,
                                   did_you_mean(t.final_name, finals)));
    if (!t.minus_final.empty() && !known(t.minus_final))
      throw InputError(spec.target_sources[i].minus_loc, key + ".minus",
                       fmt::format("unknown final value '{}' of model '{}'{}", t.minus_final, spec.model,
                                   did_you_mean(t.minus_final, finals)));
  }
}

std::string override_text(const CalibrationSpec& spec, std::size_t k, double value) {
  const std::string& name = spec.parameters[k].name;
  if (k < spec.integer.size() && spec.integer[k]) return fmt::format("{}={}", name, static_cast<int64_t>(std::llround(value)));
  return fmt::format("{}={}", name, yk_format_real(value));
}

ScenarioPtr proposal_scenario(const CalibrationSpec& spec, const Catalog& catalog, const std::vector<double>& theta) {
  std::vector<Override> ov = spec.base_overrides;
  for (std::size_t k = 0; k < theta.size(); ++k) ov.push_back({override_text(spec, k, theta[k])});
  ov.push_back({fmt::format("seed={}", spec.settings.seed)});
  ov.push_back({fmt::format("replicates={}", spec.settings.replicates)});
  return load_scenario(spec.base_file, catalog, ov);
}

}  // namespace govsim::sim::calibrate
