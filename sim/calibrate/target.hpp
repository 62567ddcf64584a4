// File: sim/calibrate/target.hpp
//
// Calibration targets and the ABC distance of model spec 6.2.
//
// A target's *quantity* in one run is a final value (4.10 names), or the difference of two
// finals of the same run (`final_name` minus `minus_final`, e.g. p_vol_age2 - p_vol_age0). A
// particle is evaluated as the mean of the quantity over its R replicates (the mean of the
// finite values; NaN when no replicate gives a finite one, e.g. an undefined ratio, spec E15).
//
// The pattern is an interval [lo, hi]; one end may be infinite (`> 0`, `< 0.85`); a value v
// is the interval [v, v]. The distance of one target is
//   d = 0                                    if lo <= q <= hi,
//   d = (lo - q) / scale  or  (q - hi) / scale  otherwise (distance to the nearer end),
//   d = +inf                                 if q is NaN (the particle is never accepted
//                                            unless the tolerance is infinite).
// The scale, unless given (> 0), defaults to
//   - the interval's width hi - lo          (two finite ends, hi > lo),
//   - |v| * 0.1                              (a value, lo = hi = v != 0),
//   - |bound| * 0.1                          (one-sided, finite bound != 0: the bound is
//                                            treated like a value, so missing `< 0.85` by 0.085
//                                            costs as much as missing a value by 10%),
// and must be given explicitly for a value 0 or a one-sided bound 0 (`> 0`): no magnitude can
// be inferred from 0, and a silent default would decide which target dominates the max.
// The particle distance is rho = max over targets.
#pragma once

#include <limits>
#include <span>
#include <string>
#include <vector>

#include "sim/model/model.hpp"

namespace govsim::sim::calibrate {

struct Target {
  std::string name;         // label in outputs and messages ("age_gradient")
  std::string final_name;   // the final value, or the minuend of a difference
  std::string minus_final;  // "" = a single final; else the final subtracted
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  double scale = std::numeric_limits<double>::quiet_NaN();  // NaN = the default above
};

// Checks the target and returns it with `scale` set to the value used. Throws InputError
// "targets.<name>: ..." for an empty final name, lo > hi, a NaN bound, no finite bound, a
// scale <= 0, or a default scale that cannot be inferred (value 0, one-sided bound 0).
Target resolve_target(Target t);

// The distance of one (resolved) target at quantity q (see the file comment).
double target_distance(const Target& t, double q);

// rho = max over targets of target_distance (0 for no targets). q has one entry per target.
double particle_distance(std::span<const Target> targets, std::span<const double> q);

// The quantity of `t` in one run. Throws InputError "targets.<name>: no final value 'x' ..."
// (with the nearest name) when a final is missing.
double run_quantity(const Target& t, std::span<const FinalValue> finals);

// Quantities of all targets averaged over replicates: `runs[r]` are the finals of replicate r.
// Per target: the mean of the finite run quantities, NaN when there are none.
std::vector<double> mean_quantities(std::span<const Target> targets,
                                    std::span<const std::vector<FinalValue>> runs);

}  // namespace govsim::sim::calibrate
