// File: models/bounded_confidence/bounded_confidence.cpp
//
// Deffuant et al. (2000) bounded-confidence averaging on random matchings. See
// bounded_confidence.hpp and docs/models/bounded_confidence.md.
#include "models/bounded_confidence/bounded_confidence.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_reduce.h>
#include <oneapi/tbb/parallel_sort.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "models/kernels/bounded_confidence.hpp"
#include "sim/core/error.hpp"
#include "sim/parallel/exact_sum.hpp"

namespace govsim::models {

std::vector<uint32_t> opinion_clusters(std::span<const double> opinions, double gap) {
  std::vector<double> x(opinions.begin(), opinions.end());
  std::sort(x.begin(), x.end());
  std::vector<uint32_t> sizes;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (i == 0 || x[i] - x[i - 1] > gap) sizes.push_back(0);
    ++sizes.back();
  }
  return sizes;
}

namespace {

using sim::EntityClass;
namespace streams = bounded_confidence_streams;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kGrain = 2048;
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

struct Params {
  bool well_mixed = true;
  uint32_t n = 0;
  double d = 0.2;
  double mu = 0.5;
  double p_talk = 1.0;
  double cluster_gap = 0.0;  // 0 = d/2
  double major_share = 0.05;
};

sim::ParamSchema schema() {
  sim::ParamSchema s("bounded_confidence");
  s.choice("mixing", "well_mixed", {"well_mixed", "network"},
           "well_mixed: a uniform random perfect matching of the population each step (Deffuant "
           "et al. 2000); network: a random maximal matching along the network's edges");
  s.integer("n", 1000, 2, int64_t{1} << 31, "agents",
            "Population size in well-mixed mode (with a network, its node count is used)");
  s.real("d", 0.2, 0.0, kInf, "", "Confidence bound d: pairs with |x_i - x_j| < d interact",
         0.05, 1.0, "Deffuant et al. 2000");
  s.real("mu", 0.5, 0.0, 0.5, "", "Convergence parameter mu: each moves mu of the distance",
         0.05, 0.5, "Deffuant et al. 2000");
  s.real("p_talk", 1.0, 0.0, 1.0, "",
         "Probability that a matched pair talks at all (spec 4.6.7; 1 in Deffuant et al.)");
  s.real("cluster_gap", 0.0, 0.0, kInf, "",
         "Clustering rule of the finals: sorted opinions split where consecutive opinions "
         "differ by more than cluster_gap (0 = d/2)");
  s.real("major_share", 0.05, 0.0, 1.0, "share",
         "A cluster holding at least this share of agents counts as major (final "
         "major_clusters); smaller ones are the extremists Deffuant et al. call minor clusters");
  return s;
}

Params read_params(const sim::ParamSet& ps) {
  Params p;
  p.well_mixed = ps.str("mixing") == "well_mixed";
  p.n = static_cast<uint32_t>(ps.integer("n"));
  p.d = ps.real("d");
  p.mu = ps.real("mu");
  p.p_talk = ps.real("p_talk");
  p.cluster_gap = ps.real("cluster_gap");
  p.major_share = ps.real("major_share");
  if (p.cluster_gap == 0.0) p.cluster_gap = p.d / 2.0;
  return p;
}

struct Moments {
  sim::ExactSum sum, sum_sq;
  uint64_t pairs = 0;  // matched agents (each pair counted by both)
  uint64_t moved = 0;  // agents whose opinion changed
};

Moments join(Moments a, const Moments& b) {
  a.sum += b.sum;
  a.sum_sq += b.sum_sq;
  a.pairs += b.pairs;
  a.moved += b.moved;
  return a;
}

class BoundedConfidence final : public sim::Model {
 public:
  explicit BoundedConfidence(const sim::RunContext& ctx) : p_(read_params(*ctx.params)) {
    if (p_.well_mixed) {
      if (ctx.network)
        sim::fail_at(ctx.scenario.get(), "network",
                     "bounded_confidence with mixing: well_mixed takes no network: section (set "
                     "params.n instead)");
    } else {
      if (!ctx.network)
        sim::fail_at(ctx.scenario.get(), "network",
                     "bounded_confidence with mixing: network needs a network: section");
      net_ = ctx.network;
      p_.n = net_->num_nodes();
    }
  }

  void init(sim::RunContext& ctx) override {
    const uint32_t n = p_.n;
    x_.assign(n, 0.0);
    x_next_.assign(n, 0.0);
    mate_.assign(n, kNone);
    if (p_.well_mixed) {
      keys_.assign(n, 0);
    } else {
      arc_key_.assign(net_->num_arcs(), 0);
      best_.assign(n, kNone);
    }
    const sim::CounterRng rng = ctx.rng;
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(0, n, kGrain),
                              [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
                                for (uint32_t i = r.begin(); i != r.end(); ++i)
                                  x_[i] = rng.uniform(original(i), 0, streams::kInitial, 0,
                                                      EntityClass::kInitial);
                              });
    stats_ = moments_of(x_, nullptr);
  }

  void step(sim::RunContext& ctx, uint32_t t) override {
    if (p_.well_mixed) {
      match_well_mixed(ctx.rng, t);
    } else {
      match_network(ctx.rng, t);
    }
    interact(ctx.rng, t);
  }

  std::vector<sim::MetricDef> metrics() const override {
    return {
        {"mean_opinion", "", "Mean opinion after the step", false},
        {"sd_opinion", "", "Population standard deviation of opinions after the step", false},
        {"matched", "count", "Agents matched with a partner in the step", false},
        {"moved", "count", "Agents whose opinion changed in the step", false},
    };
  }

  void observe(std::span<double> global, std::span<double> /*groups*/) const override {
    const double n = static_cast<double>(p_.n);
    const double mean = stats_.sum.value() / n;
    const double var = std::max(0.0, stats_.sum_sq.value() / n - mean * mean);
    global[0] = mean;
    global[1] = std::sqrt(var);
    global[2] = static_cast<double>(stats_.pairs);
    global[3] = static_cast<double>(stats_.moved);
  }

  std::vector<sim::FinalValue> finals(const sim::SeriesView& series) const override {
    std::vector<sim::FinalValue> out = Model::finals(series);
    const std::vector<uint32_t> sizes = opinion_clusters(x_, p_.cluster_gap);
    uint32_t major = 0, largest = 0;
    for (uint32_t s : sizes) {
      major += static_cast<double>(s) >= p_.major_share * static_cast<double>(p_.n) ? 1u : 0u;
      largest = std::max(largest, s);
    }
    out.push_back({"clusters", static_cast<double>(sizes.size()), -1});
    out.push_back({"major_clusters", static_cast<double>(major), -1});
    out.push_back(
        {"largest_cluster_share", static_cast<double>(largest) / static_cast<double>(p_.n), -1});
    return out;
  }

  // The final opinions, by original id.
  std::vector<sim::NamedArray> extras() const override {
    sim::NamedArray a;
    a.name = "final_opinions";
    a.doc = "Opinion of every agent at the end of the run, by original id";
    a.values.assign(p_.n, 0.0);
    for (uint32_t i = 0; i < p_.n; ++i) a.values[original(i)] = x_[i];
    return {std::move(a)};
  }

  uint64_t memory_estimate() const override {
    const uint64_t arcs = net_ ? net_->num_arcs() : 0;
    return static_cast<uint64_t>(p_.n) * (2 * sizeof(double) + 3 * sizeof(uint32_t)) + arcs * 4;
  }

 private:
  uint32_t original(uint32_t pos) const { return net_ ? net_->original_id(pos) : pos; }

  // Uniform random perfect matching (spec 4.6.7): keys (word, id), sorted; pairs (0,1),(2,3),…
  // The keys are distinct (the id breaks ties), so the sorted order does not depend on the sort.
  void match_well_mixed(const sim::CounterRng& rng, uint32_t t) {
    const uint32_t n = p_.n;
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(0, n, kGrain),
                              [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
                                for (uint32_t i = r.begin(); i != r.end(); ++i) {
                                  const uint32_t w =
                                      rng.words(i, t, streams::kMatch, 0, EntityClass::kResident)[0];
                                  keys_[i] = (uint64_t{w} << 32) | i;
                                }
                              });
    oneapi::tbb::parallel_sort(keys_.begin(), keys_.end());
    if (n % 2 == 1) mate_[static_cast<uint32_t>(keys_[n - 1])] = kNone;
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(0, n / 2, kGrain),
                              [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
                                for (uint32_t m = r.begin(); m != r.end(); ++m) {
                                  const auto a = static_cast<uint32_t>(keys_[2 * m]);
                                  const auto b = static_cast<uint32_t>(keys_[2 * m + 1]);
                                  mate_[a] = b;
                                  mate_[b] = a;
                                }
                              });
  }

  // (key, min id, max id) of the edge between positions i and j, compared lexicographically.
  struct EdgeRank {
    uint32_t key, lo, hi;
    bool operator>(const EdgeRank& o) const {
      if (key != o.key) return key > o.key;
      if (lo != o.lo) return lo > o.lo;
      return hi > o.hi;
    }
  };

  // Random maximal matching along the edges: the greedy matching in descending edge-key order,
  // computed by rounds of locally dominant edges. In a round every unmatched node picks its
  // best edge to an unmatched neighbour; mutual picks are matched. The globally best remaining
  // edge is always mutual, so each round matches at least one pair, and the result equals the
  // sequential greedy matching whatever the thread count (Blelloch, Fineman & Shun 2012).
  void match_network(const sim::CounterRng& rng, uint32_t t) {
    const sim::CsrView g = net_->view();
    const uint32_t n = p_.n;
    const oneapi::tbb::blocked_range<uint32_t> all(0, n, kGrain);
    // Edge keys: one draw per edge (id min, draw max), stored on both arcs.
    oneapi::tbb::parallel_for(all, [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
      for (uint32_t i = r.begin(); i != r.end(); ++i) {
        const uint32_t oi = original(i);
        for (uint64_t a = g.offsets[i]; a != g.offsets[i + 1]; ++a) {
          const uint32_t oj = original(g.targets[a]);
          arc_key_[a] = rng.words(std::min(oi, oj), t, streams::kEdge, std::max(oi, oj),
                                  EntityClass::kResident)[0];
        }
        mate_[i] = kNone;
      }
    });
    for (;;) {
      // Pass A: best edge to an unmatched neighbour (kNone: none left).
      const uint64_t candidates = oneapi::tbb::parallel_reduce(
          all, uint64_t{0},
          [&](const oneapi::tbb::blocked_range<uint32_t>& r, uint64_t acc) {
            for (uint32_t i = r.begin(); i != r.end(); ++i) {
              uint32_t best = kNone;
              if (mate_[i] == kNone) {
                const uint32_t oi = original(i);
                EdgeRank top{0, 0, 0};
                for (uint64_t a = g.offsets[i]; a != g.offsets[i + 1]; ++a) {
                  const uint32_t j = g.targets[a];
                  if (mate_[j] != kNone) continue;
                  const uint32_t oj = original(j);
                  const EdgeRank e{arc_key_[a], std::min(oi, oj), std::max(oi, oj)};
                  if (best == kNone || e > top) {
                    top = e;
                    best = j;
                  }
                }
              }
              best_[i] = best;
              acc += best != kNone ? 1u : 0u;
            }
            return acc;
          },
          [](uint64_t a, uint64_t b) { return a + b; });
      if (candidates == 0) break;
      // Pass B: mutual picks are matched (each node writes its own slot).
      oneapi::tbb::parallel_for(all, [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
        for (uint32_t i = r.begin(); i != r.end(); ++i) {
          const uint32_t j = best_[i];
          if (j != kNone && best_[j] == i) mate_[i] = j;
        }
      });
    }
  }

  // Every matched pair talks (w.p. p_talk; one draw with id min(i, partner)) and, if within d,
  // both move mu toward each other, from the pre-step values; each agent writes its own slot.
  void interact(const sim::CounterRng& rng, uint32_t t) {
    const double d = p_.d, mu = p_.mu, p_talk = p_.p_talk;
    oneapi::tbb::parallel_for(
        oneapi::tbb::blocked_range<uint32_t>(0, p_.n, kGrain),
        [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
          for (uint32_t i = r.begin(); i != r.end(); ++i) {
            const uint32_t j = mate_[i];
            double xi = x_[i];
            if (j != kNone) {
              const uint32_t oi = original(i), oj = original(j);
              const double u =
                  rng.uniform(std::min(oi, oj), t, streams::kTalk, 0, EntityClass::kResident);
              if (sim::bernoulli(u, p_talk)) {
                // Same argument order for both members of the pair: bit-identical results.
                const bool low = oi < oj;
                const auto [a, b] =
                    kernels::deffuant_pair(low ? x_[i] : x_[j], low ? x_[j] : x_[i], d, mu);
                xi = low ? a : b;
              }
            }
            x_next_[i] = xi;
          }
        });
    x_.swap(x_next_);
    stats_ = moments_of(x_, &x_next_);  // x_next_ now holds the previous state
  }

  // Exact sums of x and x² (and, given the previous state, the step's counts).
  Moments moments_of(const std::vector<double>& x, const std::vector<double>* prev) const {
    return oneapi::tbb::parallel_reduce(
        oneapi::tbb::blocked_range<uint32_t>(0, p_.n, kGrain), Moments{},
        [&](const oneapi::tbb::blocked_range<uint32_t>& r, Moments acc) {
          for (uint32_t i = r.begin(); i != r.end(); ++i) {
            acc.sum.add(x[i]);
            acc.sum_sq.add(x[i] * x[i]);
            if (prev) {
              acc.pairs += mate_[i] != kNone ? 1u : 0u;
              acc.moved += x[i] != (*prev)[i] ? 1u : 0u;
            }
          }
          return acc;
        },
        join);
  }

  Params p_;
  std::shared_ptr<const sim::Network> net_;
  std::vector<double> x_, x_next_;  // opinions, by storage position
  std::vector<uint32_t> mate_;      // partner position this step (kNone: unmatched)
  std::vector<uint64_t> keys_;      // well-mixed: (key word << 32) | id
  std::vector<uint32_t> arc_key_;   // network: key word of each arc's edge
  std::vector<uint32_t> best_;      // network: best unmatched neighbour in the current round
  Moments stats_;
};

uint64_t estimate(const sim::Scenario& sc) {
  uint64_t n = 0;
  if (sc.has_network() && sc.network.has("n")) n = static_cast<uint64_t>(sc.network.number("n"));
  else if (sc.params.has("n")) n = static_cast<uint64_t>(sc.params.integer("n"));
  return n * (2 * sizeof(double) + 3 * sizeof(uint32_t) + sizeof(uint64_t));
}

}  // namespace

sim::ModelInfo bounded_confidence_info() {
  sim::ModelInfo info;
  info.name = "bounded_confidence";
  info.summary =
      "Bounded-confidence opinion averaging (Deffuant et al. 2000) on random matchings of the "
      "population or of the network's edges";
  info.schema = schema;
  info.make = [](const sim::RunContext& ctx) -> std::unique_ptr<sim::Model> {
    return std::make_unique<BoundedConfidence>(ctx);
  };
  info.default_steps = 200;
  info.needs_network = false;  // mixing: well_mixed (the default) runs without one
  info.accepts_network = true;
  info.estimate_memory = estimate;
  return info;
}

}  // namespace govsim::models
