// File: models/governance/neighbourhood.hpp
//
// The clustered community network of model spec 4.3 (items 1, 2 and 4; docs/ODD.md 3.1), built
// once per run from the counter-based generator with entity class kNetwork (4), step 0. The
// governance model builds it itself from its parameters, and registers it as the network type
// `neighbourhood` of the engine's catalog (neighbourhood_network_type).
//
// Layout (all ids are original ids; everything is contiguous and in id order):
//   - community c holds residents [c*pop_comm, (c+1)*pop_comm);
//   - households: sizes s = 1..S drawn with shares hh_size_p until their sum reaches pop_comm,
//     the last one truncated (E14); household h holds consecutive residents, its head is its
//     lowest id (E9). Household ids are global, in (community, local index) order;
//   - buildings: bldg_hh consecutive households (the last building of a community may have
//     fewer); B_c buildings in community c; global ids in (community, local index) order;
//   - grids: n_grid = min(B_c, max(1, round(nH_c / grid_hh))) (E31); the B_c buildings are split
//     into n_grid contiguous blocks, the first B_c mod n_grid blocks get one extra building.
//     Global grid id in (community, local index) order (E9).
//
// Resident graph (undirected, simple; E17, E22, E23):
//   (a) household cliques; k_hh = sum p_s s(s-1) / sum p_s s (2.196 at the defaults);
//       m = max(0, round((k_mean - k_hh) / 2)) stubs per resident;
//   (b) stub s = 1..m of resident i (community c, n_c = pop_comm residents, N in all) uses the
//       six draws j = 0..5 at draw index 6(s-1)+j: u, r_cross, r_bldg, r_lat, u_rew, r_rew:
//       u < p_cross (and n_comm > 1)      -> the idx(r_cross, N - n_c)-th resident outside c, in
//                                            id order;
//       else u < p_cross+(1-p_cross)p_bldg -> the idx(r_bldg, size)-th resident of i's building;
//                                            if that resident is in i's household, rule (c);
//       else (c) lattice                   -> the idx(r_lat, size)-th member of the household s
//                                            places after i's in the community's household
//                                            order (cyclic); replaced, if u_rew < p_rewire, by
//                                            the idx(r_rew, n_c)-th resident of c.
//       (n_comm = 1 and u < p_cross: rule (c).) Self-loops and duplicates are dropped, ties are
//       symmetrised, rows sorted by id. Realised mean degree is about 9.8 at k_mean 10.
//   idx(u, n) = min(floor(u n), n - 1) (E10); round(x) = floor(x + 1/2) (E26).
//
// Random numbers (spec 0.1; the counter's class word is 4, step 0):
//   household sizes: id = community c, stream kHouseholdSize, draw k = household index in c
//     (a variable-length sequence, E8); size = the smallest s with u <= p_1 + ... + p_s;
//   stubs: id = resident i, stream kStub, draw k = 6(s-1)+j.
// The network is therefore a function of (seed, replicate) and the parameters only.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/graph/network.hpp"
#include "sim/graph/network_catalog.hpp"
#include "sim/rng/construction_streams.hpp"
#include "sim/rng/counter_rng.hpp"
#include "sim/scenario/param_schema.hpp"

namespace govsim::models::governance {

// Stream numbers of the neighbourhood's draws (entity class kNetwork, step 0): 0 and 1 of the
// construction streams sim/rng/construction_streams.hpp leaves to a model's network type.
enum NeighbourhoodStream : uint32_t {
  kHouseholdSize = 0,  // household sizes, id = community
  kStub = 1,           // stub draws, id = resident
};
static_assert(static_cast<uint32_t>(kStub) < static_cast<uint32_t>(sim::kWattsStrogatz),
              "the engine's generators use streams 2-5");

// The parameters of spec 4.3 / 4.7 (defaults = baseline).
struct NeighbourhoodParams {
  uint32_t n_comm = 132;     // communities, >= 1
  uint32_t pop_comm = 3100;  // residents per community, >= 1 (the schema asks >= 100)
  std::vector<double> hh_size_p = {0.25, 0.30, 0.20, 0.15, 0.10};  // shares of sizes 1..S
  uint32_t bldg_hh = 12;     // households per building, >= 1
  uint32_t grid_hh = 200;    // households per grid (target), >= 1
  double k_mean = 10.0;      // target mean degree, >= 0
  double p_bldg = 0.3;       // share of non-cross stubs that stay in the building
  double p_rewire = 0.1;     // lattice stubs rewired to a random resident of the community
  double p_cross = 0.02;     // stubs that leave the community
};

// Reads the keys of the `neighbourhood` network type (or any ParamSet with the same names).
NeighbourhoodParams neighbourhood_params(const sim::ParamSet& set);

// k_hh = sum p_s s(s-1) / sum p_s s for sizes s = 1..hh_size_p.size().
double household_degree(const std::vector<double>& hh_size_p);
// m = max(0, round((k_mean - k_hh) / 2)).
uint32_t stubs_per_resident(const NeighbourhoodParams& params);

// A half-open id range.
struct IdRange {
  uint32_t first = 0;
  uint32_t last = 0;  // one past the end
  uint32_t size() const noexcept { return last - first; }
  bool contains(uint32_t x) const noexcept { return x >= first && x < last; }
};

// The built population structure and resident graph. Per-resident vectors are indexed by
// original (resident) id; the *_first vectors are prefix offsets with one entry more than
// the entities they describe (CSR style), e.g. the households of community c are
// [community_households[c], community_households[c+1]).
struct Neighbourhood {
  sim::Network net;  // original ids = resident ids; attributes community, grid, household filled;
                // empty (no nodes) when built by layout_neighbourhood
  uint32_t n_comm = 0;
  uint32_t pop_comm = 0;
  double k_hh = 0.0;            // household degree of the size distribution
  uint32_t stubs = 0;           // m, stubs per resident

  // Per resident (global ids).
  std::vector<int32_t> community;
  std::vector<int32_t> household;
  std::vector<int32_t> building;
  std::vector<int32_t> grid;

  // Offsets.
  std::vector<uint32_t> community_households;  // n_comm + 1
  std::vector<uint32_t> community_buildings;   // n_comm + 1
  std::vector<uint32_t> community_grids;       // n_comm + 1
  std::vector<uint32_t> household_residents;   // households + 1; head of h = entry h
  std::vector<uint32_t> building_households;   // buildings + 1
  std::vector<uint32_t> grid_buildings;        // grids + 1

  uint32_t num_residents() const noexcept { return n_comm * pop_comm; }
  uint32_t num_households() const noexcept { return count(household_residents); }
  uint32_t num_buildings() const noexcept { return count(building_households); }
  uint32_t num_grids() const noexcept { return count(grid_buildings); }

  // Per-community counts: nH_c, B_c, n_grid.
  uint32_t households_in(uint32_t c) const { return households_of_community(c).size(); }
  uint32_t buildings_in(uint32_t c) const { return buildings_of_community(c).size(); }
  uint32_t grids_in(uint32_t c) const { return grids_of_community(c).size(); }

  // Entities of a community, building or grid (global ids).
  IdRange households_of_community(uint32_t c) const {
    return {community_households[c], community_households[c + 1]};
  }
  IdRange buildings_of_community(uint32_t c) const {
    return {community_buildings[c], community_buildings[c + 1]};
  }
  IdRange grids_of_community(uint32_t c) const {
    return {community_grids[c], community_grids[c + 1]};
  }
  IdRange households_of_building(uint32_t b) const {
    return {building_households[b], building_households[b + 1]};
  }
  IdRange buildings_of_grid(uint32_t g) const { return {grid_buildings[g], grid_buildings[g + 1]}; }

  // Residents (original ids) of an entity.
  IdRange residents_of_community(uint32_t c) const { return {c * pop_comm, (c + 1) * pop_comm}; }
  IdRange residents_of_household(uint32_t h) const {
    return {household_residents[h], household_residents[h + 1]};
  }
  IdRange residents_of_building(uint32_t b) const {
    return {household_residents[building_households[b]],
            household_residents[building_households[b + 1]]};
  }
  IdRange residents_of_grid(uint32_t g) const {
    return {residents_of_building(grid_buildings[g]).first,
            household_residents[building_households[grid_buildings[g + 1]]]};
  }
  // The household's head: its lowest resident id (the household's RNG entity id, E9).
  uint32_t household_head(uint32_t h) const { return household_residents[h]; }

 private:
  static uint32_t count(const std::vector<uint32_t>& offsets) noexcept {
    return offsets.empty() ? 0u : static_cast<uint32_t>(offsets.size() - 1);
  }
};

// Builds the structure and the resident graph. Deterministic in (rng, params); the stub pass
// runs in parallel (oneTBB) with the same result for any thread count.
// @throws std::invalid_argument when n_comm or pop_comm is 0, n_comm * pop_comm >= 2^32,
//         hh_size_p is empty, has a negative entry or sums to 0, bldg_hh or grid_hh is 0, or a
//         probability is outside [0, 1].
Neighbourhood build_neighbourhood(const NeighbourhoodParams& params, const sim::CounterRng& rng);

// The same structure without the graph (net stays empty): for a model that receives the graph
// from the engine's `network:` section and needs the households, buildings and grids it was
// built on. Uses the same draws, so it matches build_neighbourhood for the same rng.
Neighbourhood layout_neighbourhood(const NeighbourhoodParams& params,
                                  const sim::CounterRng& rng);

// The neighbourhood as the network type `neighbourhood` (`network: {type: neighbourhood, ...}`,
// keys as NeighbourhoodParams, defaults the spec's baseline): the network carries the node
// columns community, grid and household. Registered by governance_info().
sim::NetworkType neighbourhood_network_type();

}  // namespace govsim::models::governance
