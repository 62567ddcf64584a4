// fuzz_graphml: bytes -> GraphML file -> load_graphml. A network that loads must satisfy the
// Network invariants (network_check.hpp). Boost's XML parser (libboost_graph) is not
// instrumented for coverage; govsim's conversion code is.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/graph/graphml_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tests/fuzz/network_check.hpp"

using namespace govsim;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_logs();
  (void)fuzz::scratch_dir();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string path = fuzz::write_file(
      "graph.graphml", std::string_view(reinterpret_cast<const char*>(data), size));
  static const std::vector<sim::NodeColumnDef> columns = [] {
    (void)fuzz::catalog();  // registers the models, which declare the node columns
    return sim::network_catalog().columns();
  }();
  fuzz::guarded([&] { fuzz::check_network(sim::load_graphml(path, columns)); });
  return 0;
}
