// File: models/governance/passes/mandates.hpp
//
// Mandates (spec 4.6.5; docs/ODD.md 3.4). Three passes:
//   O2  select_mandate_targets: Q_c = min(n_c, sround(f_mand·E_c/h_mob)) targets without
//       replacement, weights w_i = m_party^party·(mandate_w0 + TI): each resident draws u, key
//       log(u)/w_i (Efraimidis–Spirakis); the community keeps the Q_c-th largest key as the
//       cutoff (ties by lower id; E7, E36), found by one scan (MandateTopQ, selection.hpp).
//   R1a pull_mandates: mandated ⇔ the resident's key beats the cutoff.
//   R1e comply: after the voluntary decision a target with a = 0 complies w.p.
//       clip(comply0 + comply_TI·TI) → a = 2. Only compliers bear the burden (E5)
//       b_i = (1 − autonomy)(1 − party_accept·party): E− += w_burden·b_i and, if s = C,
//       θ += kappa_out·b_i.
// Reads (cur): f_mand, E_c, party, TI (t−1), s(t−1). Writes (next): Q_c, the cutoff,
// mandate_key, the events kMandated and kComplied, a = 2; E− and Δθ of the Experience.
#pragma once

#include <vector>

#include "models/governance/params.hpp"
#include "models/governance/passes/experience.hpp"
#include "models/governance/passes/step_context.hpp"
#include "models/governance/streams.hpp"
#include "models/kernels/math.hpp"

namespace govsim::models::governance {

inline double mandate_weight(const Params& p, bool party, double TI) {
  return (party ? p.m_party : 1.0) * (p.mandate_w0 + TI);
}
inline double compliance_probability(const Params& p, double TI) {
  return kernels::clip01(p.comply0 + p.comply_TI * TI);
}
inline double mandate_burden(const Params& p, bool party) {
  return (1.0 - p.autonomy) * (1.0 - p.party_accept * (party ? 1.0 : 0.0));
}

// O2: Q_c and the cutoff of every community; the keys stay in Residents::mandate_key for R1a.
void select_mandate_targets(const StepContext& s, Residents& r, std::vector<Committee>& com);
// R1a: the kMandated bit of a block.
void pull_mandates(const StepContext& s, const Block& b, const Committee& cm, Residents& r);
// R1e: compliance of a target that did not act (after the voluntary decision), and its burden.
struct ComplianceRule {
  const Params* p;
  const sim::CounterRng* rng;
  uint32_t step;
  const uint8_t* s_prev;  // s(t−1)
  const float* TI;
  const uint8_t* party;

  void apply(uint32_t i, uint32_t id, Experience& x) const {
    if (!(x.events & kMandated) || x.act != 0) return;
    if (!sim::bernoulli(rng->uniform(id, step, streams::kComply, 0, sim::EntityClass::kResident),
                        compliance_probability(*p, TI[i])))
      return;
    x.act = 2;
    x.events |= kComplied;
    const double bi = mandate_burden(*p, party[i]);
    x.loss += p->w_burden * bi;
    if (s_prev[i] != 0) x.dtheta += p->kappa_out * bi;
  }
};
inline ComplianceRule compliance_rule(const StepContext& s, const Block& b, const Residents& r) {
  return {&s.params[b.c],           &s.rng, s.step(), r.strategy[r.cur].data(),
          r.institutional_trust.data(), r.party_member.data()};
}

}  // namespace govsim::models::governance
