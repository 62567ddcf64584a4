// File: sim/calibrate/kernel.hpp
//
// Perturbation kernels of ABC-PMC (Beaumont et al. 2009), in kernel coordinates (prior.hpp).
// Points are row-major [n][d]; weights sum to 1. Every loop runs in a fixed order, so results
// are bit-identical on every thread and rank count.
//
// GaussianKernel: N(0, 2 x the weighted covariance of the previous population), the kernel
// of spec 6.2 (a proposal outside the prior's box is drawn again).
// Reflected normal (reflect_into, log_reflected_normal): per parameter an independent normal
// step of sd s_k = sqrt(2 x weighted variance), folded back into [z(lo), z(hi)] by
// reflection at the ends. Always inside the support, and a uniform population stays exactly
// uniform under it, so parameters the targets do not inform cost neither redraws nor
// importance-weight degeneracy (see docs/calibration.md, "Many free parameters").
//
// A degenerate population (a parameter that no longer varies, collinear parameters, d >= n)
// has a singular covariance. `GaussianKernel` then regularises it deterministically: each
// variance is first floored at (1e-9 * width_k)^2 (width_k: the prior's width in kernel
// coordinates); if the Cholesky factorisation still fails, jitter * mean(diag) is added to
// the diagonal for jitter = 1e-12, 1e-11, ..., 1e-3; if that fails too, only the diagonal is
// kept. `jitter()` reports what was added (0: none; NaN: diagonal only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace govsim::sim::calibrate {

// Weighted mean [d] and covariance [d][d] (sum_i w_i (z_i - m)(z_i - m)^T, weights summing
// to 1, no small-sample correction).
void weighted_mean_cov(std::span<const double> points, std::size_t d,
                       std::span<const double> weights, std::vector<double>& mean,
                       std::vector<double>& cov);

// Lower Cholesky factor of a symmetric positive-definite [d][d] matrix into `lower`; false
// (lower unspecified) when a pivot is not > 0.
bool cholesky(std::span<const double> a, std::size_t d, std::vector<double>& lower);

// ln(sum_i exp(x_i)) without overflow; -inf for an empty span or all -inf.
double log_sum_exp(std::span<const double> x);

// y folded into [a, b] by reflection at both ends (period 2 (b - a)).
double reflect_into(double y, double a, double b);

// ln of the density at x in [a, b] of mu + N(0, s^2) folded into [a, b], up to the constant
// -ln(s sqrt(2 pi)): ln sum over the images c of mu (mu + 2mL and 2a - mu + 2mL, L = b - a,
// m integer) of exp(-(x - c)^2 / (2 s^2)); images further than 12 s beyond the nearest one
// are left out (relative error < 1e-31).
double log_reflected_normal(double x, double mu, double s, double a, double b);

// The reflected component-wise kernel over a population of centres: parameter k steps by
// N(0, sd_k^2) folded into [lo_k, hi_k]. Its mixture density sum_j w_j K(x | c_j) is what the
// importance weights need, O(n d) per x. Per parameter the exact log density is computed the
// cheapest accurate way: for sd <= L/12 (L = hi - lo) from the two nearest images of c and of
// its mirror image (the others are at least 2L away); for sd >= L/6 from the cosine series,
//   K(x | c) = (1/L) (1 + 2 sum_{n>=1} exp(-(n pi sd / L)^2 / 2) cos(n pi (x-lo)/L) cos(n pi (c-lo)/L)),
// truncated where the factor falls below 1e-17 (at most 17 terms; the density never drops
// below e^-18 / L there, far above rounding); in between by log_reflected_normal.
class ReflectedKernel {
 public:
  ReflectedKernel() = default;
  ReflectedKernel(std::vector<double> sd, std::vector<double> lo, std::vector<double> hi);

  std::size_t dims() const { return sd_.size(); }
  double sd(std::size_t k) const { return sd_[k]; }
  // The proposal of parameter k from centre coordinate c and a standard normal xi.
  double step(std::size_t k, double c, double xi) const {
    return reflect_into(c + sd_[k] * xi, lo_[k], hi_[k]);
  }
  // Exact ln K_k(x | c) (normalised), for tests.
  double log_density(std::size_t k, double x, double c) const;

  // Prepares the mixture over centres [n][d] with ln weights [n].
  void set_centres(std::span<const double> centres, std::span<const double> log_w);
  // ln sum_j w_j prod_k K_k(x_k | c_jk).
  double log_mixture(std::span<const double> x) const;

 private:
  enum class Mode : uint8_t { kNarrow, kMiddle, kWide };
  std::vector<double> sd_, lo_, hi_;
  std::vector<Mode> mode_;
  std::vector<std::size_t> terms_, offset_;  // kWide: series length and offset per parameter
  std::vector<double> coef_;                 // kWide: 2 exp(-(n pi sd/L)^2/2), concatenated
  std::size_t n_ = 0, stride_ = 0;           // centres; cosines per centre
  std::vector<double> centres_, log_w_, cos_;  // cos_: [n][stride_]
};

class GaussianKernel {
 public:
  GaussianKernel() = default;
  // Kernel N(0, cov) with cov [d][d]; `width` [d] sets the variance floor.
  GaussianKernel(std::vector<double> cov, std::span<const double> width);

  std::size_t dims() const { return d_; }
  const std::vector<double>& covariance() const { return cov_; }  // after regularisation
  const std::vector<double>& lower() const { return lower_; }     // its Cholesky factor L
  double jitter() const { return jitter_; }

  // out = L * xi: a kernel step from d standard normals.
  void step(std::span<const double> xi, std::span<double> out) const;
  // y = L^{-1} x (forward substitution): whitened coordinates, so that the kernel's
  // exponent between x and x' is -0.5 |y - y'|^2.
  void whiten(std::span<const double> x, std::span<double> y) const;

 private:
  std::size_t d_ = 0;
  std::vector<double> cov_;
  std::vector<double> lower_;
  double jitter_ = 0.0;
};

}  // namespace govsim::sim::calibrate
