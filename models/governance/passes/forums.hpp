// File: models/governance/passes/forums.hpp
//
// Forums, the residents' night talks (spec 4.6.2; docs/ODD.md 3.3). A round is held when
// t > 0 ∧ t mod round(P_c) = 0. The submodel acts in four passes:
//   O2  plan_forum_rounds: n_f = sround(f_fac·E_c·round(P_c)/h_forum) forums; seats =
//       forum_seats + seat_SO·#{SO of c playing C at t−1}; n_inv = min(n_c, n_f·seats);
//       T = {last_vol < t−L_inactive ∨ need open} (state t−1; L_inactive 52, spec 6.1);
//       n_T = min(|T|, round(omt_c·n_inv)).
//       Each resident draws u_inv (E6): the invited are the n_T lowest keys (u_inv, id) in T,
//       then the n_inv − n_T lowest among everybody not yet invited (E7: two cutoffs).
//   R1a pull_invitations: a resident whose key beats a cutoff is invited to forum
//       idx(u_f, n_f) and attends w.p.
//       σ(beta0 + beta1·TI + beta2·TS + beta_K(K_c − K_c0) − c_eve + beta_age[band] +
//         beta_party·party); attending sets a = 1.
//   R1b forum_outcomes: forums with ≥ 1 attendee in ascending id, one draw each (id c, draw f):
//       p_res = σ(logit(rho_base) + g_fac(q_fac − ½) + g_lead(phi_lead − ½) + g_U(U_c − U_c0)
//               + g_org(C_org,c − C_ref)); w ~ B(p_res); K_c += lam_K(w − K_c);
//       U_c += lam_U(w − U_c). push_won_flags marks the attendees of won forums and their
//       neighbours (word of mouth).
//   R1e forum_experience: attendees E+ += w_voice, θ −= kappa_in; of a won forum E+ += w_win,
//       θ −= kappa_commit; of a failed one E− += w_fail; every resident with a neighbour who
//       attended a won forum E+ += omega_wom (ODD decision 19).
// Reads (cur): v, E_c, the SOs' s_j(t−1), last_vol and need_open (t−1), TI, TS, K_c, U_c,
// C_org,c. Writes (next): the round (n_f, seats, n_inv, n_T, cutoffs), invitation_key,
// forum_of, a, the events kInvited, kAttended, kWon, win_c[f], K_c, U_c, neighbour_won; E+,
// E−, Δθ of the residents' Experience.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "models/governance/params.hpp"
#include "models/governance/passes/experience.hpp"
#include "models/governance/passes/step_context.hpp"
#include "models/governance/selection.hpp"
#include "models/kernels/math.hpp"

namespace govsim::models::governance {

// T's activity test: a resident is in the target set when last_vol(t−1) < the returned step
// t − L_inactive (its window [t − L_inactive, t − 1] holds no act), or has an open need.
inline int32_t inactive_before(const Params& p, int32_t t) {
  return t - static_cast<int32_t>(p.L_inactive);
}

inline double attend_probability(const Params& p, double TI, double TS, double K_c, int band,
                                 bool party) {
  return kernels::sigmoid(p.beta0 + p.beta1 * TI + p.beta2 * TS + p.beta_K * (K_c - p.K_c0) -
                          p.c_eve + p.beta_age[static_cast<std::size_t>(band)] +
                          p.beta_party * (party ? 1.0 : 0.0));
}

inline double resolution_probability(const Params& p, double U_c, double C_org) {
  return kernels::sigmoid(kernels::logit(p.rho_base) + p.g_fac * (p.q_fac - 0.5) +
                          p.g_lead * (p.phi_lead - 0.5) + p.g_U * (U_c - p.U_c0) +
                          p.g_org * (C_org - p.C_ref));
}

// Invitation cutoffs (E6, E7): the n_T lowest keys in the target set T, then the n_inv − n_T
// lowest keys among all residents not yet invited. in_T[i] marks T; keys[i] are the residents'
// u_inv keys. Returns (cut for T, cut for the rest).
inline std::pair<KeyCut, KeyCut> invitation_cutoffs(std::span<const uint64_t> keys,
                                                    std::span<const uint8_t> in_T,
                                                    std::size_t n_T, std::size_t n_inv) {
  std::vector<uint64_t> t_keys;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (in_T[i]) t_keys.push_back(keys[i]);
  std::vector<uint64_t> scratch = t_keys;
  const KeyCut c1 = kth_smallest(scratch, n_T);
  std::vector<uint64_t> rest;
  rest.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (!(in_T[i] && c1.selects(keys[i]))) rest.push_back(keys[i]);
  const KeyCut c2 = kth_smallest(rest, n_inv > n_T ? n_inv - n_T : 0);
  return {c1, c2};
}
inline bool invited_by(uint64_t key, bool in_T, const KeyCut& c1, const KeyCut& c2) {
  const bool first = in_T && c1.selects(key);
  return first || c2.selects(key);
}

// O2: the forum round of every community; draws the invitation keys (kept in
// Residents::invitation_key for R1a).
void plan_forum_rounds(const StepContext& s, const Organisations& org, Residents& r,
                       std::vector<Committee>& com);
// R1a: invitations, forum_of and attendance of a block (after start_of_step).
void pull_invitations(const StepContext& s, const Block& b, const Committee& cm, Residents& r);
// R1b: the outcomes of every community's forums; returns whether any forum was won.
bool forum_outcomes(const StepContext& s, const Residents& r, std::vector<Committee>& com);
// R1b: kWon for the attendees of won forums, and their neighbours' word-of-mouth flag (pushed
// from the few winners instead of pulled by every resident; see the function).
void push_won_flags(const StepContext& s, const std::vector<Committee>& com, bool any_won,
                    Residents& r);
// R1e: voice, win or failure, and word of mouth (all flags 0 when nothing was won).
struct ForumExperienceRule {
  double w_voice, kappa_in, w_win, kappa_commit, w_fail, omega_wom;
  bool any_won;
  const uint8_t* neighbour_won;

  void apply(uint32_t i, Experience& x) const {
    if (x.events & kAttended) {
      x.gain += w_voice;
      x.dtheta -= kappa_in;
      if (x.events & kWon) {
        x.gain += w_win;
        x.dtheta -= kappa_commit;
      } else {
        x.loss += w_fail;
      }
    }
    if (any_won && neighbour_won[i]) x.gain += omega_wom;
  }
};
inline ForumExperienceRule forum_experience_rule(const StepContext& s, const Block& b,
                                                 const Residents& r, bool any_won) {
  const Params& p = s.params[b.c];
  return {p.w_voice, p.kappa_in,  p.w_win, p.kappa_commit, p.w_fail,
          p.omega_wom, any_won, r.neighbour_won.data()};
}

}  // namespace govsim::models::governance
