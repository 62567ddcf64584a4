#include "sim/graph/network_catalog.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>

#include "sim/core/error.hpp"
#include "sim/graph/edge_list_reader.hpp"
#include "sim/graph/generators.hpp"
#include "sim/graph/graph_metrics.hpp"
#include "sim/graph/graphml_reader.hpp"
#include "sim/graph/neighbourhood.hpp"

namespace govsim::sim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int64_t kMaxNodes = 4294967294;  // node ids are uint32_t; one value kept as a sentinel

const std::vector<std::string>& type_names() {
  static const std::vector<std::string> names = {
      "watts_strogatz", "erdos_renyi", "barabasi_albert", "random_regular",
      "square_lattice", "neighbourhood", "edge_list",     "graphml"};
  return names;
}

// The keys every network type has: `type` and `reorder`.
ParamSchema base_schema(const std::string& type, const std::string& doc) {
  ParamSchema s(type);
  ParamDef t;
  t.name = "type";
  t.type = ParamType::kString;
  t.default_value = type;
  t.choices = type_names();
  t.required = true;
  t.doc = doc;
  s.add(std::move(t));
  s.choice("reorder", "none", {"none", "rcm"},
           "storage order of the nodes: none (original ids) or rcm (reverse Cuthill-McKee, "
           "for memory locality; results do not change)");
  return s;
}

ParamDef path_def(std::string name, bool required, std::string doc) {
  ParamDef d;
  d.name = std::move(name);
  d.type = ParamType::kString;
  d.default_value = std::string();
  d.is_path = true;
  d.required = required;
  d.doc = std::move(doc);
  return d;
}

// A rule about network key `key`; build_network() locates it at the key in the scenario.
[[noreturn]] void bad_key(const std::string& key, const std::string& message) {
  yaml::fail(yaml::Loc{}, "network." + key, message);
}

uint32_t node_count(const ParamSet& s, const char* key) {
  const int64_t v = s.integer(key);
  if (v < 0 || v > kMaxNodes)
    bad_key(key, fmt::format("value {} is outside [0, {}]", v, kMaxNodes));
  return static_cast<uint32_t>(v);
}

Network build_by_type(const std::string& type, const ParamSet& s, const CounterRng& rng) {
  if (type == "watts_strogatz") {
    const uint32_t n = node_count(s, "n"), k = node_count(s, "k");
    if (k % 2 != 0) bad_key("k", fmt::format("must be even (got {})", k));
    if (k + 2 > n) bad_key("k", fmt::format("must be at most n - 2 = {} (got {})",
                                            static_cast<int64_t>(n) - 2, k));
    return watts_strogatz(n, k, s.number("p"), rng);
  }
  if (type == "erdos_renyi") {
    const uint32_t n = node_count(s, "n");
    const double k_mean = s.number("k_mean");
    if (k_mean > static_cast<double>(n) - 1.0)
      bad_key("k_mean", fmt::format("must be at most n - 1 = {} (got {})", n - 1, k_mean));
    return erdos_renyi(n, k_mean, rng);
  }
  if (type == "barabasi_albert") {
    const uint32_t n = node_count(s, "n"), m = node_count(s, "m");
    if (m >= n) bad_key("m", fmt::format("must be at most n - 1 = {} (got {})", n - 1, m));
    return barabasi_albert(n, m, rng);
  }
  if (type == "random_regular") {
    const uint32_t n = node_count(s, "n"), k = node_count(s, "k");
    if (k >= n) bad_key("k", fmt::format("must be at most n - 1 = {} (got {})", n - 1, k));
    if ((uint64_t{n} * k) % 2 != 0)
      bad_key("k", fmt::format("n * k must be even (n = {}, k = {})", n, k));
    return random_regular(n, k, rng);
  }
  if (type == "square_lattice") return square_lattice(node_count(s, "side"));
  if (type == "neighbourhood") {
    const NeighbourhoodParams p = neighbourhood_params(s);
    if (uint64_t{p.n_comm} * p.pop_comm > static_cast<uint64_t>(kMaxNodes))
      bad_key("pop_comm", fmt::format("n_comm * pop_comm = {} exceeds {} residents",
                                      uint64_t{p.n_comm} * p.pop_comm, kMaxNodes));
    Neighbourhood nb = build_neighbourhood(p, rng);
    spdlog::info("network neighbourhood: {} communities, {} households, {} buildings, {} grids; "
                 "k_hh = {:.3f}, {} stubs per resident",
                 nb.n_comm, nb.num_households(), nb.num_buildings(), nb.num_grids(), nb.k_hh,
                 nb.stubs);
    return std::move(nb.net);
  }
  if (type == "edge_list") {
    EdgeListOptions o;
    o.nodes_path = s.str("nodes");
    o.delimiter = parse_delimiter(s.str("delimiter"));
    return load_edge_list(s.str("path"), o);
  }
  if (type == "graphml") return load_graphml(s.str("path"));
  bad_key("type", fmt::format("unknown network type '{}'", type));
}

}  // namespace

std::vector<std::pair<std::string, ParamSchema>> network_types() {
  std::vector<std::pair<std::string, ParamSchema>> out;

  {
    ParamSchema s = base_schema("watts_strogatz",
                                "Watts-Strogatz small world: a ring lattice with rewiring");
    s.integer("n", 1000, 3, kMaxNodes, "nodes", "number of nodes", 100, 1e7);
    s.integer("k", 10, 2, kMaxNodes, "ties/node",
              "mean degree: each node is tied to its k/2 successors on the ring (even, "
              "at most n - 2)", 4, 30);
    s.real("p", 0.1, 0.0, 1.0, "share", "probability that a tie is rewired to a random node",
           0.0, 1.0);
    out.emplace_back("watts_strogatz", std::move(s));
  }
  {
    ParamSchema s = base_schema("erdos_renyi", "Erdos-Renyi G(n, p) random graph");
    s.integer("n", 1000, 2, kMaxNodes, "nodes", "number of nodes", 100, 1e7);
    s.real("k_mean", 10.0, 0.0, std::numeric_limits<double>::infinity(), "ties/node",
           "expected mean degree; each pair is tied with probability k_mean / (n - 1) (at most "
           "n - 1)", 1.0, 30.0);
    out.emplace_back("erdos_renyi", std::move(s));
  }
  {
    ParamSchema s = base_schema("barabasi_albert",
                                "Barabasi-Albert scale-free graph (linear preferential "
                                "attachment)");
    s.integer("n", 1000, 2, kMaxNodes, "nodes", "number of nodes", 100, 1e7);
    s.integer("m", 5, 1, kMaxNodes, "ties/node",
              "ties of each new node (mean degree about 2m); the seed is a clique of m + 1 "
              "nodes", 1, 10);
    out.emplace_back("barabasi_albert", std::move(s));
  }
  {
    ParamSchema s = base_schema("random_regular",
                                "random k-regular graph (configuration model, simple)");
    s.integer("n", 1000, 2, kMaxNodes, "nodes", "number of nodes", 100, 1e7);
    s.integer("k", 4, 1, kMaxNodes, "ties/node",
              "degree of every node (at most n - 1; n * k even)", 3, 20);
    out.emplace_back("random_regular", std::move(s));
  }
  {
    ParamSchema s = base_schema("square_lattice",
                                "periodic square lattice, von Neumann neighbourhood (degree 4); "
                                "node id = y * side + x");
    s.integer("side", 100, 3, 65535, "nodes", "side length L (L * L nodes)", 10, 1000);
    out.emplace_back("square_lattice", std::move(s));
  }
  {
    ParamSchema s = base_schema("neighbourhood",
                                "clustered community network of households, buildings and "
                                "grids (model spec 4.3)");
    s.integer("n_comm", 132, 1, kMaxNodes, "communities", "number of communities", kNaN, kNaN,
              "[V] spec 1");
    s.integer("pop_comm", 3100, 100, kMaxNodes, "residents", "residents per community", 500,
              30000, "[V] spec 1");
    s.list("hh_size_p", {0.25, 0.30, 0.20, 0.15, 0.10}, 0.0, 1.0, 5, true, "share",
           "shares of household sizes 1 to 5", "[A] mean 2.55 ~ census 2.62");
    s.integer("bldg_hh", 12, 1, kMaxNodes, "households", "households per building", 6, 30,
              "[A]");
    s.integer("grid_hh", 200, 1, kMaxNodes, "households",
              "households per grid (a community has max(1, round(households / grid_hh)) grids, "
              "at most one per building)", 100, 500, "[A]");
    s.real("k_mean", 10.0, 2.0, std::numeric_limits<double>::infinity(), "ties/resident",
           "target mean degree (household ties plus 2 per stub; realised about 9.8 at 10)", 4.0,
           30.0, "[A]");
    s.real("p_bldg", 0.3, 0.0, 1.0, "share",
           "share of in-community stubs that go to a resident of the same building", 0.0, 0.6,
           "[A]");
    s.real("p_rewire", 0.1, 0.0, 1.0, "share",
           "share of lattice stubs rewired to a random resident of the community", 0.0, 0.5,
           "[A]");
    s.real("p_cross", 0.02, 0.0, 1.0, "share",
           "share of stubs that go to a resident of another community", 0.0, 0.1, "[A]");
    out.emplace_back("neighbourhood", std::move(s));
  }
  {
    ParamSchema s = base_schema("edge_list",
                                "network read from an edge-list file (CSV, TSV or "
                                "whitespace-separated), with an optional node table");
    s.add(path_def("path", true,
                   "edge-list file: one tie per line, two node ids; '#' comments; optional "
                   "header (source,target)"));
    s.add(path_def("nodes", false,
                   "node table (header with column id and optional community, grid, "
                   "household, age_band, party, owner); empty = none"));
    s.choice("delimiter", "auto", {"auto", "comma", "tab", "space"},
             "field separator; auto: tab if the first line has one, else comma, else "
             "whitespace");
    out.emplace_back("edge_list", std::move(s));
  }
  {
    ParamSchema s = base_schema("graphml", "network read from a GraphML file");
    s.add(path_def("path", true,
                   "GraphML file (first graph; node keys community, grid, household, age_band, "
                   "party, owner are read)"));
    out.emplace_back("graphml", std::move(s));
  }
  return out;
}

namespace {

std::shared_ptr<const Network> build_unlocated(const ParamSet& section, const CounterRng& rng) {
  const std::string& type = section.str("type");
  Network net;
  try {
    net = build_by_type(type, section, rng);
  } catch (const std::invalid_argument& e) {  // a generator's domain check
    bad_key("type", e.what());
  }
  const std::string reorder = section.has("reorder") ? section.str("reorder") : "none";
  if (reorder == "rcm") {
    const uint64_t before = storage_bandwidth(net);
    net = net.reordered_rcm();
    spdlog::info("network {}: reverse Cuthill-McKee order, bandwidth {} -> {}", type, before,
                 storage_bandwidth(net));
  } else if (reorder != "none") {
    bad_key("reorder", fmt::format("'{}' is not one of {{none, rcm}}", reorder));
  }
  const BuildStats& st = net.build_stats();
  spdlog::info("network {}: {} nodes, {} ties, mean degree {:.3f} ({} input ties, {} self-loops "
               "dropped, {} duplicates merged)",
               type, net.num_nodes(), net.num_edges(), net.mean_degree(), st.input_edges,
               st.self_loops_dropped, st.duplicates_merged);
  return std::make_shared<const Network>(std::move(net));
}

}  // namespace

std::shared_ptr<const Network> build_network(const ParamSet& section, const CounterRng& rng) {
  try {
    return build_unlocated(section, rng);
  } catch (const yaml::Error& e) {  // a bad_key rule: at the key, when the scenario knows where
    if (e.loc().src || section.section().empty() || e.key().rfind("network.", 0) != 0) throw;
    section.fail(e.key().substr(8), e.message());
  }
}

}  // namespace govsim::sim
