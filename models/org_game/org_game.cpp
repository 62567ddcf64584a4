// File: models/org_game/org_game.cpp
//
// The organisation game (stag hunt with logit choice, spec 4.6.8) on its own. See org_game.hpp
// and docs/models/org_game.md.
#include "models/org_game/org_game.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "models/kernels/org_game.hpp"
#include "sim/core/error.hpp"
#include "sim/parallel/exact_sum.hpp"

namespace govsim::models {

namespace {

using sim::EntityClass;
namespace streams = org_game_streams;

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Params {
  uint32_t n_comm = 132;
  uint32_t orgs = 6;
  double tau0 = 0.3;
  double tau_sd = 0.0;
  double lam_tau = 0.1;
  uint32_t meet_period = 13;
  double lam_meet = 0.3;
  double phi_lead = 0.5;
  uint32_t final_window = 52;
  kernels::OrgGameParams game;
};

sim::ParamSchema schema() {
  sim::ParamSchema s("org_game");
  s.integer("n_comm", 132, 1, int64_t{1} << 24, "communities", "Number of communities", 1, 1000,
            "[V] spec 1");
  s.integer("orgs_per_community", 6, 2, 1000, "organisations",
            "Organisations per community (RC, OC, PMC and social organisations; 3 + n_SO in the "
            "governance model)");
  s.real("tau_org0", 0.3, 0.0, 1.0, "", "Initial trust tau of every organisation in the others",
         0.0, 1.0, "cal (spec 4.8, cause 5)");
  s.real("tau_sd", 0.0, 0.0, 1.0, "",
         "0: every organisation starts at tau_org0; > 0: N(tau_org0, tau_sd) clipped to [0, 1]");
  s.real("r_org", 1.5, 0.0, kInf, "", "Return of joint cooperation", 1.0, 3.0);
  s.real("c_C", 0.3, 0.0, kInf, "", "Cost of cooperating", 0.0, 1.0);
  s.real("delta_D", 0.4, 0.0, kInf, "", "Gain from defecting (irrational gaming)", 0.0, 1.0);
  s.real("beta_mis", 0.4, 0.0, 1.0, "", "Share of the return lost to misaligned appointments");
  s.real("cross_appoint", 0.1, 0.0, 1.0, "", "Cross-appointment share (cuts beta)");
  s.real("p_enf", 0.1, 0.0, 1.0, "", "Enforcement probability (law)", 0.0, 0.9);
  s.real("F", 1.0, 0.0, 5.0, "", "Fine when enforced", 0.0, 3.0);
  s.real("psi_meta", 0.0, 0.0, 1.0, "", "Meta-governance bonus for C");
  s.real("omega_rep_org", 0.0, 0.0, 1.0, "", "Reputation cost of D (virtue)");
  s.real("lam_org", 10.0, 0.0, kInf, "", "Logit intensity of choice", 2.0, 20.0);
  s.real("lam_tau", 0.1, 0.0, 1.0, "", "Trust learning rate toward o_j", 0.0, 0.5);
  s.integer("meet_period", 13, 1, 52, "steps", "Joint meeting every meet_period steps (t > 0)",
            4, 52);
  s.real("lam_meet", 0.3, 0.0, 1.0, "", "Trust gain of a joint meeting (times phi_lead)", 0.0,
         0.5);
  s.real("phi_lead", 0.5, 0.0, 1.0, "", "Leadership quality", 0.0, 1.0);
  s.integer("final_window", 52, 1, int64_t{1} << 30, "steps",
            "Rows averaged for the finals coop_share_mean and c_regime_share");
  return s;
}

Params read_params(const sim::ParamSet& ps) {
  Params p;
  p.n_comm = static_cast<uint32_t>(ps.integer("n_comm"));
  p.orgs = static_cast<uint32_t>(ps.integer("orgs_per_community"));
  p.tau0 = ps.real("tau_org0");
  p.tau_sd = ps.real("tau_sd");
  p.lam_tau = ps.real("lam_tau");
  p.meet_period = static_cast<uint32_t>(ps.integer("meet_period"));
  p.lam_meet = ps.real("lam_meet");
  p.phi_lead = ps.real("phi_lead");
  p.final_window = static_cast<uint32_t>(ps.integer("final_window"));
  p.game.r_org = ps.real("r_org");
  p.game.c_C = ps.real("c_C");
  p.game.delta_D = ps.real("delta_D");
  p.game.beta_mis = ps.real("beta_mis");
  p.game.cross_appoint = ps.real("cross_appoint");
  p.game.p_enf = ps.real("p_enf");
  p.game.F = ps.real("F");
  p.game.psi_meta = ps.real("psi_meta");
  p.game.omega_rep_org = ps.real("omega_rep_org");
  p.game.lam_org = ps.real("lam_org");
  if (static_cast<uint64_t>(p.n_comm) * p.orgs > std::numeric_limits<uint32_t>::max())
    ps.fail("n_comm", "n_comm * orgs_per_community exceeds 2^32 - 1 organisations");
  return p;
}

class OrgGame final : public sim::Model {
 public:
  explicit OrgGame(const sim::RunContext& ctx) : p_(read_params(*ctx.params)) {
    if (ctx.network)
      sim::fail_at(ctx.scenario.get(), "network", "org_game takes no network: section");
  }

  void init(sim::RunContext& ctx) override {
    const uint32_t total = p_.n_comm * p_.orgs;
    tau_.assign(total, p_.tau0);
    s_.assign(total, 0);
    comm_coop_.assign(p_.n_comm, 0);
    played_ = false;
    if (p_.tau_sd > 0.0) {
      const sim::CounterRng rng = ctx.rng;
      oneapi::tbb::parallel_for(uint32_t{0}, total, [&](uint32_t j) {
        const double z = rng.normal_pair(j, 0, streams::kChoice, 0, EntityClass::kInitial).first;
        tau_[j] = kernels::clip01(p_.tau0 + p_.tau_sd * z);
      });
    }
  }

  // One week: meeting, choices, trust updates. Communities in parallel, each in slot order.
  void step(sim::RunContext& ctx, uint32_t t) override {
    const sim::CounterRng rng = ctx.rng;
    const bool meeting = t > 0 && t % p_.meet_period == 0;
    const uint32_t m = p_.orgs;
    oneapi::tbb::parallel_for(
        oneapi::tbb::blocked_range<uint32_t>(0, p_.n_comm, 8),
        [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
          for (uint32_t c = r.begin(); c != r.end(); ++c) {
            double* tau = tau_.data() + static_cast<std::size_t>(c) * m;
            uint8_t* s = s_.data() + static_cast<std::size_t>(c) * m;
            uint32_t coop = 0;
            for (uint32_t k = 0; k < m; ++k) {
              if (meeting) tau[k] = kernels::joint_meeting(tau[k], p_.phi_lead, p_.lam_meet);
              const double u =
                  rng.uniform(c * m + k, t, streams::kChoice, 0, EntityClass::kOrganisation);
              s[k] = sim::bernoulli(u, kernels::org_coop_probability(tau[k], p_.game)) ? 1 : 0;
              coop += s[k];
            }
            for (uint32_t k = 0; k < m; ++k) {
              const double others = static_cast<double>(coop - s[k]) / static_cast<double>(m - 1);
              tau[k] = kernels::org_trust_update(tau[k], others, p_.lam_tau);
            }
            comm_coop_[c] = coop;
          }
        });
    played_ = true;
  }

  std::vector<sim::MetricDef> metrics() const override {
    return {
        {"coop_share", "share",
         "Share of organisations playing C in the step (row 0: 0, no game yet)", true},
        {"tau_mean", "", "Mean trust tau after the step", true},
        {"p_coop", "share",
         "Mean probability of playing C at the current tau (without a meeting)", false},
    };
  }

  uint32_t num_groups() const override { return p_.n_comm; }

  void observe(std::span<double> global, std::span<double> groups) const override {
    const uint32_t m = p_.orgs, nc = p_.n_comm;
    uint64_t coop = 0;
    sim::ExactSum tau_sum, p_sum;
    for (uint32_t c = 0; c < nc; ++c) {
      sim::ExactSum tc;
      for (uint32_t k = 0; k < m; ++k) {
        const double tau = tau_[static_cast<std::size_t>(c) * m + k];
        tc.add(tau);
        p_sum.add(kernels::org_coop_probability(tau, p_.game));
      }
      tau_sum += tc;
      coop += played_ ? comm_coop_[c] : 0;
      groups[c] = played_ ? static_cast<double>(comm_coop_[c]) / m : 0.0;
      groups[nc + c] = tc.value() / m;
    }
    const double total = static_cast<double>(nc) * m;
    global[0] = static_cast<double>(coop) / total;
    global[1] = tau_sum.value() / total;
    global[2] = p_sum.value() / total;
  }

  std::vector<sim::FinalValue> finals(const sim::SeriesView& series) const override {
    std::vector<sim::FinalValue> out = Model::finals(series);
    const std::size_t rows = series.rows();
    const std::size_t w = std::min<std::size_t>(p_.final_window, rows > 1 ? rows - 1 : 0);
    const auto share = series.global(0);
    double sum = 0.0;
    for (std::size_t r = rows - w; r < rows; ++r) sum += share[r];
    out.push_back({"coop_share_mean", w ? sum / static_cast<double>(w) : 0.0,
                   static_cast<int64_t>(w)});
    // Communities in the C regime: window-mean C share above one half.
    uint32_t in_c = 0;
    for (uint32_t c = 0; c < p_.n_comm; ++c) {
      double sc = 0.0;
      for (std::size_t r = rows - w; r < rows; ++r) sc += series.group(0, r, c);
      in_c += w && sc / static_cast<double>(w) > 0.5 ? 1u : 0u;
    }
    out.push_back({"c_regime_share", static_cast<double>(in_c) / p_.n_comm, p_.n_comm});
    return out;
  }

  uint64_t memory_estimate() const override {
    return static_cast<uint64_t>(p_.n_comm) * p_.orgs * (sizeof(double) + 1);
  }

 private:
  Params p_;
  std::vector<double> tau_;          // [c * orgs + slot]
  std::vector<uint8_t> s_;           // 1 = C at the last step
  std::vector<uint32_t> comm_coop_;  // organisations playing C per community at the last step
  bool played_ = false;
};

}  // namespace

sim::ModelInfo org_game_info() {
  sim::ModelInfo info;
  info.name = "org_game";
  info.summary =
      "Organisation game (spec 4.6.8): a stag hunt with logit choice and trust learning between "
      "each community's organisations; bistable at the defaults";
  info.schema = schema;
  info.make = [](const sim::RunContext& ctx) -> std::unique_ptr<sim::Model> {
    return std::make_unique<OrgGame>(ctx);
  };
  info.default_steps = 260;
  info.needs_network = false;
  info.accepts_network = false;
  info.estimate_memory = [](const sim::Scenario& sc) -> uint64_t {
    return static_cast<uint64_t>(sc.params.integer("n_comm")) *
           static_cast<uint64_t>(sc.params.integer("orgs_per_community")) * 9;
  };
  return info;
}

}  // namespace govsim::models
