// File: models/governance/passes/metrics.hpp
//
// Pass M, the per-step record (spec 4.10; docs/ODD.md 3.10): per community, numerators and
// denominators of every metric of metrics.hpp in ascending position order (integer counts, or
// double sums in a fixed order: the same bits for any thread count), then the per-community and
// global values in ascending community order. Also keeps the committees' learning window sums
// (monthly shares, served, expired; for O0), the grids' final-window sums and the final-window
// P_vol by age band and Party status.
// Reads: everything the step wrote. Writes: MetricState, Committee window sums, Grids window
// sums. At initialisation it runs with t = −1 (row 0: no step yet).
#pragma once

#include <vector>

namespace govsim::models::governance {

struct StepContext;
struct Committee;
struct Grids;
struct MetricState;
struct Organisations;
struct Residents;

void record_metrics(const StepContext& s, const Residents& r, const Organisations& org,
                    std::vector<Committee>& com, Grids& grids, MetricState& m);

}  // namespace govsim::models::governance
