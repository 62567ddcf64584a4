// File: tests/validation/validation_support.hpp
//
// Shared pieces of the validation tests: a local model registry with the classic models, the
// loader's catalog, scenario files under tests/validation/scenarios/, replicate runs through
// the engine (sim::run_replicate) and a printed "published vs govsim" line per check.
// GOVSIM_VALIDATION_FULL=1 selects the published sizes (see docs/validation.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/model/registry.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace govsim::validation {

// True when GOVSIM_VALIDATION_FULL=1 (published sizes).
bool full();
// `ci` in the default (CI) mode, `published` with GOVSIM_VALIDATION_FULL=1.
template <class T>
T size(T ci, T published) {
  return full() ? published : ci;
}

const sim::ModelRegistry& registry();
const sim::Catalog& catalog();

// Loads tests/validation/scenarios/<file> with `--set`-style overrides ("params.eta=0.5").
sim::ScenarioPtr load(const std::string& file, const std::vector<std::string>& overrides = {});

// Runs replicates first..first+count-1 (in parallel over replicates, each single-threaded)
// and returns the named final value of each.
std::vector<double> finals(const sim::ScenarioPtr& sc, const std::string& name, uint32_t count,
                           uint32_t first = 0);
// Runs replicates first..first+count-1 (in parallel over replicates, each single-threaded).
std::vector<sim::RunResult> runs(const sim::ScenarioPtr& sc, uint32_t count, uint32_t first = 0);
// The named final value of each run.
std::vector<double> values(const std::vector<sim::RunResult>& runs, const std::string& name);
// One full replicate.
sim::RunResult run(const sim::ScenarioPtr& sc, uint32_t replicate = 0);
double final_of(const sim::RunResult& r, const std::string& name);

double mean(const std::vector<double>& x);
// Standard error of the mean (sample sd / sqrt(n)); 0 for n < 2.
double sem(const std::vector<double>& x);
// Share of entries satisfying x >= cut.
double share_at_least(const std::vector<double>& x, double cut);

// Prints and records "published: ... | govsim: ..." for the report.
void report(const std::string& check, const std::string& published, const std::string& govsim);

// Standard normal CDF.
double normal_cdf(double z);

}  // namespace govsim::validation
