#include "models/governance/passes/neighbour_pull.hpp"

#include <oneapi/tbb/task_arena.h>

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

// activity_counted holds the code the words hold (bits 0-2); sweep 1 of a step that changes
// it also keeps the code it replaced (bits 4-6) and a flag (bit 7), so that sweep 2 can pull the
// change without another sweep to copy the codes. kChange[byte]: the change a neighbour's words
// take (0 without the flag).
constexpr uint8_t kChanged = 0x80;
constexpr std::array<uint64_t, 256> kChange = [] {
  std::array<uint64_t, 256> a{};
  for (uint32_t v = 0; v < 256; ++v)
    a[v] = (v & kChanged) ? kCodeCounts[v & 7u] - kCodeCounts[(v >> 4) & 7u] : 0;
  return a;
}();

// One thread: a resident whose code changed adds the change to the words of all its
// neighbours (no other thread writes them; no cross-community pull needed).
void push_to_all(const sim::CsrView& g, const Block& b, Residents& r) {
  const uint64_t* const off = g.offsets.data();
  const uint32_t* const tg = g.targets.data();
  const uint8_t* const code = r.activity.data();
  uint8_t* const counted = r.activity_counted.data();
  uint64_t* const words = r.neighbour_activity.data();
  for (uint32_t i = b.begin; i < b.end; ++i) {
    const uint32_t now = code[i], was = counted[i] & 7u;
    counted[i] = static_cast<uint8_t>(now);
    if (now == was) continue;
    const uint64_t delta = kCodeCounts[now] - kCodeCounts[was];
    for (uint64_t k = off[i], e = off[i + 1]; k != e; ++k) words[tg[k]] += delta;
  }
}

// Sweep 1, community c (one task): a resident whose code changed adds the change to the words
// of its neighbours in c (modulo 2^64: a field that falls borrows from the next, and the sum of
// every change is the exact count again, whatever the order); only this task writes them now.
void push_within_community(const Layout& L, uint32_t c, Residents& r) {
  const uint64_t* const off = L.g.offsets.data();
  const uint32_t* const tg = L.g.targets.data();
  const uint8_t* const code = r.activity.data();
  uint8_t* const counted = r.activity_counted.data();
  uint64_t* const words = r.neighbour_activity.data();
  const uint32_t cb = L.comm_begin[c], cn = L.comm_begin[c + 1] - cb;
  for (uint32_t i = cb; i < cb + cn; ++i) {
    const uint32_t now = code[i], was = counted[i] & 7u;
    counted[i] = static_cast<uint8_t>(now == was ? now : (kChanged | (was << 4) | now));
    if (now == was) continue;
    const uint64_t delta = kCodeCounts[now] - kCodeCounts[was];
    for (uint64_t k = off[i], e = off[i + 1]; k != e; ++k)
      if (tg[k] - cb < cn) words[tg[k]] += delta;
  }
}

// TS of every resident of block b from the counts and, WithShares, R2a's group share.
template <bool WithShares, bool PullCross>
void update_block(const StepContext& s, const Grids& grids, const Block& b, Residents& r) {
  const Params& p = s.params[b.c];
  const uint64_t* const off = s.layout.g.offsets.data();
  const uint32_t* const tg = s.layout.g.targets.data();
  uint64_t* const words = r.neighbour_activity.data();
  const uint8_t* const a = r.act.data();
  const uint32_t cb = s.layout.comm_begin[b.c], cn = s.layout.comm_begin[b.c + 1] - cb;
  const uint8_t* const counted = r.activity_counted.data();
  const bool identity = s.layout.oid.empty();
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
    // Sweep 2: the changes of j's neighbours in other communities, pulled into j's own word.
    // With positions in original-id order (oid empty) a row is ascending: its arcs into c are
    // one run, the others lie before and after it; otherwise every arc is tested.
    uint64_t k = off[j], e = off[j + 1], cross = 0;
    if constexpr (!PullCross) {
    } else if (identity) {
      if (k != e && (tg[k] < cb || tg[e - 1] - cb >= cn)) {
        for (; k != e && tg[k] < cb; ++k) cross += kChange[counted[tg[k]]];
        for (; e != k && tg[e - 1] - cb >= cn; --e) cross += kChange[counted[tg[e - 1]]];
      }
    } else {
      for (; k != e; ++k)
        if (tg[k] - cb >= cn) cross += kChange[counted[tg[k]]];
    }
    words[j] += cross;
    const uint32_t n_act = acting_neighbours(words[j]);
    const double y = deg ? static_cast<double>(n_act) / deg : 0.0;
    TS[j] = static_cast<float>(ts_update(p, TS[j], y, a[j] >= 1));
  }
}

template <bool PullCross>
void update_all(const StepContext& s, const Grids& grids, bool with_shares, Residents& r) {
  if (with_shares)
    for_each_block(s.layout, [&](const Block& b) { update_block<true, PullCross>(s, grids, b, r); });
  else
    for_each_block(s.layout, [&](const Block& b) { update_block<false, PullCross>(s, grids, b, r); });
}

}  // namespace

void pull_neighbour_activity(const StepContext& s, const Grids& grids, bool with_shares,
                             Residents& r) {
  // Two sweeps separated by a barrier: the changes added, then each resident's TS. With one
  // thread every change is pushed to every neighbour; with more, changes are pushed within
  // each community by its own task and pulled across communities (the same sums).
  if (oneapi::tbb::this_task_arena::max_concurrency() == 1) {
    for_each_block(s.layout, [&](const Block& b) { push_to_all(s.layout.g, b, r); });
    update_all<false>(s, grids, with_shares, r);
  } else {
    for_each_community(s.layout, [&](uint32_t c) { push_within_community(s.layout, c, r); });
    update_all<true>(s, grids, with_shares, r);
  }
}

}  // namespace govsim::models::governance
