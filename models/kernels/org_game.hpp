// File: models/kernels/org_game.hpp
//
// The organisation game (model spec 4.6.8): a stag hunt between the community's organisations
// (residents' committee, owners' committee, property company, social organisations) with logit
// choice. Organisation j with trust tau_j in the others plays C with probability
//   σ(lam_org·(Π_C − Π_D)),  Π_C = (1−β)·r_org·tau_j − c_C + psi_meta,
//   Π_D = delta_D − p_enf·F − omega_rep_org,  β = beta_mis·(1 − cross_appoint),
// then tau_j += lam_tau·(o_j − tau_j) with o_j the share of the other organisations playing C;
// a joint meeting first raises tau_j += phi_lead·lam_meet·(1 − tau_j).
#pragma once

#include "models/kernels/math.hpp"

namespace govsim::models::kernels {

struct OrgGameParams {
  double r_org = 1.5;
  double c_C = 0.3;
  double delta_D = 0.4;
  double beta_mis = 0.4;
  double cross_appoint = 0.1;
  double p_enf = 0.1;
  double F = 1.0;
  double psi_meta = 0.0;
  double omega_rep_org = 0.0;
  double lam_org = 10.0;
};

inline double org_payoff_difference(double tau_j, const OrgGameParams& p) noexcept {
  const double beta = p.beta_mis * (1.0 - p.cross_appoint);
  const double pi_c = (1.0 - beta) * p.r_org * tau_j - p.c_C + p.psi_meta;
  const double pi_d = p.delta_D - p.p_enf * p.F - p.omega_rep_org;
  return pi_c - pi_d;
}

inline double org_coop_probability(double tau_j, const OrgGameParams& p) noexcept {
  return sigmoid(p.lam_org * org_payoff_difference(tau_j, p));
}

inline double org_trust_update(double tau_j, double share_others_c, double lam_tau) noexcept {
  return tau_j + lam_tau * (share_others_c - tau_j);
}

inline double joint_meeting(double tau_j, double phi_lead, double lam_meet) noexcept {
  return tau_j + phi_lead * lam_meet * (1.0 - tau_j);
}

}  // namespace govsim::models::kernels
