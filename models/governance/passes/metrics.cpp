#include "models/governance/passes/metrics.hpp"

#include <limits>

#include "models/governance/metrics.hpp"
#include "models/governance/passes/step_context.hpp"

namespace govsim::models::governance {

namespace {

namespace M = metric;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Accessors of one community's numerators and denominators.
struct Slots {
  MetricState& m;
  uint32_t nc, c;
  double& N(std::size_t k) { return m.num[k * nc + c]; }
  double& D(std::size_t k) { return m.den[k * nc + c]; }
};

// The resident-based metrics of community c; the (age band, Party) cells of P_vol.
void tally_residents(const StepContext& s, const Residents& r, uint32_t c, Slots& x,
                     std::array<double, 6>& cell_num, std::array<double, 6>& cell_den) {
  const int32_t t = s.t;
  const uint32_t b = s.layout.comm_begin[c], e = s.layout.comm_begin[c + 1];
  const double n = e - b;
  int64_t vol = 0, mob = 0, pv = 0, pm = 0, pt = 0, pvnf = 0, att = 0, inv = 0, mand = 0, comp = 0,
          served = 0, expired = 0, disp = 0, n_party = 0;
  int64_t pv_age[3] = {0, 0, 0}, n_age[3] = {0, 0, 0}, pv_party = 0;
  int64_t cpv[6] = {0, 0, 0, 0, 0, 0}, cn[6] = {0, 0, 0, 0, 0, 0};
  double ti = 0, ts = 0, ti_p = 0;
  for (uint32_t i = b; i < e; ++i) {
    const uint16_t ev = r.events[i];
    vol += r.act[i] == 1;
    mob += r.act[i] == 2;
    const bool v = r.last_volunteered[i] >= t - 3, m = r.last_mobilised[i] >= t - 3;
    pv += v;
    pm += m;
    pt += v || m;
    pvnf += r.last_chose[i] >= t - 3;
    att += (ev & kAttended) != 0;
    inv += (ev & kInvited) != 0;
    mand += (ev & kMandated) != 0;
    comp += (ev & kComplied) != 0;
    served += (ev & kServed) != 0;
    expired += (ev & kExpired) != 0;
    disp += (ev & kDisputeHead) != 0;
    ti += r.institutional_trust[i];
    ts += r.social_trust[i];
    pv_age[r.age_band[i]] += v;
    ++n_age[r.age_band[i]];
    // Party members by selects, not a branch (members are a random share); ti_p >= +0, so
    // adding +0 for a non-member leaves it as it was
    const bool member = r.party_member[i] != 0;
    n_party += member;
    pv_party += member & v;
    ti_p += member ? static_cast<double>(r.institutional_trust[i]) : 0.0;
    const int cell = r.age_band[i] * 2 + r.party_member[i];
    cpv[cell] += v;
    ++cn[cell];
  }
  for (int k = 0; k < 6; ++k) cell_num[k] = cpv[k], cell_den[k] = cn[k];
  x.N(M::vol) = vol, x.D(M::vol) = n;
  x.N(M::mob) = mob, x.D(M::mob) = n;
  x.N(M::p_vol) = pv, x.D(M::p_vol) = n;
  x.N(M::p_mob) = pm, x.D(M::p_mob) = n;
  x.N(M::p_tot) = pt, x.D(M::p_tot) = n;
  x.N(M::p_vol_noforum) = pvnf, x.D(M::p_vol_noforum) = n;
  x.N(M::attend_share) = att, x.D(M::attend_share) = n;
  x.N(M::ti) = ti, x.D(M::ti) = n;
  x.N(M::ts) = ts, x.D(M::ts) = n;
  x.N(M::ti_party) = ti_p, x.D(M::ti_party) = n_party;
  x.N(M::ti_nonparty) = ti - ti_p, x.D(M::ti_nonparty) = n - n_party;
  x.N(M::p_vol_age0) = pv_age[0], x.D(M::p_vol_age0) = n_age[0];
  x.N(M::p_vol_age1) = pv_age[1], x.D(M::p_vol_age1) = n_age[1];
  x.N(M::p_vol_age2) = pv_age[2], x.D(M::p_vol_age2) = n_age[2];
  x.N(M::p_vol_party) = pv_party, x.D(M::p_vol_party) = n_party;
  x.N(M::p_vol_nonparty) = pv - pv_party, x.D(M::p_vol_nonparty) = n - n_party;
  x.N(M::served) = served;
  x.N(M::expired) = expired;
  x.N(M::disputes) = disp;
  x.N(M::invited) = inv;
  x.N(M::mandated) = mand;
  x.N(M::complied) = comp;
}

// The grid, committee and organisation metrics of community c; the grids' window sums.
void tally_community(const StepContext& s, const Organisations& org, const Committee& cm,
                     uint32_t c, bool in_window, Grids& grids, Slots& x) {
  const int32_t t = s.t;
  int64_t open_needs = 0;
  for (uint32_t g = s.layout.grid_begin[c]; g < s.layout.grid_begin[c + 1]; ++g) {
    open_needs += t >= 0 ? grids.open[g] : 0;
    if (in_window) {
      grids.window_served[g] += grids.served[g];
      grids.window_open[g] += grids.open[g];
    }
  }
  x.N(M::open) = open_needs;
  x.N(M::arrivals) = t >= 0 ? cm.arrivals : 0;
  x.N(M::misrouted) = t >= 0 ? cm.misrouted : 0;
  x.N(M::forums) = t >= 0 ? cm.forums_held : 0;
  x.N(M::wins) = t >= 0 ? cm.wins : 0;
  x.N(M::fails) = t >= 0 ? cm.fails : 0;
  int n_org = 0, n_orgc = 0;
  double tau = 0;
  for (uint32_t k = 0; k < org.slots; ++k) {
    const std::size_t j = static_cast<std::size_t>(c) * org.slots + k;
    if (!org.exists[j]) continue;
    ++n_org;
    n_orgc += org.strategy[j];
    tau += org.trust[j];
  }
  x.N(M::org_c_share) = n_orgc, x.D(M::org_c_share) = n_org;
  x.N(M::tau_org) = tau, x.D(M::tau_org) = n_org;
  double sb = 0, sbc = 0;
  for (uint32_t k = 0; k < org.slots; ++k) {
    const std::size_t j = static_cast<std::size_t>(c) * org.slots + k;
    if (!org.exists[j]) continue;
    sb += org.capacity[j];
    if (org.strategy[j]) sbc += org.capacity[j];
  }
  x.N(M::c_org) = sb > 0 ? sbc / sb : 0.0;
  x.N(M::K) = cm.commitment;
  x.N(M::U) = cm.understanding;
  x.N(M::f_fac) = cm.instruments[kFacilitation];
  x.N(M::f_mand) = cm.instruments[kMandates];
  x.N(M::f_inc) = cm.instruments[kIncentives];
  x.N(M::forum_period) = cm.instruments[kForumPeriod];
  x.N(M::omega_target) = cm.instruments[kTargeting];
  x.N(M::J) = cm.has_objective ? cm.objective : kNaN;
  const Capacity& k = cm.capacity;
  x.N(M::cap_h) = k.total;
  x.N(M::service_h) = t >= 0 ? cm.net_service_hours + k.organisation_hours : 0.0;
  x.N(M::cost_staff_h) = k.staff_hours;
  x.N(M::cost_inserv_h) = k.in_service_hours;
  x.N(M::cost_cobuild_h) = k.cobuilding_hours;
  x.N(M::cost_org_h) = k.organisation_hours;
  x.N(M::cost_points_h) = k.points_hours;
  x.N(M::cost_total_h) = k.staff_hours + k.in_service_hours + k.cobuilding_hours + k.organisation_hours;
}

// Per-community values and global values, ascending community order.
void aggregate(uint32_t nc, MetricState& m) {
  const auto& specs = metric_specs();
  for (std::size_t k = 0; k < M::count; ++k) {
    double sn = 0, sd = 0, sv = 0;
    int64_t nv = 0;
    for (uint32_t c = 0; c < nc; ++c) {
      const double nn = m.num[k * nc + c], dd = m.den[k * nc + c];
      double v = 0;
      switch (specs[k].agg) {
        case Agg::kShare: v = dd > 0 ? nn / dd : kNaN; break;
        case Agg::kSum: v = nn; break;
        case Agg::kMean: v = nn; break;
      }
      m.group_values[k * nc + c] = v;
      sn += nn;
      sd += dd;
      if (v == v) sv += v, ++nv;
    }
    switch (specs[k].agg) {
      case Agg::kShare: m.global[k] = sd > 0 ? sn / sd : kNaN; break;
      case Agg::kSum: m.global[k] = sn; break;
      case Agg::kMean: m.global[k] = nv > 0 ? sv / static_cast<double>(nv) : kNaN; break;
    }
  }
}

}  // namespace

void record_metrics(const StepContext& s, const Residents& r, const Organisations& org,
                    std::vector<Committee>& com, Grids& grids, MetricState& m) {
  const uint32_t nc = s.n_comm();
  const int32_t t = s.t;
  const bool in_window = t >= 0 && static_cast<uint32_t>(t) + m.window >= m.steps;
  std::vector<std::array<double, 6>> cell_num(nc), cell_den(nc);
  for_each_community(s.layout, [&](uint32_t c) {
    Slots x{m, nc, c};
    for (std::size_t k = 0; k < M::count; ++k) x.N(k) = 0, x.D(k) = 1;
    tally_residents(s, r, c, x, cell_num[c], cell_den[c]);
    tally_community(s, org, com[c], c, in_window, grids, x);
  });
  aggregate(nc, m);
  if (t < 0) return;
  // learning window sums (monthly shares of c, served and expired)
  for (uint32_t c = 0; c < nc; ++c) {
    Committee& cm = com[c];
    cm.window_p_vol += m.group_values[M::p_vol * nc + c];
    cm.window_p_tot += m.group_values[M::p_tot * nc + c];
    cm.window_served += static_cast<int64_t>(m.num[M::served * nc + c]);
    cm.window_expired += static_cast<int64_t>(m.num[M::expired * nc + c]);
    ++cm.window_steps;
  }
  if (in_window) {
    for (int k = 0; k < 6; ++k) {
      double sn = 0, sd = 0;
      for (uint32_t c = 0; c < nc; ++c) sn += cell_num[c][k], sd += cell_den[c][k];
      m.cell_pvol[k] += sd > 0 ? sn / sd : 0.0;
    }
    ++m.cell_steps;
  }
}

}  // namespace govsim::models::governance
