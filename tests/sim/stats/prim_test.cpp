#include "sim/stats/prim.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace govsim::sim::stats {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// x = 0..19, y = 1 from 14 on. One row per peel (floor(0.05 n) < 1): peeling from below raises
// the mean each time until the box is [14, 19]; its density is 1 and it is the largest such.
// With the default min_density 0.8 the chosen box is [13, 19] (6/7; [12, 19] has 6/8).
TEST(Prim, OneDimensionalStepByHand) {
  std::vector<double> xs, y;
  for (int i = 0; i < 20; ++i) {
    xs.push_back(i);
    y.push_back(i >= 14 ? 1.0 : 0.0);
  }
  const Table x(20, 1, xs);
  const PrimResult d = prim(x, y);
  EXPECT_EQ(d.chosen, 13u);
  EXPECT_DOUBLE_EQ(d.box.lo[0], 13.0);
  EXPECT_DOUBLE_EQ(d.box.density, 6.0 / 7.0);
  PrimOptions pure;
  pure.min_density = 1.0;
  const PrimResult r = prim(x, y, pure);
  EXPECT_DOUBLE_EQ(r.base_density, 0.3);
  EXPECT_EQ(r.chosen, 14u);  // 14 peels of one row
  EXPECT_DOUBLE_EQ(r.box.lo[0], 14.0);
  EXPECT_EQ(r.box.hi[0], kInf);
  EXPECT_DOUBLE_EQ(r.box.density, 1.0);
  EXPECT_DOUBLE_EQ(r.box.coverage, 1.0);
  EXPECT_DOUBLE_EQ(r.box.support, 0.3);
  EXPECT_EQ(r.box.count, 6u);
  // Peeling went on down to the minimum support (0.05 * 20 = 1 row).
  EXPECT_EQ(r.trajectory.back().count, 1u);
  EXPECT_TRUE(in_box(r.box, x, 15));
  EXPECT_FALSE(in_box(r.box, x, 13));
}

// A 10 x 10 grid with y = 1 on x1 >= 5, x2 <= 3. Tied values are never split, so every peel
// removes a whole grid line; asked for density 1, PRIM finds the box exactly. With the
// default min_density 0.8 it stops one line earlier (x2 <= 4: 20/25 = 0.8).
TEST(Prim, TwoDimensionalBoxOnAGrid) {
  std::vector<double> xs, y;
  for (int a = 0; a < 10; ++a)
    for (int b = 0; b < 10; ++b) {
      xs.push_back(a);
      xs.push_back(b);
      y.push_back(a >= 5 && b <= 3 ? 1.0 : 0.0);
    }
  PrimOptions pure;
  pure.min_density = 1.0;
  const PrimResult r = prim(Table(100, 2, xs), y, pure);
  EXPECT_DOUBLE_EQ(r.box.lo[0], 5.0);
  EXPECT_EQ(r.box.hi[0], kInf);
  EXPECT_EQ(r.box.lo[1], -kInf);
  EXPECT_DOUBLE_EQ(r.box.hi[1], 3.0);
  EXPECT_DOUBLE_EQ(r.box.density, 1.0);
  EXPECT_DOUBLE_EQ(r.box.coverage, 1.0);
  EXPECT_DOUBLE_EQ(r.box.support, 0.2);
  const PrimResult d = prim(Table(100, 2, xs), y);
  EXPECT_DOUBLE_EQ(d.box.hi[1], 4.0);
  EXPECT_DOUBLE_EQ(d.box.density, 0.8);
}

// x = 0..39, y = 0, 1, then 0.9 (x = 2..37), then 1, 1. The first peel takes two rows (0 and 1,
// mean 35.4/40 -> 34.4/38 = 0.905); with min_density 0.9 that box is chosen, and pasting lets
// row 1 back in (density 35.4/39 = 0.9077), but not row 0.
TEST(Prim, PastingTakesBackWhatAPeelCutTooFar) {
  std::vector<double> xs, y;
  for (int i = 0; i < 40; ++i) {
    xs.push_back(i);
    y.push_back(i == 0 ? 0.0 : (i == 1 || i >= 38) ? 1.0 : 0.9);
  }
  PrimOptions o;
  o.min_density = 0.9;
  const PrimResult r = prim(Table(40, 1, xs), y, o);
  EXPECT_EQ(r.chosen, 1u);
  EXPECT_DOUBLE_EQ(r.trajectory[1].lo[0], 2.0);
  EXPECT_NEAR(r.trajectory[1].density, 34.4 / 38.0, 1e-12);
  EXPECT_DOUBLE_EQ(r.box.lo[0], 1.0);
  EXPECT_NEAR(r.box.density, 35.4 / 39.0, 1e-12);
  EXPECT_NEAR(r.box.coverage, 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(r.box.support, 39.0 / 40.0);
  // Without a density target PRIM returns the highest-density box (a single row of y = 1).
  o.min_density = 2.0;
  const PrimResult top = prim(Table(40, 1, xs), y, o);
  EXPECT_DOUBLE_EQ(top.box.density, 1.0);
}

TEST(Prim, RejectsBadOptions) {
  const Table x(2, 1, {0, 1});
  const std::vector<double> y = {0, 1};
  PrimOptions o;
  o.peel_alpha = 0.5;
  EXPECT_THROW(prim(x, y, o), std::invalid_argument);
  EXPECT_THROW(prim(x, std::vector<double>{1}), std::invalid_argument);
}

}  // namespace
}  // namespace govsim::sim::stats
