// File: sim/pipeline/executor.hpp
//
// An executor runs the entries of a plan into a run store, on the threads of this process
// (LocalExecutor, here) or on every rank of an MPI job (sim/mpi/mpi_executor.hpp). Both keep
// the same contract, so the data never depends on which one ran a plan, on the thread count or
// on the rank count:
//   - every finished run is durable in the store (its own fsynced file) before it counts as
//     done; a run that is interrupted or fails leaves nothing;
//   - entries are started in the order given; a stop signal (SIGINT/SIGTERM) stops the running
//     runs at their next step and starts no new one; the first failure stops the job the same
//     way (finished runs stay);
//   - execute() is collective: every rank calls it with the same plan, and every rank gets
//     the same outcome.
// Most callers use run_job (job.hpp), which adds the store's lock, resume and the finals.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/model/registry.hpp"
#include "sim/pipeline/plan.hpp"
#include "sim/pipeline/run_store.hpp"

namespace govsim::sim::pipeline {

struct ExecOutcome {
  std::size_t done = 0;      // runs finished (durable) by this call, over every rank
  int interrupted_by = 0;    // the signal that stopped the job (0 = not interrupted)
  bool failed = false;       // a run failed (or a rank could not take part)
  bool input_error = false;  // ... because of bad input (e.g. a point the model refuses: exit 2)
  std::string failed_run;    // the run of the first failure ("arm CM2 replicate 3"; "" if none)
  std::string failure;       // the first failure's message

  // "arm CM2 replicate 3: <message>" (or the message alone when no run is named).
  std::string described() const { return failed_run.empty() ? failure : failed_run + ": " + failure; }
};

// Progress callbacks (root only).
struct ExecHooks {
  // (runs done in this call, runs to do in this call); on the calling thread.
  std::function<void(std::size_t, std::size_t)> on_run;
  // (steps done, steps to do) over the runs of this process; from the threads that run the
  // models (thread-safe callee). Not called for runs on other ranks.
  std::function<void(uint64_t, uint64_t)> on_steps;
};

struct ExecutorOptions {
  int threads = 0;          // threads per process (0 = all cores; under MPI: the cores of the
                            // node divided by its ranks)
  int concurrent_runs = 0;  // runs at once per process (0 = automatic, see run_pool.hpp)
  const std::atomic<int>* stop_signal = nullptr;  // set by a signal handler: stop
};

class Executor {
 public:
  virtual ~Executor() = default;
  virtual int rank() const { return 0; }
  virtual int ranks() const { return 1; }
  bool is_root() const { return rank() == 0; }
  // Threads each process runs runs with.
  virtual int threads() const = 0;
  // Collective: every rank receives the root's `text`.
  virtual void broadcast(std::string& text) { (void)text; }
  // Collective: runs the entries `todo` (read on the root only) of `plan` into `store`.
  virtual ExecOutcome execute(const Plan& plan, const RunStore& store,
                              const std::vector<std::size_t>& todo, const ExecHooks& hooks) = 0;
  // Collective, on a rank that has no usable plan (it could not read the job's files, or read
  // different ones): takes part without running anything; the job fails with `reason`.
  virtual ExecOutcome execute_without_plan(const std::string& reason);
};

// Runs plans on the threads of this process.
class LocalExecutor final : public Executor {
 public:
  LocalExecutor(const ModelRegistry& registry, ExecutorOptions options = {});
  int threads() const override { return threads_; }
  ExecOutcome execute(const Plan& plan, const RunStore& store, const std::vector<std::size_t>& todo,
                      const ExecHooks& hooks) override;

 private:
  const ModelRegistry& registry_;
  ExecutorOptions options_;
  int threads_;
};

// Steps of the entries `todo` of `plan` (for progress in steps).
uint64_t total_steps(const Plan& plan, const std::vector<std::size_t>& todo);

}  // namespace govsim::sim::pipeline
