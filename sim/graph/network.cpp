#include "sim/graph/network.hpp"

#include <boost/graph/cuthill_mckee_ordering.hpp>
#include <boost/graph/properties.hpp>
#include <boost/property_map/property_map.hpp>

#include <oneapi/tbb/parallel_sort.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace govsim::sim {

namespace {

// Sort key of an edge (a, b): lexicographic order on (a, b) as one 64-bit integer.
inline uint64_t packed(const Edge& e) noexcept {
  return (static_cast<uint64_t>(e.first) << 32) | e.second;
}

// Below this many edges a serial sort is faster than spawning tasks.
constexpr std::size_t kParallelSortThreshold = std::size_t{1} << 16;

// new_vec[p] = old_vec[old_pos(p)] for an attribute indexed by storage position.
template <class T, class OldPos>
void permute_attribute(std::vector<T>& v, uint32_t n, const OldPos& old_pos, const char* name) {
  if (v.empty()) return;
  if (v.size() != n)
    throw std::logic_error(std::string("node attribute '") + name + "' has " +
                           std::to_string(v.size()) + " entries for " + std::to_string(n) +
                           " nodes");
  std::vector<T> out;
  out.reserve(n);
  for (uint32_t p = 0; p < n; ++p) out.push_back(std::move(v[old_pos(p)]));
  v = std::move(out);
}

}  // namespace

const std::vector<int32_t>* NodeAttributes::find(std::string_view name) const noexcept {
  for (const Column& c : columns_)
    if (c.first == name) return &c.second;
  return nullptr;
}

std::vector<int32_t>* NodeAttributes::find(std::string_view name) noexcept {
  for (Column& c : columns_)
    if (c.first == name) return &c.second;
  return nullptr;
}

std::vector<int32_t>& NodeAttributes::column(std::string_view name) {
  if (std::vector<int32_t>* c = find(name)) return *c;
  columns_.emplace_back(std::string(name), std::vector<int32_t>{});
  return columns_.back().second;
}

void Network::adopt_csr(uint32_t n, std::vector<uint64_t> rowstart,
                        std::vector<uint32_t> column) {
  n_ = n;
  graph_ = BoostCsr();
  graph_.m_forward.m_rowstart = std::move(rowstart);
  graph_.m_forward.m_column = std::move(column);
  // One (empty) no_property per vertex, as Boost's own constructors keep it.
  graph_.vertex_properties().resize(n);
}

Network Network::from_edges(uint32_t n, std::vector<Edge> edges, BuildStats* stats) {
  BuildStats st;
  st.input_edges = edges.size();

  // Canonical orientation (low, high); self-loops compacted away in place.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const auto [a, b] = edges[i];
    if (a >= n || b >= n)
      throw std::invalid_argument("Network::from_edges: edge (" + std::to_string(a) + ", " +
                                  std::to_string(b) + ") names a node >= n = " +
                                  std::to_string(n));
    if (a == b) {
      ++st.self_loops_dropped;
      continue;
    }
    edges[kept++] = a < b ? Edge{a, b} : Edge{b, a};
  }
  edges.resize(kept);

  const auto less = [](const Edge& x, const Edge& y) { return packed(x) < packed(y); };
  if (edges.size() >= kParallelSortThreshold) {
    oneapi::tbb::parallel_sort(edges.begin(), edges.end(), less);  // total order: deterministic
  } else {
    std::sort(edges.begin(), edges.end(), less);
  }
  const auto last = std::unique(edges.begin(), edges.end());
  st.duplicates_merged = static_cast<uint64_t>(edges.end() - last);
  edges.erase(last, edges.end());

  // Counting placement. Rows come out sorted: row x first receives the low ends u < x (while
  // the edges of u are placed, ascending u), then its own high ends v > x (ascending v).
  std::vector<uint64_t> rowstart(static_cast<std::size_t>(n) + 1, 0);
  for (const auto& [a, b] : edges) {
    ++rowstart[a + 1];
    ++rowstart[b + 1];
  }
  for (std::size_t i = 1; i < rowstart.size(); ++i) rowstart[i] += rowstart[i - 1];
  std::vector<uint32_t> column(rowstart.back());
  {
    std::vector<uint64_t> cursor(rowstart.begin(), rowstart.end() - 1);
    for (const auto& [a, b] : edges) {
      column[cursor[a]++] = b;
      column[cursor[b]++] = a;
    }
  }
  edges = std::vector<Edge>();  // release before the caller gets the network

  Network net;
  net.adopt_csr(n, std::move(rowstart), std::move(column));
  net.stats_ = st;
  if (stats) *stats = st;
  return net;
}

double Network::mean_degree() const noexcept {
  return n_ == 0 ? 0.0 : static_cast<double>(num_arcs()) / static_cast<double>(n_);
}

Network Network::reordered_by(std::vector<uint32_t> order) const {
  const uint32_t n = n_;
  if (order.size() != n)
    throw std::invalid_argument("Network::reordered_by: order has " +
                                std::to_string(order.size()) + " entries for " +
                                std::to_string(n) + " nodes");
  std::vector<uint32_t> inv(n, UINT32_MAX);
  for (uint32_t p = 0; p < n; ++p) {
    const uint32_t id = order[p];
    if (id >= n || inv[id] != UINT32_MAX)
      throw std::invalid_argument("Network::reordered_by: order is not a permutation (entry " +
                                  std::to_string(p) + " = " + std::to_string(id) + ")");
    inv[id] = p;
  }

  // New row p is the old row of original id order[p], each target mapped to its new position.
  // The old row is sorted by the targets' original ids, and mapping positions keeps that order.
  const CsrView old = view();
  std::vector<uint64_t> rowstart(static_cast<std::size_t>(n) + 1, 0);
  for (uint32_t p = 0; p < n; ++p) rowstart[p + 1] = rowstart[p] + old.degree(position(order[p]));
  std::vector<uint32_t> column(rowstart.back());
  for (uint32_t p = 0; p < n; ++p) {
    uint64_t k = rowstart[p];
    for (const uint32_t t : old.row(position(order[p]))) column[k++] = inv[original_id(t)];
  }

  Network out;
  out.adopt_csr(n, std::move(rowstart), std::move(column));
  out.stats_ = stats_;
  out.attrs_ = attrs_;
  const auto old_pos = [&](uint32_t p) { return position(order[p]); };
  for (auto& [name, values] : out.attrs_.columns())
    permute_attribute(values, n, old_pos, name.c_str());
  permute_attribute(out.attrs_.labels, n, old_pos, "labels");

  // Identity orders are stored as "not reordered".
  bool identity = true;
  for (uint32_t p = 0; p < n && identity; ++p) identity = order[p] == p;
  if (!identity) {
    out.perm_ = std::move(order);
    out.inv_ = std::move(inv);
  }
  return out;
}

Network Network::reordered_rcm() const {
  const uint32_t n = n_;
  std::vector<uint32_t> cm;  // Cuthill-McKee order of the current storage positions
  cm.reserve(n);
  if (n > 0) {
    std::vector<boost::default_color_type> colors(n);
    boost::cuthill_mckee_ordering(
        graph_, std::back_inserter(cm),
        boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph_)),
        boost::make_out_degree_map(graph_));
  }
  if (cm.size() != n) throw std::logic_error("cuthill_mckee_ordering did not visit every node");
  std::vector<uint32_t> order(n);
  for (uint32_t p = 0; p < n; ++p) order[p] = original_id(cm[n - 1 - p]);  // reversed
  return reordered_by(std::move(order));
}

}  // namespace govsim::sim
