#include "sim/design/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace govsim::sim::design {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct SobolSums {
  std::vector<double> first, total;  // per group
  double variance = kNaN;
};

// Estimates from the base samples `use` (indices into fa, fb, fab columns), in their order.
SobolSums sobol_from(const std::vector<double>& fa, const std::vector<double>& fb,
                     const std::vector<std::vector<double>>& fab,
                     const std::vector<std::size_t>& use) {
  SobolSums s;
  const std::size_t g = fab.size();
  s.first.assign(g, kNaN);
  s.total.assign(g, kNaN);
  const std::size_t n = use.size();
  if (n < 2) return s;
  double sum = 0.0;
  for (std::size_t j : use) sum += fa[j] + fb[j];
  const double mean = sum / static_cast<double>(2 * n);
  double ss = 0.0;
  for (std::size_t j : use) ss += (fa[j] - mean) * (fa[j] - mean) + (fb[j] - mean) * (fb[j] - mean);
  s.variance = ss / static_cast<double>(2 * n);
  if (!(s.variance > 0.0)) return s;
  for (std::size_t i = 0; i < g; ++i) {
    double v1 = 0.0, vt = 0.0;
    for (std::size_t j : use) {
      v1 += fb[j] * (fab[i][j] - fa[j]);
      vt += (fa[j] - fab[i][j]) * (fa[j] - fab[i][j]);
    }
    s.first[i] = v1 / static_cast<double>(n) / s.variance;
    s.total[i] = vt / (2.0 * static_cast<double>(n)) / s.variance;
  }
  return s;
}

struct MorrisStats {
  std::vector<double> mu, mu_star, sigma;
  std::vector<std::size_t> n;
};

// ee[t][i]: elementary effect of group i in trajectory t (NaN = undefined).
MorrisStats morris_from(const std::vector<std::vector<double>>& ee, std::size_t g,
                        const std::vector<std::size_t>& use) {
  MorrisStats m;
  m.mu.assign(g, kNaN);
  m.mu_star.assign(g, kNaN);
  m.sigma.assign(g, kNaN);
  m.n.assign(g, 0);
  for (std::size_t i = 0; i < g; ++i) {
    double sum = 0.0, sum_abs = 0.0;
    std::size_t n = 0;
    for (std::size_t t : use) {
      const double e = ee[t][i];
      if (!std::isfinite(e)) continue;
      sum += e;
      sum_abs += std::abs(e);
      ++n;
    }
    m.n[i] = n;
    if (n == 0) continue;
    m.mu[i] = sum / static_cast<double>(n);
    m.mu_star[i] = sum_abs / static_cast<double>(n);
    if (n < 2) continue;
    double ss = 0.0;
    for (std::size_t t : use) {
      const double e = ee[t][i];
      if (std::isfinite(e)) ss += (e - m.mu[i]) * (e - m.mu[i]);
    }
    m.sigma[i] = std::sqrt(ss / static_cast<double>(n - 1));
  }
  return m;
}

Estimate with_interval(double value, std::vector<double> resampled) {
  Estimate e;
  e.value = value;
  if (resampled.empty()) {
    e.lo = e.hi = value;
    return e;
  }
  e.lo = percentile(resampled, 0.025);
  e.hi = percentile(std::move(resampled), 0.975);
  return e;
}

// Resample b: `n` indices drawn with replacement from `pool`.
std::vector<std::size_t> resample(const std::vector<std::size_t>& pool, const DesignRng& rng,
                                  std::size_t b, uint32_t stream_id) {
  std::vector<std::size_t> out(pool.size());
  for (std::size_t k = 0; k < pool.size(); ++k)
    out[k] = pool[rng.index(pool.size(), static_cast<uint32_t>(k), static_cast<uint32_t>(b),
                            stream_id)];
  return out;
}

}  // namespace

double percentile(std::vector<double> values, double q) {
  values.erase(std::remove_if(values.begin(), values.end(),
                              [](double x) { return !std::isfinite(x); }),
               values.end());
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(pos));
  const std::size_t j = std::min(i + 1, values.size() - 1);
  const double f = pos - static_cast<double>(i);
  return values[i] + f * (values[j] - values[i]);
}

SobolIndices sobol_indices(const SaltelliDesign& design, const std::vector<double>& y,
                           uint64_t seed, uint32_t stream_id, std::size_t bootstrap) {
  const std::size_t n = design.base_samples, g = design.groups;
  std::vector<double> fa(n, kNaN), fb(n, kNaN);
  std::vector<std::vector<double>> fab(g, std::vector<double>(n, kNaN));
  for (std::size_t row = 0; row < y.size() && row < design.block.size(); ++row) {
    const std::size_t j = design.sample[row];
    const auto b = static_cast<std::size_t>(design.block[row]);
    if (j >= n) continue;
    if (b == 0) fa[j] = y[row];
    else if (b == g + 1) fb[j] = y[row];
    else if (b >= 1 && b <= g) fab[b - 1][j] = y[row];
  }
  std::vector<std::size_t> use;
  for (std::size_t j = 0; j < n; ++j) {
    bool ok = std::isfinite(fa[j]) && std::isfinite(fb[j]);
    for (std::size_t i = 0; i < g && ok; ++i) ok = std::isfinite(fab[i][j]);
    if (ok) use.push_back(j);
  }
  const SobolSums point = sobol_from(fa, fb, fab, use);
  SobolIndices out;
  out.samples_used = use.size();
  out.variance = point.variance;
  std::vector<std::vector<double>> bs_first(g), bs_total(g);
  if (use.size() >= 2) {
    const DesignRng rng(seed, kBootstrap);
    for (std::size_t b = 0; b < bootstrap; ++b) {
      const SobolSums s = sobol_from(fa, fb, fab, resample(use, rng, b, stream_id));
      for (std::size_t i = 0; i < g; ++i) {
        bs_first[i].push_back(s.first[i]);
        bs_total[i].push_back(s.total[i]);
      }
    }
  }
  for (std::size_t i = 0; i < g; ++i) {
    out.first.push_back(with_interval(point.first[i], std::move(bs_first[i])));
    out.total.push_back(with_interval(point.total[i], std::move(bs_total[i])));
  }
  return out;
}

MorrisIndices morris_indices(const MorrisDesign& design, const std::vector<double>& y,
                             uint64_t seed, uint32_t stream_id, std::size_t bootstrap) {
  const std::size_t r = design.trajectories, g = design.groups;
  std::vector<std::vector<double>> ee(r, std::vector<double>(g, kNaN));
  for (std::size_t row = 1; row < y.size() && row < design.step.size(); ++row) {
    if (design.step[row] == 0 || design.moved[row] < 0) continue;
    const std::size_t t = design.trajectory[row];
    const auto i = static_cast<std::size_t>(design.moved[row]);
    if (t >= r || i >= g) continue;
    ee[t][i] = (y[row] - y[row - 1]) / (design.direction[row] * design.delta);
  }
  std::vector<std::size_t> all(r);
  for (std::size_t t = 0; t < r; ++t) all[t] = t;
  const MorrisStats point = morris_from(ee, g, all);
  std::vector<std::vector<double>> bs_mu_star(g), bs_sigma(g);
  if (r >= 2) {
    const DesignRng rng(seed, kBootstrap);
    for (std::size_t b = 0; b < bootstrap; ++b) {
      const MorrisStats s = morris_from(ee, g, resample(all, rng, b, stream_id));
      for (std::size_t i = 0; i < g; ++i) {
        bs_mu_star[i].push_back(s.mu_star[i]);
        bs_sigma[i].push_back(s.sigma[i]);
      }
    }
  }
  MorrisIndices out;
  out.mu = point.mu;
  out.n = point.n;
  for (std::size_t i = 0; i < g; ++i) {
    out.mu_star.push_back(with_interval(point.mu_star[i], std::move(bs_mu_star[i])));
    out.sigma.push_back(with_interval(point.sigma[i], std::move(bs_sigma[i])));
  }
  return out;
}

}  // namespace govsim::sim::design
