#include "sim/sweep/run_pool.hpp"

#include <fmt/format.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <thread>

#include "sim/core/error.hpp"

namespace govsim::sim::sweep {

int automatic_concurrency(const SweepPlan& plan, const ModelRegistry& registry, int threads) {
  if (plan.runs.size() < 2) return 1;
  // Several runs at once only when runs are small (< 64 MiB each): their parallel loops are
  // short, and side-by-side runs use the cores better.
  for (const auto& pt : plan.points) {
    const ModelInfo* info = registry.find(pt.scenario->model);
    if (!info || !info->estimate_memory) return 1;
    if (info->estimate_memory(*pt.scenario) > (64ull << 20)) return 1;
  }
  return threads;
}

std::string describe_run(const SweepPlan& plan, std::size_t index) {
  const ManifestEntry& e = plan.runs.at(index);
  const SweepPoint& pt = plan.points.at(e.point);
  std::string ov;
  for (std::size_t i = 0; i < pt.overrides.size() && i < 8; ++i) ov += (i ? ", " : "") + pt.overrides[i];
  if (pt.overrides.size() > 8) ov += ", ...";
  return fmt::format("point {} replicate {}{}", pt.arm, e.replicate, ov.empty() ? "" : " (" + ov + ")");
}

struct RunPool::Impl {
  const SweepPlan& plan;
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

  Impl(const SweepPlan& p, const ModelRegistry& r, const RunStore& s, const PoolOptions& o)
      : plan(p), registry(r), store(s), options(o) {}

  Completion execute(std::size_t index) {
    Completion c;
    c.index = index;
    const auto start = std::chrono::steady_clock::now();
    try {
      if (options.stop_signal && options.stop_signal->load() != 0)
        throw Interrupted(options.stop_signal->load());
      const ManifestEntry& e = plan.runs.at(index);
      const SweepPoint& pt = plan.points.at(e.point);
      const ModelInfo* info = registry.find(pt.scenario->model);
      if (!info) throw std::logic_error("unregistered model " + pt.scenario->model);
      RunOptions ro;
      ro.threads = 0;  // inherit the arena
      ro.point = e.point;
      ro.crn = plan.crn;
      ro.stop_signal = options.stop_signal;
      RunResult result;
      arena->execute([&] { result = run_replicate(*info, pt.scenario, e.replicate, ro); });
      result.arm = pt.arm;
      if (result.run_seed != e.run_seed)
        throw std::logic_error(fmt::format("run {}: run seed {} differs from the manifest's {}",
                                           index, result.run_seed, e.run_seed));
      RunFileInfo fi;
      fi.sweep_name = plan.name;
      fi.model = plan.model;
      fi.hash = plan.hash;
      fi.index = index;
      fi.seed = plan.seed;
      fi.replicates = plan.replicates;
      fi.point_yaml = pt.scenario->resolved_yaml;
      fi.per_community = plan.output.per_community;
      store.write_run(result, fi);
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

RunPool::RunPool(const SweepPlan& plan, const ModelRegistry& registry, const RunStore& store,
                 const PoolOptions& options)
    : impl_(std::make_unique<Impl>(plan, registry, store, options)) {
  threads_ = options.threads > 0 ? options.threads : oneapi::tbb::info::default_concurrency();
  int c = options.concurrent_runs > 0 ? options.concurrent_runs
                                      : automatic_concurrency(plan, registry, threads_);
  c = std::clamp(c, 1, threads_);
  capacity_ = static_cast<std::size_t>(c);
  // oneTBB caps its workers at the core count; an explicit --threads above it must really run
  // that many threads.
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

LocalOutcome run_local(const SweepPlan& plan, const ModelRegistry& registry,
                       const RunStore& store, const std::vector<std::size_t>& todo,
                       const PoolOptions& options,
                       const std::function<void(std::size_t, std::size_t)>& on_done) {
  LocalOutcome out;
  RunPool pool(plan, registry, store, options);
  std::size_t next = 0;
  auto stopped = [&] { return options.stop_signal && options.stop_signal->load() != 0; };
  while (true) {
    while (!stopped() && !out.failed && next < todo.size() && pool.has_room())
      pool.submit(todo[next++]);
    if (pool.in_flight() == 0) break;
    for (const Completion& c : pool.wait(std::chrono::milliseconds(100))) {
      if (c.status == Completion::Status::kDone) {
        ++out.done;
        if (on_done) on_done(out.done, todo.size());
      } else if (c.status == Completion::Status::kFailed && !out.failed) {
        out.failed = true;
        out.input_error = c.input_error;
        out.failure = fmt::format("{}: {}", describe_run(plan, c.index), c.message);
      }
    }
  }
  if (stopped()) out.interrupted_by = options.stop_signal->load();
  return out;
}

}  // namespace govsim::sim::sweep
