// File: models/governance/passes/trust.hpp
//
// Trust (spec 4.6.7; docs/ODD.md 3.7). E+ and E− are the sums of the weights of 4.6.1–4.6.5.
//   R1e update_institutional_trust (R3's first half, moved into R1e: nothing between reads TI;
//       ODD decision 13): TI ← clip(TI + lam_pos(1 − TI)E+ − lam_neg·TI·E−, 0, 1).
//   R3  match_and_talk, per community: a uniform random perfect matching (each resident draws
//       u; residents sorted by (u, id); pairs (0,1), (2,3), ...; an odd last one is unmatched).
//       Each pair draws once (id min(i, partner)): w.p. p_talk and |ΔTI| < d_T both move mu_T
//       toward each other, from their post-experience values (E38; Deffuant kernel).
//   R3  TS ← clip(TS + lam_S(1 − TS)·y_i·[a ≥ 1] + delta_S(TS0 − TS), 0, 1), y_i = share of
//       neighbours with a ≥ 1 at t (0 if isolated): computed by the fused neighbour pull
//       (neighbour_pull.hpp) with ts_update below.
// Reads (cur): TI (t−1), the step's E+ and E−, p_talk, d_T, mu_T. Writes (next): TI(t).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "models/governance/params.hpp"
#include "models/governance/passes/experience.hpp"
#include "models/governance/passes/step_context.hpp"
#include "models/kernels/math.hpp"

namespace govsim::models::governance {

// Post-experience TI (before the matching).
inline double ti_update(const Params& p, double TI, double Eplus, double Eminus) {
  return kernels::clip01(TI + p.lam_pos * (1.0 - TI) * Eplus - p.lam_neg * TI * Eminus);
}
inline double ts_update(const Params& p, double TS, double y, bool acted) {
  return kernels::clip01(TS + p.lam_S * (1.0 - TS) * y * (acted ? 1.0 : 0.0) +
                         p.delta_S * (p.TS0 - TS));
}

// Uniform random perfect matching of one community: positions sorted by key (u-word << 32 | id);
// pairs (0,1), (2,3), ...; an odd last one is unmatched. Returns the pairs as local indices.
inline std::vector<std::pair<uint32_t, uint32_t>> random_matching(std::span<const uint64_t> keys) {
  std::vector<std::pair<uint64_t, uint32_t>> order(keys.size());
  for (uint32_t i = 0; i < keys.size(); ++i) order[i] = {keys[i], i};
  std::sort(order.begin(), order.end());
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  pairs.reserve(keys.size() / 2);
  for (std::size_t k = 0; k + 1 < order.size(); k += 2)
    pairs.emplace_back(order[k].second, order[k + 1].second);
  return pairs;
}

// The same matching as random_matching(keys) for keys[i] = pack_key(words[i], id_i) whenever the
// ids ascend with the local index i (positions of a community are in original-id order, Layout):
// ordering by (word, id) is then ordering by (word, i). A least-significant-digit radix sort of
// (word << 32 | i) on the four bytes of the word (passes whose byte is the same for all are
// skipped) replaces the comparison sort (docs/performance.md: std::sort of these pairs was
// about 10 % of a step). `a`, `b` and `pairs` are scratch, reused by the caller.
inline void random_matching_words(std::span<const uint32_t> words, std::vector<uint64_t>& a,
                                  std::vector<uint64_t>& b,
                                  std::vector<std::pair<uint32_t, uint32_t>>& pairs) {
  const std::size_t n = words.size();
  a.resize(n);
  b.resize(n);
  std::array<std::array<uint32_t, 256>, 4> hist{};
  for (std::size_t i = 0; i < n; ++i) {
    const uint32_t w = words[i];
    a[i] = (static_cast<uint64_t>(w) << 32) | static_cast<uint32_t>(i);
    for (uint32_t d = 0; d < 4; ++d) ++hist[d][(w >> (8 * d)) & 255u];
  }
  for (uint32_t d = 0; d < 4 && n > 1; ++d) {
    const uint32_t shift = 32 + 8 * d;
    auto& h = hist[d];
    if (h[(a[0] >> shift) & 255u] == n) continue;
    uint32_t sum = 0;
    for (auto& x : h) {
      const uint32_t c = x;
      x = sum;
      sum += c;
    }
    for (std::size_t i = 0; i < n; ++i) b[h[(a[i] >> shift) & 255u]++] = a[i];
    a.swap(b);
  }
  pairs.clear();
  for (std::size_t k = 0; k + 1 < n; k += 2)
    pairs.emplace_back(static_cast<uint32_t>(a[k]), static_cast<uint32_t>(a[k + 1]));
}

// R1e: a resident's post-experience TI, after every E+ and E− of its turn (R3 matches it).
struct TrustRule {
  const Params* p;
  float* TI;
  void apply(uint32_t i, const Experience& x) const {
    TI[i] = static_cast<float>(ti_update(*p, TI[i], x.gain, x.loss));
  }
};
inline TrustRule trust_rule(const StepContext& s, const Block& b, Residents& r) {
  return {&s.params[b.c], r.institutional_trust.data()};
}
// R3: every community's matching and trust talks, on the post-experience TI, in place.
void match_and_talk(const StepContext& s, Residents& r);

}  // namespace govsim::models::governance
