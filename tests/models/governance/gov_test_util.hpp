// Helpers for the governance tests: scenarios built in code and runs through the engine's
// runner (sim/run/runner.hpp), plus paired-difference statistics for the mechanism checks.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "models/governance/governance.hpp"
#include "models/governance/params.hpp"
#include "sim/run/runner.hpp"

namespace govsim::models::governance::test {

using Overrides = std::vector<std::pair<std::string, double>>;

// A scenario of the governance model: schema defaults, then `params` (numbers converted to the
// parameter's type), `cms`, `steps`.
inline sim::ScenarioPtr make_scenario(const Overrides& params,
                                      std::vector<sim::CountermeasureSpec> cms = {},
                                      uint32_t steps = 260, uint64_t seed = 1,
                                      std::string name = "test") {
  const sim::ParamSchema schema = governance_schema();
  auto s = std::make_shared<sim::Scenario>();
  s->name = std::move(name);
  s->model = "governance";
  s->seed = seed;
  s->steps = steps;
  s->params = sim::ParamSet(schema);
  for (const auto& [k, v] : params) {
    const sim::ParamDef* d = schema.find(k);
    if (!d) throw std::logic_error("unknown parameter " + k);
    if (d->type == sim::ParamType::kInt) s->params.set(k, static_cast<int64_t>(std::llround(v)));
    else if (d->type == sim::ParamType::kBool) s->params.set(k, v != 0.0);
    else s->params.set(k, v);
  }
  s->countermeasures = std::move(cms);
  return s;
}

inline sim::CountermeasureSpec cm(const std::string& type, double intensity = 1.0,
                                  int64_t start = 0, int64_t phase_in = 0,
                                  std::vector<int64_t> communities = {}) {
  sim::CountermeasureSpec c;
  c.type = type;
  c.intensity = intensity;
  c.start_step = start;
  c.phase_in = phase_in;
  c.communities = std::move(communities);
  return c;
}

inline sim::RunResult run(const sim::ScenarioPtr& s, uint32_t replicate = 0, int threads = 0) {
  static const sim::ModelInfo info = governance_info();
  sim::RunOptions o;
  o.threads = threads;
  return sim::run_replicate(info, s, replicate, o);
}

inline double final_value(const sim::RunResult& r, const std::string& name) {
  for (const auto& f : r.finals)
    if (f.name == name) return f.value;
  throw std::logic_error("no final value " + name);
}

inline std::size_t metric_pos(const sim::RunResult& r, const std::string& name) {
  for (std::size_t m = 0; m < r.metrics.size(); ++m)
    if (r.metrics[m].name == name) return m;
  throw std::logic_error("no metric " + name);
}

// Mean paired difference with a 95% t-interval over the pairs where both are defined (E15).
struct PairedDiff {
  double mean = NAN, lo = NAN, hi = NAN;
  int n = 0;
};
inline double t975(int df) {
  static const double tab[] = {0,      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                               2.262,  2.228,  2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110,
                               2.101,  2.093,  2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
                               2.052,  2.048,  2.045, 2.042};
  if (df <= 0) return NAN;
  if (df <= 30) return tab[df];
  return 1.96 + 2.4 / df;
}
inline PairedDiff paired(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d;
  for (std::size_t k = 0; k < a.size() && k < b.size(); ++k)
    if (a[k] == a[k] && b[k] == b[k]) d.push_back(a[k] - b[k]);
  PairedDiff r;
  r.n = static_cast<int>(d.size());
  if (r.n < 2) return r;
  double m = 0;
  for (double x : d) m += x;
  m /= r.n;
  double v = 0;
  for (double x : d) v += (x - m) * (x - m);
  v /= (r.n - 1);
  const double h = t975(r.n - 1) * std::sqrt(v / r.n);
  r.mean = m;
  r.lo = m - h;
  r.hi = m + h;
  return r;
}

}  // namespace govsim::models::governance::test
