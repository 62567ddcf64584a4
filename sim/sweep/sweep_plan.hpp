// File: sim/sweep/sweep_plan.hpp
//
// Sweep files (YAML; user guide in docs/sweeps.md) and their expansion into a plan: the design
// matrix, one validated scenario per design point and the manifest of runs.
//
//   sweep:
//     name: small-grid                 # optional; default: the file's stem
//     description: "..."               # optional
//     base: ../default.yaml            # scenario every point starts from (relative to this file)
//     replicates: 5                    # optional; default: the base scenario's
//     seed: 1                          # optional; default: the base scenario's
//     crn: true                        # optional; common random numbers across points (default)
//     set: {steps: 104}                # optional; overrides applied to every point first
//     design:
//       type: grid                     # grid | list | lhs | sobol | morris
//       parameters:
//         params.theta_mu: [0.4, 0.5, 0.6]               # grid: a list of values ...
//         network.k_mean: {from: 4, to: 8, steps: 3}     # ... or a range with `steps` values
//   output: {path: small-grid.h5, per_community: false}  # optional
//
// Sampled designs (lhs with `n`, sobol with `n` base samples, morris with `trajectories` and
// `levels`) take `parameters: {PATH: {from, to, scale: linear|log, group: NAME}}`, where every
// key of the entry is optional: the range defaults to the parameter's typical range, the group
// to the parameter itself. `select: {basis: "[A]", exclude: [...]}` adds every numeric model
// parameter whose basis tag contains the text. A list design gives `points:`, a sequence of maps
// PATH: value. Parameter paths: `params.NAME`, `network.NAME`, `countermeasures.I.intensity`
// (also `start_step`, `phase_in`) and `steps`.
//
// Every error is an InputError "file:line:col: error: key: message" (exit 2): unknown keys and
// parameter paths (with the nearest valid name), ranges outside the hard domain, and any point
// the scenario rules reject ("point p000003 (params.theta_mu=0.9): value ... is outside ...",
// at the design value). The base scenario is read once (with its `extends:` parents); each
// point's scenario is that tree with `set:` and the point's values set in memory, then
// validated (sim/scenario/scenario_tree.hpp): no file is read again per point. Values given in
// the sweep file (`set:`, design values) keep its location, so file paths among them are
// relative to the sweep file; --set values are relative to the working directory.
//
// The loader's steps live in sweep_load.cpp, sweep_design.cpp and sweep_points.cpp.
//
// Random numbers (spec 0.1): run (point p, replicate r) uses run_seed(seed, r) with crn: true
// and run_seed(seed, r, p) with crn: false. The manifest lists runs replicate-major (all points
// of replicate 0 first), so an interrupted sweep holds whole replicates of the design.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/design/design.hpp"
#include "sim/scenario/catalog.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace govsim::sim::sweep {

struct SweepPoint {
  std::string arm;                     // "p000012": the group name under /runs
  std::vector<std::string> overrides;  // "params.theta_mu=0.55", one per column that it sets
  std::vector<double> values;          // per column; NaN for non-numeric values
  ScenarioPtr scenario;                // base + set + overrides, validated
};

struct ManifestEntry {
  uint64_t point = 0;
  uint32_t replicate = 0;
  uint64_t run_seed = 0;  // s of spec 0.1
};

struct SweepPlan {
  std::string file;          // the sweep file as given
  std::string name;
  std::string description;
  std::string base_file;     // resolved path of the base scenario
  std::string model;
  uint64_t seed = 1;
  uint32_t replicates = 1;
  bool crn = true;
  design::Kind kind = design::Kind::kGrid;
  std::vector<std::string> columns;       // parameter paths, one per design column
  std::vector<design::Factor> factors;    // per column: range (lo/hi = min/max for grid/list)
  std::vector<std::string> groups;        // group names (sobol, morris); else = columns
  std::vector<double> unit;               // [points][columns] in [0,1] (lhs, sobol, morris)
  design::SaltelliDesign saltelli;        // kind == kSobol (unit moved to `unit`)
  design::MorrisDesign morris;            // kind == kMorris (unit moved to `unit`)
  std::vector<SweepPoint> points;
  std::vector<ManifestEntry> runs;        // the manifest, in assembly order
  OutputSpec output;                      // path "" = not given
  std::string resolved_yaml;              // the resolved sweep (no output path): root attribute
  std::string base_yaml;                  // the base scenario resolved (with `set:`)
  std::string hash;                       // 32 hex digits over resolved_yaml and base_yaml
  std::vector<std::string> warnings;

  std::size_t num_points() const { return points.size(); }
  std::size_t num_runs() const { return runs.size(); }
};

inline constexpr std::size_t kMaxSweepPoints = 100'000;

struct SweepLoadOptions {
  // --set: `sweep.*` and `output.*` paths change the sweep file; others are appended to
  // `sweep.set` (applied to every point).
  std::vector<Override> overrides;
  int64_t replicates = -1;  // > 0: replaces sweep.replicates
  // Most points a design may have (kMaxSweepPoints): every point's scenario is checked and
  // held in memory before the first run (about 1 ms and 20 KB a point), so a larger design is
  // refused, before anything is allocated for it, as bad input. The fuzz target lowers it.
  std::size_t max_points = kMaxSweepPoints;
};

SweepPlan load_sweep(const std::string& path, const Catalog& catalog,
                     const SweepLoadOptions& options = {});

// "p000012"
std::string point_name(std::size_t point);

// 32 lowercase hex digits: two independent 64-bit hashes (FNV-1a and a splitmix64 chain) of
// `text`. Detects changes; not a cryptographic hash.
std::string text_hash(const std::string& text);

}  // namespace govsim::sim::sweep
