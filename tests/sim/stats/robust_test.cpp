#include "sim/stats/robust.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace govsim::sim::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(Robust, QuantileIsTypeSeven) {
  EXPECT_DOUBLE_EQ(quantile({5, 1, 4, 2, 3}, 0.05), 1.2);
  EXPECT_DOUBLE_EQ(quantile({5, 1, 4, 2, 3}, 0.95), 4.8);
  EXPECT_DOUBLE_EQ(quantile({5, 1, 4, 2, 3}, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(quantile({kNaN, 2.0}, 0.9), 2.0);
  EXPECT_TRUE(std::isnan(quantile({kNaN}, 0.5)));
}

// 4 draws x 3 arms, arm 0 = BASE (values exact in binary). Effects of arm 1: 0.125, 0.25,
// -0.0625, 0.375; of arm 2: 1, NaN, -0.125, -0.25.
TEST(Robust, EffectsAgainstBaseByHand) {
  const Table t(4, 3, {1.0, 1.125, 2.0,    //
                       2.0, 2.25, kNaN,    //
                       0.5, 0.4375, 0.375,  //
                       1.0, 1.375, 0.75});
  const auto e = effects_vs_base(t, 0, 0.125);
  EXPECT_EQ(e[0].n, 4u);
  EXPECT_DOUBLE_EQ(e[0].mean, 0.0);
  EXPECT_DOUBLE_EQ(e[0].p_above, 0.0);
  EXPECT_DOUBLE_EQ(e[1].mean, 0.6875 / 4.0);
  EXPECT_DOUBLE_EQ(e[1].lo, -0.0625 + 0.15 * 0.1875);  // h = 0.15 between -0.0625 and 0.125
  EXPECT_DOUBLE_EQ(e[1].hi, 0.25 + 0.85 * 0.125);      // h = 2.85 between 0.25 and 0.375
  EXPECT_DOUBLE_EQ(e[1].p_above, 0.5);  // 0.25 and 0.375 exceed m = 0.125; 0.125 does not
  EXPECT_DOUBLE_EQ(e[1].p_below, 0.0);
  EXPECT_EQ(e[2].n, 3u);  // the NaN draw is left out
  EXPECT_DOUBLE_EQ(e[2].mean, 0.625 / 3.0);
  EXPECT_DOUBLE_EQ(e[2].p_below, 1.0 / 3.0);  // -0.25; -0.125 is not below -m
  EXPECT_DOUBLE_EQ(e[2].p_above, 1.0 / 3.0);
}

// d0: arm 1 best; d1: arms 0 and 1 tie for best; d2: arm 2 best; d3: undefined, left out.
TEST(Robust, RanksBestAndPairwiseByHand) {
  const Table t(4, 3, {1, 3, 2,  //
                       5, 5, 1,  //
                       2, 1, 3,  //
                       kNaN, 1, 1});
  const Ranking r = rank_arms(t, Direction::kHigher);
  ASSERT_EQ(r.n, 3u);
  EXPECT_NEAR(r.p_best[0], 0.5 / 3, 1e-12);
  EXPECT_NEAR(r.p_best[1], 1.5 / 3, 1e-12);
  EXPECT_NEAR(r.p_best[2], 1.0 / 3, 1e-12);
  // Ranks of arm 0: d0 third, d1 first or second (half each), d2 second.
  EXPECT_NEAR(r.ranks[0 * 3 + 0], 0.5 / 3, 1e-12);
  EXPECT_NEAR(r.ranks[0 * 3 + 1], 1.5 / 3, 1e-12);
  EXPECT_NEAR(r.ranks[0 * 3 + 2], 1.0 / 3, 1e-12);
  for (std::size_t a = 0; a < 3; ++a) {  // doubly stochastic
    double row = 0.0, col = 0.0;
    for (std::size_t k = 0; k < 3; ++k) {
      row += r.ranks[a * 3 + k];
      col += r.ranks[k * 3 + a];
    }
    EXPECT_NEAR(row, 1.0, 1e-12);
    EXPECT_NEAR(col, 1.0, 1e-12);
  }
  EXPECT_NEAR(r.beats[0 * 3 + 1], 0.5, 1e-12);  // 0, tie, 1
  EXPECT_NEAR(r.beats[0 * 3 + 2], 1.0 / 3, 1e-12);
  EXPECT_NEAR(r.beats[2 * 3 + 0], 2.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(r.beats[1 * 3 + 1], 0.5);
  // Lower is better: the order reverses.
  const Ranking low = rank_arms(t, Direction::kLower);
  EXPECT_NEAR(low.p_best[0], 1.0 / 3, 1e-12);  // d0
  EXPECT_NEAR(low.p_best[1], 1.0 / 3, 1e-12);  // d2
  EXPECT_NEAR(low.p_best[2], 1.0 / 3, 1e-12);  // d1
  EXPECT_NEAR(low.beats[2 * 3 + 0], 1.0 / 3, 1e-12);  // only d1 (1 < 5)
  EXPECT_NEAR(low.ranks[1 * 3 + 2], 1.5 / 3, 1e-12);  // last in d0, tied for 2nd/3rd in d1
}

TEST(Robust, BestShareSplitsTies) {
  const Table t(4, 3, {1, 3, 2, 5, 5, 1, 2, 1, 3, kNaN, 1, 1});
  const auto s = best_share(t, 1, Direction::kHigher);
  EXPECT_DOUBLE_EQ(s[0], 1.0);
  EXPECT_DOUBLE_EQ(s[1], 0.5);
  EXPECT_DOUBLE_EQ(s[2], 0.0);
  EXPECT_TRUE(std::isnan(s[3]));
}

TEST(Robust, HypothesisVerdicts) {
  // Arm 1 minus arm 0 over draws: 0.05, 0.02, 0.03, 0.02, NaN.
  const Table t(5, 2, {1.0, 1.05, 1.0, 1.02, 1.0, 1.03, 1.0, 1.02, kNaN, 1.0});
  const auto yes = test_hypothesis(t, {"A beats B by 0.02", 1, 0, 0.02, Direction::kHigher});
  EXPECT_EQ(yes.n, 4u);
  EXPECT_DOUBLE_EQ(yes.probability, 1.0);  // a difference equal to the margin holds
  EXPECT_EQ(yes.verdict, Verdict::kSupported);
  const auto half = test_hypothesis(t, {"by 0.03", 1, 0, 0.03 - 1e-12, Direction::kHigher});
  EXPECT_DOUBLE_EQ(half.probability, 0.5);
  EXPECT_EQ(half.verdict, Verdict::kUndecided);
  const auto no = test_hypothesis(t, {"lower is better", 1, 0, 0.0, Direction::kLower});
  EXPECT_DOUBLE_EQ(no.probability, 0.0);
  EXPECT_EQ(no.verdict, Verdict::kRefuted);
  EXPECT_STREQ(to_string(no.verdict), "refuted");
  const Table none(1, 2, {kNaN, 1.0});
  EXPECT_EQ(test_hypothesis(none, {"x", 1, 0, 0.0, Direction::kHigher}).verdict, Verdict::kNoData);
}

}  // namespace
}  // namespace govsim::sim::stats
