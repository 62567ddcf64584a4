#include "sim/stats/prim.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace govsim::sim::stats {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The usable rows, as a compact problem.
struct Data {
  std::size_t n = 0, p = 0;
  std::vector<double> x;  // [n][p]
  std::vector<double> y;  // [n]
  double sum_y = 0.0;
  double xv(std::size_t r, std::size_t j) const { return x[r * p + j]; }
};

bool inside(const Data& d, const PrimBox& b, std::size_t r, std::size_t skip = SIZE_MAX) {
  for (std::size_t j = 0; j < d.p; ++j) {
    if (j == skip) continue;
    const double v = d.xv(r, j);
    if (v < b.lo[j] || v > b.hi[j]) return false;
  }
  return true;
}

void measure(const Data& d, PrimBox& b) {
  double s = 0.0;
  b.count = 0;
  for (std::size_t r = 0; r < d.n; ++r)
    if (inside(d, b, r)) {
      ++b.count;
      s += d.y[r];
    }
  b.density = b.count ? s / static_cast<double>(b.count) : kNaN;
  b.support = d.n ? static_cast<double>(b.count) / static_cast<double>(d.n) : kNaN;
  b.coverage = d.sum_y != 0.0 ? s / d.sum_y : kNaN;
}

struct Move {
  std::size_t dim = 0;
  bool upper = false;
  double limit = 0.0;
  double mean = -kInf;
  std::size_t count = 0;
  bool valid = false;
};

// Is candidate a better than b (higher mean, then more rows; earlier candidates win ties)?
bool better(const Move& a, const Move& b) {
  if (!b.valid) return a.valid;
  return a.valid && (a.mean > b.mean || (a.mean == b.mean && a.count > b.count));
}

// The best peel of the box, or an invalid move.
Move best_peel(const Data& d, const PrimBox& box, double alpha, std::size_t min_count) {
  std::vector<std::size_t> rows;
  double sum = 0.0;
  for (std::size_t r = 0; r < d.n; ++r)
    if (inside(d, box, r)) {
      rows.push_back(r);
      sum += d.y[r];
    }
  const std::size_t nb = rows.size();
  const std::size_t k = std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(alpha * static_cast<double>(nb))));
  Move best;
  std::vector<std::pair<double, double>> v(nb);  // (x_j, y)
  for (std::size_t j = 0; j < d.p && nb > 1; ++j) {
    for (std::size_t i = 0; i < nb; ++i) v[i] = {d.xv(rows[i], j), d.y[rows[i]]};
    std::sort(v.begin(), v.end());
    if (v.front().first == v.back().first) continue;  // nothing to peel on this input
    // Lower side: drop x < limit, limit = the k-th smallest, or the next value up on a tie.
    std::size_t cut = std::min(k, nb - 1);
    while (cut < nb && v[cut].first == v.front().first) ++cut;
    while (cut > 0 && v[cut - 1].first == v[cut].first) --cut;  // keep ties at the limit
    double removed = 0.0;
    for (std::size_t i = 0; i < cut; ++i) removed += v[i].second;
    Move lo{j, false, v[cut].first, (sum - removed) / static_cast<double>(nb - cut), nb - cut,
            nb - cut >= min_count};
    if (better(lo, best)) best = lo;
    // Upper side: drop x > limit, limit = the k-th largest, or the next value down on a tie.
    std::size_t keep = nb - std::min(k, nb - 1);  // rows kept: indices [0, keep)
    while (keep > 0 && v[keep - 1].first == v.back().first) --keep;
    while (keep < nb && v[keep].first == v[keep - 1].first) ++keep;
    removed = 0.0;
    for (std::size_t i = keep; i < nb; ++i) removed += v[i].second;
    Move hi{j, true, v[keep - 1].first, (sum - removed) / static_cast<double>(keep), keep,
            keep >= min_count};
    if (better(hi, best)) best = hi;
  }
  return best;
}

// The best paste of the box (raising the density), or an invalid move.
Move best_paste(const Data& d, const PrimBox& box, double alpha, const std::vector<double>& min_x,
                const std::vector<double>& max_x) {
  double sum_in = 0.0;
  for (std::size_t r = 0; r < d.n; ++r)
    if (inside(d, box, r)) sum_in += d.y[r];
  const std::size_t k = std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(alpha * static_cast<double>(box.count))));
  Move best;
  for (std::size_t j = 0; j < d.p; ++j) {
    for (int side = 0; side < 2; ++side) {
      const bool upper = side == 1;
      if (!std::isfinite(upper ? box.hi[j] : box.lo[j])) continue;
      std::vector<std::pair<double, double>> c;  // outside this face only: (distance key, y)
      for (std::size_t r = 0; r < d.n; ++r) {
        const double v = d.xv(r, j);
        if ((upper ? v > box.hi[j] : v < box.lo[j]) && inside(d, box, r, j))
          c.push_back({upper ? v : -v, d.y[r]});
      }
      if (c.empty()) continue;
      std::sort(c.begin(), c.end());  // nearest to the face first
      std::size_t take = std::min(k, c.size());
      while (take < c.size() && c[take].first == c[take - 1].first) ++take;  // whole ties
      double added = 0.0;
      for (std::size_t i = 0; i < take; ++i) added += c[i].second;
      double limit = upper ? c[take - 1].first : -c[take - 1].first;
      if (upper ? limit >= max_x[j] : limit <= min_x[j]) limit = upper ? kInf : -kInf;
      Move m{j, upper, limit, (sum_in + added) / static_cast<double>(box.count + take),
             box.count + take, true};
      if (better(m, best)) best = m;
    }
  }
  return best;
}

void apply(PrimBox& b, const Move& m) { (m.upper ? b.hi : b.lo)[m.dim] = m.limit; }

}  // namespace

bool in_box(const PrimBox& box, const Table& x, std::size_t r) {
  for (std::size_t j = 0; j < x.cols; ++j) {
    const double v = x.at(r, j);
    if (!(v >= box.lo[j] && v <= box.hi[j])) return false;
  }
  return true;
}

PrimResult prim(const Table& x, std::span<const double> y, const PrimOptions& o) {
  if (!(o.peel_alpha > 0.0 && o.peel_alpha < 0.5) || !(o.paste_alpha > 0.0 && o.paste_alpha <= 1.0) ||
      !(o.min_support > 0.0 && o.min_support <= 1.0))
    throw std::invalid_argument("prim: peel_alpha in (0, 0.5), paste_alpha in (0, 1], min_support in (0, 1]");
  if (y.size() != x.rows) throw std::invalid_argument("prim: y and x have different row counts");
  Data d;
  d.p = x.cols;
  for (std::size_t r = 0; r < x.rows; ++r) {
    bool ok = std::isfinite(y[r]);
    for (std::size_t j = 0; j < d.p && ok; ++j) ok = std::isfinite(x.at(r, j));
    if (!ok) continue;
    for (std::size_t j = 0; j < d.p; ++j) d.x.push_back(x.at(r, j));
    d.y.push_back(y[r]);
    d.sum_y += y[r];
    ++d.n;
  }
  std::vector<double> min_x(d.p, kInf), max_x(d.p, -kInf);
  for (std::size_t r = 0; r < d.n; ++r)
    for (std::size_t j = 0; j < d.p; ++j) {
      min_x[j] = std::min(min_x[j], d.xv(r, j));
      max_x[j] = std::max(max_x[j], d.xv(r, j));
    }
  PrimResult out;
  out.n = d.n;
  PrimBox box{std::vector<double>(d.p, -kInf), std::vector<double>(d.p, kInf)};
  measure(d, box);
  out.base_density = box.density;
  out.trajectory.push_back(box);
  const auto min_count = static_cast<std::size_t>(std::ceil(o.min_support * static_cast<double>(d.n)));
  for (;;) {
    const Move m = best_peel(d, box, o.peel_alpha, std::max<std::size_t>(min_count, 1));
    if (!m.valid) break;
    apply(box, m);
    measure(d, box);
    out.trajectory.push_back(box);
  }
  // The trajectory's boxes shrink, so the first one that reaches min_density is the largest.
  bool reached = false;
  for (std::size_t i = 0; i < out.trajectory.size() && !reached; ++i)
    if (out.trajectory[i].density >= o.min_density) {
      out.chosen = i;
      reached = true;
    }
  for (std::size_t i = 1; i < out.trajectory.size() && !reached; ++i)
    if (out.trajectory[i].density > out.trajectory[out.chosen].density) out.chosen = i;
  box = out.trajectory[out.chosen];
  for (;;) {
    const Move m = best_paste(d, box, o.paste_alpha, min_x, max_x);
    if (!m.valid || !(m.mean > box.density)) break;
    apply(box, m);
    measure(d, box);
  }
  out.box = box;
  return out;
}

}  // namespace govsim::sim::stats
