#include "sim/calibrate/calibration_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <ostream>

#include "sim/calibrate/posterior.hpp"

namespace govsim::sim::calibrate {

std::vector<ParameterSummary> summarize_parameters(const CalibrationRecord& r) {
  std::vector<ParameterSummary> out;
  if (r.generations.empty()) return out;
  const Generation& g = r.generations.back();
  const std::size_t d = r.parameters.size(), n = g.size();
  for (std::size_t k = 0; k < d; ++k) {
    const Parameter& p = r.parameters[k];
    ParameterSummary s;
    s.name = p.name;
    const CredibleInterval ci = marginal_interval(g.particles, d, g.weights, k, 0.9);
    s.median = ci.median;
    s.lo = ci.lo;
    s.hi = ci.hi;
    const double zlo = kernel_lo(p), zhi = kernel_hi(p), width = zhi - zlo;
    std::vector<double> z(n);
    for (std::size_t i = 0; i < n; ++i) z[i] = to_kernel(p, g.particles[i * d + k]);
    const double zm = weighted_quantile(z, g.weights, 0.5);
    const double z5 = weighted_quantile(z, g.weights, 0.05), z95 = weighted_quantile(z, g.weights, 0.95);
    s.width_ratio = (z95 - z5) / (0.9 * width);
    s.shift = (zm - 0.5 * (zlo + zhi)) / width;
    out.push_back(s);
  }
  return out;
}

std::vector<TargetSummary> summarize_targets(const CalibrationRecord& r) {
  std::vector<TargetSummary> out;
  if (r.generations.empty()) return out;
  const Generation& g = r.generations.back();
  const std::size_t nt = r.targets.size(), n = g.size();
  for (std::size_t t = 0; t < nt; ++t) {
    TargetSummary s;
    s.name = r.targets[t].name;
    s.definition = target_definition(r.targets[t]);
    std::vector<double> q, w;
    double inside = 0.0, total = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = g.quantities.empty() ? std::nan("") : g.quantities[i * nt + t];
      total += g.weights[i];
      if (!std::isfinite(v)) continue;
      q.push_back(v);
      w.push_back(g.weights[i]);
      if (target_distance(r.targets[t], v) == 0.0) inside += g.weights[i];
    }
    s.median = weighted_quantile(q, w, 0.5);
    s.lo = weighted_quantile(q, w, 0.05);
    s.hi = weighted_quantile(q, w, 0.95);
    s.inside = total > 0 ? inside / total : std::nan("");
    out.push_back(s);
  }
  return out;
}

void print_calibration_summary(std::ostream& out, const CalibrationRecord& r, std::size_t max_parameters) {
  out << fmt::format("# calibration {} (model {}): {} free parameter(s), {} target(s), population {}, "
                     "{} replicate(s) per particle, kernel {}, seed {}\n",
                     r.name, r.model, r.parameters.size(), r.targets.size(), r.settings.population,
                     r.settings.replicates, to_string(r.settings.kernel), r.seed);
  out << fmt::format("# {}; {} generation(s) stored\n",
                     r.finished ? "finished: " + stop_reason_text(r.stop) : std::string("not finished"),
                     r.generations.size());
  if (r.generations.empty()) return;
  const Generation& last = r.generations.back();
  out << fmt::format("# posterior = generation {}: epsilon {:.4g}, ESS {:.1f} of {}\n\n", last.number,
                     last.epsilon, last.ess, last.size());

  std::vector<ParameterSummary> ps = summarize_parameters(r);
  std::stable_sort(ps.begin(), ps.end(),
                   [](const ParameterSummary& a, const ParameterSummary& b) { return a.width_ratio < b.width_ratio; });
  const std::size_t show = max_parameters == 0 ? ps.size() : std::min(ps.size(), max_parameters);
  std::size_t w = 9;
  for (const auto& p : ps) w = std::max(w, p.name.size());
  out << fmt::format("parameters (posterior median and 90% interval; width = posterior/prior 90% width, "
                     "shift = median shift in prior widths; most informed first)\n");
  out << fmt::format("{:<{}}  {:>11}  {:>11}  {:>11}  {:>11}  {:>11}  {:>6}  {:>6}\n", "parameter", w, "prior lo",
                     "prior hi", "median", "5%", "95%", "width", "shift");
  for (std::size_t i = 0; i < show; ++i) {
    const ParameterSummary& p = ps[i];
    const auto it = std::find_if(r.parameters.begin(), r.parameters.end(),
                                 [&](const Parameter& q) { return q.name == p.name; });
    out << fmt::format("{:<{}}  {:>11.4g}  {:>11.4g}  {:>11.4g}  {:>11.4g}  {:>11.4g}  {:>6.2f}  {:>+6.2f}{}\n", p.name, w,
                       it->lo, it->hi, p.median, p.lo, p.hi, p.width_ratio, p.shift,
                       it->prior == PriorKind::kLogUniform ? "  (log)" : "");
  }
  if (show < ps.size()) out << fmt::format("... ({} more parameters)\n", ps.size() - show);

  out << "\ntargets (posterior predictive: median and 90% interval of the particles' values; inside = "
         "weighted share meeting the target)\n";
  std::size_t tw = 6;
  for (const auto& t : r.targets) tw = std::max(tw, t.name.size());
  out << fmt::format("{:<{}}  {:>11}  {:>11}  {:>11}  {:>7}  {}\n", "target", tw, "median", "5%", "95%", "inside",
                     "pattern");
  for (const auto& t : summarize_targets(r))
    out << fmt::format("{:<{}}  {:>11.4g}  {:>11.4g}  {:>11.4g}  {:>6.1f}%  {}\n", t.name, tw, t.median, t.lo, t.hi,
                       100.0 * t.inside, t.definition);

  out << "\ngenerations\n";
  out << fmt::format("{:>3}  {:>10}  {:>10}  {:>9}  {:>8}  {:>9}  {:>11}  {:>6}\n", "gen", "epsilon", "acceptance",
                     "proposals", "ESS", "wall s", "calibrator s", "share");
  for (std::size_t g = 0; g < r.generations.size(); ++g) {
    const Generation& gen = r.generations[g];
    const double wall = g < r.wall_seconds.size() ? r.wall_seconds[g] : std::nan("");
    const double cal = g < r.calibrator_seconds.size() ? r.calibrator_seconds[g] : std::nan("");
    out << fmt::format("{:>3}  {:>10.4g}  {:>10.3f}  {:>9}  {:>8.1f}  {:>9.1f}  {:>11.2f}  {:>5.1f}%\n", g, gen.epsilon,
                       gen.acceptance_rate, gen.proposals, gen.ess, wall, cal, 100.0 * cal / wall);
  }
  const double wall = std::accumulate(r.wall_seconds.begin(), r.wall_seconds.end(), 0.0);
  const double cal = std::accumulate(r.calibrator_seconds.begin(), r.calibrator_seconds.end(), 0.0);
  out << fmt::format("total: {:.1f} s wall, of which the calibrator's own {:.2f} s ({:.2f}%)\n", wall, cal,
                     wall > 0 ? 100.0 * cal / wall : 0.0);
}

}  // namespace govsim::sim::calibrate
