// File: tests/fuzz/network_check.hpp
// Invariants of a loaded Network (sim/graph/network.hpp) checked after every successful load by
// the edge-list and GraphML targets: CSR shape, targets in range, rows strictly ascending in
// original id (no parallel ties), no self-loops, symmetry (each tie stored both ways), and
// attribute vectors empty or of num_nodes() entries.
#pragma once

#include <fmt/format.h>

#include <algorithm>

#include "sim/graph/network.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace govsim::fuzz {

inline void check_network(const sim::Network& net) {
  const auto v = net.view();
  const uint32_t n = net.num_nodes();
  if (v.offsets.size() != static_cast<std::size_t>(n) + 1)
    die("network invariant", fmt::format("offsets has {} entries for {} nodes", v.offsets.size(), n));
  if (v.offsets.front() != 0 || v.offsets.back() != v.targets.size())
    die("network invariant", "offsets do not span the targets");
  for (uint32_t i = 0; i < n; ++i) {
    if (v.offsets[i] > v.offsets[i + 1]) die("network invariant", "offsets decrease");
    const auto row = v.row(i);
    for (std::size_t k = 0; k < row.size(); ++k) {
      const uint32_t t = row[k];
      if (t >= n) die("network invariant", fmt::format("row {} names node {} >= n = {}", i, t, n));
      if (t == i) die("network invariant", fmt::format("self-loop at {}", i));
      if (k > 0 && net.original_id(row[k - 1]) >= net.original_id(t))
        die("network invariant", fmt::format("row {} not strictly ascending", i));
      const auto back = v.row(t);
      if (!std::binary_search(back.begin(), back.end(), i, [&](uint32_t a, uint32_t b) {
            return net.original_id(a) < net.original_id(b);
          }))
        die("network invariant", fmt::format("tie {}-{} stored one way only", i, t));
    }
  }
  const auto& a = net.attributes();
  auto sized = [n](const auto& vec) { return vec.empty() || vec.size() == n; };
  bool ok = sized(a.labels);
  for (const auto& [name, values] : a.columns()) ok = ok && sized(values);
  if (!ok) die("network invariant", "an attribute vector is neither empty nor num_nodes() long");
}

}  // namespace govsim::fuzz
