// File: sim/rng/philox_batch.hpp
//
// Word 0 of many Philox4x32-10 counters at once (docs/performance.md, second round): the per-resident passes draw one
// value per resident from counters that differ only in the entity id, (id, step, stream, k,
// class) of spec 0.1. These functions return exactly CounterRng::words(...)[0] for each id;
// they only compute many counters side by side, with AVX-512 or AVX2 where the CPU has it
// (checked at run time, so one binary serves every x86-64 machine) and with the scalar Random123
// code elsewhere.
// Drawing a value nobody reads changes nothing (a draw is a pure function of its counter), so a
// pass may draw for a whole block of residents and use the values it needs.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/rng/counter_rng.hpp"

namespace govsim::sim {

// out[l] = rng.words(ids[l], step, stream, k, cls)[0] for l < n.
void word0_batch(const CounterRng& rng, const uint32_t* ids, std::size_t n, uint32_t step,
                 uint32_t stream, uint32_t k, EntityClass cls, uint32_t* out) noexcept;

// out[l] = rng.words(id0 + l, step, stream, k, cls)[0] for l < n (consecutive ids).
void word0_batch_consecutive(const CounterRng& rng, uint32_t id0, std::size_t n, uint32_t step,
                             uint32_t stream, uint32_t k, EntityClass cls, uint32_t* out) noexcept;

// Which code word0_batch runs on this CPU: "avx512", "avx2" or "scalar" (benchmark context).
const char* word0_batch_isa() noexcept;

namespace detail {
// The portable path, always available (the reference of the tests).
void word0_batch_scalar(const CounterRng& rng, const uint32_t* ids, std::size_t n, uint32_t step,
                        uint32_t stream, uint32_t k, EntityClass cls, uint32_t* out) noexcept;
// Caps the path (tests of every path on one machine): 0 the CPU's best, 1 at most AVX2,
// 2 scalar. Not for use while other threads draw.
void word0_batch_force(int level) noexcept;
}  // namespace detail

}  // namespace govsim::sim
