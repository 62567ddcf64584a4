// File: bench/bench_kernels.hpp
//
// The kernel that exists only in the benchmarks: the bare CSR gather, the in-process limit
// every model step is compared with: for each agent i, a sum over its neighbours' state, read
// from `cur` and written to `next[i]` (synchronous pull, double-buffered; GAP's pr_spmv Jacobi
// scheme), one oneTBB parallel_for over blocked ranges of `kGatherGrain` agents.
#pragma once

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

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

}  // namespace govsim::bench
