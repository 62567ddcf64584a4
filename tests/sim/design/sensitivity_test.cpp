// Sobol' indices of the Ishigami function (a = 7, b = 0.1) against their analytic values,
// grouped indices, Morris effects of a linear function, and the bootstrap.
#include "sim/design/sensitivity.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace govsim::sim::design {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kA = 7.0, kB = 0.1;

double ishigami(double x1, double x2, double x3) {
  return std::sin(x1) + kA * std::sin(x2) * std::sin(x2) + kB * std::pow(x3, 4) * std::sin(x1);
}

struct Analytic {
  double s1, s2, s3, st1, st2, st3;
};

Analytic ishigami_indices() {
  const double pi4 = std::pow(kPi, 4), pi8 = std::pow(kPi, 8);
  const double v = kA * kA / 8 + kB * pi4 / 5 + kB * kB * pi8 / 18 + 0.5;
  const double v1 = 0.5 * std::pow(1 + kB * pi4 / 5, 2);
  const double v2 = kA * kA / 8;
  const double v13 = kB * kB * pi8 * 8.0 / 225.0;
  return {v1 / v, v2 / v, 0.0, (v1 + v13) / v, v2 / v, v13 / v};
}

std::vector<double> evaluate(const SaltelliDesign& d, std::size_t k) {
  std::vector<double> y(d.sample.size());
  auto x = [&](std::size_t row, std::size_t c) { return -kPi + 2 * kPi * d.unit[row * k + c]; };
  for (std::size_t row = 0; row < y.size(); ++row) y[row] = ishigami(x(row, 0), x(row, 1), x(row, 2));
  return y;
}

TEST(Sensitivity, AnalyticIshigamiValues) {
  const Analytic a = ishigami_indices();
  EXPECT_NEAR(a.s1, 0.314, 5e-4);
  EXPECT_NEAR(a.s2, 0.442, 5e-4);
  EXPECT_NEAR(a.st1, 0.558, 5e-4);
  EXPECT_NEAR(a.st3, 0.244, 5e-4);
}

TEST(Sensitivity, SobolIndicesOfIshigami) {
  const Analytic a = ishigami_indices();
  const auto d = saltelli_design(8192, {0, 1, 2}, 3);
  const auto s = sobol_indices(d, evaluate(d, 3), 1, 0, 200);
  ASSERT_EQ(s.first.size(), 3u);
  EXPECT_EQ(s.samples_used, 8192u);
  EXPECT_NEAR(s.first[0].value, a.s1, 0.02);
  EXPECT_NEAR(s.first[1].value, a.s2, 0.02);
  EXPECT_NEAR(s.first[2].value, a.s3, 0.02);
  EXPECT_NEAR(s.total[0].value, a.st1, 0.02);
  EXPECT_NEAR(s.total[1].value, a.st2, 0.02);
  EXPECT_NEAR(s.total[2].value, a.st3, 0.02);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_LE(s.first[i].lo, s.first[i].value);
    EXPECT_GE(s.first[i].hi, s.first[i].value);
    EXPECT_LE(s.total[i].lo, s.total[i].value);
    EXPECT_GE(s.total[i].hi, s.total[i].value);
    EXPECT_LT(s.total[i].hi - s.total[i].lo, 0.1);
  }
}

TEST(Sensitivity, GroupedSobolIndicesOfIshigami) {
  // Group {x1, x3} against {x2}: S_{13} = 1 - ST_2 and ST_{13} = 1 - S_2.
  const Analytic a = ishigami_indices();
  const auto d = saltelli_design(8192, {0, 1, 0}, 2);
  const auto s = sobol_indices(d, evaluate(d, 3), 1, 0, 0);
  EXPECT_NEAR(s.first[0].value, 1 - a.st2, 0.02);
  EXPECT_NEAR(s.total[0].value, 1 - a.s2, 0.02);
  EXPECT_NEAR(s.first[1].value, a.s2, 0.02);
  EXPECT_EQ(s.first[0].lo, s.first[0].value);  // no bootstrap asked
}

TEST(Sensitivity, UndefinedOutputsDropTheirBaseSample) {
  const auto d = saltelli_design(64, {0, 1, 2}, 3);
  auto y = evaluate(d, 3);
  y[5 * 5 + 2] = std::nan("");  // base sample 5, block A_B^(2)
  const auto s = sobol_indices(d, y, 1, 0, 10);
  EXPECT_EQ(s.samples_used, 63u);
  EXPECT_TRUE(std::isfinite(s.first[0].value));
}

TEST(Sensitivity, BootstrapIsReproducible) {
  const auto d = saltelli_design(256, {0, 1, 2}, 3);
  const auto y = evaluate(d, 3);
  const auto s1 = sobol_indices(d, y, 5, 0, 100), s2 = sobol_indices(d, y, 5, 0, 100);
  const auto s3 = sobol_indices(d, y, 6, 0, 100);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(s1.first[i].lo, s2.first[i].lo);
    EXPECT_EQ(s1.total[i].hi, s2.total[i].hi);
  }
  EXPECT_NE(s1.first[0].lo, s3.first[0].lo);
}

TEST(Sensitivity, MorrisEffectsOfALinearFunction) {
  // y = 2 u0 - 3 u1 + 0 u2 (+ 1 (u3 + u4) as one group): EE = coefficient exactly.
  const std::vector<std::size_t> group_of = {0, 1, 2, 3, 3};
  const auto d = morris_design(30, 4, group_of, 4, 3);
  const std::size_t k = group_of.size();
  std::vector<double> y(d.step.size());
  for (std::size_t row = 0; row < y.size(); ++row) {
    const double* u = &d.unit[row * k];
    y[row] = 2 * u[0] - 3 * u[1] + 0 * u[2] + u[3] + u[4];
  }
  const auto m = morris_indices(d, y, 1, 0, 100);
  EXPECT_NEAR(m.mu[0], 2.0, 1e-9);
  EXPECT_NEAR(m.mu[1], -3.0, 1e-9);
  EXPECT_NEAR(m.mu_star[1].value, 3.0, 1e-9);
  EXPECT_NEAR(m.mu_star[2].value, 0.0, 1e-12);
  EXPECT_NEAR(m.mu_star[3].value, 2.0, 1e-9);  // the group moves both factors
  EXPECT_NEAR(m.sigma[0].value, 0.0, 1e-9);
  EXPECT_EQ(m.n[0], 30u);
}

TEST(Sensitivity, MorrisSeparatesNonlinearFactors) {
  // y = u0^2 + u1: u0 has sigma > 0, u1 has sigma = 0.
  const auto d = morris_design(50, 6, {0, 1}, 2, 11);
  std::vector<double> y(d.step.size());
  for (std::size_t row = 0; row < y.size(); ++row) y[row] = d.unit[row * 2] * d.unit[row * 2] + d.unit[row * 2 + 1];
  const auto m = morris_indices(d, y, 1);
  EXPECT_GT(m.sigma[0].value, 0.05);
  EXPECT_NEAR(m.sigma[1].value, 0.0, 1e-9);
  EXPECT_NEAR(m.mu_star[1].value, 1.0, 1e-9);
}

TEST(Sensitivity, PercentileInterpolates) {
  EXPECT_DOUBLE_EQ(percentile({1, 2, 3, 4, 5}, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(percentile({5, 1, 2, 3, 4}, 0.25), 2.0);
  EXPECT_DOUBLE_EQ(percentile({1, 2}, 0.5), 1.5);
  EXPECT_TRUE(std::isnan(percentile({}, 0.5)));
}

}  // namespace
}  // namespace govsim::sim::design
