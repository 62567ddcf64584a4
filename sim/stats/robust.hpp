// File: sim/stats/robust.hpp
//
// The comparison of arms over the plausible set (model spec 6.3): pure functions over a table
// values[draw][arm] of one outcome, where each draw fixes the parameters for every arm and a
// cell is the mean over that (draw, arm)'s replicates. Draws are equally likely (they are
// drawn from the calibrated population by weight).
//
// Decisions:
// - "Better" follows the outcome's direction (Direction::kHigher: more is better).
// - A draw with any non-finite cell among the arms involved is left out (the count used is
//   reported): an arm cannot be ranked against an undefined value.
// - Ties (equal values) share: P(best) splits a draw among the tied best arms; in the rank
//   distribution arms tied over ranks r..r+k-1 get 1/k of each of those ranks; in the pairwise
//   matrix a tie counts 1/2 for each side. So every P(best) row sums to 1, the rank matrix is
//   doubly stochastic, and P(A beats B) + P(B beats A) = 1.
// - Effect intervals are the 5% and 95% quantiles over draws with linear interpolation
//   between order statistics (Hyndman & Fan type 7, numpy's default).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace govsim::sim::stats {

// A dense row-major matrix: values[row * cols + col].
struct Table {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> values;

  Table() = default;
  Table(std::size_t r, std::size_t c, std::vector<double> v)
      : rows(r), cols(c), values(std::move(v)) {}
  double at(std::size_t r, std::size_t c) const { return values[r * cols + c]; }
};

enum class Direction { kHigher, kLower };  // which way is better for the outcome

// Type-7 quantile of the finite values (q in [0, 1]); NaN when none.
double quantile(std::vector<double> x, double q);

struct Effect {
  double mean = 0.0;     // mean over draws of (arm - base)
  double lo = 0.0;       // 5% quantile over draws
  double hi = 0.0;       // 95% quantile
  double p_above = 0.0;  // P(effect > m)
  double p_below = 0.0;  // P(effect < -m)
  std::size_t n = 0;     // draws used
};

// Effect of every arm against arm `base` (the base's own row is all zeros), materiality m >= 0.
std::vector<Effect> effects_vs_base(const Table& values, std::size_t base, double m);

struct Ranking {
  std::vector<double> p_best;  // [arm]
  std::vector<double> ranks;   // [arm][rank] (rank 0 = best), row-major arms x arms
  std::vector<double> beats;   // [a][b] P(a better than b); diagonal 0.5
  std::size_t n = 0;           // draws used (all arms finite)
};

Ranking rank_arms(const Table& values, Direction dir);

// Per draw: 1 if `arm` alone is the best, 1/k if it ties with k-1 others for the best, 0
// otherwise; NaN for a draw with a non-finite cell. 1 minus this is the response for PRIM's
// "where does this arm stop being best" (prim.hpp).
std::vector<double> best_share(const Table& values, std::size_t arm, Direction dir);

// A pre-registered hypothesis: "arm a beats arm b on this outcome by at least margin".
struct Hypothesis {
  std::string name;
  std::size_t a = 0;
  std::size_t b = 0;
  double margin = 0.0;  // >= 0, in the outcome's unit
  Direction dir = Direction::kHigher;
};

enum class Verdict { kSupported, kRefuted, kUndecided, kNoData };
const char* to_string(Verdict v);

struct HypothesisResult {
  double probability = 0.0;  // P(dir * (a - b) >= margin) over draws
  Verdict verdict = Verdict::kNoData;
  std::size_t n = 0;         // draws used
};

// Supported when probability >= level, refuted when probability <= 1 - level, undecided
// otherwise (level in (0.5, 1), default 0.95); kNoData without a usable draw.
HypothesisResult test_hypothesis(const Table& values, const Hypothesis& h, double level = 0.95);

}  // namespace govsim::sim::stats
