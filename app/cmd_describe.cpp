// govsim describe [MODEL]: every model, and every parameter with default, domain, typical
// range, unit and meaning.
#include <fmt/format.h>

#include <iostream>

#include "app/app_context.hpp"
#include "sim/core/error.hpp"

namespace govsim::app {

namespace {

void print_schema(const sim::ParamSchema& schema, bool markdown) {
  if (markdown) {
    std::cout << "| Name | Type | Default | Domain | Typical | Unit | Meaning | Basis |\n"
                 "|---|---|---|---|---|---|---|---|\n";
    for (const auto& d : schema.defs())
      std::cout << fmt::format("| `{}` | {} | {} | {} | {} | {} | {} | {} |\n", d.name,
                               sim::to_string(d.type), sim::format_value(d.default_value),
                               d.domain_text(), d.typical_text(), d.unit.empty() ? "-" : d.unit,
                               d.doc, d.basis.empty() ? "-" : d.basis);
    return;
  }
  for (const auto& d : schema.defs()) {
    std::cout << fmt::format("  {:<22} {:<14} default {:<22} domain {:<18} typical {:<12} {}\n",
                             d.name, sim::to_string(d.type), sim::format_value(d.default_value),
                             d.domain_text(), d.typical_text(), d.unit.empty() ? "" : "[" + d.unit + "]");
    std::cout << fmt::format("  {:<22} {}{}\n", "", d.doc, d.basis.empty() ? "" : "  (" + d.basis + ")");
  }
}

}  // namespace

void add_describe_command(CLI::App& app, AppContext& ctx) {
  auto model = std::make_shared<std::string>();
  auto markdown = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("describe", "List the models, or every parameter of one model or network type");
  cmd->add_option("model", *model, "Model or network type name");
  cmd->add_flag("--markdown", *markdown, "Print the parameter table as Markdown");
  cmd->callback([&ctx, model, markdown] {
    ctx.action = [&ctx, model, markdown] {
      if (model->empty()) {
        std::cout << "Models (govsim describe MODEL for parameters):\n";
        for (const auto& m : ctx.registry.all()) {
          std::cout << fmt::format("  {:<20} {}\n", m.name, m.summary);
          for (const auto& c : m.countermeasures)
            std::cout << fmt::format("  {:<20}   countermeasure {}: {}\n", "", c.name, c.summary);
        }
        std::cout << "Network types (govsim describe TYPE for keys):\n";
        for (const auto& [name, schema] : ctx.catalog.network_types)
          std::cout << fmt::format("  {}\n", name);
        return 0;
      }
      if (const sim::ModelInfo* info = ctx.registry.find(*model)) {
        std::cout << fmt::format("{}: {}\nparams ({} parameters; default steps {}):\n", info->name,
                                 info->summary, info->schema().defs().size(), info->default_steps);
        print_schema(info->schema(), *markdown);
        if (!info->countermeasures.empty()) {
          std::cout << "countermeasures:\n";
          for (const auto& c : info->countermeasures)
            std::cout << fmt::format("  {:<28} {}\n", c.name, c.summary);
        }
        return 0;
      }
      if (const sim::ParamSchema* net = ctx.catalog.find_network(*model)) {
        std::cout << fmt::format("network type {}:\n", *model);
        print_schema(*net, *markdown);
        return 0;
      }
      std::string names;
      for (const auto& m : ctx.registry.all()) names += (names.empty() ? "" : ", ") + m.name;
      throw sim::InputError(fmt::format("error: unknown model or network type '{}' (models: {})", *model, names));
    };
  });
}

}  // namespace govsim::app
