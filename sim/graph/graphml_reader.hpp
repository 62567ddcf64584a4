// File: sim/graph/graphml_reader.hpp
//
// GraphML input and output through Boost.Graph (read_graphml / write_graphml).
//
// Reading: the first <graph> of the file is read into a boost::adjacency_list, then into a
// Network. Nodes are numbered 0..n-1 in the order they appear (declared nodes first, then nodes
// first named by an edge). Directed files are accepted: each arc is an undirected tie. Self-loops
// are dropped and parallel ties merged (logged). Node data keys named like a declared node
// column (`columns`: the models' declarations, NodeColumnDef) fill NodeAttributes::column(name)
// (any GraphML type that holds an integer in [-1, max]: int, long, boolean, an integral
// float/double, or a string such as "3"); nodes without a value get -1. Every other key is
// ignored. Node id strings are not kept (labels stay empty): Boost's reader does not expose them.
//
// Writing: nodes "n0".."n{n-1}" in original-id order (so reading the file back gives the same
// ids), undirected, each tie once, with the node columns that are present as int keys.
//
// @throws InputError naming the file: "file: error: cannot open GraphML file: <reason>",
//         "file[:line]: error: invalid GraphML: <what the parser said>".
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "sim/graph/network.hpp"

namespace govsim::sim {

Network load_graphml(const std::string& path, const std::vector<NodeColumnDef>& columns = {});

// Writes `net` (in original-id order, whatever its storage order) as GraphML.
void save_graphml(const Network& net, std::ostream& out);

}  // namespace govsim::sim
