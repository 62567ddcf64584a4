// govsim diff A.h5 B.h5: are two results files identical in their data? (Provenance and the
// creation time are ignored.) What B only adds (new finals, summary tables or columns;
// sim/output/result_compare.hpp) is listed and is no difference unless --strict. Exit 0
// identical, 3 different, 2 unreadable input.
#include <fmt/format.h>

#include <iostream>

#include "app/app_context.hpp"
#include "sim/output/result_compare.hpp"

namespace govsim::app {

void add_diff_command(CLI::App& app, AppContext& ctx) {
  auto a = std::make_shared<std::string>();
  auto b = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("diff", "Compare the data of two results files (exit 0 identical, 3 different)");
  cmd->add_option("a", *a, "First results file")->required();
  cmd->add_option("b", *b, "Second results file")->required();
  auto ignore = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--ignore-attribute", *ignore,
                  "Skip this attribute everywhere (repeatable), e.g. scenario_yaml when the resolved "
                  "scenario text lists new parameters at their defaults");
  auto strict = std::make_shared<bool>(false);
  cmd->add_flag("--strict", *strict,
                "Count what the second file only adds (new finals, summary tables or columns) as "
                "a difference");
  cmd->callback([&ctx, a, b, strict, ignore] {
    ctx.action = [a, b, strict, ignore] {
      const auto rep = sim::compare_result_files(*a, *b, 20, *ignore);
      for (const auto& d : rep.differences) std::cout << d << "\n";
      if (!rep.identical) return 3;
      for (const auto& x : rep.additions) std::cout << x << "\n";
      // The last line is the verdict (scripts/compare-binaries prints it).
      if (rep.additions.empty()) {
        std::cout << fmt::format("identical data ({} objects compared)\n", rep.objects_compared);
        return 0;
      }
      std::cout << fmt::format("identical data in the {} objects both hold; the second adds {} kind(s) of "
                               "data (above){}\n",
                               rep.objects_compared, rep.additions.size(), *strict ? ": --strict: different" : "");
      return *strict ? 3 : 0;
    };
  });
}

}  // namespace govsim::app
