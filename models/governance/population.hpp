// File: models/governance/population.hpp
//
// Building a run's population (spec 4.3, 4.4; docs/ODD.md 3.1, decision 25):
//   - build_layout: communities, grids, households and the resident network, from the built-in
//     neighbourhood (neighbourhood.hpp) or from a real network with the node columns the model
//     declares (governance.cpp: community and grid required; household, age_band, party, owner
//     optional); storage is ordered by (community, original id);
//   - draw_population: resident attributes, grid visibility, organisations and committee peers
//     (RNG class 4, streams >= 8; streams.hpp);
//   - init_state: the initial state (class 5) and the committees' instrument vectors.
#pragma once

#include <vector>

#include "models/governance/countermeasures.hpp"
#include "models/governance/params.hpp"
#include "models/governance/state.hpp"
#include "sim/model/model.hpp"

namespace govsim::models::governance {

// @throws sim::InputError when a given network lacks the community or grid column, or a node
// has no value in one of them.
Layout build_layout(const sim::RunContext& ctx);

void draw_population(const sim::RunContext& ctx, const Params& p, const Overlay& overlay,
                     const Layout& L, Residents& r, Grids& grids, Organisations& org,
                     std::vector<Committee>& com);

// Returns true when the sd of the initial trust was clipped (E24: trust_sd_clipped).
bool init_state(const sim::CounterRng& rng, const Params& p, const Layout& L, Residents& r,
                std::vector<Committee>& com);

}  // namespace govsim::models::governance
