// File: models/governance/passes/neighbour_pull.hpp
//
// The neighbour counts of three submodels and R3's TS update (docs/ODD.md 1.3, 3.4, 3.5, 3.7;
// decision 38 for the incremental counts). After R1e of step t, each resident's activity code
// (volunteering.hpp: bit 0 last_vol in [t+1−L_signal, t], bit 1 last_mob there, bit 2 a ≥ 1) is
// final. Every resident j keeps, in one 64-bit word (Residents::neighbour_activity), the counts
// over its neighbours of
//   - a ≥ 1 at t: R3's y_j = acting/k_j for the TS update (4.6.7, ts_update);
//   - last_vol in [t+1−L_signal, t], and last_mob but not last_vol there: R1a's counts for
//     x_j(t+1) (4.6.4; the window of step t+1, final after R1e of t).
// Incremental counts (spec 4.6.7 as decided in issue 18, "(c) in its exact form"): the word
// changes by kCodeCounts[new] − kCodeCounts[old] for every neighbour whose code changed since
// the counts last saw it (activity_counted). These are integer additions modulo 2^64, so their
// result cannot depend on their order: rule 0.2's "pulled, never pushed" is relaxed for them
// only. Two sweeps, without atomics or locks. With one thread, sweep 1 adds each change to the
// words of all the resident's neighbours and sweep 2 only reads them. With more threads:
//   1. per community (one task each): a resident whose code changed adds its change to the
//      words of its neighbours in the same community (pushed; only this task writes them),
//      and records the new code with the old one and a "changed" flag in activity_counted;
//   2. per resident: it adds the flagged changes of its neighbours in other communities to its
//      own word (pulled; few arcs: with positions in id order, the rows' ends), then TS below.
// The network is stored both ways (the residents whose rows hold i are those in i's row), so
// every count equals the count a full pull would make, bit for bit, for any thread count.
// Codes change for a few residents a step (those who act, and those whose four-week window
// ends), so the step no longer reads a code for every arc.
// Then for every resident, every step: TS ← clip(TS + lam_S(1 − TS)·y·[a ≥ 1] + delta_S(TS0 −
// TS), 0, 1): the decay toward TS0 for all; the gain term is exactly +0.0 where no neighbour
// acted (y = 0) or the resident did not act, so one formula gives the decay-only value there.
// On imitation steps the same sweep pulls R2a's group share (4.6.6): the sum of
// contrib_l/(k_l + 1) over G_j in row order, times group_return/(k_j + 1).
// Reads (cur): activity, act, contribution, grids' coverage, TS. Writes (next): TS,
// neighbour_activity, activity_counted, and group_share when with_shares.
// Limit: a count field holds up to 2^21 − 1 neighbours (kMaxDegree, checked by build_layout).
#pragma once

#include <cstdint>

namespace govsim::models::governance {

struct StepContext;
struct Grids;
struct Residents;

// Largest resident degree the packed counts hold.
inline constexpr uint32_t kMaxDegree = (1u << 21) - 1;

// The fields of Residents::neighbour_activity.
inline uint32_t acting_neighbours(uint64_t packed) { return static_cast<uint32_t>(packed >> 42); }
inline uint32_t recent_volunteer_neighbours(uint64_t packed) {
  return static_cast<uint32_t>((packed >> 21) & 0x1fffffu);
}
inline uint32_t recent_mobilised_neighbours(uint64_t packed) {
  return static_cast<uint32_t>(packed & 0x1fffffu);
}

void pull_neighbour_activity(const StepContext& s, const Grids& grids, bool with_shares,
                             Residents& r);

}  // namespace govsim::models::governance
