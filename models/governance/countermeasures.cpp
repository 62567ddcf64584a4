#include "models/governance/countermeasures.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "models/kernels/math.hpp"
#include "sim/core/error.hpp"

namespace govsim::models::governance {

const std::vector<CountermeasureDef>& countermeasure_defs() {
  static const std::vector<CountermeasureDef> defs = {
      {"coordination_structure",
       "CM1 'one committee, three centers': correct routing, one window, shared queue, "
       "cross-appointment, duty lists",
       {{Key::q_match, false, 0.8},
        {Key::L_route, false, 0.0},
        {Key::pool, false, 1.0},
        {Key::cross_appoint, false, 0.4},
        {Key::admin_load, true, 0.85}}},
      {"resident_participation",
       "CM2 residents' participation: facilitation over mandates, frequent and targeted night "
       "talks, lower evening cost, trained facilitators, active in-service members",
       {{Key::f_fac, false, 0.5},
        {Key::f_mand, false, 0.4},
        {Key::forum_period, false, 4.0},
        {Key::omega_target, false, 0.4},
        {Key::c_eve, true, 0.7},
        {Key::q_fac, false, 0.8},
        {Key::act_inserv, false, 0.6}}},
      {"service_capability",
       "CM3 service capability: more staff, less upper-level load, need-driven dispatch, more "
       "in-service and co-building hours",
       {{Key::staff_per_1k, true, 1.5},
        {Key::admin_load, false, 0.4},
        {Key::w_vis, false, 0.3},
        {Key::h_inserv, false, 0.2},
        {Key::R_unit, true, 2.0}}},
      {"party_building_innovation",
       "CM4 innovation awareness: more exploration and peer learning, outcome-based evaluation, "
       "faster learning cycle",
       {{Key::iota_explore, false, 0.5},
        {Key::iota_peer, false, 0.3},
        {Key::w_visible, false, 0.3},
        {Key::sigma_explore, false, 0.1},
        {Key::L_learn, false, 8.0}}},
      {"law_and_virtue",
       "CM5 law + virtue, co-governance: enforcement and fines, recognition and norms, frequent "
       "joint meetings, leadership, less misappropriation, more owners' committees",
       {{Key::p_enf, false, 0.3},
        {Key::F, false, 1.5},
        {Key::omega_rep, false, 0.05},
        {Key::sigma_norm, false, 0.05},
        {Key::omega_rep_org, false, 0.1},
        {Key::meet_period, false, 4.0},
        {Key::phi_lead, false, 0.7},
        {Key::beta_mis, false, 0.2},
        {Key::oc_exist_p, false, 0.6}}},
  };
  return defs;
}

const CountermeasureDef* find_countermeasure(std::string_view name) {
  for (const auto& d : countermeasure_defs())
    if (d.name == name) return &d;
  return nullptr;
}

bool is_learnable(Key k) {
  return k == Key::f_fac || k == Key::f_mand || k == Key::f_inc || k == Key::forum_period ||
         k == Key::omega_target;
}

bool is_structural(Key k) { return k == Key::oc_exist_p; }

double expected_capacity_per_1k(const Params& p, double staff) {
  return staff * p.h_week * (1.0 - p.admin_load) +
         1000.0 * p.party_share * p.inserv_share * p.h_inserv * p.act_inserv + p.R_unit;
}

Overlay::Overlay(const Params& base, const std::vector<sim::CountermeasureSpec>& cms,
                 uint32_t n_comm)
    : base_(base) {
  for (std::size_t i = 0; i < cms.size(); ++i) {
    const auto& cs = cms[i];
    const CountermeasureDef* def = find_countermeasure(cs.type);
    if (!def) {
      std::string names;
      for (const auto& d : countermeasure_defs()) names += (names.empty() ? "" : ", ") + std::string(d.name);
      cs.fail("type", fmt::format("unknown countermeasure '{}' (known: {})", cs.type, names));
    }
    if (!(cs.intensity >= 0.0 && cs.intensity <= 1.0))
      cs.fail("intensity", fmt::format("must be in [0, 1], got {}", cs.intensity));
    if (cs.start_step < 0 || cs.phase_in < 0)
      cs.fail(cs.start_step < 0 ? "start_step" : "phase_in", "start_step and phase_in must be >= 0");
    Component k{def, cs.intensity, cs.start_step, cs.phase_in, {}, {}};
    for (const auto& tg : def->targets) k.value.push_back(tg.value);
    for (const auto& [name, v] : cs.targets) {
      std::size_t j = 0;
      while (j < def->targets.size() && key_info(def->targets[j].key).name != name) ++j;
      if (j == def->targets.size()) {
        std::string names;
        for (const auto& tg : def->targets) names += (names.empty() ? "" : ", ") + std::string(key_info(tg.key).name);
        cs.fail("targets." + name, fmt::format("'{}' is not a target of countermeasure '{}' (its targets: {})",
                                               name, cs.type, names));
      }
      k.value[j] = v;
    }
    k.in_comm.assign(n_comm, cs.communities.empty() ? 1 : 0);
    for (int64_t c : cs.communities) {
      if (c < 0 || c >= static_cast<int64_t>(n_comm))
        cs.fail("communities", fmt::format("community {} out of range [0, {})", c, n_comm));
      k.in_comm[static_cast<std::size_t>(c)] = 1;
    }
    comps_.push_back(std::move(k));
  }
}

double Overlay::ramp(const Component& k, int64_t t) {
  if (k.phase_in > 0)
    return std::clamp(static_cast<double>(t - k.start + 1) / static_cast<double>(k.phase_in), 0.0,
                      1.0);
  return t >= k.start ? 1.0 : 0.0;
}

double Overlay::combine(Key key, uint32_t c, int64_t t, bool full, bool started_only) const {
  const double b = field(base_, key);
  double x = b;
  bool touched = false;
  for (const auto& k : comps_) {
    if (!k.in_comm[c]) continue;
    for (std::size_t j = 0; j < k.def->targets.size(); ++j) {
      const CmTarget& tg = k.def->targets[j];
      if (tg.key != key) continue;
      double r = 1.0;
      if (!full) r = ramp(k, t);
      if (started_only) r = t >= k.start ? 1.0 : 0.0;
      const double target = tg.multiplier ? k.value[j] * b : k.value[j];
      x += k.intensity * r * (target - b);
      touched = true;
    }
  }
  if (!touched) return b;
  const KeyInfo& info = key_info(key);
  x = std::clamp(x, info.lo, info.hi);
  if (info.integer) x = kernels::round_half_up(x);
  return x;
}

void Overlay::effective(uint32_t c, int64_t t, Params& out) const {
  out = base_;
  for (const auto& k : comps_) {
    if (!k.in_comm[c]) continue;
    for (const auto& tg : k.def->targets) {
      if (is_learnable(tg.key)) continue;
      field(out, tg.key) = is_structural(tg.key) ? combine(tg.key, c, t, true, false)
                                                 : combine(tg.key, c, t, false, false);
    }
  }
  if (base_.cost_matched) {
    const double c_base = expected_capacity_per_1k(base_, base_.staff_per_1k);
    const double c_arm0 = expected_capacity_per_1k(out, 0.0);
    out.staff_per_1k =
        std::clamp((c_base - c_arm0) / (out.h_week * (1.0 - out.admin_load)), 0.0, 10.0);
  }
}

double Overlay::structural(Key k, uint32_t c) const { return combine(k, c, 0, true, false); }

double Overlay::learnable(Key k, uint32_t c, int64_t t) const {
  return combine(k, c, t, false, true);
}

bool Overlay::learnable_starts(uint32_t c, int64_t t) const {
  for (const auto& k : comps_) {
    if (!k.in_comm[c] || k.start != t) continue;
    for (const auto& tg : k.def->targets)
      if (is_learnable(tg.key)) return true;
  }
  return false;
}

}  // namespace govsim::models::governance
