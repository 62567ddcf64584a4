// Every fixed benchmark scenario of bench/scenarios/checksums.txt, run as `govsim run` runs
// replicate 0, gives its recorded checksum, at 1 and 2 threads. The file pins the bits of the
// release build on Debian 12 (GCC 12, glibc 2.36): an intended change of a model updates it; any
// other change that moves a checksum changed results it promised to keep.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/register_all.hpp"
#include "sim/graph/network_catalog.hpp"
#include "sim/run/checksum.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace govsim {
namespace {

TEST(Checksums, FixedScenariosKeepTheirBits) {
  sim::ModelRegistry reg;
  models::register_all(reg);
  sim::Catalog catalog = reg.catalog();
  catalog.network_types = sim::network_types();
  const auto expected =
      sim::read_checksum_list(std::string(GOVSIM_SOURCE_DIR) + "/bench/scenarios/checksums.txt");
  ASSERT_GE(expected.size(), 4u) << "bench/scenarios/checksums.txt lists the fixed scenarios";
  for (const sim::ExpectedChecksum& e : expected) {
    const sim::ScenarioPtr sc =
        sim::load_scenario(std::string(GOVSIM_SOURCE_DIR) + "/bench/scenarios/" + e.file, catalog, {});
    const sim::ModelInfo* info = reg.find(sc->model);
    ASSERT_NE(info, nullptr) << e.file;
    for (int threads : {1, 2}) {
      sim::RunOptions opt;
      opt.threads = threads;
      const uint64_t got = sim::result_checksum(sim::run_replicate(*info, sc, 0, opt));
      EXPECT_EQ(got, e.checksum) << e.file << " at " << threads << " thread(s): 0x" << std::hex << got;
    }
  }
}

}  // namespace
}  // namespace govsim
