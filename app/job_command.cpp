#include "app/job_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <optional>

#include "sim/core/error.hpp"
#include "sim/pipeline/arm_summary.hpp"
#include "sim/pipeline/executor.hpp"
#include "sim/pipeline/job.hpp"

#if defined(GOVSIM_WITH_MPI) && GOVSIM_WITH_MPI
#include "sim/mpi/mpi_executor.hpp"
#define GOVSIM_JOB_MPI 1
#else
#define GOVSIM_JOB_MPI 0
#endif

namespace govsim::app {

namespace fs = std::filesystem;
namespace pl = sim::pipeline;

std::string default_output(const std::string& name) { return (name.empty() ? "results" : name) + ".h5"; }

std::string human_seconds(double s) {
  if (!std::isfinite(s)) return "unknown";
  if (s < 0.1) return "under 0.1 s";
  if (s < 10) return fmt::format("{:.1f} s", s);
  if (s < 120) return fmt::format("{:.0f} s", s);
  if (s < 7200) return fmt::format("{:.1f} min", s / 60);
  if (s < 172800) return fmt::format("{:.1f} h", s / 3600);
  return fmt::format("{:.1f} days", s / 86400);
}

void add_job_flags(CLI::App* cmd, JobFlags& f, const std::string& noun) {
  cmd->add_option("-o,--output", f.output, "Results file (default: output.path of the file, else <name>.h5)");
  cmd->add_option("-t,--threads", f.threads,
                  "Threads per process (0 = all cores, divided among the MPI ranks of a node)")
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--concurrent-runs", f.concurrent_runs,
                  "Runs at once per process (0 = automatic: all threads for small runs, else 1)")
      ->check(CLI::Range(0, 4096));
  cmd->add_flag("--resume", f.resume,
                "Continue an interrupted " + noun + ": run only the runs missing from <out>.d/");
  cmd->add_flag("-f,--force", f.force, "Replace an existing results file and discard an existing <out>.d/");
  cmd->add_flag("--keep-runs", f.keep_runs, "Keep the per-run files in <out>.d/ after assembling");
  cmd->add_flag("--dry-run", f.dry_run, "Print what would run and the estimates; run nothing");
  cmd->add_option("--max-memory", f.max_memory_gb, "Memory allowed per run in GB (default: the available memory)");
}

namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Per-run engine messages (network summaries) are noise in a sweep of many runs: they show only
// with --verbose while runs execute.
class QuietRuns {
 public:
  QuietRuns(const AppContext& ctx, bool enabled) : saved_(spdlog::get_level()) {
    if (enabled && ctx.verbose == 0 && saved_ < spdlog::level::warn) spdlog::set_level(spdlog::level::warn);
  }
  ~QuietRuns() { spdlog::set_level(saved_); }
  QuietRuns(const QuietRuns&) = delete;
  QuietRuns& operator=(const QuietRuns&) = delete;

 private:
  spdlog::level::level_enum saved_;
};

std::string store_dir(const JobSpec& spec) { return spec.out_path + ".d"; }

std::vector<pl::RunFinals> assemble_results(const JobSpec& spec, const pl::RunStore& store,
                                            pl::AssembleOptions ao) {
  if (spec.assemble) return spec.assemble(spec.plan, store, ao);
  ao.tables = [baseline = spec.baseline, margins = spec.materiality](const std::vector<pl::RunFinals>& finals) {
    return pl::arm_summary_tables(finals, pl::arms_of(finals), baseline, margins);
  };
  return pl::assemble(spec.plan, store, ao);
}

// The one-line error of a failed run.
std::string error_line(const JobSpec& spec, const pl::ExecOutcome& o) {
  // A single-point job (run) prints the failure as `govsim run` always did: the loader's or
  // the model's own message.
  if (spec.plan.arms.size() == 1 || o.failed_run.empty())
    return o.input_error ? o.failure : "error: " + o.failure;
  return fmt::format("{}: error: {}", spec.input_file, o.described());
}

// Keeps the finished runs of an interrupted run/compare in <stem>.partial.h5 as well; returns
// where they are kept.
std::string write_partial(const JobSpec& spec, const pl::RunStore& store, const sim::Provenance& prov) {
  const fs::path p(spec.out_path);
  const std::string partial = (p.parent_path() / p.stem()).string() + ".partial.h5";
  try {
    pl::AssembleOptions ao;
    ao.out_path = partial;
    ao.force = true;
    ao.provenance = prov;
    ao.complete = false;
    ao.entries = pl::finished_runs(spec.plan, store);
    (void)assemble_results(spec, store, ao);
    return fmt::format("{} (marked incomplete) and in {}/", partial, store.dir());
  } catch (const std::exception& e) {
    std::cerr << (dynamic_cast<const sim::InputError*>(&e) ? "" : "error: ") << e.what() << "\n";
    return store.dir() + "/";
  }
}

// The job stopped before every run had finished: say what is kept and how to resume.
int report_stopped(const JobSpec& spec, const pl::JobResult& r, const pl::RunStore& store,
                   const sim::Provenance& prov) {
  const pl::ExecOutcome& o = r.outcome;
  const int rc = o.interrupted_by ? interrupted_status(o.interrupted_by) : (o.input_error ? 2 : 1);
  const std::string what = o.interrupted_by ? "interrupted" : "stopped";
  if (r.finished == 0 && (o.failed || spec.partial_file)) {
    store.clear();  // nothing worth keeping: a plain rerun needs no --resume
    if (!o.failed) std::cerr << "interrupted: no run had finished; nothing was written\n";
    else std::cerr << error_line(spec, o) << "\n";
    return rc;
  }
  if (spec.partial_file) {
    const std::string kept = o.interrupted_by ? write_partial(spec, store, prov) : store.dir() + "/";
    std::cerr << fmt::format("{}: {} of {} runs had finished; they are kept in {}; {} was not written\n",
                             what, r.finished, r.runs, kept, spec.out_path);
  } else {
    std::cerr << fmt::format("{}: {} of {} runs are finished and kept in {}/; {} was not written.\n",
                             what, r.finished, r.runs, store.dir(), spec.out_path);
  }
  std::cerr << "resume with: " << spec.resume_command << "\n";
  if (o.failed) std::cerr << error_line(spec, o) << "\n";
  return rc;
}

// Root, after the runs: assemble and report, or say what was kept. Returns the exit status.
int finish(const AppContext& ctx, const JobSpec& spec, const JobFlags& flags, const pl::Executor& ex,
           const pl::JobResult& r, double seconds) {
  const pl::RunStore store(store_dir(spec));
  if (r.outcome.done > 0)
    spdlog::info("ran {} run(s) in {:.1f} s: {:.2f} runs/s ({} process(es) x {} thread(s))", r.outcome.done,
                 seconds, seconds > 0 ? static_cast<double>(r.outcome.done) / seconds : 0.0, ex.ranks(),
                 ex.threads());
  const sim::Provenance prov{ctx.command_line, ex.threads(), ex.ranks()};
  if (!r.complete()) return report_stopped(spec, r, store, prov);
  pl::AssembleOptions ao;
  ao.out_path = spec.out_path;
  ao.force = flags.force || flags.resume;
  ao.provenance = prov;
  Progress progress(!ctx.quiet, "assemble");
  ao.on_progress = [&](std::size_t d, std::size_t t) {
    progress.update(static_cast<double>(d), static_cast<double>(t), "runs");
  };
  std::vector<pl::RunFinals> finals;
  try {
    finals = assemble_results(spec, store, ao);
  } catch (const std::exception& e) {  // e.g. a full disk: the runs stay; --resume assembles them
    progress.finish();
    const bool input = dynamic_cast<const sim::InputError*>(&e) != nullptr;
    std::cerr << fmt::format("stopped: {} of {} runs are finished and kept in {}/; {} was not written.\n"
                             "assemble it with: {}\n",
                             r.finished, r.runs, store.dir(), spec.out_path, spec.resume_command);
    std::cerr << (input ? "" : "error: ") << e.what() << "\n";
    return input ? 2 : 1;
  }
  progress.finish();
  if (!flags.keep_runs) store.clear();
  if (spec.report) spec.report(finals);
  return 0;
}

pl::JobOptions job_options(const JobSpec& spec, const JobFlags& flags, Progress& progress, bool steps) {
  pl::JobOptions jo;
  jo.store_dir = store_dir(spec);
  jo.input_file = spec.input_file;
  jo.output_path = spec.out_path;
  jo.resume = flags.resume;
  jo.force = flags.force;
  jo.on_note = [](const std::string& note) { std::cerr << note << "\n"; };
  if (steps)
    jo.hooks.on_steps = [&progress](uint64_t d, uint64_t t) {
      progress.update(static_cast<double>(d), static_cast<double>(t), "steps");
    };
  else
    jo.hooks.on_run = [&progress](std::size_t d, std::size_t t) {
      progress.update(static_cast<double>(d), static_cast<double>(t), "runs");
    };
  return jo;
}

pl::ExecutorOptions executor_options(const JobFlags& flags) {
  pl::ExecutorOptions eo;
  eo.threads = flags.threads;
  eo.concurrent_runs = flags.concurrent_runs;
  eo.stop_signal = &g_stop_signal;
  return eo;
}

int run_local(AppContext& ctx, const JobFlags& flags, const std::function<JobSpec()>& build) {
  const JobSpec spec = build();
  if (flags.dry_run && spec.dry_run) {
    spec.dry_run();
    return 0;
  }
  pl::LocalExecutor ex(ctx.registry, executor_options(flags));
  Progress progress(!ctx.quiet, spec.plan.kind);
  const pl::JobOptions jo = job_options(spec, flags, progress, spec.progress_in_steps);
  const double start = now_seconds();
  pl::JobResult r;
  {
    QuietRuns quiet(ctx, spec.quiet_runs);
    r = pl::run_job(ex, spec.plan, jo);
  }
  progress.finish();
  return finish(ctx, spec, flags, ex, r, now_seconds() - start);
}

#if GOVSIM_JOB_MPI

// Every rank builds the plan from the same files; rank 0 prepares the store, hands out runs,
// assembles and reports; the exit status is rank 0's on every rank.
int run_mpi(AppContext& ctx, const JobFlags& flags, const std::function<JobSpec()>& build) {
  sim::mpi::Session mpi;
  if (mpi.size() == 1) return run_local(ctx, flags, build);
  const bool root = mpi.rank() == 0;
  if (!root) spdlog::set_level(spdlog::level::warn);
  std::optional<JobSpec> spec;
  std::exception_ptr build_error;
  try {
    spec = build();
  } catch (...) {
    build_error = std::current_exception();
  }
  if (flags.dry_run) {  // nothing collective: rank 0 prints
    if (root && build_error) std::rethrow_exception(build_error);
    if (root && spec && spec->dry_run) spec->dry_run();
    return 0;
  }
  sim::mpi::MpiExecutor ex(mpi, ctx.registry, executor_options(flags));
  Progress progress(root && !ctx.quiet, spec ? spec->plan.kind : "job");
  std::string rc_text;
  try {
    const JobSpec fallback;
    const pl::JobOptions jo = job_options(spec ? *spec : fallback, flags, progress, false);
    const double start = now_seconds();
    pl::JobResult r;
    if (spec) {
      QuietRuns quiet(ctx, spec->quiet_runs);
      r = pl::run_job(ex, spec->plan, jo);
    } else {
      std::string reason;
      try {
        std::rethrow_exception(build_error);
      } catch (const std::exception& e) {
        reason = e.what();
      }
      r = pl::run_job_without_plan(ex, reason, jo);
    }
    progress.finish();
    if (root) {
      try {
        rc_text = std::to_string(finish(ctx, *spec, flags, ex, r, now_seconds() - start));
      } catch (const sim::InputError& e) {
        std::cerr << e.what() << "\n";
        rc_text = "2";
      } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        rc_text = "1";
      }
    }
  } catch (const sim::InputError& e) {  // thrown on every rank alike (run_job's contract)
    if (root) std::cerr << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    if (root) std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  ex.broadcast(rc_text);
  return std::stoi(rc_text);
}

#endif  // GOVSIM_JOB_MPI

}  // namespace

int run_job_command(AppContext& ctx, const JobFlags& flags, const std::function<JobSpec()>& build) {
#if GOVSIM_JOB_MPI
  if (sim::mpi::launched_under_mpi()) return run_mpi(ctx, flags, build);
#endif
  return run_local(ctx, flags, build);
}

}  // namespace govsim::app
