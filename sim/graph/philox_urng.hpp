// File: sim/graph/philox_urng.hpp
//
// A sequential uniform random bit generator over the counter-based contract, for library code
// that insists on pulling numbers from an engine (Boost.Graph's small_world_iterator and
// sorted_erdos_renyi_iterator). It satisfies std::uniform_random_bit_generator and Boost's
// UniformRandomNumberGenerator: 32-bit words, min() = 0, max() = 2^32 - 1, copyable (Boost
// copies the engine and assigns it back; the copy carries the position).
//
// Draw number k = 0, 1, 2, ... of the sequence is word 0 of
//     rng.words(first_id + floor(k / 2^32), step, stream, k mod 2^32, cls)
// i.e. the spec-0.1 counter {id, step, stream*256 + (k mod 256), class + 8*floor(k/256)}
// (rule E8) with the entity id advanced by one every 2^32 draws, so a sequence never wraps.
// Nothing here depends on threads or on the order in which other sequences are consumed.
#pragma once

#include <cstdint>

#include "sim/rng/counter_rng.hpp"

namespace govsim::sim {

class PhiloxUrng {
 public:
  using result_type = uint32_t;

  // `stream` is a construction stream (see sim/rng/construction_streams.hpp).
  PhiloxUrng(const CounterRng& rng, uint32_t stream, uint32_t first_id = 0,
             EntityClass cls = EntityClass::kNetwork, uint32_t step = 0) noexcept
      : rng_(rng), stream_(stream), first_id_(first_id), step_(step), cls_(cls) {}

  static constexpr result_type min() noexcept { return 0u; }
  static constexpr result_type max() noexcept { return 0xffffffffu; }

  // The next 32-bit word of the sequence.
  result_type operator()() noexcept {
    const uint64_t k = next_++;
    const auto id = static_cast<uint32_t>(first_id_ + (k >> 32));
    return rng_.words(id, step_, stream_, static_cast<uint32_t>(k & 0xffffffffULL), cls_)[0];
  }

  // The next draw as a uniform in (0, 1] (r123::u01, as CounterRng::uniform).
  double uniform() noexcept { return u01((*this)()); }

  // Skips z draws (as the standard engines' discard).
  void discard(uint64_t z) noexcept { next_ += z; }

  // Number of words drawn so far (the index of the next draw).
  uint64_t position() const noexcept { return next_; }

 private:
  CounterRng rng_;
  uint32_t stream_;
  uint32_t first_id_;
  uint32_t step_;
  EntityClass cls_;
  uint64_t next_ = 0;
};

}  // namespace govsim::sim
