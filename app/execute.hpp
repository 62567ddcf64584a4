// File: app/execute.hpp
// Runs a list of tasks into one results file (shared by run and compare): progress line,
// interrupt handling (finished runs kept in "<name>.partial.h5", marked incomplete), and the
// summary tables.
#pragma once

#include <string>
#include <vector>

#include "app/app_context.hpp"
#include "sim/output/result_file.hpp"
#include "sim/run/batch.hpp"

namespace govsim::app {

struct Job {
  sim::FileHeader header;
  std::vector<sim::RunTask> tasks;
  std::string out_path;
  bool force = false;
  int threads = 0;
  bool per_community = true;
  std::string baseline_arm;  // compare: the arm the others are paired with
};

// Finals of one finished run (the series are written and dropped).
struct RunFinals {
  std::string arm;
  uint32_t replicate = 0;
  std::vector<sim::FinalValue> finals;
};

// Executes the job; returns the finals of every run in task order. Writes summary tables
// (/summary/...) before committing. Throws Interrupted after keeping finished runs.
std::vector<RunFinals> execute_job(AppContext& ctx, const Job& job);

// Prints a table: each arm's mean final value with its 95% CI and, when baseline is given, the
// paired difference from it (Holm-corrected p-values over all arm × metric comparisons).
void print_summary(const std::vector<RunFinals>& runs, const std::vector<std::string>& arms,
                   const std::vector<std::string>& metrics, const std::string& baseline);

// Computes summary tables and writes them to the file (called by execute_job).
void write_summary(sim::ResultFile& file, const std::vector<RunFinals>& runs,
                   const std::vector<std::string>& arms, const std::string& baseline);

// Default output path for a scenario or comparison name: "<name>.h5".
std::string default_output(const std::string& name);

}  // namespace govsim::app
