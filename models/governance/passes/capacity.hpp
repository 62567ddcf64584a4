// File: models/governance/passes/capacity.hpp
//
// Pass O1, committee capacity (spec 4.6.1, first items, and the points share of 4.6.3;
// docs/ODD.md 3.2). With n1k = n_c/1000:
//   cap_c     = staff_per_1k·n1k·h_week·(1 − admin_load) + N_inserv,c·h_inserv·act_inserv
//               + R_unit·n1k                                                      [h/week]
//   cap_org,c = h_org·n1k·Σ_{j∈c, s_j(t−1)=C} b_j
//   E_c = f_gov·cap_c (governance effort),  H_c = (1 − f_gov)·cap_c (service hours)
//   C_org,c = Σ_{C} b_j / Σ b_j at t−1 (0 if Σ b = 0)
//   I_c = min(1, f_inc·E_c/(h_pts·n1k))  (share of a full points scheme funded)
// plus the cost ledger of 4.10 (ODD decision 21).
// Reads (cur): the effective parameters, the instrument f_inc of v, the organisations'
// s_j(t−1) and b_j, N_inserv,c. Writes (next): Committee::capacity.
#pragma once

#include <algorithm>
#include <vector>

#include "models/governance/params.hpp"

namespace govsim::models::governance {

struct StepContext;
struct Committee;
struct Organisations;

struct Capacity {
  double total = 0;               // cap_c, h/week
  double organisation_hours = 0;  // cap_org,c = h_org n1k Σ_{C} b_j
  double effort = 0;              // E_c = f_gov cap_c, governance effort
  double service_hours = 0;       // H_c = (1 − f_gov) cap_c
  double org_cooperation = 0;     // C_org,c = Σ_C b / Σ b (0 if Σ b = 0)
  double points_share = 0;        // I_c = min(1, f_inc E_c / (h_pts n1k))
  double staff_hours = 0;         // cost ledger: paid staff hours staff n1k h_week
  double in_service_hours = 0;    // N_inserv h_inserv act_inserv
  double cobuilding_hours = 0;    // R_unit n1k
  double points_hours = 0;        // min(f_inc E_c, h_pts n1k): hours spent on points
};

// The capacity of a community of n_c residents with n_inserv in-service members, organisation
// capacity sum_b_c playing C out of sum_b, and incentive share f_inc.
inline Capacity capacity(const Params& p, double n_c, double n_inserv, double sum_b_c,
                         double sum_b, double f_inc) {
  Capacity k;
  const double n1k = n_c / 1000.0;
  k.staff_hours = p.staff_per_1k * n1k * p.h_week;
  k.in_service_hours = n_inserv * p.h_inserv * p.act_inserv;
  k.cobuilding_hours = p.R_unit * n1k;
  k.total = k.staff_hours * (1.0 - p.admin_load) + k.in_service_hours + k.cobuilding_hours;
  k.organisation_hours = p.h_org * n1k * sum_b_c;
  k.effort = p.f_gov * k.total;
  k.service_hours = (1.0 - p.f_gov) * k.total;
  k.org_cooperation = sum_b > 0 ? sum_b_c / sum_b : 0.0;
  k.points_share = n1k > 0 ? std::min(1.0, f_inc * k.effort / (p.h_pts * n1k)) : 0.0;
  k.points_hours = std::min(f_inc * k.effort, p.h_pts * n1k);
  return k;
}

// O1 for every community (also run once at initialisation, for the cost ledger of row 0).
void update_capacity(const StepContext& s, const Organisations& org, std::vector<Committee>& com);

}  // namespace govsim::models::governance
