#include "sim/run/batch.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <map>
#include <optional>
#include <mutex>

#include "sim/core/error.hpp"

namespace govsim::sim {

namespace {

int choose_concurrency(const ModelRegistry& registry, const std::vector<RunTask>& tasks,
                       const BatchOptions& options, int threads) {
  if (options.concurrent_runs > 0) return options.concurrent_runs;
  if (tasks.size() < 2) return 1;
  // Several runs at once only when runs are small (< 64 MB each): then per-run parallel
  // loops are short and running runs side by side uses the cores better.
  for (const auto& t : tasks) {
    const ModelInfo* info = registry.find(t.scenario->model);
    if (!info || !info->estimate_memory) return 1;
    if (info->estimate_memory(*t.scenario) > (64ull << 20)) return 1;
  }
  return threads;
}

}  // namespace

void run_batch(const ModelRegistry& registry, const std::vector<RunTask>& tasks,
               const BatchOptions& options,
               const std::function<void(std::size_t, RunResult&&)>& consume) {
  const int threads = options.threads > 0 ? options.threads
                                          : oneapi::tbb::info::default_concurrency();
  const int concurrent = std::max(1, choose_concurrency(registry, tasks, options, threads));

  // oneTBB caps its workers at the core count; an explicit --threads above it (e.g. the
  // 8-thread determinism tests on a 2-core machine) must really run that many threads.
  std::optional<oneapi::tbb::global_control> limit;
  if (options.threads > 0)
    limit.emplace(oneapi::tbb::global_control::max_allowed_parallelism,
                  static_cast<std::size_t>(options.threads));
  uint64_t total_steps = 0;
  for (const auto& t : tasks) total_steps += t.scenario->steps;
  std::atomic<uint64_t> steps_done{0};

  std::mutex mu;
  std::map<std::size_t, RunResult> pending;
  std::size_t next = 0;
  std::size_t done = 0;
  bool interrupted = false;
  std::exception_ptr failure;

  auto one = [&](std::size_t i) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (interrupted || failure) return;
    }
    const RunTask& task = tasks[i];
    const ModelInfo* info = registry.find(task.scenario->model);
    if (!info) throw std::logic_error("unregistered model " + task.scenario->model);
    RunOptions ro;
    ro.threads = 0;  // inherit the arena
    ro.point = task.point;
    ro.crn = options.crn;
    ro.stop_signal = options.stop_signal;
    if (options.on_steps) {
      ro.on_step = [&](uint32_t, uint32_t) {
        options.on_steps(steps_done.fetch_add(1) + 1, total_steps);
      };
    }
    RunResult result;
    try {
      result = run_replicate(*info, task.scenario, task.replicate, ro);
    } catch (const Interrupted&) {
      std::lock_guard<std::mutex> lock(mu);
      interrupted = true;
      return;
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!failure) failure = std::current_exception();
      return;
    }
    result.arm = task.arm;
    std::lock_guard<std::mutex> lock(mu);
    pending.emplace(i, std::move(result));
    ++done;
    while (!pending.empty() && pending.begin()->first == next) {
      try {
        consume(next, std::move(pending.begin()->second));
      } catch (...) {
        if (!failure) failure = std::current_exception();
      }
      pending.erase(pending.begin());
      ++next;
    }
    if (options.on_progress) options.on_progress(done, tasks.size());
  };

  oneapi::tbb::task_arena arena(threads);
  arena.execute([&] {
    if (concurrent <= 1) {
      for (std::size_t i = 0; i < tasks.size(); ++i) {
        one(i);
        std::lock_guard<std::mutex> lock(mu);
        if (interrupted || failure) break;
      }
    } else {
      oneapi::tbb::parallel_for(
          oneapi::tbb::blocked_range<std::size_t>(0, tasks.size(), 1),
          [&](const oneapi::tbb::blocked_range<std::size_t>& r) {
            for (std::size_t i = r.begin(); i != r.end(); ++i) one(i);
          },
          oneapi::tbb::simple_partitioner{});
    }
  });
  if (failure) std::rethrow_exception(failure);
  if (interrupted || (options.stop_signal && options.stop_signal->load() != 0))
    throw Interrupted(options.stop_signal ? options.stop_signal->load() : 2);
}

}  // namespace govsim::sim
