// Shared by the calibrate CLI and MPI tests: a small threshold_cascade calibration and the
// comparison of two calibration files' data (everything but times and provenance).
#pragma once

#include <string>

#include "sim/output/result_compare.hpp"
#include "tests/sim/sweep/sweep_test_util.hpp"

namespace govsim::sim::testing {

inline const char* kCalBase = R"(model: threshold_cascade
steps: 40
params:
  mixing: well_mixed
  n: 600
  threshold_mode: fractional
  threshold: 0.25
  threshold_sd: 0.12
  seed_mode: none
  absorbing: true
)";

inline std::string small_calibration(int population = 30, int generations = 3) {
  return "calibrate:\n"
         "  base: base.yaml\n"
         "  seed: 11\n"
         "  population: " + std::to_string(population) + "\n"
         "  replicates: 2\n"
         "  max_generations: " + std::to_string(generations) + "\n"
         "  kernel: gaussian\n"
         "  free:\n"
         "    params.threshold: {lo: 0.1, hi: 0.5}\n"
         "    params.threshold_sd: {prior: log_uniform, lo: 0.05, hi: 0.4}\n"
         "  targets:\n"
         "    share: {final: final_active_share, value: 0.6, scale: 0.02}\n"
         "    duration: {final: cascade_duration, value: 8, scale: 1}\n";
}

inline void write_calibration(const TempDir& dir, const std::string& text) {
  write_file(dir.file("base.yaml"), kCalBase);
  write_file(dir.file("cal.yaml"), text);
}

// The data of two calibration files are identical (times and provenance aside).
inline CompareReport compare_calibrations(const std::string& a, const std::string& b) {
  return compare_result_files(a, b, 20, {"wall_seconds", "calibrator_seconds"});
}

}  // namespace govsim::sim::testing
