#include "sim/pipeline/arm_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>

#include "sim/stats/summary.hpp"

namespace govsim::sim::pipeline {

namespace {

std::vector<bool> supplementary_flags(const std::vector<RunFinals>& runs) {
  std::vector<bool> out;
  if (!runs.empty())
    for (const auto& f : runs.front().finals) out.push_back(f.supplementary);
  return out;
}

std::vector<std::string> metric_names(const std::vector<RunFinals>& runs) {
  std::vector<std::string> names;
  if (!runs.empty())
    for (const auto& f : runs.front().finals) names.push_back(f.name);
  return names;
}

// Final `metric` of every replicate of `arm`, in replicate order (arms pair on replicates).
std::vector<double> values_of(const std::vector<RunFinals>& runs, const std::string& arm,
                              std::size_t metric) {
  std::map<uint32_t, double> by_rep;
  for (const auto& r : runs)
    if (r.arm == arm && metric < r.finals.size()) by_rep[r.replicate] = r.finals[metric].value;
  std::vector<double> v;
  v.reserve(by_rep.size());
  for (const auto& [rep, x] : by_rep) v.push_back(x);
  return v;
}

const Materiality* find_margin(const std::vector<Materiality>& margins, const std::string& name) {
  for (const auto& m : margins)
    if (m.final == name) return &m;
  return nullptr;
}

// Index of `name` in `names` (names.size() when absent).
std::size_t index_of(const std::vector<std::string>& names, const std::string& name) {
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

void print_header(std::ostream& os, bool paired) {
  if (!paired) {
    os << fmt::format("  {:<10} {:>10} {:>23}\n", "arm", "mean", "95% CI");
    return;
  }
  os << fmt::format("  {:<10} {:>10} {:>23} {:>11} {:>23} {:>8}\n", "arm", "mean", "95% CI", "diff",
                    "95% CI of diff", "p(Holm)");
}

}  // namespace

std::vector<std::string> arms_of(const std::vector<RunFinals>& runs) {
  std::vector<std::string> arms;
  for (const auto& r : runs)
    if (std::find(arms.begin(), arms.end(), r.arm) == arms.end()) arms.push_back(r.arm);
  return arms;
}

std::vector<Table> arm_summary_tables(const std::vector<RunFinals>& runs,
                                      const std::vector<std::string>& arms,
                                      const std::string& baseline,
                                      const std::vector<Materiality>& margins) {
  std::vector<Table> out;
  const auto metrics = metric_names(runs);
  if (metrics.empty()) return out;
  if (!margins.empty()) {
    Table mt;
    mt.path = "/summary/materiality";
    mt.columns = {"margin"};
    for (const auto& m : margins) {
      mt.rows.push_back(m.final);
      mt.values.push_back(m.margin);
    }
    out.push_back(std::move(mt));
  }
  Table fin;
  fin.path = "/summary/final";
  fin.rows = arms;
  for (const auto& m : metrics)
    for (const char* s : {"mean", "ci_lo", "ci_hi", "n"}) fin.columns.push_back(m + "." + s);
  for (const auto& arm : arms) {
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      const auto iv = stats::mean_interval(values_of(runs, arm, m));
      fin.values.insert(fin.values.end(), {iv.mean, iv.lo, iv.hi, static_cast<double>(iv.n)});
    }
  }
  out.push_back(std::move(fin));
  if (baseline.empty()) return out;
  Table paired;
  paired.path = "/summary/paired_vs_" + baseline;
  for (const auto& m : metrics)
    for (const char* s : {"diff", "ci_lo", "ci_hi", "n", "p", "p_holm"}) paired.columns.push_back(m + "." + s);
  // Two Holm families: the finals, and the supplementary finals (e.g. drifts), so that adding
  // supplementary finals leaves every other p_holm as it was.
  const auto supp = supplementary_flags(runs);
  std::vector<double> p_main, p_supp;
  for (const auto& arm : arms) {
    if (arm == baseline) continue;
    paired.rows.push_back(arm);
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      const auto a = values_of(runs, arm, m), b = values_of(runs, baseline, m);
      const auto d = stats::paired_difference(a, b);
      const double p = stats::paired_p_value(a, b);
      (supp[m] ? p_supp : p_main).push_back(p);
      paired.values.insert(paired.values.end(), {d.mean, d.lo, d.hi, static_cast<double>(d.n), p, 0.0});
    }
  }
  const auto adj_main = stats::holm_adjust(p_main), adj_supp = stats::holm_adjust(p_supp);
  std::size_t i_main = 0, i_supp = 0;
  for (std::size_t i = 0; i < paired.values.size() / 6; ++i)
    paired.values[i * 6 + 5] = supp[i % metrics.size()] ? adj_supp[i_supp++] : adj_main[i_main++];
  if (!paired.rows.empty()) out.push_back(std::move(paired));
  return out;
}

void print_arm_summary(std::ostream& os, const std::vector<RunFinals>& runs,
                       const std::vector<std::string>& arms, const std::vector<std::string>& wanted,
                       const std::string& baseline, const std::vector<Materiality>& margins) {
  const auto all = metric_names(runs);
  std::vector<std::size_t> idx;
  for (const auto& w : wanted)
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
          p_all.push_back(stats::paired_p_value(values_of(runs, arm, m), values_of(runs, baseline, m)));
  const auto adj = stats::holm_adjust(p_all);

  bool any_negligible = false, any_drift = false;
  std::size_t k = 0;
  for (auto m : idx) {
    const Materiality* mm = find_margin(margins, all[m]);
    const std::size_t drift = mm ? index_of(all, all[m] + "_drift") : all.size();
    os << "\n" << all[m];
    if (mm) os << fmt::format("  (materiality m = {:g})", mm->margin);
    os << "\n";
    print_header(os, !baseline.empty());
    for (const auto& arm : arms) {
      const auto iv = stats::mean_interval(values_of(runs, arm, m));
      std::string line = fmt::format("  {:<10} {:>10.4f} {:>23}", arm, iv.mean,
                                     fmt::format("[{:.4f}, {:.4f}]", iv.lo, iv.hi));
      if (!baseline.empty() && arm != baseline) {
        const auto d = stats::paired_difference(values_of(runs, arm, m), values_of(runs, baseline, m));
        const double p = adj[k++];
        const bool sig = std::isfinite(p) && p < 0.05;
        const bool negligible = sig && mm && !(d.lo > mm->margin || d.hi < -mm->margin);
        any_negligible = any_negligible || negligible;
        line += fmt::format(" {:>+11.4f} {:>23} {:>8}{}", d.mean,
                            fmt::format("[{:+.4f}, {:+.4f}]", d.lo, d.hi),
                            std::isfinite(p) ? fmt::format("{:.3g}", p) : std::string("-"),
                            negligible ? " negligible" : sig ? " *" : "");
      }
      if (drift < all.size()) {
        const double dr = stats::mean_interval(values_of(runs, arm, drift)).mean;
        if (std::isfinite(dr) && std::fabs(dr) > mm->margin) {
          line += fmt::format(" ~drift {:+.4f}/yr", dr);
          any_drift = true;
        }
      }
      os << line << "\n";
    }
  }
  os << "\n";
  if (any_drift)
    os << "~drift = the arm's mean drift (last 26 weeks against the 26 before, per year) exceeds m:\n"
          "its value depends on the horizon.\n";
  if (baseline.empty()) {
    os << "mean over replicates with a 95% t-interval.\n";
    return;
  }
  os << fmt::format(
      "Final values: means over the last window (model-defined), over {} replicates.\n"
      "diff = paired difference from {} (replicate r of every arm shares its random numbers),\n"
      "95% t-interval; p(Holm) = paired t-test p-value adjusted by Holm's step-down method over\n"
      "all {} arm x metric comparisons printed; * = significant at 0.05 after the correction\n"
      "(and, where the metric has a materiality margin m, material: the interval excludes +-m).\n",
      runs.empty() ? 0 : runs.size() / std::max<std::size_t>(1, arms.size()), baseline, p_all.size());
  if (any_negligible)
    os << "negligible = significant, but the 95% interval of diff does not exclude +-m (the\n"
          "materiality margin): not counted as an effect.\n";
}

}  // namespace govsim::sim::pipeline
