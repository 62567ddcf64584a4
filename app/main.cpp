// govsim: the one place that links the engine and the models. It fills the model registry
// (models/register_all.cpp), assembles the loader's catalog, parses the command line (CLI11)
// and maps errors to exit statuses: 0 success, 2 bad input, 1 internal error,
// 130/143 interrupted by SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/app_context.hpp"
#include "govsim/build_info.hpp"
#include "models/register_all.hpp"
#include "sim/core/error.hpp"

namespace {

extern "C" void on_signal(int sig) { govsim::app::g_stop_signal.store(sig); }

}  // namespace

int main(int argc, char** argv) {
  using namespace govsim;
  app::AppContext ctx;
  for (int i = 0; i < argc; ++i) ctx.command_line += (i ? " " : "") + std::string(argv[i]);

  auto logger = spdlog::stderr_color_mt("govsim");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%^[%l]%$ %v");

  try {
    models::register_all(ctx.registry);
    ctx.catalog = ctx.registry.catalog();
  } catch (const std::exception& e) {
    std::cerr << "govsim: internal error while registering models: " << e.what() << "\n";
    return 1;
  }

  CLI::App cli{"govsim: parallel agent-based simulation of collaborative community governance"};
  cli.set_version_flag("--version", std::string("govsim ") + build_info::kVersion + " (" +
                                        build_info::kGitCommit + ")");
  cli.require_subcommand(1);
  cli.fallthrough();  // global flags (-q, -v) are accepted after the subcommand too
  cli.add_flag("-q,--quiet", ctx.quiet, "Only warnings and errors; no progress line");
  cli.add_flag("-v,--verbose", ctx.verbose, "More log output (repeat for debug)");
  app::add_run_commands(cli, ctx);
  app::add_describe_command(cli, ctx);
  app::add_compare_command(cli, ctx);
  app::add_report_command(cli, ctx);
  app::add_diff_command(cli, ctx);
  app::add_sweep_commands(cli, ctx);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = cli.exit(e);
    return rc == 0 ? 0 : 2;
  }
  spdlog::set_level(ctx.quiet ? spdlog::level::warn
                              : (ctx.verbose > 0 ? spdlog::level::debug : spdlog::level::info));

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  try {
    return ctx.action ? ctx.action() : 0;
  } catch (const sim::InputError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const sim::Interrupted& e) {
    return app::interrupted_status(e.signal_number());
  } catch (const sim::OutputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "govsim: internal error: " << e.what() << "\n";
    return 1;
  }
}
