// File: models/governance/governance_model.hpp
//
// The runtime of the governance model (docs/ODD.md): its state (state.hpp), the passes of one
// step (passes/, one file per submodel of spec 4.6) and the schedule that runs them,
// GovernanceModel::step (governance_model.cpp), which is the table of contents of a step.
// Results are bit-identical for any thread count (spec 0.1, 0.2).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "models/governance/countermeasures.hpp"
#include "models/governance/metrics.hpp"
#include "models/governance/params.hpp"
#include "models/governance/state.hpp"
#include "sim/model/model.hpp"

namespace govsim::models::governance {

struct StepContext;

class GovernanceModel final : public sim::Model {
 public:
  explicit GovernanceModel(const sim::RunContext& ctx);

  void init(sim::RunContext& ctx) override;
  void step(sim::RunContext& ctx, uint32_t t) override;
  std::vector<sim::MetricDef> metrics() const override;
  uint32_t num_groups() const override { return layout_.n_comm; }
  void observe(std::span<double> global, std::span<double> groups) const override;
  std::vector<sim::FinalValue> finals(const sim::SeriesView& series) const override;
  std::vector<sim::NamedArray> extras() const override;
  uint64_t memory_estimate() const override;

  // Read access for tests.
  const Layout& layout() const { return layout_; }
  const Residents& residents() const { return r_; }
  const std::vector<Committee>& committees() const { return com_; }
  const Organisations& organisations() const { return org_; }
  const Grids& grids() const { return grid_; }
  const Params& effective(uint32_t c) const { return eff_[c]; }
  const Params& base() const { return base_; }
  const std::vector<double>& global_values() const { return metrics_.global; }

 private:
  StepContext context(int32_t t) const;
  void apply_overlay(int64_t t, bool at_init);

  sim::CounterRng rng_;
  Params base_;
  Overlay overlay_;
  std::vector<Params> eff_;  // effective parameters of each community at the current step
  Layout layout_;
  Residents r_;
  std::vector<Committee> com_;
  Organisations org_;
  Grids grid_;
  MetricState metrics_;
  bool trust_sd_clipped_ = false;
};

}  // namespace govsim::models::governance
