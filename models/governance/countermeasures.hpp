// File: models/governance/countermeasures.hpp
//
// The five countermeasures of spec 4.9 as intensity components, and the overlay that turns a
// scenario's base parameters plus its `countermeasures:` list into the effective parameters of
// one community at one step:
//
//   x(c, t) = clip( x_base + Σ_k I_k · r_k(t) · (target_k,x − x_base), domain ),  rounded if
//             the key is an integer key (E26), where the sum runs over the components that name
//             key x and community c (empty `communities` = all), and
//   r_k(t)  = clip((t − start_k + 1)/phase_in_k, 0, 1) if phase_in_k > 0, else [t ≥ start_k]
//             (the ramp E13 applied per component; identical to the spec's ramp of the combined
//             value when all components share one start and phase_in).
//   "×a" targets are a·x_base (the scenario's own base).
// A scenario may set a component's target values (`targets: {p_enf: 0.2}`; for a "×a" target
// the factor a); a name that is not one of the component's targets is an InputError.
// Learnable keys (f_fac, f_mand, f_inc, forum_period, omega_target) are never ramped: at a
// component's start_step they set the committee's v and v* to the combined value of all
// components started by then (r = 1). Structural keys (oc_exist_p) apply at build with r = 1.
// Cost-matched arms (param cost_matched): after the overlay,
//   staff_per_1k' = clip((C_base − C_arm(staff=0)) / (h_week (1 − admin_load_arm)), 0, 10),
//   C(·) = staff_per_1k h_week (1 − admin_load) + 1000 party_share inserv_share h_inserv
//          act_inserv + R_unit   (expected committee hours per 1,000 without cap_org).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/governance/params.hpp"
#include "sim/scenario/scenario.hpp"

namespace govsim::models::governance {

struct CmTarget {
  Key key;
  bool multiplier;  // true: target = value * base
  double value;
};

struct CountermeasureDef {
  std::string_view name;
  std::string_view summary;
  std::vector<CmTarget> targets;
};

// The five components, in order CM1..CM5.
const std::vector<CountermeasureDef>& countermeasure_defs();
const CountermeasureDef* find_countermeasure(std::string_view name);

bool is_learnable(Key k);   // f_fac, f_mand, f_inc, forum_period, omega_target
bool is_structural(Key k);  // oc_exist_p

// Expected committee hours per 1,000 residents without cap_org (the C of spec 4.9), with
// staff_per_1k replaced by `staff`.
double expected_capacity_per_1k(const Params& p, double staff);

class Overlay {
 public:
  Overlay() = default;
  // Validates the components (type, intensity in [0,1], communities in range) and throws
  // sim::InputError naming the scenario location otherwise.
  Overlay(const Params& base, const std::vector<sim::CountermeasureSpec>& cms, uint32_t n_comm);

  // Effective parameters of community c at step t (learnable keys keep their base values;
  // structural keys their build values).
  void effective(uint32_t c, int64_t t, Params& out) const;
  // Value of a structural key in community c (all components at r = 1).
  double structural(Key k, uint32_t c) const;
  // Combined value of a learnable key in community c of the components started at or before t.
  double learnable(Key k, uint32_t c, int64_t t) const;
  // True when a component naming a learnable key starts in community c at step t.
  bool learnable_starts(uint32_t c, int64_t t) const;

  const Params& base() const { return base_; }
  bool empty() const { return comps_.empty(); }

 private:
  struct Component {
    const CountermeasureDef* def;
    double intensity;
    int64_t start;
    int64_t phase_in;
    std::vector<uint8_t> in_comm;  // per community
    std::vector<double> value;     // per def target: its value, or the scenario's `targets:`
  };
  static double ramp(const Component& k, int64_t t);
  double combine(Key key, uint32_t c, int64_t t, bool full, bool started_only) const;

  Params base_;
  std::vector<Component> comps_;
};

}  // namespace govsim::models::governance
