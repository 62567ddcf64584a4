// govsim calibrate FILE -o calib.h5 [--resume] [--force] [--dry-run] [--threads N] [--set K=V]
//
// ABC population Monte Carlo to patterns (model spec 6.2; docs/calibration.md) on the one run
// pipeline (sim/calibrate/calibrate_job.hpp): every batch of proposals is a plan whose runs are
// durable in "<out>.d/gen-GGG-bBB/" as they finish, so that --resume after a kill continues and
// gives the same population; under mpirun/srun the runs are spread over the ranks (every rank
// drives the same calibration state; rank 0 writes <out> and reports). One progress line per
// generation: epsilon, acceptance rate, runs, wall time and the calibrator's own share of it.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <thread>

#include "app/app_context.hpp"
#include "app/job_command.hpp"
#include "sim/calibrate/calibrate_job.hpp"
#include "sim/calibrate/calibration_summary.hpp"
#include "sim/core/error.hpp"
#include "sim/pipeline/executor.hpp"
#include "sim/run/runner.hpp"

#if defined(GOVSIM_WITH_MPI) && GOVSIM_WITH_MPI
#include "sim/mpi/mpi_executor.hpp"
#define GOVSIM_CAL_MPI 1
#else
#define GOVSIM_CAL_MPI 0
#endif

namespace govsim::app {

namespace {

namespace cal = sim::calibrate;
namespace pl = sim::pipeline;

struct CalibrateArgs {
  std::string file;
  JobFlags job;
  std::vector<std::string> sets;
};

std::string resume_command(const CalibrateArgs& a, const std::string& out) {
  std::string cmd = fmt::format("govsim calibrate {} -o {}", a.file, out);
  for (const auto& s : a.sets) cmd += fmt::format(" --set '{}'", s);
  return cmd + " --resume";
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// One run of the base scenario (replicate 0): its final names and its wall time.
std::pair<std::vector<std::string>, double> probe_run(const AppContext& ctx, const cal::CalibrationSpec& spec,
                                                      bool full, int threads) {
  const sim::ModelInfo* info = ctx.registry.find(spec.model);
  if (!info) throw sim::InputError(fmt::format("{}: error: calibrate.base: unknown model '{}'", spec.file, spec.model));
  std::vector<sim::Override> ov = spec.base_overrides;
  if (!full) ov.push_back({"steps=1"});
  const sim::ScenarioPtr sc = sim::load_scenario(spec.base_file, ctx.catalog, ov);
  sim::RunOptions ro;
  ro.threads = threads;
  ro.stop_signal = &g_stop_signal;
  const double t0 = now_seconds();
  const sim::RunResult r = sim::run_replicate(*info, sc, 0, ro);
  std::vector<std::string> names;
  for (const auto& f : r.finals) names.push_back(f.name);
  return {names, now_seconds() - t0};
}

void print_dry_run(const cal::CalibrationSpec& spec, const std::string& out, double run_seconds, int threads) {
  const cal::Settings& s = spec.settings;
  const uint64_t n = s.population, m = cal::max_proposals_per_generation(s), r = s.replicates;
  std::cout << fmt::format("# calibration {}: model {}, base {}\n", spec.name, spec.model, spec.base_file);
  std::cout << fmt::format("# population {}, quantile {}, {} replicate(s) per particle, at most {} generation(s), "
                           "acceptance floor {}, kernel {}, seed {}\n",
                           n, s.quantile, r, s.max_generations, s.acceptance_floor, cal::to_string(s.kernel), s.seed);
  std::cout << fmt::format("free parameters ({}):\n", spec.parameters.size());
  for (std::size_t k = 0; k < spec.parameters.size(); ++k) {
    const cal::Parameter& p = spec.parameters[k];
    std::cout << fmt::format("  {:<36} {:<11} [{:.6g}, {:.6g}]{}\n", p.name, cal::to_string(p.prior), p.lo, p.hi,
                             spec.integer[k] ? " (integer: rounded)" : "");
  }
  std::cout << fmt::format("targets ({}):\n", spec.targets.size());
  for (const auto& t : spec.targets) std::cout << fmt::format("  {:<24} {}\n", t.name, cal::target_definition(t));
  const uint64_t most = n * r + (s.max_generations - 1) * m * r;
  std::cout << fmt::format("runs: generation 0: {} ({} particles x {}); each later generation: at least {}, at most "
                           "{} (stride {} proposals); in all at most {}\n",
                           n * r, n, r, n * r, m * r, m, most);
  const int t = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const double typical = static_cast<double>(n * r) * (1.0 + (s.max_generations - 1) / std::max(0.05, s.quantile * 0.5));
  std::cout << fmt::format("time: one run of the base scenario took {} here; generation 0 about {} on {} thread(s); "
                           "all generations at acceptance ~{:.0f}%: about {}; at most {}\n",
                           human_seconds(run_seconds), human_seconds(run_seconds * n * r / t), t,
                           100.0 * std::max(0.05, s.quantile * 0.5), human_seconds(run_seconds * typical / t),
                           human_seconds(run_seconds * most / t));
  std::cout << fmt::format("# output: {} (per-batch run stores in {}/)\n", out, cal::calibration_store_dir(out));
  std::cout << "# nothing was run (--dry-run)\n";
}

void print_generation(const cal::GenerationReport& g) {
  const double share = g.wall_seconds > 0 ? 100.0 * g.calibrator_seconds / g.wall_seconds : 0.0;
  if (g.abandoned) {
    std::cerr << fmt::format("generation {}: epsilon {:.4g}, acceptance {:.4f} below the floor after {} proposals: "
                             "abandoned; the previous population is final\n",
                             g.generation, g.epsilon, g.acceptance_rate, g.proposals);
    return;
  }
  std::cerr << fmt::format("generation {}: epsilon {:.4g}, acceptance {:.3f} ({} proposals), {} runs, ESS {:.0f}, "
                           "{} (calibrator {:.2f} s, {:.2f}%){}\n",
                           g.generation, g.epsilon, g.acceptance_rate, g.proposals, g.runs, g.ess,
                           human_seconds(g.wall_seconds), g.calibrator_seconds, share,
                           g.replayed ? " [replayed from the stores]" : "");
}

int calibrate_with(AppContext& ctx, const CalibrateArgs& a, pl::Executor& ex, const cal::CalibrationSpec& spec,
                   const std::string& out) {
  const bool root = ex.is_root();
  cal::CalibrateOptions o;
  o.out_path = out;
  o.resume = a.job.resume;
  o.force = a.job.force;
  o.keep_runs = a.job.keep_runs;
  o.provenance = {ctx.command_line, ex.threads(), ex.ranks()};
  auto progress = std::make_shared<std::unique_ptr<Progress>>(std::make_unique<Progress>(root && !ctx.quiet, "calibrate"));
  o.hooks.on_run = [progress](std::size_t d, std::size_t t) {
    (*progress)->update(static_cast<double>(d), static_cast<double>(t), "runs");
  };
  o.on_note = [](const std::string& note) { std::cerr << note << "\n"; };
  o.on_generation = [progress, &ctx, root](const cal::GenerationReport& g) {
    (*progress)->finish();
    if (!ctx.quiet) print_generation(g);
    *progress = std::make_unique<Progress>(root && !ctx.quiet, "calibrate");
  };
  const double start = now_seconds();
  cal::CalibrateResult r;
  {
    const spdlog::level::level_enum saved = spdlog::get_level();
    if (ctx.verbose == 0 && saved < spdlog::level::warn) spdlog::set_level(spdlog::level::warn);
    try {
      r = cal::run_calibration(ex, ctx.catalog, spec, o);
    } catch (...) {
      spdlog::set_level(saved);
      (*progress)->finish();
      throw;
    }
    spdlog::set_level(saved);
  }
  (*progress)->finish();
  if (!root) return r.complete ? 0 : 1;
  if (!r.complete) {
    const pl::ExecOutcome& oc = r.outcome;
    const int rc = oc.interrupted_by ? interrupted_status(oc.interrupted_by) : (oc.input_error ? 2 : 1);
    std::cerr << fmt::format("{}: the finished runs are kept in {}/ and every finished generation in {}.\n",
                             oc.interrupted_by ? "interrupted" : "stopped", r.store_dir, out);
    std::cerr << "resume with: " << resume_command(a, out) << "\n";
    if (oc.failed) std::cerr << fmt::format("{}: error: {}\n", spec.file, oc.described());
    return rc;
  }
  if (!ctx.quiet) {
    std::cout << "\n";
    cal::print_calibration_summary(std::cout, r.record, 20);
    std::cout << "\n";
  }
  std::cout << fmt::format("results: {} ({} generation(s), {} runs, {} ran now; {}; {})\n", out,
                           r.record.generations.size(), r.runs, r.runs_run, cal::stop_reason_text(r.record.stop),
                           human_seconds(now_seconds() - start));
  return 0;
}

int do_calibrate(AppContext& ctx, const CalibrateArgs& a) {
  bool mpi_launched = false;
#if GOVSIM_CAL_MPI
  mpi_launched = sim::mpi::launched_under_mpi();
#endif
  const cal::CalibrationSpec spec = cal::load_calibration(a.file, ctx.catalog, to_overrides(a.sets));
  const std::string out = !a.job.output.empty() ? a.job.output
                          : !spec.output.path.empty() ? spec.output.path
                                                      : default_output(spec.name);
  for (const auto& w : spec.warnings) spdlog::warn("{}", w);
  const auto [finals, seconds] = probe_run(ctx, spec, a.job.dry_run, a.job.dry_run ? 1 : 0);
  cal::check_final_names(spec, finals);
  if (a.job.dry_run) {
    if (!mpi_launched || std::getenv("OMPI_COMM_WORLD_RANK") == nullptr ||
        std::string(std::getenv("OMPI_COMM_WORLD_RANK")) == "0")
      print_dry_run(spec, out, seconds, a.job.threads);
    return 0;
  }
  pl::ExecutorOptions eo;
  eo.threads = a.job.threads;
  eo.concurrent_runs = a.job.concurrent_runs;
  eo.stop_signal = &g_stop_signal;
#if GOVSIM_CAL_MPI
  if (mpi_launched) {
    sim::mpi::Session mpi;
    if (mpi.size() > 1) {
      if (mpi.rank() != 0) spdlog::set_level(spdlog::level::warn);
      sim::mpi::MpiExecutor ex(mpi, ctx.registry, eo);
      try {
        return calibrate_with(ctx, a, ex, spec, out);
      } catch (const sim::InputError& e) {  // thrown on every rank alike
        if (mpi.rank() == 0) std::cerr << e.what() << "\n";
        return 2;
      } catch (const std::exception& e) {
        if (mpi.rank() == 0) std::cerr << "error: " << e.what() << "\n";
        return 1;
      }
    }
  }
#endif
  pl::LocalExecutor ex(ctx.registry, eo);
  return calibrate_with(ctx, a, ex, spec, out);
}

}  // namespace

void add_calibrate_command(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<CalibrateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "calibrate", "Calibrate free parameters to patterns (ABC population Monte Carlo) into calib.h5; "
                   "under mpirun/srun the runs are spread over the ranks");
  cmd->add_option("calibration_file", args->file, "Calibration file (YAML with calibrate: base, free, targets)")
      ->required();
  add_job_flags(cmd, args->job, "calibration");
  cmd->add_option("--set", args->sets, "Override a key of the base scenario: path.to.key=value (repeatable)");
  cmd->callback([&ctx, args] { ctx.action = [&ctx, args] { return do_calibrate(ctx, *args); }; });
}

}  // namespace govsim::app
