// File: sim/design/sensitivity.hpp
//
// Global sensitivity estimators on the outputs of a design, one output value per design point
// (for a stochastic model: the mean over replicates of a final value).
//
// Sobol' indices from a Saltelli design (Saltelli et al. 2010, Comput. Phys. Commun. 181:259,
// Table 2): with f_A, f_B, f_AB^(i) the outputs of the A, B and A_B^(i) points of base sample
// j = 1..N and V the (population) variance of all 2N outputs of A and B,
//   first order  S_i  = (1/N) sum_j f_B(j) (f_AB^(i)(j) - f_A(j)) / V        (Saltelli 2010, b)
//   total        ST_i = (1/(2N)) sum_j (f_A(j) - f_AB^(i)(j))^2 / V           (Jansen 1999, f)
// A base sample with any undefined (NaN) output among its g + 2 points is left out.
//
// Morris elementary effects (Morris 1991; Campolongo et al. 2007): for the step of trajectory t
// that moves group i by d * delta (in units of the factors' ranges, i.e. of the unit cube),
//   EE_i(t) = (y_after - y_before) / (d * delta);
// mu = mean EE, mu* = mean |EE|, sigma = sample standard deviation of EE over trajectories.
// For groups only mu* is meaningful (factors of a group move in one direction together).
//
// Confidence intervals: percentile bootstrap with kBootstrapResamples resamples of the base
// samples (Sobol') or trajectories (Morris), drawn with replacement by counter-based draws
// (DesignRng stream kBootstrap, counter {draw k, resample b, output index}), so they are
// reproducible; the interval is [q_0.025, q_0.975] of the resampled estimates (linear
// interpolation between order statistics, NaN resamples dropped).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/design/design.hpp"

namespace govsim::sim::design {

inline constexpr std::size_t kBootstrapResamples = 1000;

struct Estimate {
  double value = 0.0;
  double lo = 0.0;  // 95% percentile bootstrap interval
  double hi = 0.0;
};

struct SobolIndices {
  std::vector<Estimate> first;  // per group
  std::vector<Estimate> total;  // per group
  std::size_t samples_used = 0; // base samples with all outputs defined
  double variance = 0.0;        // V
};

// `y` has one value per design point (N (g+2)); `stream_id` separates the bootstrap draws of
// different outputs. bootstrap = 0 gives lo = hi = value.
SobolIndices sobol_indices(const SaltelliDesign& design, const std::vector<double>& y,
                           uint64_t seed, uint32_t stream_id = 0,
                           std::size_t bootstrap = kBootstrapResamples);

struct MorrisIndices {
  std::vector<double> mu;         // per group
  std::vector<Estimate> mu_star;  // per group
  std::vector<Estimate> sigma;    // per group
  std::vector<std::size_t> n;     // elementary effects used per group
};

// `y` has one value per design point (r (g+1)).
MorrisIndices morris_indices(const MorrisDesign& design, const std::vector<double>& y,
                             uint64_t seed, uint32_t stream_id = 0,
                             std::size_t bootstrap = kBootstrapResamples);

// Percentile of sorted finite values (q in [0,1], linear interpolation; NaN when empty).
double percentile(std::vector<double> values, double q);

}  // namespace govsim::sim::design
