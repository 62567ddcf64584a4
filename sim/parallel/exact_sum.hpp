// File: sim/parallel/exact_sum.hpp
//
// Order-independent sums of reals. Each term is rounded once to a fixed-point grid of 2^-40
// (about 9.1e-13) and summed in a 128-bit integer, which is associative: the total is the same
// bit for bit whatever the thread count, the partition of the loop or the storage order of the
// agents (locality reordering). Terms must satisfy |x| < 2^62 / 2^40 ≈ 4.2e6; a population of up
// to 2^24 agents with terms of that size cannot overflow the 128-bit accumulator.
//
// Used for every floating-point reduction of model state (means of trust, payoffs, ...).
#pragma once

#include <cmath>
#include <cstdint>

namespace govsim::sim {

__extension__ typedef __int128 ExactInt;

class ExactSum {
 public:
  static constexpr double kScale = 1099511627776.0;  // 2^40

  void add(double x) noexcept { acc_ += static_cast<ExactInt>(std::llround(x * kScale)); }
  void merge(const ExactSum& other) noexcept { acc_ += other.acc_; }
  double value() const noexcept { return static_cast<double>(acc_) / kScale; }
  ExactInt raw() const noexcept { return acc_; }

  ExactSum& operator+=(const ExactSum& other) noexcept {
    merge(other);
    return *this;
  }
  friend ExactSum operator+(ExactSum a, const ExactSum& b) noexcept { return a += b; }

 private:
  ExactInt acc_ = 0;
};

}  // namespace govsim::sim
