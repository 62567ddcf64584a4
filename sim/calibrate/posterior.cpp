#include "sim/calibrate/posterior.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "sim/calibrate/kernel.hpp"

namespace govsim::sim::calibrate {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

double effective_sample_size(std::span<const double> weights) {
  double s = 0.0, s2 = 0.0;
  for (double w : weights) {
    s += w;
    s2 += w * w;
  }
  return s2 > 0.0 ? s * s / s2 : 0.0;
}

double order_quantile(std::span<const double> values, double alpha) {
  if (values.empty()) return kNaN;
  std::vector<double> v(values.begin(), values.end());
  const double pos = std::ceil(alpha * static_cast<double>(v.size()));
  const std::size_t k =
      std::min(v.size(), std::max<std::size_t>(1, static_cast<std::size_t>(pos))) - 1;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

double weighted_quantile(std::span<const double> values, std::span<const double> weights,
                         double q) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  double total = 0.0;
  for (double w : weights) total += w;
  if (order.empty() || !(total > 0.0)) return kNaN;
  const double target = q * total;
  double cum = 0.0;
  for (std::size_t i : order) {
    cum += weights[i];
    if (cum >= target && weights[i] > 0.0) return values[i];
  }
  return values[order.back()];
}

CredibleInterval marginal_interval(std::span<const double> particles, std::size_t d,
                                   std::span<const double> weights, std::size_t k, double level) {
  std::vector<double> x(weights.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = particles[i * d + k];
  return {weighted_quantile(x, weights, 0.5), weighted_quantile(x, weights, (1.0 - level) / 2.0),
          weighted_quantile(x, weights, (1.0 + level) / 2.0)};
}

double hpd_rank(std::span<const double> particles, std::span<const double> weights,
                std::span<const Parameter> params, std::span<const double> point) {
  const std::size_t d = params.size(), n = weights.size();
  std::vector<double> z(n * d), zp(d), lo(d), hi(d);
  for (std::size_t k = 0; k < d; ++k) {
    if (!in_support(params[k], point[k])) return 1.0;
    zp[k] = to_kernel(params[k], point[k]);
    lo[k] = kernel_lo(params[k]);
    hi[k] = kernel_hi(params[k]);
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k) z[i * d + k] = to_kernel(params[k], particles[i * d + k]);
  std::vector<double> mean, cov, h(d), log_w(n);
  weighted_mean_cov(z, d, weights, mean, cov);
  const double factor =
      std::pow(std::max(effective_sample_size(weights), 1.0), -1.0 / (static_cast<double>(d) + 4.0));
  for (std::size_t k = 0; k < d; ++k)
    h[k] = std::max(std::sqrt(cov[k * d + k]) * factor, 1e-9 * (hi[k] - lo[k]));
  for (std::size_t i = 0; i < n; ++i) log_w[i] = std::log(weights[i]);
  ReflectedKernel kde(h, lo, hi);
  kde.set_centres(z, log_w);
  const double p_point = kde.log_mixture(zp);
  double total = 0.0, above = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    total += weights[i];
    if (kde.log_mixture({z.data() + i * d, d}) > p_point) above += weights[i];
  }
  return total > 0.0 ? above / total : 1.0;
}

}  // namespace govsim::sim::calibrate
