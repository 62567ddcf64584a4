// The organisation game of model spec 4.6.8 at the defaults of spec 4.7 (no published source:
// the spec's own claim). Claim: the game is bistable, trust selects the regime; "C equilibrium
// for tau >~ 0.63".
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "models/kernels/org_game.hpp"
#include "tests/validation/validation_support.hpp"

namespace govsim::validation {
namespace {

using models::kernels::OrgGameParams;
using models::kernels::org_coop_probability;
using models::kernels::org_payoff_difference;

double c_regime(double tau0) {
  auto sc = load("org-game.yaml", {"params.tau_org0=" + std::to_string(tau0)});
  return mean(finals(sc, "c_regime_share", size(1u, 10u)));
}

// Static indifference point: Π_C = Π_D (σ = 1/2), by bisection.
double indifference(const OrgGameParams& p) {
  double lo = 0.0, hi = 1.0;
  for (int i = 0; i < 60; ++i) {
    const double m = 0.5 * (lo + hi);
    (org_payoff_difference(m, p) > 0.0 ? hi : lo) = m;
  }
  return 0.5 * (lo + hi);
}

// Mean-field unstable fixed point of tau -> tau + lam_tau (P(C | tau) - tau) (all organisations
// at the same tau, o = P(C)): the middle root of P(C | tau) = tau, by bisection on [0.5, 0.9].
double unstable_fixed_point(const OrgGameParams& p) {
  double lo = 0.5, hi = 0.9;  // P - tau < 0 at 0.5, > 0 at 0.9 at the defaults
  for (int i = 0; i < 60; ++i) {
    const double m = 0.5 * (lo + hi);
    (org_coop_probability(m, p) - m > 0.0 ? hi : lo) = m;
  }
  return 0.5 * (lo + hi);
}

// Bistability at the defaults: 500 communities x 6 organisations, 260 weeks, 1 run (CI) / 10
// (full). Low initial trust ends in D in (nearly) every community, high trust in C; the
// basin boundary (the tau_org0 at which half the communities end in C, by linear
// interpolation on a 0.02 grid) lies between the static indifference point and the mean-field
// unstable fixed point (meetings every 13 weeks raise tau and pull it below the latter).
TEST(OrgGameSpec, BistableTrustSelectsTheRegime) {
  const OrgGameParams p;  // the kernel's defaults = spec 4.7
  const double t_ind = indifference(p), t_mf = unstable_fixed_point(p);
  const double low = c_regime(0.3), high = c_regime(0.9);
  double prev_t = 0.0, prev_c = 0.0, boundary = -1.0;
  std::string curve;
  for (double t = 0.60; t <= 0.801; t += 0.02) {
    const double c = c_regime(t);
    char b[32];
    std::snprintf(b, sizeof b, " %.2f:%.2f", t, c);
    curve += b;
    if (boundary < 0.0 && c >= 0.5 && t > 0.6)
      boundary = prev_t + (0.5 - prev_c) * (t - prev_t) / (c - prev_c);
    prev_t = t;
    prev_c = c;
  }
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "C-regime share at tau0 0.3: %.3f, at 0.9: %.3f; boundary (half in C) tau0 = "
                "%.3f; indifference point %.3f; mean-field unstable fixed point %.3f; "
                "tau0:share%s",
                low, high, boundary, t_ind, t_mf, curve.c_str());
  report("Organisation game (spec 4.6.8) bistability at the defaults",
         "bistable; C equilibrium for tau >~ 0.63 (spec, no published source)", buf);
  EXPECT_NEAR(t_ind, 0.625, 1e-9);
  EXPECT_LE(low, 0.02);
  EXPECT_GE(high, 0.98);
  EXPECT_GT(boundary, t_ind);
  EXPECT_LT(boundary, t_mf);
}

// The spec's reading "C regime from tau0 >~ 0.63" taken literally: at tau0 = 0.65 most
// communities should end in C. NOT reproduced: about 7% do (the basin boundary is ~0.71, see
// the test above and docs/validation.md). Kept, disabled, as the record of that finding;
// run it with --gtest_also_run_disabled_tests.
TEST(OrgGameSpec, DISABLED_CRegimeFromTau063) { EXPECT_GT(c_regime(0.65), 0.5); }

}  // namespace
}  // namespace govsim::validation
