// File: models/governance/passes/neighbour_pull.hpp
//
// One pull over the resident network that serves three submodels (a fused pass: the step's
// only walk over the arcs, see GovernanceModel::step; docs/ODD.md 1.3, 3.4, 3.5, 3.7). For
// every resident j it reads the neighbours' activity code (written by R1e of step t, final)
// and computes
//   - R3's y_j = share of neighbours with a ≥ 1, and the TS update (4.6.7, ts_update);
//   - R1a's counts for x_j(t+1) (4.6.4): neighbours with last_vol in [t+1−L_signal, t] and
//     neighbours with last_mob but not last_vol there — the window of step t+1's signal, final
//     after R1e of t (the activity code's bits 0 and 1, volunteering.hpp);
//   - on imitation steps also R2a's group share (4.6.6): the sum of contrib_l/(k_l + 1) over
//     G_j in row order, times group_return/(k_j + 1).
// TS is read by nothing before R3, and no count writes what another reads, so the values are
// the same bits as separate pulls (docs/performance.md, second round, changes 2 and 3).
// Reads (cur): activity, act, contribution, grids' coverage, TS. Writes (next): TS,
// recent_volunteers, recent_mobilised, and group_share when with_shares.
#pragma once

namespace govsim::models::governance {

struct StepContext;
struct Grids;
struct Residents;

void pull_neighbour_activity(const StepContext& s, const Grids& grids, bool with_shares,
                             Residents& r);

}  // namespace govsim::models::governance
