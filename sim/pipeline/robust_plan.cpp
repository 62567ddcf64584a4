#include "sim/pipeline/robust_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/rng/counter_rng.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace govsim::sim::pipeline {

double draw_uniform(uint64_t seed, uint64_t draw, DrawStream purpose, uint64_t key) {
  // A stream of its own: no run seed (run_seed adds splitmix64(replicate + 1) or a point
  // offset of 2^32) and no calibration proposal stream (2^41 + 1) uses this offset.
  const uint64_t s = splitmix64(seed ^ splitmix64((uint64_t{1} << 43) + 7));
  r123::Philox4x32::key_type k{{static_cast<uint32_t>(s), static_cast<uint32_t>(s >> 32)}};
  r123::Philox4x32::ctr_type c{{static_cast<uint32_t>(draw), static_cast<uint32_t>(purpose),
                                static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32)}};
  const auto w = r123::Philox4x32{}(c, k);
  return r123::u01<double>((uint64_t{w[0]} << 32) | w[1]);
}

uint64_t key_of(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, then mixed
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 0x100000001b3ULL;
  }
  return splitmix64(h);
}

std::vector<std::size_t> systematic_resample(std::span<const double> weights, std::size_t k,
                                             uint64_t seed) {
  if (k == 0) throw std::invalid_argument("resampling: the number of draws must be >= 1");
  double total = 0.0;
  for (double w : weights) {
    if (!std::isfinite(w) || w < 0.0)
      throw std::invalid_argument("resampling: weights must be finite and >= 0");
    total += w;
  }
  if (!(total > 0.0)) throw std::invalid_argument("resampling: every weight is 0");
  const double u = draw_uniform(seed, 0, DrawStream::kResample, 0);
  std::vector<std::size_t> out;
  out.reserve(k);
  double cum = 0.0;
  std::size_t j = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const double pos = (static_cast<double>(i) + 1.0 - u) / static_cast<double>(k);
    while (j + 1 < weights.size() && (cum + weights[j]) / total < pos) cum += weights[j++];
    while (j + 1 < weights.size() && weights[j] == 0.0) cum += weights[j++];
    out.push_back(j);
  }
  return out;
}

Draws draw_from_population(const std::vector<std::string>& names, std::span<const double> particles,
                           std::span<const double> weights, std::size_t k, uint64_t seed) {
  const std::size_t p = names.size();
  if (weights.empty() || particles.size() != weights.size() * p)
    throw std::invalid_argument(fmt::format("the population has {} values for {} particles x {} parameters",
                                            particles.size(), weights.size(), p));
  Draws d;
  d.names = names;
  d.k = k;
  d.free_parameters = p;
  d.particle = systematic_resample(weights, k, seed);
  d.values.reserve(k * p);
  for (std::size_t i : d.particle)
    for (std::size_t j = 0; j < p; ++j) d.values.push_back(particles[i * p + j]);
  return d;
}

void add_range_column(Draws& draws, const std::string& path, double lo, double hi, uint64_t seed) {
  const std::size_t p = draws.names.size();
  std::vector<double> v;
  v.reserve(draws.k * (p + 1));
  const uint64_t key = key_of(path);
  for (std::size_t d = 0; d < draws.k; ++d) {
    for (std::size_t j = 0; j < p; ++j) v.push_back(draws.values[d * p + j]);
    const double u = draw_uniform(seed, d, DrawStream::kRange, key);
    v.push_back(std::clamp(lo + u * (hi - lo), std::min(lo, hi), std::max(lo, hi)));
  }
  draws.names.push_back(path);
  draws.values = std::move(v);
}

ScenarioPtr with_values(const Scenario& scenario, const std::vector<std::string>& overrides,
                        const Catalog& catalog) {
  std::vector<Override> ov;
  ov.reserve(overrides.size());
  for (const auto& o : overrides) ov.push_back({o});
  const std::string name = scenario.file.empty() ? scenario.name + ".yaml" : scenario.file;
  ScenarioPtr loaded = load_scenario_text(scenario.resolved_yaml, name, "", catalog, ov);
  Scenario sc = *loaded;
  sc.file = scenario.file;
  return std::make_shared<const Scenario>(std::move(sc));
}

Plan draws_plan(const std::vector<RobustArm>& arms, uint32_t replicates) {
  if (arms.empty() || arms.front().per_draw.empty())
    throw std::invalid_argument("a robust comparison needs arms and draws");
  const std::size_t k = arms.front().per_draw.size();
  Plan plan;
  plan.kind = "compare";
  plan.replicates = replicates;
  plan.crn = true;
  const ScenarioPtr& first = arms.front().per_draw.front();
  plan.model = first->model;
  plan.per_community = first->output.per_community;
  plan.seed = first->seed;
  for (std::size_t d = 0; d < k; ++d)
    for (const auto& a : arms) {
      if (a.per_draw.size() != k) throw std::invalid_argument("arms with different numbers of draws");
      plan.arms.push_back({fmt::format("{}.d{:04d}", a.name, d), a.per_draw[d], fmt::format("draw {}", d), a.name});
    }
  plan.runs.reserve(k * arms.size() * replicates);
  for (uint32_t r = 0; r < replicates; ++r)
    for (std::size_t d = 0; d < k; ++d)
      for (std::size_t a = 0; a < arms.size(); ++a)
        plan.runs.push_back({d * arms.size() + a, static_cast<uint32_t>(d * replicates + r),
                             static_cast<uint64_t>(d), 0});
  return plan;
}

}  // namespace govsim::sim::pipeline
