#include "models/governance/passes/neighbour_pull.hpp"

#include <array>
#include <type_traits>

#include "models/governance/passes/public_goods.hpp"
#include "models/governance/passes/step_context.hpp"
#include "models/governance/passes/trust.hpp"

namespace govsim::models::governance {

namespace {

// activity code -> its contribution to (active, volunteered, only mobilised) neighbour counts, in
// the fields [42, 63), [21, 42), [0, 21) of a 64-bit sum.
constexpr std::array<uint64_t, 8> kCodeCounts = [] {
  std::array<uint64_t, 8> a{};
  for (uint32_t cl = 0; cl < 8; ++cl)
    a[cl] = (uint64_t{(cl >> 2) & 1u} << 42) | (uint64_t{cl & 1u} << 21) |
            uint64_t{(cl & 3u) == 2u ? 1u : 0u};
  return a;
}();
// Arcs of one block counted with prefix sums (32 KiB of stack); the fields of kCodeCounts hold
// up to 2^21 − 1, far above it.
constexpr uint64_t kArcBuffer = 4096;

// The counts (and, WithShares, the group share) of resident j, one row at a time.
template <bool WithShares>
void pull_row(const StepContext& s, const Grids& grids, uint32_t c, uint32_t j, Residents& r) {
  const Params& p = s.params[c];
  const sim::CsrView& g = s.layout.g;
  const float* pm = r.contribution.data();
  const uint8_t* code = r.activity.data();
  double pot = 0;
  if constexpr (WithShares) pot = static_cast<double>(pm[j]);
  // the three counts in 21-bit fields of one sum; a row of 2^21 or more arcs (no such resident
  // network is plausible) is counted field by field
  const uint32_t deg = g.degree(j);
  uint32_t n_act = 0, nv = 0, nm = 0;
  const uint64_t e = g.offsets[j + 1];
  if (deg < (1u << 21)) [[likely]] {
    uint64_t packed = 0;
    for (uint64_t k = g.offsets[j]; k != e; ++k) {
      const uint32_t l = g.targets[k];
      if constexpr (WithShares) pot += static_cast<double>(pm[l]);
      packed += kCodeCounts[code[l]];
    }
    n_act = static_cast<uint32_t>(packed >> 42);
    nv = static_cast<uint32_t>((packed >> 21) & 0x1fffffu);
    nm = static_cast<uint32_t>(packed & 0x1fffffu);
  } else {
    for (uint64_t k = g.offsets[j]; k != e; ++k) {
      const uint32_t l = g.targets[k];
      if constexpr (WithShares) pot += static_cast<double>(pm[l]);
      n_act += (code[l] >> 2) & 1u;
      nv += code[l] & 1u;
      nm += (code[l] & 3u) == 2u ? 1u : 0u;
    }
  }
  if constexpr (WithShares) {
    const double rj = group_return(p, s.layout.mean_degree,
                                   grids.coverage[static_cast<uint32_t>(s.layout.grid[j])]);
    r.group_share[j] = static_cast<float>(rj * pot / static_cast<double>(deg + 1));
  }
  r.recent_volunteers[j] = nv;
  r.recent_mobilised[j] = nm;
  const double y = deg ? static_cast<double>(n_act) / deg : 0.0;
  r.social_trust[j] = static_cast<float>(ts_update(p, r.social_trust[j], y, r.act[j] >= 1));
}

// Only the counts: the block's arcs in one flat loop with a running packed sum (no mispredicted
// branch at each row's end), a row's counts as the difference of the sums at its ends; integer
// sums, so the same counts. A block with more arcs than the buffer (rows of very high degree)
// is counted row by row.
void pull_block_counts(const StepContext& s, const Grids& grids, const Block& b, Residents& r) {
  const sim::CsrView& g = s.layout.g;
  const uint64_t* const off = g.offsets.data();
  const uint32_t* const tg = g.targets.data();
  const uint8_t* const code = r.activity.data();
  const uint64_t k0 = off[b.begin], k1 = off[b.end];
  if (k1 - k0 > kArcBuffer) {
    for (uint32_t j = b.begin; j < b.end; ++j) pull_row<false>(s, grids, b.c, j, r);
    return;
  }
  const Params& p = s.params[b.c];
  uint64_t pre[kArcBuffer + 1];
  uint64_t run = 0;
  pre[0] = 0;
  for (uint64_t k = k0; k < k1; ++k) {
    run += kCodeCounts[code[tg[k]]];
    pre[k - k0 + 1] = run;
  }
  const uint8_t* const a = r.act.data();
  float* const TS = r.social_trust.data();
  uint32_t* const sig_nv = r.recent_volunteers.data();
  uint32_t* const sig_nm = r.recent_mobilised.data();
  for (uint32_t j = b.begin; j < b.end; ++j) {
    const uint64_t packed = pre[off[j + 1] - k0] - pre[off[j] - k0];
    const auto n_act = static_cast<uint32_t>(packed >> 42);
    sig_nv[j] = static_cast<uint32_t>((packed >> 21) & 0x1fffffu);
    sig_nm[j] = static_cast<uint32_t>(packed & 0x1fffffu);
    const auto deg = static_cast<uint32_t>(off[j + 1] - off[j]);
    const double y = deg ? static_cast<double>(n_act) / deg : 0.0;
    TS[j] = static_cast<float>(ts_update(p, TS[j], y, a[j] >= 1));
  }
}

}  // namespace

void pull_neighbour_activity(const StepContext& s, const Grids& grids, bool with_shares,
                             Residents& r) {
  if (with_shares)
    for_each_resident(s.layout,
                      [&](uint32_t c, uint32_t j) { pull_row<true>(s, grids, c, j, r); });
  else
    for_each_block(s.layout, [&](const Block& b) { pull_block_counts(s, grids, b, r); });
}

}  // namespace govsim::models::governance
