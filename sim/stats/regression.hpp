// File: sim/stats/regression.hpp
//
// Standardised regression coefficients (SRC; Saltelli et al. 2008, "Global Sensitivity
// Analysis. The Primer", 1.2.5): the least-squares coefficients of y on x after both are
// centred and scaled to unit standard deviation, so SRC_j = beta_j sd(x_j) / sd(y). With
// independent inputs, SRC_j^2 is the share of var(y) that x_j explains linearly, and R^2 says
// how much of var(y) the linear model explains at all (trust the SRCs when R^2 is high, about
// >= 0.7).
//
// Rows with a non-finite value are left out. A column with zero spread (|sd| <= 1e-12
// (1 + |mean|)) is *constant* and gets no coefficient (NaN). The remaining columns enter in
// the order given, by modified Gram-Schmidt with reorthogonalisation; a column whose residual
// after projection on the columns already in has squared norm < 1e-10 of its own is *aliased*
// (a linear combination of earlier columns, as R's lm() reports NA) and gets NaN. With p
// columns and n rows at most n - 1 columns can enter; the later ones are aliased.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "sim/stats/robust.hpp"

namespace govsim::sim::stats {

enum class ColumnStatus { kUsed, kConstant, kAliased };

struct Src {
  std::vector<double> coef;            // [p]; NaN unless kUsed
  std::vector<ColumnStatus> status;    // [p]
  double r2 = 0.0;                     // NaN when y is constant or no row is usable
  std::size_t n = 0;                   // rows used
  bool saturated = false;              // used columns >= rows - 1: no coefficient (all NaN)
};

// x: [n][p] (the drawn parameters), y: [n] (e.g. the effect of an arm per draw).
Src standardised_regression(const Table& x, std::span<const double> y);

}  // namespace govsim::sim::stats
