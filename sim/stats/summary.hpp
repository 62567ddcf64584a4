// File: sim/stats/summary.hpp
//
// The statistics govsim prints and stores: means with Student-t 95% confidence intervals,
// paired differences under common random numbers, Welch intervals for independent samples,
// and Holm's step-down correction for multiple comparisons. NaN values (undefined ratios,
// spec E15) are dropped pairwise and the count of valid values is reported.
#pragma once

#include <cstddef>
#include <vector>

namespace govsim::sim::stats {

struct Interval {
  double mean = 0.0;
  double lo = 0.0;   // lower bound of the (1 − alpha) interval
  double hi = 0.0;
  double sd = 0.0;   // sample standard deviation
  std::size_t n = 0; // valid values used
};

// Two-sided Student-t quantile t_{1−alpha/2, df}.
double t_quantile(double alpha, double df);

// Mean and t-interval of the finite values of x (n < 2: lo = hi = mean, sd = NaN).
Interval mean_interval(const std::vector<double>& x, double alpha = 0.05);

// Paired differences a_i − b_i over pairs where both are finite.
Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b,
                           double alpha = 0.05);

// Two-sided p-value of the paired t-test of mean(a − b) = 0 (NaN if n < 2 or sd = 0 and mean = 0).
double paired_p_value(const std::vector<double>& a, const std::vector<double>& b);

// Welch's interval for mean(a) − mean(b), independent samples.
Interval welch_difference(const std::vector<double>& a, const std::vector<double>& b,
                          double alpha = 0.05);

// Holm-adjusted p-values (same order as the input; NaN stays NaN and is not counted).
std::vector<double> holm_adjust(const std::vector<double>& p);

}  // namespace govsim::sim::stats
