// File: sim/pipeline/plan.hpp
//
// A plan: every run a job makes, in the order its results are assembled. It is the one thing
// the commands build (`run`: one point x R replicates; `compare`: the arms x R, replicate-major;
// `sweep`: the design's points x R, replicate-major; `calibrate`: one generation of
// proposals); the executor (executor.hpp) runs any plan into a run store (run_store.hpp) and
// the assembler (assemble.hpp) writes the results file from the store in plan order.
//
// Random numbers (spec 0.1): entry (arm a, replicate r, point p) runs with
//   run_seed(arm.scenario->seed, r)      when plan.crn (common random numbers), or
//   run_seed(arm.scenario->seed, r, p)   when !plan.crn and the entry has a point,
// whatever rank or thread runs it: seeds come from the plan only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/model.hpp"
#include "sim/scenario/scenario.hpp"

namespace govsim::sim::pipeline {

// One point of a plan: an arm of a comparison, a design point of a sweep, a proposal.
struct PlanArm {
  std::string name;      // the group name under /runs (unique in the plan)
  ScenarioPtr scenario;  // resolved and validated
  std::string detail;    // for messages: "params.theta_mu=0.55, network.k=4" (may be empty)
  // The group under /runs its runs are written to, when several plan arms share one (a
  // robust comparison: arm CM5 of every draw, robust_plan.hpp); "" = `name`. Runs sharing a
  // group need distinct replicate numbers.
  std::string group = {};

  const std::string& group_name() const { return group.empty() ? name : group; }
};

struct PlanEntry {
  std::size_t arm = 0;            // index into Plan::arms
  uint32_t replicate = 0;
  std::optional<uint64_t> point;  // written as the run's `point` attribute (-1 when absent);
                                  // with crn = false it also selects the random stream
  uint64_t run_seed = 0;          // filled by finalize()
};

struct Plan {
  std::string kind;           // "run", "compare", "sweep", "calibrate", ...: root attribute
  std::string name;           // scenario, comparison or sweep name
  std::string model;          // root attribute (the first arm's model)
  std::string resolved_yaml;  // the job's resolved input text (root attribute scenario_yaml)
  uint64_t seed = 1;          // root attribute
  uint32_t replicates = 1;    // root attribute
  bool crn = true;            // common random numbers across points (see above)
  bool per_community = true;  // write per-community series
  std::vector<PlanArm> arms;
  std::vector<PlanEntry> runs;  // assembly order
  std::string hash;  // identifies the plan in its run store; finalize() computes one if empty

  std::size_t num_runs() const { return runs.size(); }
  const PlanArm& arm_of(std::size_t run) const { return arms.at(runs.at(run).arm); }
};

// The final values of one finished run (what summaries and calibrations read back).
struct RunFinals {
  std::string arm;
  uint32_t replicate = 0;
  std::vector<FinalValue> finals;  // in the model's order
};

// `govsim run`: one scenario x `replicates`.
Plan single_point_plan(const std::string& kind, const ScenarioPtr& scenario, uint32_t replicates);

// `govsim compare`: every arm x `replicates`, replicate-major (every arm of replicate 0
// first), so that an interrupted comparison holds complete pairs. The root attributes name,
// resolved_yaml and seed are set by the caller.
Plan arms_plan(const std::string& kind, const std::vector<PlanArm>& arms, uint32_t replicates);

// A point of a list design with its own random stream (a calibration proposal): `point` is
// any uint64 (e.g. the proposal's global index over every generation).
struct PlanPoint {
  std::string name;      // unique in the plan: the group under /runs
  ScenarioPtr scenario;
  uint64_t point = 0;
  std::string detail;    // for messages
};

// A list design (e.g. one generation of a calibration): every point x `replicates`,
// replicate-major, each entry carrying its point; with crn = false (the default) entry
// (p, r) runs with run_seed(scenario->seed, r, point), so a proposal's runs do not depend on
// which generation or plan it is in. The caller sets name, resolved_yaml and seed if it
// wants them in a results file, then calls finalize().
Plan points_plan(const std::string& kind, const std::vector<PlanPoint>& points, uint32_t replicates,
                 bool crn = false);

// Fills every entry's run_seed and, when empty, the hash (text_hash over the kind, name,
// resolved text, crn, every arm's name and resolved scenario and every entry). Checks the
// plan: at least one run, arms with scenarios and unique names, entries pointing at arms.
// Throws std::invalid_argument.
void finalize(Plan& plan);

// "arm CM2 replicate 3" (compare), "point p000012 replicate 3 (params.theta_mu=0.5)" (others;
// the parenthesis is the arm's detail).
std::string describe_run(const Plan& plan, std::size_t index);

// 32 lowercase hex digits: two independent 64-bit hashes (FNV-1a and a splitmix64 chain) of
// `text`. Detects changes; not a cryptographic hash.
std::string text_hash(const std::string& text);

}  // namespace govsim::sim::pipeline
