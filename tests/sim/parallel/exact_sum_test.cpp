#include "sim/parallel/exact_sum.hpp"

#include <gtest/gtest.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_reduce.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <vector>

#include "sim/rng/counter_rng.hpp"

namespace govsim::sim {
namespace {

std::vector<double> values(std::size_t n) {
  const CounterRng rng = CounterRng::for_run(3, 0);
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = rng.uniform(static_cast<uint32_t>(i), 0, 0, 0, EntityClass::kResident) * 3.0 - 1.0;
  return v;
}

ExactSum parallel_sum(const std::vector<double>& v, int threads, std::size_t grain) {
  oneapi::tbb::task_arena arena(threads);
  return arena.execute([&] {
    return oneapi::tbb::parallel_reduce(
        oneapi::tbb::blocked_range<std::size_t>(0, v.size(), grain), ExactSum{},
        [&](const oneapi::tbb::blocked_range<std::size_t>& r, ExactSum s) {
          for (std::size_t i = r.begin(); i != r.end(); ++i) s.add(v[i]);
          return s;
        },
        std::plus<>{});
  });
}

TEST(ExactSum, IndependentOfOrderPartitionAndThreads) {
  auto v = values(100000);
  ExactSum serial;
  for (double x : v) serial.add(x);
  EXPECT_EQ(parallel_sum(v, 1, 1000).raw(), serial.raw());
  EXPECT_EQ(parallel_sum(v, 2, 37).raw(), serial.raw());
  EXPECT_EQ(parallel_sum(v, 8, 5).raw(), serial.raw());
  std::reverse(v.begin(), v.end());
  ExactSum reversed;
  for (double x : v) reversed.add(x);
  EXPECT_EQ(reversed.raw(), serial.raw());
}

TEST(ExactSum, AccurateToTheGrid) {
  ExactSum s;
  s.add(0.1);
  s.add(0.2);
  s.add(-0.3);
  EXPECT_NEAR(s.value(), 0.0, 2e-12);
  ExactSum big;
  for (int i = 0; i < 10000000; ++i) big.add(1.0);
  EXPECT_EQ(big.value(), 1e7);
}

}  // namespace
}  // namespace govsim::sim
