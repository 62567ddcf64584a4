#include "models/governance/neighbourhood.hpp"

#include <fmt/format.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <limits>
#include <string>

#include "sim/core/error.hpp"

namespace govsim::models::governance {

using sim::CounterRng;
using sim::Edge;
using sim::EntityClass;
using sim::index_of;
using sim::Network;

namespace {

constexpr uint32_t kStep = 0;
constexpr EntityClass kClass = EntityClass::kNetwork;
constexpr uint32_t kDrawsPerStub = 6;

// round(x) = floor(x + 1/2) in double (E26).
inline double round_half_up(double x) { return std::floor(x + 0.5); }

void validate(const NeighbourhoodParams& p) {
  auto fail = [](const std::string& what) {
    throw std::invalid_argument("neighbourhood: " + what);
  };
  if (p.n_comm == 0) fail("n_comm must be >= 1");
  if (p.pop_comm == 0) fail("pop_comm must be >= 1");
  if (static_cast<uint64_t>(p.n_comm) * p.pop_comm >= (uint64_t{1} << 32))
    fail("n_comm * pop_comm must be below 2^32 residents");
  if (p.hh_size_p.empty()) fail("hh_size_p must have at least one entry");
  double sum = 0.0;
  for (double x : p.hh_size_p) {
    if (!(x >= 0.0) || !std::isfinite(x)) fail("hh_size_p entries must be finite and >= 0");
    sum += x;
  }
  if (std::abs(sum - 1.0) > 1e-6) fail("hh_size_p must sum to 1");
  if (p.bldg_hh == 0) fail("bldg_hh must be >= 1");
  if (p.grid_hh == 0) fail("grid_hh must be >= 1");
  if (!(p.k_mean >= 0.0) || !std::isfinite(p.k_mean)) fail("k_mean must be finite and >= 0");
  for (double q : {p.p_bldg, p.p_rewire, p.p_cross})
    if (!(q >= 0.0 && q <= 1.0)) fail("p_bldg, p_rewire and p_cross must lie in [0, 1]");
}

// Household size 1..S from u in (0,1]: the smallest s with u <= p_1 + ... + p_s; when rounding
// leaves u above the total, the largest size with a positive share.
uint32_t household_size(double u, const std::vector<double>& p) {
  double cum = 0.0;
  for (std::size_t s = 0; s < p.size(); ++s) {
    cum += p[s];
    if (p[s] > 0.0 && u <= cum) return static_cast<uint32_t>(s + 1);
  }
  for (std::size_t s = p.size(); s-- > 0;)
    if (p[s] > 0.0) return static_cast<uint32_t>(s + 1);
  return 1;  // unreachable after validate()
}

Neighbourhood make_layout(const NeighbourhoodParams& p, const CounterRng& rng) {
  validate(p);
  Neighbourhood nb;
  nb.n_comm = p.n_comm;
  nb.pop_comm = p.pop_comm;
  nb.k_hh = household_degree(p.hh_size_p);
  nb.stubs = stubs_per_resident(p);

  const uint32_t n_res = p.n_comm * p.pop_comm;
  // Expected counts, to reserve once.
  double mean_size = 0.0;
  for (std::size_t s = 0; s < p.hh_size_p.size(); ++s)
    mean_size += p.hh_size_p[s] * static_cast<double>(s + 1);
  const auto expect_hh = static_cast<std::size_t>(n_res / std::max(mean_size, 1.0) * 1.05) + 16;
  nb.household_residents.reserve(expect_hh);
  nb.building_households.reserve(expect_hh / p.bldg_hh + p.n_comm + 1);
  nb.grid_buildings.reserve(expect_hh / p.grid_hh + p.n_comm + 1);
  nb.community_households.reserve(p.n_comm + 1);
  nb.community_buildings.reserve(p.n_comm + 1);
  nb.community_grids.reserve(p.n_comm + 1);

  for (uint32_t c = 0; c < p.n_comm; ++c) {
    const auto h0 = static_cast<uint32_t>(nb.household_residents.size());
    nb.community_households.push_back(h0);
    nb.community_buildings.push_back(static_cast<uint32_t>(nb.building_households.size()));
    nb.community_grids.push_back(static_cast<uint32_t>(nb.grid_buildings.size()));

    // Households (E14): sizes until the sum reaches pop_comm, the last one truncated.
    const uint32_t first = c * p.pop_comm;
    uint32_t filled = 0;
    for (uint32_t k = 0; filled < p.pop_comm; ++k) {
      const double u = rng.uniform(c, kStep, kHouseholdSize, k, kClass);
      const uint32_t size = std::min(household_size(u, p.hh_size_p), p.pop_comm - filled);
      nb.household_residents.push_back(first + filled);
      filled += size;
    }
    const auto n_hh = static_cast<uint32_t>(nb.household_residents.size()) - h0;

    // Buildings: bldg_hh consecutive households.
    const uint32_t n_bldg = (n_hh + p.bldg_hh - 1) / p.bldg_hh;
    const auto b0 = static_cast<uint32_t>(nb.building_households.size());
    for (uint32_t b = 0; b < n_bldg; ++b) nb.building_households.push_back(h0 + b * p.bldg_hh);

    // Grids (E31): n_grid contiguous blocks of buildings, the first B mod n_grid one larger.
    const double target = round_half_up(static_cast<double>(n_hh) / p.grid_hh);
    const uint32_t n_grid = std::min(n_bldg, static_cast<uint32_t>(std::max(1.0, target)));
    const uint32_t base = n_bldg / n_grid, extra = n_bldg % n_grid;
    uint32_t b = b0;
    for (uint32_t g = 0; g < n_grid; ++g) {
      nb.grid_buildings.push_back(b);
      b += base + (g < extra ? 1u : 0u);
    }
  }
  nb.household_residents.push_back(n_res);
  nb.building_households.push_back(static_cast<uint32_t>(nb.household_residents.size() - 1));
  nb.grid_buildings.push_back(static_cast<uint32_t>(nb.building_households.size() - 1));
  nb.community_households.push_back(static_cast<uint32_t>(nb.household_residents.size() - 1));
  nb.community_buildings.push_back(static_cast<uint32_t>(nb.building_households.size() - 1));
  nb.community_grids.push_back(static_cast<uint32_t>(nb.grid_buildings.size() - 1));

  // Per-resident labels.
  nb.community.resize(n_res);
  nb.household.resize(n_res);
  nb.building.resize(n_res);
  nb.grid.resize(n_res);
  for (uint32_t g = 0; g < nb.num_grids(); ++g) {
    for (uint32_t bb = nb.grid_buildings[g]; bb < nb.grid_buildings[g + 1]; ++bb) {
      for (uint32_t h = nb.building_households[bb]; h < nb.building_households[bb + 1]; ++h) {
        for (uint32_t i = nb.household_residents[h]; i < nb.household_residents[h + 1]; ++i) {
          nb.community[i] = static_cast<int32_t>(i / p.pop_comm);
          nb.household[i] = static_cast<int32_t>(h);
          nb.building[i] = static_cast<int32_t>(bb);
          nb.grid[i] = static_cast<int32_t>(g);
        }
      }
    }
  }
  return nb;
}

// The target of stub s (1-based) of resident i (spec 4.3 item 4b).
uint32_t stub_target(const Neighbourhood& nb, const NeighbourhoodParams& p,
                     const CounterRng& rng, uint32_t i, uint32_t s) {
  const uint32_t k0 = kDrawsPerStub * (s - 1);
  auto draw = [&](uint32_t j) { return rng.uniform(i, kStep, kStub, k0 + j, kClass); };
  const auto c = static_cast<uint32_t>(nb.community[i]);
  const auto h = static_cast<uint32_t>(nb.household[i]);
  const double u = draw(0);

  // (a) cross-community tie.
  if (u < p.p_cross && p.n_comm > 1) {
    const uint32_t n_out = (p.n_comm - 1) * p.pop_comm;
    const auto t = static_cast<uint32_t>(index_of(draw(1), n_out));
    return t < c * p.pop_comm ? t : t + p.pop_comm;
  }
  // (b) same building, unless the pick falls in i's own household.
  if (u >= p.p_cross && u < p.p_cross + (1.0 - p.p_cross) * p.p_bldg) {
    const IdRange bldg = nb.residents_of_building(static_cast<uint32_t>(nb.building[i]));
    const uint32_t t = bldg.first + static_cast<uint32_t>(index_of(draw(2), bldg.size()));
    if (!nb.residents_of_household(h).contains(t)) return t;
  }
  // (c) lattice: a member of the household s places after i's (cyclic), maybe rewired.
  const IdRange hh = nb.households_of_community(c);
  const uint32_t local = h - hh.first;
  const uint32_t h_to = hh.first + static_cast<uint32_t>((uint64_t{local} + s) % hh.size());
  const IdRange members = nb.residents_of_household(h_to);
  uint32_t t = members.first + static_cast<uint32_t>(index_of(draw(3), members.size()));
  if (draw(4) < p.p_rewire)
    t = c * p.pop_comm + static_cast<uint32_t>(index_of(draw(5), p.pop_comm));
  return t;
}

}  // namespace

NeighbourhoodParams neighbourhood_params(const sim::ParamSet& set) {
  auto u32 = [&](const char* key) {
    const int64_t v = set.integer(key);
    if (v < 0 || v > static_cast<int64_t>(UINT32_MAX))
      throw std::invalid_argument(std::string("neighbourhood: ") + key + " is out of range");
    return static_cast<uint32_t>(v);
  };
  NeighbourhoodParams p;
  p.n_comm = u32("n_comm");
  p.pop_comm = u32("pop_comm");
  p.hh_size_p = set.list("hh_size_p");
  p.bldg_hh = u32("bldg_hh");
  p.grid_hh = u32("grid_hh");
  p.k_mean = set.number("k_mean");
  p.p_bldg = set.number("p_bldg");
  p.p_rewire = set.number("p_rewire");
  p.p_cross = set.number("p_cross");
  return p;
}

double household_degree(const std::vector<double>& hh_size_p) {
  double num = 0.0, den = 0.0;
  for (std::size_t i = 0; i < hh_size_p.size(); ++i) {
    const auto s = static_cast<double>(i + 1);
    num += hh_size_p[i] * s * (s - 1.0);
    den += hh_size_p[i] * s;
  }
  return den > 0.0 ? num / den : 0.0;
}

uint32_t stubs_per_resident(const NeighbourhoodParams& params) {
  const double m = round_half_up((params.k_mean - household_degree(params.hh_size_p)) / 2.0);
  return m > 0.0 ? static_cast<uint32_t>(m) : 0u;
}

Neighbourhood layout_neighbourhood(const NeighbourhoodParams& params, const CounterRng& rng) {
  return make_layout(params, rng);
}

Neighbourhood build_neighbourhood(const NeighbourhoodParams& params, const CounterRng& rng) {
  Neighbourhood nb = make_layout(params, rng);
  const uint32_t n_res = nb.num_residents();
  const uint32_t m = nb.stubs;

  // (a) household cliques.
  uint64_t clique_edges = 0;
  for (uint32_t h = 0; h < nb.num_households(); ++h) {
    const uint64_t s = nb.residents_of_household(h).size();
    clique_edges += s * (s - 1) / 2;
  }
  std::vector<Edge> edges(clique_edges + static_cast<uint64_t>(n_res) * m);
  std::size_t e = 0;
  for (uint32_t h = 0; h < nb.num_households(); ++h) {
    const IdRange r = nb.residents_of_household(h);
    for (uint32_t a = r.first; a < r.last; ++a)
      for (uint32_t b = a + 1; b < r.last; ++b) edges[e++] = {a, b};
  }

  // (b) stubs: slot clique_edges + i*m + (s-1), a pure function of (i, s), so the parallel
  // loop gives the same vector for any thread count.
  if (m > 0) {
    oneapi::tbb::parallel_for(
        oneapi::tbb::blocked_range<uint32_t>(0, n_res, 4096),
        [&](const oneapi::tbb::blocked_range<uint32_t>& range) {
          for (uint32_t i = range.begin(); i != range.end(); ++i) {
            Edge* out = edges.data() + clique_edges + static_cast<uint64_t>(i) * m;
            for (uint32_t s = 1; s <= m; ++s) out[s - 1] = {i, stub_target(nb, params, rng, i, s)};
          }
        });
  }

  nb.net = Network::from_edges(n_res, std::move(edges));
  sim::NodeAttributes& attrs = nb.net.attributes();
  attrs.column("community") = nb.community;
  attrs.column("grid") = nb.grid;
  attrs.column("household") = nb.household;
  return nb;
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void add_neighbourhood_keys(sim::ParamSchema& s) {
  constexpr auto kMax = sim::kMaxNetworkNodes;
  s.integer("n_comm", 132, 1, kMax, "communities", "number of communities", kNaN, kNaN,
            "[V] spec 1");
  s.integer("pop_comm", 3100, 100, kMax, "residents", "residents per community", 500, 30000,
            "[V] spec 1");
  s.list("hh_size_p", {0.25, 0.30, 0.20, 0.15, 0.10}, 0.0, 1.0, 5, true, "share",
         "shares of household sizes 1 to 5", "[A] mean 2.55 ~ census 2.62");
  s.integer("bldg_hh", 12, 1, kMax, "households", "households per building", 6, 30, "[A]");
  s.integer("grid_hh", 200, 1, kMax, "households",
            "households per grid (a community has max(1, round(households / grid_hh)) grids, "
            "at most one per building)", 100, 500, "[A]");
  s.real("k_mean", 10.0, 2.0, std::numeric_limits<double>::infinity(), "ties/resident",
         "target mean degree (household ties plus 2 per stub; realised about 9.8 at 10)", 4.0,
         30.0, "[A]");
  s.real("p_bldg", 0.3, 0.0, 1.0, "share",
         "share of in-community stubs that go to a resident of the same building", 0.0, 0.6,
         "[A]");
  s.real("p_rewire", 0.1, 0.0, 1.0, "share",
         "share of lattice stubs rewired to a random resident of the community", 0.0, 0.5,
         "[A]");
  s.real("p_cross", 0.02, 0.0, 1.0, "share",
         "share of stubs that go to a resident of another community", 0.0, 0.1, "[A]");
}

Network build_neighbourhood_network(const sim::ParamSet& s, const CounterRng& rng) {
  const NeighbourhoodParams p = neighbourhood_params(s);
  if (uint64_t{p.n_comm} * p.pop_comm > static_cast<uint64_t>(sim::kMaxNetworkNodes))
    throw sim::InputError(sim::SourceLocation{}, "network.pop_comm",
                          fmt::format("n_comm * pop_comm = {} exceeds {} residents",
                                      uint64_t{p.n_comm} * p.pop_comm, sim::kMaxNetworkNodes));
  Neighbourhood nb = build_neighbourhood(p, rng);
  spdlog::info("network neighbourhood: {} communities, {} households, {} buildings, {} grids; "
               "k_hh = {:.3f}, {} stubs per resident",
               nb.n_comm, nb.num_households(), nb.num_buildings(), nb.num_grids(), nb.k_hh,
               nb.stubs);
  return std::move(nb.net);
}

}  // namespace

sim::NetworkType neighbourhood_network_type() {
  sim::NetworkType t;
  t.name = "neighbourhood";
  t.doc = "clustered community network of households, buildings and grids (model spec 4.3)";
  t.add_keys = add_neighbourhood_keys;
  t.build = build_neighbourhood_network;
  return t;
}

}  // namespace govsim::models::governance
