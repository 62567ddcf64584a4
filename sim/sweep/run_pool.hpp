// File: sim/sweep/run_pool.hpp
//
// Executes sweep runs on this process, several at once, and makes each durable the moment it
// ends: the worker that finishes run i writes its per-run file (RunStore::write_run) before it
// reports the completion. The caller's thread only submits run indices and collects
// completions, so it stays free for other duties (the MPI dispatcher polls messages between
// waits; MPI_THREAD_FUNNELED is enough).
//
// Concurrency: runs execute as tasks of one oneTBB arena of `threads` slots; their own parallel
// loops nest in it. When the model's memory estimate of every point is below 64 MiB, up to
// `threads` runs execute at once, otherwise one at a time with all threads (as run_batch).
// Results never depend on either choice (counter-based random numbers).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sim/model/registry.hpp"
#include "sim/sweep/run_store.hpp"
#include "sim/sweep/sweep_plan.hpp"

namespace govsim::sim::sweep {

struct PoolOptions {
  int threads = 0;           // 0 = all cores
  int concurrent_runs = 0;   // 0 = automatic (see above)
  const std::atomic<int>* stop_signal = nullptr;  // non-zero: running runs stop (Interrupted)
};

struct Completion {
  enum class Status { kDone, kInterrupted, kFailed };
  std::size_t index = 0;
  Status status = Status::kDone;
  bool input_error = false;  // the failure was an InputError (bad point: exit 2)
  std::string message;       // failure text
  double seconds = 0.0;
};

class RunPool {
 public:
  RunPool(const SweepPlan& plan, const ModelRegistry& registry, const RunStore& store,
          const PoolOptions& options);
  ~RunPool();  // waits for the runs in flight
  RunPool(const RunPool&) = delete;
  RunPool& operator=(const RunPool&) = delete;

  std::size_t capacity() const { return capacity_; }
  int threads() const { return threads_; }
  std::size_t in_flight() const;
  bool has_room() const { return in_flight() < capacity_; }

  // Starts run `index` (manifest index) on a worker thread.
  void submit(std::size_t index);
  // Waits until a run completes or `timeout` passes; returns every completion not yet returned.
  std::vector<Completion> wait(std::chrono::milliseconds timeout);
  // Waits for every run in flight and returns their completions.
  std::vector<Completion> drain();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::size_t capacity_ = 1;
  int threads_ = 1;
};

// Number of runs the automatic rule runs at once for `plan` with `threads` threads.
int automatic_concurrency(const SweepPlan& plan, const ModelRegistry& registry, int threads);

struct LocalOutcome {
  std::size_t done = 0;          // runs finished (and durable) in this call
  int interrupted_by = 0;        // signal number, 0 = not interrupted
  bool failed = false;
  bool input_error = false;
  std::string failure;           // first failure, with the run it came from
};

// Runs `todo` (manifest indices, in that order) on this process. `on_done(done, total)` is
// called on the calling thread after each completion.
LocalOutcome run_local(const SweepPlan& plan, const ModelRegistry& registry,
                       const RunStore& store, const std::vector<std::size_t>& todo,
                       const PoolOptions& options,
                       const std::function<void(std::size_t, std::size_t)>& on_done = {});

// "point p000012 replicate 3 (params.theta_mu=0.5, network.k=4)"
std::string describe_run(const SweepPlan& plan, std::size_t index);

}  // namespace govsim::sim::sweep
