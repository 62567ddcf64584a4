// File: models/org_game/org_game.hpp
//
// The organisation game in isolation (model spec 0 and 4.6.8): in each of n_comm communities,
// orgs_per_community organisations (residents' committee, owners' committee, property company,
// social organisations) play a stag hunt with logit choice each week:
//   joint meeting (t > 0, t mod meet_period = 0): tau_j += phi_lead·lam_meet·(1 − tau_j);
//   P(s_j = C) = σ(lam_org·(Π_C − Π_D)), Π_C = (1−β)·r_org·tau_j − c_C + psi_meta,
//   Π_D = delta_D − p_enf·F − omega_rep_org, β = beta_mis·(1 − cross_appoint);
//   tau_j += lam_tau·(o_j − tau_j), o_j = share of the other organisations of c playing C.
// The kernel functions are those of models/kernels/org_game.hpp, shared with the governance
// model. At the spec defaults the game is bistable: trust selects the C or the D regime.
// See docs/models/org_game.md.
#pragma once

#include <cstdint>

#include "sim/model/registry.hpp"

namespace govsim::models {

// Random-number streams of org_game (spec 0.1): one draw per organisation per step,
// id = c·orgs_per_community + slot, class kOrganisation.
namespace org_game_streams {
inline constexpr uint32_t kChoice = 1;
}  // namespace org_game_streams

// Registration entry of the model `org_game`.
sim::ModelInfo org_game_info();

}  // namespace govsim::models
