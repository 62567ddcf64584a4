// Tests of the clustered community network of model spec 4.3 (models/governance/
// neighbourhood.hpp): the layout rules (households, buildings, grids), the graph's statistics,
// determinism for any thread count, and the network type `neighbourhood` the governance model
// registers in the engine's catalog.
#include <gtest/gtest.h>

#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>
#include <stdexcept>
#include <vector>

#include "models/governance/neighbourhood.hpp"
#include "models/register_all.hpp"
#include "sim/core/error.hpp"
#include "sim/graph/network_catalog.hpp"
#include "tests/sim/graph/graph_test_util.hpp"

namespace govsim::models::governance {
namespace {

using sim::CounterRng;
using sim::CsrView;
using sim::Network;
using sim::EntityClass;
using sim::index_of;
using sim::NodeAttributes;
using sim::ParamSet;
using sim::testing::expect_simple_symmetric_sorted;
using sim::testing::same_storage;

NeighbourhoodParams four_communities() {
  NeighbourhoodParams p;  // spec defaults
  p.n_comm = 4;
  return p;
}

const Neighbourhood& baseline() {
  static const Neighbourhood nb =
      build_neighbourhood(four_communities(), CounterRng::for_run(2024, 0));
  return nb;
}

TEST(Neighbourhood, DefaultsMatchTheSpec) {
  NeighbourhoodParams p;
  EXPECT_EQ(p.n_comm, 132u);
  EXPECT_EQ(p.pop_comm, 3100u);
  EXPECT_EQ(p.hh_size_p, (std::vector<double>{0.25, 0.30, 0.20, 0.15, 0.10}));
  EXPECT_EQ(p.bldg_hh, 12u);
  EXPECT_EQ(p.grid_hh, 200u);
  EXPECT_EQ(p.k_mean, 10.0);
  EXPECT_EQ(p.p_bldg, 0.3);
  EXPECT_EQ(p.p_rewire, 0.1);
  EXPECT_EQ(p.p_cross, 0.02);
  // k_hh = (.3*2 + .2*6 + .15*12 + .1*20) / 2.55 = 5.6 / 2.55 = 2.196; m = round(3.902) = 4.
  EXPECT_NEAR(household_degree(p.hh_size_p), 5.6 / 2.55, 1e-12);
  EXPECT_EQ(stubs_per_resident(p), 4u);
  p.k_mean = 2.0;
  EXPECT_EQ(stubs_per_resident(p), 0u);
}

TEST(Neighbourhood, RealisedMeanDegreeNearNinePointEight) {
  const Neighbourhood& nb = baseline();
  expect_simple_symmetric_sorted(nb.net);
  EXPECT_EQ(nb.net.num_nodes(), 4u * 3100u);
  EXPECT_EQ(nb.stubs, 4u);
  // Spec 4.3: "Realised mean degree ~ 9.8 at k_mean 10" (2.196 + 8 stub ends, less the stubs
  // that repeat a household or lattice tie).
  EXPECT_NEAR(nb.net.mean_degree(), 9.8, 0.2);
  EXPECT_FALSE(nb.net.reordered());
}

TEST(Neighbourhood, CommunitiesAndHouseholdsAreContiguous) {
  const Neighbourhood& nb = baseline();
  const NodeAttributes& a = nb.net.attributes();
  ASSERT_NE(a.find("community"), nullptr);
  const std::vector<int32_t>& community = *a.find("community");
  const std::vector<int32_t>& household = *a.find("household");
  const std::vector<int32_t>& grid = *a.find("grid");
  ASSERT_EQ(community.size(), nb.num_residents());
  uint64_t size_sum = 0, households = 0;
  for (uint32_t i = 0; i < nb.num_residents(); ++i) {
    ASSERT_EQ(nb.community[i], static_cast<int32_t>(i / nb.pop_comm));
    ASSERT_EQ(community[i], nb.community[i]);
    ASSERT_EQ(household[i], nb.household[i]);
    ASSERT_EQ(grid[i], nb.grid[i]);
    if (i > 0) {
      ASSERT_GE(nb.household[i], nb.household[i - 1]);
    }
  }
  for (uint32_t c = 0; c < nb.n_comm; ++c) {
    const IdRange hh = nb.households_of_community(c);
    EXPECT_EQ(nb.residents_of_household(hh.first).first, c * nb.pop_comm);
    EXPECT_EQ(nb.residents_of_household(hh.last - 1).last, (c + 1) * nb.pop_comm);
    for (uint32_t h = hh.first; h < hh.last; ++h) {
      const IdRange r = nb.residents_of_household(h);
      ASSERT_GE(r.size(), 1u);
      ASSERT_LE(r.size(), 5u);
      EXPECT_EQ(nb.household_head(h), r.first);
      for (uint32_t i = r.first; i < r.last; ++i)
        ASSERT_EQ(nb.household[i], static_cast<int32_t>(h));
      size_sum += r.size();
      ++households;
    }
  }
  // Mean household size 2.55 at the defaults (12,400 residents: sd of the mean ~0.02).
  EXPECT_NEAR(static_cast<double>(size_sum) / households, 2.55, 0.1);
}

TEST(Neighbourhood, BuildingsAndGridsFollowTheBlockRule) {
  const Neighbourhood& nb = baseline();
  for (uint32_t c = 0; c < nb.n_comm; ++c) {
    const uint32_t n_hh = nb.households_in(c);
    const uint32_t n_b = nb.buildings_in(c);
    EXPECT_EQ(n_b, (n_hh + 11) / 12);
    const IdRange bs = nb.buildings_of_community(c);
    for (uint32_t b = bs.first; b < bs.last; ++b) {
      const IdRange hh = nb.households_of_building(b);
      EXPECT_EQ(hh.size(), b + 1 < bs.last ? 12u : n_hh - 12u * (n_b - 1));
    }
    // n_grid = min(B_c, max(1, round(nH_c / grid_hh))); blocks, the first B mod n larger.
    const auto want = static_cast<uint32_t>(
        std::min<double>(n_b, std::max(1.0, std::floor(n_hh / 200.0 + 0.5))));
    ASSERT_EQ(nb.grids_in(c), want);
    const IdRange gs = nb.grids_of_community(c);
    uint32_t next_building = bs.first;
    for (uint32_t g = gs.first; g < gs.last; ++g) {
      const IdRange gb = nb.buildings_of_grid(g);
      EXPECT_EQ(gb.first, next_building);
      const uint32_t local = g - gs.first;
      EXPECT_EQ(gb.size(), n_b / want + (local < n_b % want ? 1u : 0u));
      next_building = gb.last;
      for (uint32_t i = nb.residents_of_grid(g).first; i < nb.residents_of_grid(g).last; ++i)
        ASSERT_EQ(nb.grid[i], static_cast<int32_t>(g));
    }
    EXPECT_EQ(next_building, bs.last);
  }
}

TEST(Neighbourhood, HouseholdsAreCliquesAndCrossShareMatchesPCross) {
  const Neighbourhood& nb = baseline();
  const Network& net = nb.net;
  const CsrView v = net.view();
  // Household cliques.
  for (uint32_t h = 0; h < nb.num_households(); ++h) {
    const IdRange r = nb.residents_of_household(h);
    for (uint32_t i = r.first; i < r.last; ++i) {
      uint32_t in_household = 0;
      for (uint32_t t : v.row(i)) in_household += r.contains(t) ? 1u : 0u;
      ASSERT_EQ(in_household, r.size() - 1) << "household " << h;
    }
  }
  // Each cross stub (share p_cross of the m stubs) adds one tie between communities, i.e. two
  // arcs out of the n * mean_degree: the arc share is 2 p_cross m / k (0.0163 at the defaults;
  // sd ~0.001 here).
  uint64_t cross = 0, same_building = 0;
  for (uint32_t i = 0; i < net.num_nodes(); ++i) {
    for (uint32_t t : v.row(i)) {
      cross += nb.community[t] != nb.community[i] ? 1u : 0u;
      same_building += nb.building[t] == nb.building[i] ? 1u : 0u;
    }
  }
  const double k = net.mean_degree();
  const double cross_share = static_cast<double>(cross) / static_cast<double>(net.num_arcs());
  EXPECT_NEAR(cross_share, 2.0 * 0.02 * 4 / k, 0.004);
  // Most ties stay in the building (households, building stubs, near lattice stubs).
  EXPECT_GT(static_cast<double>(same_building) / static_cast<double>(net.num_arcs()), 0.5);
}

// An independent, literal transcription of spec 4.3 items 2 and 4 (slow and simple), compared
// tie for tie with the library's build.
TEST(Neighbourhood, MatchesALiteralReadingOfTheSpec) {
  NeighbourhoodParams p = four_communities();
  p.n_comm = 3;
  p.pop_comm = 700;
  p.p_cross = 0.1;  // exercise every branch often
  p.p_rewire = 0.3;
  const CounterRng rng = CounterRng::for_run(77, 3);
  const Neighbourhood nb = build_neighbourhood(p, rng);
  const uint32_t N = p.n_comm * p.pop_comm;
  auto draw = [&](uint32_t id, uint32_t stream, uint32_t k) {
    return rng.uniform(id, 0, stream, k, EntityClass::kNetwork);
  };
  // Households: per community, sizes until the sum reaches pop_comm, last truncated.
  std::vector<std::vector<uint32_t>> hh_of_comm(p.n_comm);  // first resident of each household
  std::vector<uint32_t> hh_first, hh_size, hh_local, res_hh(N);
  for (uint32_t c = 0; c < p.n_comm; ++c) {
    uint32_t sum = 0;
    for (uint32_t k = 0; sum < p.pop_comm; ++k) {
      const double u = draw(c, kHouseholdSize, k);
      double cum = 0;
      uint32_t size = 5;
      for (uint32_t s = 1; s <= 5; ++s) {
        cum += p.hh_size_p[s - 1];
        if (u <= cum) {
          size = s;
          break;
        }
      }
      size = std::min(size, p.pop_comm - sum);
      for (uint32_t i = 0; i < size; ++i)
        res_hh[c * p.pop_comm + sum + i] = static_cast<uint32_t>(hh_first.size());
      hh_local.push_back(static_cast<uint32_t>(hh_of_comm[c].size()));
      hh_of_comm[c].push_back(static_cast<uint32_t>(hh_first.size()));
      hh_first.push_back(c * p.pop_comm + sum);
      hh_size.push_back(size);
      sum += size;
    }
  }
  ASSERT_EQ(nb.num_households(), hh_first.size());
  std::set<std::pair<uint32_t, uint32_t>> ties;
  auto tie = [&](uint32_t a, uint32_t b) {
    if (a != b) ties.emplace(std::min(a, b), std::max(a, b));
  };
  for (std::size_t h = 0; h < hh_first.size(); ++h)
    for (uint32_t a = 0; a < hh_size[h]; ++a)
      for (uint32_t b = a + 1; b < hh_size[h]; ++b) tie(hh_first[h] + a, hh_first[h] + b);
  const uint32_t m = 4;
  for (uint32_t i = 0; i < N; ++i) {
    const uint32_t c = i / p.pop_comm, h = res_hh[i];
    const auto& comm_hh = hh_of_comm[c];
    // Building of i: households [12 * floor(local / 12), ...) of c.
    const uint32_t b_first_local = hh_local[h] / 12 * 12;
    const uint32_t b_last_local = std::min<uint32_t>(b_first_local + 12, comm_hh.size());
    const uint32_t b_first = hh_first[comm_hh[b_first_local]];
    const uint32_t last_hh = comm_hh[b_last_local - 1];
    const uint32_t b_last = hh_first[last_hh] + hh_size[last_hh];
    for (uint32_t s = 1; s <= m; ++s) {
      const uint32_t k = 6 * (s - 1);
      const double u = draw(i, kStub, k);
      auto lattice = [&] {
        const uint32_t to = comm_hh[(hh_local[h] + s) % comm_hh.size()];
        uint32_t t =
            hh_first[to] + static_cast<uint32_t>(index_of(draw(i, kStub, k + 3), hh_size[to]));
        if (draw(i, kStub, k + 4) < p.p_rewire)
          t = c * p.pop_comm + static_cast<uint32_t>(index_of(draw(i, kStub, k + 5), p.pop_comm));
        return t;
      };
      uint32_t t;
      if (u < p.p_cross) {
        const auto idx = static_cast<uint32_t>(index_of(draw(i, kStub, k + 1), N - p.pop_comm));
        // the idx-th resident outside c, in id order
        t = idx < c * p.pop_comm ? idx : idx + p.pop_comm;
      } else if (u < p.p_cross + (1 - p.p_cross) * p.p_bldg) {
        t = b_first + static_cast<uint32_t>(index_of(draw(i, kStub, k + 2), b_last - b_first));
        if (res_hh[t] == h) t = lattice();
      } else {
        t = lattice();
      }
      tie(i, t);
    }
  }
  std::set<std::pair<uint32_t, uint32_t>> got;
  const CsrView v = nb.net.view();
  for (uint32_t i = 0; i < N; ++i)
    for (uint32_t t : v.row(i))
      if (i < t) got.emplace(i, t);
  EXPECT_EQ(got.size(), ties.size());
  EXPECT_TRUE(got == ties);
}

TEST(Neighbourhood, LayoutMatchesTheFullBuild) {
  const Neighbourhood layout =
      layout_neighbourhood(four_communities(), CounterRng::for_run(2024, 0));
  const Neighbourhood& nb = baseline();
  EXPECT_EQ(layout.net.num_nodes(), 0u);
  EXPECT_EQ(layout.household_residents, nb.household_residents);
  EXPECT_EQ(layout.building_households, nb.building_households);
  EXPECT_EQ(layout.grid_buildings, nb.grid_buildings);
  EXPECT_EQ(layout.community_grids, nb.community_grids);
  EXPECT_EQ(layout.grid, nb.grid);
  EXPECT_EQ(layout.building, nb.building);
}

TEST(Neighbourhood, SameGraphForAnyThreadCountAndSeedDependent) {
  const NeighbourhoodParams p = four_communities();
  Neighbourhood serial;
  {
    oneapi::tbb::global_control one(oneapi::tbb::global_control::max_allowed_parallelism, 1);
    serial = build_neighbourhood(p, CounterRng::for_run(2024, 0));
  }
  EXPECT_TRUE(same_storage(serial.net, baseline().net));
  const Neighbourhood other = build_neighbourhood(p, CounterRng::for_run(2024, 1));
  EXPECT_FALSE(same_storage(other.net, baseline().net));
  EXPECT_NE(other.household_residents, baseline().household_residents);
}

TEST(Neighbourhood, SingleCommunityAndSmallCases) {
  NeighbourhoodParams p;
  p.n_comm = 1;
  p.pop_comm = 500;
  p.p_cross = 1.0;  // every stub would cross; with one community rule (c) applies
  const Neighbourhood nb = build_neighbourhood(p, CounterRng::for_run(9, 0));
  expect_simple_symmetric_sorted(nb.net);
  EXPECT_EQ(nb.num_grids(), std::min(nb.num_buildings(), 1u));
  EXPECT_GT(nb.net.mean_degree(), 8.0);

  p.pop_comm = 3;
  p.hh_size_p = {0, 0, 0, 0, 1};  // one household of 5, truncated to 3
  const Neighbourhood tiny = build_neighbourhood(p, CounterRng::for_run(9, 0));
  EXPECT_EQ(tiny.num_households(), 1u);
  EXPECT_EQ(tiny.net.num_edges(), 3u);  // the clique; stubs only repeat it or loop
}

TEST(Neighbourhood, RejectsBadParameters) {
  NeighbourhoodParams p = four_communities();
  p.hh_size_p = {0.5, 0.6};
  EXPECT_THROW(build_neighbourhood(p, CounterRng{}), std::invalid_argument);
  p = four_communities();
  p.bldg_hh = 0;
  EXPECT_THROW(build_neighbourhood(p, CounterRng{}), std::invalid_argument);
  p = four_communities();
  p.n_comm = 2000000;
  EXPECT_THROW(build_neighbourhood(p, CounterRng{}), std::invalid_argument);
}

// The governance model registers `neighbourhood` in the engine's catalog, between the
// generators and the file readers, with the spec's baseline as defaults, and declares its node
// columns for the readers.
TEST(Neighbourhood, IsANetworkTypeOfTheGovernanceModel) {
  sim::ModelRegistry reg;
  register_all(reg);
  std::vector<std::string> names;
  const sim::ParamSchema* schema = nullptr;
  const auto types = sim::network_types();
  for (const auto& [name, sch] : types) {
    names.push_back(name);
    if (name == "neighbourhood") schema = &sch;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"watts_strogatz", "erdos_renyi", "barabasi_albert",
                                             "random_regular", "square_lattice", "neighbourhood",
                                             "edge_list", "graphml"}));
  ASSERT_NE(schema, nullptr);
  ParamSet s(*schema);
  EXPECT_EQ(s.integer("n_comm"), 132);
  EXPECT_EQ(s.integer("pop_comm"), 3100);
  EXPECT_EQ(s.list("hh_size_p"), (std::vector<double>{0.25, 0.30, 0.20, 0.15, 0.10}));
  EXPECT_EQ(s.integer("bldg_hh"), 12);
  EXPECT_EQ(s.integer("grid_hh"), 200);
  EXPECT_EQ(s.real("k_mean"), 10.0);
  EXPECT_EQ(s.real("p_bldg"), 0.3);
  EXPECT_EQ(s.real("p_rewire"), 0.1);
  EXPECT_EQ(s.real("p_cross"), 0.02);
  s.set("n_comm", int64_t{2});
  s.set("pop_comm", int64_t{1000});
  const auto net = sim::build_network(s, CounterRng::for_run(1, 0));
  EXPECT_EQ(net->num_nodes(), 2000u);
  ASSERT_NE(net->attributes().find("community"), nullptr);
  EXPECT_EQ(net->attributes().find("community")->size(), 2000u);
  // the same network as the model's own builder
  NeighbourhoodParams p;
  p.n_comm = 2;
  p.pop_comm = 1000;
  EXPECT_TRUE(same_storage(*net, build_neighbourhood(p, CounterRng::for_run(1, 0)).net));
  // a population beyond 32-bit ids is an input error of network.pop_comm
  s.set("n_comm", int64_t{2000000});
  s.set("pop_comm", int64_t{3000});
  try {
    sim::build_network(s, CounterRng{});
    ADD_FAILURE() << "no error";
  } catch (const sim::InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "error: network.pop_comm: n_comm * pop_comm = 6000000000 exceeds 4294967294 residents");
  }
  // the node columns the model reads: every reader knows them now
  std::vector<std::string> columns;
  for (const auto& c : sim::network_catalog().columns()) columns.push_back(c.name);
  EXPECT_EQ(columns, (std::vector<std::string>{"community", "grid", "household", "age_band",
                                               "party", "owner"}));
}

}  // namespace
}  // namespace govsim::models::governance
