#include "sim/rng/philox_batch.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace govsim::sim {
namespace {

// The batched draws are CounterRng::words(...)[0] exactly, on both paths, for every length
// (whole 32-counter blocks and tails), any ids and any (step, stream, k, class).
void expect_same_as_words(int level) {
  detail::word0_batch_force(level);
  const CounterRng rng = CounterRng::for_run(20261127, 3);
  std::vector<uint32_t> ids(200);
  for (uint32_t l = 0; l < ids.size(); ++l) ids[l] = 0x9E3779B9u * l + 7u;  // scattered ids
  ids[5] = 0xffffffffu;
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{31}, std::size_t{32},
                        std::size_t{33}, std::size_t{63}, std::size_t{64}, std::size_t{65}, std::size_t{96}, std::size_t{129}, std::size_t{200}}) {
    for (uint32_t k : {0u, 1u, 300u}) {
      std::vector<uint32_t> out(n + 1, 0xdeadbeefu);
      word0_batch(rng, ids.data(), n, 17, 42, k, EntityClass::kResident, out.data());
      for (std::size_t l = 0; l < n; ++l)
        ASSERT_EQ(out[l], rng.words(ids[l], 17, 42, k, EntityClass::kResident)[0])
            << "n " << n << " k " << k << " lane " << l;
      EXPECT_EQ(out[n], 0xdeadbeefu) << "wrote past n = " << n;
      std::vector<uint32_t> cons(n);
      word0_batch_consecutive(rng, 1000u, n, 9, 3, k, EntityClass::kGrid, cons.data());
      for (std::size_t l = 0; l < n; ++l)
        ASSERT_EQ(cons[l], rng.words(1000u + static_cast<uint32_t>(l), 9, 3, k, EntityClass::kGrid)[0]);
    }
  }
  detail::word0_batch_force(0);
}

TEST(PhiloxBatch, EqualsCounterRngWordsOnTheDispatchedPath) { expect_same_as_words(0); }
TEST(PhiloxBatch, EqualsCounterRngWordsOnTheAvx2Path) { expect_same_as_words(1); }
TEST(PhiloxBatch, EqualsCounterRngWordsOnTheScalarPath) { expect_same_as_words(2); }

TEST(PhiloxBatch, NamesItsPath) {
  const std::string isa = word0_batch_isa();
  EXPECT_TRUE(isa == "avx512" || isa == "avx2" || isa == "scalar") << isa;
  detail::word0_batch_force(2);
  EXPECT_EQ(std::string(word0_batch_isa()), "scalar");
  detail::word0_batch_force(0);
}

}  // namespace
}  // namespace govsim::sim
