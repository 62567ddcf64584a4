// File: sim/sweep/sweep_summary.hpp
//
// Summaries of a sweep's final values, computed the same way at the end of `govsim sweep`
// (stored under /summary) and by `govsim summarize` (from the file):
//   /summary/points   rows = points (p000000, ...); columns <final>.mean, .ci_lo, .ci_hi, .n:
//                     mean over replicates with a Student-t 95% interval (NaN values dropped)
//   /summary/sobol    rows = groups; columns <final>.S1, .S1_lo, .S1_hi, .ST, .ST_lo, .ST_hi,
//                     .n (base samples used) — first-order and total indices of the mean over
//                     replicates, 95% percentile-bootstrap intervals (sim/design/sensitivity.hpp)
//   /summary/morris   rows = groups; columns <final>.mu, .mu_star, .mu_star_lo, .mu_star_hi,
//                     .sigma, .sigma_lo, .sigma_hi, .n (trajectories used); elementary effects
//                     in output units per full range of the group's factors
// The bootstrap uses the sweep seed and the final's position as its stream, so summaries are
// reproducible.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "sim/design/design.hpp"
#include "sim/output/table.hpp"

namespace govsim::sim::sweep {

// What the summaries need, from a plan and its runs or from a sweep results file.
struct SweepData {
  std::string name;
  std::string model;
  design::Kind kind = design::Kind::kGrid;
  uint64_t seed = 0;
  uint32_t replicates = 0;
  std::vector<std::string> columns;  // parameter paths
  std::vector<std::string> groups;   // group names (sobol/morris)
  std::vector<std::string> arms;     // point names
  std::vector<double> values;        // [points][columns]
  design::SaltelliDesign saltelli;   // structure only (unit may be empty)
  design::MorrisDesign morris;       // structure only
  std::vector<uint64_t> run_point;   // per run
  std::vector<uint32_t> run_replicate;
  std::vector<std::string> finals;   // final value names
  std::vector<double> final_values;  // [run][final]
};

using Table = sim::Table;  // "/summary/points", ...

// The summary tables of `data` (points, and sobol or morris for those designs).
std::vector<Table> summary_tables(const SweepData& data);

// Mean over replicates of each final per point: [points][finals] (NaN if no finite value).
std::vector<double> point_means(const SweepData& data);

// Prints the tables for the finals in `wanted` (all when empty); the per-point tables show at
// most `max_points` points (0 = all).
void print_summary(std::ostream& out, const SweepData& data, const std::vector<std::string>& wanted,
                   std::size_t max_points = 0);

// Reads a sweep results file written by `govsim sweep` (InputError if it is not one).
SweepData read_sweep_file(const std::string& path);

}  // namespace govsim::sim::sweep
