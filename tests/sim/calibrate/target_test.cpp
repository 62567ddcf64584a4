#include "sim/calibrate/target.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "sim/core/error.hpp"

namespace govsim::sim::calibrate {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Target interval(double lo, double hi, double scale = kNaN) { return {"t", "x", "", lo, hi, scale}; }

TEST(Target, IntervalDistanceIsInWidths) {
  const Target t = resolve_target(interval(0.05, 0.15));
  EXPECT_DOUBLE_EQ(t.scale, 0.1);
  EXPECT_DOUBLE_EQ(target_distance(t, 0.10), 0.0);
  EXPECT_DOUBLE_EQ(target_distance(t, 0.05), 0.0);  // the ends are inside
  EXPECT_NEAR(target_distance(t, 0.25), 1.0, 1e-12);
  EXPECT_NEAR(target_distance(t, 0.00), 0.5, 1e-12);
  EXPECT_EQ(target_distance(t, kNaN), kInf);
}

TEST(Target, ValueScaleDefaultsToTenPercent) {
  const Target t = resolve_target(interval(40.0, 40.0));
  EXPECT_DOUBLE_EQ(t.scale, 4.0);
  EXPECT_DOUBLE_EQ(target_distance(t, 46.0), 1.5);
  EXPECT_DOUBLE_EQ(resolve_target(interval(-2.0, -2.0)).scale, 0.2);
  EXPECT_DOUBLE_EQ(resolve_target(interval(40.0, 40.0, 1.0)).scale, 1.0);  // explicit wins
}

TEST(Target, OneSidedUsesTheBoundLikeAValue) {
  const Target below = resolve_target(interval(-kInf, 0.85));  // P_vol/P_tot < 0.85
  EXPECT_NEAR(below.scale, 0.085, 1e-15);
  EXPECT_DOUBLE_EQ(target_distance(below, -100.0), 0.0);
  EXPECT_NEAR(target_distance(below, 0.935), 1.0, 1e-12);
  // `> 0` has no magnitude: an explicit scale is required.
  try {
    resolve_target({"age_gradient", "p_vol_age2", "p_vol_age0", 0.0, kInf, kNaN});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("targets.age_gradient: a one-sided target with bound 0 "
                                         "needs an explicit scale"),
              std::string::npos);
  }
  const Target above = resolve_target({"age_gradient", "a", "b", 0.0, kInf, 0.02});
  EXPECT_DOUBLE_EQ(target_distance(above, -0.01), 0.5);
  EXPECT_DOUBLE_EQ(target_distance(above, 0.3), 0.0);
}

TEST(Target, RejectsBadTargets) {
  EXPECT_THROW(resolve_target(interval(0.0, 0.0)), InputError);      // value 0, no scale
  EXPECT_THROW(resolve_target(interval(2.0, 1.0)), InputError);      // lo > hi
  EXPECT_THROW(resolve_target(interval(-kInf, kInf)), InputError);   // no finite end
  EXPECT_THROW(resolve_target(interval(kNaN, 1.0)), InputError);
  EXPECT_THROW(resolve_target(interval(0.0, 1.0, 0.0)), InputError);  // scale 0
  EXPECT_THROW(resolve_target(interval(0.0, 1.0, -1.0)), InputError);
  EXPECT_THROW(resolve_target({"t", "", "", 0.0, 1.0, kNaN}), InputError);
}

TEST(Target, ParticleDistanceIsTheMaximum) {
  const std::vector<Target> ts = {resolve_target(interval(0.0, 1.0)),
                                  resolve_target(interval(10.0, 10.0))};
  const std::vector<double> q = {1.5, 10.5};  // 0.5 and 0.5
  EXPECT_DOUBLE_EQ(particle_distance(ts, q), 0.5);
  const std::vector<double> q2 = {0.5, 13.0};  // 0 and 3
  EXPECT_DOUBLE_EQ(particle_distance(ts, q2), 3.0);
  const std::vector<double> q3 = {0.5, kNaN};
  EXPECT_EQ(particle_distance(ts, q3), kInf);
}

TEST(Target, DifferencesAndReplicateMeans) {
  const Target gap = resolve_target({"gap", "p_vol_age2", "p_vol_age0", 0.0, kInf, 0.01});
  const Target single = resolve_target({"share", "final_active_share", "", 0.2, 0.4, kNaN});
  const std::vector<FinalValue> r0 = {{"p_vol_age0", 0.05, -1}, {"p_vol_age2", 0.09, -1},
                                      {"final_active_share", 0.3, -1}};
  const std::vector<FinalValue> r1 = {{"p_vol_age0", 0.07, -1}, {"p_vol_age2", 0.06, -1},
                                      {"final_active_share", kNaN, 0}};
  EXPECT_NEAR(run_quantity(gap, r0), 0.04, 1e-15);
  const std::vector<Target> ts = {gap, single};
  const std::vector<std::vector<FinalValue>> runs = {r0, r1};
  const auto q = mean_quantities(ts, runs);
  EXPECT_NEAR(q[0], (0.04 - 0.01) / 2.0, 1e-15);
  EXPECT_DOUBLE_EQ(q[1], 0.3);  // the NaN replicate is left out
  const std::vector<std::vector<FinalValue>> undefined = {r1};
  EXPECT_TRUE(std::isnan(mean_quantities(ts, undefined)[1]));
}

TEST(Target, MissingFinalNamesTheNearest) {
  const Target t = resolve_target({"share", "final_activ_share", "", 0.2, 0.4, kNaN});
  const std::vector<FinalValue> r = {{"final_active_share", 0.3, -1}, {"cascade", 1.0, -1}};
  try {
    run_quantity(t, r);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "error: targets.share: no final value 'final_activ_share' in the model's output "
                 "(did you mean 'final_active_share'?)");
  }
}

}  // namespace
}  // namespace govsim::sim::calibrate
