// File: models/governance/passes/organisations.hpp
//
// Pass O3, the organisation game, a stag hunt (spec 4.6.8; docs/ODD.md 3.8, decision 17), per
// community over its existing organisations (RC, OC if present, PMC, SOs), with the shared
// kernel models/kernels/org_game.hpp:
//   joint meeting when t > 0 ∧ t mod meet_period = 0: tau_j += phi_lead·lam_meet(1 − tau_j);
//   β = beta_mis(1 − cross_appoint); Π_C = (1 − β)·r_org·tau_j − c_C + psi_meta;
//   Π_D = delta_D − p_enf·F − omega_rep_org; P(s_j = C) = σ(lam_org(Π_C − Π_D)), one draw each;
//   tau_j += lam_tau(o_j − tau_j), o_j = share of the other organisations of c playing C at t
//   (unchanged with fewer than two organisations); PMC_D,c = [the PMC plays D].
// Reads (cur): tau_j(t−1). Writes (next): s_j(t), tau_j(t), PMC_D,c.
#pragma once

#include <vector>

namespace govsim::models::governance {

struct StepContext;
struct Committee;
struct Organisations;

void play_organisation_game(const StepContext& s, Organisations& org, std::vector<Committee>& com);

}  // namespace govsim::models::governance
