// Attributes, organisations, committees and the initial state (population.hpp).
#include "models/governance/population.hpp"

#include <algorithm>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>

#include "models/governance/passes/services.hpp"
#include "models/governance/passes/step_context.hpp"
#include "models/governance/streams.hpp"

namespace govsim::models::governance {

namespace {

using sim::EntityClass;
constexpr auto kNet = EntityClass::kNetwork;

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

// A node column with a value for every resident, else nullptr (then the value is drawn).
const std::vector<int32_t>* given_column(const sim::NodeAttributes* at, const char* name,
                                         uint32_t n) {
  if (!at) return nullptr;
  const std::vector<int32_t>* col = at->find(name);
  return col && col->size() == n ? col : nullptr;
}

// The static attributes of spec 4.3 item 3 (node columns, where given (>= 0), replace draws).
void draw_residents(const sim::RunContext& ctx, const Params& p, const Layout& L, Residents& r) {
  const sim::CounterRng& rng = ctx.rng;
  const uint32_t n = L.n;
  r.age_band.resize(n);
  r.party_member.resize(n);
  r.in_service.resize(n);
  r.owner.resize(n);
  r.social_org.resize(n);
  r.cost.resize(n);
  r.base_threshold.resize(n);
  const auto n_so = static_cast<uint32_t>(p.n_SO);
  const sim::NodeAttributes* at = ctx.network ? &L.net->attributes() : nullptr;
  const std::vector<int32_t>* party_col = given_column(at, "party", n);
  const std::vector<int32_t>* owner_col = given_column(at, "owner", n);
  const std::vector<int32_t>* age_col = given_column(at, "age_band", n);
  for_each_resident(L, [&](uint32_t, uint32_t i) {
    const uint32_t id = L.id(i);
    int party = party_col ? (*party_col)[i] : -1;
    if (party < 0) party = sim::bernoulli(rng.uniform(id, 0, streams::kParty, 0, kNet), p.party_share);
    r.party_member[i] = static_cast<uint8_t>(party != 0);
    r.in_service[i] = static_cast<uint8_t>(
        party != 0 && sim::bernoulli(rng.uniform(id, 0, streams::kInservice, 0, kNet), p.inserv_share));
    int owner = owner_col ? (*owner_col)[i] : -1;
    if (owner < 0)
      owner = sim::bernoulli(rng.uniform(L.household_head[i], 0, streams::kOwner, 0, kNet), p.owner_share);
    r.owner[i] = static_cast<uint8_t>(owner != 0);
    int band = age_col ? (*age_col)[i] : -1;
    if (band < 0 || band > 2) band = categorical(rng.uniform(id, 0, streams::kAge, 0, kNet), p.age_p);
    r.age_band[i] = static_cast<uint8_t>(band);
    const double u_so = rng.uniform(id, 0, streams::kSo, 0, kNet);
    const double u_idx = rng.uniform(id, 0, streams::kSo, 1, kNet);
    r.social_org[i] = (n_so > 0 && sim::bernoulli(u_so, p.p_so))
                          ? static_cast<int16_t>(sim::index_of(u_idx, n_so))
                          : int16_t{-1};
    r.cost[i] = static_cast<float>(p.c_max * rng.uniform(id, 0, streams::kCost, 0, kNet));
    const double z = rng.normal_pair(id, 0, streams::kTheta, 0, kNet).first;
    double th = std::clamp(p.theta_mu + p.theta_sd * z, 0.0, p.theta_max);
    if (sim::bernoulli(rng.uniform(id, 0, streams::kTheta, 1, kNet), p.frac_uncond)) th = 0.0;
    r.base_threshold[i] = static_cast<float>(th);
  });
}

// Grid visibility and the per-step grid arrays.
void draw_grids(const sim::CounterRng& rng, const Params& p, const Layout& L, Grids& grids) {
  const uint32_t ng = L.n_grid();
  grids.visibility.resize(ng);
  for (uint32_t g = 0; g < ng; ++g)
    grids.visibility[g] = p.vis_lo + (p.vis_hi - p.vis_lo) * rng.uniform(g, 0, streams::kVis, 0, kNet);
  grids.served.assign(ng, 0);
  grids.open.assign(ng, 0);
  grids.coverage.assign(ng, 1.0);
  grids.cut.assign(ng, {});
  grids.window_served.assign(ng, 0);
  grids.window_open.assign(ng, 0);
}

// The organisations of spec 4.3 item 6 (the OC exists w.p. oc_exist_p, a structural key).
void draw_organisations(const sim::CounterRng& rng, const Params& p, const Overlay& overlay,
                        uint32_t n_comm, Organisations& org) {
  org.slots = 3 + static_cast<uint32_t>(p.n_SO);
  const std::size_t no = static_cast<std::size_t>(org.slots) * n_comm;
  org.exists.assign(no, 0);
  org.kind.assign(no, 0);
  org.strategy.assign(no, 0);
  org.capacity.assign(no, 0.0);
  org.trust.assign(no, p.tau_org0);
  for (uint32_t c = 0; c < n_comm; ++c) {
    for (uint32_t slot = 0; slot < org.slots; ++slot) {
      const std::size_t j = static_cast<std::size_t>(c) * org.slots + slot;
      const auto oid = static_cast<uint32_t>(j);
      org.kind[j] = static_cast<uint8_t>(std::min<uint32_t>(slot, 3));
      if (slot == 0) {
        org.exists[j] = 1, org.capacity[j] = p.b_RC;
      } else if (slot == 1) {
        const double pe = overlay.structural(Key::oc_exist_p, c);
        org.exists[j] = sim::bernoulli(rng.uniform(oid, 0, streams::kOcExist, 0, kNet), pe);
        org.capacity[j] = p.b_OC;
      } else if (slot == 2) {
        org.exists[j] = 1, org.capacity[j] = p.b_PMC;
      } else {
        org.exists[j] = 1, org.capacity[j] = p.b_SO;
      }
    }
  }
}

// Committee peers (spec 4.3 item 7) and each community's in-service members.
void link_committees(const sim::CounterRng& rng, const Params& p, const Layout& L,
                     const Residents& r, std::vector<Committee>& com) {
  com.assign(L.n_comm, Committee{});
  const auto per_sd = static_cast<uint32_t>(p.comm_per_subdistrict);
  for (uint32_t c = 0; c < L.n_comm; ++c) {
    for (uint32_t d = c + 1; d < L.n_comm; ++d) {
      bool link = c / per_sd == d / per_sd;
      if (!link) link = sim::bernoulli(rng.uniform(c, 0, streams::kPeer, d, kNet), p.p_peer_x);
      if (link) {
        com[c].peers.push_back(d);
        com[d].peers.push_back(c);
      }
    }
  }
  for (auto& cm : com) std::sort(cm.peers.begin(), cm.peers.end());
  for (uint32_t c = 0; c < L.n_comm; ++c) {
    int64_t k = 0;
    for (uint32_t i = L.comm_begin[c]; i < L.comm_begin[c + 1]; ++i) k += r.in_service[i];
    com[c].in_service_members = k;
  }
}

// The dynamic per-resident arrays, sized and set to "nothing happened yet".
void allocate_dynamic(uint32_t n, Residents& r) {
  r.strategy[0].resize(n);
  r.strategy[1].resize(n);
  r.threshold.resize(n);
  r.act.assign(n, 0);
  r.events.assign(n, 0);
  r.neighbour_won.assign(n, 0);
  r.institutional_trust.resize(n);
  r.social_trust.resize(n);
  r.last_volunteered.assign(n, kNever);
  r.last_chose.assign(n, kNever);
  r.last_mobilised.assign(n, kNever);
  r.times_volunteered.assign(n, 0);
  r.need_open.assign(n, 0);
  r.need_type.assign(n, 0);
  r.need_since.assign(n, 0);
  r.need_ready.assign(n, 0);
  r.forum.assign(n, -1);
  r.payoff.assign(n, 0.f);
  r.contribution.assign(n, 0.f);
  r.group_share.assign(n, 0.f);
  r.signal[0].assign(n, 0.f);
  r.signal[1].assign(n, 0.f);
  r.invitation_key.assign(n, 0);
  r.mandate_key.assign(n, 0.0);
  r.service_word.assign(n, 0);
  r.activity.assign(n, 0);  // nobody active before step 0
  r.neighbour_activity.assign(n, 0);  // the counts of all-zero codes
  r.activity_counted.assign(n, 0);
  r.cur = 0;
}

}  // namespace

void draw_population(const sim::RunContext& ctx, const Params& p, const Overlay& overlay,
                     const Layout& L, Residents& r, Grids& grids, Organisations& org,
                     std::vector<Committee>& com) {
  draw_residents(ctx, p, L, r);
  draw_grids(ctx.rng, p, L, grids);
  draw_organisations(ctx.rng, p, overlay, L.n_comm, org);
  link_committees(ctx.rng, p, L, r, com);
}

bool init_state(const sim::CounterRng& rng, const Params& p, const Layout& L, Residents& r,
                std::vector<Committee>& com) {
  allocate_dynamic(L.n, r);
  const double sd_ti = std::min(p.trust_sd, 0.95 * std::sqrt(p.TI0 * (1 - p.TI0)));
  const double sd_ts = std::min(p.trust_sd, 0.95 * std::sqrt(p.TS0 * (1 - p.TS0)));
  constexpr auto kInit = EntityClass::kInitial;
  for_each_resident(L, [&](uint32_t, uint32_t i) {
    const uint32_t id = L.id(i);
    r.strategy[0][i] =
        static_cast<uint8_t>(!sim::bernoulli(rng.uniform(id, 0, streams::kInitS, 0, kInit), p.frac_D0));
    r.strategy[1][i] = r.strategy[0][i];
    r.threshold[i] = r.base_threshold[i];
    r.institutional_trust[i] = static_cast<float>(
        beta_mean_sd_inverse(p.TI0, sd_ti, rng.uniform(id, 0, streams::kInitTI, 0, kInit)));
    r.social_trust[i] = static_cast<float>(
        beta_mean_sd_inverse(p.TS0, sd_ts, rng.uniform(id, 0, streams::kInitTS, 0, kInit)));
  });
  for (auto& cm : com) {
    cm.instruments = {p.f_fac, p.f_mand, p.f_inc, p.forum_period, p.omega_target};
    cm.kept = cm.instruments;
    cm.commitment = p.K_c0;
    cm.understanding = p.U_c0;
  }
  return sd_ti < p.trust_sd || sd_ts < p.trust_sd;
}

}  // namespace govsim::models::governance
