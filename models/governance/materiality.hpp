// File: models/governance/materiality.hpp
//
// The materiality margins m of the governance model (spec 6.1 item 4; docs/ODD.md 3.10): the
// one table that the compare table, the mechanism test "no countermeasure inert" and the
// report (analysis/margins.py reads /summary/materiality of a results file) use. A difference
// counts as an effect only when its 95% interval excludes ±m; a statistically significant one
// whose interval does not is "negligible". Every final listed here also has a drift final
// <name>_drift (outputs.cpp, spec 6.1 item 6), flagged when it exceeds m per year.
#pragma once

#include <vector>

#include "sim/model/model.hpp"

namespace govsim::models::governance {

inline const std::vector<sim::Materiality>& materiality_margins() {
  static const std::vector<sim::Materiality> m = {
      {"p_vol", 0.01, "share"},
      {"p_vol_noforum", 0.01, "share"},
      {"p_mob", 0.01, "share"},
      {"p_tot", 0.01, "share"},
      {"ti", 0.01, "trust"},
      {"ts", 0.01, "trust"},
      {"coverage", 0.01, "share"},
      {"org_c_share", 0.01, "share"},
      {"win_rate", 0.02, "share"},
      {"disputes_per_1k_hh_yr", 2.0, "disputes per 1,000 households a year"},
  };
  return m;
}

}  // namespace govsim::models::governance
