// File: models/kernels/bounded_confidence.hpp
//
// Bounded-confidence averaging (Deffuant, Neau, Amblard & Weisbuch 2000; model spec 4.6.7):
// two agents whose opinions differ by less than d both move a fraction mu toward each other,
// computed from their values before the encounter.
#pragma once

#include <cmath>
#include <utility>

namespace govsim::models::kernels {

inline std::pair<double, double> deffuant_pair(double a, double b, double d, double mu) noexcept {
  if (std::abs(a - b) < d) return {a + mu * (b - a), b + mu * (a - b)};
  return {a, b};
}

}  // namespace govsim::models::kernels
