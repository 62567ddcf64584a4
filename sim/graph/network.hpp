// File: sim/graph/network.hpp
//
// The resident network: an undirected simple graph stored both ways in a
// boost::compressed_sparse_row_graph (vertex index uint32_t, edge index uint64_t), optionally
// reordered for memory locality. Storage order is an implementation detail: random-number
// counters and outputs use original ids, and every adjacency row lists its neighbours in
// ascending ORIGINAL id, so results do not depend on the ordering.
//
// Invariants (checked by tests/sim/graph/network_test.cpp):
//   - no self-loops, no parallel ties; tie {a, b} is stored as arc a->b and arc b->a;
//   - row p (storage position p, holding original id order()[p]) lists the storage positions of
//     the neighbours sorted by the neighbours' original ids, so "the k-th neighbour" of a node
//     is the same whatever the storage order;
//   - view() reads the Boost graph's own arrays (graph_.m_forward.m_rowstart / m_column): the
//     adjacency is stored once, 8 bytes per node plus 4 bytes per arc (about 440 MB for 10^7
//     nodes of mean degree 10). The graph's per-edge property storage (no_property) is left
//     empty; nothing reads it.
//   - attribute vectors (labels, columns) are empty or have num_nodes() entries, indexed by
//     storage position.
//
// Building is O(E log E) (one in-place sort of the edge vector) with no per-node containers.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/graph/csr_view.hpp"

namespace govsim::sim {

using BoostCsr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                    boost::no_property, boost::no_property,
                                                    uint32_t, uint64_t>;
using Edge = std::pair<uint32_t, uint32_t>;

// A node column a model declares (sim::ModelInfo::node_columns): one integer per node, read
// from a node table column or a GraphML node key of the same name; -1 = unknown, values in
// [-1, max].
struct NodeColumnDef {
  std::string name;         // as in a node-table header or a GraphML key
  int64_t max = INT32_MAX;  // the largest allowed value (INT8_MAX for a small category)
  std::string doc;          // one line
};

// Optional per-node data, indexed by storage position: the original string ids of a file, and
// named integer columns (-1 = unknown) that files or generators fill and models read.
class NodeAttributes {
 public:
  using Column = std::pair<std::string, std::vector<int32_t>>;

  std::vector<std::string> labels;  // original string ids from a file (empty for generators)

  // The column `name`, or nullptr when there is none.
  const std::vector<int32_t>* find(std::string_view name) const noexcept;
  std::vector<int32_t>* find(std::string_view name) noexcept;
  // The column `name`, added empty when absent (references to other columns may then move).
  std::vector<int32_t>& column(std::string_view name);
  // Every column, in the order they were added.
  const std::vector<Column>& columns() const noexcept { return columns_; }
  std::vector<Column>& columns() noexcept { return columns_; }

 private:
  std::vector<Column> columns_;
};

// Counts reported by builders and loaders (logged).
struct BuildStats {
  uint64_t input_edges = 0;
  uint64_t self_loops_dropped = 0;
  uint64_t duplicates_merged = 0;
};

class Network {
 public:
  Network() = default;

  // Builds from undirected edges over original ids 0..n-1: drops self-loops, merges duplicates
  // (in either direction), stores both directions, rows ascending. Throws std::invalid_argument
  // on an id >= n. The edge vector is consumed (sorted in place, then released); peak memory is
  // the edge vector plus the CSR arrays.
  static Network from_edges(uint32_t n, std::vector<Edge> edges, BuildStats* stats = nullptr);

  uint32_t num_nodes() const noexcept { return n_; }
  uint64_t num_arcs() const noexcept {
    return static_cast<uint64_t>(graph_.m_forward.m_column.size());
  }
  uint64_t num_edges() const noexcept { return num_arcs() / 2; }
  double mean_degree() const noexcept;
  // Degree of the node at storage position `pos`.
  uint32_t degree(uint32_t pos) const noexcept { return view().degree(pos); }

  // The counts of the from_edges call that built this network (copied by reordering).
  const BuildStats& build_stats() const noexcept { return stats_; }

  // Storage-order CSR (targets are storage positions); a view into the Boost graph's arrays,
  // valid while this Network lives and is not assigned to.
  CsrView view() const noexcept {
    return {graph_.m_forward.m_rowstart, graph_.m_forward.m_column};
  }
  // Storage position -> original id, and the inverse. Identity when not reordered.
  uint32_t original_id(uint32_t pos) const noexcept { return perm_.empty() ? pos : perm_[pos]; }
  uint32_t position(uint32_t original) const noexcept {
    return inv_.empty() ? original : inv_[original];
  }
  bool reordered() const noexcept { return !perm_.empty(); }
  const std::vector<uint32_t>& order() const noexcept { return perm_; }

  // A copy whose storage is permuted by Reverse Cuthill-McKee (Boost.Graph
  // cuthill_mckee_ordering, reversed; one pseudo-peripheral start per connected component);
  // each row keeps its original-id order. Attributes are permuted alongside. Deterministic.
  Network reordered_rcm() const;
  // A copy with an explicit storage order (order[pos] = original id). Throws
  // std::invalid_argument unless `order` is a permutation of 0..num_nodes()-1.
  Network reordered_by(std::vector<uint32_t> order) const;

  // The Boost graph over storage positions (for Boost algorithms).
  const BoostCsr& boost_graph() const noexcept { return graph_; }

  NodeAttributes& attributes() noexcept { return attrs_; }
  const NodeAttributes& attributes() const noexcept { return attrs_; }

 private:
  // Moves finished CSR arrays into graph_ (rowstart: n + 1 entries, column: rowstart[n]).
  void adopt_csr(uint32_t n, std::vector<uint64_t> rowstart, std::vector<uint32_t> column);

  uint32_t n_ = 0;
  BoostCsr graph_;                 // the only copy of the adjacency, read through CsrView
  BuildStats stats_;
  std::vector<uint32_t> perm_;     // storage pos -> original id (empty = identity)
  std::vector<uint32_t> inv_;      // original id -> storage pos
  NodeAttributes attrs_;           // indexed by storage position
};

}  // namespace govsim::sim
