#include "models/governance/passes/volunteering.hpp"

#include <algorithm>

#include "models/governance/passes/neighbour_pull.hpp"
#include "models/governance/streams.hpp"

namespace govsim::models::governance {

void start_of_step(const StepContext& s, const Block& b, Residents& r) {
  const double w_mob_signal = s.params[b.c].w_mob_signal;
  float* const x_now = r.signal[r.cur].data();
  uint8_t* const act = r.act.data();
  int32_t* const forum = r.forum.data();
  uint16_t* const events = r.events.data();
  const uint64_t* const counts = r.neighbour_activity.data();
  const uint64_t* const off = s.layout.g.offsets.data();
  for (uint32_t i = b.begin; i < b.end; ++i) {
    act[i] = 0;
    forum[i] = -1;
    events[i] = 0;
    // neighbour_signal(g, i, last_vol, last_mob, t, w_mob_signal, L_signal) from the counts of the same
    // integers, so the same bits
    const auto k = static_cast<uint32_t>(off[i + 1] - off[i]);
    const uint32_t nv = recent_volunteer_neighbours(counts[i]);
    const uint32_t nm = recent_mobilised_neighbours(counts[i]);
    x_now[i] = k == 0 ? 0.0f
                      : static_cast<float>((static_cast<double>(nv) +
                                            w_mob_signal * static_cast<double>(nm)) /
                                           static_cast<double>(k));
  }
}

// A branch-free first loop decides the draws outside the probability's bounds (pv.lo, pv.hi:
// decided without θ_eff and the logistic, kernels::activation_probability_bounds) and lists the
// others, which the second loop decides: the 30/70 test of the draw against pv.hi would
// otherwise be a mispredicted branch.
void decide_volunteering(const StepContext& s, const Block& b, const Committee& cm,
                         const Organisations& org, const Residents& r, uint8_t* volunteers) {
  // The block's state as local pointers and its parameters as local values, the decisions in a
  // local array: a byte store through a pointer may alias anything, and would make the compiler
  // reload every vector and parameter after it.
  const Params& p = s.params[b.c];
  const uint8_t* const a = r.act.data();
  const uint8_t* const s_prev = r.strategy[r.cur].data();
  const float* const x_now = r.signal[r.cur].data();
  const float* const theta = r.threshold.data();
  const float* const TI = r.institutional_trust.data();
  const float* const TS = r.social_trust.data();
  const float* const cost = r.cost.data();
  const uint8_t* const age = r.age_band.data();
  const uint8_t* const party = r.party_member.data();
  const uint16_t* const events = r.events.data();
  const int16_t* const so = r.social_org.data();
  const uint8_t* const org_s = org.strategy.data() + static_cast<std::size_t>(b.c) * org.slots + 3;
  const double I_c = cm.capacity.points_share;
  const kernels::ProbabilityBounds pv = kernels::activation_probability_bounds(p.p_act, p.eps_spont);
  uint32_t w_vol[kBlock];
  draw_words(s, b.begin, b.end, streams::kVol, 0, w_vol);
  uint8_t vol[kBlock];
  uint32_t undecided[kBlock];
  uint32_t n_undecided = 0;
  for (uint32_t i = b.begin; i < b.end; ++i) {
    const uint32_t k = i - b.begin;
    const bool candidate = (a[i] == 0) & (s_prev[i] != 0) & !(theta[i] > 1.0);
    const double u_vol = sim::u01(w_vol[k]);
    const bool sure = u_vol < pv.lo;
    vol[k] = candidate & sure;
    undecided[n_undecided] = i;
    n_undecided += candidate & !sure & ((u_vol < pv.hi) | (pv.hi >= 1.0));
  }
  for (uint32_t q = 0; q < n_undecided; ++q) {
    const uint32_t i = undecided[q];
    const uint32_t k = i - b.begin;
    const int so_i = so[i];
    const bool so_C = so_i >= 0 && org_s[static_cast<uint32_t>(so_i)];
    ThetaInputs in{theta[i], TI[i], TS[i], cost[i], I_c, age[i], party[i] != 0,
                   (events[i] & kInvited) != 0, so_C};
    const double th_eff = theta_effective(p, in);
    vol[k] = sim::bernoulli(sim::u01(w_vol[k]),
                            volunteer_probability(p, true, theta[i], x_now[i], th_eff));
  }
  std::copy(vol, vol + b.size(), volunteers);
}

}  // namespace govsim::models::governance
