#include "models/governance/passes/services.hpp"

#include <algorithm>

#include "models/governance/streams.hpp"
#include "models/kernels/math.hpp"

namespace govsim::models::governance {

namespace {

constexpr auto kRes = sim::EntityClass::kResident;

// An eligible need of a grid, in service order (need_ready, u_serve word, id).
struct Need {
  int32_t ready;
  uint32_t word;
  uint32_t id;
  uint32_t pos;
  uint8_t type;
  bool operator<(const Need& o) const {
    if (ready != o.ready) return ready < o.ready;
    if (word != o.word) return word < o.word;
    return id < o.id;
  }
};

// R1c for one resident whose need arrives: its type, routing and ready step. Returns the event
// bits (kArrived, kMisrouted).
uint16_t arrive(const StepContext& s, const Params& p, uint32_t i, Residents& r) {
  const uint32_t id = s.layout.id(i);
  r.need_open[i] = 1;
  r.need_type[i] = categorical(s.rng.uniform(id, s.step(), streams::kNeed, 1, kRes), p.need_mix);
  const bool mis =
      sim::bernoulli(s.rng.uniform(id, s.step(), streams::kRoute, 0, kRes), 1.0 - p.q_match);
  const int64_t d = sim::stochastic_round(p.L_route * (1.0 + p.misroute_delay * (mis ? 1.0 : 0.0)),
                                          s.rng.uniform(id, s.step(), streams::kRoute, 1, kRes));
  r.need_since[i] = s.t;
  r.need_ready[i] = s.t + static_cast<int32_t>(d);
  return mis ? uint16_t{kArrived | kMisrouted} : uint16_t{kArrived};
}

// The eligible needs of community c by grid, sorted in service order; open_g and a fresh
// cutoff per grid. Draws u_serve of every eligible need (kept for R1e's pull).
std::vector<std::vector<Need>> eligible_needs(const StepContext& s, uint32_t c, Residents& r,
                                              Grids& grids) {
  const Layout& L = s.layout;
  const uint32_t g0 = L.grid_begin[c], g1 = L.grid_begin[c + 1];
  std::vector<std::vector<Need>> items(g1 - g0);
  for (uint32_t g = g0; g < g1; ++g) {
    int64_t open = 0;
    auto& it = items[g - g0];
    for (uint64_t k = L.grid_off[g]; k < L.grid_off[g + 1]; ++k) {
      const uint32_t i = L.grid_members[k];
      if (!r.need_open[i]) continue;
      ++open;
      if (r.need_ready[i] > s.t) continue;
      const uint32_t id = L.id(i);
      r.service_word[i] = s.rng.words(id, s.step(), streams::kServe, 0, kRes)[0];
      it.push_back({r.need_ready[i], r.service_word[i], id, i, r.need_type[i]});
    }
    std::sort(it.begin(), it.end());
    grids.open[g] = open;
    grids.served[g] = 0;
    grids.cut[g] = {};
  }
  return items;
}

// The four budgets of community c (centers 0..2, then the pool) over its grids' needs.
void serve_budgets(const StepContext& s, uint32_t c, const Committee& cm,
                   const std::vector<std::vector<Need>>& items, Grids& grids) {
  const Params& p = s.params[c];
  const uint32_t g0 = s.layout.grid_begin[c];
  const auto ng = static_cast<uint32_t>(items.size());
  std::vector<int64_t> n(ng), served(ng);
  std::vector<double> u(ng);
  std::vector<std::vector<uint8_t>> taken(ng);
  for (uint32_t g = 0; g < ng; ++g) taken[g].assign(items[g].size(), 0);
  std::span<const double> vis(grids.visibility.data() + g0, ng);
  for (uint32_t budget = 0; budget < 4; ++budget) {
    const bool is_pool = budget == 3;
    const double hours = is_pool ? p.pool * cm.net_service_hours + cm.capacity.organisation_hours
                                 : (1.0 - p.pool) * p.cap_share[budget] * cm.net_service_hours;
    for (uint32_t g = 0; g < ng; ++g) {
      int64_t k = 0;
      for (std::size_t q = 0; q < items[g].size(); ++q)
        k += !taken[g][q] && (is_pool || items[g][q].type == budget);
      n[g] = k;
      u[g] = s.rng.uniform(g0 + g, s.step(), streams::kServe, budget, sim::EntityClass::kGrid);
    }
    allocate_service(hours, n, vis, p.w_need, p.w_vis, p.h_need, u, served);
    for (uint32_t g = 0; g < ng; ++g) {
      int64_t left = served[g];
      if (left == 0) continue;
      for (std::size_t q = 0; q < items[g].size() && left > 0; ++q) {
        if (taken[g][q] || !(is_pool || items[g][q].type == budget)) continue;
        taken[g][q] = 1;
        --left;
        auto& cut = grids.cut[g0 + g][budget];
        cut = {items[g][q].ready, items[g][q].word, items[g][q].id, true};
      }
      grids.served[g0 + g] += served[g];
    }
  }
}

}  // namespace

void need_arrivals(const StepContext& s, const Block& b, const Committee& cm, Residents& r) {
  const Params& p = s.params[b.c];
  // the arrival probability of a non-owner (or where the PMC cooperates) and of an owner where
  // the PMC defects: the expression of 4.6.1 for both values of the indicator
  const double pn0 = kernels::clip01(p.p_need * (1.0 + p.q_pen * 0.0));
  const double pn1 = kernels::clip01(p.p_need * (1.0 + p.q_pen * 1.0));
  const bool pmc_D = cm.pmc_defects;
  const uint8_t* const owner = r.owner.data();
  const uint8_t* const need_open = r.need_open.data();
  uint32_t w_need[kBlock];
  draw_words(s, b.begin, b.end, streams::kNeed, 0, w_need);
  for (uint32_t i = b.begin; i < b.end; ++i) {
    // the open-need and owner tests without branches: both are random shares of residents
    const double pn = ((owner[i] != 0) & pmc_D) ? pn1 : pn0;
    if ((need_open[i] == 0) & sim::bernoulli(sim::u01(w_need[i - b.begin]), pn))
      r.events[i] |= arrive(s, p, i, r);
  }
}

void select_service(const StepContext& s, Residents& r, std::vector<Committee>& com, Grids& grids) {
  for_each_community(s.layout, [&](uint32_t c) {
    const Params& p = s.params[c];
    Committee& cm = com[c];
    int64_t mis = 0, arr = 0;
    for (uint32_t i = s.layout.comm_begin[c]; i < s.layout.comm_begin[c + 1]; ++i) {
      arr += (r.events[i] & kArrived) != 0;
      mis += (r.events[i] & kMisrouted) != 0;
    }
    cm.misrouted = mis;
    cm.arrivals = arr;
    cm.net_service_hours = std::max(
        0.0, cm.capacity.service_hours - p.h_mis * (1.0 - p.pool) * static_cast<double>(mis));
    const auto items = eligible_needs(s, c, r, grids);
    serve_budgets(s, c, cm, items, grids);
    for (uint32_t g = s.layout.grid_begin[c]; g < s.layout.grid_begin[c + 1]; ++g)
      grids.coverage[g] = grids.open[g] > 0 ? static_cast<double>(grids.served[g]) /
                                                  static_cast<double>(grids.open[g])
                                            : 1.0;
  });
}

void settle_needs(const StepContext& s, const Block& b, const Grids& grids, Residents& r,
                  NeedOutcomes& out) {
  // local pointers and values (a byte store through a pointer may alias anything, and would
  // make the compiler reload every vector and parameter after it)
  const Params& p = s.params[b.c];
  uint8_t* const need_open = r.need_open.data();
  const uint8_t* const need_type = r.need_type.data();
  const int32_t* const need_ready = r.need_ready.data();
  const int32_t* const need_since = r.need_since.data();
  const uint32_t* const service_word = r.service_word.data();
  const int32_t* const grid = s.layout.grid.data();
  const uint32_t* const oid = s.layout.oid.empty() ? nullptr : s.layout.oid.data();
  const std::array<ServeCut, 4>* const cut = grids.cut.data();
  const auto patience = static_cast<int32_t>(std::ceil(p.L_patience));
  const auto expire = static_cast<int32_t>(p.L_expire);
  const double w_serve = p.w_serve, w_wait = p.w_wait, w_expire = p.w_expire;
  const int32_t t = s.t;
  double* const gain = out.gain;
  double* const loss = out.loss;
  uint16_t* const events = out.events;
  uint32_t list[kBlock];
  uint32_t n_open = 0;
  for (uint32_t i = b.begin; i < b.end; ++i) {
    gain[i - b.begin] = 0;
    loss[i - b.begin] = 0;
    events[i - b.begin] = 0;
    list[n_open] = i;
    n_open += need_open[i] != 0;
  }
  for (uint32_t q = 0; q < n_open; ++q) {
    const uint32_t i = list[q];
    double Ep = 0, Em = 0;
    uint16_t ev = 0;
    bool open = true;
    if (need_ready[i] <= t) {
      const uint32_t id = oid ? oid[i] : i;
      const uint32_t word = service_word[i];  // R1d's u_serve word
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
      const int32_t age_need = t - need_since[i];
      if (age_need == patience) Em += w_wait;
      if (age_need >= expire) {
        Em += w_expire;
        open = false;
        ev |= kExpired;
      }
    }
    need_open[i] = open ? 1 : 0;
    gain[i - b.begin] = Ep;
    loss[i - b.begin] = Em;
    events[i - b.begin] = ev;
  }
}

}  // namespace govsim::models::governance
