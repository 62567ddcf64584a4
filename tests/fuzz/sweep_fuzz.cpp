// fuzz_sweep: bytes -> sweep file in the scratch folder -> load_sweep with the real catalog
// (+ toy models). The folder holds small.yaml (governance), toy.yaml and cascade.yaml, so
// `base: small.yaml` resolves. A plan that loads must be consistent: one manifest entry per
// (point, replicate), every point validated, one value per column.
#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/sweep/sweep_plan.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace govsim;

namespace {
constexpr std::size_t kMaxPoints = 256;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_logs();
  fuzz::write_helper_files();
  (void)fuzz::catalog();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string path = fuzz::write_file(
      "sweep.yaml", std::string_view(reinterpret_cast<const char*>(data), size));
  fuzz::guarded([&] {
    // A design near the real limit (kMaxSweepPoints) is valid but takes minutes to check;
    // the limit is lowered so that the refusal is reached within the time limit.
    sim::sweep::SweepLoadOptions options;
    options.max_points = kMaxPoints;
    const auto plan = sim::sweep::load_sweep(path, fuzz::catalog(), options);
    if (plan.points.size() > kMaxPoints)
      fuzz::die("sweep plan", fmt::format("{} points, more than the limit {}", plan.points.size(),
                                          kMaxPoints));
    if (plan.runs.size() != plan.points.size() * plan.replicates)
      fuzz::die("sweep plan", fmt::format("{} runs for {} points x {} replicates", plan.runs.size(),
                                          plan.points.size(), plan.replicates));
    for (const auto& p : plan.points) {
      if (!p.scenario) fuzz::die("sweep plan", "a point without a validated scenario");
      if (p.values.size() != plan.columns.size())
        fuzz::die("sweep plan", fmt::format("point {} has {} values for {} columns", p.arm,
                                            p.values.size(), plan.columns.size()));
    }
    for (const auto& r : plan.runs)
      if (r.point >= plan.points.size() || r.replicate >= plan.replicates)
        fuzz::die("sweep plan", "a manifest entry out of range");
  });
  return 0;
}
