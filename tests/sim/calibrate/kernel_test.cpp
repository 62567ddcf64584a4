#include "sim/calibrate/kernel.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace govsim::sim::calibrate {
namespace {

TEST(Kernel, WeightedMeanAndCovarianceByHand) {
  // Points (0,0), (2,0), (0,4) with weights 1/2, 1/4, 1/4: mean (0.5, 1).
  const std::vector<double> z = {0, 0, 2, 0, 0, 4};
  const std::vector<double> w = {0.5, 0.25, 0.25};
  std::vector<double> m, c;
  weighted_mean_cov(z, 2, w, m, c);
  EXPECT_DOUBLE_EQ(m[0], 0.5);
  EXPECT_DOUBLE_EQ(m[1], 1.0);
  // var x = .5*.25 + .25*2.25 + .25*.25 = 0.75; var y = .5*1 + .25*1 + .25*9 = 3;
  // cov = .5*(-.5)(-1) + .25*(1.5)(-1) + .25*(-.5)(3) = -0.5
  EXPECT_DOUBLE_EQ(c[0], 0.75);
  EXPECT_DOUBLE_EQ(c[3], 3.0);
  EXPECT_DOUBLE_EQ(c[1], -0.5);
  EXPECT_DOUBLE_EQ(c[2], -0.5);
}

TEST(Kernel, CholeskyByHand) {
  std::vector<double> l;
  ASSERT_TRUE(cholesky(std::vector<double>{4, 2, 2, 3}, 2, l));
  EXPECT_DOUBLE_EQ(l[0], 2.0);
  EXPECT_DOUBLE_EQ(l[1], 0.0);
  EXPECT_DOUBLE_EQ(l[2], 1.0);
  EXPECT_DOUBLE_EQ(l[3], std::sqrt(2.0));
  EXPECT_FALSE(cholesky(std::vector<double>{1, 2, 2, 1}, 2, l));  // indefinite
}

TEST(Kernel, StepAndWhitenAreInverse) {
  const std::vector<double> width = {1.0, 1.0, 1.0};
  const GaussianKernel k({2.0, 0.3, 0.1, 0.3, 1.0, -0.2, 0.1, -0.2, 0.5}, width);
  EXPECT_EQ(k.jitter(), 0.0);
  const std::vector<double> xi = {0.3, -1.2, 2.0};
  std::vector<double> x(3), y(3);
  k.step(xi, x);
  k.whiten(x, y);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(y[i], xi[i], 1e-12);
}

TEST(Kernel, SingularCovarianceIsRegularised) {
  // Two perfectly collinear parameters (rank 1).
  const std::vector<double> width = {1.0, 1.0};
  const GaussianKernel k({1.0, 1.0, 1.0, 1.0}, width);
  EXPECT_GT(k.jitter(), 0.0);
  EXPECT_LE(k.jitter(), 1e-3);
  const auto& l = k.lower();
  EXPECT_GT(l[3], 0.0);
  // L L^T reproduces the regularised covariance.
  EXPECT_NEAR(l[2] * l[2] + l[3] * l[3], k.covariance()[3], 1e-12);
  // A population collapsed to a point (zero covariance): the variance floor alone suffices.
  const std::vector<double> w2 = {10.0, 0.5};
  const GaussianKernel z({0.0, 0.0, 0.0, 0.0}, w2);
  EXPECT_EQ(z.jitter(), 0.0);
  EXPECT_DOUBLE_EQ(z.covariance()[0], 1e-8 * 1e-8);  // (1e-9 * width)^2
  // NaN in the matrix: falls back to the diagonal.
  const GaussianKernel n({1.0, std::nan(""), std::nan(""), 1.0}, width);
  EXPECT_TRUE(std::isnan(n.jitter()));
  EXPECT_EQ(n.covariance()[1], 0.0);
}

TEST(Kernel, LogSumExpIsStable) {
  const std::vector<double> big = {1000.0, 1000.0};
  EXPECT_NEAR(log_sum_exp(big), 1000.0 + std::log(2.0), 1e-12);
  const std::vector<double> small = {-1e4, -1e4 - std::log(3.0)};
  EXPECT_NEAR(log_sum_exp(small), -1e4 + std::log(4.0 / 3.0), 1e-9);
  const std::vector<double> none = {-std::numeric_limits<double>::infinity()};
  EXPECT_EQ(log_sum_exp(none), -std::numeric_limits<double>::infinity());
}

TEST(Kernel, ReflectionFoldsIntoTheBox) {
  EXPECT_DOUBLE_EQ(reflect_into(0.3, 0.0, 1.0), 0.3);
  EXPECT_DOUBLE_EQ(reflect_into(1.25, 0.0, 1.0), 0.75);
  EXPECT_DOUBLE_EQ(reflect_into(-0.25, 0.0, 1.0), 0.25);
  EXPECT_DOUBLE_EQ(reflect_into(2.25, 0.0, 1.0), 0.25);   // two reflections
  EXPECT_DOUBLE_EQ(reflect_into(-1.5, 0.0, 1.0), 0.5);
  EXPECT_DOUBLE_EQ(reflect_into(7.0, 2.0, 4.0), 3.0);     // 7 -> 1 (2 periods of 4) + ... = 3
}

// The reflected density integrates to 1 over the box (after the constant -ln(s sqrt(2 pi)))
// and equals the folded samples' histogram; with a wide step it is nearly flat.
TEST(Kernel, ReflectedNormalDensity) {
  const double a = -1.0, b = 2.0;
  for (double s : {0.05, 0.4, 1.5}) {
    for (double mu : {-1.0, -0.97, 0.5, 1.99}) {
      double integral = 0.0;
      const int m = 30000;
      for (int i = 0; i < m; ++i) {
        const double x = a + (b - a) * (i + 0.5) / m;
        integral += std::exp(log_reflected_normal(x, mu, s, a, b)) / (s * std::sqrt(2.0 * M_PI)) * (b - a) / m;
      }
      EXPECT_NEAR(integral, 1.0, 1e-6) << s << " " << mu;
    }
  }
  // Far from the ends it is the plain normal.
  EXPECT_NEAR(log_reflected_normal(0.6, 0.5, 0.01, a, b), -0.5 * 100.0, 1e-12);
  // At an end the reflected density doubles the normal's.
  EXPECT_NEAR(log_reflected_normal(-1.0, -1.0, 0.1, a, b), std::log(2.0), 1e-12);
}

// Each evaluation mode (two images, image sum, cosine series) agrees with the direct image sum,
// and the mixture equals the weighted sum of products.
TEST(Kernel, ReflectedKernelModesAgree) {
  const double lo = 0.5, hi = 3.0, len = hi - lo;
  const std::vector<double> sds = {len / 40.0, len / 12.0, len / 9.0, len / 6.0, 0.41 * len, 0.7 * len};
  const ReflectedKernel k(sds, std::vector<double>(sds.size(), lo), std::vector<double>(sds.size(), hi));
  for (std::size_t m = 0; m < sds.size(); ++m)
    for (double x : {0.5, 0.52, 1.7, 2.99, 3.0})
      for (double c : {0.5, 0.6, 2.0, 3.0}) {
        const double direct = log_reflected_normal(x, c, sds[m], lo, hi) - std::log(sds[m] * std::sqrt(2.0 * M_PI));
        EXPECT_NEAR(k.log_density(m, x, c), direct, 1e-9 * (1.0 + std::abs(direct))) << m << " " << x << " " << c;
      }
  // Mixture of three centres with weights 0.2, 0.3, 0.5.
  const std::size_t d = sds.size();
  std::vector<double> centres(3 * d), logw = {std::log(0.2), std::log(0.3), std::log(0.5)}, x(d);
  for (std::size_t k2 = 0; k2 < d; ++k2) {
    centres[k2] = 0.6 + 0.1 * k2;
    centres[d + k2] = 2.9 - 0.2 * k2;
    centres[2 * d + k2] = 1.5;
    x[k2] = 0.55 + 0.4 * k2;
  }
  ReflectedKernel mix = k;
  mix.set_centres(centres, logw);
  double sum = 0.0;
  for (std::size_t j = 0; j < 3; ++j) {
    double lp = logw[j];
    for (std::size_t k2 = 0; k2 < d; ++k2) lp += k.log_density(k2, x[k2], centres[j * d + k2]);
    sum += std::exp(lp);
  }
  EXPECT_NEAR(mix.log_mixture(x), std::log(sum), 1e-9);
}

}  // namespace
}  // namespace govsim::sim::calibrate
