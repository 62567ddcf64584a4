#include "sim/calibrate/calibration_file.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <mutex>
#include <numeric>

#include "sim/core/error.hpp"
#include "sim/output/h5.hpp"

namespace govsim::sim::calibrate {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string generation_path(std::size_t g) { return fmt::format("/calibration/generations/{:03d}", g); }

std::string fmt_num(double v) { return fmt::format("{:.6g}", v); }

// The datasets of one population (a generation or the posterior) into group `g`.
void write_population(hid_t g, const Generation& gen) {
  const hsize_t n = gen.size(), d = gen.dims, t = gen.targets;
  h5::write_f64s(g, "particles", gen.particles.data(), {n, d}, h5::Layout::kChunked);
  h5::write_f64s(g, "weights", gen.weights.data(), {n}, h5::Layout::kChunked);
  h5::write_f64s(g, "distances", gen.distances.data(), {n}, h5::Layout::kChunked);
  h5::write_f64s(g, "target_values", gen.quantities.data(), {n, t}, h5::Layout::kChunked);
}

void write_settings(hid_t c, const CalibrationRecord& r) {
  const Settings& s = r.settings;
  h5::write_u64_attr(c, "population", s.population);
  h5::write_f64_attr(c, "quantile", s.quantile);
  h5::write_u32_attr(c, "replicates", s.replicates);
  h5::write_u64_attr(c, "max_generations", s.max_generations);
  h5::write_f64_attr(c, "acceptance_floor", s.acceptance_floor);
  h5::write_string_attr(c, "kernel", to_string(s.kernel));
  h5::write_f64_attr(c, "calibrator_seconds",
                     std::accumulate(r.calibrator_seconds.begin(), r.calibrator_seconds.end(), 0.0));
}

void write_parameters(hid_t file, const std::vector<Parameter>& params) {
  const h5::Handle g = h5::ensure_group(file, "/calibration/parameters");
  std::vector<std::string> names, prior;
  std::vector<double> lo, hi;
  for (const Parameter& p : params) {
    names.push_back(p.name);
    prior.push_back(to_string(p.prior));
    lo.push_back(p.lo);
    hi.push_back(p.hi);
  }
  h5::write_strings(g.id(), "names", names);
  h5::write_strings(g.id(), "prior", prior);
  h5::write_f64s(g.id(), "lo", lo.data(), {lo.size()});
  h5::write_f64s(g.id(), "hi", hi.data(), {hi.size()});
}

void write_targets(hid_t file, const std::vector<Target>& targets) {
  const h5::Handle g = h5::ensure_group(file, "/calibration/targets");
  std::vector<std::string> names, kind, def;
  std::vector<double> lo, hi, value, scale;
  for (const Target& t : targets) {
    names.push_back(t.name);
    kind.push_back(target_kind(t));
    def.push_back(target_definition(t));
    const bool is_value = t.lo == t.hi;
    lo.push_back(!is_value && std::isfinite(t.lo) ? t.lo : kNaN);
    hi.push_back(!is_value && std::isfinite(t.hi) ? t.hi : kNaN);
    value.push_back(is_value ? t.lo : kNaN);
    scale.push_back(t.scale);
  }
  h5::write_strings(g.id(), "names", names);
  h5::write_strings(g.id(), "kind", kind);
  h5::write_strings(g.id(), "definition", def);
  h5::write_f64s(g.id(), "lo", lo.data(), {lo.size()});
  h5::write_f64s(g.id(), "hi", hi.data(), {hi.size()});
  h5::write_f64s(g.id(), "value", value.data(), {value.size()});
  h5::write_f64s(g.id(), "scale", scale.data(), {scale.size()});
  // How to compute each target from a run's finals (a difference when `minus` is not empty).
  std::vector<std::string> fin, minus;
  for (const Target& t : targets) {
    fin.push_back(t.final_name);
    minus.push_back(t.minus_final);
  }
  h5::write_strings(g.id(), "final", fin);
  h5::write_strings(g.id(), "minus_final", minus);
}

void write_body(hid_t file, const CalibrationRecord& r) {
  {
    const h5::Handle root = h5::open_group(file, "/");
    h5::write_i32_attr(root.id(), "format_version", kCalibrationFormatVersion);
    h5::write_string_attr(root.id(), "input_yaml", r.input_yaml);
    h5::write_i32_attr(root.id(), "finished", r.finished ? 1 : 0);
    h5::write_string_attr(root.id(), "stop_reason", stop_reason_text(r.stop));
  }
  const h5::Handle c = h5::ensure_group(file, "/calibration");
  write_settings(c.id(), r);
  write_parameters(file, r.parameters);
  write_targets(file, r.targets);
  (void)h5::ensure_group(file, "/calibration/generations");
  for (std::size_t g = 0; g < r.generations.size(); ++g) {
    const Generation& gen = r.generations[g];
    const h5::Handle gg = h5::ensure_group(file, generation_path(g));
    write_population(gg.id(), gen);
    h5::write_u64s(gg.id(), "proposal_index", gen.index);
    h5::write_f64_attr(gg.id(), "epsilon", gen.epsilon);
    h5::write_f64_attr(gg.id(), "acceptance_rate", gen.acceptance_rate);
    h5::write_i64_attr(gg.id(), "proposals", static_cast<int64_t>(gen.proposals));
    h5::write_f64_attr(gg.id(), "ess", gen.ess);
    h5::write_f64_attr(gg.id(), "wall_seconds", g < r.wall_seconds.size() ? r.wall_seconds[g] : kNaN);
    h5::write_f64_attr(gg.id(), "calibrator_seconds",
                       g < r.calibrator_seconds.size() ? r.calibrator_seconds[g] : kNaN);
    h5::write_i64_attr(gg.id(), "redraws", static_cast<int64_t>(gen.redraws));
  }
  if (r.generations.empty()) return;
  const Generation& last = r.generations.back();
  const h5::Handle p = h5::ensure_group(file, "/calibration/posterior");
  write_population(p.id(), last);
  std::vector<std::string> names;
  for (const Parameter& q : r.parameters) names.push_back(q.name);
  h5::write_strings(p.id(), "parameter_names", names);
  h5::write_i64_attr(p.id(), "generation", last.number);
  h5::write_f64_attr(p.id(), "epsilon", last.epsilon);
  h5::write_f64_attr(p.id(), "ess", last.ess);
}

// Reading: every failure becomes an InputError naming the file and the object.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {
    h5::quiet();
    try {
      file_ = h5::open_file(path_);
    } catch (const h5::Failure&) {
      fail("", "cannot open it as an HDF5 file");
    }
  }
  hid_t id() const { return file_.id(); }
  [[noreturn]] void fail(const std::string& object, const std::string& message) const {
    throw InputError(SourceLocation{path_}, object, message);
  }
  void need(const std::string& object, const std::string& why = {}) const {
    if (!h5::exists(file_.id(), object)) fail(object, "missing" + why);
  }
  template <class F>
  auto read(const std::string& object, F&& f) const {
    need(object);
    try {
      return f();
    } catch (const h5::Failure& e) {
      fail(object, e.what());
    }
  }
  std::vector<double> f64s(const std::string& object, std::vector<hsize_t>* dims = nullptr) const {
    return read(object, [&] { return h5::read_f64s(file_.id(), object, dims); });
  }
  std::vector<std::string> strings(const std::string& object) const {
    return read(object, [&] { return h5::read_strings(file_.id(), object); });
  }
  std::string root_string(const std::string& name) const {
    const h5::Handle root = h5::open_group(file_.id(), "/");
    if (!h5::has_attr(root.id(), name)) fail("/", fmt::format("attribute '{}' missing", name));
    try {
      return h5::read_string_attr(root.id(), name);
    } catch (const h5::Failure& e) {
      fail("/", e.what());
    }
  }
  double f64_attr(const std::string& object, const std::string& name, double fallback) const {
    const h5::Handle g = h5::open_group(file_.id(), object);
    if (!h5::has_attr(g.id(), name)) return fallback;
    try {
      return h5::read_f64_attr(g.id(), name);
    } catch (const h5::Failure& e) {
      fail(object, e.what());
    }
  }
  int64_t i64_attr(const std::string& object, const std::string& name, int64_t fallback) const {
    const h5::Handle g = h5::open_group(file_.id(), object);
    if (!h5::has_attr(g.id(), name)) return fallback;
    try {
      return h5::read_i64_attr(g.id(), name);
    } catch (const h5::Failure& e) {
      fail(object, e.what());
    }
  }
  std::string string_attr(const std::string& object, const std::string& name) const {
    const h5::Handle g = h5::open_group(file_.id(), object);
    if (!h5::has_attr(g.id(), name)) return {};
    try {
      return h5::read_string_attr(g.id(), name);
    } catch (const h5::Failure& e) {
      fail(object, e.what());
    }
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  h5::Handle file_;
};

void check_kind(const Reader& in) {
  const std::string kind = in.root_string("kind");
  if (kind != "calibrate")
    in.fail("/", fmt::format("a results file of kind '{}', not a calibration (govsim calibrate)", kind));
}

// A population group: particles [n][d], weights [n], distances [n], target_values [n][t].
Generation read_population(const Reader& in, const std::string& g, std::size_t d, std::size_t t) {
  Generation gen;
  std::vector<hsize_t> dims;
  gen.particles = in.f64s(g + "/particles", &dims);
  if (dims.size() != 2 || dims[1] != d) in.fail(g + "/particles", fmt::format("expected [N][{}]", d));
  const std::size_t n = dims[0];
  gen.dims = d;
  gen.targets = t;
  gen.weights = in.f64s(g + "/weights");
  gen.distances = in.f64s(g + "/distances");
  if (gen.weights.size() != n) in.fail(g + "/weights", fmt::format("expected {} values", n));
  if (gen.distances.size() != n) in.fail(g + "/distances", fmt::format("expected {} values", n));
  if (h5::exists(in.id(), g + "/target_values")) {
    gen.quantities = in.f64s(g + "/target_values", &dims);
    if (gen.quantities.size() != n * t) in.fail(g + "/target_values", fmt::format("expected [{}][{}]", n, t));
  }
  gen.ess = in.f64_attr(g, "ess", kNaN);
  gen.epsilon = in.f64_attr(g, "epsilon", kNaN);
  return gen;
}

}  // namespace

std::string stop_reason_text(StopReason reason) {
  switch (reason) {
    case StopReason::kRunning: return "";
    case StopReason::kToleranceZero: return "epsilon 0";
    case StopReason::kMaxGenerations: return "max generations";
    case StopReason::kAcceptanceFloor: return "acceptance below floor";
  }
  return "";
}

std::string target_kind(const Target& t) {
  if (t.lo == t.hi) return "value";
  if (std::isfinite(t.lo) && std::isfinite(t.hi)) return "interval";
  return std::isfinite(t.lo) ? "above" : "below";
}

std::string target_definition(const Target& t) {
  std::string q = t.final_name;
  if (!t.minus_final.empty()) q += " - " + t.minus_final;
  std::string pattern;
  const std::string kind = target_kind(t);
  if (kind == "value") pattern = fmt::format("{} = {}", q, fmt_num(t.lo));
  else if (kind == "interval") pattern = fmt::format("{} in [{}, {}]", q, fmt_num(t.lo), fmt_num(t.hi));
  else if (kind == "above") pattern = fmt::format("{} > {}", q, fmt_num(t.lo));
  else pattern = fmt::format("{} < {}", q, fmt_num(t.hi));
  return fmt::format("{} (scale {})", pattern, fmt_num(t.scale));
}

void write_calibration_file(const std::string& path, bool force, const CalibrationRecord& r) {
  FileHeader header;
  header.kind = "calibrate";
  header.name = r.name;
  header.model = r.model;
  header.scenario_yaml = r.scenario_yaml;
  header.seed = r.seed;
  header.replicates = r.settings.replicates;
  header.provenance = r.provenance;
  std::lock_guard<std::mutex> lock(h5::mutex());
  ResultFile out(path, force, header);
  try {
    write_body(out.id(), r);
  } catch (const h5::Failure& e) {
    out.check();
    throw OutputError(fmt::format("cannot write calibration file '{}': {}", path, e.what()));
  }
  out.check();
  out.commit();
}

CalibrationRecord read_calibration(const std::string& path) {
  const Reader in(path);
  check_kind(in);
  CalibrationRecord r;
  r.model = in.root_string("model");
  r.name = in.root_string("name");
  r.scenario_yaml = in.root_string("scenario_yaml");
  r.input_yaml = in.root_string("input_yaml");
  r.finished = in.i64_attr("/", "finished", 0) != 0;
  const std::string stop = in.string_attr("/", "stop_reason");
  for (StopReason s : {StopReason::kToleranceZero, StopReason::kMaxGenerations, StopReason::kAcceptanceFloor})
    if (stop == stop_reason_text(s)) r.stop = s;
  {
    const h5::Handle root = h5::open_group(in.id(), "/");
    r.seed = h5::read_u64_attr(root.id(), "seed");
  }
  in.need("/calibration");
  r.settings.population = static_cast<std::size_t>(in.i64_attr("/calibration", "population", 0));
  r.settings.quantile = in.f64_attr("/calibration", "quantile", kNaN);
  r.settings.replicates = static_cast<uint32_t>(in.i64_attr("/calibration", "replicates", 0));
  r.settings.max_generations = static_cast<std::size_t>(in.i64_attr("/calibration", "max_generations", 0));
  r.settings.acceptance_floor = in.f64_attr("/calibration", "acceptance_floor", kNaN);
  r.settings.kernel = in.string_attr("/calibration", "kernel") == "gaussian" ? KernelKind::kGaussian
                                                                             : KernelKind::kReflected;
  r.settings.seed = r.seed;
  const auto names = in.strings("/calibration/parameters/names");
  const auto prior = in.strings("/calibration/parameters/prior");
  const auto lo = in.f64s("/calibration/parameters/lo");
  const auto hi = in.f64s("/calibration/parameters/hi");
  const std::size_t d = names.size();
  if (prior.size() != d || lo.size() != d || hi.size() != d)
    in.fail("/calibration/parameters", fmt::format("names, prior, lo and hi must have {} entries", d));
  for (std::size_t k = 0; k < d; ++k)
    r.parameters.push_back({names[k], prior[k] == "log_uniform" ? PriorKind::kLogUniform : PriorKind::kUniform,
                            lo[k], hi[k]});
  const std::string tg = "/calibration/targets";
  const auto tn = in.strings(tg + "/names");
  const auto tlo = in.f64s(tg + "/lo"), thi = in.f64s(tg + "/hi"), tval = in.f64s(tg + "/value"),
             tsc = in.f64s(tg + "/scale");
  const auto tfin = h5::exists(in.id(), tg + "/final") ? in.strings(tg + "/final") : tn;
  const auto tmin = h5::exists(in.id(), tg + "/minus_final") ? in.strings(tg + "/minus_final")
                                                             : std::vector<std::string>(tn.size());
  const std::size_t nt = tn.size();
  if (tlo.size() != nt || thi.size() != nt || tval.size() != nt || tsc.size() != nt ||
      tfin.size() != nt || tmin.size() != nt)
    in.fail(tg, fmt::format("every target dataset must have {} entries", nt));
  for (std::size_t k = 0; k < nt; ++k) {
    Target t{tn[k], tfin[k], tmin[k], -kInf, kInf, tsc[k]};
    if (!std::isnan(tval[k])) t.lo = t.hi = tval[k];
    else {
      if (!std::isnan(tlo[k])) t.lo = tlo[k];
      if (!std::isnan(thi[k])) t.hi = thi[k];
    }
    r.targets.push_back(std::move(t));
  }
  const std::string gens = "/calibration/generations";
  in.need(gens);
  for (std::size_t g = 0;; ++g) {
    const std::string gp = generation_path(g);
    if (!h5::exists(in.id(), gp)) break;
    Generation gen = read_population(in, gp, d, nt);
    gen.number = static_cast<uint32_t>(g);
    if (h5::exists(in.id(), gp + "/proposal_index"))
      gen.index = in.read(gp + "/proposal_index", [&] { return h5::read_u64s(in.id(), gp + "/proposal_index"); });
    gen.acceptance_rate = in.f64_attr(gp, "acceptance_rate", kNaN);
    gen.proposals = static_cast<uint64_t>(in.i64_attr(gp, "proposals", 0));
    gen.redraws = static_cast<uint64_t>(in.i64_attr(gp, "redraws", 0));
    r.wall_seconds.push_back(in.f64_attr(gp, "wall_seconds", kNaN));
    r.calibrator_seconds.push_back(in.f64_attr(gp, "calibrator_seconds", kNaN));
    r.generations.push_back(std::move(gen));
  }
  return r;
}

PosteriorSample read_posterior(const std::string& path) {
  const Reader in(path);
  check_kind(in);
  const std::string p = "/calibration/posterior";
  in.need(p, " (the calibration has not finished a generation)");
  PosteriorSample s;
  s.model = in.root_string("model");
  s.scenario_yaml = in.root_string("scenario_yaml");
  s.names = in.strings(p + "/parameter_names");
  std::vector<hsize_t> dims;
  s.particles = in.f64s(p + "/particles", &dims);
  if (dims.size() != 2 || dims[1] != s.names.size())
    in.fail(p + "/particles", fmt::format("expected [N][{}] (one column per parameter name)", s.names.size()));
  s.n = dims[0];
  s.weights = in.f64s(p + "/weights");
  if (s.weights.size() != s.n) in.fail(p + "/weights", fmt::format("expected {} values", s.n));
  s.generation = static_cast<std::size_t>(in.i64_attr(p, "generation", 0));
  s.epsilon = in.f64_attr(p, "epsilon", kNaN);
  return s;
}

}  // namespace govsim::sim::calibrate
