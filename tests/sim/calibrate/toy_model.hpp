// A Gaussian toy simulator for the calibration tests: replicate r of proposal `point` gives
// y_k = t_k + sd_k * z_{r,k}, t_k = theta_k (uniform prior) or ln theta_k (log-uniform), with
// z from the run's counter-based generator (run_seed(seed, r, point): crn: false, as the
// calibrate command seeds a proposal's runs). The particle's quantity is the mean over R
// replicates, so with a prior that is flat in t the posterior of t given y is
// N(y, sd^2 / R), truncated to the prior's range.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/calibrate/prior.hpp"
#include "sim/rng/counter_rng.hpp"

namespace govsim::sim::calibrate::testing {

struct GaussianToy {
  std::vector<Parameter> params;
  std::vector<double> noise_sd;  // per parameter, in t units
  uint32_t replicates = 2;
  uint64_t seed = 1;

  double t(std::size_t k, double theta) const {
    return params[k].prior == PriorKind::kLogUniform ? std::log(theta) : theta;
  }
  std::vector<double> simulate(const std::vector<double>& theta, uint64_t point) const {
    std::vector<double> q(params.size(), 0.0);
    for (uint32_t r = 0; r < replicates; ++r) {
      const CounterRng rng = CounterRng::for_run(seed, r, point);
      for (std::size_t k = 0; k < params.size(); ++k) {
        const double z =
            rng.normal_pair(static_cast<uint32_t>(k), 0, 1, 0, EntityClass::kInitial).first;
        q[k] += t(k, theta[k]) + noise_sd[k] * z;
      }
    }
    for (double& v : q) v /= replicates;
    return q;
  }
};

}  // namespace govsim::sim::calibrate::testing
