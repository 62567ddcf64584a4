// File: sim/pipeline/job.hpp
//
// The one pipeline, as a library call: a plan goes into a run store, durable and resumable,
// on threads or MPI ranks, and the finals of every run come back in plan order.
//
//   // every rank (or the single process), e.g. one generation of a calibration:
//   std::vector<sim::pipeline::PlanPoint> proposals = ...;  // {name, scenario, global index}
//   sim::pipeline::Plan plan = sim::pipeline::points_plan("calibrate", proposals, replicates);
//   plan.name = "gen-0003";                         // crn = false: seeds follow the index
//   sim::pipeline::finalize(plan);
//   sim::pipeline::LocalExecutor ex(registry, {.threads = 0, .stop_signal = &stop});
//   // (under mpirun: sim::mpi::MpiExecutor ex(session, registry, options);)
//   sim::pipeline::JobOptions jo;
//   jo.store_dir = "calib.d/gen-0003";  jo.resume = true;  jo.read_finals = true;
//   sim::pipeline::JobResult r = sim::pipeline::run_job(ex, plan, jo);
//   if (r.complete()) use(r.finals);                // plan order, on every rank
//   else if (r.outcome.interrupted_by) ...;         // finished runs stay in the store
//
// run_job is collective (every rank calls it with the same plan). The root prepares the
// store: with `resume`, a store of the same plan (same hash) keeps its finished runs and only
// the missing ones run; a store of another plan, or of this plan changed since, is refused
// (InputError); without `resume`, an existing store is refused unless `force`, which discards
// it. An error on the root (InputError, OutputError) is thrown on every rank, same type and
// message. Runs that fail do not throw: JobResult::outcome says what happened.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/pipeline/executor.hpp"

namespace govsim::sim::pipeline {

struct JobOptions {
  std::string store_dir;     // the run store folder (required; its parent must exist)
  std::string input_file;    // the job's input file, recorded in the store's lock ("" allowed)
  std::string output_path;   // the results file the job will end in ("" = none): an existing
                             // one is refused unless `force` (with `resume`: "nothing to resume")
  bool resume = false;       // keep the finished runs of an existing store of this plan
  bool force = false;        // discard an existing store; replace an existing results file
  bool read_finals = false;  // fill JobResult::finals on every rank once every run is finished
  ExecHooks hooks;           // progress (root)
  // Notes for the user (root), e.g. "resuming NAME: 412 of 1000 runs are already finished;
  // 588 to run". Default: none.
  std::function<void(const std::string&)> on_note;
};

struct JobResult {
  ExecOutcome outcome;
  std::size_t runs = 0;      // runs in the plan
  std::size_t already = 0;   // runs finished before this call (resume)
  std::size_t finished = 0;  // runs finished now (already + outcome.done)
  bool resumed = false;      // an existing store of this plan was continued
  std::vector<RunFinals> finals;  // plan order (read_finals and complete only)

  bool complete() const { return finished == runs && !outcome.failed && outcome.interrupted_by == 0; }
};

// Runs `plan` (finalized) as described above.
JobResult run_job(Executor& executor, const Plan& plan, const JobOptions& options);

// The same, on a rank that could not build the plan (`reason`, e.g. the file it could not
// read): the job fails on every rank with that reason, or with the root's own error.
JobResult run_job_without_plan(Executor& executor, const std::string& reason, const JobOptions& options);

// The finals of every run of `plan` in `store`, in plan order (OutputError if one is missing).
std::vector<RunFinals> read_finals(const Plan& plan, const RunStore& store);

// The finished entries of `plan` in `store` (plan order).
std::vector<std::size_t> finished_runs(const Plan& plan, const RunStore& store);

// A noun for messages: "run", "comparison", "sweep", else the kind.
std::string job_noun(const std::string& kind);

}  // namespace govsim::sim::pipeline
