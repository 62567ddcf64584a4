// File: models/governance/params.hpp
//
// The parameters of the governance model (model spec 4.7): one X-macro table gives, for every
// scalar parameter, its name, kind (R real, I integer), default (= baseline, spec 4.8), hard
// domain, typical range, unit, meaning and basis. The table generates both the ParamSchema
// (`govsim describe governance`) and the plain struct `Params` the model reads, so the two can
// never disagree. List parameters (hh_size_p, age_p, age_theta, beta_age, need_mix, cap_share)
// and the non-numeric keys (cost_matched, center_names) are declared by hand below.
//
// Integer keys are stored as doubles in `Params` so that a countermeasure overlay can combine
// them like any other key; they are rounded (⌊x+½⌋, E26) after every combination.
// The horizon of spec 4.7 is the scenario's top-level `steps`, not a parameter here.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/param_schema.hpp"

namespace govsim::models::governance {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// X(name, kind, default, lo, hi, lo_open, hi_open, typical_lo, typical_hi, unit, meaning, basis)
// clang-format off
#define GOVSIM_GOVERNANCE_PARAMS(X) \
  /* population and networks (4.3) */ \
  X(n_comm, I, 132, 1, kInf, 0, 0, 1, 200, "count", "number of communities", "[V] sec. 1: about 132 villages/communities in Sanyuan") \
  X(pop_comm, I, 3100, 100, kInf, 0, 0, 500, 30000, "residents", "residents per community", "[V] sec. 1: 409k residents / 132") \
  X(bldg_hh, I, 12, 1, kInf, 0, 0, 6, 30, "households", "households per building", "[A]") \
  X(grid_hh, I, 200, 1, kInf, 0, 0, 100, 500, "households", "target households per grid", "[A]") \
  X(comm_per_subdistrict, I, 11, 1, kInf, 0, 0, 5, 20, "count", "communities per subdistrict (peer groups of committees)", "[V] 132/12 stations") \
  X(k_mean, R, 10, 2, kInf, 0, 0, 4, 30, "links", "target mean degree of the resident network", "[A]") \
  X(p_bldg, R, 0.3, 0, 1, 0, 0, 0, 0.6, "probability", "share of non-household stubs that go to the own building", "[A]") \
  X(p_rewire, R, 0.1, 0, 1, 0, 0, 0, 0.5, "probability", "rewiring probability of a lattice stub", "[A]") \
  X(p_cross, R, 0.02, 0, 1, 0, 0, 0, 0.1, "probability", "share of stubs that leave the community", "[A]") \
  X(party_share, R, 0.07, 0, 1, 0, 0, 0.04, 0.15, "share", "share of residents who are Party members", "[A]") \
  X(inserv_share, R, 0.5, 0, 1, 0, 0, 0.2, 0.7, "share", "share of Party members who are in-service (dual reporting) members", "[A]") \
  X(owner_share, R, 0.7, 0, 1, 0, 0, 0.3, 0.9, "share", "share of households that own their flat", "[A]") \
  X(oc_exist_p, R, 0.3, 0, 1, 0, 0, 0.1, 1, "probability", "probability that a community has an owners' committee (structural)", "[A] cause 1") \
  X(n_SO, I, 3, 0, kInf, 0, 0, 0, 20, "count", "social organisations per community", "[A] cause 1") \
  X(p_so, R, 0.1, 0, 1, 0, 0, 0, 0.5, "probability", "probability that a resident belongs to a social organisation", "[A]") \
  /* initial state and thresholds (4.4, 4.6.4) */ \
  X(frac_D0, R, 0.30, 0, 1, 0, 0, 0.1, 0.5, "share", "initial share of residents with disposition D", "Fischbacher et al. 2001; cause 1") \
  X(frac_uncond, R, 0.02, 0, 1, 0, 0, 0, 0.1, "share", "share of unconditional volunteers (theta_base = 0)", "cal") \
  X(theta_mu, R, 0.55, 0, 2, 0, 0, 0.3, 0.7, "signal", "mean base threshold", "cal") \
  X(theta_sd, R, 0.25, 0, 1, 0, 0, 0.1, 0.35, "signal", "sd of the base threshold", "cal") \
  X(theta_max, R, 2, 1, kInf, 0, 0, 1, 3, "signal", "cap of thresholds (theta > 1 never volunteers)", "[A]") \
  X(party_theta, R, -0.10, -0.5, 0.5, 0, 0, -0.2, 0.2, "signal", "threshold shift of Party members", "[A] Shanghai gradient sec. 1") \
  X(w_TI, R, 0.3, 0, 1, 0, 0, 0, 0.5, "signal", "threshold shifter: institutional trust", "[A]") \
  X(w_TS, R, 0.2, 0, 1, 0, 0, 0, 0.5, "signal", "threshold shifter: social trust", "[A]") \
  X(w_inv, R, 0.2, 0, 1, 0, 0, 0, 0.5, "signal", "threshold shifter: being invited this step", "[A]") \
  X(w_cost, R, 0.2, 0, 1, 0, 0, 0, 0.5, "signal", "threshold shifter: private cost c_i", "[A]") \
  X(phi_frame, R, 0.05, 0, 1, 0, 0, 0, 0.5, "signal", "framing: threshold cut per unit of TI", "[A] Sorensen & Torfing framing") \
  X(tau, R, 0.10, 0, kInf, 0, 0, 0, 0.2, "signal", "logit noise of the voluntary decision (0 = step)", "cal") \
  X(p_act, R, 0.3, 0, 1, 1, 0, 0.1, 0.6, "probability", "weekly opportunity to act", "[A] new in v2") \
  X(eps_spont, R, 0.002, 0, 1, 0, 0, 0, 0.01, "probability", "weekly spontaneous volunteering", "[A]") \
  X(w_mob_signal, R, 0.5, 0, 1, 0, 0, 0, 1, "weight", "signal weight of a neighbour's mobilised act", "[A]") \
  X(L_signal, I, 4, 1, 52, 0, 0, 1, 13, "steps", "length of the neighbour-signal window: x_i counts neighbours with last_vol in [t-L_signal, t-1]", "[A] spec 6.1 (was the constant window [t-4, t-1])") \
  X(c_max, R, 0.4, 0, 1, 0, 0, 0.2, 0.6, "signal", "private cost c_i ~ U(0, c_max)", "[A]") \
  X(so_cost_cut, R, 0.3, 0, 1, 0, 0, 0, 0.6, "share", "cost cut for members of an SO playing C", "[A]") \
  /* public goods game (4.6.6) */ \
  X(c_pgg, R, 1, 0, kInf, 1, 0, NAN, NAN, "payoff", "PGG contribution of a volunteer", "[A]") \
  X(eta0, R, 0.6, 0, kInf, 0, 0, 0.3, 1.2, "", "PGG return: r = eta0 (kbar+1)(1 + gamma_serv cov_g)", "[A]") \
  X(e_mob, R, 0.3, 0, 1, 0, 0, 0, 1, "share", "efficiency of a mobilised act relative to a voluntary one", "[A]") \
  X(gamma_serv, R, 0.5, 0, kInf, 0, 0, 0, 2, "", "complementarity of services and the public good", "[A] Emerson et al. interdependence") \
  X(K_res, R, 0.5, 0, kInf, 1, 0, 0.05, 2, "payoff", "Fermi imitation noise", "[A]") \
  X(L_res, I, 4, 1, kInf, 0, 0, 1, 13, "steps", "imitation period", "[A]") \
  X(omega_rep, R, 0.02, 0, 0.5, 0, 0, 0, 0.2, "payoff", "recognition payoff of a volunteer", "[A]") \
  X(sigma_norm, R, 0, 0, 0.5, 0, 0, 0, 0.2, "payoff", "disapproval of D, times x(t-1)", "[A]") \
  /* mandates (4.6.5) */ \
  X(comply0, R, 0.6, 0, 1, 0, 0, NAN, NAN, "probability", "base compliance with a mandate", "[A]") \
  X(comply_TI, R, 0.3, 0, 1, 0, 0, NAN, NAN, "probability", "compliance gain per unit of TI", "[A]") \
  X(m_party, R, 4, 1, kInf, 0, 0, 1, 10, "weight", "targeting weight of Party members", "[A] dual-reporting duty sec. 1") \
  X(mandate_w0, R, 0.5, 0, kInf, 0, 0, 0, 2, "weight", "base of the mandate weight (party ? m_party : 1)(mandate_w0 + TI)", "[A] spec 6.1 (was the constant 0.5)") \
  X(party_accept, R, 0.7, 0, 1, 0, 0, 0.3, 0.9, "share", "burden discount of Party members", "[A] dual-reporting duty sec. 1") \
  X(kappa_out, R, 0.02, 0, 0.1, 0, 0, 0, 0.1, "signal", "crowding out: threshold rise per unit of burden", "Frey & Jegen 2001") \
  X(kappa_in, R, 0.005, 0, 0.05, 0, 0, 0, 0.05, "signal", "crowding in: threshold cut per forum attended", "Frey & Jegen 2001") \
  X(kappa_commit, R, 0.02, 0, 0.1, 0, 0, 0, 0.1, "signal", "threshold cut of attendees of a won forum", "[A] Ansell & Gash small wins") \
  X(theta_recover, R, 0.02, 0, 0.2, 0, 0, 0, 0.1, "1/week", "weekly recovery of theta toward theta_base", "cal") \
  X(autonomy, R, 0.2, 0, 1, 0, 0, 0, 1, "share", "autonomy left by a mandate (burden factor 1 - autonomy)", "[A]") \
  /* trust (4.6.7) */ \
  X(TI0, R, 0.6, 0, 1, 1, 1, 0.3, 0.8, "trust", "initial mean institutional trust (Beta)", "[A] placeholder (open item 3)") \
  X(TS0, R, 0.45, 0, 1, 1, 1, 0.3, 0.8, "trust", "initial mean social trust (Beta) and its decay target", "[A] cause 1") \
  X(trust_sd, R, 0.15, 0, 0.5, 1, 0, 0.05, 0.25, "trust", "sd of initial trust (clipped to 0.95 sqrt(m(1-m)))", "[A]") \
  X(lam_pos, R, 0.05, 0, 1, 0, 0, 0.01, 0.2, "1/weight", "TI learning rate from positive experience", "[A]") \
  X(lam_neg, R, 0.10, 0, 1, 0, 0, 0.01, 0.2, "1/weight", "TI learning rate from negative experience", "[A] negativity bias") \
  X(d_T, R, 0.3, 0, 1, 0, 0, 0.05, 1, "trust", "confidence bound of trust averaging", "Deffuant et al. 2000") \
  X(mu_T, R, 0.2, 0, 0.5, 0, 0, 0.05, 0.5, "share", "convergence rate of trust averaging", "Deffuant et al. 2000") \
  X(p_talk, R, 0.2, 0, 1, 0, 0, 0.05, 1, "probability", "probability that a matched pair talks", "[A]") \
  X(lam_S, R, 0.05, 0, 1, 0, 0, 0, 0.2, "1/week", "TS gain from joint action", "[A]") \
  X(delta_S, R, 0.01, 0, 1, 0, 0, 0, 0.05, "1/week", "TS decay toward TS0", "[A]") \
  X(omega_wom, R, 0.3, 0, 1, 0, 0, 0, 1, "weight", "word of mouth of a won forum", "[A]") \
  X(w_serve, R, 1, 0, 2, 0, 0, 0, 1, "weight", "experience weight: need served", "[A]") \
  X(w_voice, R, 0.3, 0, 2, 0, 0, 0, 1, "weight", "experience weight: voice at a forum", "[A] Tyler procedural justice") \
  X(w_win, R, 1, 0, 2, 0, 0, 0, 1, "weight", "experience weight: attended a won forum", "[A]") \
  X(w_fail, R, 0.3, 0, 2, 0, 0, 0, 1, "weight", "experience weight: attended a failed forum", "[A]") \
  X(w_wait, R, 0.5, 0, 2, 0, 0, 0, 1, "weight", "experience weight: need waited past patience", "[A]") \
  X(w_expire, R, 1, 0, 2, 0, 0, 0, 1, "weight", "experience weight: need expired", "[A]") \
  X(w_burden, R, 1, 0, 2, 0, 0, 0, 1, "weight", "experience weight: mandate burden", "[A]") \
  X(w_disp, R, 1, 0, 2, 0, 0, 0, 1, "weight", "experience weight: household dispute", "[A]") \
  X(w_rec, R, 0.3, 0, 2, 0, 0, 0, 1, "weight", "experience weight: recognition by points", "[A]") \
  /* capacity and services (4.6.1) */ \
  X(staff_per_1k, R, 2.0, 0, 10, 0, 0, 0.4, 4, "staff/1000", "community staff per 1,000 residents", "[A] chosen for coverage ~ 0.48; Ningde cadres ~ 0.45 per 1,000 [V]") \
  X(h_week, R, 40, 0, kInf, 1, 0, NAN, NAN, "h/week", "working hours per staff member", "[V]") \
  X(admin_load, R, 0.6, 0, 0.95, 0, 0, 0.2, 0.8, "share", "share of staff time taken by upper-level tasks", "[V] 50.2% + 15.3% survey sec. 1; cause 2") \
  X(h_inserv, R, 0.1, 0, 4, 0, 0, 0, 2, "h/week", "hours per in-service member", "[V] >= 2 services a year") \
  X(act_inserv, R, 0.3, 0, 1, 0, 0, 0, 1, "share", "activation of in-service members", "[A]") \
  X(R_unit, R, 5, 0, 50, 0, 0, 0, 20, "h/week per 1000", "co-building hours of unit Party organisations per 1,000", "cal") \
  X(h_org, R, 1, 0, 10, 0, 0, 0, 3, "h/week per 1000", "hours per unit b of an organisation playing C, per 1,000", "[A]") \
  X(f_gov, R, 0.3, 0, 1, 0, 0, NAN, NAN, "share", "share of capacity for governance effort E_c (rest: services)", "[A]") \
  X(f_fac, R, 0.3, 0, 1, 0, 0, NAN, NAN, "share", "initial facilitation share of E_c (learnable)", "[A] Jessop collibration") \
  X(f_mand, R, 0.6, 0, 1, 0, 0, NAN, NAN, "share", "initial mandate share of E_c (learnable)", "[A] cause 2") \
  X(f_inc, R, 0.1, 0, 1, 0, 0, NAN, NAN, "share", "initial incentive (points) share of E_c (learnable)", "[A]") \
  X(f_min, R, 0.05, 0, 1.0 / 3.0, 0, 1, NAN, NAN, "share", "floor of each instrument share after exploration", "[A] requisite variety") \
  X(w_need, R, 1, 0, 2, 0, 0, 0, 2, "", "grid allocation exponent of pending needs", "[A]") \
  X(w_vis, R, 1, 0, 2, 0, 0, 0, 2, "", "grid allocation exponent of visibility", "[A] cause 2") \
  X(vis_lo, R, 0.5, 0, 2, 0, 0, 0, 2, "", "grid visibility vis_g ~ U(vis_lo, vis_hi)", "[A]") \
  X(vis_hi, R, 1.5, 0, 2, 0, 0, 0, 2, "", "upper bound of grid visibility", "[A]") \
  X(q_match, R, 0.5, 0, 1, 0, 0, 0.2, 0.95, "probability", "probability a need is routed correctly", "[A] cause 3") \
  X(L_route, R, 1, 0, 8, 0, 0, 0, 4, "steps", "routing delay (doubled when misrouted)", "[A] cause 3") \
  X(misroute_delay, R, 1, 0, 4, 0, 0, 0, 3, "x L_route", "extra routing delay of a misrouted need: d = sround(L_route (1 + misroute_delay [misrouted]))", "[A] spec 6.1 (was the constant 1: a misrouted need waits twice L_route)") \
  X(pool, R, 0, 0, 1, 0, 0, 0, 1, "share", "share of service hours in one shared queue", "[A] cause 3") \
  X(h_mis, R, 0.5, 0, 4, 0, 0, 0, 2, "h", "referral hours per misrouted need", "[A] cause 3") \
  X(p_need, R, 0.02, 0, 0.2, 0, 0, 0.005, 0.05, "1/week", "weekly need arrival per resident", "cal") \
  X(L_patience, R, 3, 1, kInf, 0, 0, 1, 8, "steps", "age at which a waiting need costs trust (ceil)", "[A]") \
  X(L_expire, I, 8, 1, kInf, 0, 0, 4, 26, "steps", "age at which a need expires", "cal") \
  X(h_need, R, 2, 0, kInf, 1, 0, 0.5, 8, "h", "hours per served need", "[A]") \
  X(q_pen, R, 0.5, 0, 3, 0, 0, 0, 2, "share", "extra need arrivals of owners when the PMC defects", "[A]") \
  X(p_disp, R, 0.001, 0, 0.05, 0, 0, 0.0003, 0.003, "1/week", "weekly dispute probability per owner household (PMC defects)", "cal: ~30/1000 hh/yr [V] order sec. 1") \
  /* forums (4.6.2) */ \
  X(forum_period, R, 8, 1, 13, 0, 0, 2, 13, "steps", "initial forum period P_c (learnable, real; rounded when used)", "[A]") \
  X(forum_seats, I, 30, 1, kInf, 0, 0, 10, 100, "seats", "seats per forum", "[A]") \
  X(omega_target, R, 0.1, 0, 1, 0, 0, 0, 1, "share", "initial share of invitations targeted at the inactive and the needy (learnable)", "[A]") \
  X(L_inactive, I, 52, 1, 520, 0, 0, 13, 104, "steps", "inactivity window of the forum target set: T = {last_vol < t - L_inactive or need open}", "[A] spec 6.1 (was the constant 52)") \
  X(seat_SO, I, 9, 0, kInf, 0, 0, 0, 20, "seats", "extra seats per SO playing C", "[A]") \
  X(h_forum, R, 6, 0, kInf, 1, 0, 2, 20, "h", "staff hours per forum", "[A]") \
  X(c_eve, R, 0.2, 0, 1, 0, 0, 0, 0.5, "logit", "evening cost in the attendance logit", "[A]") \
  X(beta0, R, -1, -5, 5, 0, 0, -2, 2, "logit", "attendance intercept", "[A]") \
  X(beta1, R, 2, -5, 5, 0, 0, -2, 2, "logit", "attendance weight of TI", "[A]") \
  X(beta2, R, 1, -5, 5, 0, 0, -2, 2, "logit", "attendance weight of TS", "[A]") \
  X(beta_K, R, 1, -5, 5, 0, 0, -2, 2, "logit", "attendance weight of commitment K_c - K_c0", "[A]") \
  X(beta_party, R, 0.5, -5, 5, 0, 0, -2, 2, "logit", "attendance shift of Party members", "[A]") \
  X(rho_base, R, 0.2, 0, 1, 1, 1, 0.1, 0.35, "probability", "baseline resolution probability of a forum", "cal: win ~0.2") \
  X(q_fac, R, 0.5, 0, 1, 0, 0, 0, 1, "quality", "facilitation quality", "[A]") \
  X(g_fac, R, 2, 0, kInf, 0, 0, 0, 4, "logit", "resolution weight of q_fac", "[A]") \
  X(g_lead, R, 2, 0, kInf, 0, 0, 0, 4, "logit", "resolution weight of phi_lead", "[A]") \
  X(g_U, R, 1, 0, kInf, 0, 0, 0, 4, "logit", "resolution weight of U_c - U_c0", "cal") \
  X(g_org, R, 1.5, 0, kInf, 0, 0, 0, 4, "logit", "resolution weight of C_org - C_ref", "cal") \
  X(C_ref, R, 0.1, 0, 1, 0, 0, 0, 1, "share", "reference organisation cooperation", "cal") \
  X(phi_lead, R, 0.5, 0, 1, 0, 0, 0, 1, "share", "facilitative leadership", "[A] Ansell & Gash") \
  X(lam_K, R, 0.1, 0, 1, 0, 0, 0, 0.3, "share", "commitment update rate", "[A] Ansell & Gash") \
  X(lam_U, R, 0.1, 0, 1, 0, 0, 0, 0.3, "share", "shared-understanding update rate", "[A] Ansell & Gash") \
  X(K_c0, R, 0.2, 0, 1, 0, 0, 0, 0.3, "share", "initial commitment K_c", "[A]") \
  X(U_c0, R, 0.2, 0, 1, 0, 0, 0, 0.3, "share", "initial shared understanding U_c", "[A]") \
  /* points and mandates (4.6.3, 4.6.5) */ \
  X(h_pts, R, 4, 0, kInf, 1, 0, 1, 10, "h/week per 1000", "hours per 1,000 residents of a full points scheme", "[A]") \
  X(w_pts, R, 0.15, 0, 0.5, 0, 0, 0, 0.3, "signal", "cost cut of a full points scheme", "[A] Gneezy & Rustichini 2000") \
  X(kappa_pts, R, 0.03, 0, 0.5, 0, 0, 0, 0.1, "signal", "crowding out of a full points scheme (<= w_pts)", "[A] Gneezy & Rustichini 2000") \
  X(h_mob, R, 0.5, 0, kInf, 1, 0, 0.1, 2, "h", "staff hours per mandate target", "[A]") \
  /* committee learning (4.6.9) */ \
  X(L_learn, I, 13, 4, 52, 0, 0, 4, 26, "steps", "learning period", "[A] cause 4") \
  X(iota_explore, R, 0.02, 0, 1, 0, 0, 0, 0.5, "probability", "exploration probability per evaluation", "[A] cause 4") \
  X(iota_peer, R, 0.05, 0, 1, 0, 0, 0, 0.5, "probability", "peer-imitation probability per evaluation", "[A] cause 4") \
  X(sigma_explore, R, 0.05, 0, 0.3, 0, 0, 0, 0.2, "share", "exploration step size", "[A]") \
  X(explore_period_scale, R, 12, 0, kInf, 0, 0, 4, 24, "steps", "forum-period exploration step: P_c += explore_period_scale sigma_explore z4", "[A] spec 6.1 (was the constant 12)") \
  X(K_party, R, 0.05, 0, kInf, 1, 0, 0.01, 0.5, "", "noise of peer adoption", "[A]") \
  X(w_visible, R, 0.7, 0, 1, 0, 0, 0, 1, "weight", "weight of visible activity P_tot in J_c", "[A] cause 2") \
  X(g_learn, R, 10, 0, kInf, 0, 0, 2, 20, "1/trust", "gain of the trust term of J_c: clip(1/2 + g_learn dTI, 0, 1)", "[A] spec 6.1 (was the constant 10)") \
  X(p_peer_x, R, 0.05, 0, 1, 0, 0, 0, 0.3, "probability", "peer link between committees of different subdistricts", "[A]") \
  /* organisation game (4.6.8) */ \
  X(r_org, R, 1.5, 0, kInf, 0, 0, 1, 3, "payoff", "stag-hunt return of cooperation", "[A]") \
  X(c_C, R, 0.3, 0, kInf, 0, 0, 0, 1, "payoff", "cost of cooperation", "cal") \
  X(delta_D, R, 0.4, 0, kInf, 0, 0, 0, 1, "payoff", "gain of defection", "cal; cause 5") \
  X(beta_mis, R, 0.4, 0, 1, 0, 0, 0, 1, "share", "misappropriation of the cooperative return", "[A] cause 5") \
  X(tau_org0, R, 0.3, 0, 1, 0, 0, 0, 1, "trust", "initial inter-organisation trust", "[A] cause 5") \
  X(lam_org, R, 10, 0, kInf, 0, 0, 2, 20, "1/payoff", "logit intensity of the organisation game", "cal") \
  X(lam_tau, R, 0.1, 0, 1, 0, 0, 0, 0.5, "share", "inter-organisation trust update rate", "[A]") \
  X(p_enf, R, 0.1, 0, 1, 0, 0, 0, 0.9, "probability", "enforcement probability (law)", "[A] cause 5") \
  X(F, R, 1, 0, 5, 0, 0, 0, 3, "payoff", "fine on defection", "[A]") \
  X(psi_meta, R, 0, 0, 1, 0, 0, 0, 1, "payoff", "meta-governance premium on cooperation", "[A]") \
  X(omega_rep_org, R, 0, 0, 1, 0, 0, 0, 0.5, "payoff", "reputation loss of a defecting organisation (virtue)", "[A]") \
  X(meet_period, I, 13, 1, 52, 0, 0, 4, 52, "steps", "joint-meeting period", "[A] cause 3") \
  X(lam_meet, R, 0.3, 0, 1, 0, 0, 0, 0.5, "share", "trust gain of a joint meeting (times phi_lead)", "[A]") \
  X(cross_appoint, R, 0.1, 0, 1, 0, 0, 0, 1, "share", "cross-appointment (reduces misappropriation)", "[A] cause 3") \
  X(b_RC, R, 1, 0, 3, 0, 0, NAN, NAN, "capacity", "capacity of the residents' committee", "[A]") \
  X(b_OC, R, 0.5, 0, 3, 0, 0, NAN, NAN, "capacity", "capacity of the owners' committee", "[A]") \
  X(b_PMC, R, 1, 0, 3, 0, 0, NAN, NAN, "capacity", "capacity of the property-management company", "[A]") \
  X(b_SO, R, 0.3, 0, 3, 0, 0, NAN, NAN, "capacity", "capacity of a social organisation", "[A]") \
  /* outputs (4.10) */ \
  X(final_window, I, 52, 1, kInf, 0, 0, NAN, NAN, "steps", "averaging window W of the final values (capped at steps)", "spec 4.10")
// clang-format on

// Plain values of one community at one step (all numbers as double).
struct Params {
#define GOVSIM_GOV_FIELD(name, kind, def, ...) double name = def;
  GOVSIM_GOVERNANCE_PARAMS(GOVSIM_GOV_FIELD)
#undef GOVSIM_GOV_FIELD
  std::vector<double> hh_size_p{0.25, 0.30, 0.20, 0.15, 0.10};
  std::vector<double> age_p{0.38, 0.34, 0.28};
  std::vector<double> age_theta{0.10, 0.0, -0.10};
  std::vector<double> beta_age{-0.5, 0.0, 0.5};
  std::vector<double> need_mix{0.35, 0.35, 0.30};
  std::vector<double> cap_share{0.50, 0.30, 0.20};
  bool cost_matched = false;
  std::string center_names;

  // Reads every value from a validated ParamSet. Throws sim::InputError for cross-parameter
  // constraints (kappa_pts <= w_pts, vis_lo <= vis_hi, pop_comm >= 1, ...).
  static Params from(const sim::ParamSet& set);

  // Integer accessors (values are kept rounded).
  int64_t i(double v) const { return static_cast<int64_t>(v); }
};

// Index of every scalar parameter, for the countermeasure overlay.
enum class Key : int {
#define GOVSIM_GOV_KEY(name, ...) name,
  GOVSIM_GOVERNANCE_PARAMS(GOVSIM_GOV_KEY)
#undef GOVSIM_GOV_KEY
      kCount
};

struct KeyInfo {
  std::string_view name;
  bool integer;
  double lo, hi;
};
// Name, integrality and hard domain of a key.
const KeyInfo& key_info(Key k);
// Access to a key's field.
double& field(Params& p, Key k);
double field(const Params& p, Key k);
// Key by name (for tests and docs); throws std::out_of_range when unknown.
Key key_by_name(std::string_view name);

// Default names of the three centers (spec sec. 1, [?]): config data, see docs/ODD.md.
inline constexpr std::string_view kDefaultCenterNames =
    "party-mass service center;grid/comprehensive-governance center;civilization practice station";

// The model's schema (every parameter with default, domain, typical range, unit, meaning and
// basis).
sim::ParamSchema governance_schema();

}  // namespace govsim::models::governance
