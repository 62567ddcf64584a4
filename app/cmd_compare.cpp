// govsim compare COMPARE.yaml -o results.h5: every arm with R replicates under common random
// numbers (replicate r has the same seed in every arm), all series written, and a table of each
// arm's final values with the paired difference from the first arm. The plan (arms x
// replicates, replicate-major) runs through the one pipeline (app/job_command.hpp).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/app_context.hpp"
#include "app/cmd_compare_posterior.hpp"
#include "app/job_command.hpp"
#include "sim/core/error.hpp"
#include "sim/pipeline/arm_summary.hpp"

namespace govsim::app {

namespace {

struct CompareArgs {
  std::string file;
  JobFlags job;
  int64_t replicates = -1;
  std::vector<std::string> sets;
  std::string posterior;  // --posterior calib.h5: over the plausible set (cmd_compare_posterior.hpp)
  int64_t draws = -1;
};

std::string resume_command(const CompareArgs& a, const std::string& out) {
  std::string cmd = fmt::format("govsim compare {} -o {}", a.file, out);
  for (const auto& s : a.sets) cmd += fmt::format(" --set '{}'", s);
  if (a.replicates > 0) cmd += fmt::format(" --replicates {}", a.replicates);
  return cmd + " --resume";
}

JobSpec build_compare(const AppContext& ctx, const CompareArgs& a) {
  auto cmp = sim::load_comparison(a.file, ctx.catalog, to_overrides(a.sets));
  if (cmp.arms.empty()) throw sim::InputError(fmt::format("{}: error: compare.arms: no arms", a.file));
  const uint32_t reps = a.replicates > 0 ? static_cast<uint32_t>(a.replicates) : cmp.replicates;
  JobSpec spec;
  spec.out_path = !a.job.output.empty()     ? a.job.output
                  : !cmp.output.path.empty() ? cmp.output.path
                                             : default_output(cmp.name);
  uint64_t bytes = 0;
  std::vector<sim::pipeline::PlanArm> arms;
  std::vector<std::string> names;
  for (const auto& arm : cmp.arms) {
    arms.push_back({arm.name, arm.scenario, {}});
    names.push_back(arm.name);
    for (const auto& w : arm.scenario->warnings) spdlog::warn("{}: {}", arm.name, w);
    const sim::ModelInfo* info = ctx.registry.find(arm.scenario->model);
    if (info && info->estimate_memory) bytes = std::max(bytes, info->estimate_memory(*arm.scenario));
  }
  spec.dry_run = [cmp, reps, out = spec.out_path, bytes] {
    std::cout << fmt::format("# comparison {}: {} arms x {} replicates = {} runs; output {}\n", cmp.name,
                             cmp.arms.size(), reps, cmp.arms.size() * reps, out);
    std::cout << fmt::format("# memory estimate per run: {}\n", human_bytes(static_cast<double>(bytes)));
    for (const auto& arm : cmp.arms) std::cout << "# arm " << arm.name << "\n" << arm.scenario->resolved_yaml << "\n";
  };
  if (!a.job.dry_run) check_memory(bytes, a.job.max_memory_gb);
  // Replicate-major order: every arm of replicate 0 first, so an interrupted comparison keeps
  // complete pairs.
  spec.plan = sim::pipeline::arms_plan("compare", arms, reps);
  spec.plan.name = cmp.name;
  spec.plan.resolved_yaml = cmp.resolved_yaml;
  spec.plan.seed = cmp.seed;
  sim::pipeline::finalize(spec.plan);
  spec.input_file = a.file;
  spec.resume_command = resume_command(a, spec.out_path);
  spec.partial_file = true;
  spec.progress_in_steps = true;
  spec.baseline = cmp.arms.front().name;
  const sim::ModelInfo* info = ctx.registry.find(spec.plan.model);
  const std::vector<std::string> headline = info ? info->headline : std::vector<std::string>{};
  if (info) spec.materiality = info->materiality;
  spec.report = [names, headline, baseline = spec.baseline, margins = spec.materiality,
                 out = spec.out_path](const std::vector<sim::pipeline::RunFinals>& finals) {
    sim::pipeline::print_arm_summary(std::cout, finals, names, headline, baseline, margins);
    std::cout << "results: " << out << "\n";
  };
  add_one_point_hypotheses(ctx, cmp, spec);
  return spec;
}

}  // namespace

void add_compare_command(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare", "Run the arms of a comparison with common random numbers and print the table; "
                 "under mpirun/srun the runs are spread over the ranks");
  cmd->add_option("compare_file", args->file, "Comparison file (YAML with compare: arms)")->required();
  add_job_flags(cmd, args->job, "comparison");
  cmd->add_option("--replicates", args->replicates, "Override the replicates per arm")->check(CLI::Range(1, 100000));
  cmd->add_option("--set", args->sets, "Override a key (compare.* / output.* for the file, else every arm)");
  cmd->add_option("--posterior", args->posterior,
                  "Calibration results file (govsim calibrate): compare over its plausible set");
  cmd->add_option("--draws", args->draws, "With --posterior: draws from the population (default: robust.draws, else 50)")
      ->check(CLI::Range(1, 100000));
  cmd->callback([&ctx, args] {
    ctx.action = [&ctx, args] {
      if (!args->posterior.empty()) {
        const PosteriorCompareArgs pa{args->file, args->posterior, args->draws, args->replicates, args->sets,
                                      args->job.output};
        return run_job_command(ctx, args->job, [&ctx, pa] { return build_compare_posterior(ctx, pa); });
      }
      if (args->draws > 0) {
        std::cerr << "error: --draws needs --posterior calib.h5\n";
        return 2;
      }
      return run_job_command(ctx, args->job, [&ctx, args] { return build_compare(ctx, *args); });
    };
  });
}

}  // namespace govsim::app
