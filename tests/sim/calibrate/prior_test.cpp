#include "sim/calibrate/prior.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sim/core/error.hpp"

namespace govsim::sim::calibrate {
namespace {

const Parameter kUni{"params.a", PriorKind::kUniform, -2.0, 6.0};
const Parameter kLog{"params.b", PriorKind::kLogUniform, 0.01, 100.0};

TEST(Prior, RejectsBadRanges) {
  EXPECT_THROW(check_parameter({"x", PriorKind::kUniform, 1.0, 1.0}), InputError);
  EXPECT_THROW(check_parameter({"x", PriorKind::kUniform, 0.0, std::nan("")}), InputError);
  EXPECT_THROW(check_parameter({"x", PriorKind::kLogUniform, 0.0, 1.0}), InputError);
  try {
    check_parameter({"params.k", PriorKind::kLogUniform, -1.0, 1.0});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "error: priors.params.k: a log_uniform prior needs lo > 0");
  }
  EXPECT_NO_THROW(check_parameter(kUni));
  EXPECT_NO_THROW(check_parameter(kLog));
}

TEST(Prior, DensitiesByHand) {
  EXPECT_DOUBLE_EQ(prior_density(kUni, 0.0), 1.0 / 8.0);
  EXPECT_DOUBLE_EQ(prior_density(kUni, 6.5), 0.0);
  EXPECT_DOUBLE_EQ(prior_density(kLog, 1.0), 1.0 / std::log(1e4));
  EXPECT_DOUBLE_EQ(prior_density(kLog, 0.001), 0.0);
  // The log-uniform density integrates to 1 (midpoint rule on a log grid).
  double integral = 0.0;
  const int m = 20000;
  for (int i = 0; i < m; ++i) {
    const double t0 = std::log(0.01) + std::log(1e4) * i / m;
    const double t1 = std::log(0.01) + std::log(1e4) * (i + 1) / m;
    const double x = std::exp(0.5 * (t0 + t1));
    integral += prior_density(kLog, x) * (std::exp(t1) - std::exp(t0));
  }
  EXPECT_NEAR(integral, 1.0, 1e-6);
}

TEST(Prior, SamplingIsTheInverseCdf) {
  EXPECT_DOUBLE_EQ(sample_prior(kUni, 0.5), 2.0);
  EXPECT_DOUBLE_EQ(sample_prior(kUni, 1.0), 6.0);
  EXPECT_NEAR(sample_prior(kLog, 0.5), 1.0, 1e-12);   // the geometric mean
  EXPECT_NEAR(sample_prior(kLog, 0.25), 0.1, 1e-12);
  EXPECT_DOUBLE_EQ(sample_prior(kLog, 1.0), 100.0);
}

TEST(Prior, KernelCoordinatesRoundTrip) {
  for (double x : {-1.9, 0.0, 3.3, 5.99}) EXPECT_DOUBLE_EQ(from_kernel(kUni, to_kernel(kUni, x)), x);
  for (double x : {0.011, 0.5, 7.0, 99.0}) EXPECT_NEAR(from_kernel(kLog, to_kernel(kLog, x)), x, 1e-12 * x);
  EXPECT_DOUBLE_EQ(to_kernel(kLog, 1.0), 0.0);  // ln x
  EXPECT_DOUBLE_EQ(kernel_lo(kLog), std::log(0.01));
  EXPECT_DOUBLE_EQ(kernel_hi(kUni), 6.0);
  EXPECT_DOUBLE_EQ(from_kernel(kUni, 99.0), 6.0);  // clamped
  EXPECT_DOUBLE_EQ(from_kernel(kLog, 99.0), 100.0);
}

TEST(Prior, FlatInKernelCoordinates) {
  EXPECT_DOUBLE_EQ(log_prior_kernel(kLog, 0.0), -std::log(std::log(1e4)));
  EXPECT_DOUBLE_EQ(log_prior_kernel(kLog, std::log(50.0)), -std::log(std::log(1e4)));
  EXPECT_DOUBLE_EQ(log_prior_kernel(kUni, 0.0), -std::log(8.0));
  EXPECT_EQ(log_prior_kernel(kUni, 6.01), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(log_prior_kernel(kLog, std::log(200.0)), -std::numeric_limits<double>::infinity());
}

}  // namespace
}  // namespace govsim::sim::calibrate
