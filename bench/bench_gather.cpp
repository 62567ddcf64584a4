// File: bench/bench_gather.cpp
//
// The in-process limit: the bare CSR gather (bench_kernels.hpp, gather_step) on the
// Watts-Strogatz benchmark graph, with 32-bit float state (the SoA width the spec asks for,
// 4.11) and with 8-bit flags (the threshold model's state). bench/ratios divides the model
// steps by these.
#include "bench/bench_gather.hpp"

#include <utility>

#include "bench/bench_common.hpp"
#include "bench/bench_kernels.hpp"

namespace govsim::bench {

namespace {

// Deterministic 0/1 initial state (about half ones), no RNG needed.
template <class T>
std::vector<T> initial_state(uint32_t n) {
  std::vector<T> v(n);
  for (uint32_t i = 0; i < n; ++i) v[i] = static_cast<T>((i * 2654435761u) >> 31);
  return v;
}

}  // namespace

template <class T, class Acc>
void run_gather(benchmark::State& state, const sim::CsrView& g, int threads) {
  const uint32_t n = g.num_nodes();
  std::vector<T> cur = initial_state<T>(n), next(n);
  in_arena(threads, [&] {
    // First touch of `next` by the arena's threads in the loop's own partition.
    gather_step<T, Acc>(g, cur.data(), next.data());
    for (auto _ : state) {
      gather_step<T, Acc>(g, cur.data(), next.data());
      benchmark::DoNotOptimize(next.data());
      benchmark::ClobberMemory();
    }
  });
  set_counters(state, n, g.num_arcs(), threads);
}

void run_gather_f32(benchmark::State& state, const sim::CsrView& g, int threads) {
  run_gather<float, float>(state, g, threads);
}
void run_gather_u8(benchmark::State& state, const sim::CsrView& g, int threads) {
  run_gather<uint8_t, uint32_t>(state, g, threads);
}

void register_gather(uint32_t n) {
  for (int t : thread_counts()) {
    add("gather", "ws-f32", n, t, [n, t](benchmark::State& st) {
      const auto net = ws_graph(n);
      run_gather_f32(st, net->view(), t);
    });
    add("gather", "ws-u8", n, t, [n, t](benchmark::State& st) {
      const auto net = ws_graph(n);
      run_gather_u8(st, net->view(), t);
    });
  }
}

}  // namespace govsim::bench
