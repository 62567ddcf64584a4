#include "models/governance/governance.hpp"

#include <cstdint>
#include <memory>

#include "models/governance/countermeasures.hpp"
#include "models/governance/governance_model.hpp"
#include "models/governance/materiality.hpp"
#include "models/governance/neighbourhood.hpp"
#include "models/governance/params.hpp"

namespace govsim::models::governance {

namespace {

// The node columns the model reads from a real network (docs/ODD.md 3.1, decision 25).
std::vector<sim::NodeColumnDef> node_columns() {
  return {
      {"community", INT32_MAX, "community label of the resident (required)"},
      {"grid", INT32_MAX, "grid label within the community (required)"},
      {"household", INT32_MAX, "household label within the community (optional; none = own household)"},
      {"age_band", INT8_MAX, "age band 0: 18-39, 1: 40-59, 2: 60+ (optional; replaces the draw)"},
      {"party", INT8_MAX, "1 = Party member, 0 = not (optional; replaces the draw)"},
      {"owner", INT8_MAX, "1 = the household owns its flat, 0 = not (optional; replaces the draw)"},
  };
}

}  // namespace

sim::ModelInfo governance_info() {
  sim::ModelInfo info;
  info.name = "governance";
  info.summary =
      "Party-building-led community governance (model spec v2.2): residents' participation, "
      "trust, night-talk forums, three service centers, organisation stag hunt, committee "
      "learning, five countermeasures";
  info.schema = [] { return governance_schema(); };
  info.make = [](const sim::RunContext& ctx) -> std::unique_ptr<sim::Model> {
    return std::make_unique<GovernanceModel>(ctx);
  };
  info.default_steps = 260;
  info.needs_network = false;   // builds the spec-4.3 neighbourhood itself
  info.accepts_network = true;  // or reads a real network with community and grid columns
  info.network_types = {neighbourhood_network_type()};
  info.node_columns = node_columns();
  info.estimate_memory = [](const sim::Scenario& s) -> uint64_t {
    const double n = static_cast<double>(s.params.integer("n_comm")) *
                     static_cast<double>(s.params.integer("pop_comm"));
    const double k = s.params.real("k_mean");
    // state ≈ 110 B per resident; the CSR is held twice by the engine's Network (Boost arrays
    // and the view copies) plus the neighbourhood builder's per-resident vectors (~32 B).
    return static_cast<uint64_t>(n * (110.0 + 32.0) + n * k * 2.0 * 4.0 + n * 16.0);
  };
  info.estimate_seconds = [](const sim::Scenario& s) -> double {
    // Measured: about 0.16 µs per resident-step on one core of the 2-core development machine
    // (4 x 2,500 residents x 260 steps: 0.4 s of CPU); rough.
    const double n = static_cast<double>(s.params.integer("n_comm")) *
                     static_cast<double>(s.params.integer("pop_comm"));
    return n * static_cast<double>(s.steps) * 0.16e-6;
  };
  for (const auto& d : countermeasure_defs())
    info.countermeasures.push_back({std::string(d.name), std::string(d.summary)});
  // The comparison table: participation (voluntary, mobilised, total), institutional and
  // interpersonal trust, service coverage, organisation cooperation share, participation Gini.
  // P_vol without forum attendance stands beside P_vol (spec 6.1 item 5: about a third of
  // baseline P_vol is forum attendance).
  info.headline = {"p_vol", "p_vol_noforum", "p_mob", "p_tot", "ti", "ts", "coverage", "org_c_share",
                   "gini_cum_vol"};
  info.materiality = materiality_margins();
  // Which way is better (compare --posterior ranks only finals with a direction).
  info.better = {{"p_vol", 1},    {"p_vol_noforum", 1}, {"p_tot", 1},        {"ti", 1},
                 {"ts", 1},       {"coverage", 1},      {"org_c_share", 1},  {"win_rate", 1},
                 {"gini_cum_vol", -1}, {"disputes_per_1k_hh_yr", -1}};
  return info;
}

}  // namespace govsim::models::governance
