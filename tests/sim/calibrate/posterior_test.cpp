#include "sim/calibrate/posterior.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "sim/rng/counter_rng.hpp"

namespace govsim::sim::calibrate {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Posterior, EffectiveSampleSize) {
  EXPECT_DOUBLE_EQ(effective_sample_size(std::vector<double>(8, 0.125)), 8.0);
  EXPECT_DOUBLE_EQ(effective_sample_size(std::vector<double>{0, 1, 0}), 1.0);
  EXPECT_DOUBLE_EQ(effective_sample_size(std::vector<double>{0.5, 0.25, 0.25}), 1.0 / 0.375);
}

TEST(Posterior, OrderQuantileIsAnOrderStatistic) {
  const std::vector<double> d = {4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(order_quantile(d, 0.5), 2.0);   // ceil(2) = 2nd smallest
  EXPECT_DOUBLE_EQ(order_quantile(d, 0.51), 3.0);  // ceil(2.04) = 3rd
  EXPECT_DOUBLE_EQ(order_quantile(d, 1.0), 4.0);
  EXPECT_DOUBLE_EQ(order_quantile(d, 0.01), 1.0);
  const std::vector<double> inf = {kInf, 1.0, kInf};
  EXPECT_DOUBLE_EQ(order_quantile(inf, 0.3), 1.0);
  EXPECT_EQ(order_quantile(inf, 0.5), kInf);
  EXPECT_TRUE(std::isnan(order_quantile(std::vector<double>{}, 0.5)));
}

TEST(Posterior, WeightedQuantileInvertsTheWeightedCdf) {
  const std::vector<double> v = {3, 1, 2};
  const std::vector<double> w = {0.5, 0.2, 0.3};
  EXPECT_DOUBLE_EQ(weighted_quantile(v, w, 0.2), 1.0);
  EXPECT_DOUBLE_EQ(weighted_quantile(v, w, 0.5), 2.0);
  EXPECT_DOUBLE_EQ(weighted_quantile(v, w, 0.51), 3.0);
  const std::vector<double> p = {1, 10, 2, 20, 3, 30};  // [3][2]
  const std::vector<double> pw = {0.2, 0.3, 0.5};
  const auto ci = marginal_interval(p, 2, pw, 1, 0.5);  // column 1: 10, 20, 30
  EXPECT_DOUBLE_EQ(ci.median, 20.0);
  EXPECT_DOUBLE_EQ(ci.lo, 20.0);  // 0.25: cum 0.2 < 0.25 <= 0.5
  EXPECT_DOUBLE_EQ(ci.hi, 30.0);
}

// 2000 equally weighted standard-normal points in 2-D: the 90% HPD region is the disc of
// radius sqrt(chi2_2(0.9)) = sqrt(-2 ln 0.1) = 2.146.
TEST(Posterior, HpdRankOfAGaussianPopulation) {
  const std::size_t n = 2000;
  const CounterRng rng(12345);
  std::vector<double> p(2 * n), w(n, 1.0 / n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto z = rng.normal_pair(static_cast<uint32_t>(i), 0, 1, 0, EntityClass::kInitial);
    p[2 * i] = z.first;
    p[2 * i + 1] = z.second;
  }
  const std::vector<Parameter> params = {{"a", PriorKind::kUniform, -10, 10},
                                         {"b", PriorKind::kUniform, -10, 10}};
  const double r90 = std::sqrt(-2.0 * std::log(0.1));
  const std::vector<double> centre = {0.0, 0.0}, edge = {r90, 0.0}, far = {4.0, 4.0},
                            outside = {11.0, 0.0};
  EXPECT_LT(hpd_rank(p, w, params, centre), 0.02);
  EXPECT_NEAR(hpd_rank(p, w, params, edge), 0.9, 0.03);
  EXPECT_GT(hpd_rank(p, w, params, far), 0.99);
  EXPECT_EQ(hpd_rank(p, w, params, outside), 1.0);
}

}  // namespace
}  // namespace govsim::sim::calibrate
