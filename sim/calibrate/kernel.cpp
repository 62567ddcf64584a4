#include "sim/calibrate/kernel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace govsim::sim::calibrate {

void weighted_mean_cov(std::span<const double> points, std::size_t d,
                       std::span<const double> weights, std::vector<double>& mean,
                       std::vector<double>& cov) {
  const std::size_t n = weights.size();
  mean.assign(d, 0.0);
  cov.assign(d * d, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k) mean[k] += weights[i] * points[i * d + k];
  std::vector<double> dev(d);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < d; ++k) dev[k] = points[i * d + k] - mean[k];
    for (std::size_t a = 0; a < d; ++a) {
      const double wa = weights[i] * dev[a];
      double* row = cov.data() + a * d;
      for (std::size_t b = 0; b <= a; ++b) row[b] += wa * dev[b];
    }
  }
  for (std::size_t a = 0; a < d; ++a)
    for (std::size_t b = 0; b < a; ++b) cov[b * d + a] = cov[a * d + b];
}

bool cholesky(std::span<const double> a, std::size_t d, std::vector<double>& lower) {
  lower.assign(d * d, 0.0);
  for (std::size_t j = 0; j < d; ++j) {
    double s = a[j * d + j];
    for (std::size_t k = 0; k < j; ++k) s -= lower[j * d + k] * lower[j * d + k];
    if (!(s > 0.0) || !std::isfinite(s)) return false;
    const double ljj = std::sqrt(s);
    lower[j * d + j] = ljj;
    for (std::size_t i = j + 1; i < d; ++i) {
      double t = a[i * d + j];
      for (std::size_t k = 0; k < j; ++k) t -= lower[i * d + k] * lower[j * d + k];
      lower[i * d + j] = t / ljj;
    }
  }
  return true;
}

double log_sum_exp(std::span<const double> x) {
  double m = -std::numeric_limits<double>::infinity();
  for (double v : x) m = std::max(m, v);
  if (!std::isfinite(m)) return m;
  double s = 0.0;
  for (double v : x) s += std::exp(v - m);
  return m + std::log(s);
}

double reflect_into(double y, double a, double b) {
  const double len = b - a;
  double u = std::fmod(y - a, 2.0 * len);
  if (u < 0.0) u += 2.0 * len;
  if (u > len) u = 2.0 * len - u;
  return std::clamp(a + u, a, b);
}

double log_reflected_normal(double x, double mu, double s, double a, double b) {
  const double period = 2.0 * (b - a);
  const double inv2s2 = 0.5 / (s * s);
  // Images mu + m*period and (2a - mu) + m*period, m within reach of x.
  const auto reach = static_cast<long>(std::ceil(12.0 * s / period)) + 1;
  double q[2][64];
  int count[2] = {0, 0};
  double qmin = std::numeric_limits<double>::infinity();
  const double centre[2] = {mu, 2.0 * a - mu};
  for (int f = 0; f < 2; ++f) {
    const long m0 = std::lround((x - centre[f]) / period);
    const long lo = m0 - std::min(reach, 31L), hi = m0 + std::min(reach, 31L);
    for (long m = lo; m <= hi; ++m) {
      const double e = x - centre[f] - static_cast<double>(m) * period;
      const double v = e * e * inv2s2;
      q[f][count[f]++] = v;
      qmin = std::min(qmin, v);
    }
  }
  double sum = 0.0;  // the nearest image contributes exactly 1
  for (int f = 0; f < 2; ++f)
    for (int i = 0; i < count[f]; ++i) {
      const double dq = q[f][i] - qmin;
      if (dq < 72.0) sum += std::exp(-dq);  // 72 = (12 s)^2 / (2 s^2)
    }
  return sum == 1.0 ? -qmin : -qmin + std::log(sum);
}

namespace {
constexpr double kPi = 3.14159265358979323846;

// ln of the density from the two nearest images of each family (the next ones are at least 2L
// away while the nearest is within L, so for sd <= L/12 they weigh less than e^-216 relative),
// without the normalising constant.
double log_near_images(double x, double c, double sd, double lo, double period) {
  const double inv2s2 = 0.5 / (sd * sd);
  double q[4];
  const double centre[2] = {c, 2.0 * lo - c};
  for (int f = 0; f < 2; ++f) {
    double e = x - centre[f];
    e -= std::nearbyint(e / period) * period;  // in [-L, L]
    const double other = e - std::copysign(period, e);
    q[2 * f] = e * e * inv2s2;
    q[2 * f + 1] = other * other * inv2s2;
  }
  const double qmin = std::min(std::min(q[0], q[1]), std::min(q[2], q[3]));
  double sum = 0.0;
  for (double v : q)
    if (v - qmin < 72.0) sum += std::exp(qmin - v);
  return sum == 1.0 ? -qmin : -qmin + std::log(sum);
}
}  // namespace

ReflectedKernel::ReflectedKernel(std::vector<double> sd, std::vector<double> lo,
                                 std::vector<double> hi)
    : sd_(std::move(sd)), lo_(std::move(lo)), hi_(std::move(hi)) {
  const std::size_t d = sd_.size();
  mode_.resize(d);
  terms_.assign(d, 0);
  offset_.assign(d, 0);
  for (std::size_t k = 0; k < d; ++k) {
    const double len = hi_[k] - lo_[k];
    if (sd_[k] <= len / 12.0) {
      mode_[k] = Mode::kNarrow;
    } else if (sd_[k] < len / 6.0) {
      mode_[k] = Mode::kMiddle;
    } else {
      mode_[k] = Mode::kWide;
      offset_[k] = coef_.size();
      const double r = kPi * sd_[k] / len;
      for (int m = 1;; ++m) {
        const double c = 2.0 * std::exp(-0.5 * r * r * m * m);
        if (c < 1e-17) break;
        coef_.push_back(c);
      }
      terms_[k] = coef_.size() - offset_[k];
    }
  }
  stride_ = coef_.size();
}

double ReflectedKernel::log_density(std::size_t k, double x, double c) const {
  const double len = hi_[k] - lo_[k];
  const double norm = -std::log(sd_[k] * std::sqrt(2.0 * kPi));
  switch (mode_[k]) {
    case Mode::kNarrow: return norm + log_near_images(x, c, sd_[k], lo_[k], 2.0 * len);
    case Mode::kMiddle: return norm + log_reflected_normal(x, c, sd_[k], lo_[k], hi_[k]);
    case Mode::kWide: break;
  }
  double g = 1.0;
  for (std::size_t m = 0; m < terms_[k]; ++m) {
    const double w = kPi * static_cast<double>(m + 1) / len;
    g += coef_[offset_[k] + m] * std::cos(w * (x - lo_[k])) * std::cos(w * (c - lo_[k]));
  }
  return std::log(std::max(g, 1e-300) / len);
}

void ReflectedKernel::set_centres(std::span<const double> centres, std::span<const double> log_w) {
  const std::size_t d = sd_.size();
  n_ = log_w.size();
  centres_.assign(centres.begin(), centres.end());
  log_w_.assign(log_w.begin(), log_w.end());
  cos_.assign(n_ * stride_, 0.0);
  for (std::size_t j = 0; j < n_; ++j)
    for (std::size_t k = 0; k < d; ++k)
      for (std::size_t m = 0; m < terms_[k]; ++m) {
        const double w = kPi * static_cast<double>(m + 1) / (hi_[k] - lo_[k]);
        cos_[j * stride_ + offset_[k] + m] = std::cos(w * (centres_[j * d + k] - lo_[k]));
      }
}

double ReflectedKernel::log_mixture(std::span<const double> x) const {
  const std::size_t d = sd_.size();
  // Per parameter constants, and the proposal's own cosines times the series factors.
  double norm = 0.0;
  std::vector<double> b(stride_);
  for (std::size_t k = 0; k < d; ++k) {
    const double len = hi_[k] - lo_[k];
    norm += mode_[k] == Mode::kWide ? -std::log(len) : -std::log(sd_[k] * std::sqrt(2.0 * kPi));
    for (std::size_t m = 0; m < terms_[k]; ++m) {
      const double w = kPi * static_cast<double>(m + 1) / len;
      b[offset_[k] + m] = coef_[offset_[k] + m] * std::cos(w * (x[k] - lo_[k]));
    }
  }
  std::vector<double> terms(n_);
  for (std::size_t j = 0; j < n_; ++j) {
    const double* c = centres_.data() + j * d;
    const double* cj = cos_.data() + j * stride_;
    double logk = 0.0, prod = 1.0;
    int in_prod = 0;
    for (std::size_t k = 0; k < d; ++k) {
      if (mode_[k] == Mode::kNarrow) {
        logk += log_near_images(x[k], c[k], sd_[k], lo_[k], 2.0 * (hi_[k] - lo_[k]));
      } else if (mode_[k] == Mode::kMiddle) {
        logk += log_reflected_normal(x[k], c[k], sd_[k], lo_[k], hi_[k]);
      } else {
        double g = 1.0;
        const std::size_t o = offset_[k];
        for (std::size_t m = 0; m < terms_[k]; ++m) g += b[o + m] * cj[o + m];
        prod *= std::max(g, 1e-300);
        if (++in_prod == 16) {  // each factor lies in [e^-18, 5]: fold before under/overflow
          logk += std::log(prod);
          prod = 1.0;
          in_prod = 0;
        }
      }
    }
    terms[j] = log_w_[j] + logk + std::log(prod);
  }
  return norm + log_sum_exp(terms);
}

GaussianKernel::GaussianKernel(std::vector<double> cov, std::span<const double> width)
    : d_(width.size()), cov_(std::move(cov)) {
  for (std::size_t k = 0; k < d_; ++k) {
    const double floor = 1e-9 * width[k];
    double& v = cov_[k * d_ + k];
    if (!(v >= floor * floor)) v = floor * floor;  // also replaces NaN
  }
  if (cholesky(cov_, d_, lower_)) return;
  double mean_diag = 0.0;
  for (std::size_t k = 0; k < d_; ++k) mean_diag += cov_[k * d_ + k];
  mean_diag /= static_cast<double>(std::max<std::size_t>(d_, 1));
  for (double j = 1e-12; j <= 1.001e-3; j *= 10.0) {
    std::vector<double> c = cov_;
    for (std::size_t k = 0; k < d_; ++k) c[k * d_ + k] += j * mean_diag;
    if (cholesky(c, d_, lower_)) {
      cov_ = std::move(c);
      jitter_ = j;
      return;
    }
  }
  for (std::size_t a = 0; a < d_; ++a)
    for (std::size_t b = 0; b < d_; ++b)
      if (a != b) cov_[a * d_ + b] = 0.0;
  cholesky(cov_, d_, lower_);  // positive diagonal: cannot fail
  jitter_ = std::numeric_limits<double>::quiet_NaN();
}

void GaussianKernel::step(std::span<const double> xi, std::span<double> out) const {
  for (std::size_t i = 0; i < d_; ++i) {
    double s = 0.0;
    const double* row = lower_.data() + i * d_;
    for (std::size_t k = 0; k <= i; ++k) s += row[k] * xi[k];
    out[i] = s;
  }
}

void GaussianKernel::whiten(std::span<const double> x, std::span<double> y) const {
  for (std::size_t i = 0; i < d_; ++i) {
    double s = x[i];
    const double* row = lower_.data() + i * d_;
    for (std::size_t k = 0; k < i; ++k) s -= row[k] * y[k];
    y[i] = s / row[i];
  }
}

}  // namespace govsim::sim::calibrate
