// File: app/app_context.hpp
// What every govsim command shares: the model registry, the loader's catalog, global options,
// the interrupt flag, and helpers for progress and provenance.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sim/model/registry.hpp"
#include "sim/scenario/catalog.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace govsim::app {

struct AppContext {
  sim::ModelRegistry registry;
  sim::Catalog catalog;
  std::string command_line;
  bool quiet = false;
  int verbose = 0;
  // Commands register the function to run after parsing.
  std::function<int()> action;
};

// Set by SIGINT/SIGTERM (the signal number), read by the runners.
extern std::atomic<int> g_stop_signal;

// Exit status for an interrupt by `signal`: 128 + signal (130 for SIGINT, 143 for SIGTERM).
int interrupted_status(int signal);

// Converts --set arguments.
std::vector<sim::Override> to_overrides(const std::vector<std::string>& sets);

// A progress line on stderr, drawn only when stderr is a terminal and not --quiet, and only
// once the job has run for a second.
class Progress {
 public:
  Progress(bool enabled, std::string what);
  ~Progress();
  void update(double done, double total, const std::string& unit);
  void finish();

 private:
  bool enabled_;
  std::mutex mu_;  // update() may be called from several threads
  std::string what_;
  double start_;
  double last_draw_ = 0.0;
  bool drawn_ = false;
};

// Memory guard: refuses (InputError) when `bytes` exceeds the available memory or --max-memory.
void check_memory(uint64_t bytes, double max_memory_gb);
uint64_t available_memory_bytes();
std::string human_bytes(double bytes);

void add_run_commands(CLI::App& app, AppContext& ctx);      // run, validate
void add_describe_command(CLI::App& app, AppContext& ctx);  // describe
void add_compare_command(CLI::App& app, AppContext& ctx);   // compare
void add_report_command(CLI::App& app, AppContext& ctx);    // report (Python analysis)
void add_diff_command(CLI::App& app, AppContext& ctx);      // diff (data equality)
void add_sweep_commands(CLI::App& app, AppContext& ctx);    // sweep, summarize
void add_calibrate_command(CLI::App& app, AppContext& ctx); // calibrate
// summarize of a calibration file (app/cmd_summarize.cpp).
bool is_calibration_file(const std::string& path);
int summarize_calibration(const std::string& path, std::size_t max_parameters);

}  // namespace govsim::app
