// File: sim/pipeline/arm_summary.hpp
//
// The summaries of `govsim run` and `govsim compare`, computed from the finals of the runs
// (sim/stats/summary.hpp), stored in the results file and printed:
//   /summary/final              rows = arms; columns <final>.mean, .ci_lo, .ci_hi, .n: mean over
//                               replicates with a Student-t 95% interval (NaN values dropped)
//   /summary/paired_vs_<BASE>   (comparisons) rows = the other arms; columns <final>.diff,
//                               .ci_lo, .ci_hi, .n, .p (paired t-test over replicates, which
//                               share their random numbers), .p_holm (Holm-adjusted over every
//                               arm x final comparison of the table; supplementary finals, e.g.
//                               drifts, are a family of their own)
//   /summary/materiality        (a model with margins) rows = finals; column margin: the
//                               model's materiality margins m (ModelInfo::materiality)
// Arms pair on the replicate number (common random numbers).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "sim/output/result_file.hpp"
#include "sim/pipeline/plan.hpp"

namespace govsim::sim::pipeline {

// The tables above (none when there are no finals); `baseline` "" = no paired table.
std::vector<Table> arm_summary_tables(const std::vector<RunFinals>& runs,
                                      const std::vector<std::string>& arms,
                                      const std::string& baseline,
                                      const std::vector<Materiality>& margins = {});

// Prints each arm's mean final value with its 95% CI and, when `baseline` is given, the paired
// difference from it (Holm-corrected p-values over every arm x final printed). `wanted`: the
// finals to print (empty or none found: all). `margins` (the model's materiality): a
// significant difference whose interval does not exclude ±m is marked "negligible" instead of
// "*", and an arm whose mean <final>_drift exceeds m per year is marked "~drift".
void print_arm_summary(std::ostream& out, const std::vector<RunFinals>& runs,
                       const std::vector<std::string>& arms, const std::vector<std::string>& wanted,
                       const std::string& baseline, const std::vector<Materiality>& margins = {});

// The arm names of the runs, in the order they first appear.
std::vector<std::string> arms_of(const std::vector<RunFinals>& runs);

}  // namespace govsim::sim::pipeline
