// fuzz_scenario: YAML text -> load_scenario_text with the real catalog (+ toy models).
// A scenario that loads must also: give a memory and time estimate without UB (what
// `govsim run` computes next), and reload from its own resolved_yaml to the same text (the
// resolved YAML is what results files store for reproduction). Text holding `compare:` is also
// loaded as a comparison file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "models/register_all.hpp"
#include "sim/model/registry.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace govsim;

namespace {
const sim::ModelRegistry& registry() {
  static const sim::ModelRegistry r = [] {
    sim::ModelRegistry reg;
    models::register_all(reg);
    return reg;
  }();
  return r;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_logs();
  fuzz::write_helper_files();
  (void)fuzz::catalog();
  (void)registry();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string dir = fuzz::scratch_dir().string();
  fuzz::guarded([&] {
    const auto sc = sim::load_scenario_text(text, "fuzz.yaml", dir, fuzz::catalog());
    if (const sim::ModelInfo* info = registry().find(sc->model)) {
      if (info->estimate_memory) (void)info->estimate_memory(*sc);
      if (info->estimate_seconds) (void)info->estimate_seconds(*sc);
    }
    std::string again;
    try {
      again = sim::load_scenario_text(sc->resolved_yaml, "resolved.yaml", dir, fuzz::catalog())
                  ->resolved_yaml;
    } catch (const sim::InputError& e) {
      fuzz::die("a loaded scenario's resolved_yaml does not load again",
                std::string(e.what()) + "\n--- resolved_yaml:\n" + sc->resolved_yaml);
    }
    if (again != sc->resolved_yaml)
      fuzz::die("resolved_yaml is not a fixed point",
                "--- first:\n" + sc->resolved_yaml + "\n--- reloaded:\n" + again);
  });
  if (text.find("compare") != std::string::npos) {
    const std::string path = fuzz::write_file("compare_input.yaml", text);
    fuzz::guarded([&] {
      (void)sim::is_comparison_file(path);
      (void)sim::load_comparison(path, fuzz::catalog());
    });
  }
  return 0;
}
