// fuzz_edge_list: bytes -> edge-list file (+ optional node table) -> load_edge_list.
// Input format (so that corpus files stay readable text):
//   [@auto|@comma|@tab|@space NEWLINE]   optional first line: the delimiter (default auto)
//   EDGE LIST BYTES
//   [NEWLINE ---nodes--- NEWLINE NODE TABLE BYTES]   optional node table
// A network that loads must satisfy the Network invariants (network_check.hpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/graph/edge_list_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tests/fuzz/network_check.hpp"

using namespace govsim;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_logs();
  (void)fuzz::scratch_dir();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  sim::EdgeListOptions opt;
  static constexpr std::pair<std::string_view, sim::Delimiter> kModes[] = {
      {"@auto\n", sim::Delimiter::kAuto},
      {"@comma\n", sim::Delimiter::kComma},
      {"@tab\n", sim::Delimiter::kTab},
      {"@space\n", sim::Delimiter::kWhitespace}};
  for (const auto& [tag, d] : kModes)
    if (in.starts_with(tag)) {
      opt.delimiter = d;
      in.remove_prefix(tag.size());
      break;
    }
  std::string_view edges = in, nodes;
  bool has_nodes = false;
  static constexpr std::string_view kSep = "\n---nodes---\n";
  if (const auto pos = in.find(kSep); pos != std::string_view::npos) {
    edges = in.substr(0, pos);
    nodes = in.substr(pos + kSep.size());
    has_nodes = true;
  }
  const std::string edge_path = fuzz::write_file("edges.txt", edges);
  if (has_nodes) opt.nodes_path = fuzz::write_file("nodes.txt", nodes);
  static const std::vector<sim::NodeColumnDef> columns = [] {
    (void)fuzz::catalog();  // registers the models, which declare the node columns
    return sim::network_catalog().columns();
  }();
  opt.columns = columns;
  fuzz::guarded([&] {
    const sim::Network net = sim::load_edge_list(edge_path, opt);
    fuzz::check_network(net);
    const auto& labels = net.attributes().labels;
    if (labels.size() != net.num_nodes())
      fuzz::die("edge list", "labels do not name every node");
  });
  return 0;
}
