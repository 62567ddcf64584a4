#include "sim/pipeline/assemble.hpp"

#include <fmt/format.h>

#include <mutex>

#include "sim/core/error.hpp"
#include "sim/output/h5.hpp"

namespace govsim::sim::pipeline {

std::vector<RunFinals> assemble(const Plan& plan, const RunStore& store, const AssembleOptions& options) {
  FileHeader header;
  header.kind = plan.kind;
  header.name = plan.name;
  header.model = plan.model;
  header.scenario_yaml = plan.resolved_yaml;
  header.seed = plan.seed;
  header.replicates = plan.replicates;
  header.provenance = options.provenance;
  std::vector<std::size_t> entries = options.entries;
  if (entries.empty())
    for (std::size_t i = 0; i < plan.runs.size(); ++i) entries.push_back(i);

  std::vector<RunFinals> finals;
  finals.reserve(entries.size());
  std::lock_guard<std::mutex> lock(h5::mutex());
  ResultFile file(options.out_path, options.force, header, ResultFile::Buffering::kStreamed,
                  options.temp_path);
  for (std::size_t k = 0; k < entries.size(); ++k) {
    finals.push_back(store.copy_run_into(plan, entries[k], file));
    if (options.on_progress) options.on_progress(k + 1, entries.size());
  }
  file.set_root_attribute("complete", options.complete ? "true" : "false");
  if (options.tables)
    for (const Table& t : options.tables(finals)) file.write_table(t);
  if (options.extra) {
    try {
      options.extra(file.id());
    } catch (const h5::Failure& e) {
      file.check();
      throw OutputError(fmt::format("cannot write results file '{}': {}", file.temp_path(), e.what()));
    }
    file.check();
  }
  file.commit();
  return finals;
}

}  // namespace govsim::sim::pipeline
