#include "sim/stats/regression.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace govsim::sim::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// y = 2 x1 - 3 x2 on an orthogonal design: SRC = (2, -3) / sqrt(13), R^2 = 1.
TEST(Regression, OrthogonalDesignByHand) {
  const Table x(4, 2, {-1, -1, 1, -1, -1, 1, 1, 1});
  const std::vector<double> y = {2 * -1 - 3 * -1, 2 * 1 - 3 * -1, 2 * -1 - 3 * 1, 2 * 1 - 3 * 1};
  const Src s = standardised_regression(x, y);
  EXPECT_NEAR(s.coef[0], 2.0 / std::sqrt(13.0), 1e-12);
  EXPECT_NEAR(s.coef[1], -3.0 / std::sqrt(13.0), 1e-12);
  EXPECT_NEAR(s.r2, 1.0, 1e-12);
  EXPECT_EQ(s.n, 4u);
}

// Correlated inputs: r12 = 0.8, r1y = 0.8, r2y = 0.3, so SRC = R^-1 r = (0.56, -0.34) / 0.36
// and R^2 = SRC . r = 0.96111...
TEST(Regression, CorrelatedInputsByHand) {
  const Table x(5, 2, {1, 2, 2, 1, 3, 4, 4, 3, 5, 5});
  const std::vector<double> y = {1, 3, 2, 5, 4};
  const Src s = standardised_regression(x, y);
  EXPECT_NEAR(s.coef[0], 0.56 / 0.36, 1e-12);
  EXPECT_NEAR(s.coef[1], -0.34 / 0.36, 1e-12);
  EXPECT_NEAR(s.r2, 0.56 / 0.36 * 0.8 - 0.34 / 0.36 * 0.3, 1e-12);
  // Units do not matter: scaling an input leaves its SRC unchanged.
  Table scaled = x;
  for (std::size_t r = 0; r < 5; ++r) scaled.values[r * 2] *= 1000.0;
  EXPECT_NEAR(standardised_regression(scaled, y).coef[0], 0.56 / 0.36, 1e-12);
}

TEST(Regression, ConstantAndAliasedColumnsGetNoCoefficient) {
  // Columns: x1, constant, 2 x1 + 1 (aliased), x2; a NaN row is left out.
  const Table x(5, 4, {-1, 7, -1, -1,  //
                       1, 7, 3, -1,    //
                       -1, 7, -1, 1,   //
                       1, 7, 3, 1,     //
                       kNaN, 7, 0, 0});
  const std::vector<double> y = {1, 5, -5, -1, 0};  // 2 x1 - 3 x2
  const Src s = standardised_regression(x, y);
  EXPECT_EQ(s.n, 4u);
  EXPECT_EQ(s.status[0], ColumnStatus::kUsed);
  EXPECT_EQ(s.status[1], ColumnStatus::kConstant);
  EXPECT_EQ(s.status[2], ColumnStatus::kAliased);
  EXPECT_EQ(s.status[3], ColumnStatus::kUsed);
  EXPECT_TRUE(std::isnan(s.coef[1]));
  EXPECT_TRUE(std::isnan(s.coef[2]));
  EXPECT_NEAR(s.coef[0], 2.0 / std::sqrt(13.0), 1e-12);
  EXPECT_NEAR(s.coef[3], -3.0 / std::sqrt(13.0), 1e-12);
}

TEST(Regression, MoreColumnsThanRowsAndConstantResponse) {
  // 3 rows, 3 independent columns: after centring at most 2 can enter.
  const Table x(3, 3, {1, 0, 5, 0, 1, 2, 0, 0, 7});
  const std::vector<double> y = {1, 2, 4};
  const Src s = standardised_regression(x, y);
  EXPECT_EQ(s.status[0], ColumnStatus::kUsed);
  EXPECT_EQ(s.status[1], ColumnStatus::kUsed);
  EXPECT_EQ(s.status[2], ColumnStatus::kAliased);
  // A saturated fit (R^2 = 1 whatever y is) says nothing: no coefficient, flagged.
  EXPECT_TRUE(s.saturated);
  EXPECT_TRUE(std::isnan(s.r2));
  for (double c : s.coef) EXPECT_TRUE(std::isnan(c));
  // One more row leaves a residual degree of freedom: coefficients are given.
  const Table x4(4, 2, {1, 0, 0, 1, 0, 0, 1, 1});
  const Src s4 = standardised_regression(x4, std::vector<double>{1, 2, 0, 3.5});
  EXPECT_FALSE(s4.saturated);
  EXPECT_TRUE(std::isfinite(s4.coef[0]) && std::isfinite(s4.coef[1]));
  EXPECT_LT(s4.r2, 1.0);
  const std::vector<double> flat = {3, 3, 3};
  const Src c = standardised_regression(x, flat);
  EXPECT_TRUE(std::isnan(c.r2));
  EXPECT_TRUE(std::isnan(c.coef[0]));
}

}  // namespace
}  // namespace govsim::sim::stats
