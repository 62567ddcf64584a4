// Granovetter (1978) "Threshold models of collective behavior", AJS 83:1420-1443.
// threshold_cascade in well-mixed mode: everyone sees the whole crowd (x = number or share of
// the others already rioting at t-1), thresholds fixed, rioting permanent.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "tests/validation/validation_support.hpp"

namespace govsim::validation {
namespace {

// Granovetter's uniform distribution: 100 people with thresholds 0, 1, ..., 99 riot one after
// the other until everyone riots; replacing the person with threshold 1 by one with threshold 2
// stops the riot at the instigator. Deterministic (no random draws), so one run each and an
// exact assertion.
TEST(Granovetter1978, UniformThresholdsEveryoneRiotsPerturbedOneStopsAtOne) {
  const auto base = load("granovetter-uniform.yaml");
  const double all = final_of(run(base), "active_count");
  const auto perturbed =
      load("granovetter-uniform.yaml", {"params.override_node=1", "params.override_threshold=2"});
  const double stopped = final_of(run(perturbed), "active_count");
  report("Granovetter 1978 uniform thresholds 0..99 (N = 100)",
         "100 riot; with threshold 1 -> 2: 1 riots",
         std::to_string(static_cast<int>(all)) + " riot; perturbed: " +
             std::to_string(static_cast<int>(stopped)) + " riots");
  EXPECT_EQ(all, 100.0);
  EXPECT_EQ(stopped, 1.0);
}

// The mean-field map x_{t+1} = F(x_t) from x_0 = 0 with F the N(mu, sd) CDF; returns its limit
// (the smallest fixed point, the equilibrium the crowd reaches).
double equilibrium(double mu, double sd) {
  double x = 0.0;
  for (int i = 0; i < 1000000; ++i) {
    const double y = normal_cdf((x - mu) / sd);
    if (std::abs(y - x) < 1e-14) return y;
    x = y;
  }
  return x;
}

// The critical spread: the smallest sd at which the equilibrium jumps to (nearly) everyone, by
// bisection on the map's fixed point.
double critical_sd(double mu) {
  double lo = 0.01, hi = 0.5;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (equilibrium(mu, mid) > 0.5 ? hi : lo) = mid;
  }
  return 0.5 * (lo + hi);
}

// Normal thresholds, mean 0.25: Granovetter reports the critical standard deviation 12.2 (per
// 100 people, i.e. 0.122). We derive it from the map and simulate just below and just above.
// Sizes: N = 200,000 (CI) / 10^7 (full); the empirical threshold CDF differs from F by about
// sqrt(F(1-F)/N) <= 1.1e-3 at N = 2e5, amplified near the fixed point by 1/(1 - F') (about 5
// at sd_c - 0.005), so the simulated equilibrium is within 0.01 of the map's; 3 realisations
// per point (the outcome is not a rare event: every run must agree).
TEST(Granovetter1978, NormalThresholdsCriticalSpread) {
  const double mu = 0.25;
  const double sd_c = critical_sd(mu);
  EXPECT_NEAR(sd_c, 0.122, 0.0005) << "mean-field map disagrees with Granovetter's 12.2";
  const double eps = 0.005;
  const double below_map = equilibrium(mu, sd_c - eps);
  const double above_map = equilibrium(mu, sd_c + eps);
  const std::string n = "params.n=" + std::to_string(size(200000, 10000000));
  const uint32_t reps = size(3u, 10u);
  const auto below = finals(load("granovetter-normal.yaml",
                                 {n, "params.threshold_sd=" + std::to_string(sd_c - eps)}),
                            "final_active_share", reps);
  const auto above = finals(load("granovetter-normal.yaml",
                                 {n, "params.threshold_sd=" + std::to_string(sd_c + eps)}),
                            "final_active_share", reps);
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "critical sd %.4f (map, bisection); sd_c-0.005: riot %.4f +- %.4f (map %.4f); "
                "sd_c+0.005: riot %.4f +- %.4f (map %.4f); %u runs each",
                sd_c, mean(below), sem(below), below_map, mean(above), sem(above), above_map,
                reps);
  report("Granovetter 1978 normal thresholds, mean 0.25",
         "critical sd 12.2 per 100: a small riot below, nearly everyone above", buf);
  for (double x : below) {
    EXPECT_LT(x, 0.1);
    EXPECT_NEAR(x, below_map, 0.01);
  }
  for (double x : above) EXPECT_GT(x, 0.99);
}

}  // namespace
}  // namespace govsim::validation
