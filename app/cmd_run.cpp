// govsim run / govsim validate
//
// `run` builds a plan of one point x R replicates and runs it through the one pipeline
// (app/job_command.hpp): durable per-run files in <out>.d/, --resume, MPI, the interrupt
// contract, then the results file and the summary.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/app_context.hpp"
#include "app/job_command.hpp"
#include "sim/core/error.hpp"
#include "sim/pipeline/arm_summary.hpp"

namespace govsim::app {

namespace {

struct RunArgs {
  std::string scenario;
  JobFlags job;
  int64_t seed = -1;
  int64_t replicates = -1;
  int64_t steps = -1;
  std::vector<std::string> sets;
};

sim::ScenarioPtr load_with_cli(const AppContext& ctx, const RunArgs& a) {
  auto sc = sim::load_scenario(a.scenario, ctx.catalog, to_overrides(a.sets));
  if (a.seed >= 0 || a.replicates > 0 || a.steps > 0) {
    auto copy = std::make_shared<sim::Scenario>(*sc);
    if (a.seed >= 0) copy->seed = static_cast<uint64_t>(a.seed);
    if (a.replicates > 0) copy->replicates = static_cast<uint32_t>(a.replicates);
    if (a.steps > 0) copy->steps = static_cast<uint32_t>(a.steps);
    sc = copy;
  }
  for (const auto& w : sc->warnings) spdlog::warn("{}", w);
  return sc;
}

std::string resume_command(const RunArgs& a, const std::string& out) {
  std::string cmd = fmt::format("govsim run {} -o {}", a.scenario, out);
  for (const auto& s : a.sets) cmd += fmt::format(" --set '{}'", s);
  if (a.seed >= 0) cmd += fmt::format(" --seed {}", a.seed);
  if (a.replicates > 0) cmd += fmt::format(" --replicates {}", a.replicates);
  if (a.steps > 0) cmd += fmt::format(" --steps {}", a.steps);
  return cmd + " --resume";
}

void print_dry_run(const sim::ModelInfo* info, const sim::Scenario& sc, const std::string& out,
                   uint64_t bytes) {
  std::cout << "# resolved scenario\n" << sc.resolved_yaml << "\n";
  std::cout << fmt::format("# model: {}; {} replicate(s) x {} steps; output: {}\n", sc.model,
                           sc.replicates, sc.steps, out);
  std::cout << fmt::format("# memory estimate per run: {}\n",
                           bytes ? human_bytes(static_cast<double>(bytes)) : std::string("unknown"));
  if (info && info->estimate_seconds) {
    const double s = info->estimate_seconds(sc) * sc.replicates;
    std::cout << fmt::format("# time estimate: about {} on one core (rough; divide by the cores used)\n",
                             human_seconds(s));
  }
  std::cout << "# nothing was run (--dry-run)\n";
}

JobSpec build_run(const AppContext& ctx, const RunArgs& a) {
  const auto sc = load_with_cli(ctx, a);
  const sim::ModelInfo* info = ctx.registry.find(sc->model);
  JobSpec spec;
  spec.out_path = !a.job.output.empty()    ? a.job.output
                  : !sc->output.path.empty() ? sc->output.path
                                             : default_output(sc->name);
  const uint64_t bytes = info && info->estimate_memory ? info->estimate_memory(*sc) : 0;
  spec.dry_run = [info, sc, out = spec.out_path, bytes] { print_dry_run(info, *sc, out, bytes); };
  if (!a.job.dry_run) check_memory(bytes, a.job.max_memory_gb);
  spec.plan = sim::pipeline::single_point_plan("run", sc, sc->replicates);
  sim::pipeline::finalize(spec.plan);
  spec.input_file = a.scenario;
  spec.resume_command = resume_command(a, spec.out_path);
  spec.partial_file = true;
  spec.progress_in_steps = true;
  const std::vector<std::string> headline = info ? info->headline : std::vector<std::string>{};
  if (info) spec.materiality = info->materiality;
  spec.report = [quiet = ctx.quiet, name = sc->name, headline, margins = spec.materiality,
                 out = spec.out_path](const std::vector<sim::pipeline::RunFinals>& finals) {
    if (!quiet) sim::pipeline::print_arm_summary(std::cout, finals, {name}, headline, "", margins);
    std::cout << "results: " << out << "\n";
  };
  return spec;
}

}  // namespace

void add_run_commands(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* run = app.add_subcommand(
      "run", "Run a scenario and write its results (HDF5); under mpirun/srun the replicates are "
             "spread over the ranks");
  run->add_option("scenario", args->scenario, "Scenario file (YAML)")->required();
  add_job_flags(run, args->job, "run");
  run->add_option("--seed", args->seed, "Override the scenario's seed")->check(CLI::NonNegativeNumber);
  run->add_option("--replicates", args->replicates, "Override the number of replicates")->check(CLI::Range(1, 100000));
  run->add_option("--steps", args->steps, "Override the number of steps")->check(CLI::Range(1, 10000000));
  run->add_option("--set", args->sets, "Override a scenario key: path.to.key=value (repeatable)");
  run->callback([&ctx, args] {
    ctx.action = [&ctx, args] {
      return run_job_command(ctx, args->job, [&ctx, args] { return build_run(ctx, *args); });
    };
  });

  auto vargs = std::make_shared<RunArgs>();
  CLI::App* val = app.add_subcommand("validate", "Check a scenario file and print the resolved scenario");
  val->add_option("scenario", vargs->scenario, "Scenario file (YAML)")->required();
  val->add_option("--set", vargs->sets, "Override a scenario key: path.to.key=value (repeatable)");
  val->callback([&ctx, vargs] {
    ctx.action = [&ctx, vargs] {
      const auto sc = load_with_cli(ctx, *vargs);
      if (!ctx.quiet) std::cout << sc->resolved_yaml << "\n";
      std::cerr << fmt::format("{}: valid ({} model, {} steps, {} replicate(s))\n", vargs->scenario,
                               sc->model, sc->steps, sc->replicates);
      return 0;
    };
  });
}

}  // namespace govsim::app
