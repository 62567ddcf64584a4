// File: sim/graph/csr_view.hpp
//
// A read-only view of compressed sparse row adjacency, the form every hot loop reads:
// the neighbours of storage position i are targets[offsets[i] .. offsets[i+1]).
// Positions are storage positions (after any locality reordering); Network maps them to
// original ids. Each row is sorted by the neighbours' ORIGINAL ids.
#pragma once

#include <cstdint>
#include <span>

namespace govsim::sim {

struct CsrView {
  std::span<const uint64_t> offsets;  // size n + 1
  std::span<const uint32_t> targets;  // size offsets[n]

  uint32_t num_nodes() const noexcept {
    return offsets.empty() ? 0u : static_cast<uint32_t>(offsets.size() - 1);
  }
  uint64_t num_arcs() const noexcept { return offsets.empty() ? 0u : offsets.back(); }
  uint32_t degree(uint32_t i) const noexcept {
    return static_cast<uint32_t>(offsets[i + 1] - offsets[i]);
  }
  std::span<const uint32_t> row(uint32_t i) const noexcept {
    return targets.subspan(offsets[i], offsets[i + 1] - offsets[i]);
  }
};

}  // namespace govsim::sim
