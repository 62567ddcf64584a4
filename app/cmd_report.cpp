// govsim report RESULTS.h5 -o DIR [--lang en|zh]: runs the Python analysis package (analysis/)
// with Debian's /usr/bin/python3, which has h5py, pandas, matplotlib and scipy. --lang zh writes
// the report in Simplified Chinese (docs/analysis.md); the flag is passed on as it is.
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/app_context.hpp"
#include "sim/core/error.hpp"

#ifndef GOVSIM_SOURCE_DIR
#define GOVSIM_SOURCE_DIR "."
#endif

namespace govsim::app {

void add_report_command(CLI::App& app, AppContext& ctx) {
  auto input = std::make_shared<std::string>();
  auto outdir = std::make_shared<std::string>("report");
  auto lang = std::make_shared<std::string>("en");
  CLI::App* cmd = app.add_subcommand("report", "Write an HTML report with plots and tables from a results file");
  cmd->add_option("results", *input, "Results file (HDF5)")->required();
  cmd->add_option("-o,--output", *outdir, "Report folder (default: report)");
  cmd->add_option("--lang", *lang, "Language of the report: en (default) or zh (Simplified Chinese)")
      ->check(CLI::IsMember({"en", "zh"}));
  cmd->callback([&ctx, input, outdir, lang] {
    ctx.action = [input, outdir, lang] {
      const char* env = std::getenv("GOVSIM_ANALYSIS_PATH");
      const std::string root = env ? env : GOVSIM_SOURCE_DIR;
      if (!std::filesystem::exists(std::filesystem::path(root) / "analysis" / "__main__.py"))
        throw sim::InputError(fmt::format(
            "error: the analysis package was not found under '{}' (set GOVSIM_ANALYSIS_PATH to the "
            "govsim source folder)", root));
      const std::string pypath = root + (std::getenv("PYTHONPATH") ? ":" + std::string(std::getenv("PYTHONPATH")) : "");
      ::setenv("PYTHONPATH", pypath.c_str(), 1);
      std::cout.flush();
      const pid_t pid = ::fork();
      if (pid == 0) {
        ::execl("/usr/bin/python3", "python3", "-m", "analysis", "report", input->c_str(), "-o",
                outdir->c_str(), "--lang", lang->c_str(), static_cast<char*>(nullptr));
        std::perror("govsim report: cannot start /usr/bin/python3");
        ::_exit(1);
      }
      int status = 0;
      ::waitpid(pid, &status, 0);
      return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    };
  });
}

}  // namespace govsim::app
