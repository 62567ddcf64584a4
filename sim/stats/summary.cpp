#include "sim/stats/summary.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace govsim::sim::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Interval from_values(const std::vector<double>& v, double alpha) {
  Interval r;
  r.n = v.size();
  if (v.empty()) {
    r.mean = r.lo = r.hi = r.sd = kNaN;
    return r;
  }
  double sum = 0.0;
  for (double x : v) sum += x;  // fixed order: deterministic
  r.mean = sum / static_cast<double>(v.size());
  if (v.size() < 2) {
    r.lo = r.hi = r.mean;
    r.sd = kNaN;
    return r;
  }
  double ss = 0.0;
  for (double x : v) ss += (x - r.mean) * (x - r.mean);
  r.sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
  const double half = t_quantile(alpha, static_cast<double>(v.size() - 1)) * r.sd /
                      std::sqrt(static_cast<double>(v.size()));
  r.lo = r.mean - half;
  r.hi = r.mean + half;
  return r;
}
}  // namespace

double t_quantile(double alpha, double df) {
  boost::math::students_t dist(df);
  return boost::math::quantile(boost::math::complement(dist, alpha / 2.0));
}

Interval mean_interval(const std::vector<double>& x, double alpha) {
  std::vector<double> v;
  v.reserve(x.size());
  for (double d : x)
    if (std::isfinite(d)) v.push_back(d);
  return from_values(v, alpha);
}

Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b,
                           double alpha) {
  std::vector<double> d;
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i)
    if (std::isfinite(a[i]) && std::isfinite(b[i])) d.push_back(a[i] - b[i]);
  return from_values(d, alpha);
}

double paired_p_value(const std::vector<double>& a, const std::vector<double>& b) {
  const Interval d = paired_difference(a, b);
  if (d.n < 2 || !std::isfinite(d.sd)) return kNaN;
  if (d.sd == 0.0) return d.mean == 0.0 ? 1.0 : 0.0;
  const double t = d.mean / (d.sd / std::sqrt(static_cast<double>(d.n)));
  boost::math::students_t dist(static_cast<double>(d.n - 1));
  return 2.0 * boost::math::cdf(boost::math::complement(dist, std::abs(t)));
}

Interval welch_difference(const std::vector<double>& a, const std::vector<double>& b,
                          double alpha) {
  const Interval ia = mean_interval(a), ib = mean_interval(b);
  Interval r;
  r.n = std::min(ia.n, ib.n);
  r.mean = ia.mean - ib.mean;
  if (ia.n < 2 || ib.n < 2) {
    r.lo = r.hi = r.mean;
    r.sd = kNaN;
    return r;
  }
  const double va = ia.sd * ia.sd / static_cast<double>(ia.n);
  const double vb = ib.sd * ib.sd / static_cast<double>(ib.n);
  const double se = std::sqrt(va + vb);
  r.sd = se;
  if (se == 0.0) {
    r.lo = r.hi = r.mean;
    return r;
  }
  const double df = (va + vb) * (va + vb) /
                    (va * va / static_cast<double>(ia.n - 1) + vb * vb / static_cast<double>(ib.n - 1));
  const double half = t_quantile(alpha, df) * se;
  r.lo = r.mean - half;
  r.hi = r.mean + half;
  return r;
}

std::vector<double> holm_adjust(const std::vector<double>& p) {
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (std::isfinite(p[i])) idx.push_back(i);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> out(p.size(), kNaN);
  const double m = static_cast<double>(idx.size());
  double running = 0.0;
  for (std::size_t r = 0; r < idx.size(); ++r) {
    const double adj = std::min(1.0, (m - static_cast<double>(r)) * p[idx[r]]);
    running = std::max(running, adj);
    out[idx[r]] = running;
  }
  return out;
}

}  // namespace govsim::sim::stats
