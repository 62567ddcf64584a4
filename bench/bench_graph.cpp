// File: bench/bench_graph.cpp
//
// Graph construction and loading (setup costs, once per run):
//   graph/ws-generate            sim::watts_strogatz(n, 10, 0.1)  (Boost small_world_iterator,
//                                sequential draws; the CSR build)
//   graph/neighbourhood-generate models::governance::build_neighbourhood (the governance
//                                model's spec-4.3 network), n_comm = n / 2500, pop_comm = 2500,
//                                spec-4.3 defaults (k_mean 10)
//   graph/edge-list-load         sim::load_edge_list of the WS graph written once (setup, not
//                                timed) as "a b" lines to a temporary file
// items_per_second counts nodes, edge_visits counts arcs (two per tie) built per second.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "bench/bench_common.hpp"
#include "models/governance/neighbourhood.hpp"
#include "sim/graph/edge_list_reader.hpp"
#include "sim/graph/generators.hpp"

namespace govsim::bench {

namespace {

namespace fs = std::filesystem;

// The WS graph of n nodes as an edge list (each tie once, a < b), written once per n.
struct EdgeListFile {
  uint32_t n = 0;
  std::string path;
  ~EdgeListFile() {
    if (!path.empty()) std::remove(path.c_str());
  }
};

const std::string& edge_list_file(uint32_t n) {
  static EdgeListFile f;
  if (f.n == n && !f.path.empty()) return f.path;
  if (!f.path.empty()) std::remove(f.path.c_str());
  f.path = (fs::temp_directory_path() / fmt::format("govsim-bench-{}-ws-{}.txt", getpid(), n))
               .string();
  f.n = n;
  const auto net = ws_graph(n);
  const sim::CsrView g = net->view();
  std::ofstream out(f.path);
  out << "source target\n";
  std::string buf;
  for (uint32_t i = 0; i < g.num_nodes(); ++i) {
    buf.clear();
    for (uint32_t j : g.row(i))
      if (i < j) fmt::format_to(std::back_inserter(buf), "{} {}\n", i, j);
    out << buf;
  }
  return f.path;
}

}  // namespace

void register_graph(uint32_t n) {
  for (int t : thread_counts()) {
    add("graph", "ws-generate", n, t, [=](benchmark::State& st) {
      uint64_t arcs = 0;
      in_arena(t, [&] {
        for (auto _ : st) {
          sim::Network net = sim::watts_strogatz(n, 10, 0.1, sim::CounterRng::for_run(1, 0));
          arcs = net.num_arcs();
          benchmark::DoNotOptimize(arcs);
        }
      });
      set_counters(st, n, arcs, t);
    });
    add("graph", "neighbourhood-generate", n, t, [=](benchmark::State& st) {
      models::governance::NeighbourhoodParams p;
      p.n_comm = n / 2500;
      p.pop_comm = 2500;
      uint64_t arcs = 0;
      in_arena(t, [&] {
        for (auto _ : st) {
          models::governance::Neighbourhood nb =
              models::governance::build_neighbourhood(p, sim::CounterRng::for_run(1, 0));
          arcs = nb.net.num_arcs();
          benchmark::DoNotOptimize(arcs);
        }
      });
      set_counters(st, n, arcs, t);
    });
    add("graph", "edge-list-load", n, t, [=](benchmark::State& st) {
      const std::string& path = edge_list_file(n);
      uint64_t arcs = 0;
      in_arena(t, [&] {
        for (auto _ : st) {
          sim::Network net = sim::load_edge_list(path);
          arcs = net.num_arcs();
          benchmark::DoNotOptimize(arcs);
        }
      });
      set_counters(st, n, arcs, t);
      st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) *
                           static_cast<int64_t>(fs::file_size(path)));
    });
  }
}

}  // namespace govsim::bench
