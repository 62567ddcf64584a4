// File: sim/rng/philox_batch.cpp
//
// Philox4x32-10 (Salmon, Moraes, Dror & Shaw 2011; Random123's philox4x32 with 10 rounds) for
// many counters {id_l, c1, c2, c3} under one key. The AVX-512 and AVX2 paths keep four
// independent 16- or 8-lane chains in flight (64 or 32 counters) to hide the latency of
// vpmuludq; each round is Random123's
//   (hi, lo) = mulhilo(M0, x0), (hi', lo') = mulhilo(M1, x2)
//   x = {hi' ^ x1 ^ k0, lo', hi ^ x3 ^ k1, lo}, then the key bump (k0 += W0, k1 += W1).
// Tails and CPUs without AVX2 use CounterRng::words itself. The CPU is asked once, at run time.
#include "sim/rng/philox_batch.hpp"

#include <atomic>

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define GOVSIM_PHILOX_AVX2 1
#endif

namespace govsim::sim {
namespace {

// 0: the best path of the CPU; 1: at most AVX2; 2: scalar (tests)
std::atomic<int> g_force{0};

#ifdef GOVSIM_PHILOX_AVX2
bool cpu_has_avx2() noexcept {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}

// 32 counters whose word 0 is ids[0..31]; word 0 of each output into out[0..31].
__attribute__((target("avx2"))) void philox_word0_avx2x32(const uint32_t* ids, uint32_t c1,
                                                           uint32_t c2, uint32_t c3, uint32_t key0,
                                                           uint32_t key1, uint32_t* out) noexcept {
  constexpr int V = 4;
  __m256i x0[V], x1[V], x2[V], x3[V];
  for (int v = 0; v < V; ++v) {
    x0[v] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ids + 8 * v));
    x1[v] = _mm256_set1_epi32(static_cast<int>(c1));
    x2[v] = _mm256_set1_epi32(static_cast<int>(c2));
    x3[v] = _mm256_set1_epi32(static_cast<int>(c3));
  }
  const __m256i m0 = _mm256_set1_epi32(static_cast<int>(0xD2511F53u));
  const __m256i m1 = _mm256_set1_epi32(static_cast<int>(0xCD9E8D57u));
  uint32_t k0 = key0, k1 = key1;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    const __m256i kk0 = _mm256_set1_epi32(static_cast<int>(k0));
    const __m256i kk1 = _mm256_set1_epi32(static_cast<int>(k1));
    for (int v = 0; v < V; ++v) {
      // 32x32 -> 64-bit products of the even lanes and (shifted down) of the odd lanes
      const __m256i pe0 = _mm256_mul_epu32(x0[v], m0);
      const __m256i po0 = _mm256_mul_epu32(_mm256_srli_epi64(x0[v], 32), m0);
      const __m256i pe1 = _mm256_mul_epu32(x2[v], m1);
      const __m256i po1 = _mm256_mul_epu32(_mm256_srli_epi64(x2[v], 32), m1);
      const __m256i lo0 = _mm256_blend_epi32(pe0, _mm256_slli_epi64(po0, 32), 0xAA);
      const __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(pe0, 32), po0, 0xAA);
      const __m256i lo1 = _mm256_blend_epi32(pe1, _mm256_slli_epi64(po1, 32), 0xAA);
      const __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(pe1, 32), po1, 0xAA);
      x0[v] = _mm256_xor_si256(_mm256_xor_si256(hi1, x1[v]), kk0);
      x2[v] = _mm256_xor_si256(_mm256_xor_si256(hi0, x3[v]), kk1);
      x1[v] = lo1;
      x3[v] = lo0;
    }
  }
  for (int v = 0; v < V; ++v) _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 8 * v), x0[v]);
}

bool cpu_has_avx512() noexcept {
  static const bool has = __builtin_cpu_supports("avx512f");
  return has;
}

// The same for 64 counters with AVX-512F: four independent 16-lane chains. (GCC 12's AVX-512
// headers pass _mm512_undefined_epi32() to masked builtins, which -Wuninitialized reports.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
__attribute__((target("avx512f"))) void philox_word0_avx512x64(const uint32_t* ids, uint32_t c1,
                                                                uint32_t c2, uint32_t c3,
                                                                uint32_t key0, uint32_t key1,
                                                                uint32_t* out) noexcept {
  constexpr int V = 4;
  __m512i x0[V], x1[V], x2[V], x3[V];
  for (int v = 0; v < V; ++v) {
    x0[v] = _mm512_loadu_si512(ids + 16 * v);
    x1[v] = _mm512_set1_epi32(static_cast<int>(c1));
    x2[v] = _mm512_set1_epi32(static_cast<int>(c2));
    x3[v] = _mm512_set1_epi32(static_cast<int>(c3));
  }
  const __m512i m0 = _mm512_set1_epi32(static_cast<int>(0xD2511F53u));
  const __m512i m1 = _mm512_set1_epi32(static_cast<int>(0xCD9E8D57u));
  constexpr __mmask16 kOdd = 0xAAAA;
  uint32_t k0 = key0, k1 = key1;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    const __m512i kk0 = _mm512_set1_epi32(static_cast<int>(k0));
    const __m512i kk1 = _mm512_set1_epi32(static_cast<int>(k1));
    for (int v = 0; v < V; ++v) {
      const __m512i pe0 = _mm512_mul_epu32(x0[v], m0);
      const __m512i po0 = _mm512_mul_epu32(_mm512_srli_epi64(x0[v], 32), m0);
      const __m512i pe1 = _mm512_mul_epu32(x2[v], m1);
      const __m512i po1 = _mm512_mul_epu32(_mm512_srli_epi64(x2[v], 32), m1);
      const __m512i lo0 = _mm512_mask_blend_epi32(kOdd, pe0, _mm512_slli_epi64(po0, 32));
      const __m512i hi0 = _mm512_mask_blend_epi32(kOdd, _mm512_srli_epi64(pe0, 32), po0);
      const __m512i lo1 = _mm512_mask_blend_epi32(kOdd, pe1, _mm512_slli_epi64(po1, 32));
      const __m512i hi1 = _mm512_mask_blend_epi32(kOdd, _mm512_srli_epi64(pe1, 32), po1);
      x0[v] = _mm512_xor_si512(_mm512_xor_si512(hi1, x1[v]), kk0);
      x2[v] = _mm512_xor_si512(_mm512_xor_si512(hi0, x3[v]), kk1);
      x1[v] = lo1;
      x3[v] = lo0;
    }
  }
  for (int v = 0; v < V; ++v) _mm512_storeu_si512(out + 16 * v, x0[v]);
}
#pragma GCC diagnostic pop
#endif

bool use_avx512() noexcept {
#ifdef GOVSIM_PHILOX_AVX2
  return cpu_has_avx512() && g_force.load(std::memory_order_relaxed) < 1;
#else
  return false;
#endif
}

bool use_avx2() noexcept {
#ifdef GOVSIM_PHILOX_AVX2
  return cpu_has_avx2() && g_force.load(std::memory_order_relaxed) < 2;
#else
  return false;
#endif
}

}  // namespace

namespace detail {
void word0_batch_scalar(const CounterRng& rng, const uint32_t* ids, std::size_t n, uint32_t step,
                        uint32_t stream, uint32_t k, EntityClass cls, uint32_t* out) noexcept {
  for (std::size_t l = 0; l < n; ++l) out[l] = rng.words(ids[l], step, stream, k, cls)[0];
}
void word0_batch_force(int level) noexcept { g_force.store(level, std::memory_order_relaxed); }
}  // namespace detail

void word0_batch(const CounterRng& rng, const uint32_t* ids, std::size_t n, uint32_t step,
                 uint32_t stream, uint32_t k, EntityClass cls, uint32_t* out) noexcept {
  std::size_t l = 0;
#ifdef GOVSIM_PHILOX_AVX2
  if (n >= 32 && use_avx2()) {
    const CounterRng::Counter c = CounterRng::counter(0, step, stream, k, cls);
    const auto& key = rng.key();
    if (use_avx512())
      for (; l + 64 <= n; l += 64) philox_word0_avx512x64(ids + l, c[1], c[2], c[3], key[0], key[1], out + l);
    for (; l + 32 <= n; l += 32) philox_word0_avx2x32(ids + l, c[1], c[2], c[3], key[0], key[1], out + l);
  }
#endif
  detail::word0_batch_scalar(rng, ids + l, n - l, step, stream, k, cls, out + l);
}

void word0_batch_consecutive(const CounterRng& rng, uint32_t id0, std::size_t n, uint32_t step,
                             uint32_t stream, uint32_t k, EntityClass cls, uint32_t* out) noexcept {
  uint32_t ids[128];
  for (std::size_t l = 0; l < n; l += 128) {
    const std::size_t m = n - l < 128 ? n - l : 128;
    for (std::size_t q = 0; q < m; ++q) ids[q] = id0 + static_cast<uint32_t>(l + q);
    word0_batch(rng, ids, m, step, stream, k, cls, out + l);
  }
}

const char* word0_batch_isa() noexcept {
  return use_avx512() && use_avx2() ? "avx512" : use_avx2() ? "avx2" : "scalar";
}

}  // namespace govsim::sim
