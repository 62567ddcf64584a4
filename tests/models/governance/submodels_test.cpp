// Unit tests of the governance submodels (spec 4.6) on hand-made inputs with hand-computed
// answers.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/governance/countermeasures.hpp"
#include "models/governance/metrics.hpp"
#include "models/governance/params.hpp"
#include "models/governance/passes/capacity.hpp"
#include "models/governance/passes/forums.hpp"
#include "models/governance/passes/learning.hpp"
#include "models/governance/passes/mandates.hpp"
#include "models/governance/passes/services.hpp"
#include "models/governance/passes/trust.hpp"
#include "models/governance/passes/volunteering.hpp"
#include "models/governance/selection.hpp"
#include "models/governance/state.hpp"
#include "models/kernels/math.hpp"
#include "sim/rng/counter_rng.hpp"

namespace govsim::models::governance {
namespace {

double sig(double z) { return 1.0 / (1.0 + std::exp(-z)); }

TEST(GovernanceSubmodels, CapacityAtDefaults) {
  Params p;
  // n_c = 1000, 35 in-service members, organisations: Σb = 2.5, Σ_C b = 1
  const Capacity k = capacity(p, 1000, 35, 1.0, 2.5, p.f_inc);
  EXPECT_DOUBLE_EQ(k.total, 2.0 * 40 * 0.4 + 35 * 0.1 * 0.3 + 5.0);  // 38.05
  EXPECT_DOUBLE_EQ(k.organisation_hours, 1.0);
  EXPECT_DOUBLE_EQ(k.effort, 0.3 * k.total);
  EXPECT_DOUBLE_EQ(k.service_hours, 0.7 * k.total);
  EXPECT_DOUBLE_EQ(k.org_cooperation, 0.4);
  EXPECT_DOUBLE_EQ(k.points_share, std::min(1.0, 0.1 * k.effort / 4.0));
  EXPECT_DOUBLE_EQ(capacity(p, 1000, 0, 0, 0, 0.1).org_cooperation, 0.0);
}

TEST(GovernanceSubmodels, CategoricalInverseCdf) {
  const std::vector<double> mix{0.35, 0.35, 0.30};
  EXPECT_EQ(categorical(0.10, mix), 0);
  EXPECT_EQ(categorical(0.35, mix), 0);
  EXPECT_EQ(categorical(0.36, mix), 1);
  EXPECT_EQ(categorical(0.71, mix), 2);
  EXPECT_EQ(categorical(1.0, mix), 2);
}

TEST(GovernanceSubmodels, AttendanceAndResolutionLogits) {
  Params p;
  EXPECT_NEAR(attend_probability(p, 0.6, 0.45, p.K_c0, 1, false), sig(-1 + 1.2 + 0.45 - 0.2), 1e-15);
  EXPECT_NEAR(attend_probability(p, 0.6, 0.45, p.K_c0 + 0.1, 2, true),
              sig(-1 + 1.2 + 0.45 + 0.1 - 0.2 + 0.5 + 0.5), 1e-15);
  // defaults: U = U_c0, C_org = 0 → σ(logit 0.2 − 1.5·0.1)
  EXPECT_NEAR(resolution_probability(p, p.U_c0, 0.0), sig(std::log(0.25) - 0.15), 1e-15);
  // at C_org = C_ref everything cancels: rho_base
  EXPECT_NEAR(resolution_probability(p, p.U_c0, p.C_ref), 0.2, 1e-15);
}

TEST(GovernanceSubmodels, InvitationCutoffsTargetThenRest) {
  // 6 residents, keys ascending by index except a twist; T = {1, 3, 5}.
  const std::vector<uint64_t> keys = {pack_key(10, 0), pack_key(50, 1), pack_key(20, 2),
                                      pack_key(40, 3), pack_key(30, 4), pack_key(60, 5)};
  const std::vector<uint8_t> in_T = {0, 1, 0, 1, 0, 1};
  // n_T = 2 lowest in T: residents 3 (40) and 1 (50); then 2 more lowest among the rest
  // {0:10, 2:20, 4:30, 5:60}: residents 0 and 2.
  auto [c1, c2] = invitation_cutoffs(keys, in_T, 2, 4);
  std::vector<int> inv;
  for (int i = 0; i < 6; ++i)
    if (invited_by(keys[i], in_T[i], c1, c2)) inv.push_back(i);
  EXPECT_EQ(inv, (std::vector<int>{0, 1, 2, 3}));
  // ties in u break by id: equal words, the lower id wins
  const std::vector<uint64_t> tied = {pack_key(7, 0), pack_key(7, 1), pack_key(7, 2)};
  const std::vector<uint8_t> none = {0, 0, 0};
  auto [d1, d2] = invitation_cutoffs(tied, none, 0, 2);
  EXPECT_FALSE(d1.any);
  EXPECT_TRUE(invited_by(tied[0], false, d1, d2));
  EXPECT_TRUE(invited_by(tied[1], false, d1, d2));
  EXPECT_FALSE(invited_by(tied[2], false, d1, d2));
}

TEST(GovernanceSubmodels, MandateCutoffEfraimidisSpirakis) {
  Params p;
  EXPECT_DOUBLE_EQ(mandate_weight(p, true, 0.5), 4.0);
  EXPECT_DOUBLE_EQ(mandate_weight(p, false, 0.5), 1.0);
  std::vector<std::pair<double, uint32_t>> items = {
      {mandate_key(0.5, 1.0), 0}, {mandate_key(0.5, 4.0), 1}, {mandate_key(0.9, 1.0), 2}, {mandate_key(0.1, 4.0), 3}};
  // keys: −0.693, −0.173, −0.105, −0.576 → the two largest are residents 2 and 1
  auto copy = items;
  MandateCut c = mandate_cutoff(copy, 2);
  int k = 0;
  for (const auto& [key, id] : items) k += c.selects(key, id);
  EXPECT_EQ(k, 2);
  EXPECT_TRUE(c.selects(items[2].first, 2));
  EXPECT_TRUE(c.selects(items[1].first, 1));
  EXPECT_FALSE(c.selects(items[0].first, 0));
  EXPECT_FALSE(mandate_cutoff(copy, 0).any);
}

// The streaming top-Q gives mandate_cutoff's cutoff, and selects the same items, for many
// sizes, weights and Q, including ties of equal words (equal keys break by id).
TEST(GovernanceSubmodels, MandateTopQEqualsMandateCutoff) {
  const sim::CounterRng rng = sim::CounterRng::for_run(7, 0);
  MandateTopQ top;
  for (uint32_t trial = 0; trial < 60; ++trial) {
    const uint32_t n = 1 + trial * 37 % 700;
    const std::size_t Q = trial % 7 == 0 ? n : (trial * 13) % (n + 1);
    std::vector<std::pair<double, uint32_t>> items(n);
    std::vector<uint32_t> words(n);
    std::vector<double> w(n);
    for (uint32_t i = 0; i < n; ++i) {
      words[i] = trial % 5 == 0 ? (i % 3) * 0x40000000u : rng.words(i, trial, 1, 0, sim::EntityClass::kResident)[0];
      w[i] = (i % 4 == 0 ? 3.0 : 1.0) * (0.5 + static_cast<double>(i % 10) / 10.0);
      items[i] = {mandate_key(sim::u01(words[i]), w[i]), i};
    }
    auto copy = items;
    const MandateCut ref = mandate_cutoff(copy, Q);
    top.reset(Q);
    std::vector<double> key(n);
    for (uint32_t i = 0; i < n; ++i) key[i] = top.offer(words[i], sim::u01(words[i]), w[i], i);
    const MandateCut got = top.cut();
    ASSERT_EQ(got.any, ref.any) << "trial " << trial;
    if (ref.any) {
      EXPECT_EQ(got.key, ref.key) << "trial " << trial;
      EXPECT_EQ(got.id, ref.id) << "trial " << trial;
    }
    std::size_t selected = 0;
    for (uint32_t i = 0; i < n; ++i) {
      ASSERT_EQ(got.selects(key[i], i), ref.selects(items[i].first, i)) << "trial " << trial << " item " << i;
      selected += got.selects(key[i], i);
      if (key[i] != -std::numeric_limits<double>::infinity()) {
        EXPECT_EQ(key[i], items[i].first);
      }
    }
    EXPECT_EQ(selected, std::min<std::size_t>(Q, n)) << "trial " << trial;
  }
  // the bound is above log(u) at both ends of every bucket
  for (uint32_t bkt = 0; bkt < 1024; ++bkt)
    for (uint32_t word : {bkt << 22, (bkt << 22) | 0x3fffffu})
      EXPECT_GT(MandateTopQ::upper_bound_log(word), std::log(sim::u01(word)));
}

TEST(GovernanceSubmodels, NeighbourSignalCountsRecentActs) {
  // star: 0 — 1, 2, 3, 4
  std::vector<uint64_t> off = {0, 4, 5, 6, 7, 8};
  std::vector<uint32_t> tg = {1, 2, 3, 4, 0, 0, 0, 0};
  sim::CsrView g{off, tg};
  const int32_t t = 10;
  std::vector<int32_t> lv = {kNever, 9, 6, 5, kNever};   // 1: in window, 2: in window (t−4), 3: out
  std::vector<int32_t> lm = {kNever, 9, kNever, 7, 8};   // 1 has both (counts once as vol); 3, 4 mob only
  // x_0 = (2 + 0.5·2)/4 with the default window [t−4, t−1]
  EXPECT_DOUBLE_EQ(neighbour_signal(g, 0, lv.data(), lm.data(), t, 0.5, 4), 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(neighbour_signal(g, 1, lv.data(), lm.data(), t, 0.5, 4), 0.0);
  // L_signal (spec 6.1): [t−1, t−1] sees only 1; [t−2, t−1] adds 4's mob act (8);
  // [t−5, t−1] adds 3's vol act (5)
  EXPECT_DOUBLE_EQ(neighbour_signal(g, 0, lv.data(), lm.data(), t, 0.5, 1), 1.0 / 4.0);
  EXPECT_DOUBLE_EQ(neighbour_signal(g, 0, lv.data(), lm.data(), t, 0.5, 2), 1.5 / 4.0);
  EXPECT_DOUBLE_EQ(neighbour_signal(g, 0, lv.data(), lm.data(), t, 0.5, 5), 3.5 / 4.0);
  std::vector<uint64_t> off1 = {0, 0};
  std::vector<uint32_t> tg1;
  EXPECT_DOUBLE_EQ(neighbour_signal(sim::CsrView{off1, tg1}, 0, lv.data(), lm.data(), t, 0.5, 4), 0.0);
}

TEST(GovernanceSubmodels, ThetaEffectiveAndVolunteering) {
  Params p;
  ThetaInputs in{0.55, 0.6, 0.45, 0.2, 0.5, 0, true, true, true};
  const double expect = 0.55 + 0.10 - 0.10 - 0.3 * 0.1 - 0.2 * (-0.05) - 0.2 - 0.05 * 0.6 +
                        0.2 * 0.2 * (1 - 0.3) - (0.15 - 0.03) * 0.5;
  EXPECT_NEAR(theta_effective(p, in), expect, 1e-15);
  in.theta = 5;
  EXPECT_DOUBLE_EQ(theta_effective(p, in), 1.0);
  EXPECT_DOUBLE_EQ(volunteer_probability(p, false, 0.3, 1.0, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(volunteer_probability(p, true, 1.2, 1.0, 0.0), 0.0);
  const double pr = volunteer_probability(p, true, 0.5, 0.4, 0.3);
  EXPECT_NEAR(pr, 1 - (1 - 0.3 * sig(1.0)) * (1 - 0.002), 1e-15);
  EXPECT_NEAR(compliance_probability(p, 0.5), 0.75, 1e-15);
  EXPECT_NEAR(mandate_burden(p, false), 0.8, 1e-15);
  EXPECT_NEAR(mandate_burden(p, true), 0.8 * 0.3, 1e-15);
}

TEST(GovernanceSubmodels, ServiceAllocationSplitsByNeedAndVisibility) {
  // two grids, 4 and 1 pending needs, visibility 1 and 2, 10 h, h_need 2
  std::vector<int64_t> n = {4, 1}, served(2);
  std::vector<double> vis = {1.0, 2.0}, u = {0.99, 0.99};
  // w = 4·1, 1·2 → alloc 6.667 h, 3.333 h → 3.33 and 1.67 slots → floor 3 and 1 (u ≥ frac)
  allocate_service(10, n, vis, 1, 1, 2, u, served);
  EXPECT_EQ(served[0], 3);
  EXPECT_EQ(served[1], 1);
  u = {0.1, 0.1};  // rounds up: 4 and 2 → min(2, 1) = 1
  allocate_service(10, n, vis, 1, 1, 2, u, served);
  EXPECT_EQ(served[0], 4);
  EXPECT_EQ(served[1], 1);
  // w_vis = 0: visibility ignored; no needs: nothing
  std::vector<int64_t> zero = {0, 0};
  allocate_service(10, zero, vis, 1, 0, 2, u, served);
  EXPECT_EQ(served[0] + served[1], 0);
}

TEST(GovernanceSubmodels, TrustUpdates) {
  Params p;
  EXPECT_NEAR(ti_update(p, 0.6, 1.3, 0.5), 0.6 + 0.05 * 0.4 * 1.3 - 0.1 * 0.6 * 0.5, 1e-15);
  EXPECT_DOUBLE_EQ(ti_update(p, 0.1, 0.0, 50.0), 0.0);
  EXPECT_NEAR(ts_update(p, 0.5, 0.4, true), 0.5 + 0.05 * 0.5 * 0.4 + 0.01 * (0.45 - 0.5), 1e-15);
  EXPECT_NEAR(ts_update(p, 0.5, 0.4, false), 0.5 + 0.01 * (0.45 - 0.5), 1e-15);
}

TEST(GovernanceSubmodels, RandomMatchingPairsInKeyOrder) {
  const std::vector<uint64_t> keys = {pack_key(5, 0), pack_key(1, 1), pack_key(3, 2), pack_key(2, 3), pack_key(9, 4)};
  // sorted: 1, 3, 2, 0, 4 → pairs (1,3), (2,0); 4 unmatched
  auto pairs = random_matching(keys);
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0], (std::pair<uint32_t, uint32_t>{1, 3}));
  EXPECT_EQ(pairs[1], (std::pair<uint32_t, uint32_t>{2, 0}));
}

// The radix-sort matching of the governance step equals the comparison-sort matching for every
// size, including ties in the random word (broken by index) and words that share high bytes.
TEST(GovernanceSubmodels, RadixMatchingEqualsSortMatching) {
  std::vector<uint64_t> a, b;
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (uint32_t n : {0u, 1u, 2u, 3u, 7u, 64u, 257u, 1000u, 4099u}) {
    for (uint32_t mask : {0xFFFFFFFFu, 0x000000FFu, 0x00FF0000u, 0x0000000Fu}) {
      std::vector<uint32_t> words(n);
      std::vector<uint64_t> keys(n);
      for (uint32_t i = 0; i < n; ++i) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;  // xorshift64: test data only
        words[i] = static_cast<uint32_t>(x >> 11) & mask;
        keys[i] = pack_key(words[i], i);
      }
      random_matching_words(words, a, b, pairs);
      EXPECT_EQ(pairs, random_matching(keys)) << "n = " << n << ", mask = " << mask;
    }
  }
}

TEST(GovernanceSubmodels, ProjectionKeepsTheFloor) {
  std::array<double, 3> f = {0.9, 0.1, -0.2};
  project_shares(f, 0.05);
  // max → (0.9, 0.1, 0.05); /1.05; entry 2 < 0.05 → 0.05, others scaled to 0.95
  EXPECT_NEAR(f[2], 0.05, 1e-15);
  EXPECT_NEAR(f[0], 0.9 / 1.0 * 0.95, 1e-12);
  EXPECT_NEAR(f[1], 0.1 * 0.95, 1e-12);
  EXPECT_NEAR(f[0] + f[1] + f[2], 1.0, 1e-12);
  std::array<double, 3> g = {0.3, 0.6, 0.1};
  project_shares(g, 0.05);
  EXPECT_NEAR(g[0], 0.3, 1e-15);
  EXPECT_NEAR(g[1], 0.6, 1e-15);
}

TEST(GovernanceSubmodels, LearningObjectiveAndGini) {
  EXPECT_NEAR(learning_objective(0.7, 10, 0.1, 0.2, 0.5, -0.01), 0.3 * (0.1 + 0.5 + 0.4) / 3 + 0.7 * 0.2, 1e-15);
  EXPECT_NEAR(learning_objective(0.0, 10, 0.1, 0.2, 0.5, 0.2), (0.1 + 0.5 + 1.0) / 3, 1e-15);
  // g_learn scales the trust term (spec 6.1): 0 makes it ½ whatever ΔTI, 2 gives ½ + 2·ΔTI
  EXPECT_NEAR(learning_objective(0.0, 0.0, 0.1, 0.2, 0.5, 0.2), (0.1 + 0.5 + 0.5) / 3, 1e-15);
  EXPECT_NEAR(learning_objective(0.0, 2.0, 0.1, 0.2, 0.5, 0.2), (0.1 + 0.5 + 0.9) / 3, 1e-15);
  EXPECT_NEAR(gini({0, 0, 1, 1}), 0.5, 1e-15);
  EXPECT_NEAR(gini({3, 3, 3}), 0.0, 1e-15);
  EXPECT_DOUBLE_EQ(gini({0, 0}), 0.0);
}

TEST(GovernanceMetrics, OneTableGivesNamesAndIndices) {
  const auto& specs = metric_specs();
  ASSERT_EQ(specs.size(), static_cast<std::size_t>(metric::count));
  std::set<std::string> names;
  for (std::size_t k = 0; k < specs.size(); ++k) {
    EXPECT_EQ(metric_index(specs[k].name), k) << specs[k].name;
    EXPECT_TRUE(names.insert(specs[k].name).second) << "duplicate " << specs[k].name;
    EXPECT_NE(std::string(specs[k].doc), "") << specs[k].name;
  }
  EXPECT_EQ(metric_index("p_vol"), metric::p_vol);
  EXPECT_STREQ(specs[metric::cost_total_h].name, "cost_total_h");
  EXPECT_EQ(specs[metric::open].agg, Agg::kSum);
  EXPECT_EQ(specs[metric::K].agg, Agg::kMean);
  EXPECT_THROW(metric_index("no_such_metric"), std::out_of_range);
}

TEST(GovernanceCountermeasures, All5AdminLoadAndStaff) {
  Params base;
  std::vector<sim::CountermeasureSpec> cms;
  for (const auto& d : countermeasure_defs()) {
    sim::CountermeasureSpec c;
    c.type = std::string(d.name);
    cms.push_back(c);
  }
  Overlay o(base, cms, 2);
  Params e;
  o.effective(0, 0, e);
  EXPECT_NEAR(e.admin_load, 0.31, 1e-12);              // 0.6 − 0.09 − 0.2
  EXPECT_NEAR(e.staff_per_1k, 3.0, 1e-12);             // ×1.5
  EXPECT_NEAR(e.R_unit, 10.0, 1e-12);                  // ×2
  EXPECT_NEAR(e.c_eve, 0.14, 1e-12);                   // ×0.7
  EXPECT_EQ(e.L_learn, 8.0);
  EXPECT_EQ(e.meet_period, 4.0);
  EXPECT_NEAR(e.oc_exist_p, 0.6, 1e-12);
  // learnable keys are not overlaid on the params; they set v at start
  EXPECT_EQ(e.f_fac, base.f_fac);
  EXPECT_NEAR(o.learnable(Key::f_fac, 0, 0), 0.5, 1e-12);
  EXPECT_NEAR(o.learnable(Key::forum_period, 0, 0), 4.0, 1e-12);
  EXPECT_TRUE(o.learnable_starts(0, 0));
}

TEST(GovernanceCountermeasures, ChangesExactlyTheNamedKeys) {
  Params base;
  for (const auto& d : countermeasure_defs()) {
    sim::CountermeasureSpec c;
    c.type = std::string(d.name);
    Overlay o(base, {c}, 1);
    Params e;
    o.effective(0, 0, e);
    for (int k = 0; k < static_cast<int>(Key::kCount); ++k) {
      const Key key = static_cast<Key>(k);
      bool named = false;
      for (const auto& tg : d.targets) named = named || (tg.key == key && !is_learnable(key));
      if (!named) {
        EXPECT_EQ(field(e, key), field(base, key)) << d.name << " changed " << key_info(key).name;
      } else {
        EXPECT_NE(field(e, key), field(base, key)) << d.name << " left " << key_info(key).name;
      }
    }
  }
}

TEST(GovernanceCountermeasures, IntensityRampRoundingSubsets) {
  Params base;
  sim::CountermeasureSpec c;
  c.type = "party_building_innovation";
  c.intensity = 0.5;
  c.start_step = 10;
  c.phase_in = 4;
  c.communities = {1};
  Overlay o(base, {c}, 3);
  Params e;
  o.effective(1, 9, e);
  EXPECT_EQ(e.iota_explore, base.iota_explore);      // before start
  o.effective(1, 10, e);                              // ramp 1/4
  EXPECT_NEAR(e.iota_explore, 0.02 + 0.25 * 0.5 * (0.5 - 0.02), 1e-12);
  EXPECT_EQ(e.L_learn, 12.0);                         // 13 − 0.625 = 12.375 → 12
  o.effective(1, 13, e);                              // full: 13 + 0.5·(8 − 13) = 10.5 → 11
  EXPECT_EQ(e.L_learn, 11.0);
  EXPECT_NEAR(e.iota_explore, 0.26, 1e-12);
  o.effective(0, 13, e);                              // other community untouched
  EXPECT_EQ(e.L_learn, 13.0);
  EXPECT_EQ(e.iota_explore, base.iota_explore);
}

TEST(GovernanceCountermeasures, CostMatchedStaff) {
  Params base;
  base.cost_matched = true;
  sim::CountermeasureSpec c;
  c.type = "coordination_structure";
  Overlay o(base, {c}, 1);
  Params e;
  o.effective(0, 0, e);
  // C_base = 2·40·0.4 + 1000·0.07·0.5·0.1·0.3 + 5; arm: admin 0.51 → staff' = 32/(40·0.49)
  EXPECT_NEAR(e.staff_per_1k, 32.0 / (40.0 * 0.49), 1e-12);
  EXPECT_NEAR(expected_capacity_per_1k(e, e.staff_per_1k), expected_capacity_per_1k(base, 2.0), 1e-9);
  sim::CountermeasureSpec c3;
  c3.type = "service_capability";
  Overlay o3(base, {c3}, 1);
  o3.effective(0, 0, e);
  EXPECT_NEAR(expected_capacity_per_1k(e, e.staff_per_1k), expected_capacity_per_1k(base, 2.0), 1e-9);
  EXPECT_LT(e.staff_per_1k, 2.0);
}

TEST(GovernanceCountermeasures, RejectsBadComponents) {
  Params base;
  sim::CountermeasureSpec c;
  c.type = "no_such";
  EXPECT_THROW(Overlay(base, {c}, 2), sim::InputError);
  c.type = "law_and_virtue";
  c.communities = {5};
  EXPECT_THROW(Overlay(base, {c}, 2), sim::InputError);
  c.communities = {};
  c.intensity = 1.5;
  EXPECT_THROW(Overlay(base, {c}, 2), sim::InputError);
}

TEST(GovernanceParams, SchemaCoversEveryKeyWithMetadata) {
  const auto s = governance_schema();
  for (const auto& d : s.defs()) {
    EXPECT_FALSE(d.doc.empty()) << d.name;
    if (d.type == sim::ParamType::kReal || d.type == sim::ParamType::kInt || d.type == sim::ParamType::kRealList) {
      EXPECT_FALSE(d.basis.empty()) << d.name;
    }
  }
  for (const char* k : {"hh_size_p", "age_p", "age_theta", "beta_age", "need_mix", "cap_share", "cost_matched",
                        "center_names", "L_learn", "kappa_pts"})
    EXPECT_NE(s.find(k), nullptr) << k;
  EXPECT_EQ(s.find("horizon"), nullptr);  // the scenario's steps
  const Params p = Params::from(sim::ParamSet(s));
  EXPECT_EQ(p.n_comm, 132);
  EXPECT_NEAR(p.theta_mu, 0.55, 0);
}

TEST(GovernanceCountermeasures, ScenarioTargetsReplaceTheCountermeasures) {
  Params base;  // p_enf 0.1, staff_per_1k 2
  sim::CountermeasureSpec c5;
  c5.type = "law_and_virtue";
  c5.targets = {{"p_enf", 0.2}};
  sim::CountermeasureSpec c3;
  c3.type = "service_capability";
  c3.targets = {{"staff_per_1k", 1.25}};  // a "x a" target: the factor
  Overlay o(base, {c5, c3}, 1);
  Params e;
  o.effective(0, 0, e);
  EXPECT_NEAR(e.p_enf, 0.2, 1e-12);
  EXPECT_NEAR(e.F, 1.5, 1e-12);  // the other targets stay
  EXPECT_NEAR(e.staff_per_1k, 2.5, 1e-12);
  c5.targets = {{"p_nope", 0.2}};
  EXPECT_THROW(Overlay(base, {c5}, 1), sim::InputError);
}

}  // namespace
}  // namespace govsim::models::governance
