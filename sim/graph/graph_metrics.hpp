// File: sim/graph/graph_metrics.hpp
//
// Small structural statistics of a Network, used by tests, logging and validation reports.
// All are exact and deterministic (integer counts, sums in fixed order).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/graph/network.hpp"

namespace govsim::sim {

// Largest |p - q| over arcs p -> q in STORAGE order (the matrix bandwidth that locality
// reordering reduces). 0 for a graph without ties.
uint64_t storage_bandwidth(const Network& net);

// Number of triangles (each counted once).
uint64_t triangle_count(const Network& net);

// Mean over all nodes of the local clustering coefficient
// C_i = (ties among i's neighbours) / (d_i (d_i - 1) / 2), with C_i = 0 when d_i < 2
// (Watts & Strogatz 1998). Cost O(sum of d_i^2).
double average_clustering(const Network& net);

// histogram[d] = number of nodes of degree d (size max degree + 1; empty for no nodes).
std::vector<uint64_t> degree_histogram(const Network& net);

}  // namespace govsim::sim
