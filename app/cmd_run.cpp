// govsim run / govsim validate
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/app_context.hpp"
#include "app/execute.hpp"
#include "sim/core/error.hpp"

namespace govsim::app {

namespace {

struct RunArgs {
  std::string scenario;
  std::string output;
  int threads = 0;
  int64_t seed = -1;
  int64_t replicates = -1;
  int64_t steps = -1;
  std::vector<std::string> sets;
  bool dry_run = false;
  bool force = false;
  double max_memory_gb = 0.0;
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

uint64_t estimate_bytes(const AppContext& ctx, const sim::Scenario& sc) {
  const sim::ModelInfo* info = ctx.registry.find(sc.model);
  return info && info->estimate_memory ? info->estimate_memory(sc) : 0;
}

int do_run(AppContext& ctx, const RunArgs& a) {
  const auto sc = load_with_cli(ctx, a);
  const sim::ModelInfo* info = ctx.registry.find(sc->model);
  const std::string out = !a.output.empty() ? a.output
                          : !sc->output.path.empty() ? sc->output.path
                                                      : default_output(sc->name);
  const uint64_t bytes = estimate_bytes(ctx, *sc);
  if (a.dry_run) {
    std::cout << "# resolved scenario\n" << sc->resolved_yaml << "\n";
    std::cout << fmt::format("# model: {}; {} replicate(s) x {} steps; output: {}\n", sc->model,
                             sc->replicates, sc->steps, out);
    std::cout << fmt::format("# memory estimate per run: {}\n",
                             bytes ? human_bytes(static_cast<double>(bytes)) : std::string("unknown"));
    if (info && info->estimate_seconds) {
      const double s = info->estimate_seconds(*sc) * sc->replicates;
      std::cout << fmt::format("# time estimate: {:.0f} s on one core (rough; divide by the cores used)\n", s);
    }
    std::cout << "# nothing was run (--dry-run)\n";
    return 0;
  }
  check_memory(bytes, a.max_memory_gb);
  Job job;
  job.header.kind = "run";
  job.header.name = sc->name;
  job.header.model = sc->model;
  job.header.scenario_yaml = sc->resolved_yaml;
  job.header.seed = sc->seed;
  job.header.replicates = sc->replicates;
  job.header.provenance.command_line = ctx.command_line;
  job.header.provenance.threads = a.threads;
  job.out_path = out;
  job.force = a.force;
  job.threads = a.threads;
  job.per_community = sc->output.per_community;
  for (uint32_t r = 0; r < sc->replicates; ++r) job.tasks.push_back({sc->name, sc, r, std::nullopt});
  const auto finals = execute_job(ctx, job);
  if (!ctx.quiet) print_summary(finals, {sc->name}, info ? info->headline : std::vector<std::string>{}, "");
  std::cout << "results: " << out << "\n";
  return 0;
}

}  // namespace

void add_run_commands(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* run = app.add_subcommand("run", "Run a scenario and write its results (HDF5)");
  run->add_option("scenario", args->scenario, "Scenario file (YAML)")->required();
  run->add_option("-o,--output", args->output, "Results file (default: output.path of the scenario, else <name>.h5)");
  run->add_option("-t,--threads", args->threads, "Worker threads (0 = all cores)")->check(CLI::Range(0, 4096));
  run->add_option("--seed", args->seed, "Override the scenario's seed")->check(CLI::NonNegativeNumber);
  run->add_option("--replicates", args->replicates, "Override the number of replicates")->check(CLI::Range(1, 100000));
  run->add_option("--steps", args->steps, "Override the number of steps")->check(CLI::Range(1, 10000000));
  run->add_option("--set", args->sets, "Override a scenario key: path.to.key=value (repeatable)");
  run->add_flag("--dry-run", args->dry_run, "Print the resolved scenario and estimates; run nothing");
  run->add_flag("-f,--force", args->force, "Replace an existing results file");
  run->add_option("--max-memory", args->max_memory_gb, "Memory allowed in GB (default: the machine's available memory)");
  run->callback([&ctx, args] { ctx.action = [&ctx, args] { return do_run(ctx, *args); }; });

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
