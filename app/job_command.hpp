// File: app/job_command.hpp
//
// What `govsim run`, `compare` and `sweep` share: each command only builds a plan
// (sim/pipeline/plan.hpp) and says how to report; this runs it through the one pipeline:
//   - a run store "<out>.d/" where every finished run is durable at once, --resume, --force,
//     --keep-runs (sim/pipeline/job.hpp);
//   - on this process's threads, or on every MPI rank when started by mpirun/srun
//     (sim/mpi/mpi_executor.hpp; rank 0 hands out runs, every rank runs and writes them, rank 0
//     assembles and reports);
//   - a progress line (steps for run/compare, runs for sweeps) on a terminal;
//   - the interrupt contract: SIGINT/SIGTERM stop the runs at their next step, the finished
//     runs stay in the store (run/compare also get them in "<stem>.partial.h5", marked
//     complete="false"), the message says so and how to resume, exit 130/143; a failed run
//     stops the job the same way (exit 2 for bad input, 1 otherwise);
//   - at the end the results file is assembled from the store in plan order and the store is
//     removed.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/app_context.hpp"
#include "sim/pipeline/assemble.hpp"
#include "sim/pipeline/plan.hpp"

namespace govsim::app {

// Command-line flags every plan-running command has.
struct JobFlags {
  std::string output;        // -o
  int threads = 0;           // -t
  int concurrent_runs = 0;   // --concurrent-runs
  bool force = false;
  bool resume = false;
  bool keep_runs = false;
  bool dry_run = false;
  double max_memory_gb = 0.0;
};

// Registers the shared flags on a subcommand (`noun`: "run", "comparison", "sweep").
void add_job_flags(CLI::App* cmd, JobFlags& flags, const std::string& noun);

// What a command builds (on every rank under MPI).
struct JobSpec {
  sim::pipeline::Plan plan;  // finalized
  std::string out_path;
  std::string input_file;
  std::string resume_command;       // shown after an interruption
  bool partial_file = false;        // run/compare: also keep finished runs in <stem>.partial.h5
  bool quiet_runs = false;          // sweep: per-run engine messages only with -v
  bool progress_in_steps = false;   // run/compare: progress in steps (a single run shows too)
  std::string baseline;             // compare: the arm the others are paired with
  std::vector<sim::Materiality> materiality;  // the model's margins: /summary/materiality
  // --dry-run: prints (root only) instead of running. Empty: the command has none.
  std::function<void()> dry_run;
  // Writes the results file; returns the finals (plan order). Empty: the generic assembly with
  // the run/compare summary tables.
  std::function<std::vector<sim::pipeline::RunFinals>(const sim::pipeline::Plan&,
                                                      const sim::pipeline::RunStore&,
                                                      const sim::pipeline::AssembleOptions&)>
      assemble;
  // Prints the summary after a successful job (root only).
  std::function<void(const std::vector<sim::pipeline::RunFinals>&)> report;
};

// Builds the command's JobSpec (may throw InputError) and runs it. Returns the exit status.
int run_job_command(AppContext& ctx, const JobFlags& flags, const std::function<JobSpec()>& build);

// Default output path for a scenario, comparison or sweep name: "<name>.h5".
std::string default_output(const std::string& name);

// "12 s", "3.4 min", "0.6 s", "under 0.1 s", ...
std::string human_seconds(double s);

}  // namespace govsim::app
