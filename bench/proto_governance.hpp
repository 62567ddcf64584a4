// File: bench/proto_governance.hpp
//
// Prototypes of changes proposed for models/governance (docs/performance.md, "Proposed
// changes"), each next to a reproduction of the code it would replace (calling the model's own
// inline functions where they exist), so that bench_prototypes.cpp can check that both give
// identical results and measure the difference:
//   P2 neighbour signal: int32 last_vol/last_mob of every neighbour (8 bytes per arc) versus
//      one 8-bit activity history per resident (1 byte per arc);
//   P3 fused R2a + R3 gathers: group shares (pm) and the TS signal (count of neighbours with
//      a >= 1) in one pass over the CSR instead of two;
//   P4 TI matching order: std::sort of (word << 32 | id) keys per community versus a stable
//      LSD radix sort on the 32-bit word (ties keep ascending id: the same order);
//   P5 batched Philox: one Philox4x32-10 per draw (CounterRng::words) versus the same function
//      evaluated for 16 counters at once, written lane-wise so the compiler vectorises it, and
//      (x86-64, GCC/Clang) an AVX2 version, 4 x 8 lanes interleaved, chosen at run time;
//   P6 initial trust: boost::math::ibeta_inv with Boost's default policy (long double
//      internally) versus a double-precision policy (promote_double<false>).
#pragma once

#include <boost/math/special_functions/beta.hpp>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "models/kernels/public_goods.hpp"
#include "models/kernels/threshold.hpp"
#include "sim/graph/csr_view.hpp"
#include "sim/rng/counter_rng.hpp"

#if __has_include("models/governance/submodels.hpp")
#include "models/governance/submodels.hpp"
#define GOVSIM_BENCH_HAS_GOVERNANCE_SUBMODELS 1
#endif

namespace govsim::bench::proto {

inline constexpr uint32_t kGrain = 2048;  // the governance model's grain

// ------------------------------------------------------------------------------------- P2
// Before: the model's neighbour_signal (models/governance/submodels.hpp) for every resident.
#ifdef GOVSIM_BENCH_HAS_GOVERNANCE_SUBMODELS
inline void signal_int32(const sim::CsrView& g, const int32_t* last_vol, const int32_t* last_mob,
                         int32_t t, double w_mob, float* x) {
  oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(0, g.num_nodes(), kGrain),
                            [=](const oneapi::tbb::blocked_range<uint32_t>& r) {
                              for (uint32_t i = r.begin(); i != r.end(); ++i)
                                x[i] = static_cast<float>(models::governance::neighbour_signal(
                                    g, i, last_vol, last_mob, t, w_mob));
                            });
}
#endif

// After: hist[j] bit k (k = 0..3) = "a_j = 1 at step t-1-k", bit 4+k = "a_j = 2 at step
// t-1-k", shifted once per step in R1e (hist = (hist << 1 & 0xEE) | [a=1] | [a=2] << 4).
// "last_vol in [t-4, t-1]" <=> hist & 0x0F; "last_mob in [t-4, t-1]" <=> hist & 0xF0.
inline double signal_bits_one(const sim::CsrView& g, uint32_t i, const uint8_t* hist,
                              double w_mob) {
  const uint32_t k = g.degree(i);
  if (k == 0) return 0.0;
  uint32_t nv = 0, nm = 0;
  const uint64_t e = g.offsets[i + 1];
  for (uint64_t a = g.offsets[i]; a != e; ++a) {
    const uint32_t h = hist[g.targets[a]];
    const uint32_t v = (h & 0x0Fu) != 0 ? 1u : 0u;
    nv += v;
    nm += ((h & 0xF0u) != 0 ? 1u : 0u) & (v ^ 1u);
  }
  return (static_cast<double>(nv) + w_mob * static_cast<double>(nm)) / static_cast<double>(k);
}
inline void signal_bits(const sim::CsrView& g, const uint8_t* hist, double w_mob, float* x) {
  oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(0, g.num_nodes(), kGrain),
                            [=](const oneapi::tbb::blocked_range<uint32_t>& r) {
                              for (uint32_t i = r.begin(); i != r.end(); ++i)
                                x[i] = static_cast<float>(signal_bits_one(g, i, hist, w_mob));
                            });
}

// ------------------------------------------------------------------------------------- P3
// Before: R2a's share pass and R3's TS-signal pass, each a parallel loop over the CSR
// (pass_payoffs' first loop and pass_trust's first loop, with the model's kernels).
inline void share_then_signal(const sim::CsrView& g, const float* pm, const uint8_t* a,
                              const double* r, float* share, float* y) {
  const uint32_t n = g.num_nodes();
  oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(0, n, kGrain),
                            [=](const oneapi::tbb::blocked_range<uint32_t>& rg) {
                              for (uint32_t j = rg.begin(); j != rg.end(); ++j)
                                share[j] = static_cast<float>(
                                    models::kernels::group_share(g, j, pm, r[j]));
                            });
  oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(0, n, kGrain),
                            [=](const oneapi::tbb::blocked_range<uint32_t>& rg) {
                              for (uint32_t i = rg.begin(); i != rg.end(); ++i) {
                                const uint32_t k = g.degree(i);
                                y[i] = static_cast<float>(
                                    k ? static_cast<double>(
                                            models::kernels::count_flagged(g, i, a)) / k
                                      : 0.0);
                              }
                            });
}
// After: one pass; the same sums in the same order (bit-identical).
inline void share_and_signal(const sim::CsrView& g, const float* pm, const uint8_t* a,
                             const double* r, float* share, float* y) {
  oneapi::tbb::parallel_for(
      oneapi::tbb::blocked_range<uint32_t>(0, g.num_nodes(), kGrain),
      [=](const oneapi::tbb::blocked_range<uint32_t>& rg) {
        for (uint32_t i = rg.begin(); i != rg.end(); ++i) {
          const uint64_t b = g.offsets[i], e = g.offsets[i + 1];
          double pot = static_cast<double>(pm[i]);
          uint32_t cnt = 0;
          for (uint64_t q = b; q != e; ++q) {
            const uint32_t j = g.targets[q];
            pot += static_cast<double>(pm[j]);
            cnt += a[j] != 0 ? 1u : 0u;
          }
          const auto k = static_cast<uint32_t>(e - b);
          share[i] = static_cast<float>(r[i] * pot / static_cast<double>(k + 1));
          y[i] = static_cast<float>(k ? static_cast<double>(cnt) / k : 0.0);
        }
      });
}

// ------------------------------------------------------------------------------------- P4
// Before: the model's random_matching (std::sort of (key, local index)).
// After: pairs from a stable LSD radix sort (3 passes of 11 bits) on the high 32 bits of the
// keys; the keys' low 32 bits are ascending ids in ascending local order, so ties keep the
// (key, id) order std::sort gives. `tmp` and `idx` are per-thread scratch.
inline void radix_matching(const std::vector<uint64_t>& keys, std::vector<uint32_t>& idx,
                           std::vector<uint32_t>& tmp,
                           std::vector<std::pair<uint32_t, uint32_t>>& pairs) {
  const auto n = static_cast<uint32_t>(keys.size());
  idx.resize(n);
  tmp.resize(n);
  std::array<uint32_t, 3 * 2048> count{};
  for (uint32_t i = 0; i < n; ++i) {
    const auto w = static_cast<uint32_t>(keys[i] >> 32);
    ++count[w & 2047u];
    ++count[2048 + ((w >> 11) & 2047u)];
    ++count[4096 + (w >> 22)];
  }
  for (int p = 0; p < 3; ++p) {
    uint32_t sum = 0;
    for (uint32_t b = 0; b < 2048; ++b) {
      const uint32_t c = count[p * 2048 + b];
      count[p * 2048 + b] = sum;
      sum += c;
    }
  }
  // pass 0 reads the identity order
  for (uint32_t i = 0; i < n; ++i) tmp[count[static_cast<uint32_t>(keys[i] >> 32) & 2047u]++] = i;
  for (uint32_t q = 0; q < n; ++q) {
    const uint32_t i = tmp[q];
    idx[count[2048 + ((static_cast<uint32_t>(keys[i] >> 32) >> 11) & 2047u)]++] = i;
  }
  for (uint32_t q = 0; q < n; ++q) {
    const uint32_t i = idx[q];
    tmp[count[4096 + (static_cast<uint32_t>(keys[i] >> 32) >> 22)]++] = i;
  }
  pairs.clear();
  for (uint32_t q = 0; q + 1 < n; q += 2) pairs.emplace_back(tmp[q], tmp[q + 1]);
}

// ------------------------------------------------------------------------------------- P5
// Philox4x32-10 (Salmon et al. 2011; Random123's philox4x32 with R123_PHILOX_ROUNDS 10) for
// L counters that differ in word 0 only (the entity id, as in every per-resident pass),
// returning word 0 of each output. Lane-wise loops with 64-bit products: GCC vectorises them
// with the baseline SSE2 ISA (pmuludq), and 4-16 lanes wide with AVX2/AVX-512 when built for it.
template <int L>
inline void philox_word0(const uint32_t* id, uint32_t c1, uint32_t c2, uint32_t c3,
                         std::array<uint32_t, 2> key, uint32_t* out) {
  uint32_t x0[L], x1[L], x2[L], x3[L];
  for (int l = 0; l < L; ++l) {
    x0[l] = id[l];
    x1[l] = c1;
    x2[l] = c2;
    x3[l] = c3;
  }
  uint32_t k0 = key[0], k1 = key[1];
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    for (int l = 0; l < L; ++l) {
      const uint64_t p0 = uint64_t{0xD2511F53u} * x0[l];
      const uint64_t p1 = uint64_t{0xCD9E8D57u} * x2[l];
      const auto hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = static_cast<uint32_t>(p0);
      const auto hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = static_cast<uint32_t>(p1);
      const uint32_t n0 = hi1 ^ x1[l] ^ k0, n2 = hi0 ^ x3[l] ^ k1;
      x0[l] = n0;
      x1[l] = lo1;
      x2[l] = n2;
      x3[l] = lo0;
    }
  }
  for (int l = 0; l < L; ++l) out[l] = x0[l];
}


// ------------------------------------------------------------------------------------- P6
// The model's beta_mean_sd_inverse (governance_model.cpp) with Boost's default policy, which
// promotes double to long double (x87) inside ibeta_inv, and the same with double arithmetic.
inline double beta_inv_default(double m, double sd, double u) {
  const double k = m * (1.0 - m) / (sd * sd) - 1.0;
  return boost::math::ibeta_inv(m * k, (1.0 - m) * k, u);
}
using DoublePolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
inline double beta_inv_double(double m, double sd, double u) {
  const double k = m * (1.0 - m) / (sd * sd) - 1.0;
  return boost::math::ibeta_inv(m * k, (1.0 - m) * k, u, DoublePolicy());
}

}  // namespace govsim::bench::proto
