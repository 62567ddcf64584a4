// File: sim/sweep/assemble.hpp
//
// Assembles a sweep's per-run files into its results file, in manifest order, so that the file
// does not depend on which process ran which run or in which order runs finished. Layout (see
// docs/sweeps.md and docs/output-format.md): the usual root attributes (kind "sweep", the
// resolved sweep as scenario_yaml), /runs/p<point>/r<replicate> for every run, /design,
// /manifest and /summary. The file is written as "<out>.d/assembled.h5", completed, fsynced and
// renamed to <out> (atomic on one file system).
#pragma once

#include <functional>
#include <string>

#include "sim/output/result_file.hpp"
#include "sim/sweep/run_store.hpp"
#include "sim/sweep/sweep_plan.hpp"
#include "sim/sweep/sweep_summary.hpp"

namespace govsim::sim::sweep {

struct AssembleOptions {
  std::string out_path;
  bool force = false;       // replace an existing <out>
  Provenance provenance;
  std::function<void(std::size_t, std::size_t)> on_progress;  // (runs assembled, total)
};

// Requires every run of the manifest in `store`. Returns the data the summaries use.
SweepData assemble_sweep(const SweepPlan& plan, const RunStore& store, const AssembleOptions& options);

// The SweepData of a plan with the given finals ([run][final] in manifest order).
SweepData sweep_data(const SweepPlan& plan, std::vector<std::string> finals,
                     std::vector<double> final_values);

}  // namespace govsim::sim::sweep
