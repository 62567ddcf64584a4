// File: models/kernels/threshold.hpp
//
// Threshold contagion kernel (Granovetter 1978; Watts 2002; model spec 4.6.4).
// Shared by the isolation model `threshold_cascade` and the governance model's voluntary
// decision: both call these functions, never a copy.
#pragma once

#include <cstdint>
#include <span>

#include "models/kernels/math.hpp"
#include "sim/graph/csr_view.hpp"

namespace govsim::models::kernels {

// Probability that a resident acts this step (spec 4.6.4):
//   P = 1 − (1 − p_act·σ((x − θ_eff)/τ))·(1 − eps_spont),
// with τ = 0 meaning the deterministic step [x ≥ θ_eff] in place of the logistic.
// x: neighbour signal in [0,1]; θ_eff: effective threshold; p_act: weekly opportunity in (0,1];
// eps_spont: spontaneous rate in [0,1]; τ: logit noise >= 0.
inline double activation_probability(double x, double theta_eff, double p_act, double eps_spont,
                                     double tau) noexcept {
  const double response = tau > 0.0 ? sigmoid((x - theta_eff) / tau) : (x >= theta_eff ? 1.0 : 0.0);
  return clip01(1.0 - (1.0 - p_act * response) * (1.0 - eps_spont));
}

// The smallest and the largest value activation_probability can take for any x and θ_eff, as
// computed (response 0 and 1 in the same expression; every step of it is monotone under
// rounding, so no computed probability lies outside). A Bernoulli draw u below the first, or at
// or above the second when it is < 1, is decided without the response (docs/performance.md, second round, change 7).
struct ProbabilityBounds {
  double lo, hi;
};
inline ProbabilityBounds activation_probability_bounds(double p_act, double eps_spont) noexcept {
  return {clip01(1.0 - (1.0 - p_act * 0.0) * (1.0 - eps_spont)),
          clip01(1.0 - (1.0 - p_act * 1.0) * (1.0 - eps_spont))};
}

// The deterministic threshold rule [x ≥ θ] (Granovetter 1978; Watts 2002; spec 4.6.4 isolation
// mode, E29). Equal to activation_probability(x, θ, 1, 0, 0), without the floating arithmetic.
inline bool threshold_met(double x, double theta) noexcept { return x >= theta; }

// Number of neighbours of storage position i for which `flag[neighbour] != 0` (a pull over the
// CSR row; never writes).
template <class Flag>
inline uint32_t count_flagged(const sim::CsrView& g, uint32_t i, const Flag* flag) noexcept {
  uint32_t n = 0;
  const uint64_t e = g.offsets[i + 1];
  for (uint64_t k = g.offsets[i]; k != e; ++k) n += flag[g.targets[k]] != 0 ? 1u : 0u;
  return n;
}

// Fraction of active neighbours (0 for an isolated node, spec E16).
template <class Flag>
inline double active_fraction(const sim::CsrView& g, uint32_t i, const Flag* flag) noexcept {
  const uint32_t k = g.degree(i);
  return k == 0 ? 0.0 : static_cast<double>(count_flagged(g, i, flag)) / static_cast<double>(k);
}

}  // namespace govsim::models::kernels
