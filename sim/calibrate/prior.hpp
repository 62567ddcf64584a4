// File: sim/calibrate/prior.hpp
//
// Free parameters of a calibration and their priors (model spec 6.2): `uniform` or
// `log_uniform` over [lo, hi]. Besides the density on the parameter's own scale, a parameter
// has a *kernel coordinate* z = x (uniform) or z = ln x (log_uniform): the coordinate in which
// ABC-PMC (abc_pmc.hpp) measures covariances and perturbs particles. Every prior is flat in
// its kernel coordinate on [z(lo), z(hi)], so a log-uniform parameter is perturbed by a
// *factor* of fixed spread whatever its magnitude, and the prior ratio of the importance
// weight is constant inside the support.
//
// All functions are pure; `check_parameter` throws InputError for a bad range.
#pragma once

#include <string>

namespace govsim::sim::calibrate {

enum class PriorKind { kUniform, kLogUniform };

// "uniform" / "log_uniform".
const char* to_string(PriorKind kind);

// One free parameter. `name` is whatever the caller uses to set it ("params.theta_mu").
struct Parameter {
  std::string name;
  PriorKind prior = PriorKind::kUniform;
  double lo = 0.0;  // finite, lo < hi; lo > 0 for log_uniform
  double hi = 1.0;
};

// Throws InputError "priors.<name>: ..." when the range is not finite, lo >= hi, or a
// log-uniform lo <= 0.
void check_parameter(const Parameter& p);

// lo <= x <= hi (closed support).
bool in_support(const Parameter& p, double x);

// Prior density on the parameter's own scale: 1/(hi - lo) or 1/(x ln(hi/lo)); 0 outside.
double prior_density(const Parameter& p, double x);

// The prior's inverse CDF at u in (0, 1]: lo + u (hi - lo), or lo (hi/lo)^u; clamped to
// [lo, hi] against rounding.
double sample_prior(const Parameter& p, double u);

// Kernel coordinate z of x: x or ln x.
double to_kernel(const Parameter& p, double x);

// Inverse of to_kernel, clamped to [lo, hi] against rounding.
double from_kernel(const Parameter& p, double z);

// The support in kernel coordinates: [z(lo), z(hi)].
double kernel_lo(const Parameter& p);
double kernel_hi(const Parameter& p);

// ln of the prior density in kernel coordinates at z: -ln(z(hi) - z(lo)) inside the support,
// -inf outside.
double log_prior_kernel(const Parameter& p, double z);

}  // namespace govsim::sim::calibrate
