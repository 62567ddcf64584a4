// File: bench/bench_kernels.hpp
//
// Kernels that exist only in the benchmarks:
//   - the bare CSR gather, the in-process limit every model step is compared with: for each
//     agent i, a sum over its neighbours' state, read from `cur` and written to `next[i]`
//     (synchronous pull, double-buffered; GAP's pr_spmv Jacobi scheme), one oneTBB
//     parallel_for over blocked ranges of `kGatherGrain` agents;
//   - prototypes of proposed model changes (docs/performance.md, "Proposed changes"), each
//     checked against the model it would replace so that a measured gain is a gain at equal
//     results.
#pragma once

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_reduce.h>

#include <cstdint>
#include <span>
#include <vector>

#include "sim/graph/csr_view.hpp"

namespace govsim::bench {

inline constexpr uint32_t kGatherGrain = 4096;

// next[i] = Σ_{j ∈ N(i)} cur[j], accumulated in Acc and stored as T.
template <class T, class Acc>
void gather_step(const sim::CsrView& g, const T* cur, T* next) {
  const uint64_t* off = g.offsets.data();
  const uint32_t* tgt = g.targets.data();
  oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(0, g.num_nodes(), kGatherGrain),
                            [=](const oneapi::tbb::blocked_range<uint32_t>& r) {
                              for (uint32_t i = r.begin(); i != r.end(); ++i) {
                                Acc s = 0;
                                const uint64_t e = off[i + 1];
                                for (uint64_t k = off[i]; k != e; ++k) s += cur[tgt[k]];
                                next[i] = static_cast<T>(s);
                              }
                            });
}

// ------------------------------------------------------------------------------------------
// Prototype P1 (threshold_cascade): integer thresholds.
// The model tests  count/deg >= theta  in double for every node every step (a division and an
// 8-byte theta per node). The rule is equivalent to  count >= need_i  with need_i the smallest
// integer c in [0, deg + 1] such that double(c)/double(deg) >= theta_i (deg + 1 = never), which
// init() can compute once, exactly, by the model's own comparison. need_i fits in uint16_t for
// degrees < 65535 (larger degrees keep the double path). Then one step is a pure 8-bit gather
// plus an integer compare, with no floating-point work.
inline uint16_t threshold_need(double theta, uint32_t deg) {
  if (deg == 0) return theta <= 0.0 ? 0 : 1;  // isolated: x = 0 (E16)
  // Smallest c with double(c)/double(deg) >= theta, by the model's exact comparison.
  uint32_t c = 0;
  if (theta > 0.0) {
    const double guess = theta * static_cast<double>(deg);
    c = guess >= static_cast<double>(deg) + 1.0 ? deg + 1 : static_cast<uint32_t>(guess);
    while (c > 0 && static_cast<double>(c - 1) / static_cast<double>(deg) >= theta) --c;
    while (c <= deg && !(static_cast<double>(c) / static_cast<double>(deg) >= theta)) ++c;
  }
  return static_cast<uint16_t>(c);  // deg + 1 when never met
}

struct ThresholdCounts {
  uint64_t active = 0, activated = 0;
};

// Absorbing fractional threshold step on 8-bit flags and 16-bit integer thresholds.
inline ThresholdCounts threshold_step_int(const sim::CsrView& g, const uint16_t* need,
                                          const uint8_t* cur, uint8_t* next) {
  const uint64_t* off = g.offsets.data();
  const uint32_t* tgt = g.targets.data();
  return oneapi::tbb::parallel_reduce(
      oneapi::tbb::blocked_range<uint32_t>(0, g.num_nodes(), kGatherGrain), ThresholdCounts{},
      [=](const oneapi::tbb::blocked_range<uint32_t>& r, ThresholdCounts c) {
        for (uint32_t i = r.begin(); i != r.end(); ++i) {
          const uint8_t was = cur[i];
          uint8_t on = was;
          if (!was) {
            uint32_t cnt = 0;
            const uint64_t e = off[i + 1];
            for (uint64_t k = off[i]; k != e; ++k) cnt += cur[tgt[k]];
            on = cnt >= need[i] ? 1 : 0;
          }
          next[i] = on;
          c.active += on;
          c.activated += on & static_cast<uint8_t>(was ^ 1u);
        }
        return c;
      },
      [](ThresholdCounts a, const ThresholdCounts& b) {
        a.active += b.active;
        a.activated += b.activated;
        return a;
      });
}

// The model's current rule (models/threshold_cascade/threshold_cascade.cpp, sweep() with
// kernels::active_fraction), reproduced for a like-for-like comparison and as the reference
// the prototype is checked against.
inline ThresholdCounts threshold_step_double(const sim::CsrView& g, const double* theta,
                                             const uint8_t* cur, uint8_t* next) {
  const uint64_t* off = g.offsets.data();
  const uint32_t* tgt = g.targets.data();
  return oneapi::tbb::parallel_reduce(
      oneapi::tbb::blocked_range<uint32_t>(0, g.num_nodes(), kGatherGrain), ThresholdCounts{},
      [=](const oneapi::tbb::blocked_range<uint32_t>& r, ThresholdCounts c) {
        for (uint32_t i = r.begin(); i != r.end(); ++i) {
          const bool was = cur[i] != 0;
          bool on = was;
          if (!was) {
            uint32_t cnt = 0;
            const uint64_t b = off[i], e = off[i + 1];
            for (uint64_t k = b; k != e; ++k) cnt += cur[tgt[k]] != 0 ? 1u : 0u;
            const double x =
                e == b ? 0.0 : static_cast<double>(cnt) / static_cast<double>(e - b);
            on = x >= theta[i];
          }
          next[i] = on ? 1 : 0;
          c.active += on ? 1u : 0u;
          c.activated += (on && !was) ? 1u : 0u;
        }
        return c;
      },
      [](ThresholdCounts a, const ThresholdCounts& b) {
        a.active += b.active;
        a.activated += b.activated;
        return a;
      });
}

}  // namespace govsim::bench
