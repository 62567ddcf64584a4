#include "models/governance/passes/mandates.hpp"

#include <algorithm>


namespace govsim::models::governance {

void select_mandate_targets(const StepContext& s, Residents& r, std::vector<Committee>& com) {
  for_each_community(s.layout, [&](uint32_t c) {
    const Params& p = s.params[c];
    Committee& cm = com[c];
    const uint32_t b = s.layout.comm_begin[c], e = s.layout.comm_begin[c + 1];
    cm.mandates = std::min<int64_t>(
        e - b, std::max<int64_t>(
                   0, sim::stochastic_round(
                          cm.instruments[kMandates] * cm.capacity.effort / p.h_mob,
                          s.rng.uniform(c, s.step(), streams::kMandate, 0,
                                        sim::EntityClass::kCommittee))));
    cm.mandate_cut = MandateCut{};
    if (cm.mandates == 0) return;
    // mandate_cutoff's Q-th best (key, −id), by MandateTopQ's one scan; mandate_key is the
    // exact key, or −∞ where the key cannot be selected, for R1a's pull
    cm.mandate_top.reset(static_cast<std::size_t>(cm.mandates));
    uint32_t w[kBlock];
    for (uint32_t b0 = b; b0 < e; b0 += kBlock) {
      const uint32_t e0 = std::min(e, b0 + kBlock);
      draw_words(s, b0, e0, streams::kMandate, 0, w);
      for (uint32_t i = b0; i < e0; ++i) {
        const double wt = mandate_weight(p, r.party_member[i], r.institutional_trust[i]);
        r.mandate_key[i] = cm.mandate_top.offer(w[i - b0], sim::u01(w[i - b0]), wt, s.layout.id(i));
      }
    }
    cm.mandate_cut = cm.mandate_top.cut();
  });
}

void pull_mandates(const StepContext& s, const Block& b, const Committee& cm, Residents& r) {
  if (cm.mandates == 0) return;
  const MandateCut cut = cm.mandate_cut;
  const double* const key = r.mandate_key.data();
  uint16_t* const events = r.events.data();
  for (uint32_t i = b.begin; i < b.end; ++i)
    if (cut.selects(key[i], s.layout.id(i))) events[i] |= kMandated;  // O2's key
}

}  // namespace govsim::models::governance
