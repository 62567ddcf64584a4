// File: models/kernels/public_goods.hpp
//
// Public-goods game on a network (Santos, Santos & Pacheco 2008; Szolnoki, Perc & Szabó 2009;
// model spec 4.6.6). Every node j centres a group G_j = {j} ∪ N(j); a member l spreads its
// contribution over the k_l + 1 groups it belongs to (fixed cost per individual) or pays it in
// full to each (fixed cost per game, pass k_l = 0 in `per_member`).
//   share_j = r_j · Σ_{l∈G_j} per_member_l / (k_j + 1),   per_member_l = contrib_l/(k_l+1)
//   payoff_i = Σ_{j∈G_i} share_j − cost_i
// Both are pulls over the CSR rows.
#pragma once

#include <cstdint>

#include "models/kernels/math.hpp"
#include "sim/graph/csr_view.hpp"

namespace govsim::models::kernels {

// share_j: what each member of the group centred on j receives.
template <class T>
inline double group_share(const sim::CsrView& g, uint32_t j, const T* per_member,
                          double r_j) noexcept {
  double pot = static_cast<double>(per_member[j]);
  const uint64_t e = g.offsets[j + 1];
  for (uint64_t k = g.offsets[j]; k != e; ++k) pot += static_cast<double>(per_member[g.targets[k]]);
  return r_j * pot / static_cast<double>(g.degree(j) + 1);
}

// Σ_{j∈G_i} share_j: the gross return of i from the k_i + 1 groups it belongs to.
template <class T>
inline double collected_shares(const sim::CsrView& g, uint32_t i, const T* share) noexcept {
  double sum = static_cast<double>(share[i]);
  const uint64_t e = g.offsets[i + 1];
  for (uint64_t k = g.offsets[i]; k != e; ++k) sum += static_cast<double>(share[g.targets[k]]);
  return sum;
}

// Fermi rule: probability that i copies j, σ((π_j − π_i)/K) (Szolnoki et al. 2009; spec 4.6.10).
inline double fermi_probability(double pi_self, double pi_other, double noise_k) noexcept {
  return sigmoid((pi_other - pi_self) / noise_k);
}

// Santos et al. 2008: i copies j with probability (π_j − π_i)/M when π_j > π_i, else 0;
// M = (r + 1)·c·(max(k_i, k_j) + 1) for both cost conventions (spec E28).
inline double santos_probability(double pi_self, double pi_other, double m_norm) noexcept {
  return pi_other > pi_self ? clip01((pi_other - pi_self) / m_norm) : 0.0;
}

}  // namespace govsim::models::kernels
