#include "sim/stats/robust.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace govsim::sim::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The value as "bigger is better".
double oriented(double v, Direction dir) { return dir == Direction::kHigher ? v : -v; }

bool row_finite(const Table& t, std::size_t r) {
  for (std::size_t c = 0; c < t.cols; ++c)
    if (!std::isfinite(t.at(r, c))) return false;
  return true;
}

}  // namespace

double quantile(std::vector<double> x, double q) {
  std::erase_if(x, [](double v) { return !std::isfinite(v); });
  if (x.empty()) return kNaN;
  std::sort(x.begin(), x.end());
  const double h = q * static_cast<double>(x.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, x.size() - 1);
  return x[lo] + (h - static_cast<double>(lo)) * (x[hi] - x[lo]);
}

std::vector<Effect> effects_vs_base(const Table& values, std::size_t base, double m) {
  std::vector<Effect> out(values.cols);
  for (std::size_t a = 0; a < values.cols; ++a) {
    std::vector<double> e;
    for (std::size_t r = 0; r < values.rows; ++r) {
      const double d = values.at(r, a) - values.at(r, base);
      if (std::isfinite(d)) e.push_back(d);
    }
    Effect& f = out[a];
    f.n = e.size();
    if (e.empty()) {
      f.mean = f.lo = f.hi = f.p_above = f.p_below = kNaN;
      continue;
    }
    double sum = 0.0;
    std::size_t above = 0, below = 0;
    for (double d : e) {
      sum += d;
      above += d > m ? 1 : 0;
      below += d < -m ? 1 : 0;
    }
    const auto n = static_cast<double>(e.size());
    f.mean = sum / n;
    f.p_above = static_cast<double>(above) / n;
    f.p_below = static_cast<double>(below) / n;
    f.lo = quantile(e, 0.05);
    f.hi = quantile(e, 0.95);
  }
  return out;
}

Ranking rank_arms(const Table& values, Direction dir) {
  const std::size_t k = values.cols;
  Ranking out;
  out.p_best.assign(k, 0.0);
  out.ranks.assign(k * k, 0.0);
  out.beats.assign(k * k, 0.0);
  std::vector<std::size_t> order(k);
  std::vector<double> v(k);
  for (std::size_t r = 0; r < values.rows; ++r) {
    if (!row_finite(values, r)) continue;
    ++out.n;
    for (std::size_t a = 0; a < k; ++a) v[a] = oriented(values.at(r, a), dir);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] > v[b]; });
    // Groups of tied arms share the ranks they span.
    for (std::size_t s = 0; s < k;) {
      std::size_t e = s + 1;
      while (e < k && v[order[e]] == v[order[s]]) ++e;
      const double share = 1.0 / static_cast<double>(e - s);
      for (std::size_t i = s; i < e; ++i) {
        for (std::size_t rank = s; rank < e; ++rank) out.ranks[order[i] * k + rank] += share;
        if (s == 0) out.p_best[order[i]] += share;
      }
      s = e;
    }
    for (std::size_t a = 0; a < k; ++a)
      for (std::size_t b = 0; b < k; ++b)
        out.beats[a * k + b] += v[a] > v[b] ? 1.0 : (v[a] == v[b] ? 0.5 : 0.0);
  }
  const double n = static_cast<double>(out.n);
  for (auto* vec : {&out.p_best, &out.ranks, &out.beats})
    for (double& x : *vec) x = out.n ? x / n : kNaN;
  return out;
}

std::vector<double> best_share(const Table& values, std::size_t arm, Direction dir) {
  std::vector<double> out(values.rows, kNaN);
  for (std::size_t r = 0; r < values.rows; ++r) {
    if (!row_finite(values, r)) continue;
    double top = -std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < values.cols; ++a) top = std::max(top, oriented(values.at(r, a), dir));
    std::size_t tied = 0;
    for (std::size_t a = 0; a < values.cols; ++a) tied += oriented(values.at(r, a), dir) == top ? 1 : 0;
    out[r] = oriented(values.at(r, arm), dir) == top ? 1.0 / static_cast<double>(tied) : 0.0;
  }
  return out;
}

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::kSupported: return "supported";
    case Verdict::kRefuted: return "refuted";
    case Verdict::kUndecided: return "undecided";
    case Verdict::kNoData: return "no data";
  }
  return "?";
}

HypothesisResult test_hypothesis(const Table& values, const Hypothesis& h, double level) {
  HypothesisResult out;
  std::size_t hold = 0;
  for (std::size_t r = 0; r < values.rows; ++r) {
    const double d = oriented(values.at(r, h.a), h.dir) - oriented(values.at(r, h.b), h.dir);
    if (!std::isfinite(d)) continue;
    ++out.n;
    hold += d >= h.margin ? 1 : 0;
  }
  if (out.n == 0) {
    out.probability = kNaN;
    return out;
  }
  out.probability = static_cast<double>(hold) / static_cast<double>(out.n);
  out.verdict = out.probability >= level          ? Verdict::kSupported
                : out.probability <= 1.0 - level ? Verdict::kRefuted
                                                   : Verdict::kUndecided;
  return out;
}

}  // namespace govsim::sim::stats
