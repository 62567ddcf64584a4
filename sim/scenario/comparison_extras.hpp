// File: sim/scenario/comparison_extras.hpp
//
// The keys of a comparison file besides `compare:` and `output:` (docs/robust-comparison.md):
//
//   hypotheses:                 # pre-registered: "arm beats `beats` on `outcome` by >= by"
//     - {name: h1, arm: CM2, beats: BASE, outcome: p_vol, by: 0.01}
//   robust:                     # for `govsim compare FILE --posterior calib.h5`
//     draws: 50                 # K draws from the calibrated population (--draws wins)
//
// `name` is required and unique (letters, digits, '_', '.', '-'); `arm` and `beats` must be
// arms of the comparison and differ; `outcome` names a final value (checked against the runs'
// finals when they are known); `by` >= 0 in the outcome's unit (default 0). "Beats" follows
// the outcome's direction (ModelInfo::better; higher when it has none). Errors are InputErrors
// "file:line:col: error: hypotheses.0.arm: ..." (exit 2).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace govsim::sim {

struct HypothesisDef {
  std::string name, arm, beats, outcome;
  double by = 0.0;
  std::string where;  // "file:line:col" of the entry, for later messages
};

struct ComparisonExtras {
  std::vector<HypothesisDef> hypotheses;
  int64_t draws = 50;       // robust.draws
  bool draws_given = false;
};

// Reads the keys above from the comparison file `path` (already loaded by load_comparison,
// whose arms are `arm_names`).
ComparisonExtras load_comparison_extras(const std::string& path, const std::vector<std::string>& arm_names);

}  // namespace govsim::sim
