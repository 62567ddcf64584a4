// File: sim/run/batch.hpp
//
// Runs a list of runs (arms or design points × replicates) and hands each result, in task
// order, to a consumer (the results writer). Small runs execute several at a time (one oneTBB
// task per run, each with its own nested parallel loops); large runs one after another with
// all threads. Results do not depend on either choice (counter-based random numbers).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/registry.hpp"
#include "sim/run/runner.hpp"

namespace govsim::sim {

struct RunTask {
  std::string arm;           // arm or point name (the group name in the results file)
  ScenarioPtr scenario;
  uint32_t replicate = 0;
  std::optional<uint64_t> point;  // sweep point index
};

struct BatchOptions {
  int threads = 0;             // total threads (0 = all cores)
  int concurrent_runs = 0;     // runs at once (0 = automatic from the memory estimate)
  bool crn = true;
  const std::atomic<int>* stop_signal = nullptr;
  // Progress: (runs done, runs total), called after each finished run, one call at a time.
  std::function<void(std::size_t, std::size_t)> on_progress;
  // Progress within runs: (steps done over all runs, steps in all runs); called from the
  // threads that run the models, possibly concurrently (the callee must be thread-safe).
  std::function<void(uint64_t, uint64_t)> on_steps;
};

// Runs every task. `consume(i, result)` is called exactly once per finished task, in ascending
// task order, from one thread at a time. Throws Interrupted (after consuming every task that
// finished before the stop) when stop_signal becomes non-zero.
void run_batch(const ModelRegistry& registry, const std::vector<RunTask>& tasks,
               const BatchOptions& options,
               const std::function<void(std::size_t, RunResult&&)>& consume);

}  // namespace govsim::sim
