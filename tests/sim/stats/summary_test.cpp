#include "sim/stats/summary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace govsim::sim::stats {
namespace {

TEST(Stats, StudentQuantilesMatchTables) {
  EXPECT_NEAR(t_quantile(0.05, 10), 2.228139, 1e-6);
  EXPECT_NEAR(t_quantile(0.05, 19), 2.093024, 1e-6);
  EXPECT_NEAR(t_quantile(0.01, 5), 4.032143, 1e-6);
}

TEST(Stats, MeanIntervalByHand) {
  // x = 1..5: mean 3, sd sqrt(2.5), half-width t(0.975,4) * sd / sqrt(5) = 2.776445*0.707107.
  const auto iv = mean_interval({1, 2, 3, 4, 5});
  EXPECT_DOUBLE_EQ(iv.mean, 3.0);
  EXPECT_NEAR(iv.sd, std::sqrt(2.5), 1e-12);
  EXPECT_NEAR(iv.hi - iv.mean, 2.776445 * std::sqrt(2.5) / std::sqrt(5.0), 1e-6);
  EXPECT_EQ(iv.n, 5u);
}

TEST(Stats, PairedDropsUndefinedPairs) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto d = paired_difference({1, 2, nan, 4}, {0, 1, 5, nan});
  EXPECT_EQ(d.n, 2u);
  EXPECT_DOUBLE_EQ(d.mean, 1.0);
  EXPECT_DOUBLE_EQ(d.sd, 0.0);
}

TEST(Stats, PairedPValueMatchesScipy) {
  // scipy.stats.ttest_rel([1.1,2.3,2.9,4.2,5.0],[1.0,2.0,3.1,3.9,4.6]).pvalue = 0.16710
  const double p = paired_p_value({1.1, 2.3, 2.9, 4.2, 5.0}, {1.0, 2.0, 3.1, 3.9, 4.6});
  EXPECT_NEAR(p, 0.167103, 1e-5);
}

TEST(Stats, WelchMatchesHandComputation) {
  // a: mean 2, var 1 (n=3); b: mean 5, var 4 (n=3): se = sqrt(1/3+4/3) = 1.2910; df = 2.9412.
  const auto w = welch_difference({1, 2, 3}, {3, 5, 7});
  EXPECT_DOUBLE_EQ(w.mean, -3.0);
  EXPECT_NEAR(w.sd, std::sqrt(5.0 / 3.0), 1e-12);
  EXPECT_NEAR((w.hi - w.lo) / 2, t_quantile(0.05, 2.9411764705882355) * std::sqrt(5.0 / 3.0), 1e-9);
}

TEST(Stats, HolmStepDown) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto adj = holm_adjust({0.01, 0.04, nan, 0.03, 0.005});
  // Sorted: 0.005*4=0.02, 0.01*3=0.03, 0.03*2=0.06, 0.04*1=0.04 -> monotone 0.06.
  EXPECT_NEAR(adj[4], 0.02, 1e-12);
  EXPECT_NEAR(adj[0], 0.03, 1e-12);
  EXPECT_NEAR(adj[3], 0.06, 1e-12);
  EXPECT_NEAR(adj[1], 0.06, 1e-12);
  EXPECT_TRUE(std::isnan(adj[2]));
}

}  // namespace
}  // namespace govsim::sim::stats
