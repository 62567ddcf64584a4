#include "sim/calibrate/target.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"
#include "sim/scenario/suggest.hpp"

namespace govsim::sim::calibrate {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

[[noreturn]] void fail(const Target& t, const std::string& message) {
  throw InputError(SourceLocation{}, "targets." + t.name, message);
}

double default_scale(const Target& t) {
  const bool lo_finite = std::isfinite(t.lo), hi_finite = std::isfinite(t.hi);
  if (lo_finite && hi_finite && t.hi > t.lo) return t.hi - t.lo;
  const double v = lo_finite ? t.lo : t.hi;  // the value, or the one finite bound
  if (v != 0.0) return std::abs(v) * 0.1;
  fail(t, lo_finite && hi_finite
              ? "a target value of 0 needs an explicit scale (|value| * 0.1 would be 0)"
              : "a one-sided target with bound 0 needs an explicit scale (|bound| * 0.1 would be "
                "0)");
}

}  // namespace

Target resolve_target(Target t) {
  if (t.final_name.empty()) fail(t, "no final value named");
  if (std::isnan(t.lo) || std::isnan(t.hi)) fail(t, "an interval end is not a number");
  if (t.lo > t.hi) fail(t, "the interval needs lo <= hi");
  if (!std::isfinite(t.lo) && !std::isfinite(t.hi)) fail(t, "the interval needs a finite end");
  if (t.lo == kInf || t.hi == -kInf) fail(t, "the interval is empty");
  if (std::isnan(t.scale)) {
    t.scale = default_scale(t);
  } else if (!(t.scale > 0.0) || !std::isfinite(t.scale)) {
    fail(t, "the scale must be a finite number > 0");
  }
  return t;
}

double target_distance(const Target& t, double q) {
  if (std::isnan(q)) return kInf;
  if (q < t.lo) return (t.lo - q) / t.scale;
  if (q > t.hi) return (q - t.hi) / t.scale;
  return 0.0;
}

double particle_distance(std::span<const Target> targets, std::span<const double> q) {
  double rho = 0.0;
  for (std::size_t k = 0; k < targets.size(); ++k) rho = std::max(rho, target_distance(targets[k], q[k]));
  return rho;
}

namespace {
double final_value(const Target& t, const std::string& name, std::span<const FinalValue> finals) {
  for (const auto& f : finals)
    if (f.name == name) return f.value;
  std::vector<std::string> names;
  names.reserve(finals.size());
  for (const auto& f : finals) names.push_back(f.name);
  fail(t, "no final value '" + name + "' in the model's output" + did_you_mean(name, names));
}
}  // namespace

double run_quantity(const Target& t, std::span<const FinalValue> finals) {
  const double a = final_value(t, t.final_name, finals);
  if (t.minus_final.empty()) return a;
  return a - final_value(t, t.minus_final, finals);
}

std::vector<double> mean_quantities(std::span<const Target> targets,
                                    std::span<const std::vector<FinalValue>> runs) {
  std::vector<double> out(targets.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t k = 0; k < targets.size(); ++k) {
    double sum = 0.0;
    std::size_t n = 0;
    for (const auto& finals : runs) {  // replicate order: a fixed summation order
      const double q = run_quantity(targets[k], finals);
      if (std::isfinite(q)) {
        sum += q;
        ++n;
      }
    }
    if (n > 0) out[k] = sum / static_cast<double>(n);
  }
  return out;
}

}  // namespace govsim::sim::calibrate
