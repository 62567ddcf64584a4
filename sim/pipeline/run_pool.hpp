// File: sim/pipeline/run_pool.hpp
//
// The one batch executor: runs plan entries on this process, several at once, and makes each
// durable the moment it ends: the worker that finishes entry i builds its run file in memory
// and hands it to the pool's writer thread, which writes it, fsyncs it, renames it into place
// and fsyncs the folder (once for the files that arrived together) before it reports the
// completion; the worker goes on with the next run meanwhile, so a slow disk costs no compute
// time. The caller's thread only submits entry indices and collects completions, so it stays
// free for other duties (the MPI dispatcher polls messages between waits;
// MPI_THREAD_FUNNELED is enough).
//
// Concurrency: runs execute as tasks of one oneTBB arena of `threads` slots; their own parallel
// loops nest in it. When the model's memory estimate of every arm is below 64 MiB, up to
// `threads` runs execute at once, otherwise one at a time with all threads. Results never
// depend on either choice (counter-based random numbers).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/model/registry.hpp"
#include "sim/pipeline/plan.hpp"
#include "sim/pipeline/run_store.hpp"

namespace govsim::sim::pipeline {

struct PoolOptions {
  int threads = 0;           // 0 = all cores
  int concurrent_runs = 0;   // 0 = automatic (see above)
  const std::atomic<int>* stop_signal = nullptr;  // non-zero: running runs stop (Interrupted)
  // Steps finished by every run of the pool (called from the threads that run the models, at
  // any time: the callee must be thread-safe). Argument: steps completed since the last call.
  std::function<void(uint64_t)> on_steps;
};

struct Completion {
  enum class Status { kDone, kInterrupted, kFailed };
  std::size_t index = 0;
  Status status = Status::kDone;
  bool input_error = false;  // the failure was an InputError (a point the model refuses: exit 2)
  std::string message;       // failure text
  double seconds = 0.0;
};

class RunPool {
 public:
  RunPool(const Plan& plan, const ModelRegistry& registry, const RunStore& store,
          const PoolOptions& options);
  ~RunPool();  // waits for the runs in flight
  RunPool(const RunPool&) = delete;
  RunPool& operator=(const RunPool&) = delete;

  std::size_t capacity() const { return capacity_; }
  int threads() const { return threads_; }
  // Entries submitted and not yet completed (running, queued, or being made durable).
  std::size_t in_flight() const;
  // True when fewer than capacity() entries are running or queued to run.
  bool has_room() const;

  // Starts plan entry `index` on a worker thread.
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
int automatic_concurrency(const Plan& plan, const ModelRegistry& registry, int threads);

// The thread count a pool uses for `requested` (0 = all cores: oneTBB's default concurrency).
int resolve_threads(int requested);

}  // namespace govsim::sim::pipeline
