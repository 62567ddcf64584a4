// File: sim/graph/graphml_nodes.hpp
//
// The GraphML specification requires every node an edge names to be declared by a <node>
// element; Boost's reader adds a node for an undeclared edge end instead. load_graphml() calls
// check_graphml_edge_ends() after Boost has read the file, to refuse such a file.
#pragma once

#include <cstddef>
#include <string>

namespace govsim::sim {

// Scans GraphML `text` (already read successfully by Boost, which found `nodes` nodes) for the
// <node> and <edge> elements Boost reads (those of the file's first <graph> and of the graphs
// nested in it). When `nodes` is more than the number of distinct declared ids, an edge named
// an undeclared node: throws InputError at that edge,
//   "<path>:<line>:<col>: error: invalid GraphML: edge names node 'w' that no <node> declares"
// (without line when the scan cannot tell which edge).
void check_graphml_edge_ends(const std::string& text, const std::string& path, std::size_t nodes);

}  // namespace govsim::sim
