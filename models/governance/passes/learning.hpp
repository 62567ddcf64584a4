// File: models/governance/passes/learning.hpp
//
// Pass O0, committee learning: keep-if-better hill climbing on the instrument vector
// v = (f_fac, f_mand, f_inc, P_c, omt_c) (spec 4.6.9; docs/ODD.md 3.8, decisions 9–12).
// At t > 0 ∧ t mod L_learn = 0, over the window t_eval .. t−1 (E34):
//   J_c = (1 − w_visible)·(P̄vol + cov_L + clip(½ + g_learn·ΔTI, 0, 1))/3 + w_visible·P̄tot
// with P̄ the mean monthly shares of c, cov_L = Σserved/(Σserved + Σexpired) (1 if 0/0, E15),
// ΔTI = mean TI of c at t−1 minus TI_eval (0 at the first evaluation). Then
//   1. for every evaluating c: if trial ∧ J_c < J*_c, v ← v*; else v* ← v, J* ← J; trial ← false;
//   2. for every evaluating c, 7 counters whichever branch (u1..u4, three Box–Muller pairs;
//      E11): u1 < iota_explore explores v = proj(v* + sigma_explore·z) (shares z1..z3;
//      P_c += explore_period_scale·sigma_explore·z4 clipped to forum_period's domain [1, 13];
//      omt += sigma_explore·z5 clipped [0, 1]), else u2 < iota_peer imitates a random peer j
//      with probability σ((J*_j − J*_c)/K_party).
// g_learn (10) and explore_period_scale (12) are parameters since spec 6.1.
// proj: f = max(f, f_min); repeat f /= Σf, entries below f_min set to f_min and the others
// rescaled to 1 − f_min·#low, until none is below.
// Reads (cur): the window sums of the committees, the mean TI of each community at t−1,
// the peers' v* and J*. Writes (next): v, v*, J, J*, trial, TI_eval, t_eval; resets the window.
// Every later pass of t uses the new v (E4).
#pragma once

#include <algorithm>
#include <array>
#include <span>
#include <vector>

#include "models/kernels/math.hpp"

namespace govsim::models::governance {

struct StepContext;
struct Committee;

// proj of 4.6.9 on the three instrument shares.
inline void project_shares(std::array<double, 3>& f, double f_min) {
  double s = 0;
  for (double& x : f) {
    x = std::max(x, f_min);
    s += x;
  }
  for (double& x : f) x /= s;
  std::array<bool, 3> low{false, false, false};
  for (int iter = 0; iter < 3; ++iter) {
    bool changed = false;
    for (int k = 0; k < 3; ++k)
      if (!low[k] && f[k] < f_min) low[k] = changed = true;
    if (!changed) break;
    int n_low = 0;
    double rest = 0;
    for (int k = 0; k < 3; ++k) {
      if (low[k]) {
        ++n_low;
        f[k] = f_min;
      } else {
        rest += f[k];
      }
    }
    const double target = 1.0 - f_min * n_low;
    for (int k = 0; k < 3; ++k)
      if (!low[k] && rest > 0) f[k] *= target / rest;
  }
}

// J_c: (1 − w_visible)(P̄vol + cov_L + clip(½ + g_learn ΔTI, 0, 1))/3 + w_visible P̄tot.
inline double learning_objective(double w_visible, double g_learn, double pvol_mean,
                                 double ptot_mean, double cov_L, double dTI) {
  return (1.0 - w_visible) * (pvol_mean + cov_L + kernels::clip01(0.5 + g_learn * dTI)) / 3.0 +
         w_visible * ptot_mean;
}

// O0 for every committee that evaluates at t. mean_ti[c]: mean TI of community c at t−1 (the
// `ti` metric of the last recorded row).
void learn(const StepContext& s, std::span<const double> mean_ti, std::vector<Committee>& com);

}  // namespace govsim::models::governance
