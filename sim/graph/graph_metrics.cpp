#include "sim/graph/graph_metrics.hpp"

#include <algorithm>

namespace govsim::sim {

namespace {

// Calls f(p, common) for every node p, where common counts, for each neighbour q of p, the
// neighbours of q that are also neighbours of p (each triangle through p counted twice).
template <class F>
void for_each_node_triangles(const Network& net, F&& f) {
  const CsrView v = net.view();
  const uint32_t n = v.num_nodes();
  std::vector<uint32_t> mark(n, UINT32_MAX);  // mark[x] == p: x is a neighbour of p
  for (uint32_t p = 0; p < n; ++p) {
    for (const uint32_t q : v.row(p)) mark[q] = p;
    uint64_t common = 0;
    for (const uint32_t q : v.row(p))
      for (const uint32_t r : v.row(q)) common += mark[r] == p ? 1u : 0u;
    f(p, common);
  }
}

}  // namespace

uint64_t storage_bandwidth(const Network& net) {
  const CsrView v = net.view();
  uint64_t bw = 0;
  for (uint32_t p = 0; p < v.num_nodes(); ++p)
    for (const uint32_t q : v.row(p)) bw = std::max<uint64_t>(bw, p > q ? p - q : q - p);
  return bw;
}

uint64_t triangle_count(const Network& net) {
  uint64_t twice_per_node = 0;  // each triangle is seen 2 times at each of its 3 corners
  for_each_node_triangles(net, [&](uint32_t, uint64_t common) { twice_per_node += common; });
  return twice_per_node / 6;
}

double average_clustering(const Network& net) {
  const uint32_t n = net.num_nodes();
  if (n == 0) return 0.0;
  double sum = 0.0;
  for_each_node_triangles(net, [&](uint32_t p, uint64_t common) {
    const uint64_t d = net.degree(p);
    if (d >= 2) sum += static_cast<double>(common) / static_cast<double>(d * (d - 1));
  });
  return sum / n;
}

std::vector<uint64_t> degree_histogram(const Network& net) {
  const CsrView v = net.view();
  std::vector<uint64_t> hist;
  for (uint32_t p = 0; p < v.num_nodes(); ++p) {
    const uint32_t d = v.degree(p);
    if (hist.size() <= d) hist.resize(d + 1, 0);
    ++hist[d];
  }
  return hist;
}

}  // namespace govsim::sim
