// File: bench/bench_gather.hpp
// The gather-limit benchmark bodies, shared by bench_gather.cpp (Watts-Strogatz graph) and
// bench_models.cpp (the governance model's own neighbourhood graph).
#pragma once

#include <benchmark/benchmark.h>

#include "sim/graph/csr_view.hpp"

namespace govsim::bench {

// One gather step per iteration over g with `threads` threads: float state / 8-bit flags.
void run_gather_f32(benchmark::State& state, const sim::CsrView& g, int threads);
void run_gather_u8(benchmark::State& state, const sim::CsrView& g, int threads);

}  // namespace govsim::bench
