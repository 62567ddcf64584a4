// The known-truth check of model spec 6.2 on a model whose posterior is known in closed form
// (toy_model.hpp): two parameters, a ~ U(-5, 5) and b ~ log-U(0.1, 10), observed through
// y_a = a + 0.5 z and y_b = ln b + 0.3 z, each particle evaluated as the mean of R = 2
// replicates. The exact posterior of (a, ln b) given the observed means is normal with sds
// 0.5/sqrt(2) and 0.3/sqrt(2), truncated to the prior box.
//
// For 20 truths drawn from the prior: simulate the observation at the truth, calibrate to it
// (value targets, scale 0.1), and check
//   (1) coverage: the truth lies in the 90% highest-density region in >= 16 of 20 cases;
//   (2) the posterior's spread: the mean ratio of posterior sd to the exact (truncated) sd,
//       over truths and both parameters, is within [0.9, 1.12] (each sd comes from about 250
//       particles, so the mean of 40 ratios has a standard error of about 0.01; the final
//       tolerance adds about 2%).
// Then the same with deliberately broken weights (WeightRule::kUniform: no importance
// correction): the check must fail. Without the correction each generation re-weights the
// previous one's kernel-smoothed density by the likelihood again, so the population
// contracts below the posterior (in the Gaussian limit to variance 2/3 of it).
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

#include "sim/calibrate/abc_pmc.hpp"
#include "sim/calibrate/posterior.hpp"
#include "tests/sim/calibrate/toy_model.hpp"

namespace govsim::sim::calibrate {
namespace {

struct Recovery {
  int covered = 0;
  int truths = 0;
  double sd_ratio = 0.0;     // mean over truths and parameters
  double generations = 0.0;  // mean number of generations
  bool passes() const { return covered >= 16 && sd_ratio >= 0.9 && sd_ratio <= 1.12; }
};

// Sd of N(mu, s^2) truncated to [lo, hi].
double truncated_sd(double mu, double s, double lo, double hi) {
  const boost::math::normal n01;
  const double a = (lo - mu) / s, b = (hi - mu) / s;
  const double z = boost::math::cdf(n01, b) - boost::math::cdf(n01, a);
  const double pa = boost::math::pdf(n01, a), pb = boost::math::pdf(n01, b);
  const double m = (pa - pb) / z;
  return s * std::sqrt(1.0 + (a * pa - b * pb) / z - m * m);
}

Recovery recover(WeightRule rule, KernelKind kernel, int truths) {
  const std::vector<Parameter> params = {{"a", PriorKind::kUniform, -5.0, 5.0},
                                         {"b", PriorKind::kLogUniform, 0.1, 10.0}};
  const std::vector<double> noise = {0.5, 0.3};
  const CounterRng truth_rng(2024);
  Recovery out;
  for (int t = 0; t < truths; ++t) {
    std::vector<double> truth(2);
    for (std::size_t k = 0; k < 2; ++k)
      truth[k] = sample_prior(params[k], truth_rng.uniform(static_cast<uint32_t>(t), 0, 1, static_cast<uint32_t>(k), EntityClass::kInitial));
    const testing::GaussianToy toy{params, noise, 2, 1000 + static_cast<uint64_t>(t)};
    const std::vector<double> y = toy.simulate(truth, uint64_t{1} << 40);  // no proposal's point
    const std::vector<Target> targets = {{"ya", "ya", "", y[0], y[0], 0.1},
                                         {"yb", "yb", "", y[1], y[1], 0.1}};
    Settings s;
    s.population = 250;
    s.max_generations = 12;
    s.seed = 1 + static_cast<uint64_t>(t);
    s.weights = rule;
    s.kernel = kernel;
    AbcPmc abc(s, params, targets);
    run_to_completion(abc, [&](const Proposal& p) { return toy.simulate(p.theta, p.point); });
    const Generation& pop = abc.population();
    out.generations += static_cast<double>(abc.generations().size()) / truths;
    const double rank = hpd_rank(pop.particles, pop.weights, params, truth);
    out.covered += rank < 0.9 ? 1 : 0;
    for (std::size_t k = 0; k < 2; ++k) {
      std::vector<double> tk(pop.size());
      for (std::size_t i = 0; i < pop.size(); ++i) tk[i] = toy.t(k, pop.particles[i * 2 + k]);
      double m = 0.0, v = 0.0;
      for (std::size_t i = 0; i < tk.size(); ++i) m += pop.weights[i] * tk[i];
      for (std::size_t i = 0; i < tk.size(); ++i) v += pop.weights[i] * (tk[i] - m) * (tk[i] - m);
      const double exact = truncated_sd(y[k], noise[k] / std::sqrt(2.0), toy.t(k, params[k].lo), toy.t(k, params[k].hi));
      out.sd_ratio += std::sqrt(v) / exact / (2.0 * truths);
    }
    ++out.truths;
  }
  return out;
}

void report(const char* what, const Recovery& r) {
  std::printf("[ toy      ] %s: 90%% region covers %d/%d truths, posterior sd / exact sd = %.3f, "
              "%.1f generations\n", what, r.covered, r.truths, r.sd_ratio, r.generations);
}

TEST(KnownTruthToy, CoversTheTruthAndMatchesTheExactPosterior) {
  const Recovery r = recover(WeightRule::kImportance, KernelKind::kGaussian, 20);
  report("gaussian kernel", r);
  EXPECT_GE(r.covered, 16);
  EXPECT_GE(r.sd_ratio, 0.9);
  EXPECT_LE(r.sd_ratio, 1.12);
}

TEST(KnownTruthToy, ReflectedKernelToo) {
  const Recovery r = recover(WeightRule::kImportance, KernelKind::kReflected, 20);
  report("reflected kernel", r);
  EXPECT_TRUE(r.passes());
}

TEST(KnownTruthToy, BrokenWeightsFailTheCheck) {
  const Recovery r = recover(WeightRule::kUniform, KernelKind::kGaussian, 20);
  report("gaussian kernel, uniform (broken) weights", r);
  EXPECT_FALSE(r.passes());
  EXPECT_LT(r.sd_ratio, 0.9);  // the population contracts below the posterior
}

}  // namespace
}  // namespace govsim::sim::calibrate
