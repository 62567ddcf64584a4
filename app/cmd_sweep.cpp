// govsim sweep SWEEP.yaml -o sweep.h5 [--resume] [--force] [--dry-run]
// govsim summarize sweep.h5 [--final NAME]... [--all]
//
// A sweep expands its design into a manifest of runs (sim/sweep/sweep_plan.hpp), runs the
// missing ones, makes each durable as a per-run file in "<out>.d/" as soon as it ends
// (sim/sweep/run_store.hpp), and assembles them in manifest order into <out>
// (sim/sweep/assemble.hpp), with the design, the manifest and the summaries.
//
// MPI: launched by mpirun/srun (detected from OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_RANK; a
// plain run never initialises MPI), rank 0 checks the sweep, prepares the folder and hands out
// run indices on request (dynamic assignment, MPI_THREAD_FUNNELED: only main threads call
// MPI); every rank, rank 0 included, runs runs with its own thread pool and writes their
// per-run files into the shared folder; rank 0 assembles. The data is identical to a
// single-process sweep's because seeds come from the manifest and assembly follows it.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "app/app_context.hpp"
#include "app/execute.hpp"
#include "govsim/build_info.hpp"
#include "sim/core/error.hpp"
#include "sim/sweep/assemble.hpp"
#include "sim/sweep/run_pool.hpp"
#include "sim/sweep/run_store.hpp"
#include "sim/sweep/sweep_plan.hpp"
#include "sim/sweep/sweep_summary.hpp"

#if defined(GOVSIM_WITH_MPI) && GOVSIM_WITH_MPI
#include <mpi.h>
#define GOVSIM_SWEEP_MPI 1
#else
#define GOVSIM_SWEEP_MPI 0
#endif

namespace govsim::app {

namespace {

namespace fs = std::filesystem;
namespace sw = sim::sweep;

struct SweepArgs {
  std::string file;
  std::string output;
  int threads = 0;
  int concurrent_runs = 0;
  int64_t replicates = -1;
  std::vector<std::string> sets;
  bool force = false;
  bool resume = false;
  bool dry_run = false;
  bool keep_runs = false;
  double max_memory_gb = 0.0;
};

struct SummarizeArgs {
  std::string file;
  std::vector<std::string> finals;
  bool all = false;
  std::size_t max_points = 0;
};

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string human_seconds(double s) {
  if (!std::isfinite(s)) return "unknown";
  if (s < 120) return fmt::format("{:.0f} s", s);
  if (s < 7200) return fmt::format("{:.1f} min", s / 60);
  if (s < 172800) return fmt::format("{:.1f} h", s / 3600);
  return fmt::format("{:.1f} days", s / 86400);
}

// What rank 0 (or the single process) has checked and set up before runs start.
struct Prepared {
  sw::SweepPlan plan;
  std::string out;
  std::unique_ptr<sw::RunStore> store;
  std::vector<std::size_t> todo;  // manifest indices still to run
  std::size_t already = 0;        // finished before this call (resume)
  bool dry_run_done = false;
};

std::string resume_command(const SweepArgs& a, const std::string& out) {
  std::string cmd = fmt::format("govsim sweep {} -o {}", a.file, out);
  for (const auto& s : a.sets) cmd += fmt::format(" --set '{}'", s);
  if (a.replicates > 0) cmd += fmt::format(" --replicates {}", a.replicates);
  return cmd + " --resume";
}

void print_dry_run(const AppContext& ctx, const sw::SweepPlan& plan, const std::string& out,
                   int threads, int ranks) {
  const sim::ModelInfo* info = ctx.registry.find(plan.model);
  std::cout << fmt::format("# sweep {}: {} design over {} parameter(s)", plan.name,
                           sim::design::to_string(plan.kind), plan.columns.size());
  if (plan.kind == sim::design::Kind::kSobol || plan.kind == sim::design::Kind::kMorris)
    std::cout << fmt::format(" in {} group(s)", plan.groups.size());
  std::cout << "\n";
  std::cout << fmt::format("# base: {} (model {}); seed {}; crn {}\n", plan.base_file, plan.model,
                           plan.seed, plan.crn ? "true" : "false");
  std::cout << fmt::format("runs: {} ({} points x {} replicates)\n", plan.num_runs(),
                           plan.num_points(), plan.replicates);
  uint64_t bytes = 0;
  double cpu = 0.0;
  bool have_time = info && info->estimate_seconds;
  for (const auto& pt : plan.points) {
    if (info && info->estimate_memory) bytes = std::max(bytes, info->estimate_memory(*pt.scenario));
    if (have_time) cpu += info->estimate_seconds(*pt.scenario) * plan.replicates;
  }
  const int t = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (have_time) {
    std::cout << fmt::format(
        "time estimate: {} of single-core time; about {} with {} thread(s) x {} process(es) "
        "(model estimate, rough)\n",
        human_seconds(cpu), human_seconds(cpu / (t * std::max(1, ranks))), t, std::max(1, ranks));
  } else {
    std::cout << fmt::format("time estimate: unknown (model '{}' gives none)\n", plan.model);
  }
  std::cout << fmt::format("# memory estimate per run: {}\n",
                           bytes ? human_bytes(static_cast<double>(bytes)) : std::string("unknown"));
  std::cout << fmt::format("# output: {} (per-run files in {}.d/)\n", out, out);
  const std::size_t show = std::min<std::size_t>(plan.points.size(), 20);
  for (std::size_t p = 0; p < show; ++p) {
    std::cout << plan.points[p].arm;
    for (const auto& o : plan.points[p].overrides) std::cout << " " << o;
    std::cout << "\n";
  }
  if (show < plan.points.size()) std::cout << fmt::format("... ({} more points)\n", plan.points.size() - show);
  std::cout << "# nothing was run (--dry-run)\n";
}

Prepared prepare(AppContext& ctx, const SweepArgs& a, int threads, int ranks) {
  Prepared prep;
  sw::SweepLoadOptions lo;
  lo.overrides = to_overrides(a.sets);
  lo.replicates = a.replicates;
  prep.plan = sw::load_sweep(a.file, ctx.catalog, lo);
  sw::SweepPlan& plan = prep.plan;
  for (const auto& w : plan.warnings) spdlog::warn("{}", w);
  prep.out = !a.output.empty() ? a.output
             : !plan.output.path.empty() ? plan.output.path
                                         : default_output(plan.name);
  if (a.dry_run) {
    print_dry_run(ctx, plan, prep.out, threads, ranks);
    prep.dry_run_done = true;
    return prep;
  }
  uint64_t bytes = 0;
  if (const sim::ModelInfo* info = ctx.registry.find(plan.model); info && info->estimate_memory)
    for (const auto& pt : plan.points) bytes = std::max(bytes, info->estimate_memory(*pt.scenario));
  check_memory(bytes, a.max_memory_gb);

  const std::string dir = prep.out + ".d";
  prep.store = std::make_unique<sw::RunStore>(dir);
  sw::RunStore& store = *prep.store;
  std::error_code ec;
  const std::string abs_file = fs::absolute(a.file, ec).lexically_normal().string();
  sw::LockInfo lock;
  lock.sweep_name = plan.name;
  lock.sweep_file = abs_file;
  lock.hash = plan.hash;
  lock.runs = plan.num_runs();
  lock.govsim = fmt::format("{} ({})", build_info::kVersion, build_info::kGitCommit);

  std::optional<sw::LockInfo> existing;
  if (store.exists()) existing = store.read_lock();
  if (a.resume) {
    if (fs::exists(prep.out, ec) && !a.force)
      throw sim::InputError(fmt::format(
          "error: {} already exists: a finished results file, nothing to resume (use --force to run this sweep again and replace it)",
          prep.out));
    if (!existing) {
      spdlog::info("nothing to resume in {}/: starting the sweep", dir);
      sim::check_output_path(prep.out, a.force);
      store.create(lock, plan.resolved_yaml);
    } else if (existing->hash != plan.hash) {
      if (existing->sweep_name == plan.name && existing->sweep_file == abs_file)
        throw sim::InputError(fmt::format(
            "{}: error: the sweep changed since it was started (the resolved sweep or its base "
            "scenario differs from the one that {}/ was started with): resuming would mix the "
            "results of two sweeps. Restore the sweep and its base scenario (and the same --set "
            "and --replicates), or start again with --force, which discards the finished runs",
            a.file, dir));
      throw sim::InputError(fmt::format(
          "{}: error: {}/ holds runs of another sweep ('{}' from {}): use another output path "
          "(-o), or --force to discard them",
          a.file, dir, existing->sweep_name, existing->sweep_file));
    }
    if (existing && existing->govsim != lock.govsim)
      spdlog::warn("{}/ was started by govsim {}; this is govsim {}: results may differ from an "
                   "uninterrupted sweep if the models changed",
                   dir, existing->govsim, lock.govsim);
  } else {
    if (store.exists()) {
      if (!a.force)
        throw sim::InputError(fmt::format(
            "error: {}/ exists: it holds the finished runs of an earlier sweep{}. Resume it with "
            "--resume, or discard it with --force",
            dir, existing ? fmt::format(" ('{}')", existing->sweep_name) : std::string()));
      const std::size_t n = store.clear();
      spdlog::info("--force: removed {} file(s) of {}/", n, dir);
      if (store.exists())
        throw sim::InputError(fmt::format(
            "error: {}/ still holds files that govsim did not write; move them away or use "
            "another output path",
            dir));
    }
    sim::check_output_path(prep.out, a.force);
    store.create(lock, plan.resolved_yaml);
  }
  const std::size_t stale = store.remove_temporaries();
  if (stale) spdlog::info("removed {} incomplete file(s) (*.tmp) left by an interrupted write", stale);
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    const auto& e = plan.runs[i];
    if (store.has_run(i, plan.hash, plan.points[e.point].arm, e.replicate)) ++prep.already;
    else prep.todo.push_back(i);
  }
  if (a.resume && existing)
    std::cerr << fmt::format("resuming {}: {} of {} runs are already finished; {} to run\n",
                             plan.name, prep.already, plan.num_runs(), prep.todo.size());
  return prep;
}

std::vector<std::string> headline_finals(const AppContext& ctx, const std::string& model,
                                         const std::vector<std::string>& available) {
  std::vector<std::string> out;
  if (const sim::ModelInfo* info = ctx.registry.find(model))
    for (const auto& h : info->headline)
      if (std::find(available.begin(), available.end(), h) != available.end()) out.push_back(h);
  return out;
}

// After the runs: report, assemble and summarise. Returns the exit status (0, 1, 2, 128+sig).
int finish(AppContext& ctx, const SweepArgs& a, Prepared& prep, std::size_t done_now,
           int interrupted_by, bool failed, bool input_error, const std::string& failure,
           double seconds, int threads, int ranks) {
  const sw::SweepPlan& plan = prep.plan;
  const std::size_t finished = prep.already + done_now;
  if (done_now > 0)
    spdlog::info("ran {} run(s) in {:.1f} s: {:.2f} runs/s ({} process(es) x {} thread(s))",
                 done_now, seconds, seconds > 0 ? static_cast<double>(done_now) / seconds : 0.0,
                 ranks, threads);
  if (failed || interrupted_by) {
    if (failed) std::cerr << fmt::format("{}: error: {}\n", a.file, failure);
    std::cerr << fmt::format(
        "{}: {} of {} runs are finished and kept in {}/; {} was not written.\n"
        "resume with: {}\n",
        interrupted_by ? "interrupted" : "stopped", finished, plan.num_runs(), prep.store->dir(),
        prep.out, resume_command(a, prep.out));
    if (interrupted_by) return interrupted_status(interrupted_by);
    return input_error ? 2 : 1;
  }
  sim::Provenance prov;
  prov.command_line = ctx.command_line;
  prov.threads = threads;
  prov.mpi_ranks = ranks;
  sw::AssembleOptions ao;
  ao.out_path = prep.out;
  ao.force = a.force || a.resume;
  ao.provenance = prov;
  Progress progress(!ctx.quiet, "assemble");
  ao.on_progress = [&](std::size_t d, std::size_t t) {
    progress.update(static_cast<double>(d), static_cast<double>(t), "runs");
  };
  const sw::SweepData data = sw::assemble_sweep(plan, *prep.store, ao);
  progress.finish();
  if (!a.keep_runs) prep.store->clear();
  if (!ctx.quiet) {
    sw::print_summary(std::cout, data, headline_finals(ctx, plan.model, data.finals), 40);
    std::cout << "\n";
  }
  std::cout << fmt::format("results: {} ({} runs)\n", prep.out, plan.num_runs());
  return 0;
}

// Per-run engine messages (network summaries) are noise in a sweep of many runs: they show only
// with --verbose while runs execute.
class QuietRuns {
 public:
  explicit QuietRuns(const AppContext& ctx) : saved_(spdlog::get_level()) {
    if (ctx.verbose == 0 && saved_ < spdlog::level::warn) spdlog::set_level(spdlog::level::warn);
  }
  ~QuietRuns() { spdlog::set_level(saved_); }
  QuietRuns(const QuietRuns&) = delete;
  QuietRuns& operator=(const QuietRuns&) = delete;

 private:
  spdlog::level::level_enum saved_;
};

int default_threads(int requested, int local_ranks) {
  if (requested > 0) return requested;
  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, hw / std::max(1, local_ranks));
}

int do_sweep_single(AppContext& ctx, const SweepArgs& a, int ranks_for_provenance = 1) {
  const int threads = default_threads(a.threads, 1);
  Prepared prep = prepare(ctx, a, threads, 1);
  if (prep.dry_run_done) return 0;
  sw::PoolOptions po;
  po.threads = threads;
  po.concurrent_runs = a.concurrent_runs;
  po.stop_signal = &g_stop_signal;
  Progress progress(!ctx.quiet, "sweep");
  const double start = now_seconds();
  sw::LocalOutcome out;
  {
    QuietRuns quiet(ctx);
    out = sw::run_local(prep.plan, ctx.registry, *prep.store, prep.todo, po,
                        [&](std::size_t d, std::size_t t) {
                          progress.update(static_cast<double>(d), static_cast<double>(t), "runs");
                        });
  }
  progress.finish();
  const int rc = finish(ctx, a, prep, out.done, out.interrupted_by, out.failed, out.input_error,
                        out.failure, now_seconds() - start, threads, ranks_for_provenance);
  if (rc >= 128) throw sim::Interrupted(rc - 128);
  return rc;
}

#if GOVSIM_SWEEP_MPI

bool launched_under_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK"})
    if (std::getenv(v)) return true;
  return false;
}

// MPI_Init_thread / MPI_Finalize.
class MpiSession {
 public:
  MpiSession() {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    MPI_Comm local;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &local);
    MPI_Comm_size(local, &local_size_);
    MPI_Comm_free(&local);
  }
  ~MpiSession() { MPI_Finalize(); }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  int local_size() const { return local_size_; }

 private:
  int rank_ = 0, size_ = 1, local_size_ = 1;
};

enum Tag : int { kRequest = 1, kAssign = 2, kDone = 3, kFailed = 4, kBye = 5 };

// Waits for a non-blocking request without spinning a core.
void wait_polling(MPI_Request& req) {
  int flag = 0;
  while (true) {
    MPI_Test(&req, &flag, MPI_STATUS_IGNORE);
    if (flag) return;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

void bcast_int(int& value, int root) {
  MPI_Request req;
  MPI_Ibcast(&value, 1, MPI_INT, root, MPI_COMM_WORLD, &req);
  wait_polling(req);
}

void bcast_string(std::string& s, int root, int rank) {
  int n = rank == root ? static_cast<int>(s.size()) : 0;
  bcast_int(n, root);
  s.resize(static_cast<std::size_t>(n));
  if (n == 0) return;
  MPI_Request req;
  MPI_Ibcast(s.data(), n, MPI_CHAR, root, MPI_COMM_WORLD, &req);
  wait_polling(req);
}

// A worker rank: asks rank 0 for run indices while it has room, runs them, reports each.
void mpi_worker(AppContext& ctx, const SweepArgs& a, const sw::SweepPlan& plan,
                const sw::RunStore& store, int threads) {
  sw::PoolOptions po;
  po.threads = threads;
  po.concurrent_runs = a.concurrent_runs;
  po.stop_signal = &g_stop_signal;
  sw::RunPool pool(plan, ctx.registry, store, po);
  bool no_more = false, failed = false;
  int64_t done = 0;
  while (true) {
    while (!no_more && !failed && g_stop_signal.load() == 0 && pool.has_room()) {
      int64_t dummy = 0, index = -1;
      MPI_Send(&dummy, 1, MPI_INT64_T, 0, kRequest, MPI_COMM_WORLD);
      MPI_Request req;
      MPI_Irecv(&index, 1, MPI_INT64_T, 0, kAssign, MPI_COMM_WORLD, &req);
      wait_polling(req);
      if (index < 0) no_more = true;
      else pool.submit(static_cast<std::size_t>(index));
    }
    if (pool.in_flight() == 0) break;
    for (const auto& c : pool.wait(std::chrono::milliseconds(50))) {
      if (c.status == sw::Completion::Status::kDone) {
        auto index = static_cast<int64_t>(c.index);
        MPI_Send(&index, 1, MPI_INT64_T, 0, kDone, MPI_COMM_WORLD);
        ++done;
      } else if (c.status == sw::Completion::Status::kFailed && !failed) {
        failed = true;
        std::string msg = fmt::format("{}{}: {}", c.input_error ? 'I' : 'O',
                                      sw::describe_run(plan, c.index), c.message);
        MPI_Send(msg.data(), static_cast<int>(msg.size()), MPI_CHAR, 0, kFailed, MPI_COMM_WORLD);
      }
    }
  }
  MPI_Send(&done, 1, MPI_INT64_T, 0, kBye, MPI_COMM_WORLD);
}

struct DispatchOutcome {
  std::size_t done = 0;
  bool failed = false;
  bool input_error = false;
  std::string failure;
};

// Rank 0: hands out run indices in manifest order (dynamic assignment) and runs runs itself.
DispatchOutcome mpi_dispatch(AppContext& ctx, const SweepArgs& a, Prepared& prep, int threads,
                             int size) {
  DispatchOutcome out;
  std::deque<std::size_t> queue(prep.todo.begin(), prep.todo.end());
  std::map<int, std::set<std::size_t>> assigned;  // per rank: handed out, not reported done
  int workers = size - 1;
  sw::PoolOptions po;
  po.threads = threads;
  po.concurrent_runs = a.concurrent_runs;
  po.stop_signal = &g_stop_signal;
  sw::RunPool pool(prep.plan, ctx.registry, *prep.store, po);
  Progress progress(!ctx.quiet, "sweep");
  const double total = static_cast<double>(prep.todo.size());
  auto fail = [&](bool input, std::string msg) {
    if (out.failed) return;
    out.failed = true;
    out.input_error = input;
    out.failure = std::move(msg);
  };
  while (true) {
    const bool stopping = g_stop_signal.load() != 0 || out.failed;
    while (!stopping && pool.has_room() && !queue.empty()) {
      pool.submit(queue.front());
      queue.pop_front();
    }
    if (workers == 0 && pool.in_flight() == 0 && (stopping || queue.empty())) break;
    int flag = 0;
    MPI_Status st;
    while (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st), flag) {
      if (st.MPI_TAG == kFailed) {
        int n = 0;
        MPI_Get_count(&st, MPI_CHAR, &n);
        std::string msg(static_cast<std::size_t>(n), '\0');
        MPI_Recv(msg.data(), n, MPI_CHAR, st.MPI_SOURCE, kFailed, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        fail(!msg.empty() && msg[0] == 'I', msg.empty() ? msg : msg.substr(1));
        continue;
      }
      int64_t value = 0;
      MPI_Recv(&value, 1, MPI_INT64_T, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (st.MPI_TAG == kRequest) {
        int64_t index = -1;
        if (g_stop_signal.load() == 0 && !out.failed && !queue.empty()) {
          index = static_cast<int64_t>(queue.front());
          queue.pop_front();
          assigned[st.MPI_SOURCE].insert(static_cast<std::size_t>(index));
        }
        MPI_Send(&index, 1, MPI_INT64_T, st.MPI_SOURCE, kAssign, MPI_COMM_WORLD);
      } else if (st.MPI_TAG == kDone) {
        assigned[st.MPI_SOURCE].erase(static_cast<std::size_t>(value));
        ++out.done;
        progress.update(static_cast<double>(out.done), total, "runs");
      } else if (st.MPI_TAG == kBye) {
        --workers;
        // A rank that stopped early (its own signal) leaves its unfinished runs to the others.
        auto& left = assigned[st.MPI_SOURCE];
        for (auto it = left.rbegin(); it != left.rend(); ++it) queue.push_front(*it);
        left.clear();
      }
    }
    for (const auto& c : pool.wait(std::chrono::milliseconds(2))) {
      if (c.status == sw::Completion::Status::kDone) {
        ++out.done;
        progress.update(static_cast<double>(out.done), total, "runs");
      } else if (c.status == sw::Completion::Status::kFailed) {
        fail(c.input_error, fmt::format("{}: {}", sw::describe_run(prep.plan, c.index), c.message));
      }
    }
  }
  progress.finish();
  return out;
}

int do_sweep_mpi(AppContext& ctx, const SweepArgs& a) {
  MpiSession mpi;
  if (mpi.size() == 1) {
    try {
      return do_sweep_single(ctx, a, 1);
    } catch (const sim::Interrupted& e) {
      return interrupted_status(e.signal_number());
    }
  }
  const int rank = mpi.rank();
  const int threads = default_threads(a.threads, mpi.local_size());
  if (rank != 0) spdlog::set_level(spdlog::level::warn);
  // Rank 0 checks the sweep and prepares the folder; its verdict goes to every rank.
  int status = 0;
  Prepared prep;
  // Workers read the sweep while rank 0 checks it and prepares the folder.
  std::unique_ptr<sw::SweepPlan> worker_plan;
  std::string worker_error;
  if (rank != 0) {
    try {
      sw::SweepLoadOptions lo;
      lo.overrides = to_overrides(a.sets);
      lo.replicates = a.replicates;
      worker_plan = std::make_unique<sw::SweepPlan>(sw::load_sweep(a.file, ctx.catalog, lo));
    } catch (const std::exception& e) {
      worker_error = e.what();
    }
  }
  if (rank == 0) {
    try {
      prep = prepare(ctx, a, threads, mpi.size());
      if (prep.dry_run_done) status = -1;
    } catch (const sim::InputError& e) {
      std::cerr << e.what() << "\n";
      status = 2;
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << "\n";
      status = 1;
    }
  }
  bcast_int(status, 0);
  if (status != 0) return status < 0 ? 0 : status;
  std::string hash = rank == 0 ? prep.plan.hash : std::string();
  bcast_string(hash, 0, rank);

  int rc = 0;
  if (rank == 0) {
    const double start = now_seconds();
    DispatchOutcome o;
    try {
      QuietRuns quiet(ctx);
      o = mpi_dispatch(ctx, a, prep, threads, mpi.size());
    } catch (const std::exception& e) {
      o.failed = true;
      o.failure = e.what();
    }
    try {
      rc = finish(ctx, a, prep, o.done, g_stop_signal.load(), o.failed, o.input_error, o.failure,
                  now_seconds() - start, threads, mpi.size());
    } catch (const sim::InputError& e) {
      std::cerr << e.what() << "\n";
      rc = 2;
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << "\n";
      rc = 1;
    }
  } else {
    // Workers load the same plan (the folder and files are shared) and check its hash.
    std::unique_ptr<sw::RunStore> store;
    try {
      if (!worker_plan) throw sim::InputError(worker_error);
      const sw::SweepPlan& plan = *worker_plan;
      if (plan.hash != hash)
        throw sim::InputError(fmt::format(
            "error: rank {} read a different sweep than rank 0 (is {} the same file on every "
            "node?)",
            rank, a.file));
      const std::string out = !a.output.empty() ? a.output
                              : !plan.output.path.empty() ? plan.output.path
                                                          : default_output(plan.name);
      store = std::make_unique<sw::RunStore>(out + ".d");
      mpi_worker(ctx, a, plan, *store, threads);
    } catch (const std::exception& e) {
      std::string msg = fmt::format("Orank {}: {}", rank, e.what());
      MPI_Send(msg.data(), static_cast<int>(msg.size()), MPI_CHAR, 0, kFailed, MPI_COMM_WORLD);
      int64_t zero = 0;
      MPI_Send(&zero, 1, MPI_INT64_T, 0, kBye, MPI_COMM_WORLD);
    }
  }
  bcast_int(rc, 0);
  return rc;
}

#endif  // GOVSIM_SWEEP_MPI

int do_sweep(AppContext& ctx, const SweepArgs& a) {
#if GOVSIM_SWEEP_MPI
  if (launched_under_mpi()) return do_sweep_mpi(ctx, a);
#endif
  return do_sweep_single(ctx, a);
}

int do_summarize(AppContext& ctx, const SummarizeArgs& a) {
  const sw::SweepData data = sw::read_sweep_file(a.file);
  std::vector<std::string> wanted = a.finals;
  if (wanted.empty() && !a.all) wanted = headline_finals(ctx, data.model, data.finals);
  sw::print_summary(std::cout, data, wanted, a.max_points);
  return 0;
}

}  // namespace

void add_sweep_commands(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Run a parameter sweep (grid, list, lhs, sobol, morris) into one results file; "
               "under mpirun/srun the runs are spread over the ranks");
  cmd->add_option("sweep_file", args->file, "Sweep file (YAML with sweep: base, design)")->required();
  cmd->add_option("-o,--output", args->output, "Results file (default: output.path of the file, else <name>.h5)");
  cmd->add_option("-t,--threads", args->threads,
                  "Threads per process (0 = all cores, divided among the MPI ranks of a node)")
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--concurrent-runs", args->concurrent_runs,
                  "Runs at once per process (0 = automatic: all threads for small runs, else 1)")
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--replicates", args->replicates, "Override the replicates per point")->check(CLI::Range(1, 100000));
  cmd->add_option("--set", args->sets,
                  "Override a key: sweep.* / output.* change the sweep file, anything else every point's scenario");
  cmd->add_flag("--resume", args->resume,
                "Continue an interrupted sweep: run only the runs missing from <out>.d/");
  cmd->add_flag("-f,--force", args->force, "Replace an existing results file and discard an existing <out>.d/");
  cmd->add_flag("--dry-run", args->dry_run, "Print the run count, a time estimate and the first points; run nothing");
  cmd->add_flag("--keep-runs", args->keep_runs, "Keep the per-run files in <out>.d/ after assembling");
  cmd->add_option("--max-memory", args->max_memory_gb, "Memory allowed per run in GB");
  cmd->callback([&ctx, args] { ctx.action = [&ctx, args] { return do_sweep(ctx, *args); }; });

  auto sargs = std::make_shared<SummarizeArgs>();
  CLI::App* sum = app.add_subcommand(
      "summarize", "Print a sweep's per-point means with 95% CIs and its Sobol'/Morris indices");
  sum->add_option("results_file", sargs->file, "Results file written by govsim sweep")->required();
  sum->add_option("--final", sargs->finals, "Final value to show (repeatable; default: the model's headline values)");
  sum->add_flag("--all", sargs->all, "Show every final value");
  sum->add_option("--max-points", sargs->max_points, "Show at most this many points per table (0 = all)");
  sum->callback([&ctx, sargs] { ctx.action = [&ctx, sargs] { return do_summarize(ctx, *sargs); }; });
}

}  // namespace govsim::app
