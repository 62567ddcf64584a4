#include "sim/stats/regression.hpp"

#include <cmath>
#include <limits>

namespace govsim::sim::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// Centres and scales v in place; returns false when its spread is zero.
bool standardise(std::vector<double>& v) {
  const auto n = static_cast<double>(v.size());
  double mean = 0.0;
  for (double x : v) mean += x;
  mean /= n;
  double ss = 0.0;
  for (double& x : v) {
    x -= mean;
    ss += x * x;
  }
  const double sd = std::sqrt(ss / n);
  if (!(sd > 1e-12 * (1.0 + std::abs(mean)))) return false;
  for (double& x : v) x /= sd;
  return true;
}

}  // namespace

Src standardised_regression(const Table& x, std::span<const double> y) {
  const std::size_t p = x.cols;
  Src out;
  out.coef.assign(p, kNaN);
  out.status.assign(p, ColumnStatus::kConstant);
  out.r2 = kNaN;
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < x.rows; ++r) {
    bool ok = std::isfinite(y[r]);
    for (std::size_t c = 0; c < p && ok; ++c) ok = std::isfinite(x.at(r, c));
    if (ok) rows.push_back(r);
  }
  out.n = rows.size();
  if (rows.size() < 2) return out;
  std::vector<double> ys(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) ys[i] = y[rows[i]];
  const bool y_varies = standardise(ys);

  // Modified Gram-Schmidt on the standardised columns, in order: Q (kept columns) and R.
  std::vector<std::vector<double>> q;
  std::vector<std::size_t> kept;
  std::vector<std::vector<double>> r_cols;  // R's column of each kept column (length = rank)
  for (std::size_t c = 0; c < p; ++c) {
    std::vector<double> v(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) v[i] = x.at(rows[i], c);
    if (!standardise(v)) continue;  // kConstant
    const double norm0 = dot(v, v);
    std::vector<double> rc(q.size() + 1, 0.0);
    for (int pass = 0; pass < 2; ++pass)
      for (std::size_t k = 0; k < q.size(); ++k) {
        const double h = dot(q[k], v);
        rc[k] += h;
        for (std::size_t i = 0; i < v.size(); ++i) v[i] -= h * q[k][i];
      }
    const double norm2 = dot(v, v);
    if (norm2 < 1e-10 * norm0) {
      out.status[c] = ColumnStatus::kAliased;
      continue;
    }
    const double norm = std::sqrt(norm2);
    for (double& e : v) e /= norm;
    rc.back() = norm;
    q.push_back(std::move(v));
    r_cols.push_back(std::move(rc));
    kept.push_back(c);
    out.status[c] = ColumnStatus::kUsed;
  }
  if (!y_varies) return out;  // nothing to explain: coefficients undefined
  // A saturated fit (no residual degree of freedom: as many used columns as rows - 1, e.g. 20
  // draws and 119 calibrated parameters) explains any y exactly (R^2 = 1) with arbitrary
  // coefficients: nothing can be read from it, so no coefficient is given.
  if (q.size() + 1 >= rows.size()) {
    out.saturated = true;
    return out;
  }
  // beta = R^{-1} Q^T y by back substitution; R is upper triangular, R[k][j] = r_cols[j][k].
  const std::size_t m = q.size();
  std::vector<double> qty(m), beta(m);
  double explained = 0.0;
  for (std::size_t k = 0; k < m; ++k) {
    qty[k] = dot(q[k], ys);
    explained += qty[k] * qty[k];
  }
  for (std::size_t k = m; k-- > 0;) {
    double s = qty[k];
    for (std::size_t j = k + 1; j < m; ++j) s -= r_cols[j][k] * beta[j];
    beta[k] = s / r_cols[k][k];
  }
  for (std::size_t k = 0; k < m; ++k) out.coef[kept[k]] = beta[k];
  out.r2 = explained / dot(ys, ys);
  return out;
}

}  // namespace govsim::sim::stats
