#include "sim/rng/counter_rng.hpp"

#include <gtest/gtest.h>

#include <set>

namespace govsim::sim {
namespace {

// Known-answer vectors of Philox4x32-10 published with Random123 (kat_vectors; Debian ships
// none, so they are embedded here): {counter, key} -> output.
struct Kat {
  std::array<uint32_t, 4> ctr;
  std::array<uint32_t, 2> key;
  std::array<uint32_t, 4> out;
};
const Kat kKats[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

TEST(CounterRng, Philox4x32_10KnownAnswers) {
  for (const Kat& k : kKats) {
    r123::Philox4x32::ctr_type c = {{k.ctr[0], k.ctr[1], k.ctr[2], k.ctr[3]}};
    r123::Philox4x32::key_type key = {{k.key[0], k.key[1]}};
    const auto out = r123::Philox4x32{}(c, key);
    for (int w = 0; w < 4; ++w) EXPECT_EQ(out[w], k.out[w]) << "word " << w;
  }
}

TEST(CounterRng, SplitMix64KnownAnswers) {
  // splitmix64(x) is the output of the reference SplitMix64 generator in state x: seeded with
  // 0 it gives e220a8397b1dcdaf then 6e789e6aa1b965f4 (the published sequence); the third value
  // was computed with an independent Python implementation.
  EXPECT_EQ(splitmix64(0), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(splitmix64(0x9e3779b97f4a7c15ULL), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(splitmix64(1234567), 0x599ed017fb08fc85ULL);
}

TEST(CounterRng, RunSeedFollowsTheContract) {
  const uint64_t seed = 42;
  EXPECT_EQ(run_seed(seed, 3), splitmix64(seed ^ splitmix64(4)));
  EXPECT_EQ(run_seed(seed, 3, 7),
            splitmix64(seed ^ splitmix64(4) ^ splitmix64((uint64_t{1} << 32) + 7)));
  const CounterRng rng(run_seed(seed, 3));
  EXPECT_EQ(rng.key()[0], static_cast<uint32_t>(run_seed(seed, 3) & 0xffffffffu));
  EXPECT_EQ(rng.key()[1], static_cast<uint32_t>(run_seed(seed, 3) >> 32));
}

TEST(CounterRng, CounterLayoutFollowsE8) {
  auto c = CounterRng::counter(17, 5, 3, 2, EntityClass::kGrid);
  EXPECT_EQ(c[0], 17u);
  EXPECT_EQ(c[1], 5u);
  EXPECT_EQ(c[2], 3u * 256u + 2u);
  EXPECT_EQ(c[3], 3u);
  // Draw 600 of a variable-length sequence: k mod 256 = 88, class + 8 * floor(600/256) = 3 + 16.
  c = CounterRng::counter(17, 5, 3, 600, EntityClass::kGrid);
  EXPECT_EQ(c[2], 3u * 256u + 88u);
  EXPECT_EQ(c[3], 3u + 16u);
}

TEST(CounterRng, DrawsArePureFunctionsOfTheirCounter) {
  const CounterRng a = CounterRng::for_run(1, 0), b = CounterRng::for_run(1, 0);
  const CounterRng other = CounterRng::for_run(1, 1);
  std::set<double> seen;
  for (uint32_t id = 0; id < 1000; ++id) {
    const double u = a.uniform(id, 9, 4, 0, EntityClass::kResident);
    EXPECT_EQ(u, b.uniform(id, 9, 4, 0, EntityClass::kResident));
    EXPECT_NE(u, other.uniform(id, 9, 4, 0, EntityClass::kResident));
    EXPECT_GT(u, 0.0);
    EXPECT_LE(u, 1.0);
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(CounterRng, UniformMeanAndNormalMoments) {
  const CounterRng rng = CounterRng::for_run(7, 0);
  const int n = 200000;
  double su = 0, sz = 0, sz2 = 0;
  for (int i = 0; i < n; ++i) {
    su += rng.uniform(static_cast<uint32_t>(i), 0, 1, 0, EntityClass::kResident);
    const auto [z1, z2] = rng.normal_pair(static_cast<uint32_t>(i), 0, 2, 0, EntityClass::kResident);
    sz += z1 + z2;
    sz2 += z1 * z1 + z2 * z2;
  }
  // Standard errors: uniform 0.289/sqrt(n) = 6.5e-4; normal mean 1/sqrt(2n) = 1.6e-3.
  EXPECT_NEAR(su / n, 0.5, 5 * 6.5e-4);
  EXPECT_NEAR(sz / (2 * n), 0.0, 5 * 1.6e-3);
  EXPECT_NEAR(sz2 / (2 * n), 1.0, 5 * 3.2e-3);
}

TEST(CounterRng, IndexAndStochasticRound) {
  EXPECT_EQ(index_of(1.0, 5), 4u);  // u01 may return exactly 1
  EXPECT_EQ(index_of(0.999, 5), 4u);
  EXPECT_EQ(index_of(0.2, 5), 1u);
  EXPECT_EQ(index_of(1e-12, 5), 0u);
  EXPECT_EQ(stochastic_round(2.25, 0.2), 3);
  EXPECT_EQ(stochastic_round(2.25, 0.3), 2);
  EXPECT_EQ(stochastic_round(3.0, 1e-9), 3);
  EXPECT_TRUE(bernoulli(1.0, 1.0));
  EXPECT_FALSE(bernoulli(1e-12, 0.0));
}

}  // namespace
}  // namespace govsim::sim
