// File: models/kernels/math.hpp
// Small numeric helpers shared by the kernels (model spec section 4 notation).
#pragma once

#include <algorithm>
#include <cmath>

namespace govsim::models::kernels {

// σ(z) = 1/(1+e^−z), evaluated without overflow for large |z|.
inline double sigmoid(double z) noexcept {
  if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

// logit(p) = ln(p/(1−p)) for p in (0,1).
inline double logit(double p) noexcept { return std::log(p / (1.0 - p)); }

inline double clip01(double x) noexcept { return std::clamp(x, 0.0, 1.0); }

// round(x) = ⌊x + ½⌋ in double (spec E26).
inline double round_half_up(double x) noexcept { return std::floor(x + 0.5); }

}  // namespace govsim::models::kernels
