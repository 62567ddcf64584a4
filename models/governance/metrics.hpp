// File: models/governance/metrics.hpp
//
// The metrics the governance model records every step (spec 4.10; docs/ODD.md 3.10), written
// once: the X-macro table below generates the index enum `metric::Index`, the table returned by
// metric_specs() and so the recorded order. Each metric is recorded globally and per community.
// Aggregation over communities: kShare = Σ numerators / Σ denominators (per community: its
// ratio, NaN when its denominator is 0); kSum = Σ; kMean = mean of the communities' values
// (NaN ones left out).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace govsim::models::governance {

enum class Agg { kShare, kSum, kMean };

// X(name, unit, aggregation, doc)
// clang-format off
#define GOVSIM_GOVERNANCE_METRICS(X) \
  X(vol, "share", kShare, "share of residents with a = 1 (volunteered, incl. forum attendance)") \
  X(mob, "share", kShare, "share of residents with a = 2 (mobilised by a mandate)") \
  X(p_vol, "share", kShare, "monthly participation: share with last_vol >= t-3") \
  X(p_mob, "share", kShare, "monthly mobilisation: share with last_mob >= t-3") \
  X(p_tot, "share", kShare, "share with last_vol or last_mob >= t-3") \
  X(p_vol_noforum, "share", kShare, "P_vol counting only voluntary acts (not forum attendance; E3 diagnostic)") \
  X(attend_share, "share", kShare, "share of residents attending a forum this step") \
  X(ti, "trust", kShare, "mean institutional trust TI") \
  X(ts, "trust", kShare, "mean social trust TS") \
  X(ti_party, "trust", kShare, "mean TI of Party members") \
  X(ti_nonparty, "trust", kShare, "mean TI of non-members") \
  X(p_vol_age0, "share", kShare, "P_vol of age band 18-39") \
  X(p_vol_age1, "share", kShare, "P_vol of age band 40-59") \
  X(p_vol_age2, "share", kShare, "P_vol of age band 60+") \
  X(p_vol_party, "share", kShare, "P_vol of Party members") \
  X(p_vol_nonparty, "share", kShare, "P_vol of non-members") \
  X(open, "count", kSum, "open needs at the start of service (incl. arrivals of t)") \
  X(served, "count", kSum, "needs served this step") \
  X(expired, "count", kSum, "needs expired this step") \
  X(arrivals, "count", kSum, "needs arrived this step") \
  X(misrouted, "count", kSum, "misrouted arrivals this step") \
  X(disputes, "count", kSum, "owner households in a dispute this step") \
  X(forums, "count", kSum, "forums held (>= 1 attendee)") \
  X(wins, "count", kSum, "forums that resolved their issue") \
  X(fails, "count", kSum, "forums that failed") \
  X(invited, "count", kSum, "residents invited to a forum") \
  X(mandated, "count", kSum, "mandate targets") \
  X(complied, "count", kSum, "mandate targets who complied (a = 2)") \
  X(org_c_share, "share", kShare, "unweighted share of organisations playing C (E19)") \
  X(c_org, "share", kMean, "b-weighted share of organisations playing C (mean over communities)") \
  X(tau_org, "trust", kShare, "mean inter-organisation trust tau_j") \
  X(K, "share", kMean, "commitment stock K_c (mean over communities)") \
  X(U, "share", kMean, "shared understanding U_c (mean over communities)") \
  X(f_fac, "share", kMean, "facilitation share (mean over communities)") \
  X(f_mand, "share", kMean, "mandate share (mean over communities)") \
  X(f_inc, "share", kMean, "incentive (points) share (mean over communities)") \
  X(forum_period, "steps", kMean, "forum period P_c (mean over communities)") \
  X(omega_target, "share", kMean, "targeted invitation share (mean over communities)") \
  X(J, "", kMean, "last committee objective J_c (mean over evaluated communities; NaN before the first)") \
  X(cap_h, "h/week", kSum, "committee capacity cap_c") \
  X(service_h, "h/week", kSum, "service hours after intake losses H'_c plus cap_org") \
  X(cost_staff_h, "h/week", kSum, "cost ledger: paid staff hours (incl. upper-level load)") \
  X(cost_inserv_h, "h/week", kSum, "cost ledger: in-service Party members' hours") \
  X(cost_cobuild_h, "h/week", kSum, "cost ledger: co-building hours of unit Party organisations") \
  X(cost_org_h, "h/week", kSum, "cost ledger: hours of organisations playing C (cap_org)") \
  X(cost_points_h, "h/week", kSum, "cost ledger: governance hours spent on the points scheme") \
  X(cost_total_h, "h/week", kSum, "cost ledger: staff + in-service + co-building + organisation hours")
// clang-format on

// metric::p_vol etc.: the index of each metric in the recorded order; metric::count of them.
namespace metric {
enum Index : std::size_t {
#define GOVSIM_GOV_METRIC_INDEX(name, ...) name,
  GOVSIM_GOVERNANCE_METRICS(GOVSIM_GOV_METRIC_INDEX)
#undef GOVSIM_GOV_METRIC_INDEX
      count
};
}  // namespace metric

struct MetricSpec {
  const char* name;
  const char* unit;
  const char* doc;
  Agg agg;
};
// The table, in recorded order (metric::Index).
const std::vector<MetricSpec>& metric_specs();
// Index of a metric by name; throws std::out_of_range when unknown.
std::size_t metric_index(std::string_view name);

// Gini of non-negative values (0 if the mean is 0): the final value gini_cum_vol.
double gini(std::vector<int32_t> v);

// What the metrics pass keeps between steps: this step's per-community numerators and
// denominators and values ([metric][community]), the global values, and the final-window sums
// of P_vol by (age band, Party status).
struct MetricState {
  std::vector<double> num, den, group_values, global;
  std::array<double, 6> cell_pvol{};
  int64_t cell_steps = 0;
  uint32_t steps = 0;   // the run's horizon
  uint32_t window = 0;  // W = min(final_window, steps)

  void resize(uint32_t n_comm) {
    num.assign(metric::count * n_comm, 0.0);
    den.assign(metric::count * n_comm, 0.0);
    group_values.assign(metric::count * n_comm, 0.0);
    global.assign(metric::count, 0.0);
  }
};

}  // namespace govsim::models::governance
