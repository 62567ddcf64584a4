#include "models/governance/governance_model.hpp"

#include <fmt/format.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>

#include "models/governance/streams.hpp"
#include "models/kernels/bounded_confidence.hpp"
#include "models/kernels/math.hpp"
#include "models/kernels/org_game.hpp"
#include "models/kernels/public_goods.hpp"
#include "models/kernels/threshold.hpp"
#include "sim/core/error.hpp"
#include "sim/graph/neighbourhood.hpp"
#include "sim/rng/philox_batch.hpp"

namespace govsim::models::governance {

namespace {

using sim::EntityClass;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr uint32_t kGrain = 2048;
// act_code -> its contribution to (active, volunteered, only mobilised) neighbour counts, in
// the fields [42, 63), [21, 42), [0, 21) of a 64-bit sum (pass_payoffs).
constexpr std::array<uint64_t, 8> kCodeCounts = [] {
  std::array<uint64_t, 8> a{};
  for (uint32_t cl = 0; cl < 8; ++cl)
    a[cl] = (uint64_t{(cl >> 2) & 1u} << 42) | (uint64_t{cl & 1u} << 21) | uint64_t{(cl & 3u) == 2u ? 1u : 0u};
  return a;
}();
// Arcs of one block that pass_payoffs counts with prefix sums (32 KiB of stack); the fields of
// kCodeCounts hold up to 2^21 − 1, far above it.
constexpr uint64_t kArcBuffer = 4096;
// Residents per block of batched draws (sim::word0_batch): a multiple of its 32 lanes.
constexpr uint32_t kBlock = 128;

// Metric table (order = recorded order).
// clang-format off
const std::vector<MetricSpec> kMetrics = {
  {"vol", "share", "share of residents with a = 1 (volunteered, incl. forum attendance)", Agg::kShare},
  {"mob", "share", "share of residents with a = 2 (mobilised by a mandate)", Agg::kShare},
  {"p_vol", "share", "monthly participation: share with last_vol >= t-3", Agg::kShare},
  {"p_mob", "share", "monthly mobilisation: share with last_mob >= t-3", Agg::kShare},
  {"p_tot", "share", "share with last_vol or last_mob >= t-3", Agg::kShare},
  {"p_vol_noforum", "share", "P_vol counting only voluntary acts (not forum attendance; E3 diagnostic)", Agg::kShare},
  {"attend_share", "share", "share of residents attending a forum this step", Agg::kShare},
  {"ti", "trust", "mean institutional trust TI", Agg::kShare},
  {"ts", "trust", "mean social trust TS", Agg::kShare},
  {"ti_party", "trust", "mean TI of Party members", Agg::kShare},
  {"ti_nonparty", "trust", "mean TI of non-members", Agg::kShare},
  {"p_vol_age0", "share", "P_vol of age band 18-39", Agg::kShare},
  {"p_vol_age1", "share", "P_vol of age band 40-59", Agg::kShare},
  {"p_vol_age2", "share", "P_vol of age band 60+", Agg::kShare},
  {"p_vol_party", "share", "P_vol of Party members", Agg::kShare},
  {"p_vol_nonparty", "share", "P_vol of non-members", Agg::kShare},
  {"open", "count", "open needs at the start of service (incl. arrivals of t)", Agg::kSum},
  {"served", "count", "needs served this step", Agg::kSum},
  {"expired", "count", "needs expired this step", Agg::kSum},
  {"arrivals", "count", "needs arrived this step", Agg::kSum},
  {"misrouted", "count", "misrouted arrivals this step", Agg::kSum},
  {"disputes", "count", "owner households in a dispute this step", Agg::kSum},
  {"forums", "count", "forums held (>= 1 attendee)", Agg::kSum},
  {"wins", "count", "forums that resolved their issue", Agg::kSum},
  {"fails", "count", "forums that failed", Agg::kSum},
  {"invited", "count", "residents invited to a forum", Agg::kSum},
  {"mandated", "count", "mandate targets", Agg::kSum},
  {"complied", "count", "mandate targets who complied (a = 2)", Agg::kSum},
  {"org_c_share", "share", "unweighted share of organisations playing C (E19)", Agg::kShare},
  {"c_org", "share", "b-weighted share of organisations playing C (mean over communities)", Agg::kMean},
  {"tau_org", "trust", "mean inter-organisation trust tau_j", Agg::kShare},
  {"K", "share", "commitment stock K_c (mean over communities)", Agg::kMean},
  {"U", "share", "shared understanding U_c (mean over communities)", Agg::kMean},
  {"f_fac", "share", "facilitation share (mean over communities)", Agg::kMean},
  {"f_mand", "share", "mandate share (mean over communities)", Agg::kMean},
  {"f_inc", "share", "incentive (points) share (mean over communities)", Agg::kMean},
  {"forum_period", "steps", "forum period P_c (mean over communities)", Agg::kMean},
  {"omega_target", "share", "targeted invitation share (mean over communities)", Agg::kMean},
  {"J", "", "last committee objective J_c (mean over evaluated communities; NaN before the first)", Agg::kMean},
  {"cap_h", "h/week", "committee capacity cap_c", Agg::kSum},
  {"service_h", "h/week", "service hours after intake losses H'_c plus cap_org", Agg::kSum},
  {"cost_staff_h", "h/week", "cost ledger: paid staff hours (incl. upper-level load)", Agg::kSum},
  {"cost_inserv_h", "h/week", "cost ledger: in-service Party members' hours", Agg::kSum},
  {"cost_cobuild_h", "h/week", "cost ledger: co-building hours of unit Party organisations", Agg::kSum},
  {"cost_org_h", "h/week", "cost ledger: hours of organisations playing C (cap_org)", Agg::kSum},
  {"cost_points_h", "h/week", "cost ledger: governance hours spent on the points scheme", Agg::kSum},
  {"cost_total_h", "h/week", "cost ledger: staff + in-service + co-building + organisation hours", Agg::kSum},
};
// clang-format on

enum M : std::size_t {
  mVol, mMob, mPVol, mPMob, mPTot, mPVolNf, mAttend, mTI, mTS, mTIParty, mTINonParty,
  mPVolAge0, mPVolAge1, mPVolAge2, mPVolParty, mPVolNonParty, mOpen, mServed, mExpired,
  mArrivals, mMisrouted, mDisputes, mForums, mWins, mFails, mInvited, mMandated, mComplied,
  mOrgC, mCOrg, mTau, mK, mU, mFFac, mFMand, mFInc, mPeriod, mOmt, mJ, mCap, mServiceH,
  mCostStaff, mCostInserv, mCostCobuild, mCostOrg, mCostPoints, mCostTotal, mCount
};

// Inverse Beta CDF in double precision. Boost's default policy promotes double to long double
// (x87), about 11x slower and the whole of a large run's set-up time; the double-precision
// result differs from it by a few ulps (< 1e-15) and is stored as float anyway.
using BetaPolicy = boost::math::policies::policy<boost::math::policies::promote_float<false>,
                                                 boost::math::policies::promote_double<false>>;

double beta_mean_sd_inverse(double m, double sd, double u) {
  const double k = m * (1.0 - m) / (sd * sd) - 1.0;
  const double alpha = m * k, beta = (1.0 - m) * k;
  return boost::math::ibeta_inv(alpha, beta, u, BetaPolicy());
}

}  // namespace

const std::vector<MetricSpec>& metric_specs() { return kMetrics; }

std::size_t metric_index(std::string_view name) {
  for (std::size_t i = 0; i < kMetrics.size(); ++i)
    if (name == kMetrics[i].name) return i;
  throw std::out_of_range(fmt::format("governance: unknown metric '{}'", name));
}

GovernanceModel::GovernanceModel(const sim::RunContext& ctx) : rng_(ctx.rng) {
  static_assert(static_cast<std::size_t>(mCount) > 0);
  if (kMetrics.size() != mCount) throw std::logic_error("governance: metric table mismatch");
}

template <class F>
void GovernanceModel::for_each_community(F&& fn) {
  oneapi::tbb::parallel_for(uint32_t{0}, layout_.n_comm, [&](uint32_t c) { fn(c); });
}

template <class F>
void GovernanceModel::for_each_resident_range(F&& fn) {
  oneapi::tbb::parallel_for(uint32_t{0}, layout_.n_comm, [&](uint32_t c) {
    const uint32_t b = layout_.comm_begin[c], e = layout_.comm_begin[c + 1];
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(b, e, kGrain),
                              [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
                                fn(c, r.begin(), r.end());
                              });
  });
}

template <class F>
void GovernanceModel::for_each_resident_block(F&& fn) {
  for_each_resident_range([&](uint32_t c, uint32_t b, uint32_t e) {
    for (uint32_t b0 = b; b0 < e; b0 += kBlock) fn(c, b0, std::min(e, b0 + kBlock));
  });
}

template <class F>
void GovernanceModel::for_each_resident(F&& fn) {
  oneapi::tbb::parallel_for(uint32_t{0}, layout_.n_comm, [&](uint32_t c) {
    const uint32_t b = layout_.comm_begin[c], e = layout_.comm_begin[c + 1];
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(b, e, kGrain),
                              [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
                                for (uint32_t i = r.begin(); i != r.end(); ++i) fn(c, i);
                              });
  });
}

// Some community imitates at step t (R4: t > 0, t mod L_res = 0): then R2's shares and payoffs
// are needed, and R1e's contributions pm that they read.
bool GovernanceModel::imitation_step(int32_t t) const {
  for (uint32_t c = 0; c < layout_.n_comm; ++c) {
    const auto L = static_cast<int32_t>(eff_[c].L_res);
    if (t > 0 && L > 0 && t % L == 0) return true;
  }
  return false;
}

// Word 0 of the residents' counters (id(i), t, stream, k) for positions [b, e) into out
// (issue 7): the same words as rng_.words(id, ...)[0], computed side by side.
void GovernanceModel::draw_words(uint32_t b, uint32_t e, uint32_t t, uint32_t stream, uint32_t k,
                                 uint32_t* out) const {
  if (layout_.oid.empty())
    sim::word0_batch_consecutive(rng_, b, e - b, t, stream, k, EntityClass::kResident, out);
  else
    sim::word0_batch(rng_, layout_.oid.data() + b, e - b, t, stream, k, EntityClass::kResident, out);
}

// ------------------------------------------------------------------------------------ build
void GovernanceModel::build_layout(const sim::RunContext& ctx) {
  Layout& L = layout_;
  if (ctx.network) {
    // A real resident network with community and grid node columns.
    const sim::Network& net0 = *ctx.network;
    const auto& at = net0.attributes();
    const uint32_t n = net0.num_nodes();
    if (at.community.size() != n || at.grid.size() != n)
      sim::fail_at(ctx.scenario.get(), "network",
                   "the governance model needs node attributes 'community' and 'grid' for every "
                   "resident (a node table with columns id, community, grid)");
    std::vector<uint32_t> order(n);
    for (uint32_t p = 0; p < n; ++p) {
      if (at.community[p] < 0 || at.grid[p] < 0)
        sim::fail_at(ctx.scenario.get(), "network",
                     fmt::format("node {} has no community or grid (value -1); every resident "
                                 "needs both",
                                 net0.original_id(p)));
      order[p] = net0.original_id(p);
    }
    // community of each original id
    std::vector<int32_t> comm_of(n), grid_of(n), hh_of(n);
    for (uint32_t p = 0; p < n; ++p) {
      const uint32_t o = net0.original_id(p);
      comm_of[o] = at.community[p];
      grid_of[o] = at.grid[p];
      hh_of[o] = at.household.size() == n ? at.household[p] : -1;
    }
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      return comm_of[x] != comm_of[y] ? comm_of[x] < comm_of[y] : x < y;
    });
    // community labels -> dense 0..n_comm−1 in ascending label order
    std::map<int32_t, uint32_t> comm_index;
    for (uint32_t o : order) comm_index.emplace(comm_of[o], 0);
    uint32_t ci = 0;
    for (auto& [k, v] : comm_index) v = ci++;
    L.n = n;
    L.n_comm = ci;
    L.comm_begin.assign(L.n_comm + 1, 0);
    for (uint32_t o = 0; o < n; ++o) ++L.comm_begin[comm_index[comm_of[o]] + 1];
    for (uint32_t c = 0; c < L.n_comm; ++c) L.comm_begin[c + 1] += L.comm_begin[c];
    bool identity = true;
    for (uint32_t p = 0; p < n; ++p) identity = identity && order[p] == p;
    std::shared_ptr<const sim::Network> net = ctx.network;
    if (!net0.reordered() && identity) {
      L.oid.clear();
    } else {
      net = std::make_shared<const sim::Network>(net0.reordered_by(order));
      L.oid = order;
    }
    L.net = net;
    L.g = net->view();
    L.mean_degree = net->mean_degree();
    // grids: (community, label) -> global id in (c, ascending label) order
    std::map<std::pair<uint32_t, int32_t>, int32_t> grid_index;
    for (uint32_t p = 0; p < n; ++p) grid_index.emplace(std::make_pair(comm_index[comm_of[order[p]]], grid_of[order[p]]), 0);
    int32_t gi = 0;
    L.grid_begin.assign(L.n_comm + 1, 0);
    for (auto& [k, v] : grid_index) {
      v = gi++;
      ++L.grid_begin[k.first + 1];
    }
    for (uint32_t c = 0; c < L.n_comm; ++c) L.grid_begin[c + 1] += L.grid_begin[c];
    L.grid.resize(n);
    for (uint32_t p = 0; p < n; ++p)
      L.grid[p] = grid_index[{comm_index[comm_of[order[p]]], grid_of[order[p]]}];
    // households: (community, label) -> head = lowest id; no label = own household
    std::map<std::pair<uint32_t, int32_t>, uint32_t> head_of;
    for (uint32_t p = 0; p < n; ++p) {
      const uint32_t o = order[p];
      if (hh_of[o] < 0) continue;
      auto key = std::make_pair(comm_index[comm_of[o]], hh_of[o]);
      auto it = head_of.find(key);
      if (it == head_of.end()) head_of.emplace(key, o);
      else it->second = std::min(it->second, o);
    }
    L.head.resize(n);
    L.households.assign(L.n_comm, 0);
    for (uint32_t p = 0; p < n; ++p) {
      const uint32_t o = order[p];
      const uint32_t c = comm_index[comm_of[o]];
      L.head[p] = hh_of[o] < 0 ? o : head_of[{c, hh_of[o]}];
      if (L.head[p] == o) ++L.households[c];
    }
  } else {
    const sim::NeighbourhoodParams np = sim::neighbourhood_params(*ctx.params);
    sim::Neighbourhood nb = sim::build_neighbourhood(np, ctx.rng);
    const uint32_t n = nb.num_residents();
    L.n = n;
    L.n_comm = nb.n_comm;
    L.comm_begin.resize(L.n_comm + 1);
    for (uint32_t c = 0; c <= L.n_comm; ++c) L.comm_begin[c] = c * nb.pop_comm;
    L.grid = std::move(nb.grid);
    L.grid_begin = nb.community_grids;
    L.head.resize(n);
    for (uint32_t i = 0; i < n; ++i)
      L.head[i] = nb.household_head(static_cast<uint32_t>(nb.household[i]));
    L.households.resize(L.n_comm);
    for (uint32_t c = 0; c < L.n_comm; ++c) L.households[c] = nb.households_in(c);
    auto net = std::make_shared<sim::Network>(std::move(nb.net));
    net->attributes() = sim::NodeAttributes{};  // free the copies
    L.net = net;
    L.g = net->view();
    L.mean_degree = net->mean_degree();
    if (net->reordered()) throw std::logic_error("governance: neighbourhood must not be reordered");
  }
  L.total_households = 0;
  for (uint32_t h : L.households) L.total_households += h;
  // grid member lists (positions ascending)
  const uint32_t ng = L.grid_begin.back();
  L.grid_off.assign(ng + 1, 0);
  for (uint32_t p = 0; p < L.n; ++p) ++L.grid_off[static_cast<uint32_t>(L.grid[p]) + 1];
  for (uint32_t g = 0; g < ng; ++g) L.grid_off[g + 1] += L.grid_off[g];
  L.grid_members.resize(L.n);
  std::vector<uint64_t> fill(L.grid_off.begin(), L.grid_off.end() - 1);
  for (uint32_t p = 0; p < L.n; ++p) L.grid_members[fill[static_cast<uint32_t>(L.grid[p])]++] = p;
}

void GovernanceModel::draw_attributes(const sim::RunContext& ctx) {
  const Layout& L = layout_;
  const uint32_t n = L.n;
  const Params& p = base_;
  r_.age.resize(n);
  r_.party.resize(n);
  r_.inservice.resize(n);
  r_.owner.resize(n);
  r_.so.resize(n);
  r_.c_cost.resize(n);
  r_.theta_base.resize(n);
  const auto n_so = static_cast<uint32_t>(p.n_SO);
  const sim::NodeAttributes* at = nullptr;
  if (ctx.network) at = &L.net->attributes();
  auto given = [&](const std::vector<int8_t>& col, uint32_t pos) -> int {
    return (at && col.size() == n) ? col[pos] : -1;
  };
  constexpr auto kNet = EntityClass::kNetwork;
  for_each_resident([&](uint32_t, uint32_t i) {
    const uint32_t id = L.id(i);
    int party = given(at ? at->party : std::vector<int8_t>{}, i);
    if (party < 0) party = sim::bernoulli(rng_.uniform(id, 0, streams::kParty, 0, kNet), p.party_share);
    r_.party[i] = static_cast<uint8_t>(party != 0);
    r_.inservice[i] = static_cast<uint8_t>(
        party != 0 && sim::bernoulli(rng_.uniform(id, 0, streams::kInservice, 0, kNet), p.inserv_share));
    int owner = given(at ? at->owner : std::vector<int8_t>{}, i);
    if (owner < 0)
      owner = sim::bernoulli(rng_.uniform(L.head[i], 0, streams::kOwner, 0, kNet), p.owner_share);
    r_.owner[i] = static_cast<uint8_t>(owner != 0);
    int band = given(at ? at->age_band : std::vector<int8_t>{}, i);
    if (band < 0 || band > 2) band = categorical(rng_.uniform(id, 0, streams::kAge, 0, kNet), p.age_p);
    r_.age[i] = static_cast<uint8_t>(band);
    const double u_so = rng_.uniform(id, 0, streams::kSo, 0, kNet);
    const double u_idx = rng_.uniform(id, 0, streams::kSo, 1, kNet);
    r_.so[i] = (n_so > 0 && sim::bernoulli(u_so, p.p_so))
                   ? static_cast<int16_t>(sim::index_of(u_idx, n_so))
                   : int16_t{-1};
    r_.c_cost[i] = static_cast<float>(p.c_max * rng_.uniform(id, 0, streams::kCost, 0, kNet));
    const double z = rng_.normal_pair(id, 0, streams::kTheta, 0, kNet).first;
    double th = std::clamp(p.theta_mu + p.theta_sd * z, 0.0, p.theta_max);
    if (sim::bernoulli(rng_.uniform(id, 0, streams::kTheta, 1, kNet), p.frac_uncond)) th = 0.0;
    r_.theta_base[i] = static_cast<float>(th);
  });
  // grids
  const uint32_t ng = L.n_grid();
  grid_.vis.resize(ng);
  for (uint32_t g = 0; g < ng; ++g)
    grid_.vis[g] = p.vis_lo + (p.vis_hi - p.vis_lo) * rng_.uniform(g, 0, streams::kVis, 0, kNet);
  grid_.served.assign(ng, 0);
  grid_.open.assign(ng, 0);
  grid_.cov.assign(ng, 1.0);
  grid_.cut.assign(ng, {});
  grid_.win_served.assign(ng, 0);
  grid_.win_open.assign(ng, 0);
  // organisations
  org_.slots = 3 + n_so;
  const std::size_t no = static_cast<std::size_t>(org_.slots) * L.n_comm;
  org_.exists.assign(no, 0);
  org_.kind.assign(no, 0);
  org_.s.assign(no, 0);
  org_.b.assign(no, 0.0);
  org_.tau.assign(no, p.tau_org0);
  for (uint32_t c = 0; c < L.n_comm; ++c) {
    for (uint32_t slot = 0; slot < org_.slots; ++slot) {
      const std::size_t j = static_cast<std::size_t>(c) * org_.slots + slot;
      const uint32_t oid = static_cast<uint32_t>(j);
      org_.kind[j] = static_cast<uint8_t>(std::min<uint32_t>(slot, 3));
      if (slot == 0) {
        org_.exists[j] = 1, org_.b[j] = p.b_RC;
      } else if (slot == 1) {
        const double pe = overlay_.structural(Key::oc_exist_p, c);
        org_.exists[j] = sim::bernoulli(rng_.uniform(oid, 0, streams::kOcExist, 0, kNet), pe);
        org_.b[j] = p.b_OC;
      } else if (slot == 2) {
        org_.exists[j] = 1, org_.b[j] = p.b_PMC;
      } else {
        org_.exists[j] = 1, org_.b[j] = p.b_SO;
      }
    }
  }
  // committees and peers
  com_.assign(L.n_comm, Committee{});
  const auto per_sd = static_cast<uint32_t>(p.comm_per_subdistrict);
  for (uint32_t c = 0; c < L.n_comm; ++c) {
    for (uint32_t d = c + 1; d < L.n_comm; ++d) {
      bool link = c / per_sd == d / per_sd;
      if (!link)
        link = sim::bernoulli(rng_.uniform(c, 0, streams::kPeer, d, kNet), p.p_peer_x);
      if (link) {
        com_[c].peers.push_back(d);
        com_[d].peers.push_back(c);
      }
    }
  }
  for (auto& cm : com_) std::sort(cm.peers.begin(), cm.peers.end());
  for (uint32_t c = 0; c < L.n_comm; ++c) {
    int64_t k = 0;
    for (uint32_t i = L.comm_begin[c]; i < L.comm_begin[c + 1]; ++i) k += r_.inservice[i];
    com_[c].n_inserv = k;
  }
}

void GovernanceModel::init_state(const sim::RunContext&) {
  const uint32_t n = layout_.n;
  const Params& p = base_;
  r_.s[0].resize(n);
  r_.s[1].resize(n);
  r_.theta.resize(n);
  r_.a.assign(n, 0);
  r_.ev.assign(n, 0);
  r_.wom.assign(n, 0);
  r_.TI.resize(n);
  r_.TS.resize(n);
  r_.last_vol.assign(n, kNever);
  r_.last_vol_nf.assign(n, kNever);
  r_.last_mob.assign(n, kNever);
  r_.cum_vol.assign(n, 0);
  r_.need_open.assign(n, 0);
  r_.need_type.assign(n, 0);
  r_.need_t0.assign(n, 0);
  r_.need_ready.assign(n, 0);
  r_.forum_of.assign(n, -1);
  r_.pi.assign(n, 0.f);
  r_.pm.assign(n, 0.f);
  r_.share.assign(n, 0.f);
  r_.x[0].assign(n, 0.f);
  r_.x[1].assign(n, 0.f);
  r_.inv_key.assign(n, 0);
  r_.mkey.assign(n, 0.0);
  r_.serve_word.assign(n, 0);
  r_.act_code.assign(n, 0);  // nobody active before step 0
  r_.sig_nv.assign(n, 0);
  r_.sig_nm.assign(n, 0);
  r_.cur = 0;
  const double sd_ti = std::min(p.trust_sd, 0.95 * std::sqrt(p.TI0 * (1 - p.TI0)));
  const double sd_ts = std::min(p.trust_sd, 0.95 * std::sqrt(p.TS0 * (1 - p.TS0)));
  trust_sd_clipped_ = sd_ti < p.trust_sd || sd_ts < p.trust_sd;
  constexpr auto kInit = EntityClass::kInitial;
  for_each_resident([&](uint32_t, uint32_t i) {
    const uint32_t id = layout_.id(i);
    r_.s[0][i] = static_cast<uint8_t>(!sim::bernoulli(rng_.uniform(id, 0, streams::kInitS, 0, kInit), p.frac_D0));
    r_.s[1][i] = r_.s[0][i];
    r_.theta[i] = r_.theta_base[i];
    r_.TI[i] = static_cast<float>(beta_mean_sd_inverse(p.TI0, sd_ti, rng_.uniform(id, 0, streams::kInitTI, 0, kInit)));
    r_.TS[i] = static_cast<float>(beta_mean_sd_inverse(p.TS0, sd_ts, rng_.uniform(id, 0, streams::kInitTS, 0, kInit)));
  });
  for (auto& cm : com_) {
    cm.v = {p.f_fac, p.f_mand, p.f_inc, p.forum_period, p.omega_target};
    cm.vs = cm.v;
    cm.K = p.K_c0;
    cm.U = p.U_c0;
  }
}

// Effective parameters of every community at step t; learnable keys of components starting
// at t set v and v*.
void GovernanceModel::apply_overlay(int64_t t, bool at_init) {
  for (uint32_t c = 0; c < layout_.n_comm; ++c) {
    overlay_.effective(c, std::max<int64_t>(t, 0), eff_[c]);
    const int64_t ts = std::max<int64_t>(t, 0);
    if ((at_init || t > 0) && overlay_.learnable_starts(c, ts)) {
      Committee& cm = com_[c];
      const Key keys[5] = {Key::f_fac, Key::f_mand, Key::f_inc, Key::forum_period, Key::omega_target};
      for (int k = 0; k < 5; ++k) cm.v[k] = overlay_.learnable(keys[k], c, ts);
      cm.vs = cm.v;
      cm.trial = false;
    }
  }
}

void GovernanceModel::init(sim::RunContext& ctx) {
  base_ = Params::from(*ctx.params);
  steps_ = ctx.scenario ? ctx.scenario->steps : 260;
  window_ = static_cast<uint32_t>(std::min<int64_t>(base_.i(base_.final_window), steps_));
  build_layout(ctx);
  std::vector<sim::CountermeasureSpec> cms;
  if (ctx.scenario) cms = ctx.scenario->countermeasures;
  overlay_ = Overlay(base_, cms, layout_.n_comm);
  eff_.assign(layout_.n_comm, base_);
  draw_attributes(ctx);
  init_state(ctx);
  apply_overlay(0, true);
  num_.assign(mCount * layout_.n_comm, 0.0);
  den_.assign(mCount * layout_.n_comm, 0.0);
  group_values_.assign(mCount * layout_.n_comm, 0.0);
  global_.assign(mCount, 0.0);
  pass_capacity();  // for the cost ledger of row 0
  compute_metrics(-1);
}

// ------------------------------------------------------------------------------------ step
void GovernanceModel::step(sim::RunContext&, uint32_t t_u) {
  const auto t = static_cast<int32_t>(t_u);
  if (t > 0) apply_overlay(t, false);
  pass_learning(t);
  pass_capacity();
  pass_committee(t);
  pass_organisations(t);
  pass_residents_a(t);
  pass_forum_outcomes(t);
  pass_won_flags();
  pass_service(t);
  pass_residents_e(t);
  pass_payoffs(t);
  pass_trust(t);
  pass_adaptation(t);
  compute_metrics(t);
}

// O0 (4.6.9): keep-if-better hill climbing, t > 0 ∧ t mod L_learn = 0.
void GovernanceModel::pass_learning(int32_t t) {
  if (t <= 0) return;
  std::vector<uint8_t> eval(layout_.n_comm, 0);
  for (uint32_t c = 0; c < layout_.n_comm; ++c) {
    const auto L = static_cast<int32_t>(eff_[c].L_learn);
    eval[c] = L > 0 && t % L == 0;
  }
  // step 1
  for_each_community([&](uint32_t c) {
    if (!eval[c]) return;
    Committee& cm = com_[c];
    const double pvol = cm.acc_n > 0 ? cm.acc_pvol / static_cast<double>(cm.acc_n) : 0.0;
    const double ptot = cm.acc_n > 0 ? cm.acc_ptot / static_cast<double>(cm.acc_n) : 0.0;
    const int64_t den = cm.acc_served + cm.acc_expired;
    const double covL = den > 0 ? static_cast<double>(cm.acc_served) / static_cast<double>(den) : 1.0;
    const double ti_now = group_values_[mTI * layout_.n_comm + c];
    const double dti = cm.has_TI_eval ? ti_now - cm.TI_eval : 0.0;
    cm.J = learning_objective(eff_[c].w_visible, pvol, ptot, covL, dti);
    cm.has_J = true;
    if (cm.trial && cm.has_Jstar && cm.J < cm.Jstar) {
      cm.v = cm.vs;
    } else {
      cm.vs = cm.v;
      cm.Jstar = cm.J;
      cm.has_Jstar = true;
    }
    cm.trial = false;
    cm.TI_eval = ti_now;
    cm.has_TI_eval = true;
    cm.t_eval = t;
    cm.acc_pvol = cm.acc_ptot = 0;
    cm.acc_served = cm.acc_expired = cm.acc_n = 0;
  });
  // step 2: explore or imitate (9 values whichever branch: u1..u4, three Box-Muller pairs)
  constexpr auto kCom = EntityClass::kCommittee;
  std::vector<std::array<double, 5>> new_v(layout_.n_comm);
  std::vector<uint8_t> changed(layout_.n_comm, 0);
  for_each_community([&](uint32_t c) {
    if (!eval[c]) return;
    const Params& p = eff_[c];
    const Committee& cm = com_[c];
    double u[4];
    for (uint32_t k = 0; k < 4; ++k) u[k] = rng_.uniform(c, static_cast<uint32_t>(t), streams::kLearn, k, kCom);
    double z[6];
    for (uint32_t k = 0; k < 3; ++k) {
      const auto pr = rng_.normal_pair(c, static_cast<uint32_t>(t), streams::kLearn, 4 + k, kCom);
      z[2 * k] = pr.first;
      z[2 * k + 1] = pr.second;
    }
    std::array<double, 5> v = cm.v;
    bool ch = false;
    if (u[0] < p.iota_explore) {
      std::array<double, 3> f = {cm.vs[0] + p.sigma_explore * z[0], cm.vs[1] + p.sigma_explore * z[1],
                                 cm.vs[2] + p.sigma_explore * z[2]};
      project_shares(f, p.f_min);
      v = {f[0], f[1], f[2], std::clamp(cm.vs[3] + 12.0 * p.sigma_explore * z[3], 1.0, 13.0),
           std::clamp(cm.vs[4] + p.sigma_explore * z[4], 0.0, 1.0)};
      ch = true;
    } else if (u[1] < p.iota_peer && !cm.peers.empty()) {
      const uint32_t j = cm.peers[sim::index_of(u[2], cm.peers.size())];
      const Committee& pj = com_[j];
      if (pj.has_Jstar && u[3] < kernels::sigmoid((pj.Jstar - cm.Jstar) / p.K_party)) {
        if (pj.vs != cm.v) {
          v = pj.vs;
          ch = true;
        }
      }
    }
    new_v[c] = v;
    changed[c] = ch;
  });
  for (uint32_t c = 0; c < layout_.n_comm; ++c)
    if (eval[c] && changed[c]) {
      com_[c].v = new_v[c];
      com_[c].trial = true;
    }
}

// O1 (4.6.1): capacity from params, s_j(t−1) and v.
void GovernanceModel::pass_capacity() {
  for_each_community([&](uint32_t c) {
    double sbc = 0, sb = 0;
    for (uint32_t slot = 0; slot < org_.slots; ++slot) {
      const std::size_t j = static_cast<std::size_t>(c) * org_.slots + slot;
      if (!org_.exists[j]) continue;
      sb += org_.b[j];
      if (org_.s[j]) sbc += org_.b[j];
    }
    Committee& cm = com_[c];
    cm.cap = capacity(eff_[c], layout_.size(c), static_cast<double>(cm.n_inserv), sbc, sb, cm.v[2]);
  });
}

// O2 (4.6.2, 4.6.5): forum round, invitation cutoffs, mandate cutoff.
void GovernanceModel::pass_committee(int32_t t) {
  const auto tu = static_cast<uint32_t>(t);
  constexpr auto kCom = EntityClass::kCommittee;
  for_each_community([&](uint32_t c) {
    const Params& p = eff_[c];
    Committee& cm = com_[c];
    const uint32_t b = layout_.comm_begin[c], e = layout_.comm_begin[c + 1];
    const uint32_t n_c = e - b;
    const auto P = static_cast<int64_t>(kernels::round_half_up(cm.v[3]));
    cm.round = t > 0 && P > 0 && t % P == 0;
    cm.n_f = 0;
    cm.cut_T = cm.cut_rest = KeyCut{};
    if (cm.round) {
      cm.n_f = std::max<int64_t>(0, sim::stochastic_round(cm.v[0] * cm.cap.E * static_cast<double>(P) / p.h_forum,
                                                          rng_.uniform(c, tu, streams::kForum, 0, kCom)));
      int64_t so_c = 0;
      for (uint32_t slot = 3; slot < org_.slots; ++slot) {
        const std::size_t j = static_cast<std::size_t>(c) * org_.slots + slot;
        so_c += org_.exists[j] && org_.s[j];
      }
      cm.seats = static_cast<int64_t>(p.forum_seats) + static_cast<int64_t>(p.seat_SO) * so_c;
      cm.n_inv = std::min<int64_t>(n_c, cm.n_f * cm.seats);
      if (cm.n_inv > 0) {
        // the keys stay in r_.inv_key for R1a's pulls
        const std::span<const uint64_t> keys(r_.inv_key.data() + b, n_c);
        std::vector<uint8_t> in_T(n_c);
        int64_t size_T = 0;
        uint32_t w[kBlock];
        for (uint32_t b0 = b; b0 < e; b0 += kBlock) {
          const uint32_t e0 = std::min(e, b0 + kBlock);
          draw_words(b0, e0, tu, streams::kInvite, 0, w);
          for (uint32_t i = b0; i < e0; ++i) {
            r_.inv_key[i] = pack_key(w[i - b0], layout_.id(i));
            in_T[i - b] = r_.last_vol[i] < t - 52 || r_.need_open[i];
            size_T += in_T[i - b];
          }
        }
        cm.n_T = std::min<int64_t>(size_T, static_cast<int64_t>(kernels::round_half_up(cm.v[4] * static_cast<double>(cm.n_inv))));
        auto cuts = invitation_cutoffs(keys, in_T, static_cast<std::size_t>(cm.n_T), static_cast<std::size_t>(cm.n_inv));
        cm.cut_T = cuts.first;
        cm.cut_rest = cuts.second;
      }
      cm.win.assign(static_cast<std::size_t>(cm.n_f), 0);
    }
    // mandates
    cm.Q = std::min<int64_t>(n_c, std::max<int64_t>(0, sim::stochastic_round(cm.v[1] * cm.cap.E / p.h_mob,
                                                         rng_.uniform(c, tu, streams::kMandate, 0, kCom))));
    cm.mcut = MandateCut{};
    if (cm.Q > 0) {
      // mandate_cutoff's Q-th best (key, −id), by MandateTopQ's one scan; mkey is the exact
      // key, or −∞ where the key cannot be selected, for R1a's pull
      cm.mtop.reset(static_cast<std::size_t>(cm.Q));
      uint32_t w[kBlock];
      for (uint32_t b0 = b; b0 < e; b0 += kBlock) {
        const uint32_t e0 = std::min(e, b0 + kBlock);
        draw_words(b0, e0, tu, streams::kMandate, 0, w);
        for (uint32_t i = b0; i < e0; ++i) {
          const double wt = mandate_weight(p, r_.party[i], r_.TI[i]);
          r_.mkey[i] = cm.mtop.offer(w[i - b0], sim::u01(w[i - b0]), wt, layout_.id(i));
        }
      }
      cm.mcut = cm.mtop.cut();
    }
  });
}

// O3 (4.6.8): joint meeting, stag hunt, trust update.
void GovernanceModel::pass_organisations(int32_t t) {
  const auto tu = static_cast<uint32_t>(t);
  for_each_community([&](uint32_t c) {
    const Params& p = eff_[c];
    const std::size_t j0 = static_cast<std::size_t>(c) * org_.slots;
    const auto mp = static_cast<int32_t>(p.meet_period);
    if (t > 0 && mp > 0 && t % mp == 0)
      for (uint32_t k = 0; k < org_.slots; ++k)
        if (org_.exists[j0 + k]) org_.tau[j0 + k] = kernels::joint_meeting(org_.tau[j0 + k], p.phi_lead, p.lam_meet);
    kernels::OrgGameParams gp;
    gp.r_org = p.r_org;
    gp.c_C = p.c_C;
    gp.delta_D = p.delta_D;
    gp.beta_mis = p.beta_mis;
    gp.cross_appoint = p.cross_appoint;
    gp.p_enf = p.p_enf;
    gp.F = p.F;
    gp.psi_meta = p.psi_meta;
    gp.omega_rep_org = p.omega_rep_org;
    gp.lam_org = p.lam_org;
    int n_exist = 0, n_c = 0;
    for (uint32_t k = 0; k < org_.slots; ++k) {
      const std::size_t j = j0 + k;
      if (!org_.exists[j]) continue;
      const double pc = kernels::org_coop_probability(org_.tau[j], gp);
      org_.s[j] = sim::bernoulli(rng_.uniform(static_cast<uint32_t>(j), tu, streams::kOrg, 0,
                                              EntityClass::kOrganisation), pc);
      ++n_exist;
      n_c += org_.s[j];
    }
    for (uint32_t k = 0; k < org_.slots; ++k) {
      const std::size_t j = j0 + k;
      if (!org_.exists[j] || n_exist < 2) continue;
      const double o = static_cast<double>(n_c - org_.s[j]) / static_cast<double>(n_exist - 1);
      org_.tau[j] = kernels::org_trust_update(org_.tau[j], o, p.lam_tau);
    }
    com_[c].pmc_D = org_.exists[j0 + 2] && !org_.s[j0 + 2];
  });
}

// R1a: reset, x(t), invitation / mandate pulls, attendance.
void GovernanceModel::pass_residents_a(int32_t t) {
  const auto tu = static_cast<uint32_t>(t);
  constexpr auto kRes = EntityClass::kResident;
  float* const x_now = r_.x[r_.cur].data();
  for_each_resident_block([&](uint32_t c, uint32_t b, uint32_t e) {
    const Params& p = eff_[c];
    const Committee& cm = com_[c];
    uint8_t* const a = r_.a.data();
    int32_t* const forum_of = r_.forum_of.data();
    uint16_t* const ev_ = r_.ev.data();
    const uint8_t* const need_open = r_.need_open.data();
    const uint8_t* const owner = r_.owner.data();
    const uint32_t* const sig_nv = r_.sig_nv.data();
    const uint32_t* const sig_nm = r_.sig_nm.data();
    const double* const mkey = r_.mkey.data();
    const uint64_t* const off = layout_.g.offsets.data();
    const double w_mob_signal = p.w_mob_signal;
    const bool invites = cm.round && cm.n_inv > 0, mandates = cm.Q > 0;
    const MandateCut mcut = cm.mcut;
    // R1c's arrival probability of a non-owner (or where the PMC cooperates) and of an owner
    // where the PMC defects: need_arrival's expression for both values of the indicator
    const double pn0 = kernels::clip01(p.p_need * (1.0 + p.q_pen * 0.0));
    const double pn1 = kernels::clip01(p.p_need * (1.0 + p.q_pen * 1.0));
    const bool pmc_D = cm.pmc_D;
    uint32_t w_need[kBlock];
    draw_words(b, e, tu, streams::kNeed, 0, w_need);
    for (uint32_t i = b; i < e; ++i) {
      const uint32_t id = layout_.id(i);
      uint16_t ev = 0;
      a[i] = 0;
      forum_of[i] = -1;
      // neighbour_signal(g, i, last_vol, last_mob, t, w_mob_signal), from the counts the TS
      // loop of step t−1 pulled (pass_payoffs); the same integers, so the same bits
      const auto k = static_cast<uint32_t>(off[i + 1] - off[i]);
      x_now[i] = k == 0 ? 0.0f
                        : static_cast<float>((static_cast<double>(sig_nv[i]) +
                                              w_mob_signal * static_cast<double>(sig_nm[i])) /
                                             static_cast<double>(k));
      if (invites) {
        const uint64_t key = r_.inv_key[i];  // O2's pack_key(u_inv word, id)
        const bool in_T = r_.last_vol[i] < t - 52 || need_open[i];
        if (invited_by(key, in_T, cm.cut_T, cm.cut_rest)) {
          ev |= kInvited;
          forum_of[i] = static_cast<int32_t>(sim::index_of(rng_.uniform(id, tu, streams::kInvite, 1, kRes),
                                                           static_cast<std::size_t>(cm.n_f)));
          const double pa = attend_probability(p, r_.TI[i], r_.TS[i], cm.K, r_.age[i], r_.party[i]);
          if (sim::bernoulli(rng_.uniform(id, tu, streams::kAttend, 0, kRes), pa)) {
            ev |= kAttended;
            a[i] = 1;
          }
        }
      }
      if (mandates && mcut.selects(mkey[i], id)) ev |= kMandated;  // O2's key
      // R1c: a need arrives (need_arrival draws the rest), after R1a read need_open
      // (the open-need and owner tests without branches: both are random shares of residents)
      const double pn = ((owner[i] != 0) & pmc_D) ? pn1 : pn0;
      if ((need_open[i] == 0) & sim::bernoulli(sim::u01(w_need[i - b]), pn)) ev |= need_arrival(c, i, tu);
      ev_[i] = ev;
    }
  });
}

// R1b: forum outcomes per community, ascending forum id; then the won flags.
void GovernanceModel::pass_forum_outcomes(int32_t t) {
  const auto tu = static_cast<uint32_t>(t);
  for_each_community([&](uint32_t c) {
    Committee& cm = com_[c];
    cm.forums = cm.wins = cm.fails = 0;
    if (!cm.round || cm.n_f == 0) return;
    std::vector<int64_t> att(static_cast<std::size_t>(cm.n_f), 0);
    for (uint32_t i = layout_.comm_begin[c]; i < layout_.comm_begin[c + 1]; ++i)
      if (r_.ev[i] & kAttended) ++att[static_cast<std::size_t>(r_.forum_of[i])];
    const Params& p = eff_[c];
    for (int64_t f = 0; f < cm.n_f; ++f) {
      if (att[static_cast<std::size_t>(f)] == 0) continue;
      const double pr = resolution_probability(p, cm.U, cm.cap.C_org);
      const bool w = sim::bernoulli(rng_.uniform(c, tu, streams::kForumOut, static_cast<uint32_t>(f),
                                                 EntityClass::kCommittee), pr);
      cm.win[static_cast<std::size_t>(f)] = w;
      const double wd = w ? 1.0 : 0.0;
      cm.K += p.lam_K * (wd - cm.K);
      cm.U += p.lam_U * (wd - cm.U);
      ++cm.forums;
      if (w) ++cm.wins;
      else ++cm.fails;
    }
  });
  // the won flags are set by pass_won_flags, only where a community won a forum this step
  any_won_ = false;
  for (const Committee& cm : com_) any_won_ = any_won_ || cm.wins > 0;
}

// R1b's won flags: the attendees of a won forum get kWon, and each pushes "a neighbour won" to
// its neighbours (r_.wom, read by R1e's word of mouth). The network is stored both ways, so
// "some neighbour of i won" is "i is a neighbour of a winner": pushing from the few winners
// replaces a pull over every row (issue 7). Pushes are relaxed atomic stores of the value 1:
// the result does not depend on their order. Only communities that won a forum have winners.
void GovernanceModel::pass_won_flags() {
  if (wom_dirty_) {
    std::fill(r_.wom.begin(), r_.wom.end(), uint8_t{0});
    wom_dirty_ = false;
  }
  if (!any_won_) return;
  wom_dirty_ = true;
  for_each_community([&](uint32_t c) {
    const Committee& cm = com_[c];
    if (cm.wins == 0) return;
    for (uint32_t i = layout_.comm_begin[c]; i < layout_.comm_begin[c + 1]; ++i) {
      if (!(r_.ev[i] & kAttended) || !cm.win[static_cast<std::size_t>(r_.forum_of[i])]) continue;
      r_.ev[i] |= kWon;
      for (uint32_t j : layout_.g.row(i)) std::atomic_ref<uint8_t>(r_.wom[j]).store(1, std::memory_order_relaxed);
    }
  });
}

// R1c for one resident whose need arrives (R1a's loop decided it with the kNeed draw): its
// type, routing and ready step. Returns the event bits (kArrived, kMisrouted).
uint16_t GovernanceModel::need_arrival(uint32_t c, uint32_t i, uint32_t tu) {
  constexpr auto kRes = EntityClass::kResident;
  const auto t = static_cast<int32_t>(tu);
  const Params& p = eff_[c];
  const uint32_t id = layout_.id(i);
  r_.need_open[i] = 1;
  r_.need_type[i] = categorical(rng_.uniform(id, tu, streams::kNeed, 1, kRes), p.need_mix);
  const bool mis = sim::bernoulli(rng_.uniform(id, tu, streams::kRoute, 0, kRes), 1.0 - p.q_match);
  const int64_t d = sim::stochastic_round(p.L_route * (1.0 + (mis ? 1.0 : 0.0)),
                                          rng_.uniform(id, tu, streams::kRoute, 1, kRes));
  r_.need_t0[i] = t;
  r_.need_ready[i] = t + static_cast<int32_t>(d);
  return mis ? uint16_t{kArrived | kMisrouted} : uint16_t{kArrived};
}

// R1d: service selection per community: three center budgets, then the pool.
void GovernanceModel::pass_service(int32_t t) {
  const auto tu = static_cast<uint32_t>(t);
  constexpr auto kRes = EntityClass::kResident;
  struct Item {
    int32_t ready;
    uint32_t word;
    uint32_t id;
    uint32_t pos;
    uint8_t type;
    bool operator<(const Item& o) const {
      if (ready != o.ready) return ready < o.ready;
      if (word != o.word) return word < o.word;
      return id < o.id;
    }
  };
  for_each_community([&](uint32_t c) {
    const Params& p = eff_[c];
    Committee& cm = com_[c];
    int64_t mis = 0, arr = 0;
    for (uint32_t i = layout_.comm_begin[c]; i < layout_.comm_begin[c + 1]; ++i) {
      arr += (r_.ev[i] & kArrived) != 0;
      mis += (r_.ev[i] & kMisrouted) != 0;
    }
    cm.misrouted = mis;
    cm.arrivals = arr;
    cm.H_prime = std::max(0.0, cm.cap.H - p.h_mis * (1.0 - p.pool) * static_cast<double>(mis));
    const uint32_t g0 = layout_.grid_begin[c], g1 = layout_.grid_begin[c + 1];
    const uint32_t ng = g1 - g0;
    // eligible needs per grid and type
    std::vector<std::vector<Item>> items(ng);
    for (uint32_t g = g0; g < g1; ++g) {
      int64_t open = 0;
      auto& it = items[g - g0];
      for (uint64_t k = layout_.grid_off[g]; k < layout_.grid_off[g + 1]; ++k) {
        const uint32_t i = layout_.grid_members[k];
        if (!r_.need_open[i]) continue;
        ++open;
        if (r_.need_ready[i] > t) continue;
        const uint32_t id = layout_.id(i);
        r_.serve_word[i] = rng_.words(id, tu, streams::kServe, 0, kRes)[0];  // for R1e's pull
        it.push_back({r_.need_ready[i], r_.serve_word[i], id, i, r_.need_type[i]});
      }
      std::sort(it.begin(), it.end());
      grid_.open[g] = open;
      grid_.served[g] = 0;
      grid_.cut[g] = {};
    }
    std::vector<int64_t> n(ng), served(ng);
    std::vector<double> u(ng);
    std::vector<std::vector<uint8_t>> taken(ng);
    for (uint32_t g = 0; g < ng; ++g) taken[g].assign(items[g].size(), 0);
    std::span<const double> vis(grid_.vis.data() + g0, ng);
    for (uint32_t budget = 0; budget < 4; ++budget) {
      const bool is_pool = budget == 3;
      const double hours = is_pool ? p.pool * cm.H_prime + cm.cap.cap_org
                                   : (1.0 - p.pool) * p.cap_share[budget] * cm.H_prime;
      for (uint32_t g = 0; g < ng; ++g) {
        int64_t k = 0;
        for (std::size_t q = 0; q < items[g].size(); ++q)
          k += !taken[g][q] && (is_pool || items[g][q].type == budget);
        n[g] = k;
        u[g] = rng_.uniform(g0 + g, tu, streams::kServe, budget, EntityClass::kGrid);
      }
      allocate_service(hours, n, vis, p.w_need, p.w_vis, p.h_need, u, served);
      for (uint32_t g = 0; g < ng; ++g) {
        int64_t left = served[g];
        if (left == 0) continue;
        for (std::size_t q = 0; q < items[g].size() && left > 0; ++q) {
          if (taken[g][q] || !(is_pool || items[g][q].type == budget)) continue;
          taken[g][q] = 1;
          --left;
          auto& cut = grid_.cut[g0 + g][budget];
          cut = {items[g][q].ready, items[g][q].word, items[g][q].id, true};
        }
        grid_.served[g0 + g] += served[g];
      }
    }
    for (uint32_t g = g0; g < g1; ++g)
      grid_.cov[g] = grid_.open[g] > 0 ? static_cast<double>(grid_.served[g]) / static_cast<double>(grid_.open[g]) : 1.0;
  });
}

// R1e: service pulls, waits and expiries, disputes, forum outcomes, the voluntary decision,
// compliance, recognition; then last_vol / last_mob / cum_vol, TI after experience, threshold.
void GovernanceModel::pass_residents_e(int32_t t) {
  const auto tu = static_cast<uint32_t>(t);
  constexpr auto kRes = EntityClass::kResident;
  const uint8_t* const s_prev = r_.s[r_.cur].data();
  const float* const x_now = r_.x[r_.cur].data();
  const bool imitate = imitation_step(t);  // pm is read only by the shares of imitation steps
  for_each_resident_block([&](uint32_t c, uint32_t b, uint32_t e) {
    // The block's state as local pointers and its parameters as local values: the byte
    // stores below would otherwise make the compiler reload every vector and parameter after
    // each store (a uint8_t store may alias anything). Same expressions, same order, same bits.
    const Params& p = eff_[c];
    const Committee& cm = com_[c];
    uint16_t* const ev_ = r_.ev.data();
    uint8_t* const need_open = r_.need_open.data();
    const uint8_t* const need_type = r_.need_type.data();
    const int32_t* const need_ready = r_.need_ready.data();
    const int32_t* const need_t0 = r_.need_t0.data();
    const uint32_t* const serve_word = r_.serve_word.data();
    const int32_t* const grid = layout_.grid.data();
    const std::array<ServeCut, 4>* const cut = grid_.cut.data();
    const uint8_t* const owner = r_.owner.data();
    const uint32_t* const head = layout_.head.data();
    const uint8_t* const wom = r_.wom.data();
    uint8_t* const a = r_.a.data();
    float* const theta = r_.theta.data();
    const float* const theta_base = r_.theta_base.data();
    float* const TI = r_.TI.data();
    const float* const TS = r_.TS.data();
    const float* const c_cost = r_.c_cost.data();
    const uint8_t* const age = r_.age.data();
    const uint8_t* const party = r_.party.data();
    const int16_t* const so = r_.so.data();
    const uint8_t* const org_s = org_.s.data() + static_cast<std::size_t>(c) * org_.slots + 3;
    int32_t* const last_vol = r_.last_vol.data();
    int32_t* const last_vol_nf = r_.last_vol_nf.data();
    int32_t* const last_mob = r_.last_mob.data();
    int32_t* const cum_vol = r_.cum_vol.data();
    uint8_t* const act_code = r_.act_code.data();
    float* const pm = r_.pm.data();
    const uint64_t* const off = layout_.g.offsets.data();
    const bool pmc_D = cm.pmc_D, won_any = any_won_;
    const double I_c = cm.cap.I;
    const auto patience = static_cast<int32_t>(std::ceil(p.L_patience));
    const auto expire = static_cast<int32_t>(p.L_expire);
    const double w_serve = p.w_serve, w_wait = p.w_wait, w_expire = p.w_expire, w_disp = p.w_disp,
                 p_disp = p.p_disp, w_voice = p.w_voice, kappa_in = p.kappa_in, w_win = p.w_win,
                 kappa_commit = p.kappa_commit, w_fail = p.w_fail, omega_wom = p.omega_wom,
                 w_rec = p.w_rec, theta_recover = p.theta_recover, theta_max = p.theta_max,
                 c_pgg = p.c_pgg, e_mob = p.e_mob;
    // the block's u_vol draws, and its u_disp draws (by household head) where the PMC defects
    const kernels::ProbabilityBounds pv = kernels::activation_probability_bounds(p.p_act, p.eps_spont);
    uint32_t w_vol[kBlock], w_dispute[kBlock];
    draw_words(b, e, tu, streams::kVol, 0, w_vol);
    if (pmc_D) sim::word0_batch(rng_, head + b, e - b, tu, streams::kDispute, 0, kRes, w_dispute);
    // The voluntary decisions of the block first: they read only what R1a left (a, the invited
    // bit) and values this pass changes later in the resident's turn (θ, TI), so they can be
    // made before it. Bernoulli(u_vol, volunteer_probability(...)) for a resident with a = 0,
    // s = C and θ <= 1 (else the probability is 0); a draw outside [pv.lo, pv.hi) decides without
    // θ_eff and the logistic (activation_probability_bounds). A branch-free first loop decides
    // those and lists the others, which the second loop decides: the 30/70 test of the draw
    // against pv.hi would otherwise be a mispredicted branch.
    uint8_t vol[kBlock];
    uint32_t undecided[kBlock];
    uint32_t n_undecided = 0;
    for (uint32_t i = b; i < e; ++i) {
      const bool candidate = (a[i] == 0) & (s_prev[i] != 0) & !(theta[i] > 1.0);
      const double u_vol = sim::u01(w_vol[i - b]);
      const bool sure = u_vol < pv.lo;
      vol[i - b] = candidate & sure;
      undecided[n_undecided] = i;
      n_undecided += candidate & !sure & ((u_vol < pv.hi) | (pv.hi >= 1.0));
    }
    for (uint32_t q = 0; q < n_undecided; ++q) {
      const uint32_t i = undecided[q];
      const int so_i = so[i];
      const bool so_C = so_i >= 0 && org_s[static_cast<uint32_t>(so_i)];
      ThetaInputs in{theta[i], TI[i], TS[i], c_cost[i], I_c, age[i], party[i] != 0,
                     (ev_[i] & kInvited) != 0, so_C};
      const double th_eff = theta_effective(p, in);
      vol[i - b] = sim::bernoulli(sim::u01(w_vol[i - b]),
                                  volunteer_probability(p, true, theta[i], x_now[i], th_eff));
    }
    // The open needs of the block first (a random share of residents: listed without a branch):
    // service pulls against the grid cutoffs, waits and expiries. They read and write only the
    // resident's need, so they can be made before the resident's turn; their Ep, Em and event
    // bits are where the turn starts (same additions in the same order).
    double need_Ep[kBlock], need_Em[kBlock];
    uint16_t need_ev[kBlock];
    uint32_t n_open = 0;
    for (uint32_t i = b; i < e; ++i) {
      need_Ep[i - b] = 0;
      need_Em[i - b] = 0;
      need_ev[i - b] = 0;
      undecided[n_open] = i;  // reused as the list of open needs
      n_open += need_open[i] != 0;
    }
    for (uint32_t q = 0; q < n_open; ++q) {
      const uint32_t i = undecided[q];
      const uint32_t id = layout_.id(i);
      double Ep = 0, Em = 0;
      uint16_t ev = 0;
      bool open = true;
      if (need_ready[i] <= t) {
        const uint32_t word = serve_word[i];  // R1d's u_serve word
        const auto& cuts = cut[static_cast<uint32_t>(grid[i])];
        const bool by_center = serve_key_le(need_ready[i], word, id, cuts[need_type[i]]);
        // the pool ranks only needs the centers left: a need served by its center is not a
        // candidate of the pool, so test the pool cutoff only for the others.
        const bool by_pool = !by_center && serve_key_le(need_ready[i], word, id, cuts[3]);
        if (by_center || by_pool) {
          ev |= kServed;
          Ep += w_serve;
          open = false;
        }
      }
      if (open) {
        const int32_t age_need = t - need_t0[i];
        if (age_need == patience) Em += w_wait;
        if (age_need >= expire) {
          Em += w_expire;
          open = false;
          ev |= kExpired;
        }
      }
      need_open[i] = open ? 1 : 0;
      need_Ep[i - b] = Ep;
      need_Em[i - b] = Em;
      need_ev[i - b] = ev;
    }
    for (uint32_t i = b; i < e; ++i) {
      const uint32_t id = layout_.id(i);
      uint16_t ev = ev_[i];
      double Ep = 0, Em = 0, dtheta = 0;
      // services, waits and expiries: made for the block above
      Ep = need_Ep[i - b];
      Em = need_Em[i - b];
      ev |= need_ev[i - b];
      // disputes (one draw per owner household, by its head; every member pulls it): the owner
      // test without a branch (owners are a random share), the rare dispute with one
      if (pmc_D) {
        const double u_disp = sim::u01(w_dispute[i - b]);  // rng_.uniform(head, ...)
        if ((owner[i] != 0) & sim::bernoulli(u_disp, p_disp)) {
          Em += w_disp;
          ev |= kDisputed;
          if (head[i] == id) ev |= kDisputeHead;
        }
      }
      // forums
      if (ev & kAttended) {
        Ep += w_voice;
        dtheta -= kappa_in;
        if (ev & kWon) {
          Ep += w_win;
          dtheta -= kappa_commit;
        } else {
          Em += w_fail;
        }
      }
      // word of mouth: some neighbour won (pushed by pass_won_flags; all 0 when nothing was won)
      if (won_any && wom[i]) Ep += omega_wom;
      // voluntary decision (made for the block above)
      const bool s_C = s_prev[i] != 0;
      uint8_t act = a[i];
      if (vol[i - b]) {
        act = 1;
        ev |= kVolunteered;
      }
      // compliance
      if ((ev & kMandated) && act == 0) {
        if (sim::bernoulli(rng_.uniform(id, tu, streams::kComply, 0, kRes), compliance_probability(p, TI[i]))) {
          act = 2;
          ev |= kComplied;
          const double bi = mandate_burden(p, party[i]);
          Em += p.w_burden * bi;
          if (s_C) dtheta += p.kappa_out * bi;
        }
      }
      a[i] = act;
      // recognition; last_vol, cum_vol, last_vol_nf, last_mob by selects, not branches (a is a
      // random few)
      if (act == 1) Ep += w_rec * I_c;
      last_vol[i] = act == 1 ? t : last_vol[i];
      cum_vol[i] += act == 1 ? 1 : 0;
      last_vol_nf[i] = ((act == 1) & ((ev & kVolunteered) != 0)) ? t : last_vol_nf[i];
      last_mob[i] = act == 2 ? t : last_mob[i];
      act_code[i] = static_cast<uint8_t>((last_vol[i] >= t - 3 ? 1u : 0u) | (last_mob[i] >= t - 3 ? 2u : 0u) |
                                         (act >= 1 ? 4u : 0u));
      TI[i] = static_cast<float>(ti_update(p, TI[i], Ep, Em));  // post-experience; R3 matches it
      // thresholds (4.6.10): θ += Δθ+ − Δθ−, recovery, clip; nothing reads θ after this pass
      double th = theta[i] + dtheta;
      th += theta_recover * (theta_base[i] - th);
      theta[i] = static_cast<float>(std::clamp(th, 0.0, theta_max));
      // PGG contribution spread over the k+1 groups (fixed cost per individual)
      if (imitate) {
        const double contrib = c_pgg * ((act == 1 ? 1.0 : 0.0) + e_mob * (act == 2 ? 1.0 : 0.0));
        pm[i] = static_cast<float>(contrib / static_cast<double>(off[i + 1] - off[i] + 1));
      }
      ev_[i] = ev;
    }
  });
}

// R2a/R2b (4.6.6): group shares, then payoffs; R3's TS update (4.6.7); and R1a's neighbour
// counts for the next step. One pull over the CSR rows reads the neighbours' act_code (final
// after R1e) for three counts: active neighbours (TS), and the neighbours that volunteered, or
// only were mobilised, in the window [t−3, t] of the next step's signal x (R1a). On imitation
// steps the same pull also sums pm for the group shares. TS is read by nothing before R3, and
// no count writes what another reads (issue 7).
//
// π is read only by R4's Fermi imitation, on steps with t mod L_res = 0: on other steps
// neither the shares nor π are computed (nothing reads them). Sums keep their order, so the
// values are the same bits as the separate passes.
void GovernanceModel::pass_payoffs(int32_t t) {
  const bool imitate = imitation_step(t);
  const double kbar = layout_.mean_degree;
  const sim::CsrView& g = layout_.g;
  const float* pm = r_.pm.data();
  const uint8_t* code = r_.act_code.data();
  auto counts = [&](uint32_t c, uint32_t j, auto with_shares) {
    const Params& p = eff_[c];
    double pot = 0;
    if constexpr (decltype(with_shares)::value) pot = static_cast<double>(pm[j]);
    // the three counts in 21-bit fields of one sum; a row of 2^21 or more arcs (no such
    // resident network is plausible) is counted field by field
    const uint32_t deg = g.degree(j);
    uint32_t n_act = 0, nv = 0, nm = 0;
    const uint64_t e = g.offsets[j + 1];
    if (deg < (1u << 21)) [[likely]] {
      uint64_t packed = 0;
      for (uint64_t k = g.offsets[j]; k != e; ++k) {
        const uint32_t l = g.targets[k];
        if constexpr (decltype(with_shares)::value) pot += static_cast<double>(pm[l]);
        packed += kCodeCounts[code[l]];
      }
      n_act = static_cast<uint32_t>(packed >> 42);
      nv = static_cast<uint32_t>((packed >> 21) & 0x1fffffu);
      nm = static_cast<uint32_t>(packed & 0x1fffffu);
    } else {
      for (uint64_t k = g.offsets[j]; k != e; ++k) {
        const uint32_t l = g.targets[k];
        if constexpr (decltype(with_shares)::value) pot += static_cast<double>(pm[l]);
        n_act += (code[l] >> 2) & 1u;
        nv += code[l] & 1u;
        nm += (code[l] & 3u) == 2u ? 1u : 0u;
      }
    }
    if constexpr (decltype(with_shares)::value) {
      const double r = p.eta0 * (kbar + 1.0) * (1.0 + p.gamma_serv * grid_.cov[static_cast<uint32_t>(layout_.grid[j])]);
      r_.share[j] = static_cast<float>(r * pot / static_cast<double>(deg + 1));
    }
    r_.sig_nv[j] = nv;
    r_.sig_nm[j] = nm;
    const double y = deg ? static_cast<double>(n_act) / deg : 0.0;
    r_.TS[j] = static_cast<float>(ts_update(p, r_.TS[j], y, r_.a[j] >= 1));
  };
  if (!imitate) {
    // Only the counts: the block's arcs in one flat loop with a running packed sum (no
    // mispredicted branch at each row's end), a row's counts as the difference of the sums at
    // its ends; integer sums, so the same counts. A block with more arcs than the buffer (rows
    // of very high degree) is counted row by row.
    for_each_resident_block([&](uint32_t c, uint32_t b, uint32_t e) {
      const uint64_t* const off = g.offsets.data();
      const uint32_t* const tg = g.targets.data();
      const uint64_t k0 = off[b], k1 = off[e];
      if (k1 - k0 > kArcBuffer) {
        for (uint32_t j = b; j < e; ++j) counts(c, j, std::false_type{});
        return;
      }
      const Params& p = eff_[c];
      uint64_t pre[kArcBuffer + 1];
      uint64_t run = 0;
      pre[0] = 0;
      for (uint64_t k = k0; k < k1; ++k) {
        run += kCodeCounts[code[tg[k]]];
        pre[k - k0 + 1] = run;
      }
      const uint8_t* const a = r_.a.data();
      float* const TS = r_.TS.data();
      uint32_t* const sig_nv = r_.sig_nv.data();
      uint32_t* const sig_nm = r_.sig_nm.data();
      for (uint32_t j = b; j < e; ++j) {
        const uint64_t packed = pre[off[j + 1] - k0] - pre[off[j] - k0];
        const auto n_act = static_cast<uint32_t>(packed >> 42);
        sig_nv[j] = static_cast<uint32_t>((packed >> 21) & 0x1fffffu);
        sig_nm[j] = static_cast<uint32_t>(packed & 0x1fffffu);
        const auto deg = static_cast<uint32_t>(off[j + 1] - off[j]);
        const double y = deg ? static_cast<double>(n_act) / deg : 0.0;
        TS[j] = static_cast<float>(ts_update(p, TS[j], y, a[j] >= 1));
      }
    });
    return;
  }
  for_each_resident([&](uint32_t c, uint32_t j) { counts(c, j, std::true_type{}); });
  const auto& s_prev = r_.s[r_.cur];
  const auto& x_prev = r_.x[1 - r_.cur];
  for_each_resident([&](uint32_t c, uint32_t i) {
    const Params& p = eff_[c];
    const double I = com_[c].cap.I;
    const double cost = p.c_pgg * ((r_.a[i] == 1 ? 1.0 - p.w_pts * I : 0.0) + p.e_mob * (r_.a[i] == 2 ? 1.0 : 0.0));
    double pi = kernels::collected_shares(layout_.g, i, r_.share.data()) - cost;
    if (r_.a[i] == 1) pi += p.omega_rep;
    if (!s_prev[i]) pi -= p.sigma_norm * x_prev[i];
    r_.pi[i] = static_cast<float>(pi);
  });
}

// R3 (4.6.7): TS (made by pass_payoffs' share loop); TI matching (Deffuant) per community on
// post-experience values. The matching sorts by (u_match word, id) as random_matching does, by
// random_matching_words (ids ascend with positions within a community). R1e left the
// post-experience TI in TI; each resident is in at most one pair, so a pair reads both values
// before it writes them and the matching works in place (no copy of TI).
void GovernanceModel::pass_trust(int32_t t) {
  const auto tu = static_cast<uint32_t>(t);
  constexpr auto kRes = EntityClass::kResident;
  for_each_community([&](uint32_t c) {
    const Params& p = eff_[c];
    const uint32_t b = layout_.comm_begin[c], e = layout_.comm_begin[c + 1];
    std::vector<uint32_t> words(e - b);
    for (uint32_t b0 = b; b0 < e; b0 += kBlock)
      draw_words(b0, std::min(e, b0 + kBlock), tu, streams::kMatch, 0, words.data() + (b0 - b));
    std::vector<uint64_t> sa, sb;
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    random_matching_words(words, sa, sb, pairs);
    // the u_talk draw of each pair, by its lower id, batched (words reused for the pair ids)
    words.resize(pairs.size());
    for (std::size_t q = 0; q < pairs.size(); ++q)
      words[q] = std::min(layout_.id(b + pairs[q].first), layout_.id(b + pairs[q].second));
    std::vector<uint32_t> w_talk(pairs.size());
    sim::word0_batch(rng_, words.data(), words.size(), tu, streams::kTalk, 0, kRes, w_talk.data());
    // the pairs that talk, listed without a branch (a random fifth at the defaults), then their
    // Deffuant updates
    uint32_t n_talk = 0;
    for (std::size_t q = 0; q < pairs.size(); ++q) {
      words[n_talk] = static_cast<uint32_t>(q);
      n_talk += sim::bernoulli(sim::u01(w_talk[q]), p.p_talk);
    }
    for (uint32_t r = 0; r < n_talk; ++r) {
      const uint32_t q = words[r];
      const uint32_t i = b + pairs[q].first, j = b + pairs[q].second;
      const auto [ti, tj] = kernels::deffuant_pair(r_.TI[i], r_.TI[j], p.d_T, p.mu_T);
      r_.TI[i] = static_cast<float>(ti);
      r_.TI[j] = static_cast<float>(tj);
    }
  });
}

// R4 (4.6.10): Fermi imitation every L_res steps into the second s buffer; swap s and x.
void GovernanceModel::pass_adaptation(int32_t t) {
  const auto tu = static_cast<uint32_t>(t);
  const int nxt = 1 - r_.cur;
  const auto& s_prev = r_.s[r_.cur];
  auto& s_next = r_.s[nxt];
  // the imitation-step test is per community, hoisted out of the residents' loop: a community
  // that does not imitate this step copies its range of s (issue 7)
  for_each_resident_range([&](uint32_t c, uint32_t b, uint32_t e) {
    const Params& p = eff_[c];
    const auto L = static_cast<int32_t>(p.L_res);
    if (!(t > 0 && L > 0 && t % L == 0)) {
      std::copy(s_prev.begin() + b, s_prev.begin() + e, s_next.begin() + b);
      return;
    }
    // per block: the random neighbour of each resident, a branch-free list of those whose
    // neighbour plays the other strategy (copying the same strategy changes nothing, so only
    // they need the logistic), then the Fermi rule for the listed ones
    const uint64_t* const off = layout_.g.offsets.data();
    const uint32_t* const tg = layout_.g.targets.data();
    uint32_t w_u[kBlock], w_r[kBlock], list[kBlock], nb[kBlock];
    for (uint32_t b0 = b; b0 < e; b0 += kBlock) {
      const uint32_t e0 = std::min(e, b0 + kBlock);
      draw_words(b0, e0, tu, streams::kImitate, 0, w_u);
      draw_words(b0, e0, tu, streams::kImitate, 1, w_r);
      uint32_t n_list = 0;
      for (uint32_t i = b0; i < e0; ++i) {
        s_next[i] = s_prev[i];
        const auto k = static_cast<uint32_t>(off[i + 1] - off[i]);
        const uint32_t j = k == 0 ? i : tg[off[i] + sim::index_of(sim::u01(w_u[i - b0]), k)];
        list[n_list] = i;
        nb[n_list] = j;
        n_list += s_prev[j] != s_prev[i];  // k = 0: j = i, never listed
      }
      for (uint32_t q = 0; q < n_list; ++q) {
        const uint32_t i = list[q], j = nb[q];
        if (sim::u01(w_r[i - b0]) < kernels::fermi_probability(r_.pi[i], r_.pi[j], p.K_res))
          s_next[i] = s_prev[j];
      }
    }
  });
  // x: the buffer written this step becomes x(t−1) of the next step
  r_.cur = nxt;
}

// M (4.10): per-community numerators and denominators in ascending position order.
void GovernanceModel::compute_metrics(int32_t t) {
  const uint32_t nc = layout_.n_comm;
  const bool in_window = t >= 0 && static_cast<uint32_t>(t) + window_ >= steps_;
  std::vector<std::array<double, 6>> cell_num(nc), cell_den(nc);
  for_each_community([&](uint32_t c) {
    auto N = [&](std::size_t m) -> double& { return num_[m * nc + c]; };
    auto D = [&](std::size_t m) -> double& { return den_[m * nc + c]; };
    for (std::size_t m = 0; m < mCount; ++m) N(m) = 0, D(m) = 1;
    const uint32_t b = layout_.comm_begin[c], e = layout_.comm_begin[c + 1];
    const double n = e - b;
    int64_t vol = 0, mob = 0, pv = 0, pm = 0, pt = 0, pvnf = 0, att = 0, inv = 0, mand = 0, comp = 0,
            served = 0, expired = 0, disp = 0, n_party = 0;
    int64_t pv_age[3] = {0, 0, 0}, n_age[3] = {0, 0, 0}, pv_party = 0;
    int64_t cpv[6] = {0, 0, 0, 0, 0, 0}, cn[6] = {0, 0, 0, 0, 0, 0};
    double ti = 0, ts = 0, ti_p = 0;
    for (uint32_t i = b; i < e; ++i) {
      const uint16_t ev = r_.ev[i];
      vol += r_.a[i] == 1;
      mob += r_.a[i] == 2;
      const bool v = r_.last_vol[i] >= t - 3, m = r_.last_mob[i] >= t - 3;
      pv += v;
      pm += m;
      pt += v || m;
      pvnf += r_.last_vol_nf[i] >= t - 3;
      att += (ev & kAttended) != 0;
      inv += (ev & kInvited) != 0;
      mand += (ev & kMandated) != 0;
      comp += (ev & kComplied) != 0;
      served += (ev & kServed) != 0;
      expired += (ev & kExpired) != 0;
      disp += (ev & kDisputeHead) != 0;
      ti += r_.TI[i];
      ts += r_.TS[i];
      pv_age[r_.age[i]] += v;
      ++n_age[r_.age[i]];
      // Party members by selects, not a branch (members are a random share); ti_p >= +0, so
      // adding +0 for a non-member leaves it as it was
      const bool member = r_.party[i] != 0;
      n_party += member;
      pv_party += member & v;
      ti_p += member ? static_cast<double>(r_.TI[i]) : 0.0;
      const int cell = r_.age[i] * 2 + r_.party[i];
      cpv[cell] += v;
      ++cn[cell];
    }
    for (int k = 0; k < 6; ++k) cell_num[c][k] = cpv[k], cell_den[c][k] = cn[k];
    const Committee& cm = com_[c];
    N(mVol) = vol, D(mVol) = n;
    N(mMob) = mob, D(mMob) = n;
    N(mPVol) = pv, D(mPVol) = n;
    N(mPMob) = pm, D(mPMob) = n;
    N(mPTot) = pt, D(mPTot) = n;
    N(mPVolNf) = pvnf, D(mPVolNf) = n;
    N(mAttend) = att, D(mAttend) = n;
    N(mTI) = ti, D(mTI) = n;
    N(mTS) = ts, D(mTS) = n;
    N(mTIParty) = ti_p, D(mTIParty) = n_party;
    N(mTINonParty) = ti - ti_p, D(mTINonParty) = n - n_party;
    N(mPVolAge0) = pv_age[0], D(mPVolAge0) = n_age[0];
    N(mPVolAge1) = pv_age[1], D(mPVolAge1) = n_age[1];
    N(mPVolAge2) = pv_age[2], D(mPVolAge2) = n_age[2];
    N(mPVolParty) = pv_party, D(mPVolParty) = n_party;
    N(mPVolNonParty) = pv - pv_party, D(mPVolNonParty) = n - n_party;
    int64_t open = 0, gserved = 0;
    for (uint32_t g = layout_.grid_begin[c]; g < layout_.grid_begin[c + 1]; ++g) {
      open += t >= 0 ? grid_.open[g] : 0;
      gserved += t >= 0 ? grid_.served[g] : 0;
      if (in_window) {
        grid_.win_served[g] += grid_.served[g];
        grid_.win_open[g] += grid_.open[g];
      }
    }
    (void)gserved;
    N(mOpen) = open;
    N(mServed) = served;
    N(mExpired) = expired;
    N(mArrivals) = t >= 0 ? cm.arrivals : 0;
    N(mMisrouted) = t >= 0 ? cm.misrouted : 0;
    N(mDisputes) = disp;
    N(mForums) = t >= 0 ? cm.forums : 0;
    N(mWins) = t >= 0 ? cm.wins : 0;
    N(mFails) = t >= 0 ? cm.fails : 0;
    N(mInvited) = inv;
    N(mMandated) = mand;
    N(mComplied) = comp;
    int n_org = 0, n_orgc = 0;
    double tau = 0;
    for (uint32_t k = 0; k < org_.slots; ++k) {
      const std::size_t j = static_cast<std::size_t>(c) * org_.slots + k;
      if (!org_.exists[j]) continue;
      ++n_org;
      n_orgc += org_.s[j];
      tau += org_.tau[j];
    }
    N(mOrgC) = n_orgc, D(mOrgC) = n_org;
    N(mTau) = tau, D(mTau) = n_org;
    {
      double sb = 0, sbc = 0;
      for (uint32_t k = 0; k < org_.slots; ++k) {
        const std::size_t j = static_cast<std::size_t>(c) * org_.slots + k;
        if (!org_.exists[j]) continue;
        sb += org_.b[j];
        if (org_.s[j]) sbc += org_.b[j];
      }
      N(mCOrg) = sb > 0 ? sbc / sb : 0.0;
    }
    N(mK) = cm.K;
    N(mU) = cm.U;
    N(mFFac) = cm.v[0];
    N(mFMand) = cm.v[1];
    N(mFInc) = cm.v[2];
    N(mPeriod) = cm.v[3];
    N(mOmt) = cm.v[4];
    N(mJ) = cm.has_J ? cm.J : kNaN;
    N(mCap) = cm.cap.cap;
    N(mServiceH) = t >= 0 ? cm.H_prime + cm.cap.cap_org : 0.0;
    N(mCostStaff) = cm.cap.staff_h;
    N(mCostInserv) = cm.cap.inserv_h;
    N(mCostCobuild) = cm.cap.cobuild_h;
    N(mCostOrg) = cm.cap.cap_org;
    N(mCostPoints) = cm.cap.points_h;
    N(mCostTotal) = cm.cap.staff_h + cm.cap.inserv_h + cm.cap.cobuild_h + cm.cap.cap_org;
  });
  // per-community values and global values, ascending community order
  for (std::size_t m = 0; m < mCount; ++m) {
    double sn = 0, sd = 0, sv = 0;
    int64_t nv = 0;
    for (uint32_t c = 0; c < nc; ++c) {
      const double nn = num_[m * nc + c], dd = den_[m * nc + c];
      double v = 0;
      switch (kMetrics[m].agg) {
        case Agg::kShare: v = dd > 0 ? nn / dd : kNaN; break;
        case Agg::kSum: v = nn; break;
        case Agg::kMean: v = nn; break;
      }
      group_values_[m * nc + c] = v;
      sn += nn;
      sd += dd;
      if (v == v) sv += v, ++nv;
    }
    switch (kMetrics[m].agg) {
      case Agg::kShare: global_[m] = sd > 0 ? sn / sd : kNaN; break;
      case Agg::kSum: global_[m] = sn; break;
      case Agg::kMean: global_[m] = nv > 0 ? sv / static_cast<double>(nv) : kNaN; break;
    }
  }
  if (t < 0) return;
  // learning accumulators (monthly shares of c, served and expired)
  for (uint32_t c = 0; c < nc; ++c) {
    Committee& cm = com_[c];
    cm.acc_pvol += group_values_[mPVol * nc + c];
    cm.acc_ptot += group_values_[mPTot * nc + c];
    cm.acc_served += static_cast<int64_t>(num_[mServed * nc + c]);
    cm.acc_expired += static_cast<int64_t>(num_[mExpired * nc + c]);
    ++cm.acc_n;
  }
  if (in_window) {
    for (int k = 0; k < 6; ++k) {
      double sn = 0, sd = 0;
      for (uint32_t c = 0; c < nc; ++c) sn += cell_num[c][k], sd += cell_den[c][k];
      cell_pvol_[k] += sd > 0 ? sn / sd : 0.0;
    }
    ++cell_steps_;
  }
}

// ------------------------------------------------------------------------------------ output
std::vector<sim::MetricDef> GovernanceModel::metrics() const {
  std::vector<sim::MetricDef> out;
  for (const auto& m : kMetrics) out.push_back({m.name, m.unit, m.doc, true});
  return out;
}

void GovernanceModel::observe(std::span<double> global, std::span<double> groups) const {
  const uint32_t nc = layout_.n_comm;
  for (std::size_t m = 0; m < mCount; ++m) global[m] = global_[m];
  if (groups.size() >= mCount * nc)
    for (std::size_t k = 0; k < mCount * nc; ++k) groups[k] = group_values_[k];
}

std::vector<sim::FinalValue> GovernanceModel::finals(const sim::SeriesView& series) const {
  std::vector<sim::FinalValue> out;
  const std::size_t rows = series.rows();
  const std::size_t W = std::min<std::size_t>(window_, rows > 0 ? rows - 1 : 0);
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
  for (std::size_t m = 0; m < mCount; ++m) {
    int64_t nv = 0;
    const double s = wsum(m, &nv);
    sim::FinalValue f{kMetrics[m].name, nv > 0 ? s / static_cast<double>(nv) : kNaN, -1};
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
  const double sv = wsum(mServed), se = wsum(mExpired), so = wsum(mOpen), sw = wsum(mWins),
               sf = wsum(mFails), sd = wsum(mDisputes), spv = wsum(mPVol), spt = wsum(mPTot);
  ratio("coverage", sv, sv + se, count_nonzero({mServed, mExpired}));
  ratio("served_open", sv, so, count_nonzero({mOpen}));
  ratio("win_rate", sw, sw + sf, count_nonzero({mWins, mFails}));
  ratio("disputes_per_1k_hh_yr", sd * (52.0 / static_cast<double>(std::max<std::size_t>(W, 1))) * 1000.0,
        static_cast<double>(layout_.total_households), static_cast<int64_t>(W));
  ratio("pvol_ptot", spv, spt, count_nonzero({mPTot}));
  {
    // CV of coverage over grids: population sd / mean of per-grid Σserved/Σopen (Σopen > 0).
    double s1 = 0, s2 = 0;
    int64_t k = 0;
    for (std::size_t g = 0; g < grid_.win_open.size(); ++g) {
      if (grid_.win_open[g] <= 0) continue;
      const double c = static_cast<double>(grid_.win_served[g]) / static_cast<double>(grid_.win_open[g]);
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
    out.push_back({"cv_coverage_grids", cv, k});
  }
  out.push_back({"gini_cum_vol", gini(r_.cum_vol), -1});
  auto wmean = [&](std::size_t m) {
    int64_t nv = 0;
    const double s = wsum(m, &nv);
    return nv > 0 ? s / nv : kNaN;
  };
  out.push_back({"p_vol_gap_age", wmean(mPVolAge2) - wmean(mPVolAge0), -1});
  out.push_back({"p_vol_gap_party", wmean(mPVolParty) - wmean(mPVolNonParty), -1});
  auto total = [&](std::size_t m) {
    const auto s = series.global(m);
    double acc = 0;
    for (std::size_t r = 1; r < rows; ++r) acc += s[r];
    return acc;
  };
  out.push_back({"cost_staff_h_run", total(mCostStaff), -1});
  out.push_back({"cost_inserv_h_run", total(mCostInserv), -1});
  out.push_back({"cost_cobuild_h_run", total(mCostCobuild), -1});
  out.push_back({"cost_org_h_run", total(mCostOrg), -1});
  out.push_back({"cost_total_h_run", total(mCostTotal), -1});
  out.push_back({"trust_sd_clipped", trust_sd_clipped_ ? 1.0 : 0.0, -1});
  return out;
}

std::vector<sim::NamedArray> GovernanceModel::extras() const {
  std::vector<sim::NamedArray> out;
  {
    sim::NamedArray h{"ti_histogram", "final TI: counts in 20 bins of width 0.05 on [0, 1]", std::vector<double>(20, 0.0), {}};
    for (float x : r_.TI) h.values[std::min<std::size_t>(19, static_cast<std::size_t>(x * 20.0f))] += 1;
    out.push_back(std::move(h));
  }
  {
    std::vector<int32_t> v = r_.cum_vol;
    std::sort(v.begin(), v.end());
    std::vector<double> cum(v.size() + 1, 0.0);
    for (std::size_t k = 0; k < v.size(); ++k) cum[k + 1] = cum[k] + v[k];
    sim::NamedArray l{"lorenz_cum_vol",
                      "Lorenz curve of cum_vol at the last step: share of all acts held by the "
                      "lowest p of residents, p = 0, 0.01, ..., 1",
                      std::vector<double>(101, 0.0), {}};
    const double tot = cum.back();
    for (int k = 0; k <= 100; ++k) {
      const auto idx = static_cast<std::size_t>(kernels::round_half_up(k / 100.0 * static_cast<double>(v.size())));
      l.values[static_cast<std::size_t>(k)] = tot > 0 ? cum[std::min(idx, v.size())] / tot : k / 100.0;
    }
    out.push_back(std::move(l));
  }
  {
    sim::NamedArray a{"p_vol_age_party",
                      "final-window mean P_vol by age band (rows 18-39, 40-59, 60+) and Party "
                      "status (columns non-member, member)",
                      std::vector<double>(6, 0.0), {3, 2}};
    for (int k = 0; k < 6; ++k) a.values[k] = cell_steps_ > 0 ? cell_pvol_[k] / cell_steps_ : kNaN;
    out.push_back(std::move(a));
  }
  {
    sim::NamedArray g{"grid_coverage_window", "per grid: window sum served / window sum open (NaN if none open)",
                      std::vector<double>(grid_.win_open.size(), kNaN), {}};
    for (std::size_t k = 0; k < grid_.win_open.size(); ++k)
      if (grid_.win_open[k] > 0) g.values[k] = static_cast<double>(grid_.win_served[k]) / grid_.win_open[k];
    out.push_back(std::move(g));
  }
  return out;
}

uint64_t GovernanceModel::memory_estimate() const {
  // 115 bytes of state (with act_code and R1a's counts sig_nv, sig_nm) and 20 of per-step
  // scratch (inv_key, mkey, serve_word) per resident
  return static_cast<uint64_t>(layout_.n) * 135u + layout_.g.num_arcs() * 8u;
}

}  // namespace govsim::models::governance
