// File: models/governance/passes/adaptation.hpp
//
// Adaptation (spec 4.6.10; docs/ODD.md 3.6). Two passes:
//   R1e update_thresholds (R4's second half, moved into R1e: no later pass of the step reads θ;
//       ODD decision 13): θ += Δθ+ − Δθ− (kappa_out, kappa_in, kappa_commit of the step), then
//       θ += theta_recover(theta_base − θ), clip [0, theta_max].
//   R4  imitate_strategies, every L_res steps (t > 0, t mod L_res = 0): each resident draws
//       (u, r), picks neighbour j = row_i[idx(u, k_i)] of its ascending-id row and copies
//       s_j(t−1) if r < σ((pi_j(t) − pi_i(t))/K_res) (Fermi kernel); s(t) goes to the second
//       buffer (E35); isolated residents draw and keep s (E16). Then the buffers flip: s(t)
//       and the x written this step become s(t−1) and x(t−1) of the next step.
// Reads (cur): s(t−1), pi(t), θ, theta_base, Δθ. Writes (next): s(t), θ, Residents::cur.
#pragma once

#include <algorithm>

#include "models/governance/passes/experience.hpp"
#include "models/governance/passes/step_context.hpp"

namespace govsim::models::governance {

// R1e: a resident's threshold after every Δθ of its turn.
struct ThresholdRule {
  double theta_recover, theta_max;
  float* theta;
  const float* theta_base;
  void apply(uint32_t i, const Experience& x) const {
    double th = theta[i] + x.dtheta;
    th += theta_recover * (theta_base[i] - th);
    theta[i] = static_cast<float>(std::clamp(th, 0.0, theta_max));
  }
};
inline ThresholdRule threshold_rule(const StepContext& s, const Block& b, Residents& r) {
  const Params& p = s.params[b.c];
  return {p.theta_recover, p.theta_max, r.threshold.data(), r.base_threshold.data()};
}
// R4: Fermi imitation into the second strategy buffer, then flip the double buffers.
void imitate_strategies(const StepContext& s, Residents& r);

}  // namespace govsim::models::governance
