// Unit tests of the kernels in models/kernels/ on hand-computed cases.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "models/bounded_confidence/bounded_confidence.hpp"
#include "models/kernels/bounded_confidence.hpp"
#include "models/kernels/math.hpp"
#include "models/kernels/org_game.hpp"
#include "models/kernels/public_goods.hpp"
#include "models/kernels/threshold.hpp"
#include "sim/graph/csr_view.hpp"

namespace govsim::models::kernels {
namespace {

// A star: centre 0 tied to 1, 2, 3; plus the tie 2–3.
//   0: 1 2 3    1: 0    2: 0 3    3: 0 2
struct Star {
  std::vector<uint64_t> offsets{0, 3, 4, 6, 8, 8};  // node 4 isolated
  std::vector<uint32_t> targets{1, 2, 3, 0, 0, 3, 0, 2};
  sim::CsrView view() const { return {offsets, targets}; }
};

TEST(MathKernel, SigmoidValuesAndSymmetry) {
  EXPECT_DOUBLE_EQ(sigmoid(0.0), 0.5);
  EXPECT_NEAR(sigmoid(std::log(3.0)), 0.75, 1e-15);
  EXPECT_NEAR(sigmoid(-std::log(3.0)), 0.25, 1e-15);
  EXPECT_EQ(sigmoid(-1000.0), 0.0);  // no overflow, no NaN
  EXPECT_EQ(sigmoid(1000.0), 1.0);
  for (double z : {-5.0, -0.3, 0.7, 12.0}) EXPECT_NEAR(sigmoid(z) + sigmoid(-z), 1.0, 1e-15);
}

TEST(MathKernel, LogitClipRound) {
  EXPECT_DOUBLE_EQ(logit(0.5), 0.0);
  EXPECT_NEAR(logit(0.75), std::log(3.0), 1e-15);
  EXPECT_NEAR(sigmoid(logit(0.2)), 0.2, 1e-15);
  EXPECT_EQ(clip01(-0.1), 0.0);
  EXPECT_EQ(clip01(1.3), 1.0);
  EXPECT_EQ(clip01(0.4), 0.4);
  EXPECT_EQ(round_half_up(2.5), 3.0);
  EXPECT_EQ(round_half_up(2.49), 2.0);
  EXPECT_EQ(round_half_up(-0.5), 0.0);
  EXPECT_EQ(round_half_up(-0.51), -1.0);
}

TEST(ThresholdKernel, DeterministicRuleAtTauZero) {
  // Isolation mode (E29): p_act 1, eps 0, tau 0 -> the step [x >= theta].
  EXPECT_EQ(activation_probability(0.2, 0.18, 1.0, 0.0, 0.0), 1.0);
  EXPECT_EQ(activation_probability(0.18, 0.18, 1.0, 0.0, 0.0), 1.0);  // boundary counts
  EXPECT_EQ(activation_probability(0.1, 0.18, 1.0, 0.0, 0.0), 0.0);
  EXPECT_TRUE(threshold_met(0.2, 0.2));
  EXPECT_FALSE(threshold_met(0.19, 0.2));
  for (double x : {0.0, 0.1, 0.18, 0.5, 1.0})
    EXPECT_EQ(activation_probability(x, 0.18, 1.0, 0.0, 0.0) >= 1.0, threshold_met(x, 0.18));
}

// No computed probability lies outside activation_probability_bounds, the two bounds are
// reached (responses 0 and 1), and a draw outside them decides as the full probability does.
TEST(ThresholdKernel, ProbabilityBoundsContainEveryComputedValue) {
  for (double p_act : {0.0, 0.1, 0.3, 0.7, 1.0})
    for (double eps : {0.0, 0.002, 0.3, 1.0}) {
      const ProbabilityBounds b = activation_probability_bounds(p_act, eps);
      EXPECT_LE(b.lo, b.hi);
      EXPECT_EQ(activation_probability(0.0, 1.0, p_act, eps, 0.0), b.lo);  // response 0
      EXPECT_EQ(activation_probability(1.0, 0.0, p_act, eps, 0.0), b.hi);  // response 1
      for (double tau : {0.0, 1e-9, 0.05, 0.2, 5.0})
        for (int xi = 0; xi <= 40; ++xi)
          for (int ti = 0; ti <= 40; ++ti) {
            const double x = xi / 40.0, th = ti / 40.0;
            const double pr = activation_probability(x, th, p_act, eps, tau);
            ASSERT_GE(pr, b.lo) << p_act << " " << eps << " " << tau << " " << x << " " << th;
            ASSERT_LE(pr, b.hi) << p_act << " " << eps << " " << tau << " " << x << " " << th;
          }
    }
}

TEST(ThresholdKernel, OpportunityNoiseAndSpontaneity) {
  // 1 - (1 - 0.3 * 1)(1 - 0.002) = 0.3014
  EXPECT_NEAR(activation_probability(0.6, 0.5, 0.3, 0.002, 0.0), 0.3014, 1e-15);
  // Below threshold only the spontaneous rate remains.
  EXPECT_NEAR(activation_probability(0.4, 0.5, 0.3, 0.002, 0.0), 0.002, 1e-15);
  // tau > 0 at x = theta: sigma(0) = 1/2 -> 1 - (1 - 0.15)(1 - 0) = 0.15
  EXPECT_NEAR(activation_probability(0.5, 0.5, 0.3, 0.0, 0.1), 0.15, 1e-15);
  // x - theta = tau ln 3: sigma = 3/4 -> p_act 3/4.
  EXPECT_NEAR(activation_probability(0.5 + 0.1 * std::log(3.0), 0.5, 1.0, 0.0, 0.1), 0.75,
              1e-12);
}

TEST(ThresholdKernel, CountsAndFractionsOnAStar) {
  const Star s;
  const auto g = s.view();
  const std::vector<uint8_t> active{0, 1, 1, 0, 0};
  EXPECT_EQ(count_flagged(g, 0, active.data()), 2u);
  EXPECT_EQ(count_flagged(g, 1, active.data()), 0u);
  EXPECT_EQ(count_flagged(g, 3, active.data()), 1u);
  EXPECT_DOUBLE_EQ(active_fraction(g, 0, active.data()), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(active_fraction(g, 2, active.data()), 0.0);
  EXPECT_DOUBLE_EQ(active_fraction(g, 3, active.data()), 0.5);
  EXPECT_DOUBLE_EQ(active_fraction(g, 4, active.data()), 0.0);  // isolated (E16)
}

TEST(PublicGoodsKernel, GroupSharesPerGame) {
  // Per game: every cooperator puts c = 1 in each group. Cooperators: 0 and 3; r = 2.
  const Star s;
  const auto g = s.view();
  const std::vector<double> member{1.0, 0.0, 0.0, 1.0, 0.0};
  // G_0 = {0,1,2,3}: pot 2 -> 2*2/4 = 1;  G_1 = {1,0}: pot 1 -> 2*1/2 = 1;
  // G_2 = {2,0,3}: pot 2 -> 2*2/3;        G_3 = {3,0,2}: pot 2 -> 4/3;  G_4 = {4}: 0.
  std::vector<double> share(5);
  for (uint32_t j = 0; j < 5; ++j) share[j] = group_share(g, j, member.data(), 2.0);
  EXPECT_DOUBLE_EQ(share[0], 1.0);
  EXPECT_DOUBLE_EQ(share[1], 1.0);
  EXPECT_DOUBLE_EQ(share[2], 4.0 / 3.0);
  EXPECT_DOUBLE_EQ(share[3], 4.0 / 3.0);
  EXPECT_DOUBLE_EQ(share[4], 0.0);
  // Node 1 collects from G_1 and G_0: 1 + 1 = 2; node 2 from G_2, G_0, G_3: 4/3 + 1 + 4/3.
  EXPECT_DOUBLE_EQ(collected_shares(g, 1, share.data()), 2.0);
  EXPECT_DOUBLE_EQ(collected_shares(g, 2, share.data()), 4.0 / 3.0 + 1.0 + 4.0 / 3.0);
  EXPECT_DOUBLE_EQ(collected_shares(g, 0, share.data()), 1.0 + 1.0 + 4.0 / 3.0 + 4.0 / 3.0);
}

TEST(PublicGoodsKernel, GroupSharesPerIndividual) {
  // Per individual: cooperator l puts c/(k_l+1) in each group. Node 0 (k = 3): 1/4;
  // node 3 (k = 2): 1/3. r = 3. G_0 pot 1/4 + 1/3 = 7/12 -> 3 * 7/12 / 4 = 7/16.
  const Star s;
  const auto g = s.view();
  const std::vector<double> member{0.25, 0.0, 0.0, 1.0 / 3.0, 0.0};
  EXPECT_NEAR(group_share(g, 0, member.data(), 3.0), 7.0 / 16.0, 1e-15);
  // G_1 = {1, 0}: pot 1/4 -> 3 * 1/4 / 2 = 3/8.
  EXPECT_NEAR(group_share(g, 1, member.data(), 3.0), 3.0 / 8.0, 1e-15);
}

TEST(PublicGoodsKernel, ImitationProbabilities) {
  EXPECT_DOUBLE_EQ(fermi_probability(1.0, 1.0, 0.5), 0.5);
  EXPECT_NEAR(fermi_probability(1.0, 1.0 + 0.5 * std::log(3.0), 0.5), 0.75, 1e-12);
  EXPECT_NEAR(fermi_probability(2.0, 1.0, 0.5), 1.0 / (1.0 + std::exp(2.0)), 1e-15);
  // Santos: (P_y - P_x)/M when P_y > P_x, else 0; clipped to 1.
  EXPECT_DOUBLE_EQ(santos_probability(1.0, 3.0, 4.0), 0.5);
  EXPECT_DOUBLE_EQ(santos_probability(3.0, 1.0, 4.0), 0.0);
  EXPECT_DOUBLE_EQ(santos_probability(1.0, 1.0, 4.0), 0.0);
  EXPECT_DOUBLE_EQ(santos_probability(0.0, 9.0, 4.0), 1.0);
}

TEST(BoundedConfidenceKernel, DeffuantPair) {
  auto [a, b] = deffuant_pair(0.2, 0.4, 0.3, 0.5);
  EXPECT_DOUBLE_EQ(a, 0.30000000000000004);  // 0.2 + 0.5 * 0.2 in binary64
  EXPECT_NEAR(b, 0.3, 1e-15);
  auto [c, d] = deffuant_pair(0.2, 0.4, 0.1, 0.5);  // too far: unchanged
  EXPECT_EQ(c, 0.2);
  EXPECT_EQ(d, 0.4);
  auto [e, f] = deffuant_pair(0.0, 0.5, 0.5, 0.5);  // |Δ| = d exactly: strict <, unchanged
  EXPECT_EQ(e, 0.0);
  EXPECT_EQ(f, 0.5);
  auto [g, h] = deffuant_pair(0.1, 0.5, 0.5, 0.25);  // 0.1 + 0.1, 0.5 - 0.1
  EXPECT_NEAR(g, 0.2, 1e-15);
  EXPECT_NEAR(h, 0.4, 1e-15);
}

TEST(OrgGameKernel, PayoffsAtTheDefaults) {
  const OrgGameParams p;  // spec 4.7 defaults
  // beta = 0.4 * 0.9 = 0.36; Π_C − Π_D = 0.64 * 1.5 tau − 0.3 − (0.4 − 0.1) = 0.96 tau − 0.6.
  EXPECT_NEAR(org_payoff_difference(0.0, p), -0.6, 1e-15);
  EXPECT_NEAR(org_payoff_difference(1.0, p), 0.36, 1e-15);
  EXPECT_NEAR(org_payoff_difference(0.625, p), 0.0, 1e-15);  // indifference at tau = 0.625
  EXPECT_NEAR(org_coop_probability(0.625, p), 0.5, 1e-12);
  EXPECT_NEAR(org_coop_probability(1.0, p), sigmoid(3.6), 1e-15);
  OrgGameParams q = p;
  q.psi_meta = 0.1;
  q.omega_rep_org = 0.05;  // both favour C: +0.15
  EXPECT_NEAR(org_payoff_difference(0.0, q), -0.45, 1e-15);
}

TEST(OrgGameKernel, TrustUpdates) {
  EXPECT_NEAR(org_trust_update(0.3, 0.8, 0.1), 0.35, 1e-15);
  EXPECT_NEAR(org_trust_update(0.3, 0.0, 0.1), 0.27, 1e-15);
  EXPECT_NEAR(joint_meeting(0.3, 0.5, 0.3), 0.3 + 0.15 * 0.7, 1e-15);
  EXPECT_EQ(joint_meeting(1.0, 0.5, 0.3), 1.0);
}

TEST(BoundedConfidenceClusters, GapRule) {
  const std::vector<double> x{0.9, 0.1, 0.11, 0.5, 0.12, 0.51, 0.95};
  // Sorted: 0.1 0.11 0.12 | 0.5 0.51 | 0.9 0.95 with gap 0.1.
  const auto sizes = opinion_clusters(x, 0.1);
  ASSERT_EQ(sizes.size(), 3u);
  EXPECT_EQ(sizes[0], 3u);
  EXPECT_EQ(sizes[1], 2u);
  EXPECT_EQ(sizes[2], 2u);
  EXPECT_EQ(opinion_clusters(x, 0.005).size(), 7u);  // every gap exceeds 0.005
  EXPECT_TRUE(opinion_clusters(std::vector<double>{}, 0.1).empty());
}

}  // namespace
}  // namespace govsim::models::kernels
