// File: sim/pipeline/robust_summary.hpp
//
// The statistics of a comparison over the plausible set (model spec 6.3; robust_plan.hpp for
// the plan; docs/output-format.md "/robust" for the layout), from the finals of its runs:
// per headline outcome, a table values[draw][arm] (each cell the mean over the draw's
// replicates, NaN values dropped) and over the draws (sim/stats/robust.hpp, regression.hpp,
// prim.hpp):
//   - every arm's effect against the base arm: mean, 5-95% interval, P(effect > m) and
//     P(effect < -m) with the outcome's materiality margin m;
//   - for outcomes with a preferred direction: P(best), the rank distribution, the pairwise
//     P(A beats B), and for every arm best in some draws and not in others the PRIM box of the
//     drawn values where it stops being best (response 1 - best share);
//   - the standardised regression coefficients of each arm's effect on the drawn values;
//   - the verdict of each pre-registered hypothesis (robust_spec.hpp).
// The same functions serve the hypotheses of an ordinary comparison at one point: there a
// "draw" is one replicate (replicates = 1, draws = the replicates).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "sim/output/table.hpp"
#include "sim/pipeline/plan.hpp"
#include "sim/pipeline/robust_plan.hpp"
#include "sim/stats/prim.hpp"
#include "sim/stats/regression.hpp"
#include "sim/stats/robust.hpp"

namespace govsim::sim::pipeline {

struct RobustOutcome {
  std::string name;      // a final value of the model
  double margin = 0.0;   // materiality m (ModelInfo::materiality)
  int better = 0;        // +1, -1, or 0 (no preferred direction: not ranked)
};

struct HypothesisSpec {
  std::string name;
  std::string arm;       // "arm beats `beats` on `outcome` by at least `by`"
  std::string beats;
  std::string outcome;
  double by = 0.0;       // >= 0, in the outcome's unit; "beats" follows the outcome's direction
};

struct RobustInput {
  std::vector<std::string> arms;  // in the comparison's order
  std::size_t base = 0;           // index of the base arm (BASE)
  std::vector<RobustOutcome> outcomes;
  Draws draws;                    // draws.k rows (for one point: k = replicates, no columns)
  uint32_t replicates = 1;        // per draw (run number i of an arm = draw * replicates + r)
  std::vector<HypothesisSpec> hypotheses;
  double level = 0.95;            // a hypothesis is supported when P >= level
};

struct ArmPrim {
  std::size_t arm = 0;
  stats::PrimResult result;
};

struct OutcomeResult {
  stats::Table values;                  // [draw][arm]
  std::vector<stats::Effect> effects;   // [arm] (the base's: zeros)
  bool ranked = false;
  stats::Ranking ranking;               // when ranked
  std::vector<stats::Src> src;          // [arm] (the base's: empty)
  std::vector<ArmPrim> prim;            // arms best in some draws and not in others
};

struct RobustResult {
  std::vector<OutcomeResult> outcomes;  // as RobustInput::outcomes
  std::vector<stats::HypothesisResult> hypotheses;
};

// values[draw][arm] of final `name` (NaN where no finite replicate value).
stats::Table draw_values(const std::vector<RunFinals>& finals, const std::vector<std::string>& arms,
                         const std::string& name, std::size_t draws, uint32_t replicates);

RobustResult robust_summary(const std::vector<RunFinals>& finals, const RobustInput& in);

// The tables of docs/output-format.md: /robust/draws, /robust/<outcome>/{values, effect,
// ranks, beats, src, prim}, /robust/p_best and /summary/p_best (rows arms, columns the ranked
// outcomes), /robust/hypotheses. `prefix` "/robust" (a comparison over draws) or
// "/summary/one_point" (the hypotheses of an ordinary comparison: only its hypotheses table).
std::vector<Table> robust_tables(const RobustResult& r, const RobustInput& in, bool one_point = false);

// Prints P(best), the effects with their intervals and P(effect > m), the pairwise matrix of
// the first ranked outcome, the strongest SRCs, the PRIM boxes in words and the hypotheses.
void print_robust(std::ostream& out, const RobustResult& r, const RobustInput& in);

// Only the hypotheses (an ordinary comparison).
void print_hypotheses(std::ostream& out, const RobustResult& r, const RobustInput& in, bool one_point);

// Verdict codes stored in the hypotheses table: 0 supported, 1 refuted, 2 undecided, 3 no data.
double verdict_code(stats::Verdict v);

}  // namespace govsim::sim::pipeline
