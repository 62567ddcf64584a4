// File: models/public_goods/public_goods.hpp
//
// The public goods game on a network in isolation (model spec 0 and 4.6.6, E28):
//   Santos, Santos & Pacheco (2008) "Social diversity promotes the emergence of cooperation in
//   public goods games", Nature 454:213 — groups centred on every node, fixed cost per game or
//   per individual, synchronous imitation with probability (P_y − P_x)/M;
//   Szolnoki, Perc & Szabó (2009) "Topology-independent impact of noise on cooperation in
//   spatial public goods games", Phys. Rev. E 80:056109 — square lattice, groups of 5, Fermi
//   rule, random-sequential updating.
// Also a well-mixed mode: every individual plays group_size games per step with co-players
// drawn from the whole population (no complete graph is built).
// See docs/models/public_goods.md.
#pragma once

#include <cstdint>

#include "sim/model/registry.hpp"

namespace govsim::models {

// Random-number streams of public_goods (spec 0.1).
namespace public_goods_streams {
inline constexpr uint32_t kInitial = 1;   // initial strategy: 1 draw per node (class kInitial)
inline constexpr uint32_t kImitate = 2;   // synchronous imitation: 2 draws per node per step
inline constexpr uint32_t kSequence = 3;  // random-sequential: 3 draws per elementary update,
                                          // a variable-length sequence on id 0 (E8)
inline constexpr uint32_t kGroups = 4;    // well-mixed co-players: g·(g−1) draws per node/step
}  // namespace public_goods_streams

// Registration entry of the model `public_goods`.
sim::ModelInfo public_goods_info();

}  // namespace govsim::models
