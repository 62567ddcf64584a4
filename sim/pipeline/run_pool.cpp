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
  std::thread writer;

  struct Encoded {  // a finished run waiting to be made durable
    std::size_t index = 0;
    std::vector<char> bytes;
    std::chrono::steady_clock::time_point start;
  };

  mutable std::mutex mu;
  std::condition_variable cv_jobs;    // workers wait for jobs
  std::condition_variable cv_writes;  // the writer waits for finished runs
  std::condition_variable cv_done;    // the caller waits for completions
  std::deque<std::size_t> jobs;
  std::deque<Encoded> writes;
  std::deque<Completion> done;
  std::size_t computing = 0;  // submitted, not yet finished computing
  std::size_t in_flight = 0;  // submitted, not yet completed (computing or being written)
  bool shutdown = false;
  bool workers_gone = false;

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
    result.arm = arm.group_name();
    if (result.run_seed != e.run_seed)
      throw std::logic_error(fmt::format("run {}: run seed {} differs from the plan's {}", index,
                                         result.run_seed, e.run_seed));
    return result;
  }

  static void fill_failure(Completion& c, std::exception_ptr e) {
    c.status = Completion::Status::kFailed;
    try {
      std::rethrow_exception(e);
    } catch (const Interrupted&) {
      c.status = Completion::Status::kInterrupted;
    } catch (const InputError& x) {
      c.input_error = true;
      c.message = x.what();
    } catch (const std::exception& x) {
      c.message = x.what();
    }
  }

  static double since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  // Computes entry `index` and encodes its run file; a failure completes it at once.
  void compute(std::size_t index) {
    const auto start = std::chrono::steady_clock::now();
    Encoded enc{index, {}, start};
    std::exception_ptr failure;
    try {
      if (options.stop_signal && options.stop_signal->load() != 0)
        throw Interrupted(options.stop_signal->load());
      enc.bytes = store.encode_run(plan, index, run(index));
    } catch (...) {
      failure = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(mu);
    --computing;
    if (failure) {
      Completion c;
      c.index = index;
      fill_failure(c, failure);
      c.seconds = since(start);
      done.push_back(std::move(c));
      --in_flight;
      cv_done.notify_all();
    } else {
      writes.push_back(std::move(enc));
      cv_writes.notify_one();
    }
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
      compute(index);
    }
  }

  // Makes finished runs durable, a batch at a time (one fsync of the folder per batch).
  void writer_loop() {
    while (true) {
      std::deque<Encoded> batch;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv_writes.wait(lock, [&] { return workers_gone || !writes.empty(); });
        if (writes.empty()) return;  // the workers are gone and everything is written
        batch.swap(writes);
      }
      std::vector<Completion> out;
      bool any = false;
      for (Encoded& e : batch) {
        Completion c;
        c.index = e.index;
        try {
          store.write_encoded(e.index, e.bytes, false);
          any = true;
        } catch (...) {
          fill_failure(c, std::current_exception());
        }
        c.seconds = since(e.start);
        out.push_back(std::move(c));
      }
      if (any) store.sync_folder();
      std::lock_guard<std::mutex> lock(mu);
      for (auto& c : out) done.push_back(std::move(c));
      in_flight -= out.size();
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
  impl_->writer = std::thread([this] { impl_->writer_loop(); });
}

RunPool::~RunPool() {
  {
    std::unique_lock<std::mutex> lock(impl_->mu);
    impl_->in_flight -= impl_->jobs.size();  // queued jobs are dropped; running ones finish
    impl_->computing -= impl_->jobs.size();
    impl_->jobs.clear();
    impl_->shutdown = true;
  }
  impl_->cv_jobs.notify_all();
  for (auto& t : impl_->workers) t.join();
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->workers_gone = true;  // the writer makes what is left durable, then ends
  }
  impl_->cv_writes.notify_all();
  impl_->writer.join();
}

std::size_t RunPool::in_flight() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->in_flight;
}

bool RunPool::has_room() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->computing < capacity_;
}

void RunPool::submit(std::size_t index) {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->jobs.push_back(index);
    ++impl_->in_flight;
    ++impl_->computing;
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
