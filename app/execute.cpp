#include "app/execute.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>

#include "sim/core/error.hpp"
#include "sim/stats/summary.hpp"

namespace govsim::app {

namespace fs = std::filesystem;

std::string default_output(const std::string& name) { return (name.empty() ? "results" : name) + ".h5"; }

namespace {

std::vector<std::string> metric_names(const std::vector<RunFinals>& runs) {
  std::vector<std::string> names;
  if (!runs.empty())
    for (const auto& f : runs.front().finals) names.push_back(f.name);
  return names;
}

std::vector<double> values_of(const std::vector<RunFinals>& runs, const std::string& arm,
                              std::size_t metric) {
  // Indexed by replicate so that arms pair on replicate (common random numbers).
  std::map<uint32_t, double> by_rep;
  for (const auto& r : runs)
    if (r.arm == arm && metric < r.finals.size()) by_rep[r.replicate] = r.finals[metric].value;
  std::vector<double> v;
  for (const auto& [rep, x] : by_rep) v.push_back(x);
  return v;
}

}  // namespace

void write_summary(sim::ResultFile& file, const std::vector<RunFinals>& runs,
                   const std::vector<std::string>& arms, const std::string& baseline) {
  const auto metrics = metric_names(runs);
  if (metrics.empty()) return;
  std::vector<std::string> cols;
  for (const auto& m : metrics)
    for (const char* s : {"mean", "ci_lo", "ci_hi", "n"}) cols.push_back(m + "." + s);
  std::vector<double> vals;
  for (const auto& arm : arms) {
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      const auto iv = sim::stats::mean_interval(values_of(runs, arm, m));
      vals.insert(vals.end(), {iv.mean, iv.lo, iv.hi, static_cast<double>(iv.n)});
    }
  }
  file.write_table("/summary/final", arms, cols, vals);
  if (baseline.empty()) return;
  std::vector<std::string> rows, dcols;
  for (const auto& m : metrics)
    for (const char* s : {"diff", "ci_lo", "ci_hi", "n", "p", "p_holm"}) dcols.push_back(m + "." + s);
  std::vector<double> p_all;
  std::vector<double> dv;
  for (const auto& arm : arms) {
    if (arm == baseline) continue;
    rows.push_back(arm);
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      const auto a = values_of(runs, arm, m), b = values_of(runs, baseline, m);
      const auto d = sim::stats::paired_difference(a, b);
      const double p = sim::stats::paired_p_value(a, b);
      p_all.push_back(p);
      dv.insert(dv.end(), {d.mean, d.lo, d.hi, static_cast<double>(d.n), p, 0.0});
    }
  }
  const auto adj = sim::stats::holm_adjust(p_all);
  for (std::size_t i = 0; i < adj.size(); ++i) dv[i * 6 + 5] = adj[i];
  if (!rows.empty()) file.write_table("/summary/paired_vs_" + baseline, rows, dcols, dv);
}

void print_summary(const std::vector<RunFinals>& runs, const std::vector<std::string>& arms,
                   const std::vector<std::string>& metrics_wanted, const std::string& baseline) {
  const auto all = metric_names(runs);
  std::vector<std::size_t> idx;
  for (const auto& w : metrics_wanted)
    for (std::size_t m = 0; m < all.size(); ++m)
      if (all[m] == w) idx.push_back(m);
  if (idx.empty())
    for (std::size_t m = 0; m < all.size(); ++m) idx.push_back(m);

  // Holm correction over every (arm, metric) comparison printed.
  std::vector<double> p_all;
  if (!baseline.empty())
    for (auto m : idx)
      for (const auto& arm : arms)
        if (arm != baseline)
          p_all.push_back(sim::stats::paired_p_value(values_of(runs, arm, m), values_of(runs, baseline, m)));
  const auto adj = sim::stats::holm_adjust(p_all);

  std::size_t k = 0;
  for (auto m : idx) {
    std::cout << "\n" << all[m] << "\n";
    if (baseline.empty()) {
      std::cout << fmt::format("  {:<10} {:>10} {:>23}\n", "arm", "mean", "95% CI");
    } else {
      std::cout << fmt::format("  {:<10} {:>10} {:>23} {:>11} {:>23} {:>8}\n", "arm", "mean",
                               "95% CI", "diff", "95% CI of diff", "p(Holm)");
    }
    for (const auto& arm : arms) {
      const auto iv = sim::stats::mean_interval(values_of(runs, arm, m));
      std::string line = fmt::format("  {:<10} {:>10.4f} {:>23}", arm, iv.mean,
                                     fmt::format("[{:.4f}, {:.4f}]", iv.lo, iv.hi));
      if (!baseline.empty() && arm != baseline) {
        const auto d = sim::stats::paired_difference(values_of(runs, arm, m), values_of(runs, baseline, m));
        const double p = adj[k++];
        line += fmt::format(" {:>+11.4f} {:>23} {:>8}{}", d.mean,
                            fmt::format("[{:+.4f}, {:+.4f}]", d.lo, d.hi),
                            std::isfinite(p) ? fmt::format("{:.3g}", p) : std::string("-"),
                            std::isfinite(p) && p < 0.05 ? " *" : "");
      }
      std::cout << line << "\n";
    }
  }
  std::cout << "\n";
  if (!baseline.empty()) {
    std::cout << fmt::format(
        "Final values: means over the last window (model-defined), over {} replicates.\n"
        "diff = paired difference from {} (replicate r of every arm shares its random numbers),\n"
        "95% t-interval; p(Holm) = paired t-test p-value adjusted by Holm's step-down method over\n"
        "all {} arm x metric comparisons printed; * = significant at 0.05 after the correction.\n",
        runs.empty() ? 0 : runs.size() / std::max<std::size_t>(1, arms.size()), baseline, p_all.size());
  } else {
    std::cout << "mean over replicates with a 95% t-interval.\n";
  }
}

std::vector<RunFinals> execute_job(AppContext& ctx, const Job& job) {
  sim::ResultFile file(job.out_path, job.force, job.header);
  std::vector<RunFinals> finals;
  std::vector<std::string> arms;
  Progress progress(!ctx.quiet, job.header.kind);
  const auto start = std::chrono::steady_clock::now();
  sim::BatchOptions bo;
  bo.threads = job.threads;
  bo.stop_signal = &g_stop_signal;
  // Progress in steps over all runs (a single long run shows its steps too).
  bo.on_steps = [&](uint64_t done, uint64_t total) {
    progress.update(static_cast<double>(done), static_cast<double>(total), "steps");
  };
  auto consume = [&](std::size_t i, sim::RunResult&& r) {
    const auto& task = job.tasks[i];
    file.write_run(r, task.scenario->model, task.scenario->resolved_yaml, job.per_community);
    if (arms.empty() || std::find(arms.begin(), arms.end(), r.arm) == arms.end()) arms.push_back(r.arm);
    finals.push_back({r.arm, r.replicate, std::move(r.finals)});
  };
  try {
    sim::run_batch(ctx.registry, job.tasks, bo, consume);
  } catch (const sim::Interrupted& e) {
    progress.finish();
    if (finals.empty()) {
      std::cerr << fmt::format("interrupted: no run had finished; nothing was written\n");
    } else {
      fs::path p(job.out_path);
      const std::string partial = (p.parent_path() / p.stem()).string() + ".partial.h5";
      file.set_root_attribute("complete", "false");
      write_summary(file, finals, arms, job.baseline_arm);
      file.commit_to(partial, true);
      std::cerr << fmt::format(
          "interrupted: {} of {} runs had finished; they are kept in {} (marked incomplete); "
          "{} was not written\n",
          finals.size(), job.tasks.size(), partial, job.out_path);
    }
    throw;
  }
  progress.finish();
  file.set_root_attribute("complete", "true");
  write_summary(file, finals, arms, job.baseline_arm);
  file.commit();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("wrote {} ({} runs, {:.1f} s)", job.out_path, job.tasks.size(), secs);
  return finals;
}

}  // namespace govsim::app
