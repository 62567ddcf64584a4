// File: models/bounded_confidence/bounded_confidence.hpp
//
// Bounded-confidence opinion dynamics in isolation (model spec 0 and 4.6.7): Deffuant, Neau,
// Amblard & Weisbuch (2000) "Mixing beliefs among interacting agents", Adv. Complex Syst. 3:87.
// Two agents whose opinions differ by less than d both move a fraction mu toward each other.
//
// Each step is one random matching, so every agent meets at most one partner and all pairs
// interact at once (synchronous, double-buffered, identical for any thread count):
//   - well-mixed (the classic Deffuant setting): a uniform random perfect matching of the whole
//     population (each agent draws a key; agents sorted by (key, id) are paired (0,1),(2,3),...,
//     the rule of spec 4.6.7);
//   - network: a random maximal matching along the network's edges: every edge draws a key each
//     step and the matching is the greedy one in descending key order, computed in parallel by
//     rounds of locally dominant edges (identical to the sequential greedy matching).
// See docs/models/bounded_confidence.md.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/model/registry.hpp"

namespace govsim::models {

// Random-number streams of bounded_confidence (spec 0.1).
namespace bounded_confidence_streams {
inline constexpr uint32_t kInitial = 1;  // initial opinion: 1 draw per agent (class kInitial)
inline constexpr uint32_t kMatch = 2;    // well-mixed matching key: 1 draw per agent per step
inline constexpr uint32_t kEdge = 3;     // network edge key: id min(i,j), draw k = max(i,j)
inline constexpr uint32_t kTalk = 4;     // interaction: 1 draw per pair, id min(i, partner)
}  // namespace bounded_confidence_streams

// Number of opinion clusters (the clustering rule of docs/models/bounded_confidence.md):
// opinions sorted ascending; a new cluster starts wherever two consecutive opinions differ by
// more than `gap`. Returns the sizes of the clusters in ascending opinion order.
std::vector<uint32_t> opinion_clusters(std::span<const double> opinions, double gap);

// Registration entry of the model `bounded_confidence`.
sim::ModelInfo bounded_confidence_info();

}  // namespace govsim::models
