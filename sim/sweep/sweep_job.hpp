// File: sim/sweep/sweep_job.hpp
//
// A sweep in the one pipeline (sim/pipeline): its plan, and its results file. The results file
// is the pipeline's assembly (root attributes of kind "sweep", /runs/p<point>/r<replicate> for
// every run of the manifest, /arms) plus the sweep's own objects (docs/sweeps.md,
// docs/output-format.md): /design (the design matrix, factors, groups and, for sobol and morris
// designs, their structure), /manifest (point, replicate, run_seed, arm of every run) and the
// summaries of sweep_summary.hpp (/summary/points, /summary/sobol or /summary/morris).
#pragma once

#include <hdf5.h>

#include <functional>
#include <string>
#include <vector>

#include "sim/output/result_file.hpp"
#include "sim/pipeline/plan.hpp"
#include "sim/pipeline/run_store.hpp"
#include "sim/sweep/sweep_plan.hpp"
#include "sim/sweep/sweep_summary.hpp"

namespace govsim::sim::sweep {

// The pipeline plan of a sweep (finalized): one arm per design point (its name p000012, its
// overrides as detail), one entry per manifest run in manifest order, each with its point
// index; the sweep's hash. Throws std::logic_error if a manifest seed differs from the plan's.
pipeline::Plan to_pipeline_plan(const SweepPlan& sweep);

// Writes /design and /manifest of `sweep` into the open results file `file`. Throws h5::Failure.
void write_design_and_manifest(hid_t file, const SweepPlan& sweep);

// The SweepData of a sweep with the finals of its runs ([run] in manifest order).
SweepData sweep_data(const SweepPlan& sweep, const std::vector<pipeline::RunFinals>& finals);
// The same with the final names and values given ([run][final] in manifest order).
SweepData sweep_data(const SweepPlan& sweep, std::vector<std::string> finals,
                     std::vector<double> final_values);

struct AssembleOptions {
  std::string out_path;
  bool force = false;  // replace an existing results file
  Provenance provenance;
  std::function<void(std::size_t, std::size_t)> on_progress;  // (runs assembled, total)
};

// Assembles the sweep's results file from the store (every run of the manifest must be there).
// `plan` is to_pipeline_plan(sweep). Returns the data the summaries used.
SweepData assemble_sweep(const SweepPlan& sweep, const pipeline::Plan& plan,
                         const pipeline::RunStore& store, const AssembleOptions& options);

}  // namespace govsim::sim::sweep
