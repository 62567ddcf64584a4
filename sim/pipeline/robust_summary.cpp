#include "sim/pipeline/robust_summary.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <ostream>
#include <span>

namespace govsim::sim::pipeline {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t index_in(const std::vector<std::string>& v, const std::string& x) {
  return static_cast<std::size_t>(std::find(v.begin(), v.end(), x) - v.begin());
}

stats::Direction direction(int better) { return better < 0 ? stats::Direction::kLower : stats::Direction::kHigher; }

stats::Table draw_matrix(const Draws& d) {
  return stats::Table(d.k, d.names.size(), d.values);
}

std::string draw_label(std::size_t d) { return fmt::format("d{:04d}", d); }

std::string fmt_num(double x) {
  if (!std::isfinite(x)) return "-";
  return fmt::format("{:.4g}", x);
}

OutcomeResult one_outcome(const std::vector<RunFinals>& finals, const RobustInput& in,
                          const RobustOutcome& o) {
  OutcomeResult r;
  r.values = draw_values(finals, in.arms, o.name, in.draws.k, in.replicates);
  r.effects = stats::effects_vs_base(r.values, in.base, o.margin);
  const stats::Table x = draw_matrix(in.draws);
  r.src.resize(in.arms.size());
  for (std::size_t a = 0; a < in.arms.size(); ++a) {
    if (a == in.base || x.cols == 0) continue;
    std::vector<double> y(r.values.rows);
    for (std::size_t d = 0; d < r.values.rows; ++d) y[d] = r.values.at(d, a) - r.values.at(d, in.base);
    r.src[a] = stats::standardised_regression(x, y);
  }
  r.ranked = o.better != 0;
  if (!r.ranked) return r;
  const stats::Direction dir = direction(o.better);
  r.ranking = stats::rank_arms(r.values, dir);
  if (x.cols == 0) return r;
  for (std::size_t a = 0; a < in.arms.size(); ++a) {
    const double p = r.ranking.p_best[a];
    if (!(p > 0.0 && p < 1.0)) continue;
    std::vector<double> y = stats::best_share(r.values, a, dir);
    for (double& v : y)
      if (std::isfinite(v)) v = 1.0 - v;  // 1 where the arm is not the best
    r.prim.push_back({a, stats::prim(x, y)});
  }
  return r;
}

std::vector<double> effect_row(const stats::Effect& e, double m) {
  return {e.mean, e.lo, e.hi, e.p_above, e.p_below, m, static_cast<double>(e.n)};
}

}  // namespace

double verdict_code(stats::Verdict v) {
  switch (v) {
    case stats::Verdict::kSupported: return 0;
    case stats::Verdict::kRefuted: return 1;
    case stats::Verdict::kUndecided: return 2;
    case stats::Verdict::kNoData: return 3;
  }
  return 3;
}

stats::Table draw_values(const std::vector<RunFinals>& finals, const std::vector<std::string>& arms,
                         const std::string& name, std::size_t draws, uint32_t replicates) {
  const std::size_t na = arms.size();
  std::vector<double> sum(draws * na, 0.0), cnt(draws * na, 0.0);
  for (const auto& f : finals) {
    const std::size_t a = index_in(arms, f.arm);
    const auto [d, r] = draw_of(f.replicate, replicates);
    (void)r;
    if (a >= na || d >= draws) continue;
    for (const auto& v : f.finals)
      if (v.name == name && std::isfinite(v.value)) {
        sum[d * na + a] += v.value;
        cnt[d * na + a] += 1.0;
      }
  }
  std::vector<double> out(draws * na);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = cnt[i] > 0 ? sum[i] / cnt[i] : kNaN;
  return stats::Table(draws, na, std::move(out));
}

RobustResult robust_summary(const std::vector<RunFinals>& finals, const RobustInput& in) {
  RobustResult r;
  for (const auto& o : in.outcomes) r.outcomes.push_back(one_outcome(finals, in, o));
  for (const auto& h : in.hypotheses) {
    int better = 1;
    for (const auto& o : in.outcomes)
      if (o.name == h.outcome) better = o.better == 0 ? 1 : o.better;
    const stats::Table v = draw_values(finals, in.arms, h.outcome, in.draws.k, in.replicates);
    stats::Hypothesis sh{h.name, index_in(in.arms, h.arm), index_in(in.arms, h.beats), h.by, direction(better)};
    if (sh.a >= in.arms.size() || sh.b >= in.arms.size()) {
      r.hypotheses.push_back({});
      continue;
    }
    r.hypotheses.push_back(stats::test_hypothesis(v, sh, in.level));
  }
  return r;
}

namespace {

void outcome_tables(std::vector<Table>& t, const OutcomeResult& o, const RobustOutcome& spec,
                    const RobustInput& in) {
  const std::string p = "/robust/" + spec.name;
  std::vector<std::string> draws;
  for (std::size_t d = 0; d < in.draws.k; ++d) draws.push_back(draw_label(d));
  t.push_back({p + "/values", draws, in.arms, o.values.values});
  Table eff{p + "/effect", in.arms, {"mean", "lo", "hi", "p_above", "p_below", "m", "n"}, {}};
  for (const auto& e : o.effects) {
    const auto row = effect_row(e, spec.margin);
    eff.values.insert(eff.values.end(), row.begin(), row.end());
  }
  t.push_back(std::move(eff));
  const std::vector<std::string>& cols = in.draws.names;
  if (!cols.empty()) {
    Table src{p + "/src", {}, cols, {}};
    src.columns.push_back("r2");
    src.columns.push_back("n");
    for (std::size_t a = 0; a < in.arms.size(); ++a) {
      if (a == in.base) continue;
      src.rows.push_back(in.arms[a]);
      const stats::Src& s = o.src[a];
      for (std::size_t j = 0; j < cols.size(); ++j) src.values.push_back(j < s.coef.size() ? s.coef[j] : kNaN);
      src.values.push_back(s.r2);
      src.values.push_back(static_cast<double>(s.n));
    }
    t.push_back(std::move(src));
  }
  if (!o.ranked) return;
  std::vector<std::string> ranks;
  for (std::size_t k = 0; k < in.arms.size(); ++k) ranks.push_back(fmt::format("rank{}", k + 1));
  t.push_back({p + "/ranks", in.arms, ranks, o.ranking.ranks});
  t.push_back({p + "/beats", in.arms, in.arms, o.ranking.beats});
  if (cols.empty()) return;
  Table prim{p + "/prim", {}, {}, {}};
  for (const auto& c : cols) {
    prim.columns.push_back(c + ".lo");
    prim.columns.push_back(c + ".hi");
  }
  for (const char* c : {"density", "coverage", "support", "count", "n", "base_density", "p_best"})
    prim.columns.emplace_back(c);
  for (const auto& ap : o.prim) {
    prim.rows.push_back(in.arms[ap.arm]);
    const stats::PrimBox& b = ap.result.box;
    for (std::size_t j = 0; j < cols.size(); ++j) {
      prim.values.push_back(b.lo[j]);
      prim.values.push_back(b.hi[j]);
    }
    for (double v : {b.density, b.coverage, b.support, static_cast<double>(b.count),
                     static_cast<double>(ap.result.n), ap.result.base_density, o.ranking.p_best[ap.arm]})
      prim.values.push_back(v);
  }
  t.push_back(std::move(prim));
}

Table hypotheses_table(const std::string& path, const RobustResult& r, const RobustInput& in) {
  Table t{path, {}, {"probability", "verdict", "n", "by"}, {}};
  for (std::size_t i = 0; i < in.hypotheses.size(); ++i) {
    t.rows.push_back(in.hypotheses[i].name);
    const auto& h = r.hypotheses[i];
    t.values.insert(t.values.end(), {h.n > 0 ? h.probability : kNaN, verdict_code(h.verdict),
                                     static_cast<double>(h.n), in.hypotheses[i].by});
  }
  return t;
}

}  // namespace

std::vector<Table> robust_tables(const RobustResult& r, const RobustInput& in, bool one_point) {
  std::vector<Table> t;
  if (one_point) {
    if (!in.hypotheses.empty()) t.push_back(hypotheses_table("/summary/hypotheses", r, in));
    return t;
  }
  std::vector<std::string> draws;
  for (std::size_t d = 0; d < in.draws.k; ++d) draws.push_back(draw_label(d));
  Table dt{"/robust/draws", draws, in.draws.names, {}};
  dt.columns.push_back("particle");
  for (std::size_t d = 0; d < in.draws.k; ++d) {
    for (std::size_t j = 0; j < in.draws.names.size(); ++j) dt.values.push_back(in.draws.at(d, j));
    dt.values.push_back(d < in.draws.particle.size() ? static_cast<double>(in.draws.particle[d]) : kNaN);
  }
  t.push_back(std::move(dt));
  Table pb{"/robust/p_best", in.arms, {}, {}};
  for (std::size_t k = 0; k < in.outcomes.size(); ++k) {
    outcome_tables(t, r.outcomes[k], in.outcomes[k], in);
    if (r.outcomes[k].ranked) pb.columns.push_back(in.outcomes[k].name);
  }
  for (std::size_t a = 0; a < in.arms.size(); ++a)
    for (std::size_t k = 0; k < in.outcomes.size(); ++k)
      if (r.outcomes[k].ranked) pb.values.push_back(r.outcomes[k].ranking.p_best[a]);
  if (!pb.columns.empty()) {
    t.push_back(pb);
    pb.path = "/summary/p_best";
    t.push_back(std::move(pb));
  }
  if (!in.hypotheses.empty()) t.push_back(hypotheses_table("/robust/hypotheses", r, in));
  return t;
}

void print_hypotheses(std::ostream& out, const RobustResult& r, const RobustInput& in, bool one_point) {
  if (in.hypotheses.empty()) return;
  out << (one_point ? "\nHypotheses at this parameter point (paired over replicates):\n"
                    : "\nHypotheses over the plausible set (probability over draws):\n");
  out << fmt::format("  {:<12} {:<40} {:>8} {:>6}  {}\n", "name", "statement", "P", "n", "verdict");
  for (std::size_t i = 0; i < in.hypotheses.size(); ++i) {
    const auto& h = in.hypotheses[i];
    const auto& res = r.hypotheses[i];
    out << fmt::format("  {:<12} {:<40} {:>8} {:>6}  {}\n", h.name,
                       fmt::format("{} beats {} on {} by {}", h.arm, h.beats, h.outcome, fmt_num(h.by)),
                       res.n > 0 ? fmt::format("{:.3f}", res.probability) : "-", res.n,
                       stats::to_string(res.verdict));
  }
  out << fmt::format("  (supported when P >= {}, refuted when P <= {:.2f})\n", in.level, 1 - in.level);
}

void print_robust(std::ostream& out, const RobustResult& r, const RobustInput& in) {
  out << fmt::format("Comparison over the plausible set: {} draws x {} arms x {} replicates\n",
                     in.draws.k, in.arms.size(), in.replicates);
  // P(best)
  out << "\nP(best) over draws (by the outcome's better direction):\n";
  out << fmt::format("  {:<10}", "arm");
  for (std::size_t k = 0; k < in.outcomes.size(); ++k)
    if (r.outcomes[k].ranked) out << fmt::format(" {:>12}", in.outcomes[k].name);
  out << "\n";
  for (std::size_t a = 0; a < in.arms.size(); ++a) {
    out << fmt::format("  {:<10}", in.arms[a]);
    for (std::size_t k = 0; k < in.outcomes.size(); ++k)
      if (r.outcomes[k].ranked) out << fmt::format(" {:>12.3f}", r.outcomes[k].ranking.p_best[a]);
    out << "\n";
  }
  // Effects
  for (std::size_t k = 0; k < in.outcomes.size(); ++k) {
    const auto& o = r.outcomes[k];
    const auto& spec = in.outcomes[k];
    out << fmt::format("\n{}: effect vs {} over draws (m = {}){}\n", spec.name, in.arms[in.base],
                       fmt_num(spec.margin), o.ranked ? "" : " (no preferred direction: not ranked)");
    out << fmt::format("  {:<10} {:>10} {:>10} {:>10} {:>8} {:>8}{}\n", "arm", "mean", "5%", "95%", "P(>m)",
                       "P(<-m)", o.ranked ? fmt::format(" {:>8} {:>9}", "P(best)", "mean rank") : "");
    for (std::size_t a = 0; a < in.arms.size(); ++a) {
      const auto& e = o.effects[a];
      std::string rank;
      if (o.ranked) {
        double mr = 0;
        for (std::size_t q = 0; q < in.arms.size(); ++q) mr += static_cast<double>(q + 1) * o.ranking.ranks[a * in.arms.size() + q];
        rank = fmt::format(" {:>8.3f} {:>9.2f}", o.ranking.p_best[a], mr);
      }
      if (a == in.base)
        out << fmt::format("  {:<10} {:>10} {:>10} {:>10} {:>8} {:>8}{}\n", in.arms[a], "(base)", "", "", "", "", rank);
      else
        out << fmt::format("  {:<10} {:>10} {:>10} {:>10} {:>8.3f} {:>8.3f}{}\n", in.arms[a], fmt_num(e.mean),
                           fmt_num(e.lo), fmt_num(e.hi), e.p_above, e.p_below, rank);
    }
    // The strongest driver of each arm's effect.
    if (!in.draws.names.empty()) {
      // Arms whose regression is saturated are named on one line (with many drawn columns
      // and few draws that is every arm, on every outcome).
      std::vector<std::string> saturated;
      std::size_t n_saturated = 0;
      for (std::size_t a = 0; a < in.arms.size(); ++a)
        if (a != in.base && o.src[a].saturated) {
          saturated.push_back(in.arms[a]);
          n_saturated = o.src[a].n;
        }
      if (!saturated.empty())
        out << fmt::format("    no regression on the drawn values for {} ({} draws for {} drawn columns: "
                           "more draws than columns are needed)\n",
                           saturated.size() + 1 == in.arms.size() ? std::string("any arm")
                                                                  : fmt::format("{}", fmt::join(saturated, ", ")),
                           n_saturated, in.draws.names.size());
      for (std::size_t a = 0; a < in.arms.size(); ++a) {
        if (a == in.base) continue;
        const stats::Src& s = o.src[a];
        if (s.saturated) continue;
        std::size_t best = s.coef.size();
        for (std::size_t j = 0; j < s.coef.size(); ++j)
          if (std::isfinite(s.coef[j]) && (best == s.coef.size() || std::fabs(s.coef[j]) > std::fabs(s.coef[best]))) best = j;
        if (best < s.coef.size())
          out << fmt::format("    {} effect driven most by {} (SRC {:+.2f}, R2 {:.2f})\n", in.arms[a],
                             in.draws.names[best], s.coef[best], s.r2);
      }
    }
    for (const auto& ap : o.prim) {
      const stats::PrimBox& b = ap.result.box;
      std::string lims;
      for (std::size_t j = 0; j < in.draws.names.size(); ++j) {
        if (std::isfinite(b.lo[j]) && std::isfinite(b.hi[j])) lims += fmt::format("{}{} in [{}, {}]", lims.empty() ? "" : ", ", in.draws.names[j], fmt_num(b.lo[j]), fmt_num(b.hi[j]));
        else if (std::isfinite(b.lo[j])) lims += fmt::format("{}{} >= {}", lims.empty() ? "" : ", ", in.draws.names[j], fmt_num(b.lo[j]));
        else if (std::isfinite(b.hi[j])) lims += fmt::format("{}{} <= {}", lims.empty() ? "" : ", ", in.draws.names[j], fmt_num(b.hi[j]));
      }
      if (lims.empty())
        out << fmt::format("    {} is not the best in {:.0f}% of draws; no box of the drawn values narrows it\n",
                           in.arms[ap.arm], 100 * ap.result.base_density);
      else
        out << fmt::format("    {} is not the best in {:.0f}% of draws where {} ({:.0f}% of draws there; {:.0f}% overall)\n",
                           in.arms[ap.arm], 100 * b.density, lims, 100 * b.support, 100 * ap.result.base_density);
    }
  }
  // Pairwise matrix of the first ranked outcome.
  for (std::size_t k = 0; k < in.outcomes.size(); ++k) {
    if (!r.outcomes[k].ranked) continue;
    out << fmt::format("\nP(row beats column) on {}:\n  {:<10}", in.outcomes[k].name, "");
    for (const auto& a : in.arms) out << fmt::format(" {:>7}", a.substr(0, 7));
    out << "\n";
    for (std::size_t a = 0; a < in.arms.size(); ++a) {
      out << fmt::format("  {:<10}", in.arms[a]);
      for (std::size_t b = 0; b < in.arms.size(); ++b)
        out << fmt::format(" {:>7.2f}", r.outcomes[k].ranking.beats[a * in.arms.size() + b]);
      out << "\n";
    }
    break;
  }
  print_hypotheses(out, r, in, false);
}

}  // namespace govsim::sim::pipeline
