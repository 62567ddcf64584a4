#include "sim/pipeline/plan.hpp"

#include <fmt/format.h>

#include <set>
#include <stdexcept>

#include "sim/rng/counter_rng.hpp"

namespace govsim::sim::pipeline {

namespace {

// Two independent 64-bit hashes, fed piece by piece.
class TextHasher {
 public:
  void add(const std::string& s) {
    add_bytes(s);
    add_bytes(std::string(1, '\0'));  // separator: ("ab", "c") differs from ("a", "bc")
  }
  std::string hex() const { return fmt::format("{:016x}{:016x}", fnv_, mix_ ^ splitmix64(bytes_)); }

 private:
  void add_bytes(const std::string& s) {
    for (unsigned char ch : s) {
      fnv_ ^= ch;
      fnv_ *= 0x100000001b3ULL;
      word_ |= uint64_t{ch} << (8 * (bytes_ % 8));
      if (++bytes_ % 8 == 0) {
        mix_ = splitmix64(mix_ ^ word_);
        word_ = 0;
      }
    }
  }
  uint64_t fnv_ = 0xcbf29ce484222325ULL;
  uint64_t mix_ = 0x243f6a8885a308d3ULL;
  uint64_t word_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace

std::string text_hash(const std::string& text) {
  TextHasher h;
  h.add(text);
  return h.hex();
}

Plan single_point_plan(const std::string& kind, const ScenarioPtr& scenario, uint32_t replicates) {
  Plan plan = arms_plan(kind, {{scenario->name, scenario, {}}}, replicates);
  plan.name = scenario->name;
  plan.resolved_yaml = scenario->resolved_yaml;
  plan.seed = scenario->seed;
  return plan;
}

Plan arms_plan(const std::string& kind, const std::vector<PlanArm>& arms, uint32_t replicates) {
  Plan plan;
  plan.kind = kind;
  plan.arms = arms;
  plan.replicates = replicates;
  if (!arms.empty() && arms.front().scenario) {
    plan.model = arms.front().scenario->model;
    plan.per_community = arms.front().scenario->output.per_community;
    plan.seed = arms.front().scenario->seed;
  }
  plan.runs.reserve(arms.size() * replicates);
  for (uint32_t r = 0; r < replicates; ++r)
    for (std::size_t a = 0; a < arms.size(); ++a) plan.runs.push_back({a, r, std::nullopt, 0});
  return plan;
}

Plan points_plan(const std::string& kind, const std::vector<PlanPoint>& points, uint32_t replicates,
                 bool crn) {
  std::vector<PlanArm> arms;
  arms.reserve(points.size());
  for (const auto& p : points) arms.push_back({p.name, p.scenario, p.detail});
  Plan plan = arms_plan(kind, arms, replicates);
  plan.crn = crn;
  for (auto& e : plan.runs) e.point = points[e.arm].point;
  return plan;
}

void finalize(Plan& plan) {
  if (plan.runs.empty()) throw std::invalid_argument("the plan has no runs");
  std::set<std::string> names;
  for (const auto& a : plan.arms) {
    if (!a.scenario) throw std::invalid_argument(fmt::format("arm '{}' has no scenario", a.name));
    if (a.name.empty() || !names.insert(a.name).second)
      throw std::invalid_argument(fmt::format("arm name '{}' is empty or not unique", a.name));
  }
  for (auto& e : plan.runs) {
    if (e.arm >= plan.arms.size()) throw std::invalid_argument("a plan entry names no arm");
    const std::optional<uint64_t> stream = plan.crn ? std::nullopt : e.point;
    e.run_seed = run_seed(plan.arms[e.arm].scenario->seed, e.replicate, stream);
  }
  if (!plan.hash.empty()) return;
  TextHasher h;
  h.add("govsim-plan 1");
  h.add(plan.kind);
  h.add(plan.name);
  h.add(plan.resolved_yaml);
  h.add(plan.crn ? "crn" : "no-crn");
  for (const auto& a : plan.arms) {
    h.add(a.name);
    if (!a.group.empty()) h.add("group " + a.group);  // absent from the hash of other plans
    h.add(a.scenario->resolved_yaml);
  }
  for (const auto& e : plan.runs)
    h.add(fmt::format("{} {} {} {}", e.arm, e.replicate, e.point ? static_cast<int64_t>(*e.point) : -1,
                      e.run_seed));
  plan.hash = h.hex();
}

std::string describe_run(const Plan& plan, std::size_t index) {
  const PlanEntry& e = plan.runs.at(index);
  const PlanArm& a = plan.arms.at(e.arm);
  return fmt::format("{} {} replicate {}{}", plan.kind == "compare" ? "arm" : "point", a.name,
                     e.replicate, a.detail.empty() ? "" : " (" + a.detail + ")");
}

}  // namespace govsim::sim::pipeline
