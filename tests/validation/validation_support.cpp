#include "tests/validation/validation_support.hpp"

#include <gtest/gtest.h>
#include <oneapi/tbb/parallel_for.h>
#include <spdlog/spdlog.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "models/bounded_confidence/bounded_confidence.hpp"
#include "models/org_game/org_game.hpp"
#include "models/public_goods/public_goods.hpp"
#include "models/threshold_cascade/threshold_cascade.hpp"
#include "sim/graph/network_catalog.hpp"

namespace govsim::validation {

bool full() {
  const char* v = std::getenv("GOVSIM_VALIDATION_FULL");
  return v != nullptr && std::strcmp(v, "1") == 0;
}

const sim::ModelRegistry& registry() {
  static const sim::ModelRegistry reg = [] {
    spdlog::set_level(spdlog::level::warn);  // one network log line per replicate otherwise
    sim::ModelRegistry r;
    r.add(models::threshold_cascade_info());
    r.add(models::public_goods_info());
    r.add(models::bounded_confidence_info());
    r.add(models::org_game_info());
    return r;
  }();
  return reg;
}

const sim::Catalog& catalog() {
  static const sim::Catalog cat = [] {
    sim::Catalog c = registry().catalog();
    c.network_types = sim::network_types();
    return c;
  }();
  return cat;
}

sim::ScenarioPtr load(const std::string& file, const std::vector<std::string>& overrides) {
  std::vector<sim::Override> ov;
  for (const auto& o : overrides) ov.push_back({o});
  return sim::load_scenario(std::string(GOVSIM_SOURCE_DIR) + "/tests/validation/scenarios/" + file,
                            catalog(), ov);
}

sim::RunResult run(const sim::ScenarioPtr& sc, uint32_t replicate) {
  const sim::ModelInfo* info = registry().find(sc->model);
  if (!info) throw std::logic_error("model not registered: " + sc->model);
  sim::RunOptions opt;
  opt.threads = 1;
  return sim::run_replicate(*info, sc, replicate, opt);
}

double final_of(const sim::RunResult& r, const std::string& name) {
  for (const auto& f : r.finals)
    if (f.name == name) return f.value;
  throw std::logic_error("no final value " + name);
}

std::vector<double> finals(const sim::ScenarioPtr& sc, const std::string& name, uint32_t count,
                           uint32_t first) {
  std::vector<double> out(count);
  oneapi::tbb::parallel_for(uint32_t{0}, count, [&](uint32_t k) {
    out[k] = final_of(run(sc, first + k), name);
  });
  return out;
}

std::vector<sim::RunResult> runs(const sim::ScenarioPtr& sc, uint32_t count, uint32_t first) {
  std::vector<sim::RunResult> out(count);
  oneapi::tbb::parallel_for(uint32_t{0}, count,
                            [&](uint32_t k) { out[k] = run(sc, first + k); });
  return out;
}

std::vector<double> values(const std::vector<sim::RunResult>& runs, const std::string& name) {
  std::vector<double> out;
  out.reserve(runs.size());
  for (const auto& r : runs) out.push_back(final_of(r, name));
  return out;
}

double mean(const std::vector<double>& x) {
  double s = 0.0;
  for (double v : x) s += v;
  return x.empty() ? 0.0 : s / static_cast<double>(x.size());
}

double sem(const std::vector<double>& x) {
  if (x.size() < 2) return 0.0;
  const double m = mean(x);
  double ss = 0.0;
  for (double v : x) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(x.size() - 1) / static_cast<double>(x.size()));
}

double share_at_least(const std::vector<double>& x, double cut) {
  std::size_t k = 0;
  for (double v : x) k += v >= cut ? 1 : 0;
  return x.empty() ? 0.0 : static_cast<double>(k) / static_cast<double>(x.size());
}

void report(const std::string& check, const std::string& published, const std::string& govsim) {
  std::printf("[validation] %s\n    published: %s\n    govsim:    %s%s\n", check.c_str(),
              published.c_str(), govsim.c_str(), full() ? " (published sizes)" : " (CI sizes)");
  std::fflush(stdout);
  std::string key = check;
  for (char& ch : key)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  ::testing::Test::RecordProperty(key, "published: " + published + " | govsim: " + govsim);
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

}  // namespace govsim::validation
