// File: sim/rng/counter_rng.hpp
//
// The random-number contract of model-spec section 0.1: counter-based Philox4x32-10 (Random123).
// A draw is a pure function of (key, counter); no generator state exists, so the value an agent
// gets never depends on the thread, the MPI rank, the storage order or the order of the loop.
//
//   s       = splitmix64(seed XOR splitmix64(replicate + 1))            (crn: true, the default)
//   s       = splitmix64(seed XOR splitmix64(replicate + 1) XOR splitmix64(2^32 + point))
//                                                                        (crn: false)
//   key     = {low 32 bits of s, high 32 bits of s}
//   counter = {entity id, step, stream*256 + (k mod 256), class + 8*floor(k/256)}  for draw k
//
// Entity ids are original ids (never storage positions). Each named stream (one per random
// decision, see the model's streams header) draws a fixed number of values per use whichever
// branch is taken. One draw is word 0 of one counter; a Box-Muller pair uses words 0 and 1.
#pragma once

#include <Random123/boxmuller.hpp>
#include <Random123/philox.h>
#include <Random123/uniform.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

namespace govsim::sim {

// SplitMix64 finaliser (Steele, Lea & Flood 2014) as a pure function of its input.
constexpr uint64_t splitmix64(uint64_t x) noexcept {
  uint64_t z = x + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// The 64-bit stream seed s of a run (spec 0.1). `point` is set only for sweeps with crn: false.
constexpr uint64_t run_seed(uint64_t seed, uint64_t replicate,
                            std::optional<uint64_t> point = std::nullopt) noexcept {
  uint64_t x = seed ^ splitmix64(replicate + 1);
  if (point) x ^= splitmix64((uint64_t{1} << 32) + *point);
  return splitmix64(x);
}

// Entity classes of the counter's fourth word.
enum class EntityClass : uint32_t {
  kResident = 0,
  kCommittee = 1,
  kOrganisation = 2,
  kGrid = 3,
  kNetwork = 4,  // network construction (step 0)
  kInitial = 5,  // initial state (step 0)
};

// An index into n items from a uniform u in (0,1]: min(floor(u*n), n-1) (spec E10).
inline std::size_t index_of(double u, std::size_t n) noexcept {
  const auto k = static_cast<std::size_t>(u * static_cast<double>(n));
  return std::min(k, n - 1);
}

// Stateless counter-based generator for one run.
class CounterRng {
 public:
  using Philox = r123::Philox4x32;  // Philox4x32-10
  using Counter = Philox::ctr_type;
  using Key = Philox::key_type;

  CounterRng() = default;
  explicit CounterRng(uint64_t s) noexcept {
    key_[0] = static_cast<uint32_t>(s & 0xffffffffULL);
    key_[1] = static_cast<uint32_t>(s >> 32);
  }
  // Convenience: the generator of (seed, replicate[, point]).
  static CounterRng for_run(uint64_t seed, uint64_t replicate,
                            std::optional<uint64_t> point = std::nullopt) noexcept {
    return CounterRng(run_seed(seed, replicate, point));
  }

  const Key& key() const noexcept { return key_; }

  // The counter of draw k of `stream` for entity `id` of class `cls` at `step` (spec 0.1, E8).
  static Counter counter(uint32_t id, uint32_t step, uint32_t stream, uint32_t k,
                         EntityClass cls) noexcept {
    Counter c;
    c[0] = id;
    c[1] = step;
    c[2] = stream * 256u + (k & 255u);
    c[3] = static_cast<uint32_t>(cls) + 8u * (k >> 8);
    return c;
  }

  // All four 32-bit words of one counter.
  Counter words(uint32_t id, uint32_t step, uint32_t stream, uint32_t k,
                EntityClass cls) const noexcept {
    return Philox{}(counter(id, step, stream, k, cls), key_);
  }

  // One uniform draw in (0,1] (r123::u01 on word 0).
  double uniform(uint32_t id, uint32_t step, uint32_t stream, uint32_t k,
                 EntityClass cls) const noexcept {
    return r123::u01<double>(words(id, step, stream, k, cls)[0]);
  }

  // One standard-normal pair by r123::boxmuller on words 0 and 1.
  std::pair<double, double> normal_pair(uint32_t id, uint32_t step, uint32_t stream, uint32_t k,
                                        EntityClass cls) const noexcept {
    const Counter w = words(id, step, stream, k, cls);
    const r123::float2 z = r123::boxmuller(w[0], w[1]);
    return {static_cast<double>(z.x), static_cast<double>(z.y)};
  }

 private:
  Key key_{{0u, 0u}};
};

// Uniform draw from a raw 32-bit word.
inline double u01(uint32_t word) noexcept { return r123::u01<double>(word); }

// Bernoulli with probability p from u in (0,1]: true iff u < p... except that u is never 0, so
// p = 0 is always false and p = 1 always true.
inline bool bernoulli(double u, double p) noexcept { return u < p || p >= 1.0; }

// sround(x) = floor(x) + Bernoulli(x - floor(x)) (spec 4).
inline int64_t stochastic_round(double x, double u) noexcept {
  const double f = std::floor(x);
  return static_cast<int64_t>(f) + (bernoulli(u, x - f) ? 1 : 0);
}

}  // namespace govsim::sim
