// File: models/governance/passes/services.hpp
//
// Needs, the three service centers and the pool (spec 4.6.1; docs/ODD.md 3.2, decisions 14–16).
// Four passes:
//   R1c need_arrivals: a resident without an open need opens one w.p.
//       clip(p_need·(1 + q_pen·[owner ∧ PMC_D,c])); type k ~ Cat(need_mix); misrouted w.p.
//       1 − q_match; delay d = sround(L_route·(1 + misroute_delay·[misrouted])) (misroute_delay 1,
//       spec 6.1); need_t0 = t, need_ready = t+d.
//   R1d select_service (per community): H'_c = max(0, H_c − h_mis·(1 − pool)·#misrouted
//       arrivals); budgets center k = 0, 1, 2 with (1 − pool)·cap_share_k·H'_c hours for
//       eligible (open ∧ need_ready ≤ t) type-k needs, then the pool with pool·H'_c + cap_org,c
//       hours for any eligible need no center served. Each budget h is split over the grids:
//       w_g = n_g^w_need·vis_g^w_vis (0 if n_g = 0), alloc_g = h·w_g/Σw (Σw = 0: lost),
//       slots_g = sround(alloc_g/h_need), served_g = min(slots_g, n_g); needs ranked by
//       (need_ready, u_serve, id), the grid keeps the served_g-th as its cutoff (E7).
//       cov_g = served_g/open_g, open_g = needs open at the start of service (1 if none, E20).
//   R1e settle_needs: a need whose key is within its center's or the pool's cutoff is served
//       (E+ += w_serve); for an open need of age t − need_t0 = ⌈L_patience⌉, E− += w_wait;
//       at age ≥ L_expire, E− += w_expire and it expires.
//   R1e DisputeRule: where the PMC defects, each owner household disputes w.p. p_disp (one
//       draw with the head's id; every member pulls it): E− += w_disp.
// Reads (cur): need state, PMC_D,c, H_c, cap_org, vis_g, owner. Writes (next): the needs,
// service_word, the grids' open, served, coverage and cutoffs, H'_c, arrivals, misrouted.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "models/governance/params.hpp"
#include "models/governance/passes/experience.hpp"
#include "models/governance/passes/step_context.hpp"
#include "models/governance/streams.hpp"

namespace govsim::models::governance {

// Index k ~ Cat(mix) from u (inverse CDF; the last index absorbs rounding).
inline uint8_t categorical(double u, std::span<const double> mix) {
  double acc = 0;
  for (std::size_t k = 0; k + 1 < mix.size(); ++k) {
    acc += mix[k];
    if (u <= acc) return static_cast<uint8_t>(k);
  }
  return static_cast<uint8_t>(mix.size() - 1);
}

// Splits `hours` over grids with pending counts n[g] and visibility vis[g]:
// w_g = n_g^w_need vis_g^w_vis (0 if n_g = 0), alloc_g = hours w_g/Σw, slots_g = sround(alloc_g/
// h_need) with the grid's uniform u[g], served_g = min(slots_g, n_g). Σw = 0: nothing served.
inline void allocate_service(double hours, std::span<const int64_t> n, std::span<const double> vis,
                             double w_need, double w_vis, double h_need,
                             std::span<const double> u, std::span<int64_t> served) {
  double sw = 0;
  std::vector<double> w(n.size(), 0.0);
  for (std::size_t g = 0; g < n.size(); ++g) {
    if (n[g] > 0) w[g] = std::pow(static_cast<double>(n[g]), w_need) * std::pow(vis[g], w_vis);
    sw += w[g];
  }
  for (std::size_t g = 0; g < n.size(); ++g) {
    served[g] = 0;
    if (!(sw > 0) || n[g] == 0) continue;
    const double alloc = hours * w[g] / sw;
    const double x = alloc / h_need;
    const double f = std::floor(x);
    const int64_t slots = static_cast<int64_t>(f) + ((u[g] < x - f) ? 1 : 0);
    served[g] = std::min(slots, n[g]);
  }
}

// R1c: the arrivals of a block (after R1a read need_open).
void need_arrivals(const StepContext& s, const Block& b, const Committee& cm, Residents& r);
// R1d: every community's service cutoffs, and the grids' open, served and coverage.
void select_service(const StepContext& s, Residents& r, std::vector<Committee>& com, Grids& grids);
// R1e, first for the whole block: the open needs (a random few, listed without a branch) are
// settled — service pulls against the grid cutoffs, waits, expiries. They read and write only
// the resident's need, so they go before the residents' turns; their E+, E− and event bits
// start each resident's Experience (start_experience).
struct NeedOutcomes {
  double gain[kBlock];
  double loss[kBlock];
  uint16_t events[kBlock];
};
void settle_needs(const StepContext& s, const Block& b, const Grids& grids, Residents& r,
                  NeedOutcomes& out);
// A resident's Experience at the start of its turn: its settled need, and the act and events
// R1a and R1b left.
inline Experience start_experience(const NeedOutcomes& needs, uint32_t k, uint16_t events,
                                   uint8_t act) {
  Experience x;
  x.gain = needs.gain[k];
  x.loss = needs.loss[k];
  x.events = static_cast<uint16_t>(events | needs.events[k]);
  x.act = act;
  return x;
}

// R1e: household disputes where the PMC defects. The owner test without a branch (owners are a
// random share), the rare dispute with one.
struct DisputeRule {
  bool active;
  double p_disp, w_disp;
  const uint8_t* owner;
  const uint32_t* head;
  const uint32_t* word;  // the block's draws, by household head

  void apply(uint32_t i, uint32_t k, uint32_t id, Experience& x) const {
    if (!active) return;
    if ((owner[i] != 0) & sim::bernoulli(sim::u01(word[k]), p_disp)) {
      x.loss += w_disp;
      x.events |= kDisputed;
      if (head[i] == id) x.events |= kDisputeHead;
    }
  }
};
// The block's rule; draws one word per resident by its household's head into `word` (every
// member pulls its household's draw) when the PMC defects.
inline DisputeRule dispute_rule(const StepContext& s, const Block& b, const Committee& cm,
                                const Residents& r, uint32_t* word) {
  const Params& p = s.params[b.c];
  const uint32_t* head = s.layout.household_head.data();
  if (cm.pmc_defects)
    sim::word0_batch(s.rng, head + b.begin, b.size(), s.step(), streams::kDispute, 0,
                     sim::EntityClass::kResident, word);
  return {cm.pmc_defects, p.p_disp, p.w_disp, r.owner.data(), head, word};
}

}  // namespace govsim::models::governance
