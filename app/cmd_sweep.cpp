// govsim sweep SWEEP.yaml -o sweep.h5 [--resume] [--force] [--dry-run]
// govsim summarize sweep.h5 [--final NAME]... [--all]
//
// A sweep expands its design into a manifest of runs (sim/sweep/sweep_plan.hpp), which becomes
// the plan of the one pipeline (sim/sweep/sweep_job.hpp, app/job_command.hpp): the missing runs
// run (on threads, or on every MPI rank under mpirun/srun), each durable as a per-run file in
// "<out>.d/" as soon as it ends, and are assembled in manifest order into <out> with the
// design, the manifest and the summaries.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "app/app_context.hpp"
#include "app/job_command.hpp"
#include "sim/core/error.hpp"
#include "sim/sweep/sweep_job.hpp"
#include "sim/sweep/sweep_plan.hpp"
#include "sim/sweep/sweep_summary.hpp"

namespace govsim::app {

namespace {

namespace sw = sim::sweep;

struct SweepArgs {
  std::string file;
  JobFlags job;
  int64_t replicates = -1;
  std::vector<std::string> sets;
};

struct SummarizeArgs {
  std::string file;
  std::vector<std::string> finals;
  bool all = false;
  std::size_t max_points = 0;
};

std::string resume_command(const SweepArgs& a, const std::string& out) {
  std::string cmd = fmt::format("govsim sweep {} -o {}", a.file, out);
  for (const auto& s : a.sets) cmd += fmt::format(" --set '{}'", s);
  if (a.replicates > 0) cmd += fmt::format(" --replicates {}", a.replicates);
  return cmd + " --resume";
}

// The ranks an MPI launcher started (1 for a plain process), for the time estimate.
int launcher_ranks() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const char* s = std::getenv(v)) return std::max(1, std::atoi(s));
  return 1;
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

std::vector<std::string> headline_finals(const AppContext& ctx, const std::string& model,
                                         const std::vector<std::string>& available) {
  std::vector<std::string> out;
  if (const sim::ModelInfo* info = ctx.registry.find(model))
    for (const auto& h : info->headline)
      if (std::find(available.begin(), available.end(), h) != available.end()) out.push_back(h);
  return out;
}

JobSpec build_sweep(const AppContext& ctx, const SweepArgs& a) {
  sw::SweepLoadOptions lo;
  lo.overrides = to_overrides(a.sets);
  lo.replicates = a.replicates;
  auto sweep = std::make_shared<const sw::SweepPlan>(sw::load_sweep(a.file, ctx.catalog, lo));
  for (const auto& w : sweep->warnings) spdlog::warn("{}", w);
  JobSpec spec;
  spec.out_path = !a.job.output.empty()        ? a.job.output
                  : !sweep->output.path.empty() ? sweep->output.path
                                                : default_output(sweep->name);
  spec.dry_run = [&ctx, sweep, out = spec.out_path, threads = a.job.threads] {
    print_dry_run(ctx, *sweep, out, threads, launcher_ranks());
  };
  if (!a.job.dry_run) {
    uint64_t bytes = 0;
    if (const sim::ModelInfo* info = ctx.registry.find(sweep->model); info && info->estimate_memory)
      for (const auto& pt : sweep->points) bytes = std::max(bytes, info->estimate_memory(*pt.scenario));
    check_memory(bytes, a.job.max_memory_gb);
  }
  spec.plan = sw::to_pipeline_plan(*sweep);
  spec.input_file = a.file;
  spec.resume_command = resume_command(a, spec.out_path);
  spec.quiet_runs = true;
  auto data = std::make_shared<sw::SweepData>();
  spec.assemble = [sweep, data](const sim::pipeline::Plan& plan, const sim::pipeline::RunStore& store,
                                const sim::pipeline::AssembleOptions& ao) {
    sw::AssembleOptions so;
    so.out_path = ao.out_path;
    so.force = ao.force;
    so.provenance = ao.provenance;
    so.on_progress = ao.on_progress;
    *data = sw::assemble_sweep(*sweep, plan, store, so);
    return std::vector<sim::pipeline::RunFinals>{};
  };
  spec.report = [&ctx, sweep, data, out = spec.out_path](const std::vector<sim::pipeline::RunFinals>&) {
    if (!ctx.quiet) {
      sw::print_summary(std::cout, *data, headline_finals(ctx, sweep->model, data->finals), 40);
      std::cout << "\n";
    }
    std::cout << fmt::format("results: {} ({} runs)\n", out, sweep->num_runs());
  };
  return spec;
}

int do_summarize(AppContext& ctx, const SummarizeArgs& a) {
  if (is_calibration_file(a.file)) return summarize_calibration(a.file, a.max_points);
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
  add_job_flags(cmd, args->job, "sweep");
  cmd->add_option("--replicates", args->replicates, "Override the replicates per point")->check(CLI::Range(1, 100000));
  cmd->add_option("--set", args->sets,
                  "Override a key: sweep.* / output.* change the sweep file, anything else every point's scenario");
  cmd->callback([&ctx, args] {
    ctx.action = [&ctx, args] {
      return run_job_command(ctx, args->job, [&ctx, args] { return build_sweep(ctx, *args); });
    };
  });

  auto sargs = std::make_shared<SummarizeArgs>();
  CLI::App* sum = app.add_subcommand(
      "summarize", "Print a sweep's per-point means with 95% CIs and its Sobol'/Morris indices, or a calibration's posterior");
  sum->add_option("results_file", sargs->file, "Results file written by govsim sweep or govsim calibrate")->required();
  sum->add_option("--final", sargs->finals, "Final value to show (repeatable; default: the model's headline values)");
  sum->add_flag("--all", sargs->all, "Show every final value");
  sum->add_option("--max-points", sargs->max_points, "Show at most this many points per table (0 = all)");
  sum->callback([&ctx, sargs] { ctx.action = [&ctx, sargs] { return do_summarize(ctx, *sargs); }; });
}

}  // namespace govsim::app
