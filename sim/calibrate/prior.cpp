#include "sim/calibrate/prior.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/core/error.hpp"

namespace govsim::sim::calibrate {

namespace {
bool is_log(const Parameter& p) { return p.prior == PriorKind::kLogUniform; }
}  // namespace

const char* to_string(PriorKind kind) {
  return kind == PriorKind::kUniform ? "uniform" : "log_uniform";
}

void check_parameter(const Parameter& p) {
  const std::string key = "priors." + p.name;
  if (!std::isfinite(p.lo) || !std::isfinite(p.hi))
    throw InputError(SourceLocation{}, key, "the prior range must be finite");
  if (!(p.lo < p.hi)) throw InputError(SourceLocation{}, key, "the prior range needs lo < hi");
  if (is_log(p) && !(p.lo > 0.0))
    throw InputError(SourceLocation{}, key, "a log_uniform prior needs lo > 0");
}

bool in_support(const Parameter& p, double x) { return x >= p.lo && x <= p.hi; }

double prior_density(const Parameter& p, double x) {
  if (!in_support(p, x)) return 0.0;
  if (is_log(p)) return 1.0 / (x * std::log(p.hi / p.lo));
  return 1.0 / (p.hi - p.lo);
}

double sample_prior(const Parameter& p, double u) {
  const double z0 = kernel_lo(p), z1 = kernel_hi(p);
  return from_kernel(p, z0 + u * (z1 - z0));
}

double to_kernel(const Parameter& p, double x) { return is_log(p) ? std::log(x) : x; }

double from_kernel(const Parameter& p, double z) {
  return std::clamp(is_log(p) ? std::exp(z) : z, p.lo, p.hi);
}

double kernel_lo(const Parameter& p) { return to_kernel(p, p.lo); }
double kernel_hi(const Parameter& p) { return to_kernel(p, p.hi); }

double log_prior_kernel(const Parameter& p, double z) {
  const double z0 = kernel_lo(p), z1 = kernel_hi(p);
  return (z >= z0 && z <= z1) ? -std::log(z1 - z0) : -std::numeric_limits<double>::infinity();
}

}  // namespace govsim::sim::calibrate
