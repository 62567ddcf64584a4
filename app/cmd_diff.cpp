// govsim diff A.h5 B.h5: are two results files identical in their data? (Provenance and the
// creation time are ignored.) Exit 0 identical, 3 different, 2 unreadable input.
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
  cmd->callback([&ctx, a, b] {
    ctx.action = [a, b] {
      const auto rep = sim::compare_result_files(*a, *b);
      if (rep.identical) {
        std::cout << fmt::format("identical data ({} objects compared)\n", rep.objects_compared);
        return 0;
      }
      for (const auto& d : rep.differences) std::cout << d << "\n";
      return 3;
    };
  });
}

}  // namespace govsim::app
