// govsim compare COMPARE.yaml -o results.h5: every arm with R replicates under common random
// numbers (replicate r has the same seed in every arm), all series written, and a table of each
// arm's final values with the paired difference from the first arm.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/app_context.hpp"
#include "app/execute.hpp"
#include "sim/core/error.hpp"

namespace govsim::app {

namespace {

struct CompareArgs {
  std::string file;
  std::string output;
  int threads = 0;
  int64_t replicates = -1;
  std::vector<std::string> sets;
  bool force = false;
  bool dry_run = false;
  double max_memory_gb = 0.0;
};

int do_compare(AppContext& ctx, const CompareArgs& a) {
  auto cmp = sim::load_comparison(a.file, ctx.catalog, to_overrides(a.sets));
  if (cmp.arms.empty()) throw sim::InputError(fmt::format("{}: error: compare.arms: no arms", a.file));
  const uint32_t reps = a.replicates > 0 ? static_cast<uint32_t>(a.replicates) : cmp.replicates;
  const std::string out = !a.output.empty() ? a.output
                          : !cmp.output.path.empty() ? cmp.output.path
                                                      : default_output(cmp.name);
  uint64_t bytes = 0;
  std::vector<std::string> arms;
  for (const auto& arm : cmp.arms) {
    arms.push_back(arm.name);
    for (const auto& w : arm.scenario->warnings) spdlog::warn("{}: {}", arm.name, w);
    const sim::ModelInfo* info = ctx.registry.find(arm.scenario->model);
    if (info && info->estimate_memory) bytes = std::max(bytes, info->estimate_memory(*arm.scenario));
  }
  if (a.dry_run) {
    std::cout << fmt::format("# comparison {}: {} arms x {} replicates = {} runs; output {}\n", cmp.name,
                             cmp.arms.size(), reps, cmp.arms.size() * reps, out);
    std::cout << fmt::format("# memory estimate per run: {}\n", human_bytes(static_cast<double>(bytes)));
    for (const auto& arm : cmp.arms) std::cout << "# arm " << arm.name << "\n" << arm.scenario->resolved_yaml << "\n";
    return 0;
  }
  check_memory(bytes, a.max_memory_gb);
  Job job;
  job.header.kind = "compare";
  job.header.name = cmp.name;
  job.header.model = cmp.arms.front().scenario->model;
  job.header.scenario_yaml = cmp.resolved_yaml;
  job.header.seed = cmp.seed;
  job.header.replicates = reps;
  job.header.provenance.command_line = ctx.command_line;
  job.header.provenance.threads = a.threads;
  job.out_path = out;
  job.force = a.force;
  job.threads = a.threads;
  job.baseline_arm = cmp.arms.front().name;
  // Replicate-major order: every arm of replicate 0 first, so an interrupted comparison keeps
  // complete pairs.
  for (uint32_t r = 0; r < reps; ++r)
    for (const auto& arm : cmp.arms) job.tasks.push_back({arm.name, arm.scenario, r, std::nullopt});
  job.per_community = cmp.arms.front().scenario->output.per_community;
  const auto finals = execute_job(ctx, job);
  const sim::ModelInfo* info = ctx.registry.find(job.header.model);
  print_summary(finals, arms, info ? info->headline : std::vector<std::string>{}, job.baseline_arm);
  std::cout << "results: " << out << "\n";
  return 0;
}

}  // namespace

void add_compare_command(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand("compare", "Run the arms of a comparison with common random numbers and print the table");
  cmd->add_option("compare_file", args->file, "Comparison file (YAML with compare: arms)")->required();
  cmd->add_option("-o,--output", args->output, "Results file (default: output.path of the file, else <name>.h5)");
  cmd->add_option("-t,--threads", args->threads, "Worker threads (0 = all cores)")->check(CLI::Range(0, 4096));
  cmd->add_option("--replicates", args->replicates, "Override the replicates per arm")->check(CLI::Range(1, 100000));
  cmd->add_option("--set", args->sets, "Override a key (compare.* / output.* for the file, else every arm)");
  cmd->add_flag("-f,--force", args->force, "Replace an existing results file");
  cmd->add_flag("--dry-run", args->dry_run, "Print the arms and estimates; run nothing");
  cmd->add_option("--max-memory", args->max_memory_gb, "Memory allowed in GB");
  cmd->callback([&ctx, args] { ctx.action = [&ctx, args] { return do_compare(ctx, *args); }; });
}

}  // namespace govsim::app
