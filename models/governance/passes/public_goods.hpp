// File: models/governance/passes/public_goods.hpp
//
// The public goods game (spec 4.6.6; docs/ODD.md 3.5) on the resident network, with the shared
// kernels of models/kernels/public_goods.hpp. Group G_j = {j} ∪ N(j).
//   R1e record_contributions: contrib_i = c_pgg([a=1] + e_mob[a=2]), stored spread over the
//       k_i + 1 groups of i: contrib_i/(k_i + 1).
//   R2a share_j = r_j·Σ_{l∈G_j} contrib_l/(k_l + 1)/(k_j + 1), r_j = eta0(k̄ + 1)(1 +
//       gamma_serv·cov_g(j)(t)): a pull fused with R3's (neighbour_pull.hpp), group_return below.
//   R2b compute_payoffs: pi_i = Σ_{j∈G_i} share_j − cost_i + omega_rep·[a=1]
//       − sigma_norm·x_i(t−1)·[s(t−1) = D], cost_i = c_pgg([a=1](1 − w_pts·I_c) + e_mob[a=2]).
// pi is read only by R4's Fermi imitation, so the three run only on steps where some community
// imitates (t > 0, t mod L_res = 0); nothing else reads them.
// Reads (cur): a(t), I_c, cov_g(t), x(t−1), s(t−1), the group shares. Writes (next):
// contribution, group_share, pi.
#pragma once

#include <vector>

#include "models/governance/params.hpp"
#include "models/governance/passes/experience.hpp"
#include "models/governance/passes/step_context.hpp"

namespace govsim::models::governance {

// r_j, the PGG return factor of the group centred on a resident of grid coverage cov_g.
inline double group_return(const Params& p, double mean_degree, double cov_g) {
  return p.eta0 * (mean_degree + 1.0) * (1.0 + p.gamma_serv * cov_g);
}

// R1e: a resident's contrib_i/(k_i + 1), from its act of the step.
struct ContributionRule {
  double c_pgg, e_mob;
  float* pm;
  const uint64_t* off;  // CSR offsets: k_i = off[i + 1] − off[i]
  void apply(uint32_t i, const Experience& x) const {
    const uint8_t a = x.act;
    const double contrib = c_pgg * ((a == 1 ? 1.0 : 0.0) + e_mob * (a == 2 ? 1.0 : 0.0));
    pm[i] = static_cast<float>(contrib / static_cast<double>(off[i + 1] - off[i] + 1));
  }
};
inline ContributionRule contribution_rule(const StepContext& s, const Block& b, Residents& r) {
  const Params& p = s.params[b.c];
  return {p.c_pgg, p.e_mob, r.contribution.data(), s.layout.g.offsets.data()};
}
// R2b: every resident's payoff from the group shares.
void compute_payoffs(const StepContext& s, const std::vector<Committee>& com, Residents& r);

}  // namespace govsim::models::governance
