// File: models/threshold_cascade/threshold_cascade.cpp
//
// Granovetter (1978) / Watts (2002) threshold cascades. See threshold_cascade.hpp and
// docs/models/threshold_cascade.md.
#include "models/threshold_cascade/threshold_cascade.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "models/kernels/threshold.hpp"
#include "sim/core/error.hpp"

namespace govsim::models {

namespace {

using sim::EntityClass;
namespace streams = threshold_cascade_streams;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kGrain = 4096;  // nodes per TBB task: enough work to amortise scheduling

enum class SeedMode { kOneRandom, kFraction, kNone };

struct Params {
  bool well_mixed = false;
  uint32_t n = 0;  // from the param `n` (well-mixed) or the network
  bool fractional = true;
  double threshold = 0.18;
  double threshold_sd = 0.0;
  double threshold_step = 0.0;
  int64_t override_node = -1;
  double override_threshold = 0.0;
  SeedMode seed_mode = SeedMode::kOneRandom;
  double seed_fraction = 0.0;
  bool absorbing = true;
  double global_cascade_share = 0.1;
};

sim::ParamSchema schema() {
  sim::ParamSchema s("threshold_cascade");
  s.choice("mixing", "network", {"network", "well_mixed"},
           "Who a node watches: its network neighbours, or the whole rest of the population "
           "(well-mixed, Granovetter 1978; no network is built)");
  s.integer("n", 10000, 1, int64_t{1} << 31, "nodes",
            "Population size in well-mixed mode (with a network, its node count is used)", 100,
            1e7);
  s.real("threshold", 0.18, 0.0, kInf, "",
         "Threshold phi: share of active neighbours (fractional) or their number (absolute) "
         "needed to activate; the mean when threshold_sd > 0",
         0.0, 1.0, "Watts 2002 Fig. 1");
  s.choice("threshold_mode", "fractional", {"fractional", "absolute"},
           "fractional: x = active share of neighbours (Watts 2002); absolute: x = number of "
           "active neighbours (Granovetter 1978 counts)");
  s.real("threshold_sd", 0.0, 0.0, kInf, "",
         "0: every node has `threshold`; > 0: thresholds drawn N(threshold, sd) and clipped to "
         "[0, 1] (fractional) or [0, inf) (absolute) (Granovetter's normal distribution)",
         0.0, 0.3);
  s.real("threshold_step", 0.0, 0.0, kInf, "",
         "> 0: deterministic ladder theta_i = threshold + threshold_step * i over original ids i "
         "(Granovetter's uniform distribution 0, 1, 2, ...); excludes threshold_sd > 0");
  s.integer("override_node", -1, -1, (int64_t{1} << 32) - 2, "node id",
            "Original id of one node whose threshold is replaced by override_threshold (-1 = "
            "none; Granovetter's perturbation of one threshold)");
  s.real("override_threshold", 0.0, 0.0, kInf, "", "Threshold of override_node");
  s.choice("seed_mode", "one_random", {"one_random", "fraction", "none"},
           "Initial actives: one node drawn uniformly (Watts 2002), each node independently with "
           "probability seed_fraction, or none (only thresholds <= 0 start the cascade)");
  s.real("seed_fraction", 0.01, 0.0, 1.0, "share", "Seeding probability per node (seed_mode: fraction)");
  s.boolean("absorbing", true,
            "true: adoption is permanent (Watts 2002); false: a node is active iff its rule holds "
            "at this step (seeds included)");
  s.real("global_cascade_share", 0.1, 0.0, 1.0, "share",
         "Final active share from which a run counts as a global cascade (final `cascade` = 1)",
         0.01, 0.5);
  return s;
}

Params read_params(const sim::ParamSet& ps) {
  Params p;
  p.well_mixed = ps.str("mixing") == "well_mixed";
  p.n = static_cast<uint32_t>(ps.integer("n"));
  p.fractional = ps.str("threshold_mode") == "fractional";
  p.threshold = ps.real("threshold");
  p.threshold_sd = ps.real("threshold_sd");
  p.threshold_step = ps.real("threshold_step");
  p.override_node = ps.integer("override_node");
  p.override_threshold = ps.real("override_threshold");
  const std::string& sm = ps.str("seed_mode");
  p.seed_mode = sm == "one_random" ? SeedMode::kOneRandom
                : sm == "fraction" ? SeedMode::kFraction
                                   : SeedMode::kNone;
  p.seed_fraction = ps.real("seed_fraction");
  p.absorbing = ps.boolean("absorbing");
  p.global_cascade_share = ps.real("global_cascade_share");
  if (p.threshold_sd > 0.0 && p.threshold_step > 0.0)
    ps.fail("threshold_step",
            "threshold_step > 0 (ladder) and threshold_sd > 0 (normal) exclude each other");
  return p;
}

// Per-step counts; integer, so any partition of the loop gives the same totals.
struct Counts {
  uint64_t active = 0;
  uint64_t activated = 0;
  uint64_t deactivated = 0;
};

class ThresholdCascade final : public sim::Model {
 public:
  explicit ThresholdCascade(const sim::RunContext& ctx) : p_(read_params(*ctx.params)) {
    if (p_.well_mixed) {
      if (ctx.network)
        sim::fail_at(ctx.scenario.get(), "network",
                     "threshold_cascade with mixing: well_mixed takes no network: section (set "
                     "params.n instead)");
    } else {
      if (!ctx.network)
        sim::fail_at(ctx.scenario.get(), "network",
                     "threshold_cascade with mixing: network needs a network: section");
      net_ = ctx.network;
      p_.n = net_->num_nodes();
    }
    if (p_.override_node >= static_cast<int64_t>(p_.n))
      ctx.params->fail("override_node", "override_node " + std::to_string(p_.override_node) +
                                            " is not a node id (n = " + std::to_string(p_.n) + ")");
  }

  void init(sim::RunContext& ctx) override {
    const uint32_t n = p_.n;
    theta_.assign(n, 0.0);
    cur_.assign(n, 0);
    next_.assign(n, 0);
    const sim::CounterRng rng = ctx.rng;
    const Params p = p_;
    const sim::Network* net = net_.get();
    auto original = [net](uint32_t pos) { return net ? net->original_id(pos) : pos; };

    // Thresholds and seeds (class kInitial, step 0), by original id, into storage positions.
    oneapi::tbb::parallel_for(
        oneapi::tbb::blocked_range<uint32_t>(0, n, kGrain),
        [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
          for (uint32_t pos = r.begin(); pos != r.end(); ++pos) {
            const uint32_t id = original(pos);
            double th = p.threshold;
            if (p.threshold_step > 0.0) {
              th = p.threshold + p.threshold_step * static_cast<double>(id);
            } else if (p.threshold_sd > 0.0) {
              const double z =
                  rng.normal_pair(id, 0, streams::kThreshold, 0, EntityClass::kInitial).first;
              th = std::max(0.0, p.threshold + p.threshold_sd * z);
              if (p.fractional) th = std::min(th, 1.0);
            }
            if (static_cast<int64_t>(id) == p.override_node) th = p.override_threshold;
            theta_[pos] = th;
            if (p.seed_mode == SeedMode::kFraction) {
              const double u = rng.uniform(id, 0, streams::kSeed, 0, EntityClass::kInitial);
              cur_[pos] = sim::bernoulli(u, p.seed_fraction) ? 1 : 0;
            }
          }
        });
    if (p.seed_mode == SeedMode::kOneRandom && n > 0) {
      const double u = rng.uniform(0, 0, streams::kSeed, 0, EntityClass::kInitial);
      const auto id = static_cast<uint32_t>(sim::index_of(u, n));
      cur_[net ? net->position(id) : id] = 1;
    }
    counts_ = Counts{};
    counts_.active = count_active();
    counts_.activated = counts_.active;  // row 0: the seeds
    changed_last_step_ = true;
  }

  void step(sim::RunContext& /*ctx*/, uint32_t /*t*/) override {
    if (!changed_last_step_) {  // a fixed point of the deterministic rule: nothing to compute
      counts_.activated = counts_.deactivated = 0;
      return;
    }
    counts_ = p_.well_mixed ? step_well_mixed() : step_network();
    cur_.swap(next_);
    changed_last_step_ = counts_.activated + counts_.deactivated > 0;
  }

  std::vector<sim::MetricDef> metrics() const override {
    return {
        {"active_share", "share", "Share of nodes active after the step", false},
        {"new_active", "count",
         "Nodes that became active in the step (row 0: the seeds)", false},
        {"active_count", "count", "Number of active nodes after the step", false},
        {"new_inactive", "count",
         "Nodes that became inactive in the step (0 when absorbing)", false},
    };
  }

  void observe(std::span<double> global, std::span<double> /*groups*/) const override {
    global[0] = p_.n ? static_cast<double>(counts_.active) / static_cast<double>(p_.n) : 0.0;
    global[1] = static_cast<double>(counts_.activated);
    global[2] = static_cast<double>(counts_.active);
    global[3] = static_cast<double>(counts_.deactivated);
  }

  std::vector<sim::FinalValue> finals(const sim::SeriesView& series) const override {
    std::vector<sim::FinalValue> out = Model::finals(series);
    const auto share = series.global(0);
    const double final_share = share.empty() ? 0.0 : share.back();
    // Last row at which anything changed (the duration of the cascade in steps).
    const auto act = series.global(1);
    const auto deact = series.global(3);
    double last = 0.0;
    for (std::size_t r = 1; r < series.rows(); ++r)
      if (act[r] + deact[r] > 0.0) last = static_cast<double>(r);
    out.push_back({"final_active_share", final_share, -1});
    out.push_back({"cascade", final_share >= p_.global_cascade_share ? 1.0 : 0.0, -1});
    out.push_back({"cascade_duration", last, -1});
    return out;
  }

  // Nothing changed in the last step: the rule is deterministic after init, so nothing will.
  bool converged() const override { return !changed_last_step_; }

  uint64_t memory_estimate() const override {
    return static_cast<uint64_t>(p_.n) * (sizeof(double) + 2 * sizeof(uint8_t));
  }

 private:
  uint64_t count_active() const {
    return oneapi::tbb::parallel_reduce(
        oneapi::tbb::blocked_range<uint32_t>(0, p_.n, kGrain), uint64_t{0},
        [&](const oneapi::tbb::blocked_range<uint32_t>& r, uint64_t acc) {
          for (uint32_t i = r.begin(); i != r.end(); ++i) acc += cur_[i];
          return acc;
        },
        [](uint64_t a, uint64_t b) { return a + b; });
  }

  // Writes next_[i] from cur_ (pull) and returns the step's counts.
  template <class Signal>
  Counts sweep(Signal signal) {
    const bool absorbing = p_.absorbing;
    const double* theta = theta_.data();
    const uint8_t* cur = cur_.data();
    uint8_t* next = next_.data();
    return oneapi::tbb::parallel_reduce(
        oneapi::tbb::blocked_range<uint32_t>(0, p_.n, kGrain), Counts{},
        [&](const oneapi::tbb::blocked_range<uint32_t>& r, Counts c) {
          for (uint32_t i = r.begin(); i != r.end(); ++i) {
            const bool was = cur[i] != 0;
            const bool on = (absorbing && was) || kernels::threshold_met(signal(i), theta[i]);
            next[i] = on ? 1 : 0;
            c.active += on ? 1u : 0u;
            c.activated += (on && !was) ? 1u : 0u;
            c.deactivated += (!on && was) ? 1u : 0u;
          }
          return c;
        },
        [](Counts a, const Counts& b) {
          a.active += b.active;
          a.activated += b.activated;
          a.deactivated += b.deactivated;
          return a;
        });
  }

  Counts step_network() {
    const sim::CsrView g = net_->view();
    const uint8_t* cur = cur_.data();
    if (p_.fractional)
      return sweep([g, cur](uint32_t i) { return kernels::active_fraction(g, i, cur); });
    return sweep([g, cur](uint32_t i) {
      return static_cast<double>(kernels::count_flagged(g, i, cur));
    });
  }

  // Mean field: node i sees the active share (or number) of the other n − 1 nodes at t, i.e.
  // the complete graph without building it.
  Counts step_well_mixed() {
    const uint64_t a = counts_.active;
    const uint8_t* cur = cur_.data();
    const double others = p_.n > 1 ? static_cast<double>(p_.n - 1) : 1.0;
    if (p_.fractional)
      return sweep([a, cur, others](uint32_t i) {
        return static_cast<double>(a - cur[i]) / others;
      });
    return sweep([a, cur](uint32_t i) { return static_cast<double>(a - cur[i]); });
  }

  Params p_;
  std::shared_ptr<const sim::Network> net_;
  std::vector<double> theta_;   // by storage position
  std::vector<uint8_t> cur_;    // active at t (read)
  std::vector<uint8_t> next_;   // active at t+1 (written)
  Counts counts_;
  bool changed_last_step_ = true;
};

uint64_t estimate(const sim::Scenario& sc) {
  uint64_t n = 0;
  if (sc.has_network() && sc.network.has("n")) n = static_cast<uint64_t>(sc.network.number("n"));
  else if (sc.params.has("n")) n = static_cast<uint64_t>(sc.params.integer("n"));
  return n * (sizeof(double) + 2 * sizeof(uint8_t));
}

}  // namespace

sim::ModelInfo threshold_cascade_info() {
  sim::ModelInfo info;
  info.name = "threshold_cascade";
  info.summary =
      "Threshold cascades (Granovetter 1978; Watts 2002): a node activates when the share or "
      "number of its active neighbours reaches its threshold";
  info.schema = schema;
  info.make = [](const sim::RunContext& ctx) -> std::unique_ptr<sim::Model> {
    return std::make_unique<ThresholdCascade>(ctx);
  };
  info.default_steps = 100;
  info.needs_network = false;  // mixing: well_mixed runs without one
  info.accepts_network = true;
  info.estimate_memory = estimate;
  return info;
}

}  // namespace govsim::models
