// File: sim/calibrate/calibrate_job.hpp
//
// `govsim calibrate` as a library call: ABC-PMC (abc_pmc.hpp) driven over the one run
// pipeline (sim/pipeline/job.hpp). Every batch of proposals is a list design with crn: false
// (points_plan; point = the proposal's global index g * M + j) run by run_job into its own run
// store "<out>.d/gen-GGG-bBB/": each finished run is durable at once, and the same store is
// continued after a kill. The finals come back in plan order on every rank; every rank drives
// its own AbcPmc with them, so every rank issues the same next batch (proposals come only from
// the calibration's counter stream and the previous population: the same population for any
// thread count, rank count or order in which the runs finish).
//
// Resume: the loop is the same with or without --resume. A batch whose store exists is run
// with run_job's resume, which runs only the missing runs (none for a finished batch), so a
// resumed calibration replays the finished generations from their stores and continues where
// the kill struck; the population is the same as without the kill.
//
// Batch size (a pure function of the state, so that a resumed calibration builds the same
// plans): generation 0 runs N proposals; a later generation asks for
//   ceil(1.1 * (N - accepted) / r) proposals, r = (accepted + r0 N) / (evaluated + N),
//   r0 = max(floor, 0.7 * previous acceptance rate),
// at least N / 4 and at most 10 N and what the generation's stride M = ceil(N / floor) leaves.
//
// After each completed generation the root rewrites <out> (calibration_file.hpp) with every
// generation so far (finished = 0), and at the end with finished = 1 and the stop reason; then
// the stores are removed (unless keep_runs).
//
// The calibrator's own time (building proposals and their scenarios, weights, writing <out>:
// everything but run_job) is measured per generation (calibrator_seconds).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "sim/calibrate/calibration_file.hpp"
#include "sim/calibrate/calibration_spec.hpp"
#include "sim/pipeline/executor.hpp"

namespace govsim::sim::calibrate {

// What the progress line of one generation says (root).
struct GenerationReport {
  uint32_t generation = 0;
  double epsilon = 0.0;
  double acceptance_rate = 0.0;
  uint64_t proposals = 0;    // proposals up to the N-th acceptance
  std::size_t runs = 0;      // runs this generation ran or found finished
  double wall_seconds = 0.0;
  double calibrator_seconds = 0.0;
  double ess = 0.0;
  bool abandoned = false;    // acceptance below the floor: this generation was given up
  bool replayed = false;     // resumed: every run was in the stores; the times are those stored
};

struct CalibrateOptions {
  std::string out_path;       // calib.h5; the stores go to "<out>.d/"
  bool resume = false;
  bool force = false;
  bool keep_runs = false;
  Provenance provenance;      // command line, threads, ranks
  pipeline::ExecHooks hooks;  // per-run progress within a batch (root)
  std::function<void(const GenerationReport&)> on_generation;  // root
  std::function<void(const std::string&)> on_note;             // root
  // Test hook: called on every rank after each batch's runs (e.g. to simulate a kill).
  std::function<void(uint32_t generation, std::size_t batch)> after_batch;
};

struct CalibrateResult {
  bool complete = false;          // finished and written
  pipeline::ExecOutcome outcome;  // why not (interrupted, a failed run)
  std::size_t runs = 0;           // runs of every batch (finished or found)
  std::size_t runs_run = 0;       // runs this call ran
  std::string store_dir;          // "<out>.d"
  CalibrationRecord record;       // what was written last
};

// The store folder of a calibration's output: "<out>.d".
std::string calibration_store_dir(const std::string& out_path);

// Number of proposals in the next batch (see the file comment).
std::size_t next_batch_size(const AbcPmc& abc);

// Runs the calibration (collective under MPI: every rank calls it with the same spec).
// Throws InputError (an existing output or store without --resume/--force, a calibration
// changed since it was started, a proposal the model refuses) on every rank, OutputError when
// the output cannot be written.
CalibrateResult run_calibration(pipeline::Executor& executor, const Catalog& catalog,
                                const CalibrationSpec& spec, const CalibrateOptions& options);

}  // namespace govsim::sim::calibrate
