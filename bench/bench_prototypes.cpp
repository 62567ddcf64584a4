// File: bench/bench_prototypes.cpp
//
// Before/after measurements of the changes proposed in docs/performance.md ("Proposed
// changes"). Each pair runs on the same graph and state; the "after" variant is first checked
// to give exactly the results of the "before" variant (SkipWithError otherwise).
//   proto/threshold-double  the model's rule: 8-byte theta, count/deg >= theta in double
//   proto/threshold-int     P1: 16-bit integer thresholds need_i, pure 8-bit gather
// and, for the governance model (bench/proto_governance.hpp), on its spec-4.3 neighbourhood
// graph (n_comm = n / 2500, pop_comm = 2500, k_mean 10):
//   proto/gov-signal-int32 / proto/gov-signal-bits        P2
//   proto/gov-share-then-signal / proto/gov-share-and-signal  P3
//   proto/gov-matching-sort / proto/gov-matching-radix    P4
//   proto/philox-scalar / proto/philox-batch16 / proto/philox-engine    P5 (one draw per agent;
//                                                         the engine's sim::word0_batch)
//   proto/beta-inv-default / proto/beta-inv-double        P6 (2 draws per agent, at 10^4 only:
//                                                         the label gives the share of agents
//                                                         whose float TI is unchanged)
#include <oneapi/tbb/enumerable_thread_specific.h>

#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_common.hpp"
#include "bench/bench_kernels.hpp"
#include "bench/proto_governance.hpp"
#include "sim/rng/philox_batch.hpp"
#include "sim/graph/neighbourhood.hpp"

namespace govsim::bench {

namespace {

uint32_t mix(uint32_t i) { return static_cast<uint32_t>(sim::splitmix64(i) >> 32); }

// Checks P1 against the model's rule on varied thresholds and a 10% active state.
bool threshold_int_matches(const sim::CsrView& g) {
  const uint32_t n = g.num_nodes();
  std::vector<double> theta(n);
  std::vector<uint16_t> need(n);
  std::vector<uint8_t> cur(n), a(n), b(n);
  for (uint32_t i = 0; i < n; ++i) {
    theta[i] = 0.3 * static_cast<double>(mix(i) % 1000) / 999.0 + (i % 7 == 0 ? 0.0 : 0.05);
    need[i] = threshold_need(theta[i], g.degree(i));
    cur[i] = mix(i + n) % 10 == 0 ? 1 : 0;
  }
  const ThresholdCounts ca = threshold_step_double(g, theta.data(), cur.data(), a.data());
  const ThresholdCounts cb = threshold_step_int(g, need.data(), cur.data(), b.data());
  return a == b && ca.active == cb.active && ca.activated == cb.activated;
}

struct ThresholdSetup {
  std::vector<double> theta;
  std::vector<uint16_t> need;
  std::vector<uint8_t> cur, next;
};

// threshold-ws.yaml's state: theta = 0.18 everywhere, one active node (nothing spreads, so a
// step does the full gather for every inactive node: the worst case and the benchmark's).
ThresholdSetup threshold_setup(const sim::CsrView& g) {
  const uint32_t n = g.num_nodes();
  ThresholdSetup s;
  s.theta.assign(n, 0.18);
  s.need.resize(n);
  for (uint32_t i = 0; i < n; ++i) s.need[i] = threshold_need(0.18, g.degree(i));
  s.cur.assign(n, 0);
  s.cur[n / 2] = 1;
  s.next.assign(n, 0);
  return s;
}

// The governance model's built-in network at n residents (cached: one at a time).
std::shared_ptr<const sim::Network> neighbourhood_graph(uint32_t n) {
  static uint32_t cached_n = 0;
  static std::shared_ptr<const sim::Network> cached;
  if (cached && cached_n == n) return cached;
  cached.reset();
  sim::NeighbourhoodParams p;
  p.n_comm = n / 2500;
  p.pop_comm = 2500;
  sim::Neighbourhood nb = sim::build_neighbourhood(p, sim::CounterRng::for_run(1, 0));
  cached = std::make_shared<const sim::Network>(std::move(nb.net));
  cached_n = n;
  return cached;
}

// A resident state of the kind R1a-R3 see: about 10% volunteered in each of the last steps,
// 5% mobilised.
struct GovState {
  int32_t t = 20;
  std::vector<int32_t> last_vol, last_mob;
  std::vector<uint8_t> hist, a;
  std::vector<float> pm, x0, x1, share0, share1, y0, y1;
  std::vector<double> r;
};

GovState gov_state(uint32_t n) {
  GovState s;
  s.last_vol.resize(n);
  s.last_mob.resize(n);
  s.hist.resize(n);
  s.a.resize(n);
  s.pm.resize(n);
  s.r.resize(n);
  for (auto* v : {&s.x0, &s.x1, &s.share0, &s.share1, &s.y0, &s.y1}) v->assign(n, 0.0f);
  const int32_t never = std::numeric_limits<int32_t>::min() / 2;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t h = mix(i);
    const int32_t back = static_cast<int32_t>(h % 64);  // steps since last act
    s.last_vol[i] = back < 12 ? s.t - 1 - back : never;
    s.last_mob[i] = (h >> 8) % 20 == 0 ? s.t - 1 - static_cast<int32_t>((h >> 16) % 6) : never;
    uint8_t b = 0;
    if (s.last_vol[i] >= s.t - 4) b |= static_cast<uint8_t>(1u << (s.t - 1 - s.last_vol[i]));
    if (s.last_mob[i] >= s.t - 4) b |= static_cast<uint8_t>(16u << (s.t - 1 - s.last_mob[i]));
    s.hist[i] = b;
    s.a[i] = static_cast<uint8_t>((h >> 20) % 10 == 0 ? 1 : (h >> 20) % 10 == 1 ? 2 : 0);
    s.pm[i] = s.a[i] == 1 ? 0.1f : s.a[i] == 2 ? 0.05f : 0.0f;
    s.r[i] = 0.4 * 11.0 * (1.0 + 0.5 * static_cast<double>((h >> 4) % 7) / 7.0);
  }
  return s;
}

void add_pair(const std::string& before, const std::string& after, uint32_t n, int t,
              std::function<void(benchmark::State&, bool after)> body) {
  add("proto", before, n, t, [body](benchmark::State& st) { body(st, false); });
  add("proto", after, n, t, [body](benchmark::State& st) { body(st, true); });
}

void register_governance_prototypes(uint32_t n) {
  for (int t : thread_counts()) {
#ifdef GOVSIM_BENCH_HAS_GOVERNANCE_SUBMODELS
    add_pair("gov-signal-int32", "gov-signal-bits", n, t, [n, t](benchmark::State& st, bool after) {
      const auto net = neighbourhood_graph(n);
      const sim::CsrView g = net->view();
      GovState s = gov_state(n);
      proto::signal_int32(g, s.last_vol.data(), s.last_mob.data(), s.t, 0.5, s.x0.data());
      proto::signal_bits(g, s.hist.data(), 0.5, s.x1.data());
      if (s.x0 != s.x1) return st.SkipWithError("gov-signal-bits differs from neighbour_signal");
      in_arena(t, [&] {
        for (auto _ : st) {
          if (after) proto::signal_bits(g, s.hist.data(), 0.5, s.x1.data());
          else proto::signal_int32(g, s.last_vol.data(), s.last_mob.data(), s.t, 0.5, s.x0.data());
          benchmark::ClobberMemory();
        }
      });
      set_counters(st, n, g.num_arcs(), t);
    });
#endif
    add_pair("gov-share-then-signal", "gov-share-and-signal", n, t,
             [n, t](benchmark::State& st, bool after) {
               const auto net = neighbourhood_graph(n);
               const sim::CsrView g = net->view();
               GovState s = gov_state(n);
               proto::share_then_signal(g, s.pm.data(), s.a.data(), s.r.data(), s.share0.data(),
                                        s.y0.data());
               proto::share_and_signal(g, s.pm.data(), s.a.data(), s.r.data(), s.share1.data(),
                                       s.y1.data());
               if (s.share0 != s.share1 || s.y0 != s.y1)
                 return st.SkipWithError("gov-share-and-signal differs");
               in_arena(t, [&] {
                 for (auto _ : st) {
                   if (after)
                     proto::share_and_signal(g, s.pm.data(), s.a.data(), s.r.data(),
                                             s.share1.data(), s.y1.data());
                   else
                     proto::share_then_signal(g, s.pm.data(), s.a.data(), s.r.data(),
                                              s.share0.data(), s.y0.data());
                   benchmark::ClobberMemory();
                 }
               });
               set_counters(st, n, g.num_arcs(), t);
             });
#ifdef GOVSIM_BENCH_HAS_GOVERNANCE_SUBMODELS
    add_pair("gov-matching-sort", "gov-matching-radix", n, t,
             [n, t](benchmark::State& st, bool after) {
               const uint32_t pop = 2500, nc = n / pop;
               const sim::CounterRng rng = sim::CounterRng::for_run(1, 0);
               std::vector<std::vector<uint64_t>> keys(nc);
               for (uint32_t c = 0; c < nc; ++c) {
                 keys[c].resize(pop);
                 for (uint32_t l = 0; l < pop; ++l) {
                   const uint32_t id = c * pop + l;
                   keys[c][l] = models::governance::pack_key(
                       rng.words(id, 7, 42, 0, sim::EntityClass::kResident)[0], id);
                 }
               }
               struct Scratch {
                 std::vector<uint32_t> idx, tmp;
                 std::vector<std::pair<uint32_t, uint32_t>> pairs;
               };
               oneapi::tbb::enumerable_thread_specific<Scratch> scratch;
               {
                 Scratch sc;
                 for (uint32_t c = 0; c < nc; ++c) {
                   proto::radix_matching(keys[c], sc.idx, sc.tmp, sc.pairs);
                   if (sc.pairs != models::governance::random_matching(keys[c]))
                     return st.SkipWithError("gov-matching-radix differs from random_matching");
                 }
               }
               uint64_t sink = 0;
               in_arena(t, [&] {
                 for (auto _ : st) {
                   oneapi::tbb::parallel_for(uint32_t{0}, nc, [&](uint32_t c) {
                     if (after) {
                       Scratch& sc = scratch.local();
                       proto::radix_matching(keys[c], sc.idx, sc.tmp, sc.pairs);
                       benchmark::DoNotOptimize(sc.pairs.data());
                     } else {
                       auto pairs = models::governance::random_matching(keys[c]);
                       benchmark::DoNotOptimize(pairs.data());
                     }
                   });
                   benchmark::DoNotOptimize(sink);
                 }
               });
               set_counters(st, n, 0, t);
             });
#endif
    add_pair("philox-scalar", "philox-batch16", n, t, [n, t](benchmark::State& st, bool after) {
      const sim::CounterRng rng = sim::CounterRng::for_run(1, 0);
      const auto ctr = sim::CounterRng::counter(0, 7, 37, 0, sim::EntityClass::kResident);
      std::vector<uint32_t> w0(n), w1(n);
      auto scalar = [&] {
        oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(0, n, proto::kGrain),
                                  [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
                                    for (uint32_t i = r.begin(); i != r.end(); ++i)
                                      w0[i] = rng.words(i, 7, 37, 0,
                                                        sim::EntityClass::kResident)[0];
                                  });
      };
      auto batched = [&] {
        const std::array<uint32_t, 2> key{rng.key()[0], rng.key()[1]};
        oneapi::tbb::parallel_for(
            oneapi::tbb::blocked_range<uint32_t>(0, n / 16, proto::kGrain / 16),
            [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
              alignas(64) uint32_t id[16];
              for (uint32_t b = r.begin(); b != r.end(); ++b) {
                for (uint32_t l = 0; l < 16; ++l) id[l] = b * 16 + l;
                proto::philox_word0<16>(id, ctr[1], ctr[2], ctr[3], key, &w1[b * 16]);
              }
            });
      };
      scalar();
      batched();
      if (w0 != w1) return st.SkipWithError("philox-batch16 differs from CounterRng::words");
      in_arena(t, [&] {
        for (auto _ : st) {
          if (after) batched();
          else scalar();
          benchmark::ClobberMemory();
        }
      });
      set_counters(st, n, 0, t);
    });
    // P5 as adopted: sim::word0_batch (AVX-512 / AVX2 / scalar by the CPU; the label names it)
    add("proto", "philox-engine", n, t, [n, t](benchmark::State& st) {
      const sim::CounterRng rng = sim::CounterRng::for_run(1, 0);
      std::vector<uint32_t> w(n);
      auto run = [&] {
        oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(0, n, proto::kGrain),
                                  [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
                                    sim::word0_batch_consecutive(rng, r.begin(), r.size(), 7, 37, 0,
                                                                 sim::EntityClass::kResident,
                                                                 &w[r.begin()]);
                                  });
      };
      run();
      for (uint32_t i = 0; i < n; ++i)
        if (w[i] != rng.words(i, 7, 37, 0, sim::EntityClass::kResident)[0])
          return st.SkipWithError("philox-engine differs from CounterRng::words");
      in_arena(t, [&] {
        for (auto _ : st) {
          run();
          benchmark::ClobberMemory();
        }
      });
      st.SetLabel(sim::word0_batch_isa());
      set_counters(st, n, 0, t);
    });
  }
}

// P6: the initial-trust draws of init_state (TI0 = 0.6, TS0 = 0.45, trust_sd = 0.15: the
// defaults and baseline), 10^4 agents, two inverse Beta CDFs each.
void register_beta_prototype() {
  constexpr uint32_t n = 10'000;
  for (bool dbl : {false, true}) {
    add("proto", dbl ? "beta-inv-double" : "beta-inv-default", n, 1, [dbl](benchmark::State& st) {
      const sim::CounterRng rng = sim::CounterRng::for_run(1, 0);
      std::vector<double> u(2 * n);
      for (uint32_t i = 0; i < n; ++i) {
        u[2 * i] = rng.uniform(i, 0, 21, 0, sim::EntityClass::kInitial);
        u[2 * i + 1] = rng.uniform(i, 0, 22, 0, sim::EntityClass::kInitial);
      }
      std::vector<float> out(2 * n);
      auto run = [&](bool d) {
        for (uint32_t i = 0; i < n; ++i) {
          out[2 * i] = static_cast<float>(d ? proto::beta_inv_double(0.6, 0.15, u[2 * i])
                                            : proto::beta_inv_default(0.6, 0.15, u[2 * i]));
          out[2 * i + 1] =
              static_cast<float>(d ? proto::beta_inv_double(0.45, 0.15, u[2 * i + 1])
                                   : proto::beta_inv_default(0.45, 0.15, u[2 * i + 1]));
        }
      };
      if (dbl) {
        run(false);
        const std::vector<float> ref = out;
        run(true);
        uint32_t same = 0;
        double worst = 0;
        for (std::size_t k = 0; k < out.size(); ++k) {
          same += out[k] == ref[k] ? 1u : 0u;
          worst = std::max(worst, std::abs(static_cast<double>(out[k]) - ref[k]));
        }
        st.SetLabel(fmt::format("float-identical {:.4f}%, max |diff| {:.2e}",
                                100.0 * same / static_cast<double>(out.size()), worst));
      }
      for (auto _ : st) {
        run(dbl);
        benchmark::ClobberMemory();
      }
      set_counters(st, n, 0, 1);
    });
  }
}

}  // namespace

void register_prototypes(uint32_t n) {
  if (n == 10'000) register_beta_prototype();
  register_governance_prototypes(n);
  for (int t : thread_counts()) {
    add("proto", "threshold-double", n, t, [=](benchmark::State& st) {
      const auto net = ws_graph(n);
      const sim::CsrView g = net->view();
      ThresholdSetup s = threshold_setup(g);
      in_arena(t, [&] {
        for (auto _ : st) {
          auto c = threshold_step_double(g, s.theta.data(), s.cur.data(), s.next.data());
          benchmark::DoNotOptimize(c);
        }
      });
      set_counters(st, n, g.num_arcs(), t);
    });
    add("proto", "threshold-int", n, t, [=](benchmark::State& st) {
      const auto net = ws_graph(n);
      const sim::CsrView g = net->view();
      if (n <= 1'000'000 && !threshold_int_matches(g)) {
        st.SkipWithError("threshold-int differs from the model's rule");
        return;
      }
      ThresholdSetup s = threshold_setup(g);
      in_arena(t, [&] {
        for (auto _ : st) {
          auto c = threshold_step_int(g, s.need.data(), s.cur.data(), s.next.data());
          benchmark::DoNotOptimize(c);
        }
      });
      set_counters(st, n, g.num_arcs(), t);
    });
  }
}

}  // namespace govsim::bench
