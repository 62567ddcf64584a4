// File: sim/calibrate/calibration_summary.hpp
//
// What `govsim summarize calib.h5` prints, computed from a calibration file's record:
//   - per free parameter: the posterior's weighted median and equal-tailed 90% interval, and
//     how far it moved from its prior, in the parameter's kernel coordinate (x, or ln x for a
//     log-uniform prior, where the prior is flat): `width` = posterior 90% width / prior 90%
//     width (1: the targets say nothing about it; small: well identified) and `shift` =
//     (posterior median - prior median) / prior width (-0.5..0.5);
//   - per target: the posterior predictive median and 90% interval of the particles' target
//     values (mean over replicates) against the pattern, and the weighted share of particles
//     inside it;
//   - per generation: epsilon, acceptance rate, proposals, ESS, wall time, the calibrator's
//     own time and its share of the wall time.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "sim/calibrate/calibration_file.hpp"

namespace govsim::sim::calibrate {

struct ParameterSummary {
  std::string name;
  double median = 0, lo = 0, hi = 0;  // posterior median, 5% and 95% (own scale)
  double width_ratio = 1;             // posterior 90% width / prior 90% width (kernel coord.)
  double shift = 0;                   // median shift in prior widths (kernel coordinate)
};

struct TargetSummary {
  std::string name, definition;
  double median = 0, lo = 0, hi = 0;  // posterior predictive (weighted)
  double inside = 0;                  // weighted share of particles meeting the target
};

std::vector<ParameterSummary> summarize_parameters(const CalibrationRecord& r);
std::vector<TargetSummary> summarize_targets(const CalibrationRecord& r);

// Prints the three tables. `max_parameters` (0 = all): the parameters that moved most first
// (smallest width ratio), at most this many.
void print_calibration_summary(std::ostream& out, const CalibrationRecord& r,
                               std::size_t max_parameters = 0);

}  // namespace govsim::sim::calibrate
