#include "sim/pipeline/executor.hpp"

#include "sim/pipeline/run_pool.hpp"

namespace govsim::sim::pipeline {

ExecOutcome Executor::execute_without_plan(const std::string& reason) {
  ExecOutcome out;
  out.failed = true;
  out.failure = reason;
  return out;
}

uint64_t total_steps(const Plan& plan, const std::vector<std::size_t>& todo) {
  uint64_t n = 0;
  for (std::size_t i : todo) n += plan.arm_of(i).scenario->steps;
  return n;
}

LocalExecutor::LocalExecutor(const ModelRegistry& registry, ExecutorOptions options)
    : registry_(registry), options_(options), threads_(resolve_threads(options.threads)) {}

ExecOutcome LocalExecutor::execute(const Plan& plan, const RunStore& store,
                                   const std::vector<std::size_t>& todo, const ExecHooks& hooks) {
  ExecOutcome out;
  PoolOptions po;
  po.threads = options_.threads;
  po.concurrent_runs = options_.concurrent_runs;
  po.stop_signal = options_.stop_signal;
  std::atomic<uint64_t> steps_done{0};
  const uint64_t steps_total = hooks.on_steps ? total_steps(plan, todo) : 0;
  if (hooks.on_steps)
    po.on_steps = [&](uint64_t n) { hooks.on_steps(steps_done.fetch_add(n) + n, steps_total); };
  auto stopped = [&] { return options_.stop_signal && options_.stop_signal->load() != 0; };
  {
    RunPool pool(plan, registry_, store, po);
    std::size_t next = 0;
    while (true) {
      while (!stopped() && !out.failed && next < todo.size() && pool.has_room())
        pool.submit(todo[next++]);
      if (pool.in_flight() == 0) break;
      for (const Completion& c : pool.wait(std::chrono::milliseconds(100))) {
        if (c.status == Completion::Status::kDone) {
          ++out.done;
          if (hooks.on_run) hooks.on_run(out.done, todo.size());
        } else if (c.status == Completion::Status::kFailed && !out.failed) {
          out.failed = true;
          out.input_error = c.input_error;
          out.failed_run = describe_run(plan, c.index);
          out.failure = c.message;
        }
      }
    }
  }
  if (stopped()) out.interrupted_by = options_.stop_signal->load();
  return out;
}

}  // namespace govsim::sim::pipeline
