// Whole-model tests of the governance model: determinism across thread counts, invariants,
// countermeasures in a run, outputs, real networks.
#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>

#include "gov_test_util.hpp"
#include "models/governance/countermeasures.hpp"
#include "models/governance/governance_model.hpp"
#include "models/governance/materiality.hpp"
#include "models/governance/passes/neighbour_pull.hpp"
#include "models/governance/passes/volunteering.hpp"
#include "sim/core/error.hpp"
#include "sim/graph/network.hpp"

namespace govsim::models::governance::test {
namespace {

const Overrides kSmall = {{"n_comm", 4}, {"pop_comm", 1000}};

bool bit_identical(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

TEST(GovernanceModel, BaselineRunShapeAndTiming) {
  auto s = make_scenario(kSmall, {}, 260);
  auto r = run(s, 0, 2);
  std::printf("4x1000x260 run (2 threads): %.3f s\n", r.seconds);
  for (const auto& f : r.finals)
    std::printf("  %-24s %.5g (n_valid %lld)\n", f.name.c_str(), f.value, static_cast<long long>(f.n_valid));
  EXPECT_EQ(r.rows, 261u);
  EXPECT_EQ(r.groups, 4u);
  EXPECT_EQ(r.metrics.size(), metric_specs().size());
  // row 0 is the initial state: nobody has acted
  EXPECT_EQ(r.global(metric_pos(r, "p_vol"))[0], 0.0);
  EXPECT_NEAR(r.global(metric_pos(r, "ti"))[0], 0.6, 0.02);
}

// Same scenario at 1, 2 and 8 threads: every series, group series, final and extra is
// bit-identical. Exploration and peer learning are switched up and all five countermeasures
// run (one on a subset, one ramped) so that every pass and stream is exercised.
TEST(GovernanceModel, BitIdenticalAcrossThreadCounts) {
  // allow 8 real threads even on a machine with fewer cores (oversubscription)
  oneapi::tbb::global_control gc(oneapi::tbb::global_control::max_allowed_parallelism, 8);
  Overrides o = {{"n_comm", 6}, {"pop_comm", 700}, {"comm_per_subdistrict", 2}};
  std::vector<sim::CountermeasureSpec> cms = {cm("coordination_structure", 0.7, 0, 0, {0, 2}),
                                              cm("resident_participation", 1, 5, 10),
                                              cm("service_capability", 0.5), cm("party_building_innovation", 1),
                                              cm("law_and_virtue", 1, 20, 0, {1, 3, 5})};
  auto s = make_scenario(o, cms, 120);
  auto r1 = run(s, 3, 1);
  auto r2 = run(s, 3, 2);
  auto r8 = run(s, 3, 8);
  EXPECT_TRUE(bit_identical(r1.series, r2.series));
  EXPECT_TRUE(bit_identical(r1.series, r8.series));
  EXPECT_TRUE(bit_identical(r1.group_series, r2.group_series));
  EXPECT_TRUE(bit_identical(r1.group_series, r8.group_series));
  ASSERT_EQ(r1.finals.size(), r8.finals.size());
  for (std::size_t k = 0; k < r1.finals.size(); ++k) {
    const double a = r1.finals[k].value, b = r8.finals[k].value;
    EXPECT_TRUE((a != a && b != b) || std::memcmp(&a, &b, sizeof a) == 0) << r1.finals[k].name;
  }
  for (std::size_t k = 0; k < r1.extras.size(); ++k)
    EXPECT_TRUE(bit_identical(r1.extras[k].values, r8.extras[k].values)) << r1.extras[k].name;
  // and a different replicate differs
  auto r_other = run(s, 4, 2);
  EXPECT_FALSE(bit_identical(r1.series, r_other.series));
}

// Drives the model step by step and checks the invariants after every step.
TEST(GovernanceModel, InvariantsHoldEveryStep) {
  auto s = make_scenario({{"n_comm", 3}, {"pop_comm", 800}, {"iota_explore", 0.5}}, {cm("resident_participation")}, 80);
  sim::RunContext ctx;
  ctx.scenario = s;
  ctx.params = &s->params;
  ctx.rng = sim::CounterRng::for_run(s->seed, 0);
  auto model_ptr = governance_info().make(ctx);
  auto& m = dynamic_cast<GovernanceModel&>(*model_ptr);
  m.init(ctx);
  const Layout& L = m.layout();
  // every resident in exactly one community range and exactly one grid
  std::vector<int> seen(L.n, 0);
  for (uint64_t k = 0; k < L.grid_members.size(); ++k) ++seen[L.grid_members[k]];
  for (uint32_t i = 0; i < L.n; ++i) ASSERT_EQ(seen[i], 1);
  EXPECT_EQ(L.comm_begin.back(), L.n);
  const std::size_t nm = m.metrics().size();
  std::vector<double> g(nm), groups(nm * L.n_comm);
  int forums = 0;
  for (uint32_t t = 0; t < s->steps; ++t) {
    m.step(ctx, t);
    m.observe(g, groups);
    const Residents& r = m.residents();
    const Params& p = m.base();
    int64_t acted = 0;
    for (uint32_t i = 0; i < L.n; ++i) {
      ASSERT_GE(r.institutional_trust[i], 0.f);
      ASSERT_LE(r.institutional_trust[i], 1.f);
      ASSERT_GE(r.social_trust[i], 0.f);
      ASSERT_LE(r.social_trust[i], 1.f);
      ASSERT_GE(r.threshold[i], 0.f);
      ASSERT_LE(r.threshold[i], static_cast<float>(p.theta_max));
      ASSERT_LE(r.act[i], 2);
      ASSERT_GE(r.times_volunteered[i], 0);
      ASSERT_LE(r.times_volunteered[i], static_cast<int32_t>(t + 1));
      // served and expired needs are closed; served and expired are exclusive
      if (r.events[i] & (kServed | kExpired)) {
        ASSERT_FALSE(r.need_open[i]);
      }
      ASSERT_FALSE((r.events[i] & kServed) && (r.events[i] & kExpired));
      acted += r.act[i] != 0;
    }
    // counted once: vol + mob = residents with a != 0
    const double vol = g[metric_index("vol")] * L.n, mob = g[metric_index("mob")] * L.n;
    ASSERT_NEAR(vol + mob, static_cast<double>(acted), 1e-6);
    // group sums of counts equal the global count
    for (const char* name : {"served", "expired", "disputes", "forums"}) {
      const std::size_t k = metric_index(name);
      double sum = 0;
      for (uint32_t c = 0; c < L.n_comm; ++c) sum += groups[k * L.n_comm + c];
      ASSERT_EQ(sum, g[k]) << name;
    }
    // capacity never negative; served <= open per grid
    for (const auto& cm : m.committees()) {
      ASSERT_GE(cm.capacity.total, 0.0);
      ASSERT_GE(cm.net_service_hours, 0.0);
      ASSERT_GE(cm.capacity.points_share, 0.0);
      ASSERT_LE(cm.capacity.points_share, 1.0);
      ASSERT_GE(cm.instruments[0], 0.0);
      ASSERT_LE(cm.instruments[0] + cm.instruments[1] + cm.instruments[2], 1.0 + 1e-9);
      ASSERT_GE(cm.instruments[3], 1.0);
      ASSERT_LE(cm.instruments[3], 13.0);
      forums += static_cast<int>(cm.forums_held);
    }
    for (uint32_t gg = 0; gg < L.n_grid(); ++gg) ASSERT_LE(m.grids().served[gg], m.grids().open[gg]);
    for (std::size_t j = 0; j < m.organisations().trust.size(); ++j) {
      ASSERT_GE(m.organisations().trust[j], 0.0);
      ASSERT_LE(m.organisations().trust[j], 1.0);
    }
  }
  EXPECT_GT(forums, 0);
}

TEST(GovernanceModel, CountermeasureStartsSetCommitteeVectors) {
  auto s = make_scenario({{"n_comm", 2}, {"pop_comm", 500}, {"iota_explore", 0}, {"iota_peer", 0}},
                         {cm("resident_participation", 0.5, 30, 0, {1})}, 40);
  sim::RunContext ctx;
  ctx.scenario = s;
  ctx.params = &s->params;
  ctx.rng = sim::CounterRng::for_run(1, 0);
  auto mp = governance_info().make(ctx);
  auto& m = dynamic_cast<GovernanceModel&>(*mp);
  m.init(ctx);
  for (uint32_t t = 0; t < 30; ++t) m.step(ctx, t);
  EXPECT_NEAR(m.committees()[1].instruments[0], 0.3, 1e-12);
  m.step(ctx, 30);
  EXPECT_NEAR(m.committees()[1].instruments[0], 0.4, 1e-12);   // 0.3 + 0.5·(0.5 − 0.3)
  EXPECT_NEAR(m.committees()[1].instruments[1], 0.5, 1e-12);   // 0.6 + 0.5·(0.4 − 0.6)
  EXPECT_NEAR(m.committees()[1].instruments[3], 6.0, 1e-12);   // 8 + 0.5·(4 − 8), real
  EXPECT_NEAR(m.committees()[0].instruments[0], 0.3, 1e-12);   // not in the subset
  EXPECT_NEAR(m.effective(1).c_eve, 0.2 * 0.85, 1e-12);
  EXPECT_NEAR(m.effective(0).c_eve, 0.2, 1e-12);
}

TEST(GovernanceModel, FinalRatiosAreRatiosOfWindowSums) {
  auto s = make_scenario({{"n_comm", 2}, {"pop_comm", 600}, {"final_window", 20}}, {}, 60);
  auto r = run(s, 1, 2);
  auto window_sum = [&](const char* name) {
    const auto v = r.global(metric_pos(r, name));
    double acc = 0;
    for (std::size_t k = r.rows - 20; k < r.rows; ++k) acc += v[k];
    return acc;
  };
  const double sv = window_sum("served"), se = window_sum("expired");
  EXPECT_DOUBLE_EQ(final_value(r, "coverage"), sv / (sv + se));
  EXPECT_NEAR(final_value(r, "p_vol"), window_sum("p_vol") / 20.0, 1e-12);
  EXPECT_NEAR(final_value(r, "pvol_ptot"), window_sum("p_vol") / window_sum("p_tot"), 1e-12);
  // extras
  ASSERT_EQ(r.extras.size(), 4u);
  EXPECT_EQ(r.extras[0].values.size(), 20u);
  double total = 0;
  for (double x : r.extras[0].values) total += x;
  EXPECT_EQ(total, 1200.0);
  EXPECT_EQ(r.extras[1].values.size(), 101u);
  EXPECT_DOUBLE_EQ(r.extras[1].values.back(), 1.0);
  EXPECT_EQ(r.extras[2].values.size(), 6u);
}

// Drift finals (spec 6.1 item 6; ODD decision 34): (last 26 weeks − the 26 before)·2 per year,
// each half computed as its final is; supplementary (not in the checksum); NaN under 52 weeks.
TEST(GovernanceModel, DriftFinalsCompareTheLastTwoHalfYears) {
  auto s = make_scenario({{"n_comm", 2}, {"pop_comm", 600}}, {}, 70);
  auto r = run(s, 1, 2);
  auto half_sum = [&](const char* name, std::size_t from) {
    const auto v = r.global(metric_pos(r, name));
    double acc = 0;
    for (std::size_t k = from; k < from + 26; ++k) acc += v[k];
    return acc;
  };
  const std::size_t late = r.rows - 26, early = r.rows - 52;
  EXPECT_NEAR(final_value(r, "p_vol_drift"), (half_sum("p_vol", late) - half_sum("p_vol", early)) / 26.0 * 2.0, 1e-12);
  EXPECT_NEAR(final_value(r, "ti_drift"), (half_sum("ti", late) - half_sum("ti", early)) / 26.0 * 2.0, 1e-12);
  auto cov = [&](std::size_t from) {
    const double sv = half_sum("served", from), se = half_sum("expired", from);
    return sv / (sv + se);
  };
  EXPECT_NEAR(final_value(r, "coverage_drift"), (cov(late) - cov(early)) * 2.0, 1e-12);
  std::size_t drifts = 0;
  for (const auto& f : r.finals) {
    const bool is_drift = f.name.size() > 6 && f.name.compare(f.name.size() - 6, 6, "_drift") == 0;
    EXPECT_EQ(f.supplementary, is_drift) << f.name;
    drifts += is_drift;
  }
  EXPECT_EQ(drifts, materiality_margins().size());
  // a horizon under 52 weeks has no two half-years: NaN
  auto short_run = run(make_scenario({{"n_comm", 1}, {"pop_comm", 300}}, {}, 40), 1, 1);
  EXPECT_TRUE(std::isnan(final_value(short_run, "p_vol_drift")));
}

TEST(GovernanceModel, WinRateIsNaNWithoutForums) {
  // no facilitation effort: no forum is ever held; win rate has a zero denominator
  auto s = make_scenario({{"n_comm", 1}, {"pop_comm", 300}, {"f_fac", 0}, {"iota_explore", 0}, {"iota_peer", 0}}, {}, 60);
  auto r = run(s, 0, 1);
  EXPECT_TRUE(std::isnan(final_value(r, "win_rate")));
  for (const auto& f : r.finals) {
    if (f.name == "win_rate") {
      EXPECT_EQ(f.n_valid, 0);
    }
  }
}

// A network of n residents with the given ties and the node columns the governance model needs:
// community(i), grid(i), and households of two (i / 2).
template <class Community, class Grid>
std::shared_ptr<sim::Network> network_with_columns(uint32_t n, const std::vector<sim::Edge>& edges,
                                                   Community community, Grid grid) {
  auto net = std::make_shared<sim::Network>(sim::Network::from_edges(n, edges));
  auto& at = net->attributes();
  for (uint32_t i = 0; i < n; ++i) {
    at.column("community").push_back(static_cast<int32_t>(community(i)));
    at.column("grid").push_back(static_cast<int32_t>(grid(i)));
    at.column("household").push_back(static_cast<int32_t>(i / 2));
  }
  return net;
}

// The run context of scenario s on network net (replicate 0 of run seed `seed`).
sim::RunContext context_on(const sim::ScenarioPtr& s, std::shared_ptr<const sim::Network> net,
                           uint64_t seed) {
  sim::RunContext ctx;
  ctx.scenario = s;
  ctx.params = &s->params;
  ctx.rng = sim::CounterRng::for_run(seed, 0);
  ctx.network = std::move(net);
  return ctx;
}

TEST(GovernanceModel, ReadsARealNetworkWithCommunityAndGridColumns) {
  // 2 communities of 6 residents on a ring; grids 0/1 in each; households of 2
  std::vector<sim::Edge> edges;
  for (uint32_t i = 0; i < 12; ++i) edges.push_back({i, (i + 1) % 12});
  auto net = network_with_columns(12, edges, [](uint32_t i) { return i / 6; },
                                  [](uint32_t i) { return (i % 6) / 3; });
  auto s = make_scenario({{"n_comm", 1}, {"pop_comm", 100}}, {}, 30);
  sim::RunContext ctx = context_on(s, net, 1);
  auto mp = governance_info().make(ctx);
  auto& m = dynamic_cast<GovernanceModel&>(*mp);
  m.init(ctx);
  EXPECT_EQ(m.layout().n_comm, 2u);
  EXPECT_EQ(m.layout().n_grid(), 4u);
  EXPECT_EQ(m.layout().total_households, 6u);
  for (uint32_t t = 0; t < 30; ++t) m.step(ctx, t);
  // without the columns: a clear input error
  auto bare = std::make_shared<sim::Network>(sim::Network::from_edges(12, edges));
  ctx.network = bare;
  auto mp2 = governance_info().make(ctx);
  EXPECT_THROW(mp2->init(ctx), sim::InputError);
}

// R1a's signal comes from counts that the previous step's R3 pull took, and R1e's word of mouth
// from flags pushed by the winners (docs/performance.md, second round): at every step the signal must equal
// neighbour_signal over last_vol/last_mob as they stand when the step begins, and the pushed
// flag the pull over the row; on a network whose storage order is not the id order
// (communities interleaved), with CM2 from step 5 (more forums, fewer mandates: both kinds of
// acts) and a mobilisation weight that is not a binary fraction.
TEST(GovernanceModel, SignalFromFusedCountsEqualsNeighbourSignal) {
  std::vector<sim::Edge> edges;
  constexpr uint32_t kN = 3000;
  for (uint32_t i = 0; i < kN; ++i) {
    edges.push_back({i, (i + 3) % kN});  // mostly within the community (i mod 3)
    edges.push_back({i, (i * 7 + 3) % kN});
  }
  // communities interleaved: positions != ids
  auto net = network_with_columns(kN, edges, [](uint32_t i) { return i % 3; },
                                  [](uint32_t i) { return (i / 3) % 4; });
  // the default window (4) and another length (spec 6.1: L_signal is a parameter)
  for (const double L_signal : {4.0, 7.0}) {
  auto s = make_scenario({{"n_comm", 1}, {"pop_comm", 100}, {"p_act", 0.6}, {"w_mob_signal", 0.35},
                          {"L_signal", L_signal}},
                         {cm("resident_participation", 1, 5, 10)}, 40);
  sim::RunContext ctx = context_on(s, net, 5);
  auto mp = governance_info().make(ctx);
  auto& m = dynamic_cast<GovernanceModel&>(*mp);
  m.init(ctx);
  const auto& L = m.layout();
  ASSERT_FALSE(L.oid.empty());
  int64_t nonzero = 0, won_flags = 0;
  for (uint32_t t = 0; t < 40; ++t) {
    const auto& r = m.residents();
    const std::vector<int32_t> lv = r.last_volunteered, lm = r.last_mobilised;
    m.step(ctx, t);
    const auto& x = m.residents().signal[1 - m.residents().cur];  // the buffer R1a wrote in step t
    for (uint32_t i = 0; i < L.n; ++i) {
      uint32_t c = 0;
      while (L.comm_begin[c + 1] <= i) ++c;
      const double want = neighbour_signal(L.g, i, lv.data(), lm.data(), static_cast<int32_t>(t),
                                           m.effective(c).w_mob_signal,
                                           static_cast<int32_t>(m.effective(c).L_signal));
      ASSERT_EQ(x[i], static_cast<float>(want)) << "step " << t << " position " << i;
      nonzero += x[i] != 0.0f;
      // word of mouth, pushed from the winners: "some neighbour won" as a pull would see it
      bool nb_won = false;
      for (uint32_t j : L.g.row(i)) nb_won = nb_won || (m.residents().events[j] & kWon) != 0;
      ASSERT_EQ(m.residents().neighbour_won[i] != 0, nb_won) << "step " << t << " position " << i;
      won_flags += nb_won;
    }
  }
  EXPECT_GT(nonzero, 100);  // the signal is not trivially zero
  EXPECT_GT(won_flags, 0);  // some forum was won
  }
}

// L_signal must be the same in every community: a resident's activity code (written with its
// own community's L_signal) is read by neighbours in other communities. No countermeasure
// may therefore target it (volunteering.hpp, ActRecordRule).
TEST(GovernanceModel, NoCountermeasureTargetsTheSignalWindow) {
  for (const auto& d : countermeasure_defs())
    for (const auto& tg : d.targets) EXPECT_NE(tg.key, Key::L_signal) << d.name;
}

// The neighbour counts kept incrementally (passes/neighbour_pull.hpp: pushed to all
// neighbours with one thread; pushed within a community and pulled across communities with
// more) must equal a full pull of the activity codes after every step, and TS must be the same
// bits for 1 and 3 threads: on the interleaved network above (positions != ids, every arc
// tested) and on the built-in neighbourhood (rows ascending: the rows' ends).
TEST(GovernanceModel, IncrementalNeighbourCountsEqualAPullAtAnyThreadCount) {
  std::vector<sim::Edge> edges;
  constexpr uint32_t kN = 3000;
  for (uint32_t i = 0; i < kN; ++i) {
    edges.push_back({i, (i + 3) % kN});
    edges.push_back({i, (i * 7 + 3) % kN});
  }
  auto net = network_with_columns(kN, edges, [](uint32_t i) { return i % 3; },
                                  [](uint32_t i) { return (i / 3) % 4; });
  for (const bool real : {true, false}) {
    auto s = make_scenario({{"n_comm", 3}, {"pop_comm", 1000}, {"p_act", 0.6}},
                           {cm("resident_participation", 1, 5, 10)}, 30);
    std::vector<std::vector<float>> ts_by_threads;
    for (const int threads : {1, 3}) {
      oneapi::tbb::global_control limit(oneapi::tbb::global_control::max_allowed_parallelism,
                                        static_cast<std::size_t>(threads));
      oneapi::tbb::task_arena arena(threads);
      arena.execute([&] {
        sim::RunContext ctx = real ? context_on(s, net, 5) : context_on(s, nullptr, 5);
        auto mp = governance_info().make(ctx);
        auto& m = dynamic_cast<GovernanceModel&>(*mp);
        m.init(ctx);
        const auto& L = m.layout();
        EXPECT_EQ(L.oid.empty(), !real);
        int64_t acting = 0;
        for (uint32_t t = 0; t < 30; ++t) {
          m.step(ctx, t);
          const auto& r = m.residents();
          for (uint32_t j = 0; j < L.n; ++j) {
            uint32_t n_act = 0, nv = 0, nm = 0;
            for (uint32_t l : L.g.row(j)) {
              n_act += (r.activity[l] >> 2) & 1u;
              nv += r.activity[l] & 1u;
              nm += (r.activity[l] & 3u) == 2u ? 1u : 0u;
            }
            const uint64_t w = r.neighbour_activity[j];
            ASSERT_EQ(acting_neighbours(w), n_act) << threads << " threads, step " << t;
            ASSERT_EQ(recent_volunteer_neighbours(w), nv) << threads << " threads, step " << t;
            ASSERT_EQ(recent_mobilised_neighbours(w), nm) << threads << " threads, step " << t;
            acting += n_act;
          }
        }
        EXPECT_GT(acting, 1000);
        ts_by_threads.push_back(m.residents().social_trust);
      });
    }
    ASSERT_EQ(ts_by_threads.size(), 2u);
    EXPECT_EQ(std::memcmp(ts_by_threads[0].data(), ts_by_threads[1].data(),
                          ts_by_threads[0].size() * sizeof(float)),
              0);
  }
}

TEST(GovernanceModel, InfoListsCountermeasuresAndEstimatesMemory) {
  const auto info = governance_info();
  EXPECT_EQ(info.name, "governance");
  ASSERT_EQ(info.countermeasures.size(), 5u);
  EXPECT_EQ(info.countermeasures[0].name, "coordination_structure");
  EXPECT_EQ(info.countermeasures[4].name, "law_and_virtue");
  auto big = make_scenario({{"n_comm", 1000}, {"pop_comm", 10000}}, {}, 10);
  const double gb = static_cast<double>(info.estimate_memory(*big)) / 1e9;
  EXPECT_LT(gb, 3.0);  // 10^7 residents at degree 10
}

}  // namespace
}  // namespace govsim::models::governance::test
