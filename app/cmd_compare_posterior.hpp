// File: app/cmd_compare_posterior.hpp
//
// `govsim compare FILE --posterior calib.h5 [--draws K]`: the comparison over the plausible
// set (model spec 6.3; docs/robust-comparison.md). K draws from the calibration's final
// population by weight; every arm's scenario with each draw's parameter values set in memory;
// K x arms x R runs on common random numbers through the one pipeline (sim/pipeline/
// robust_plan.hpp); the robust statistics stored under /robust and /summary/p_best and
// printed (sim/pipeline/robust_summary.hpp). Also the hypotheses of an ordinary comparison,
// tested at its one parameter point over the replicates.
#pragma once

#include <string>
#include <vector>

#include "app/app_context.hpp"
#include "app/job_command.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace govsim::app {

struct PosteriorCompareArgs {
  std::string file;
  std::string posterior;        // calib.h5
  int64_t draws = -1;           // --draws (else robust.draws of the file, else 50)
  int64_t replicates = -1;      // --replicates (else compare.replicates)
  std::vector<std::string> sets;
  std::string output;           // -o
};

JobSpec build_compare_posterior(const AppContext& ctx, const PosteriorCompareArgs& a);

// An ordinary comparison with `hypotheses:`: adds their paired test over the replicates
// (/summary/hypotheses, printed after the table). No-op without hypotheses.
void add_one_point_hypotheses(const AppContext& ctx, const sim::Comparison& cmp, JobSpec& spec);

}  // namespace govsim::app
