// What the governance model writes (spec 4.10; docs/ODD.md 3.10): the metric table, the
// recorded rows, the final values and the extra arrays.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/governance/governance_model.hpp"
#include "models/governance/materiality.hpp"
#include "models/governance/metrics.hpp"
#include "models/kernels/math.hpp"

namespace govsim::models::governance {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// CV of coverage over grids: population sd / mean of per-grid Σserved/Σopen (Σopen > 0; E21).
sim::FinalValue coverage_cv(const Grids& grids) {
  double s1 = 0, s2 = 0;
  int64_t k = 0;
  for (std::size_t g = 0; g < grids.window_open.size(); ++g) {
    if (grids.window_open[g] <= 0) continue;
    const double c = static_cast<double>(grids.window_served[g]) / static_cast<double>(grids.window_open[g]);
    s1 += c;
    s2 += c * c;
    ++k;
  }
  double cv = kNaN;
  if (k > 0) {
    const double mean = s1 / k;
    const double var = std::max(0.0, s2 / k - mean * mean);
    if (mean > 0) cv = std::sqrt(var) / mean;
  }
  return {"cv_coverage_grids", cv, k};
}

// Drift of every final with a materiality margin (spec 6.1 item 6; docs/ODD.md 3.10, decision
// 34): per year, (its value over the last kHalf recorded steps − its value over the kHalf
// before)·52/kHalf, each half's value computed as the final is: the mean of a share or trust
// series; for a ratio final the ratio of the half's sums (coverage, win rate); disputes as a
// rate per 1,000 households a year. NaN when fewer than 2·kHalf steps were recorded (horizon
// < 52) or a half's ratio has a zero denominator. Supplementary finals (not in the checksum).
void append_drifts(const sim::SeriesView& series, double households,
                   std::vector<sim::FinalValue>& out) {
  namespace M = metric;
  constexpr std::size_t kHalf = 26;
  const std::size_t rows = series.rows();
  const bool enough = rows > 2 * kHalf;  // row 0 is the initial state
  auto sum = [&](std::size_t m, std::size_t a) {
    double acc = 0;
    for (std::size_t r = a; r < a + kHalf; ++r) acc += series.global(m)[r];
    return acc;
  };
  auto mean = [&](std::size_t m, std::size_t a) {
    double acc = 0;
    int64_t n = 0;
    for (std::size_t r = a; r < a + kHalf; ++r)
      if (const double v = series.global(m)[r]; v == v) acc += v, ++n;
    return n > 0 ? acc / static_cast<double>(n) : kNaN;
  };
  auto ratio = [](double num, double den) { return den != 0 ? num / den : kNaN; };
  auto half = [&](const std::string& name, std::size_t a) {
    if (name == "coverage") return ratio(sum(M::served, a), sum(M::served, a) + sum(M::expired, a));
    if (name == "win_rate") return ratio(sum(M::wins, a), sum(M::wins, a) + sum(M::fails, a));
    if (name == "disputes_per_1k_hh_yr")
      return ratio(sum(M::disputes, a) * (52.0 / kHalf) * 1000.0, households);
    return mean(metric_index(name), a);
  };
  for (const auto& mm : materiality_margins()) {
    double d = kNaN;
    if (enough) d = (half(mm.final, rows - kHalf) - half(mm.final, rows - 2 * kHalf)) * (52.0 / kHalf);
    out.push_back({mm.final + "_drift", d, -1, true});
  }
}

}  // namespace

double gini(std::vector<int32_t> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  double sum = 0, weighted = 0;
  const double n = static_cast<double>(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    sum += v[i];
    weighted += (static_cast<double>(i) + 1.0) * v[i];
  }
  if (sum <= 0) return 0.0;
  return (2.0 * weighted) / (n * sum) - (n + 1.0) / n;
}

const std::vector<MetricSpec>& metric_specs() {
  static const std::vector<MetricSpec> specs = {
#define GOVSIM_GOV_METRIC_SPEC(name, unit, agg, doc) {#name, unit, doc, Agg::agg},
      GOVSIM_GOVERNANCE_METRICS(GOVSIM_GOV_METRIC_SPEC)
#undef GOVSIM_GOV_METRIC_SPEC
  };
  return specs;
}

std::size_t metric_index(std::string_view name) {
  const auto& specs = metric_specs();
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (name == specs[i].name) return i;
  throw std::out_of_range(fmt::format("governance: unknown metric '{}'", name));
}

std::vector<sim::MetricDef> GovernanceModel::metrics() const {
  std::vector<sim::MetricDef> out;
  for (const auto& m : metric_specs()) out.push_back({m.name, m.unit, m.doc, true});
  return out;
}

void GovernanceModel::observe(std::span<double> global, std::span<double> groups) const {
  const uint32_t nc = layout_.n_comm;
  for (std::size_t m = 0; m < metric::count; ++m) global[m] = metrics_.global[m];
  if (groups.size() >= metric::count * nc)
    for (std::size_t k = 0; k < metric::count * nc; ++k) groups[k] = metrics_.group_values[k];
}

std::vector<sim::FinalValue> GovernanceModel::finals(const sim::SeriesView& series) const {
  namespace M = metric;
  std::vector<sim::FinalValue> out;
  const std::size_t rows = series.rows();
  const std::size_t W = std::min<std::size_t>(metrics_.window, rows > 0 ? rows - 1 : 0);
  const std::size_t r0 = rows - W;
  auto wsum = [&](std::size_t m, int64_t* nvalid = nullptr) {
    const auto s = series.global(m);
    double acc = 0;
    int64_t nv = 0;
    for (std::size_t r = r0; r < rows; ++r)
      if (s[r] == s[r]) acc += s[r], ++nv;
    if (nvalid) *nvalid = nv;
    return acc;
  };
  const auto& specs = metric_specs();
  for (std::size_t m = 0; m < M::count; ++m) {
    int64_t nv = 0;
    const double s = wsum(m, &nv);
    sim::FinalValue f{specs[m].name, nv > 0 ? s / static_cast<double>(nv) : kNaN, -1};
    if (nv != static_cast<int64_t>(W)) f.n_valid = nv;
    out.push_back(f);
  }
  auto ratio = [&](const char* name, double num, double den, int64_t n_valid) {
    out.push_back({name, den != 0 ? num / den : kNaN, n_valid});
  };
  auto count_nonzero = [&](std::initializer_list<std::size_t> ms) {
    int64_t k = 0;
    for (std::size_t r = r0; r < rows; ++r) {
      double d = 0;
      for (std::size_t m : ms) d += series.global(m)[r];
      k += d != 0;
    }
    return k;
  };
  const double sv = wsum(M::served), se = wsum(M::expired), so = wsum(M::open),
               sw = wsum(M::wins), sf = wsum(M::fails), sd = wsum(M::disputes),
               spv = wsum(M::p_vol), spt = wsum(M::p_tot);
  ratio("coverage", sv, sv + se, count_nonzero({M::served, M::expired}));
  ratio("served_open", sv, so, count_nonzero({M::open}));
  ratio("win_rate", sw, sw + sf, count_nonzero({M::wins, M::fails}));
  ratio("disputes_per_1k_hh_yr", sd * (52.0 / static_cast<double>(std::max<std::size_t>(W, 1))) * 1000.0,
        static_cast<double>(layout_.total_households), static_cast<int64_t>(W));
  ratio("pvol_ptot", spv, spt, count_nonzero({M::p_tot}));
  out.push_back(coverage_cv(grid_));
  out.push_back({"gini_cum_vol", gini(r_.times_volunteered), -1});
  auto wmean = [&](std::size_t m) {
    int64_t nv = 0;
    const double s = wsum(m, &nv);
    return nv > 0 ? s / nv : kNaN;
  };
  out.push_back({"p_vol_gap_age", wmean(M::p_vol_age2) - wmean(M::p_vol_age0), -1});
  out.push_back({"p_vol_gap_party", wmean(M::p_vol_party) - wmean(M::p_vol_nonparty), -1});
  auto total = [&](std::size_t m) {
    const auto s = series.global(m);
    double acc = 0;
    for (std::size_t r = 1; r < rows; ++r) acc += s[r];
    return acc;
  };
  out.push_back({"cost_staff_h_run", total(M::cost_staff_h), -1});
  out.push_back({"cost_inserv_h_run", total(M::cost_inserv_h), -1});
  out.push_back({"cost_cobuild_h_run", total(M::cost_cobuild_h), -1});
  out.push_back({"cost_org_h_run", total(M::cost_org_h), -1});
  out.push_back({"cost_total_h_run", total(M::cost_total_h), -1});
  out.push_back({"trust_sd_clipped", trust_sd_clipped_ ? 1.0 : 0.0, -1});
  append_drifts(series, static_cast<double>(layout_.total_households), out);
  return out;
}

std::vector<sim::NamedArray> GovernanceModel::extras() const {
  std::vector<sim::NamedArray> out;
  {
    sim::NamedArray h{"ti_histogram", "final TI: counts in 20 bins of width 0.05 on [0, 1]", std::vector<double>(20, 0.0), {}};
    for (float x : r_.institutional_trust) h.values[std::min<std::size_t>(19, static_cast<std::size_t>(x * 20.0f))] += 1;
    out.push_back(std::move(h));
  }
  {
    std::vector<int32_t> v = r_.times_volunteered;
    std::sort(v.begin(), v.end());
    // The prefix sums cum(j) = v[0] + ... + v[j-1], added in ascending order in double, are read
    // at 101 positions only (nondecreasing in p): one pass keeps them there. The same additions
    // in the same order as a full prefix array, without its 8 bytes per resident at the run's
    // memory peak (docs/performance.md, "Memory at scale").
    std::array<double, 101> cum_at{};
    double acc = 0.0;
    std::size_t j = 0;
    for (int k = 0; k <= 100; ++k) {
      const auto idx = static_cast<std::size_t>(kernels::round_half_up(k / 100.0 * static_cast<double>(v.size())));
      for (const std::size_t stop = std::min(idx, v.size()); j < stop; ++j) acc += v[j];
      cum_at[static_cast<std::size_t>(k)] = acc;
    }
    for (; j < v.size(); ++j) acc += v[j];
    const double tot = acc;
    sim::NamedArray l{"lorenz_cum_vol",
                      "Lorenz curve of cum_vol at the last step: share of all acts held by the "
                      "lowest p of residents, p = 0, 0.01, ..., 1",
                      std::vector<double>(101, 0.0), {}};
    for (int k = 0; k <= 100; ++k)
      l.values[static_cast<std::size_t>(k)] = tot > 0 ? cum_at[static_cast<std::size_t>(k)] / tot : k / 100.0;
    out.push_back(std::move(l));
  }
  {
    sim::NamedArray a{"p_vol_age_party",
                      "final-window mean P_vol by age band (rows 18-39, 40-59, 60+) and Party "
                      "status (columns non-member, member)",
                      std::vector<double>(6, 0.0), {3, 2}};
    for (int k = 0; k < 6; ++k)
      a.values[k] = metrics_.cell_steps > 0 ? metrics_.cell_pvol[k] / metrics_.cell_steps : kNaN;
    out.push_back(std::move(a));
  }
  {
    sim::NamedArray g{"grid_coverage_window", "per grid: window sum served / window sum open (NaN if none open)",
                      std::vector<double>(grid_.window_open.size(), kNaN), {}};
    for (std::size_t k = 0; k < grid_.window_open.size(); ++k)
      if (grid_.window_open[k] > 0) g.values[k] = static_cast<double>(grid_.window_served[k]) / grid_.window_open[k];
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace govsim::models::governance
