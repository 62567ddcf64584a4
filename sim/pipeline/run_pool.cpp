#include "sim/pipeline/run_pool.hpp"

#include <fmt/format.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "sim/core/error.hpp"

namespace govsim::sim::pipeline {

int resolve_threads(int requested) {
  return requested > 0 ? requested : std::max(1, oneapi::tbb::info::default_concurrency());
}

int automatic_concurrency(const Plan& plan, const ModelRegistry& registry, int threads) {
  if (plan.runs.size() < 2) return 1;
  // Several runs at once only when runs are small (< 64 MiB each): their parallel loops are
  // short, and side-by-side runs use the cores better.
  for (const auto& arm : plan.arms) {
    const ModelInfo* info = registry.find(arm.scenario->model);
    if (!info || !info->estimate_memory) return 1;
    if (info->estimate_memory(*arm.scenario) > (64ull << 20)) return 1;
  }
  return threads;
}

struct RunPool::Impl {
  const Plan& plan;
  const ModelRegistry& registry;
  const RunStore& store;
  PoolOptions options;
  std::unique_ptr<oneapi::tbb::global_control> limit;
  std::unique_ptr<oneapi::tbb::task_arena> arena;
  std::vector<std::thread> workers;

  mutable std::mutex mu;
  std::condition_variable cv_jobs;  // workers wait for jobs
  std::condition_variable cv_done;  // the caller waits for completions
  std::deque<std::size_t> jobs;
  std::deque<Completion> done;
  std::size_t in_flight = 0;
  bool shutdown = false;

  Impl(const Plan& p, const ModelRegistry& r, const RunStore& s, const PoolOptions& o)
      : plan(p), registry(r), store(s), options(o) {}

  RunResult run(std::size_t index) {
    const PlanEntry& e = plan.runs.at(index);
    const PlanArm& arm = plan.arms.at(e.arm);
    const ModelInfo* info = registry.find(arm.scenario->model);
    if (!info) throw std::logic_error("unregistered model " + arm.scenario->model);
    RunOptions ro;
    ro.threads = 0;  // inherit the arena
    ro.point = e.point;
    ro.crn = plan.crn;
    ro.stop_signal = options.stop_signal;
    uint32_t reported = 0;
    if (options.on_steps) {
      ro.on_step = [&](uint32_t done, uint32_t) {
        options.on_steps(done - reported);
        reported = done;
      };
    }
    RunResult result;
    arena->execute([&] { result = run_replicate(*info, arm.scenario, e.replicate, ro); });
    result.arm = arm.name;
    if (result.run_seed != e.run_seed)
      throw std::logic_error(fmt::format("run {}: run seed {} differs from the plan's {}", index,
                                         result.run_seed, e.run_seed));
    return result;
  }

  Completion execute(std::size_t index) {
    Completion c;
    c.index = index;
    const auto start = std::chrono::steady_clock::now();
    try {
      if (options.stop_signal && options.stop_signal->load() != 0)
        throw Interrupted(options.stop_signal->load());
      const RunResult result = run(index);
      store.write_run(plan, index, result);
      c.status = Completion::Status::kDone;
    } catch (const Interrupted&) {
      c.status = Completion::Status::kInterrupted;
    } catch (const InputError& e) {
      c.status = Completion::Status::kFailed;
      c.input_error = true;
      c.message = e.what();
    } catch (const std::exception& e) {
      c.status = Completion::Status::kFailed;
      c.message = e.what();
    }
    c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return c;
  }

  void worker_loop() {
    while (true) {
      std::size_t index = 0;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv_jobs.wait(lock, [&] { return shutdown || !jobs.empty(); });
        if (jobs.empty()) return;  // shutdown
        index = jobs.front();
        jobs.pop_front();
      }
      Completion c = execute(index);
      {
        std::lock_guard<std::mutex> lock(mu);
        done.push_back(std::move(c));
        --in_flight;
      }
      cv_done.notify_all();
    }
  }
};

RunPool::RunPool(const Plan& plan, const ModelRegistry& registry, const RunStore& store,
                 const PoolOptions& options)
    : impl_(std::make_unique<Impl>(plan, registry, store, options)) {
  threads_ = resolve_threads(options.threads);
  int c = options.concurrent_runs > 0 ? options.concurrent_runs
                                      : automatic_concurrency(plan, registry, threads_);
  c = std::clamp(c, 1, threads_);
  capacity_ = static_cast<std::size_t>(c);
  // oneTBB caps its workers at the core count; an explicit --threads above it (e.g. the
  // 8-thread determinism tests on a 2-core machine) must really run that many threads.
  if (options.threads > 0)
    impl_->limit = std::make_unique<oneapi::tbb::global_control>(
        oneapi::tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads_));
  // One slot per concurrent run for the threads that start runs; the rest for oneTBB workers
  // that help with the runs' parallel loops.
  impl_->arena = std::make_unique<oneapi::tbb::task_arena>(threads_, static_cast<unsigned>(c));
  for (int i = 0; i < c; ++i) impl_->workers.emplace_back([this] { impl_->worker_loop(); });
}

RunPool::~RunPool() {
  {
    std::unique_lock<std::mutex> lock(impl_->mu);
    impl_->jobs.clear();
    impl_->in_flight = 0;  // queued jobs are dropped; running ones finish below
    impl_->shutdown = true;
  }
  impl_->cv_jobs.notify_all();
  for (auto& t : impl_->workers) t.join();
}

std::size_t RunPool::in_flight() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->in_flight;
}

void RunPool::submit(std::size_t index) {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->jobs.push_back(index);
    ++impl_->in_flight;
  }
  impl_->cv_jobs.notify_one();
}

std::vector<Completion> RunPool::wait(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(impl_->mu);
  impl_->cv_done.wait_for(lock, timeout, [&] { return !impl_->done.empty(); });
  std::vector<Completion> out(std::make_move_iterator(impl_->done.begin()),
                              std::make_move_iterator(impl_->done.end()));
  impl_->done.clear();
  return out;
}

std::vector<Completion> RunPool::drain() {
  std::vector<Completion> out;
  std::unique_lock<std::mutex> lock(impl_->mu);
  impl_->cv_done.wait(lock, [&] { return impl_->in_flight == 0; });
  for (auto& c : impl_->done) out.push_back(std::move(c));
  impl_->done.clear();
  return out;
}

}  // namespace govsim::sim::pipeline
