// File: models/governance/passes/volunteering.hpp
//
// The voluntary decision (threshold kernel, spec 4.6.4) and the record of acts (4.5 R1e with
// E3, recognition of 4.6.3); docs/ODD.md 3.4. Three passes:
//   R1a start_of_step: a ← 0, forum_of ← −1, no events; the signal (E2, E16)
//       x_i(t) = (#nbrs with last_vol ∈ [t−L_signal, t−1] + w_mob_signal·#nbrs with only
//       last_mob there)/k_i, 0 if k_i = 0 (L_signal 4, spec 6.1), from the counts R3's pull of
//       step t−1 took (neighbour_pull.hpp).
//   R1e decide_volunteering, for a resident with a = 0, s = C and θ ≤ 1:
//       θ_eff = clip(θ + age_theta[band] + party_theta·party − w_TI(TI − ½) − w_TS(TS − ½)
//               − w_inv·invited − phi_frame·TI + w_cost·c_i(1 − so_cost_cut·[own SO plays C])
//               − (w_pts − kappa_pts)·I_c, 0, 1);
//       a = 1 w.p. 1 − (1 − p_act·σ((x_i − θ_eff)/tau))(1 − eps_spont) (tau = 0: [x ≥ θ_eff]).
//   R1e record_acts: recognition a = 1 ⇒ E+ += w_rec·I_c (4.6.3, also for forum attendance);
//       then a = 1 ⇒ last_vol = t, cum_vol += 1 (last_vol_nf = t when by the decision);
//       a = 2 ⇒ last_mob = t (E3); the activity code the pulls of step t read, whose bits 0
//       and 1 test the window of step t+1, [t+1−L_signal, t]. Writer and reader of a code may
//       live in different communities (cross-community ties): L_signal must be the same
//       everywhere, so it is not a countermeasure target (tested).
// Reads (cur): R1a's neighbour counts, θ, TI, TS (t−1), c_i, age band, party, the own SO's
// s_j, s(t−1), I_c, the invited bit. Writes (next): x(t) (signal[cur]), a, forum_of, events,
// last_vol, last_vol_nf, last_mob, cum_vol, activity; E+ of the Experience.
#pragma once

#include <cstdint>

#include "models/governance/params.hpp"
#include "models/governance/passes/experience.hpp"
#include "models/governance/passes/step_context.hpp"
#include "models/kernels/math.hpp"
#include "models/kernels/threshold.hpp"
#include "sim/graph/csr_view.hpp"

namespace govsim::models::governance {

// x_i(t) over last_vol and last_mob as they stand when step t begins, window [t−L_signal, t−1]
// (the definition; the model computes the same value from counts, see start_of_step).
inline double neighbour_signal(const sim::CsrView& g, uint32_t i, const int32_t* last_vol,
                               const int32_t* last_mob, int32_t t, double w_mob_signal,
                               int32_t L_signal) {
  const uint32_t k = g.degree(i);
  if (k == 0) return 0.0;
  uint32_t nv = 0, nm = 0;
  for (uint32_t j : g.row(i)) {
    const bool v = last_vol[j] >= t - L_signal && last_vol[j] <= t - 1;
    const bool m = last_mob[j] >= t - L_signal && last_mob[j] <= t - 1;
    nv += v ? 1u : 0u;
    nm += (!v && m) ? 1u : 0u;
  }
  return (static_cast<double>(nv) + w_mob_signal * static_cast<double>(nm)) /
         static_cast<double>(k);
}

// The inputs of θ_eff in the spec's symbols.
struct ThetaInputs {
  double theta, TI, TS, c_i, I_c;
  int band;
  bool party, invited, so_plays_C;
};
inline double theta_effective(const Params& p, const ThetaInputs& in) {
  const double v = in.theta + p.age_theta[static_cast<std::size_t>(in.band)] +
                   p.party_theta * (in.party ? 1.0 : 0.0) - p.w_TI * (in.TI - 0.5) -
                   p.w_TS * (in.TS - 0.5) - p.w_inv * (in.invited ? 1.0 : 0.0) -
                   p.phi_frame * in.TI +
                   p.w_cost * in.c_i * (1.0 - p.so_cost_cut * (in.so_plays_C ? 1.0 : 0.0)) -
                   (p.w_pts - p.kappa_pts) * in.I_c;
  return kernels::clip01(v);
}
// Probability of volunteering for a resident with a = 0 (0 when s = D or theta > 1).
inline double volunteer_probability(const Params& p, bool s_is_C, double theta, double x,
                                    double theta_eff) {
  if (!s_is_C || theta > 1.0) return 0.0;
  return kernels::activation_probability(x, theta_eff, p.p_act, p.eps_spont, p.tau);
}

// R1a: reset the step's act, forum and events of a block; x_i(t) into signal[cur].
void start_of_step(const StepContext& s, const Block& b, Residents& r);
// R1e, first for the whole block: the voluntary decisions, into volunteers[k] (1 = a = 1 by the
// decision). They read only what R1a left (a, the invited bit) and θ and TI before R1e changes
// them, so they are made before the residents' turns.
void decide_volunteering(const StepContext& s, const Block& b, const Committee& cm,
                         const Organisations& org, const Residents& r, uint8_t* volunteers);
// A resident's decision in its turn.
inline void take_decision(uint8_t volunteered, Experience& x) {
  if (volunteered) {
    x.act = 1;
    x.events |= kVolunteered;
  }
}

// R1e: recognition (4.6.3), then the record of the step's act (E3): a, the events, last_vol,
// cum_vol, last_vol_nf, last_mob by selects, not branches (a is a random few), and the activity
// code the pulls of step t read.
struct ActRecordRule {
  double w_rec, I_c;
  int32_t t;
  int32_t next_window_from;  // t + 1 − L_signal: the first step of step t+1's signal window
  uint8_t* act;
  uint16_t* events;
  int32_t* last_vol;
  int32_t* last_chose;
  int32_t* last_mob;
  int32_t* cum_vol;
  uint8_t* activity;

  void apply(uint32_t i, Experience& x) const {
    const uint8_t a = x.act;
    act[i] = a;
    if (a == 1) x.gain += w_rec * I_c;
    last_vol[i] = a == 1 ? t : last_vol[i];
    cum_vol[i] += a == 1 ? 1 : 0;
    last_chose[i] = ((a == 1) & ((x.events & kVolunteered) != 0)) ? t : last_chose[i];
    last_mob[i] = a == 2 ? t : last_mob[i];
    activity[i] = static_cast<uint8_t>((last_vol[i] >= next_window_from ? 1u : 0u) |
                                       (last_mob[i] >= next_window_from ? 2u : 0u) |
                                       (a >= 1 ? 4u : 0u));
    events[i] = x.events;
  }
};
inline ActRecordRule act_record_rule(const StepContext& s, const Block& b, const Committee& cm,
                                     Residents& r) {
  const Params& p = s.params[b.c];
  return {p.w_rec,
          cm.capacity.points_share,
          s.t,
          s.t + 1 - static_cast<int32_t>(p.L_signal),
          r.act.data(),             r.events.data(),          r.last_volunteered.data(),
          r.last_chose.data(),      r.last_mobilised.data(),  r.times_volunteered.data(),
          r.activity.data()};
}

}  // namespace govsim::models::governance
