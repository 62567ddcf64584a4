// File: models/governance/governance_model.hpp
//
// The runtime of the governance model: struct-of-arrays state and the passes of one step
// (spec 4.5): O0 learning, O1 capacity, O2 committee, O3 organisations, R1a-R1e residents,
// R2a/R2b public goods, R3 trust, R4 adaptation, M metrics. Every pass is a oneTBB loop
// (residents) or one range per community; a pass writes only its own slots; s and x are
// double-buffered; per-community reductions run in ascending id; selections are pulls against
// community or grid cutoffs (E7). Results are bit-identical for any thread count.
//
// Storage: a resident's position is its rank in (community, original id) order; with the
// built-in neighbourhood it equals the original id. RNG counters always use original ids.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "models/governance/countermeasures.hpp"
#include "models/governance/params.hpp"
#include "models/governance/submodels.hpp"
#include "sim/graph/network.hpp"
#include "sim/model/model.hpp"

namespace govsim::models::governance {

// Per-resident event bits of the current step.
enum EventBit : uint16_t {
  kAttended = 1u << 0,
  kWon = 1u << 1,
  kInvited = 1u << 2,
  kMandated = 1u << 3,
  kServed = 1u << 4,
  kExpired = 1u << 5,
  kDisputeHead = 1u << 6,
  kComplied = 1u << 7,
  kArrived = 1u << 8,
  kMisrouted = 1u << 9,  // misrouted arrival of this step
  kDisputed = 1u << 10,
  kVolunteered = 1u << 11,  // a = 1 by the voluntary decision (not forum attendance)
};

struct Layout {
  uint32_t n = 0;
  uint32_t n_comm = 0;
  std::vector<uint32_t> comm_begin;   // n_comm + 1: residents of c are positions [b, e)
  std::vector<uint32_t> oid;          // position -> original id (empty = identity)
  std::vector<int32_t> grid;          // position -> global grid id
  std::vector<uint32_t> head;         // position -> original id of the household head
  std::vector<uint32_t> grid_begin;   // n_comm + 1: grids of c
  std::vector<uint64_t> grid_off;     // n_grid + 1 into grid_members
  std::vector<uint32_t> grid_members; // positions, ascending
  std::vector<uint32_t> households;   // per community: nH_c
  uint64_t total_households = 0;
  sim::CsrView g;                     // positions; rows ascending by original id
  double mean_degree = 0;
  std::shared_ptr<const sim::Network> net;  // owns the CSR storage

  uint32_t id(uint32_t pos) const { return oid.empty() ? pos : oid[pos]; }
  uint32_t n_grid() const { return static_cast<uint32_t>(grid_off.size() - 1); }
  uint32_t size(uint32_t c) const { return comm_begin[c + 1] - comm_begin[c]; }
};

struct Residents {
  // static
  std::vector<uint8_t> age, party, inservice, owner;
  std::vector<int16_t> so;
  std::vector<float> c_cost, theta_base;
  // dynamic
  std::array<std::vector<uint8_t>, 2> s;  // 1 = C; s[cur] = s(t−1) during a step
  std::vector<float> theta;
  std::vector<uint8_t> a;                 // 0, 1 vol, 2 mob
  std::vector<uint16_t> ev;               // EventBit of this step
  std::vector<uint8_t> wom;               // some neighbour attended a won forum this step (R1e)
  std::vector<float> TI, TS;  // TI after R1e is post-experience; R3's matching updates it in place
  std::vector<int32_t> last_vol, last_vol_nf, last_mob, cum_vol;
  std::vector<uint8_t> need_open, need_type;
  std::vector<int32_t> need_t0, need_ready, forum_of;
  std::vector<float> pi, pm, share;
  std::array<std::vector<float>, 2> x;    // x[cur] = x(t), x[1−cur] = x(t−1) during a step
  int cur = 0;
  // per-step scratch: draws made once by a community pass and pulled again by the residents'
  // pass (O2 -> R1a, R1d -> R1e) instead of being recomputed (issue 7); valid only where set
  std::vector<uint64_t> inv_key;          // pack_key(u_inv word, id), when cm.round && n_inv > 0
  std::vector<double> mkey;               // mandate key log(u)/w, when cm.Q > 0
  std::vector<uint32_t> serve_word;       // u_serve word, for an open need with ready <= t
  // activity code, written by R1e of step t for the pulls that follow it: bit 0 last_vol >= t−3,
  // bit 1 last_mob >= t−3, bit 2 a >= 1 (issue 7: one byte per arc instead of eight)
  std::vector<uint8_t> act_code;
  // R1a's neighbour counts for the signal x of step t+1, pulled by R3's TS loop of step t over
  // act_code (the window [t−3, t] of step t+1 is final after R1e of step t): neighbours with
  // last_vol in the window, and neighbours with last_mob but not last_vol in it
  std::vector<uint32_t> sig_nv, sig_nm;
};

struct Committee {
  // v = (f_fac, f_mand, f_inc, P_c, omt_c) and the kept vector v*
  std::array<double, 5> v{}, vs{};
  double J = 0, Jstar = 0, TI_eval = 0;
  bool has_J = false, has_Jstar = false, has_TI_eval = false, trial = false;
  int64_t t_eval = 0;
  double K = 0, U = 0;
  // learning window accumulators (steps t_eval..t−1)
  double acc_pvol = 0, acc_ptot = 0;
  int64_t acc_served = 0, acc_expired = 0, acc_n = 0;
  // per step
  Capacity cap;
  double H_prime = 0;
  bool round = false;
  int64_t n_f = 0, seats = 0, n_inv = 0, n_T = 0, Q = 0;
  KeyCut cut_T, cut_rest;
  MandateCut mcut;
  MandateTopQ mtop;  // scratch of O2's mandate selection
  bool pmc_D = false;
  int64_t misrouted = 0, arrivals = 0, forums = 0, wins = 0, fails = 0;
  std::vector<uint8_t> win;  // per forum of this round
  std::vector<uint32_t> peers;
  int64_t n_inserv = 0;
};

struct Organisations {
  uint32_t slots = 3;  // 3 + n_SO per community
  std::vector<uint8_t> exists, kind, s;  // kind 0 RC, 1 OC, 2 PMC, 3 SO
  std::vector<double> b, tau;
};

struct ServeCut {
  int32_t ready = 0;
  uint32_t word = 0;
  uint32_t id = 0;
  bool any = false;
};
inline bool serve_key_le(int32_t ready, uint32_t word, uint32_t id, const ServeCut& c) {
  if (!c.any) return false;
  if (ready != c.ready) return ready < c.ready;
  if (word != c.word) return word < c.word;
  return id <= c.id;
}

struct Grids {
  std::vector<double> vis;
  std::vector<int64_t> served, open;          // this step
  std::vector<double> cov;                    // this step
  std::vector<std::array<ServeCut, 4>> cut;   // per budget: centers 0..2, pool
  std::vector<int64_t> win_served, win_open;  // final-window sums
};

// Metrics: name, unit, doc, aggregation (share / sum / mean over communities).
enum class Agg { kShare, kSum, kMean };
struct MetricSpec {
  const char* name;
  const char* unit;
  const char* doc;
  Agg agg;
};
const std::vector<MetricSpec>& metric_specs();
std::size_t metric_index(std::string_view name);

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
  const std::vector<double>& global_values() const { return global_; }

 private:
  void build_layout(const sim::RunContext& ctx);
  void draw_attributes(const sim::RunContext& ctx);
  void init_state(const sim::RunContext& ctx);
  void apply_overlay(int64_t t, bool at_init);

  void pass_learning(int32_t t);
  void pass_capacity();
  void pass_committee(int32_t t);
  void pass_organisations(int32_t t);
  void pass_residents_a(int32_t t);
  void pass_forum_outcomes(int32_t t);
  void pass_won_flags();
  void pass_service(int32_t t);
  void pass_residents_e(int32_t t);
  void pass_payoffs(int32_t t);
  void pass_trust(int32_t t);
  void pass_adaptation(int32_t t);
  void compute_metrics(int32_t t);

  template <class F>
  void for_each_resident(F&& fn);  // fn(c, pos), parallel
  template <class F>
  void for_each_community(F&& fn);  // fn(c), parallel
  template <class F>
  void for_each_resident_range(F&& fn);  // fn(c, begin, end): the ranges of for_each_resident
  template <class F>
  void for_each_resident_block(F&& fn);  // fn(c, begin, end): those ranges cut in kBlock blocks
  bool imitation_step(int32_t t) const;
  void draw_words(uint32_t b, uint32_t e, uint32_t t, uint32_t stream, uint32_t k, uint32_t* out) const;
  uint16_t need_arrival(uint32_t c, uint32_t i, uint32_t tu);

  sim::CounterRng rng_;
  Params base_;
  Overlay overlay_;
  std::vector<Params> eff_;
  Layout layout_;
  Residents r_;
  std::vector<Committee> com_;
  Organisations org_;
  Grids grid_;
  uint32_t steps_ = 0;
  uint32_t window_ = 0;
  bool trust_sd_clipped_ = false;
  bool any_won_ = false;    // some community won a forum this step (R1b), for R1e's word of mouth
  bool wom_dirty_ = false;  // r_.wom holds pushes of an earlier step

  // metrics: [metric][community] numerators/denominators; global values
  std::vector<double> num_, den_, group_values_, global_;
  // final-window accumulators of P_vol by (age band, party)
  std::array<double, 6> cell_pvol_{};
  int64_t cell_steps_ = 0;
};

}  // namespace govsim::models::governance
