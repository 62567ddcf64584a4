#include "models/governance/passes/neighbour_pull.hpp"

#include <algorithm>
#include <array>

#include "models/governance/passes/public_goods.hpp"
#include "models/governance/passes/step_context.hpp"
#include "models/governance/passes/trust.hpp"

namespace govsim::models::governance {

namespace {

// activity code -> its contribution to (acting, volunteered, only mobilised) neighbour counts,
// in the fields [42, 63), [21, 42), [0, 21) of a 64-bit word.
constexpr std::array<uint64_t, 8> kCodeCounts = [] {
  std::array<uint64_t, 8> a{};
  for (uint32_t cl = 0; cl < 8; ++cl)
    a[cl] = (uint64_t{(cl >> 2) & 1u} << 42) | (uint64_t{cl & 1u} << 21) |
            uint64_t{(cl & 3u) == 2u ? 1u : 0u};
  return a;
}();

// The residents of community c whose code changed add the difference to the words of their
// neighbours in c (modulo 2^64: a field that falls borrows from the next, and the sum of every
// change is the exact count again, whatever the order). One task per community, so no other
// task writes these words now: plain additions.
void push_within_community(const Layout& L, uint32_t c, Residents& r) {
  const uint64_t* const off = L.g.offsets.data();
  const uint32_t* const tg = L.g.targets.data();
  const uint8_t* const code = r.activity.data();
  const uint8_t* const counted = r.activity_counted.data();
  uint64_t* const words = r.neighbour_activity.data();
  const uint32_t cb = L.comm_begin[c], cn = L.comm_begin[c + 1] - cb;
  for (uint32_t i = cb; i < cb + cn; ++i) {
    const uint8_t now = code[i], was = counted[i];
    if (now == was) continue;
    const uint64_t delta = kCodeCounts[now] - kCodeCounts[was];
    for (uint64_t k = off[i], e = off[i + 1]; k != e; ++k)
      if (tg[k] - cb < cn) words[tg[k]] += delta;
  }
}

// The change of neighbour l as seen by its neighbours (0 when its code did not change).
inline uint64_t change_of(const uint8_t* code, const uint8_t* counted, uint32_t l) {
  return kCodeCounts[code[l]] - kCodeCounts[counted[l]];
}

// The changes of j's neighbours in other communities, pulled by j into its own word. With
// positions in original-id order (layout.oid empty) a row is ascending, so its arcs into c are
// one run and the others lie before and after it; otherwise every arc is tested.
uint64_t cross_community_changes(const Layout& L, uint32_t cb, uint32_t cn, uint32_t j,
                                 const Residents& r) {
  const uint32_t* const tg = L.g.targets.data();
  const uint8_t* const code = r.activity.data();
  const uint8_t* const counted = r.activity_counted.data();
  uint64_t k = L.g.offsets[j], e = L.g.offsets[j + 1];
  uint64_t sum = 0;
  if (L.oid.empty()) {
    for (; k != e && tg[k] < cb; ++k) sum += change_of(code, counted, tg[k]);
    for (; e != k && tg[e - 1] - cb >= cn; --e) sum += change_of(code, counted, tg[e - 1]);
  } else {
    for (; k != e; ++k)
      if (tg[k] - cb >= cn) sum += change_of(code, counted, tg[k]);
  }
  return sum;
}

// TS of every resident of block b from the counts and, WithShares, R2a's group share.
template <bool WithShares>
void update_block(const StepContext& s, const Grids& grids, const Block& b, Residents& r) {
  const Params& p = s.params[b.c];
  const uint64_t* const off = s.layout.g.offsets.data();
  const uint32_t* const tg = s.layout.g.targets.data();
  uint64_t* const words = r.neighbour_activity.data();
  const uint8_t* const a = r.act.data();
  const uint32_t cb = s.layout.comm_begin[b.c], cn = s.layout.comm_begin[b.c + 1] - cb;
  const float* const pm = r.contribution.data();
  float* const TS = r.social_trust.data();
  for (uint32_t j = b.begin; j < b.end; ++j) {
    const auto deg = static_cast<uint32_t>(off[j + 1] - off[j]);
    if constexpr (WithShares) {
      double pot = static_cast<double>(pm[j]);
      for (uint64_t k = off[j]; k != off[j + 1]; ++k) pot += static_cast<double>(pm[tg[k]]);
      const double rj = group_return(p, s.layout.mean_degree,
                                     grids.coverage[static_cast<uint32_t>(s.layout.grid[j])]);
      r.group_share[j] = static_cast<float>(rj * pot / static_cast<double>(deg + 1));
    }
    words[j] += cross_community_changes(s.layout, cb, cn, j, r);
    const uint32_t n_act = acting_neighbours(words[j]);
    const double y = deg ? static_cast<double>(n_act) / deg : 0.0;
    TS[j] = static_cast<float>(ts_update(p, TS[j], y, a[j] >= 1));
  }
}

}  // namespace

void pull_neighbour_activity(const StepContext& s, const Grids& grids, bool with_shares,
                             Residents& r) {
  // Three sweeps separated by barriers: changes within each community (pushed), then each
  // resident's changes from other communities (pulled) and its TS, then the codes counted.
  for_each_community(s.layout, [&](uint32_t c) { push_within_community(s.layout, c, r); });
  if (with_shares)
    for_each_block(s.layout, [&](const Block& b) { update_block<true>(s, grids, b, r); });
  else
    for_each_block(s.layout, [&](const Block& b) { update_block<false>(s, grids, b, r); });
  for_each_block(s.layout, [&](const Block& b) {
    std::copy(r.activity.begin() + b.begin, r.activity.begin() + b.end,
              r.activity_counted.begin() + b.begin);
  });
}

}  // namespace govsim::models::governance
