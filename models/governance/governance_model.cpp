#include "models/governance/governance_model.hpp"

#include <algorithm>
#include <span>

#include "models/governance/passes/adaptation.hpp"
#include "models/governance/passes/capacity.hpp"
#include "models/governance/passes/experience.hpp"
#include "models/governance/passes/forums.hpp"
#include "models/governance/passes/learning.hpp"
#include "models/governance/passes/mandates.hpp"
#include "models/governance/passes/metrics.hpp"
#include "models/governance/passes/neighbour_pull.hpp"
#include "models/governance/passes/organisations.hpp"
#include "models/governance/passes/public_goods.hpp"
#include "models/governance/passes/services.hpp"
#include "models/governance/passes/step_context.hpp"
#include "models/governance/passes/trust.hpp"
#include "models/governance/passes/volunteering.hpp"
#include "models/governance/population.hpp"

namespace govsim::models::governance {

GovernanceModel::GovernanceModel(const sim::RunContext& ctx) : rng_(ctx.rng) {}

StepContext GovernanceModel::context(int32_t t) const { return StepContext{t, rng_, layout_, eff_}; }

// Effective parameters of every community at step t; learnable keys of components starting
// at t set v and v* (ODD 3.9, decision 5).
void GovernanceModel::apply_overlay(int64_t t, bool at_init) {
  for (uint32_t c = 0; c < layout_.n_comm; ++c) {
    overlay_.effective(c, std::max<int64_t>(t, 0), eff_[c]);
    const int64_t ts = std::max<int64_t>(t, 0);
    if ((at_init || t > 0) && overlay_.learnable_starts(c, ts)) {
      Committee& cm = com_[c];
      const Key keys[5] = {Key::f_fac, Key::f_mand, Key::f_inc, Key::forum_period, Key::omega_target};
      for (int k = 0; k < 5; ++k) cm.instruments[k] = overlay_.learnable(keys[k], c, ts);
      cm.kept = cm.instruments;
      cm.trial = false;
    }
  }
}

void GovernanceModel::init(sim::RunContext& ctx) {
  base_ = Params::from(*ctx.params);
  metrics_.steps = ctx.scenario ? ctx.scenario->steps : 260;
  metrics_.window =
      static_cast<uint32_t>(std::min<int64_t>(base_.i(base_.final_window), metrics_.steps));
  layout_ = build_layout(ctx);
  std::vector<sim::CountermeasureSpec> cms;
  if (ctx.scenario) cms = ctx.scenario->countermeasures;
  overlay_ = Overlay(base_, cms, layout_.n_comm);
  eff_.assign(layout_.n_comm, base_);
  draw_population(ctx, base_, overlay_, layout_, r_, grid_, org_, com_);
  trust_sd_clipped_ = init_state(rng_, base_, layout_, r_, com_);
  apply_overlay(0, true);
  metrics_.resize(layout_.n_comm);
  update_capacity(context(0), org_, com_);  // for the cost ledger of row 0
  record_metrics(context(-1), r_, org_, com_, grid_, metrics_);  // row 0: no step yet
}

// One step: the passes of spec 4.5 in order (docs/ODD.md 1.3). Each statement is one sweep, in
// parallel over communities or residents; consecutive statements are separated by a barrier
// (E1). Where the schedule fuses passes into one sweep, the sweep is written out here: its
// parts run block by block (kBlock residents of one community) in the order listed, and the
// comment says why the fusion gives the values of the separate passes. Every sum keeps the
// order of the spec, so the results are those of the pass-by-pass schedule, bit for bit.
void GovernanceModel::step(sim::RunContext&, uint32_t t_u) {
  const auto t = static_cast<int32_t>(t_u);
  if (t > 0) apply_overlay(t, false);                    // countermeasures at t (ODD 3.9)
  const StepContext s = context(t);
  const uint32_t nc = layout_.n_comm;
  const bool imitate = imitation_step(s);               // some community runs R4 at t

  // Committees and organisations (one task per community).
  learn(s, std::span<const double>(metrics_.group_values.data() + metric::ti * nc, nc),
        com_);                                           // O0  4.6.9   learning
  update_capacity(s, org_, com_);                        // O1  4.6.1   capacity, points share
  plan_forum_rounds(s, org_, r_, com_);                  // O2  4.6.2   forums, invitation cutoffs
  select_mandate_targets(s, r_, com_);                   // O2  4.6.5   mandate cutoff
  play_organisation_game(s, org_, com_);                 // O3  4.6.8   organisation game

  // R1a and R1c, fused: an arrival reads and writes only the resident's need, which R1a has
  // read by then, so one sweep serves both (docs/performance.md, second round, change 6).
  for_each_block(layout_, [&](const Block& b) {
    start_of_step(s, b, r_);                             // R1a 4.6.4   a ← 0, signal x(t)
    pull_invitations(s, b, com_[b.c], r_);               // R1a 4.6.2   invited, attendance
    pull_mandates(s, b, com_[b.c], r_);                  // R1a 4.6.5   mandated
    need_arrivals(s, b, com_[b.c], r_);                  // R1c 4.6.1   needs arrive
  });
  const bool any_won = forum_outcomes(s, r_, com_);      // R1b 4.6.2   forum outcomes, K_c, U_c
  push_won_flags(s, com_, any_won, r_);                  // R1b 4.6.2   won flags, word of mouth
  select_service(s, r_, com_, grid_);                    // R1d 4.6.1   service cutoffs, cov_g

  // R1e, with R3's post-experience TI and R4's threshold update fused into its sweep: nothing
  // between R1e and them reads TI or θ (ODD decision 13). R2a's contributions are made here on
  // imitation steps only (nothing else reads them). First, for the whole block, the voluntary
  // decisions (they read θ and TI before they change) and the open needs (they touch only the
  // need); then each resident's turn, E+, E− and Δθ adding up in this order.
  for_each_block(layout_, [&](const Block& b) {
    const Committee& cm = com_[b.c];
    uint8_t volunteers[kBlock];
    decide_volunteering(s, b, cm, org_, r_, volunteers);  // R1e 4.6.4   voluntary decision
    NeedOutcomes needs;
    settle_needs(s, b, grid_, r_, needs);                 // R1e 4.6.1   served, waited, expired
    uint32_t words[kBlock];
    const DisputeRule disputes = dispute_rule(s, b, cm, r_, words);      // R1e 4.6.1
    const ForumExperienceRule forums = forum_experience_rule(s, b, r_, any_won);  // R1e 4.6.2
    const ComplianceRule compliance = compliance_rule(s, b, r_);         // R1e 4.6.5
    const ActRecordRule record = act_record_rule(s, b, cm, r_);          // R1e 4.6.3, E3
    const TrustRule trust = trust_rule(s, b, r_);                        // R3  4.6.7
    const ThresholdRule thresholds = threshold_rule(s, b, r_);          // R4  4.6.10
    const ContributionRule contributions = contribution_rule(s, b, r_);  // R2a 4.6.6
    const uint16_t* const events = r_.events.data();
    const uint8_t* const acts = r_.act.data();
    const uint32_t* const oid = layout_.oid.empty() ? nullptr : layout_.oid.data();
    const bool contribute = imitate;
    for (uint32_t i = b.begin; i < b.end; ++i) {
      const uint32_t k = i - b.begin, id = oid ? oid[i] : i;
      Experience x = start_experience(needs, k, events[i], acts[i]);
      disputes.apply(i, k, id, x);      // E− += w_disp
      forums.apply(i, x);               // E+ += w_voice, w_win, omega_wom; E− += w_fail; Δθ
      take_decision(volunteers[k], x);  // a = 1
      compliance.apply(i, id, x);       // a = 2; E− += w_burden b_i; Δθ += kappa_out b_i
      record.apply(i, x);               // E+ += w_rec I_c; a, events, last_vol, cum_vol, last_mob
      trust.apply(i, x);                // TI after E+ and E−
      thresholds.apply(i, x);           // θ after Δθ
      if (contribute) contributions.apply(i, x);
    }
  });

  // R3's TS, R1a's neighbour counts for x(t+1) and, on imitation steps, R2a's group shares,
  // fused into the step's one pull over the network (neighbour_pull.hpp).
  pull_neighbour_activity(s, grid_, imitate, r_);        // R3 4.6.7 TS; R1a(t+1); R2a 4.6.6
  if (imitate) compute_payoffs(s, com_, r_);             // R2b 4.6.6   pi (read only by R4)
  match_and_talk(s, r_);                                 // R3  4.6.7   TI matching
  imitate_strategies(s, r_);                             // R4  4.6.10  s(t); flip s and x
  record_metrics(s, r_, org_, com_, grid_, metrics_);    // M   4.10
}

uint64_t GovernanceModel::memory_estimate() const {
  // 115 bytes of state (with the activity code and R1a's counts) and 20 of per-step scratch
  // (invitation_key, mandate_key, service_word) per resident
  return static_cast<uint64_t>(layout_.n) * 135u + layout_.g.num_arcs() * 8u;
}

}  // namespace govsim::models::governance
