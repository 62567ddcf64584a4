// Design expansion: counts, order, bounds, the Latin property, the Saltelli layout and the
// structure of Morris trajectories.
#include "sim/design/design.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace govsim::sim::design {
namespace {

TEST(Design, GridIsFullFactorialFirstFactorSlowest) {
  const auto g = grid_indices({2, 3});
  ASSERT_EQ(g.size(), 6u);
  EXPECT_EQ(g[0], (std::vector<std::size_t>{0, 0}));
  EXPECT_EQ(g[1], (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(g[3], (std::vector<std::size_t>{1, 0}));
  EXPECT_EQ(g[5], (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(grid_indices({4, 1, 5}).size(), 20u);
  EXPECT_TRUE(grid_indices({}).empty());
}

TEST(Design, LinspaceHitsBothEndsExactly) {
  const auto v = linspace(0.1, 0.7, 4, Scale::kLinear);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v.front(), 0.1);
  EXPECT_EQ(v.back(), 0.7);
  EXPECT_NEAR(v[1], 0.3, 1e-15);
  const auto l = linspace(1.0, 100.0, 3, Scale::kLog);
  EXPECT_EQ(l[0], 1.0);
  EXPECT_NEAR(l[1], 10.0, 1e-12);
  EXPECT_EQ(l[2], 100.0);
  EXPECT_EQ(linspace(5.0, 9.0, 1, Scale::kLinear), std::vector<double>{5.0});
}

TEST(Design, FromUnitMapsRangesAndRoundsIntegers) {
  Factor f;
  f.lo = 2.0;
  f.hi = 6.0;
  EXPECT_EQ(from_unit(f, 0.0), 2.0);
  EXPECT_EQ(from_unit(f, 1.0), 6.0);
  EXPECT_DOUBLE_EQ(from_unit(f, 0.25), 3.0);
  f.integer = true;
  EXPECT_EQ(from_unit(f, 0.3), 3.0);  // 3.2 -> 3
  EXPECT_EQ(from_unit(f, 0.4), 4.0);  // 3.6 -> 4
  Factor g;
  g.lo = 0.01;
  g.hi = 1.0;
  g.scale = Scale::kLog;
  EXPECT_NEAR(from_unit(g, 0.5), 0.1, 1e-12);
  EXPECT_EQ(from_unit(g, 0.0), 0.01);
  EXPECT_EQ(from_unit(g, 1.0), 1.0);
  Factor h;  // integer range with fractional ends stays inside [ceil(lo), floor(hi)]
  h.lo = 1.5;
  h.hi = 3.5;
  h.integer = true;
  EXPECT_EQ(from_unit(h, 0.0), 2.0);
  EXPECT_EQ(from_unit(h, 1.0), 3.0);
}

TEST(Design, LatinHypercubeHitsEveryStratumOncePerColumn) {
  const std::size_t n = 37, k = 5;
  const auto u = lhs_unit(n, k, 42);
  ASSERT_EQ(u.size(), n * k);
  for (std::size_t j = 0; j < k; ++j) {
    std::set<std::size_t> strata;
    for (std::size_t i = 0; i < n; ++i) {
      const double x = u[i * k + j];
      ASSERT_GE(x, 0.0);
      ASSERT_LT(x, 1.0);
      strata.insert(static_cast<std::size_t>(std::floor(x * static_cast<double>(n))));
    }
    EXPECT_EQ(strata.size(), n) << "column " << j;
  }
  EXPECT_EQ(u, lhs_unit(n, k, 42));  // a pure function of the seed
  EXPECT_NE(u, lhs_unit(n, k, 43));
  // Columns are permuted independently.
  std::vector<double> c0, c1;
  for (std::size_t i = 0; i < n; ++i) {
    c0.push_back(std::floor(u[i * k] * n));
    c1.push_back(std::floor(u[i * k + 1] * n));
  }
  EXPECT_NE(c0, c1);
}

TEST(Design, PermutationIsAPermutation) {
  const DesignRng rng(7, kLhsPermutation);
  auto p = permutation(100, rng, 0, 0);
  std::sort(p.begin(), p.end());
  for (std::size_t i = 0; i < 100; ++i) EXPECT_EQ(p[i], i);
}

TEST(Design, SaltelliLayoutHasABAndMixedBlocks) {
  // 4 factors in 3 groups: {0}, {1, 3}, {2}.
  const std::vector<std::size_t> group_of = {0, 1, 2, 1};
  const std::size_t n = 16, g = 3, k = 4;
  const auto d = saltelli_design(n, group_of, g);
  ASSERT_EQ(d.sample.size(), n * (g + 2));
  ASSERT_EQ(d.unit.size(), n * (g + 2) * k);
  // The first points of the sequence are skipped: no (0.5, ..., 0.5).
  EXPECT_EQ(saltelli_skip(16), 16u);
  EXPECT_EQ(saltelli_skip(17), 32u);
  bool all_half = true;
  for (std::size_t c = 0; c < k; ++c) all_half = all_half && d.unit[c] == 0.5;
  EXPECT_FALSE(all_half);
  for (std::size_t j = 0; j < n; ++j) {
    const std::size_t base = j * (g + 2);
    const double* a = &d.unit[base * k];
    const double* b = &d.unit[(base + g + 1) * k];
    EXPECT_EQ(d.block[base], 0);
    EXPECT_EQ(d.block[base + g + 1], static_cast<int32_t>(g + 1));
    bool same = true;
    for (std::size_t c = 0; c < k; ++c) same = same && a[c] == b[c];
    EXPECT_FALSE(same) << "A and B rows coincide at base sample " << j;
    for (std::size_t i = 0; i < g; ++i) {
      const std::size_t row = base + 1 + i;
      EXPECT_EQ(d.sample[row], j);
      EXPECT_EQ(d.block[row], static_cast<int32_t>(i + 1));
      for (std::size_t c = 0; c < k; ++c)
        EXPECT_EQ(d.unit[row * k + c], group_of[c] == i ? b[c] : a[c]);
    }
  }
  // A's columns are the first k dimensions of one 2k-dimensional sequence: all distinct points.
  std::set<double> first_col;
  for (std::size_t j = 0; j < n; ++j) first_col.insert(d.unit[j * (g + 2) * k]);
  EXPECT_EQ(first_col.size(), n);
}

TEST(Design, MorrisTrajectoriesMoveOneGroupAtATime) {
  const std::vector<std::size_t> group_of = {0, 1, 1, 2, 3};
  const std::size_t r = 25, p = 4, g = 4, k = group_of.size();
  const auto d = morris_design(r, p, group_of, g, 9);
  ASSERT_EQ(d.step.size(), r * (g + 1));
  EXPECT_DOUBLE_EQ(d.delta, 4.0 / 6.0);
  for (double u : d.unit) {
    ASSERT_GE(u, 0.0);
    ASSERT_LE(u, 1.0);
    const double level = u * static_cast<double>(p - 1);
    EXPECT_NEAR(level, std::round(level), 1e-12) << "value off the p-level grid";
  }
  for (std::size_t t = 0; t < r; ++t) {
    std::set<int32_t> moved;
    EXPECT_EQ(d.step[t * (g + 1)], 0u);
    EXPECT_EQ(d.moved[t * (g + 1)], -1);
    for (std::size_t s = 1; s <= g; ++s) {
      const std::size_t row = t * (g + 1) + s;
      EXPECT_EQ(d.trajectory[row], t);
      const int32_t mg = d.moved[row];
      ASSERT_GE(mg, 0);
      moved.insert(mg);
      for (std::size_t c = 0; c < k; ++c) {
        const double diff = d.unit[row * k + c] - d.unit[(row - 1) * k + c];
        if (group_of[c] == static_cast<std::size_t>(mg))
          EXPECT_NEAR(diff, d.direction[row] * d.delta, 1e-12);
        else
          EXPECT_EQ(diff, 0.0);
      }
    }
    EXPECT_EQ(moved.size(), g) << "every group moves once per trajectory";
  }
  EXPECT_EQ(d.unit, morris_design(r, p, group_of, g, 9).unit);
}

}  // namespace
}  // namespace govsim::sim::design
