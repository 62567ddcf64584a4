// File: sim/stats/prim.hpp
//
// The Patient Rule Induction Method (Friedman & Fisher 1999, "Bump hunting in
// high-dimensional data", Statistics and Computing 9:123) for scenario discovery: the box of
// inputs x (drawn parameters) inside which the response y (e.g. 1 when an arm is *not* the
// best in a draw, robust.hpp best_share) is high.
//
// Peeling: starting from the box holding every row, each step considers, for every input,
// removing the rows below its peel_alpha quantile (in the box) or above its 1 - peel_alpha
// quantile, at least one row and never a whole block of tied values split; it applies the
// removal that leaves the highest mean of y (ties: the larger remaining box, then the lower
// input index, then the lower side). Peeling stops when every candidate would leave fewer
// than min_support of all rows. Every box on the way is recorded (the peeling trajectory).
// The box chosen is the largest box on the trajectory whose density is at least min_density
// (the usual scenario-discovery trade-off of coverage against density, Bryant & Lempert 2010);
// when no box reaches it, the highest-density box (ties: the larger one), which is also what
// min_density > 1 asks for.
// Pasting: from the chosen box, each step considers, for every restricted face, letting in
// the paste_alpha * (rows in the box) nearest rows outside that face that satisfy all other
// limits; it applies the one that raises the density most, and stops when none raises it.
//
// Limits are inclusive ([lo, hi] holds rows with lo <= x <= hi) and equal to data values; an
// input the box does not restrict has lo = -inf, hi = +inf. Rows with a non-finite value are
// left out. coverage = sum of y in the box / sum of y (NaN if that is 0); density = mean y in
// the box; support = rows in the box / rows.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "sim/stats/robust.hpp"

namespace govsim::sim::stats {

struct PrimOptions {
  double peel_alpha = 0.05;   // share of the box's rows peeled per step, (0, 0.5)
  double paste_alpha = 0.05;  // share of the box's rows pasted per step, (0, 1]
  double min_support = 0.05;  // smallest box, as a share of all rows, (0, 1]
  double min_density = 0.8;   // density the chosen box must reach (see above)
};

struct PrimBox {
  std::vector<double> lo;  // [p]
  std::vector<double> hi;  // [p]
  std::size_t count = 0;   // rows inside
  double coverage = 0.0;
  double density = 0.0;
  double support = 0.0;
};

struct PrimResult {
  PrimBox box;                      // chosen and pasted
  std::vector<PrimBox> trajectory;  // peeling, from the full box
  std::size_t chosen = 0;           // index of the peeled box pasting started from
  double base_density = 0.0;        // mean of y over all rows used
  std::size_t n = 0;                // rows used
};

// Throws std::invalid_argument for options out of range or y.size() != x.rows.
PrimResult prim(const Table& x, std::span<const double> y, const PrimOptions& options = {});

// Is row `r` of x inside the box (all limits inclusive)?
bool in_box(const PrimBox& box, const Table& x, std::size_t r);

}  // namespace govsim::sim::stats
