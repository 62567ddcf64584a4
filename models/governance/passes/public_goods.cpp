#include "models/governance/passes/public_goods.hpp"

#include "models/kernels/public_goods.hpp"

namespace govsim::models::governance {

void compute_payoffs(const StepContext& s, const std::vector<Committee>& com, Residents& r) {
  const auto& s_prev = r.strategy[r.cur];
  const auto& x_prev = r.signal[1 - r.cur];
  for_each_resident(s.layout, [&](uint32_t c, uint32_t i) {
    const Params& p = s.params[c];
    const double I = com[c].capacity.points_share;
    const double cost = p.c_pgg * ((r.act[i] == 1 ? 1.0 - p.w_pts * I : 0.0) +
                                   p.e_mob * (r.act[i] == 2 ? 1.0 : 0.0));
    double pi = kernels::collected_shares(s.layout.g, i, r.group_share.data()) - cost;
    if (r.act[i] == 1) pi += p.omega_rep;
    if (!s_prev[i]) pi -= p.sigma_norm * x_prev[i];
    r.payoff[i] = static_cast<float>(pi);
  });
}

}  // namespace govsim::models::governance
