#include "models/governance/passes/organisations.hpp"

#include "models/governance/passes/step_context.hpp"
#include "models/governance/streams.hpp"
#include "models/kernels/org_game.hpp"

namespace govsim::models::governance {

namespace {

kernels::OrgGameParams game_params(const Params& p) {
  kernels::OrgGameParams gp;
  gp.r_org = p.r_org;
  gp.c_C = p.c_C;
  gp.delta_D = p.delta_D;
  gp.beta_mis = p.beta_mis;
  gp.cross_appoint = p.cross_appoint;
  gp.p_enf = p.p_enf;
  gp.F = p.F;
  gp.psi_meta = p.psi_meta;
  gp.omega_rep_org = p.omega_rep_org;
  gp.lam_org = p.lam_org;
  return gp;
}

}  // namespace

void play_organisation_game(const StepContext& s, Organisations& org, std::vector<Committee>& com) {
  for_each_community(s.layout, [&](uint32_t c) {
    const Params& p = s.params[c];
    const std::size_t j0 = static_cast<std::size_t>(c) * org.slots;
    const auto mp = static_cast<int32_t>(p.meet_period);
    if (s.t > 0 && mp > 0 && s.t % mp == 0)
      for (uint32_t k = 0; k < org.slots; ++k)
        if (org.exists[j0 + k])
          org.trust[j0 + k] = kernels::joint_meeting(org.trust[j0 + k], p.phi_lead, p.lam_meet);
    const kernels::OrgGameParams gp = game_params(p);
    int n_exist = 0, n_c = 0;
    for (uint32_t k = 0; k < org.slots; ++k) {
      const std::size_t j = j0 + k;
      if (!org.exists[j]) continue;
      const double pc = kernels::org_coop_probability(org.trust[j], gp);
      org.strategy[j] = sim::bernoulli(s.rng.uniform(static_cast<uint32_t>(j), s.step(),
                                                     streams::kOrg, 0,
                                                     sim::EntityClass::kOrganisation),
                                       pc);
      ++n_exist;
      n_c += org.strategy[j];
    }
    for (uint32_t k = 0; k < org.slots; ++k) {
      const std::size_t j = j0 + k;
      if (!org.exists[j] || n_exist < 2) continue;
      const double o = static_cast<double>(n_c - org.strategy[j]) / static_cast<double>(n_exist - 1);
      org.trust[j] = kernels::org_trust_update(org.trust[j], o, p.lam_tau);
    }
    com[c].pmc_defects = org.exists[j0 + 2] && !org.strategy[j0 + 2];
  });
}

}  // namespace govsim::models::governance
