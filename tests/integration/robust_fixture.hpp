// A calibration results file for tests of `govsim compare --posterior` (written with the
// calibration's own writer, sim/calibrate/calibration_file.hpp) and a small governance
// comparison: BASE, CM2, CM5 at 2 x 150 residents, 26 weeks.
#pragma once

#include <string>
#include <vector>

#include "sim/calibrate/calibration_file.hpp"

namespace govsim::testing {

inline void write_calib(const std::string& path, const std::string& model,
                        const std::vector<sim::calibrate::Parameter>& params, std::size_t n = 12) {
  namespace c = sim::calibrate;
  c::CalibrationRecord r;
  r.name = "fixture";
  r.model = model;
  r.seed = 5;
  r.input_yaml = "# fixture\n";
  r.scenario_yaml = "model: " + model + "\n";
  r.settings.population = n;
  r.parameters = params;
  r.targets = {c::resolve_target({"pv", "p_vol", "", 0.0, 1.0})};
  c::Generation g;
  g.number = 0;
  g.dims = params.size();
  g.targets = 1;
  double wsum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < params.size(); ++k) {
      const double u = (static_cast<double>((i * 7 + k * 3) % n) + 0.5) / static_cast<double>(n);
      g.particles.push_back(params[k].lo + u * (params[k].hi - params[k].lo));
    }
    g.quantities.push_back(0.1);
    g.weights.push_back(1.0 + static_cast<double>(i % 3));
    wsum += g.weights.back();
    g.distances.push_back(0.0);
    g.index.push_back(i);
  }
  for (double& w : g.weights) w /= wsum;
  g.proposals = n;
  g.ess = static_cast<double>(n);
  r.generations = {g};
  r.wall_seconds = {1.0};
  r.calibrator_seconds = {0.01};
  r.finished = true;
  r.stop = c::StopReason::kMaxGenerations;
  c::write_calibration_file(path, true, r);
}

inline std::vector<sim::calibrate::Parameter> governance_params() {
  return {{"params.TS0", sim::calibrate::PriorKind::kUniform, 0.3, 0.6},
          {"params.admin_load", sim::calibrate::PriorKind::kUniform, 0.4, 0.8}};
}

inline const char* kRobustBase = R"(model: governance
name: base
seed: 1
steps: 26
params: {n_comm: 2, pop_comm: 150, final_window: 8}
)";
inline const char* kRobustCm2 = R"(extends: base.yaml
countermeasures:
  - {type: resident_participation, intensity: 1}
)";
inline const char* kRobustCm5 = R"(extends: base.yaml
countermeasures:
  - {type: law_and_virtue, intensity: 1}
)";
inline const char* kRobustCompare = R"(compare:
  name: small-robust
  seed: 3
  replicates: 2
  arms:
    - {name: BASE, scenario: base.yaml}
    - {name: CM2, scenario: cm2.yaml}
    - {name: CM5, scenario: cm5.yaml}
hypotheses:
  - {name: h1, arm: CM5, beats: BASE, outcome: org_c_share, by: 0.01}
  - {name: h2, arm: BASE, beats: CM2, outcome: p_vol, by: 0.5}
robust:
  draws: 4
)";

}  // namespace govsim::testing
