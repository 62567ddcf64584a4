// File: sim/calibrate/posterior.hpp
//
// Summaries of a weighted population (an ABC-PMC generation): effective sample size, weighted
// quantiles and marginal credible intervals, and membership of a point in the highest-density
// credible region. Pure functions; fixed summation order.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "sim/calibrate/prior.hpp"

namespace govsim::sim::calibrate {

// Kish's effective sample size (sum w)^2 / sum w^2 (N for equal weights, 1 for one particle).
double effective_sample_size(std::span<const double> weights);

// The alpha-quantile of unweighted values as an order statistic (inverse of the empirical
// CDF, Hyndman & Fan type 1): the ceil(alpha n)-th smallest, alpha in (0, 1]. Works with +inf
// values (no interpolation). NaN when empty.
double order_quantile(std::span<const double> values, double alpha);

// Weighted quantile: the smallest value v with (sum of weights of values <= v) >= q * total
// (the inverse of the weighted empirical CDF). NaN when empty or all weights are 0.
double weighted_quantile(std::span<const double> values, std::span<const double> weights,
                         double q);

struct CredibleInterval {
  double median = 0.0;
  double lo = 0.0;  // the (1 - level)/2 weighted quantile
  double hi = 0.0;  // the (1 + level)/2 weighted quantile
};

// Equal-tailed marginal interval of parameter k of a population [n][d].
CredibleInterval marginal_interval(std::span<const double> particles, std::size_t d,
                                   std::span<const double> weights, std::size_t k,
                                   double level = 0.9);

// Where does `point` rank in the highest-posterior-density (HPD) regions of the population?
// The posterior density is estimated by a product-kernel density estimate in kernel
// coordinates (prior.hpp), each parameter's normal kernel reflected at its prior bounds so the
// estimate has no boundary bias (a posterior that piles up at a bound is common), with
// bandwidth h_k = weighted sd_k * n_eff^(-1/(d+4)) (Scott's rule). Returns the weight of the
// particles whose estimated density exceeds the point's: the point lies inside the `level` HPD
// region {theta : p(theta) >= c} iff the result is < level. Shape-free (unlike an ellipse), so
// it also serves banana-shaped and multimodal posteriors. 1 for a point outside the prior.
double hpd_rank(std::span<const double> particles, std::span<const double> weights,
                std::span<const Parameter> params, std::span<const double> point);

}  // namespace govsim::sim::calibrate
