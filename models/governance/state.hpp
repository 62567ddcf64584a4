// File: models/governance/state.hpp
//
// The state of the governance model (spec 4.2, docs/ODD.md 1.2): struct-of-arrays, one vector
// per variable. Names are words; the spec's symbol is in the comment.
//
// Storage: a resident's position is its rank in (community, original id) order; with the
// built-in neighbourhood it equals the original id. Random-number counters always use original
// ids (Layout::id). Stored as float/uint8/int32; every formula is evaluated in double.
//
// Double buffers (spec 0.2): strategy (s) and signal (x); `cur` selects the buffer that holds
// s(t−1) and x(t) during step t; R4 flips it at the end of the step.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "models/governance/passes/capacity.hpp"
#include "models/governance/selection.hpp"
#include "sim/graph/csr_view.hpp"
#include "sim/graph/network.hpp"

namespace govsim::models::governance {

inline constexpr int32_t kNever = std::numeric_limits<int32_t>::min() / 2;  // "−∞" step

// Per-resident event bits of the current step (Residents::events).
enum EventBit : uint16_t {
  kAttended = 1u << 0,      // attended a forum (a = 1)
  kWon = 1u << 1,           // attended a forum that was won
  kInvited = 1u << 2,
  kMandated = 1u << 3,      // a mandate target
  kServed = 1u << 4,        // the open need was served
  kExpired = 1u << 5,       // the open need expired
  kDisputeHead = 1u << 6,   // head of a disputing household
  kComplied = 1u << 7,      // complied with a mandate (a = 2)
  kArrived = 1u << 8,       // a need arrived
  kMisrouted = 1u << 9,     // the need that arrived was misrouted
  kDisputed = 1u << 10,     // member of a disputing household
  kVolunteered = 1u << 11,  // a = 1 by the voluntary decision (not forum attendance)
};

// Who lives where: communities, grids, households, the resident network. Fixed after init.
struct Layout {
  uint32_t n = 0;                      // residents
  uint32_t n_comm = 0;                 // communities
  std::vector<uint32_t> comm_begin;    // n_comm + 1: residents of c are positions [b, e)
  std::vector<uint32_t> oid;           // position -> original id (empty = identity)
  std::vector<int32_t> grid;           // position -> global grid id
  std::vector<uint32_t> household_head;  // position -> original id of the household's head
  std::vector<uint32_t> grid_begin;    // n_comm + 1: grids of c
  std::vector<uint64_t> grid_off;      // n_grid + 1 into grid_members
  std::vector<uint32_t> grid_members;  // positions, ascending
  std::vector<uint32_t> households;    // per community: nH_c
  uint64_t total_households = 0;
  sim::CsrView g;                      // the resident network over positions; rows by original id
  double mean_degree = 0;              // k̄
  std::shared_ptr<const sim::Network> net;  // owns the CSR storage

  uint32_t id(uint32_t pos) const { return oid.empty() ? pos : oid[pos]; }
  uint32_t n_grid() const { return static_cast<uint32_t>(grid_off.size() - 1); }
  uint32_t size(uint32_t c) const { return comm_begin[c + 1] - comm_begin[c]; }
};

struct Residents {
  // static (spec 4.3 item 3)
  std::vector<uint8_t> age_band;        // 0: 18–39, 1: 40–59, 2: 60+
  std::vector<uint8_t> party_member;    // party
  std::vector<uint8_t> in_service;      // inservice: an in-service (dual-reporting) member
  std::vector<uint8_t> owner;           // owner: the household owns its flat
  std::vector<int16_t> social_org;      // so: local index of the resident's SO, −1 = none
  std::vector<float> cost;              // c_i, private cost of acting
  std::vector<float> base_threshold;    // theta_base
  // dynamic
  std::array<std::vector<uint8_t>, 2> strategy;  // s: 1 = C, 0 = D; [cur] = s(t−1) in a step
  std::vector<float> threshold;                  // θ
  std::vector<uint8_t> act;                      // a: 0 none, 1 volunteered, 2 mobilised
  std::vector<uint16_t> events;                  // EventBit of this step
  std::vector<uint8_t> neighbour_won;  // a neighbour attended a won forum this step (4.6.2)
  bool neighbour_won_dirty = false;    // neighbour_won holds flags of an earlier step
  std::vector<float> institutional_trust;  // TI; post-experience after R1e, matched by R3
  std::vector<float> social_trust;         // TS
  std::vector<int32_t> last_volunteered;   // last_vol: last step with a = 1 (kNever: none)
  std::vector<int32_t> last_chose;         // last_vol_nf: last a = 1 by the voluntary decision
  std::vector<int32_t> last_mobilised;     // last_mob: last step with a = 2
  std::vector<int32_t> times_volunteered;  // cum_vol
  std::vector<uint8_t> need_open, need_type;  // need_open, need_type ∈ {0, 1, 2}
  std::vector<int32_t> need_since, need_ready;  // need_t0, need_ready
  std::vector<int32_t> forum;                // forum_of: forum invited to this step, −1 = none
  std::vector<float> payoff;                 // pi (R2b, imitation steps)
  std::vector<float> contribution;           // contrib_i/(k_i + 1): PGG input to each group
  std::vector<float> group_share;            // share_j (R2a, imitation steps)
  std::array<std::vector<float>, 2> signal;  // x: [cur] = x(t), [1 − cur] = x(t−1) in a step
  int cur = 0;
  // Per-step scratch: draws made once by a community pass and pulled again by a residents'
  // pass (O2 -> R1a, R1d -> R1e) instead of being recomputed; valid only where set.
  std::vector<uint64_t> invitation_key;  // pack_key(u_inv word, id), when a round invites
  std::vector<double> mandate_key;       // log(u)/w or −∞ (MandateTopQ), when Q_c > 0
  std::vector<uint32_t> service_word;    // u_serve word, for an open need with ready <= t
  // Activity code, written by R1e of step t for the pulls that follow it: bit 0 last_vol >=
  // t+1−L_signal, bit 1 last_mob >= t+1−L_signal (the window of step t+1's signal; t−3 at the
  // default L_signal 4), bit 2 a >= 1 (one byte per arc instead of eight).
  std::vector<uint8_t> activity;
  // Counts over the resident's neighbours, kept by the incremental updates of
  // neighbour_pull.hpp after R1e of step t, in the fields of one word: neighbours with a ≥ 1
  // at t (R3's TS), and R1a's counts for the signal x of step t+1 (the window [t+1−L_signal, t]
  // is final after R1e of step t): neighbours with last_vol in the window, and neighbours with
  // last_mob but not last_vol in it (acting_neighbours, recent_volunteer_neighbours,
  // recent_mobilised_neighbours).
  std::vector<uint64_t> neighbour_activity;
  // the activity code neighbour_activity holds (bits 0-2); after a change in this step also the
  // code it replaced (bits 4-6) and a flag (bit 7), for the pull across communities
  std::vector<uint8_t> activity_counted;
};

// The instrument vector v = (f_fac, f_mand, f_inc, P_c, omt_c) of a committee (4.6.9).
enum Instrument : std::size_t {
  kFacilitation = 0,  // f_fac: share of E_c for forums
  kMandates = 1,      // f_mand: share of E_c for mandates
  kIncentives = 2,    // f_inc: share of E_c for the points scheme
  kForumPeriod = 3,   // P_c (real, rounded when used)
  kTargeting = 4,     // omt_c: share of invitations targeted at T
};

struct Committee {
  std::array<double, 5> instruments{}, kept{};    // v and the kept vector v*
  double objective = 0, kept_objective = 0;       // J_c, J*_c
  double ti_at_evaluation = 0;                    // TI_eval,c
  bool has_objective = false, has_kept_objective = false, has_ti_at_evaluation = false;
  bool trial = false;                             // trial_c
  int64_t last_evaluation = 0;                    // t_eval,c
  double commitment = 0, understanding = 0;       // K_c, U_c
  // learning window sums (steps t_eval .. t−1)
  double window_p_vol = 0, window_p_tot = 0;
  int64_t window_served = 0, window_expired = 0, window_steps = 0;
  // per step
  Capacity capacity;
  double net_service_hours = 0;  // H'_c, after intake losses
  bool forum_round = false;
  int64_t forums_planned = 0, seats = 0, invitations = 0, targeted = 0;  // n_f, seats, n_inv, n_T
  int64_t mandates = 0;                                                   // Q_c
  KeyCut target_cut, rest_cut;  // invitations: n_T lowest keys in T, then the rest
  MandateCut mandate_cut;
  MandateTopQ mandate_top;      // scratch of O2's mandate selection
  bool pmc_defects = false;     // PMC_D,c
  int64_t misrouted = 0, arrivals = 0, forums_held = 0, wins = 0, fails = 0;
  std::vector<uint8_t> forum_won;  // win_c[f], per forum of this round
  std::vector<uint32_t> peers;     // peer committees, ascending
  int64_t in_service_members = 0;  // N_inserv,c
};

// Organisations j = c·slots + slot; slot 0 RC, 1 OC (reserved when absent), 2 PMC, 3.. SO.
struct Organisations {
  uint32_t slots = 3;                     // 3 + n_SO per community
  std::vector<uint8_t> exists, kind;      // kind 0 RC, 1 OC, 2 PMC, 3 SO
  std::vector<uint8_t> strategy;          // s_j: 1 = C
  std::vector<double> capacity, trust;    // b_j, tau_j
};

struct Grids {
  std::vector<double> visibility;                   // vis_g
  std::vector<int64_t> served, open;                // this step
  std::vector<double> coverage;                     // cov_g, this step
  std::vector<std::array<ServeCut, 4>> cut;         // per budget: centers 0..2, the pool
  std::vector<int64_t> window_served, window_open;  // final-window sums
};

}  // namespace govsim::models::governance
