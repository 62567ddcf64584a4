#include "models/governance/passes/neighbour_pull.hpp"

#include <oneapi/tbb/task_arena.h>

#include <array>
#include <atomic>

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

// The residents of block b whose code changed add the difference to their neighbours' words
// (modulo 2^64: a field that falls borrows from the next, and the sum of every change is the
// exact count again, whatever the order). Atomic only when other threads may add to the same
// word; the sums are the same either way.
template <bool Atomic>
void push_changes(const sim::CsrView& g, const Block& b, Residents& r) {
  const uint64_t* const off = g.offsets.data();
  const uint32_t* const tg = g.targets.data();
  const uint8_t* const code = r.activity.data();
  uint8_t* const counted = r.activity_counted.data();
  uint64_t* const words = r.neighbour_activity.data();
  for (uint32_t i = b.begin; i < b.end; ++i) {
    const uint8_t now = code[i], was = counted[i];
    if (now == was) continue;
    counted[i] = now;
    const uint64_t delta = kCodeCounts[now] - kCodeCounts[was];
    for (uint64_t k = off[i], e = off[i + 1]; k != e; ++k) {
      if constexpr (Atomic)
        std::atomic_ref<uint64_t>(words[tg[k]]).fetch_add(delta, std::memory_order_relaxed);
      else
        words[tg[k]] += delta;
    }
  }
}

// TS of every resident of block b from the counts and, WithShares, R2a's group share.
template <bool WithShares>
void update_block(const StepContext& s, const Grids& grids, const Block& b, Residents& r) {
  const Params& p = s.params[b.c];
  const uint64_t* const off = s.layout.g.offsets.data();
  const uint32_t* const tg = s.layout.g.targets.data();
  const uint64_t* const words = r.neighbour_activity.data();
  const uint8_t* const a = r.act.data();
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
    const uint32_t n_act = acting_neighbours(words[j]);
    const double y = deg ? static_cast<double>(n_act) / deg : 0.0;
    TS[j] = static_cast<float>(ts_update(p, TS[j], y, a[j] >= 1));
  }
}

}  // namespace

void pull_neighbour_activity(const StepContext& s, const Grids& grids, bool with_shares,
                             Residents& r) {
  // A barrier between the two sweeps: every change is added before any count is read.
  if (oneapi::tbb::this_task_arena::max_concurrency() > 1)
    for_each_block(s.layout, [&](const Block& b) { push_changes<true>(s.layout.g, b, r); });
  else
    for_each_block(s.layout, [&](const Block& b) { push_changes<false>(s.layout.g, b, r); });
  if (with_shares)
    for_each_block(s.layout, [&](const Block& b) { update_block<true>(s, grids, b, r); });
  else
    for_each_block(s.layout, [&](const Block& b) { update_block<false>(s, grids, b, r); });
}

}  // namespace govsim::models::governance
