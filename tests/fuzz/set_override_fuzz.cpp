// fuzz_set_override: bytes -> one `--set` argument (sim::Override{"path=value"}) applied to
// small valid scenarios (governance with a countermeasure list; the toy model with lists; a
// threshold cascade with a generated network). Whatever loads must reload from its
// resolved_yaml (as in fuzz_scenario).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario/scenario_loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace govsim;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_logs();
  fuzz::write_helper_files();
  (void)fuzz::catalog();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::vector<sim::Override> sets{{std::string(reinterpret_cast<const char*>(data), size)}};
  const std::string dir = fuzz::scratch_dir().string();
  for (std::string_view base : {fuzz::kSmallGovernance, fuzz::kSmallToy, fuzz::kSmallThreshold}) {
    fuzz::guarded([&] {
      const auto sc = sim::load_scenario_text(std::string(base), "small.yaml", dir, fuzz::catalog(), sets);
      try {
        (void)sim::load_scenario_text(sc->resolved_yaml, "resolved.yaml", dir, fuzz::catalog());
      } catch (const sim::InputError& e) {
        fuzz::die("a scenario loaded with --set does not reload from its resolved_yaml",
                  std::string(e.what()) + "\n--- resolved_yaml:\n" + sc->resolved_yaml);
      }
    });
  }
  return 0;
}
