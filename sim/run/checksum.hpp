// File: sim/run/checksum.hpp
//
// A 64-bit fingerprint of what a run recorded: FNV-1a 64 (Fowler, Noll & Vo) over the bytes of
// RunResult::series, group_series and the finals (name and value). Supplementary finals,
// functions of the series alone, are left out, so adding one keeps the pinned bits. Equal
// fingerprints mean the same bits (up to hash collisions); used by the fixed benchmark
// scenarios (bench/scenarios/checksums.txt) and the regression test that pins them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/run/runner.hpp"

namespace govsim::sim {

inline constexpr uint64_t kFnv1aOffset = 0xcbf29ce484222325ULL;

// FNV-1a 64 of `bytes` bytes at `data`, continuing from hash h.
inline uint64_t fnv1a(const void* data, std::size_t bytes, uint64_t h = kFnv1aOffset) noexcept {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < bytes; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

inline uint64_t result_checksum(const RunResult& r) noexcept {
  uint64_t h = fnv1a(r.series.data(), r.series.size() * sizeof(double));
  h = fnv1a(r.group_series.data(), r.group_series.size() * sizeof(double), h);
  for (const auto& f : r.finals) {
    if (f.supplementary) continue;  // derived from the series above (sim/model/model.hpp)
    h = fnv1a(f.name.data(), f.name.size(), h);
    h = fnv1a(&f.value, sizeof f.value, h);
  }
  return h;
}

// A list of expected checksums: lines "<scenario file> <hex checksum>", '#' comments and
// blank lines skipped (bench/scenarios/checksums.txt). A missing file gives an empty list.
struct ExpectedChecksum {
  std::string file;
  uint64_t checksum = 0;
};
inline std::vector<ExpectedChecksum> read_checksum_list(const std::string& path) {
  std::vector<ExpectedChecksum> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    ExpectedChecksum e;
    std::string hex;
    if (ls >> e.file >> hex) {
      e.checksum = std::stoull(hex, nullptr, 16);
      out.push_back(e);
    }
  }
  return out;
}

}  // namespace govsim::sim
