// File: models/public_goods/public_goods.cpp
//
// Public goods game on networks (Santos, Santos & Pacheco 2008; Szolnoki, Perc & Szabó 2009).
// See public_goods.hpp and docs/models/public_goods.md.
#include "models/public_goods/public_goods.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "models/kernels/public_goods.hpp"
#include "sim/core/error.hpp"
#include "sim/parallel/exact_sum.hpp"

namespace govsim::models {

namespace {

using sim::EntityClass;
namespace streams = public_goods_streams;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kGrain = 2048;

struct Params {
  bool well_mixed = false;
  uint32_t n = 0;
  uint32_t group_size = 5;  // well-mixed
  double r = 3.0;           // effective r (after eta)
  double eta = 0.0;
  double c = 1.0;
  bool per_individual = false;
  bool fermi = false;
  bool sequential = false;
  double noise_k = 0.5;
  double init_coop = 0.5;
  int64_t final_window = 1;
};

sim::ParamSchema schema() {
  sim::ParamSchema s("public_goods");
  s.choice("mixing", "network", {"network", "well_mixed"},
           "Groups centred on every node of the network, or co-players drawn from the whole "
           "population each step (well-mixed)");
  s.integer("n", 1000, 2, int64_t{1} << 31, "nodes",
            "Population size in well-mixed mode (with a network, its node count is used)");
  s.integer("group_size", 5, 2, 1000, "players",
            "Well-mixed mode: players per game g; each individual plays g games per step");
  s.real("r", 3.0, 0.0, kInf, "",
         "Enhancement factor r (multiplies each group's pot); ignored when eta > 0", 1.0, 10.0);
  s.real("eta", 0.0, 0.0, kInf, "",
         "Normalised enhancement eta = r/(z+1) (Santos et al. 2008), z = mean degree (network) "
         "or group_size - 1 (well-mixed); 0 = use r",
         0.0, 1.5);
  s.real("c", 1.0, 0.0, kInf, "", "Cooperation cost c (> 0)");
  s.choice("cost_mode", "per_game", {"per_game", "per_individual"},
           "per_game: a cooperator pays c to every group it belongs to; per_individual: it pays "
           "c in all, c/(k+1) to each of its k+1 groups (Santos et al. 2008)");
  s.choice("update_rule", "santos", {"santos", "fermi"},
           "santos: copy a random neighbour y with probability (P_y - P_x)/M if P_y > P_x, "
           "M = (r+1) c (max(k_x,k_y)+1) (spec E28); fermi: with probability "
           "1/(1+exp((P_x - P_y)/K)) (Szolnoki et al. 2009)");
  s.choice("schedule", "synchronous", {"synchronous", "random_sequential"},
           "synchronous: every node revises at once from step t's state (Santos et al.); "
           "random_sequential: one step = n elementary revisions of a random node, in place "
           "(Szolnoki et al.; network mode only)");
  s.real("noise_k", 0.5, 0.0, kInf, "", "Fermi noise K (> 0)", 0.05, 2.0);
  s.real("init_coop", 0.5, 0.0, 1.0, "share", "Probability that a node starts as a cooperator");
  s.integer("final_window", 1, 1, int64_t{1} << 30, "steps",
            "Rows averaged for the final value coop_share_mean (the last final_window rows)");
  return s;
}

Params read_params(const sim::ParamSet& ps) {
  Params p;
  p.well_mixed = ps.str("mixing") == "well_mixed";
  p.n = static_cast<uint32_t>(ps.integer("n"));
  p.group_size = static_cast<uint32_t>(ps.integer("group_size"));
  p.r = ps.real("r");
  p.eta = ps.real("eta");
  p.c = ps.real("c");
  p.per_individual = ps.str("cost_mode") == "per_individual";
  p.fermi = ps.str("update_rule") == "fermi";
  p.sequential = ps.str("schedule") == "random_sequential";
  p.noise_k = ps.real("noise_k");
  p.init_coop = ps.real("init_coop");
  p.final_window = ps.integer("final_window");
  if (!(p.c > 0.0)) ps.fail("c", "c must be > 0");
  if (p.fermi && !(p.noise_k > 0.0))
    ps.fail("noise_k", "noise_k must be > 0 with update_rule: fermi");
  if (p.well_mixed && p.sequential)
    ps.fail("schedule", "schedule: random_sequential needs mixing: network");
  return p;
}

struct StepCounts {
  uint64_t coop = 0;
  uint64_t changes = 0;
};

StepCounts join(StepCounts a, const StepCounts& b) {
  a.coop += b.coop;
  a.changes += b.changes;
  return a;
}

class PublicGoods final : public sim::Model {
 public:
  explicit PublicGoods(const sim::RunContext& ctx) : p_(read_params(*ctx.params)) {
    if (p_.well_mixed) {
      if (ctx.network)
        sim::fail_at(ctx.scenario.get(), "network",
                     "public_goods with mixing: well_mixed takes no network: section (set "
                     "params.n and params.group_size)");
      if (p_.group_size > p_.n)
        ctx.params->fail("group_size", "group_size exceeds the population n");
      if (p_.eta > 0.0) p_.r = p_.eta * static_cast<double>(p_.group_size);
    } else {
      if (!ctx.network)
        sim::fail_at(ctx.scenario.get(), "network",
                     "public_goods with mixing: network needs a network: section");
      net_ = ctx.network;
      p_.n = net_->num_nodes();
      if (p_.eta > 0.0) p_.r = p_.eta * (net_->mean_degree() + 1.0);
    }
  }

  void init(sim::RunContext& ctx) override {
    const uint32_t n = p_.n;
    s_.assign(n, 0);
    s_next_.assign(n, 0);
    payoff_.assign(n, 0.0);
    if (!p_.well_mixed) {
      unit_.assign(n, 0.0);
      member_.assign(n, 0.0);
      share_.assign(n, 0.0);
      const sim::CsrView g = net_->view();
      for (uint32_t i = 0; i < n; ++i)
        unit_[i] = p_.per_individual ? p_.c / static_cast<double>(g.degree(i) + 1) : p_.c;
    }
    const sim::CounterRng rng = ctx.rng;
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(0, n, kGrain),
                              [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
                                for (uint32_t i = r.begin(); i != r.end(); ++i) {
                                  const double u = rng.uniform(original(i), 0, streams::kInitial,
                                                               0, EntityClass::kInitial);
                                  s_[i] = sim::bernoulli(u, p_.init_coop) ? 1 : 0;
                                }
                              });
    counts_ = StepCounts{};
    for (uint32_t i = 0; i < n; ++i) counts_.coop += s_[i];
    if (p_.well_mixed) expected_payoff_well_mixed();
    else compute_payoffs_network();
  }

  void step(sim::RunContext& ctx, uint32_t t) override {
    if (absorbed()) {  // pure imitation: an all-C or all-D population never changes
      counts_.changes = 0;
      return;
    }
    if (p_.well_mixed) {
      step_well_mixed(ctx.rng, t);
    } else if (p_.sequential) {
      step_sequential(ctx.rng, t);
    } else {
      step_network(ctx.rng, t);
    }
  }

  std::vector<sim::MetricDef> metrics() const override {
    return {
        {"coop_share", "share", "Share of cooperators after the step", false},
        {"coop_count", "count", "Number of cooperators after the step", false},
        {"mean_payoff", "payoff",
         "Mean payoff in the state after the step (well-mixed: its expectation over co-players)",
         false},
        {"changes", "count", "Strategy changes in the step", false},
    };
  }

  void observe(std::span<double> global, std::span<double> /*groups*/) const override {
    global[0] = static_cast<double>(counts_.coop) / static_cast<double>(p_.n);
    global[1] = static_cast<double>(counts_.coop);
    global[2] = mean_payoff_;
    global[3] = static_cast<double>(counts_.changes);
  }

  std::vector<sim::FinalValue> finals(const sim::SeriesView& series) const override {
    std::vector<sim::FinalValue> out = Model::finals(series);
    const auto share = series.global(0);
    const std::size_t rows = share.size();
    const std::size_t w = std::min<std::size_t>(static_cast<std::size_t>(p_.final_window), rows);
    double sum = 0.0;
    for (std::size_t r = rows - w; r < rows; ++r) sum += share[r];
    out.push_back({"coop_share_mean", w ? sum / static_cast<double>(w) : 0.0, -1});
    out.push_back({"r_effective", p_.r, -1});
    return out;
  }

  bool converged() const override { return absorbed(); }

  uint64_t memory_estimate() const override {
    return static_cast<uint64_t>(p_.n) * (2 + 4 * sizeof(double));
  }

 private:
  bool absorbed() const { return counts_.coop == 0 || counts_.coop == p_.n; }

  uint32_t original(uint32_t pos) const { return net_ ? net_->original_id(pos) : pos; }

  // Imitation probability of x copying y.
  double imitation(double pi_x, double pi_y, uint32_t kx, uint32_t ky) const {
    if (p_.fermi) return kernels::fermi_probability(pi_x, pi_y, p_.noise_k);
    const double m = (p_.r + 1.0) * p_.c * (static_cast<double>(std::max(kx, ky)) + 1.0);
    return kernels::santos_probability(pi_x, pi_y, m);
  }

  double cost(uint32_t i, uint32_t k) const {
    return s_[i] ? (p_.per_individual ? p_.c : p_.c * static_cast<double>(k + 1)) : 0.0;
  }

  // Payoffs of the current state on the network: three passes separated by barriers, and
  // their exact mean.
  void compute_payoffs_network() {
    const sim::CsrView g = net_->view();
    const oneapi::tbb::blocked_range<uint32_t> all(0, p_.n, kGrain);
    // Pass 1: what each node puts into each of its groups.
    oneapi::tbb::parallel_for(all, [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
      for (uint32_t i = r.begin(); i != r.end(); ++i) member_[i] = s_[i] ? unit_[i] : 0.0;
    });
    // Pass 2: share of every group centred on j.
    oneapi::tbb::parallel_for(all, [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
      for (uint32_t j = r.begin(); j != r.end(); ++j)
        share_[j] = kernels::group_share(g, j, member_.data(), p_.r);
    });
    // Pass 3: payoffs.
    const sim::ExactSum total = oneapi::tbb::parallel_reduce(
        all, sim::ExactSum{},
        [&](const oneapi::tbb::blocked_range<uint32_t>& r, sim::ExactSum acc) {
          for (uint32_t i = r.begin(); i != r.end(); ++i) {
            payoff_[i] = kernels::collected_shares(g, i, share_.data()) - cost(i, g.degree(i));
            acc.add(payoff_[i]);
          }
          return acc;
        },
        [](sim::ExactSum a, const sim::ExactSum& b) { return a + b; });
    mean_payoff_ = total.value() / static_cast<double>(p_.n);
  }

  // Expected mean payoff of the current state in well-mixed mode (co-players uniform over the
  // n − 1 others), from the cooperator count alone.
  void expected_payoff_well_mixed() {
    const double n = p_.n, gs = p_.group_size, cnt = static_cast<double>(counts_.coop);
    const double unit = p_.per_individual ? p_.c / gs : p_.c;
    const double own_cost = p_.per_individual ? p_.c : p_.c * gs;
    // Mean number of cooperators among the g − 1 co-players of a C (resp. D) player.
    const double co_c = (gs - 1.0) * (cnt - 1.0) / (n - 1.0);
    const double co_d = (gs - 1.0) * cnt / (n - 1.0);
    const double pi_c = p_.r * unit * (1.0 + co_c) - own_cost;  // g games × r·unit·(…)/g
    const double pi_d = p_.r * unit * co_d;
    mean_payoff_ = (cnt * pi_c + (n - cnt) * pi_d) / n;
  }

  // Synchronous pull update on the network: imitation from payoff_ (the current state's) into
  // the second buffer, then the payoffs of the new state.
  void step_network(const sim::CounterRng& rng, uint32_t t) {
    const sim::CsrView g = net_->view();
    const oneapi::tbb::blocked_range<uint32_t> all(0, p_.n, kGrain);
    // 2 draws per node whichever branch.
    counts_ = oneapi::tbb::parallel_reduce(
        all, StepCounts{},
        [&](const oneapi::tbb::blocked_range<uint32_t>& r, StepCounts acc) {
          for (uint32_t i = r.begin(); i != r.end(); ++i) {
            const uint32_t id = original(i);
            const double u = rng.uniform(id, t, streams::kImitate, 0, EntityClass::kResident);
            const double v = rng.uniform(id, t, streams::kImitate, 1, EntityClass::kResident);
            const uint32_t k = g.degree(i);
            uint8_t next = s_[i];
            if (k > 0) {
              const uint32_t j = g.row(i)[sim::index_of(u, k)];
              if (s_[j] != s_[i] &&
                  sim::bernoulli(v, imitation(payoff_[i], payoff_[j], k, g.degree(j))))
                next = s_[j];
            }
            s_next_[i] = next;
            acc.coop += next;
            acc.changes += next != s_[i] ? 1u : 0u;
          }
          return acc;
        },
        join);
    s_.swap(s_next_);
    compute_payoffs_network();
  }

  // Payoff of node i from its k_i + 1 groups in the current state (random-sequential).
  double payoff_now(const sim::CsrView& g, uint32_t i) const {
    auto share_of = [&](uint32_t j) {
      double pot = s_[j] ? unit_[j] : 0.0;
      for (uint32_t l : g.row(j)) pot += s_[l] ? unit_[l] : 0.0;
      return p_.r * pot / static_cast<double>(g.degree(j) + 1);
    };
    double sum = share_of(i);
    for (uint32_t j : g.row(i)) sum += share_of(j);
    return sum - cost(i, g.degree(i));
  }

  // Random-sequential updating (Szolnoki et al. 2009): n elementary revisions, in place, in the
  // order given by the draw sequence of stream kSequence on id 0 (3 draws per revision: node,
  // neighbour, acceptance; E8). Sequential by nature.
  void step_sequential(const sim::CounterRng& rng, uint32_t t) {
    const sim::CsrView g = net_->view();
    const uint32_t n = p_.n;
    uint64_t coop = counts_.coop, changes = 0;
    for (uint32_t e = 0; e < n; ++e) {
      const uint32_t k0 = 3 * e;
      const double u_node = rng.uniform(0, t, streams::kSequence, k0, EntityClass::kResident);
      const double u_nbr = rng.uniform(0, t, streams::kSequence, k0 + 1, EntityClass::kResident);
      const double u_acc = rng.uniform(0, t, streams::kSequence, k0 + 2, EntityClass::kResident);
      const uint32_t x = net_->position(static_cast<uint32_t>(sim::index_of(u_node, n)));
      const uint32_t kx = g.degree(x);
      if (kx == 0) continue;
      const uint32_t y = g.row(x)[sim::index_of(u_nbr, kx)];
      if (s_[x] == s_[y]) continue;  // copying changes nothing
      const double p = imitation(payoff_now(g, x), payoff_now(g, y), kx, g.degree(y));
      if (sim::bernoulli(u_acc, p)) {
        coop = coop + s_[y] - s_[x];
        s_[x] = s_[y];
        ++changes;
      }
    }
    counts_.coop = coop;
    counts_.changes = changes;
    compute_payoffs_network();
  }

  // Index of the q-th co-player drawn by i: uniform over the n − 1 others.
  static uint32_t other(double u, uint32_t i, uint32_t n) {
    const auto j = static_cast<uint32_t>(sim::index_of(u, n - 1));
    return j >= i ? j + 1 : j;
  }

  // Well-mixed: node i plays g games, each with g − 1 co-players drawn uniformly from the
  // others (draw m(g−1)+q of stream kGroups), then imitates one uniformly drawn other node.
  void step_well_mixed(const sim::CounterRng& rng, uint32_t t) {
    const uint32_t n = p_.n, gs = p_.group_size;
    const oneapi::tbb::blocked_range<uint32_t> all(0, n, kGrain);
    const double unit = p_.per_individual ? p_.c / static_cast<double>(gs) : p_.c;
    const double own_cost = p_.per_individual ? p_.c : p_.c * static_cast<double>(gs);
    oneapi::tbb::parallel_for(all, [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
      for (uint32_t i = r.begin(); i != r.end(); ++i) {
        uint32_t k = 0;
        double sum = 0.0;
        for (uint32_t m = 0; m < gs; ++m) {
          uint32_t cooperators = s_[i];
          for (uint32_t q = 0; q + 1 < gs; ++q, ++k)
            cooperators += s_[other(rng.uniform(i, t, streams::kGroups, k, EntityClass::kResident), i, n)];
          sum += p_.r * unit * static_cast<double>(cooperators) / static_cast<double>(gs);
        }
        payoff_[i] = sum - (s_[i] ? own_cost : 0.0);
      }
    });
    counts_ = oneapi::tbb::parallel_reduce(
        all, StepCounts{},
        [&](const oneapi::tbb::blocked_range<uint32_t>& r, StepCounts acc) {
          for (uint32_t i = r.begin(); i != r.end(); ++i) {
            const double u = rng.uniform(i, t, streams::kImitate, 0, EntityClass::kResident);
            const double v = rng.uniform(i, t, streams::kImitate, 1, EntityClass::kResident);
            const uint32_t j = other(u, i, n);
            uint8_t next = s_[i];
            if (s_[j] != s_[i] && sim::bernoulli(v, imitation(payoff_[i], payoff_[j], gs - 1, gs - 1)))
              next = s_[j];
            s_next_[i] = next;
            acc.coop += next;
            acc.changes += next != s_[i] ? 1u : 0u;
          }
          return acc;
        },
        join);
    s_.swap(s_next_);
    expected_payoff_well_mixed();
  }

  Params p_;
  std::shared_ptr<const sim::Network> net_;
  std::vector<uint8_t> s_, s_next_;  // 1 = cooperator; by storage position
  std::vector<double> unit_;         // contribution per group of a cooperator
  std::vector<double> member_;       // unit_ if cooperator else 0 (pass 1)
  std::vector<double> share_;        // share of the group centred on j (pass 2)
  std::vector<double> payoff_;       // pass 3
  StepCounts counts_;
  double mean_payoff_ = 0.0;
};

uint64_t estimate(const sim::Scenario& sc) {
  uint64_t n = 0;
  if (sc.has_network() && sc.network.has("n")) n = static_cast<uint64_t>(sc.network.number("n"));
  else if (sc.params.has("n")) n = static_cast<uint64_t>(sc.params.integer("n"));
  return n * (2 + 4 * sizeof(double));
}

}  // namespace

sim::ModelInfo public_goods_info() {
  sim::ModelInfo info;
  info.name = "public_goods";
  info.summary =
      "Public goods game in groups centred on every node (Santos et al. 2008; Szolnoki et al. "
      "2009): imitation by (P_y-P_x)/M or the Fermi rule, synchronous or random-sequential";
  info.schema = schema;
  info.make = [](const sim::RunContext& ctx) -> std::unique_ptr<sim::Model> {
    return std::make_unique<PublicGoods>(ctx);
  };
  info.default_steps = 1000;
  info.needs_network = false;  // mixing: well_mixed runs without one
  info.accepts_network = true;
  info.estimate_memory = estimate;
  return info;
}

}  // namespace govsim::models
