#include "models/governance/passes/learning.hpp"

#include <cstdint>

#include "models/governance/passes/step_context.hpp"
#include "models/governance/streams.hpp"

namespace govsim::models::governance {

namespace {

// Step 1 of 4.6.9 for committee c: J_c over the window, keep or revert.
void evaluate(const StepContext& s, uint32_t c, double ti_now, Committee& cm) {
  const double pvol = cm.window_steps > 0 ? cm.window_p_vol / static_cast<double>(cm.window_steps) : 0.0;
  const double ptot = cm.window_steps > 0 ? cm.window_p_tot / static_cast<double>(cm.window_steps) : 0.0;
  const int64_t den = cm.window_served + cm.window_expired;
  const double covL = den > 0 ? static_cast<double>(cm.window_served) / static_cast<double>(den) : 1.0;
  const double dti = cm.has_ti_at_evaluation ? ti_now - cm.ti_at_evaluation : 0.0;
  const Params& p = s.params[c];
  cm.objective = learning_objective(p.w_visible, p.g_learn, pvol, ptot, covL, dti);
  cm.has_objective = true;
  if (cm.trial && cm.has_kept_objective && cm.objective < cm.kept_objective) {
    cm.instruments = cm.kept;
  } else {
    cm.kept = cm.instruments;
    cm.kept_objective = cm.objective;
    cm.has_kept_objective = true;
  }
  cm.trial = false;
  cm.ti_at_evaluation = ti_now;
  cm.has_ti_at_evaluation = true;
  cm.last_evaluation = s.t;
  cm.window_p_vol = cm.window_p_tot = 0;
  cm.window_served = cm.window_expired = cm.window_steps = 0;
}

// Step 2 of 4.6.9 for committee c: explore or imitate a peer. Returns whether v changes and
// the new vector in `v`.
bool explore_or_imitate(const StepContext& s, uint32_t c, const std::vector<Committee>& com,
                        std::array<double, 5>& v) {
  constexpr auto kCom = sim::EntityClass::kCommittee;
  const Params& p = s.params[c];
  const Committee& cm = com[c];
  double u[4];
  for (uint32_t k = 0; k < 4; ++k) u[k] = s.rng.uniform(c, s.step(), streams::kLearn, k, kCom);
  double z[6];
  for (uint32_t k = 0; k < 3; ++k) {
    const auto pr = s.rng.normal_pair(c, s.step(), streams::kLearn, 4 + k, kCom);
    z[2 * k] = pr.first;
    z[2 * k + 1] = pr.second;
  }
  v = cm.instruments;
  const auto& vs = cm.kept;
  if (u[0] < p.iota_explore) {
    std::array<double, 3> f = {vs[0] + p.sigma_explore * z[0], vs[1] + p.sigma_explore * z[1],
                               vs[2] + p.sigma_explore * z[2]};
    project_shares(f, p.f_min);
    const KeyInfo& period = key_info(Key::forum_period);  // P_c stays in [1, 13]
    v = {f[0], f[1], f[2],
         std::clamp(vs[kForumPeriod] + p.explore_period_scale * p.sigma_explore * z[3], period.lo,
                    period.hi),
         std::clamp(vs[kTargeting] + p.sigma_explore * z[4], 0.0, 1.0)};
    return true;
  }
  if (u[1] < p.iota_peer && !cm.peers.empty()) {
    const uint32_t j = cm.peers[sim::index_of(u[2], cm.peers.size())];
    const Committee& pj = com[j];
    if (pj.has_kept_objective &&
        u[3] < kernels::sigmoid((pj.kept_objective - cm.kept_objective) / p.K_party)) {
      if (pj.kept != cm.instruments) {
        v = pj.kept;
        return true;
      }
    }
  }
  return false;
}

}  // namespace

void learn(const StepContext& s, std::span<const double> mean_ti, std::vector<Committee>& com) {
  if (s.t <= 0) return;
  const uint32_t nc = s.n_comm();
  std::vector<uint8_t> eval(nc, 0);
  for (uint32_t c = 0; c < nc; ++c) {
    const auto L = static_cast<int32_t>(s.params[c].L_learn);
    eval[c] = L > 0 && s.t % L == 0;
  }
  for_each_community(s.layout, [&](uint32_t c) {
    if (eval[c]) evaluate(s, c, mean_ti[c], com[c]);
  });
  // step 2 reads every peer's J* after step 1, and writes v only after all have read
  std::vector<std::array<double, 5>> new_v(nc);
  std::vector<uint8_t> changed(nc, 0);
  for_each_community(s.layout, [&](uint32_t c) {
    if (eval[c]) changed[c] = explore_or_imitate(s, c, com, new_v[c]);
  });
  for (uint32_t c = 0; c < nc; ++c)
    if (eval[c] && changed[c]) {
      com[c].instruments = new_v[c];
      com[c].trial = true;
    }
}

}  // namespace govsim::models::governance
