// File: sim/graph/generators.hpp
//
// Classic random-graph generators. Each is a deterministic function of its arguments and of a
// CounterRng: draws use entity class kNetwork (4), step 0 and the construction streams of
// sim/rng/construction_streams.hpp, so the graph depends on (seed, replicate) only, never on the
// thread count. No std:: engines, distributions or shuffles are used. Node ids are the
// original ids 0..n-1; the result is simple (self-loops and duplicate ties dropped, counted in
// Network::build_stats()) and not reordered.
//
// @throws std::invalid_argument for arguments outside the documented domain (the scenario
//         catalog checks the same constraints first and reports them as InputError).
#pragma once

#include <cstdint>

#include "sim/graph/network.hpp"
#include "sim/rng/counter_rng.hpp"

namespace govsim::sim {

// Watts & Strogatz (1998) small world through Boost.Graph's small_world_iterator, fed by a
// PhiloxUrng (stream kWattsStrogatz, id 0). Ring of n nodes, each tied to its k/2 successors;
// every tie but the first, (0, 1), is rewired with probability p to a uniform target outside
// the source's ring window (Boost's rule). Exactly n*k/2 ties are generated; a rewired tie
// that duplicates another one is merged (build_stats().duplicates_merged, rare).
// Domain: k even, 2 <= k <= n - 2; 0 <= p <= 1. Mean clustering 3(k-2)/(4(k-1)) at p = 0.
Network watts_strogatz(uint32_t n, uint32_t k, double p, const CounterRng& rng);

// Erdos-Renyi G(n, p) with p = k_mean / (n - 1), through Boost.Graph's
// sorted_erdos_renyi_iterator (geometric skips; O(n + E)) fed by a PhiloxUrng (stream
// kErdosRenyi, id 0). k_mean = 0 gives no ties and k_mean = n - 1 the complete graph, both
// without draws. Domain: n >= 2, 0 <= k_mean <= n - 1.
Network erdos_renyi(uint32_t n, double k_mean, const CounterRng& rng);

// Barabasi & Albert (1999) linear preferential attachment: a clique on nodes 0..m, then each
// new node v = m+1..n-1 ties to m distinct existing nodes, each drawn uniformly from the list
// of tie endpoints (the repeated-nodes method: probability proportional to degree). Draw k of
// node v is {id v, stream kBarabasiAlbert, draw k}: draw j picks tie j unless it repeats a
// target already chosen, in which case the next draw index is used. The list is extended after
// all m targets of v are chosen. Edges: m(m+1)/2 + (n-m-1)m exactly.
// Domain: m >= 1, n >= m + 1.
Network barabasi_albert(uint32_t n, uint32_t m, const CounterRng& rng);

// Random k-regular graph: configuration model (n*k stubs) paired uniformly at random with
// rejection of pairs that would form a self-loop or a multi-edge (the next draws are used
// instead; Steger & Wormald 1999), restarting the whole pairing with the following draw
// indices if the remaining stubs admit no legal pair. Draws: a PhiloxUrng (stream
// kRandomRegular, id 0), one sequence across restarts. Every degree is exactly k.
// Domain: 1 <= k <= n - 1, n*k even.
Network random_regular(uint32_t n, uint32_t k, const CounterRng& rng);

// Periodic square lattice of side L (von Neumann neighbourhood, degree 4), node id = y*L + x,
// neighbours (x +- 1 mod L, y) and (x, y +- 1 mod L). 2 L^2 ties. No randomness.
// Domain: 3 <= L, L*L < 2^32.
Network square_lattice(uint32_t side);

}  // namespace govsim::sim
