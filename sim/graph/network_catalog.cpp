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

namespace govsim::sim {

namespace {

constexpr int64_t kMaxNodes = kMaxNetworkNodes;

const std::vector<std::string>& generator_names() {
  static const std::vector<std::string> names = {"watts_strogatz", "erdos_renyi",
                                                 "barabasi_albert", "random_regular",
                                                 "square_lattice"};
  return names;
}
const std::vector<std::string>& reader_names() {
  static const std::vector<std::string> names = {"edge_list", "graphml"};
  return names;
}
bool is_generic(const std::string& name) {
  for (const auto* list : {&generator_names(), &reader_names()})
    for (const auto& n : *list)
      if (n == name) return true;
  return false;
}

// The keys every network type has: `type` (one of `all`) and `reorder`.
ParamSchema base_schema(const std::string& type, const std::string& doc,
                        const std::vector<std::string>& all) {
  ParamSchema s(type);
  ParamDef t;
  t.name = "type";
  t.type = ParamType::kString;
  t.default_value = type;
  t.choices = all;
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

// The declared columns as a phrase: "community, grid, ...", or "none declared".
std::string column_list(const std::vector<NodeColumnDef>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ", ") + c.name;
  return out.empty() ? "none are declared" : out;
}

// The generators and readers of the engine.
Network build_generic(const std::string& type, const ParamSet& s, const CounterRng& rng,
                      const std::vector<NodeColumnDef>& columns) {
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
  if (type == "edge_list") {
    EdgeListOptions o;
    o.nodes_path = s.str("nodes");
    o.delimiter = parse_delimiter(s.str("delimiter"));
    o.columns = columns;
    return load_edge_list(s.str("path"), o);
  }
  if (type == "graphml") return load_graphml(s.str("path"), columns);
  bad_key("type", fmt::format("unknown network type '{}'", type));
}

std::vector<std::pair<std::string, ParamSchema>> generator_schemas(
    const std::vector<std::string>& all) {
  std::vector<std::pair<std::string, ParamSchema>> out;
  {
    ParamSchema s = base_schema("watts_strogatz",
                                "Watts-Strogatz small world: a ring lattice with rewiring", all);
    s.integer("n", 1000, 3, kMaxNodes, "nodes", "number of nodes", 100, 1e7);
    s.integer("k", 10, 2, kMaxNodes, "ties/node",
              "mean degree: each node is tied to its k/2 successors on the ring (even, "
              "at most n - 2)", 4, 30);
    s.real("p", 0.1, 0.0, 1.0, "share", "probability that a tie is rewired to a random node",
           0.0, 1.0);
    out.emplace_back("watts_strogatz", std::move(s));
  }
  {
    ParamSchema s = base_schema("erdos_renyi", "Erdos-Renyi G(n, p) random graph", all);
    s.integer("n", 1000, 2, kMaxNodes, "nodes", "number of nodes", 100, 1e7);
    s.real("k_mean", 10.0, 0.0, std::numeric_limits<double>::infinity(), "ties/node",
           "expected mean degree; each pair is tied with probability k_mean / (n - 1) (at most "
           "n - 1)", 1.0, 30.0);
    out.emplace_back("erdos_renyi", std::move(s));
  }
  {
    ParamSchema s = base_schema("barabasi_albert",
                                "Barabasi-Albert scale-free graph (linear preferential "
                                "attachment)", all);
    s.integer("n", 1000, 2, kMaxNodes, "nodes", "number of nodes", 100, 1e7);
    s.integer("m", 5, 1, kMaxNodes, "ties/node",
              "ties of each new node (mean degree about 2m); the seed is a clique of m + 1 "
              "nodes", 1, 10);
    out.emplace_back("barabasi_albert", std::move(s));
  }
  {
    ParamSchema s = base_schema("random_regular",
                                "random k-regular graph (configuration model, simple)", all);
    s.integer("n", 1000, 2, kMaxNodes, "nodes", "number of nodes", 100, 1e7);
    s.integer("k", 4, 1, kMaxNodes, "ties/node",
              "degree of every node (at most n - 1; n * k even)", 3, 20);
    out.emplace_back("random_regular", std::move(s));
  }
  {
    ParamSchema s = base_schema("square_lattice",
                                "periodic square lattice, von Neumann neighbourhood (degree 4); "
                                "node id = y * side + x", all);
    s.integer("side", 100, 3, 65535, "nodes", "side length L (L * L nodes)", 10, 1000);
    out.emplace_back("square_lattice", std::move(s));
  }
  return out;
}

std::vector<std::pair<std::string, ParamSchema>> reader_schemas(
    const std::vector<std::string>& all, const std::vector<NodeColumnDef>& columns) {
  std::vector<std::pair<std::string, ParamSchema>> out;
  const std::string cols = column_list(columns);
  {
    ParamSchema s = base_schema("edge_list",
                                "network read from an edge-list file (CSV, TSV or "
                                "whitespace-separated), with an optional node table", all);
    s.add(path_def("path", true,
                   "edge-list file: one tie per line, two node ids; '#' comments; optional "
                   "header (source,target)"));
    s.add(path_def("nodes", false,
                   "node table (header with column id and optional node columns the models "
                   "declare: " + cols + "); empty = none"));
    s.choice("delimiter", "auto", {"auto", "comma", "tab", "space"},
             "field separator; auto: tab if the first line has one, else comma, else "
             "whitespace");
    out.emplace_back("edge_list", std::move(s));
  }
  {
    ParamSchema s = base_schema("graphml", "network read from a GraphML file", all);
    s.add(path_def("path", true,
                   "GraphML file (first graph; the node keys the models declare are read: " +
                       cols + ")"));
    out.emplace_back("graphml", std::move(s));
  }
  return out;
}

}  // namespace

void NetworkCatalog::add_model(const std::string& owner, const std::vector<NetworkType>& types,
                               const std::vector<NodeColumnDef>& columns) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::erase_if(model_types_, [&](const Owned& o) { return o.owner == owner; });
  std::erase_if(columns_, [&](const auto& c) { return c.first == owner; });
  for (const NetworkType& t : types) {
    if (is_generic(t.name))
      throw std::logic_error("network type '" + t.name + "' of model '" + owner +
                             "' is an engine type");
    for (const Owned& o : model_types_)
      if (o.type.name == t.name)
        throw std::logic_error("network type '" + t.name + "' registered by models '" +
                               o.owner + "' and '" + owner + "'");
    model_types_.push_back({owner, t});
  }
  for (const NodeColumnDef& c : columns) {
    bool known = false;
    for (const auto& [o, d] : columns_) {
      if (d.name != c.name) continue;
      if (d.max != c.max)
        throw std::logic_error("node column '" + c.name + "' declared by models '" + o +
                               "' and '" + owner + "' with different ranges");
      known = true;
    }
    if (!known) columns_.emplace_back(owner, c);
  }
}

std::vector<NodeColumnDef> NetworkCatalog::columns() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<NodeColumnDef> out;
  for (const auto& [owner, c] : columns_) out.push_back(c);
  return out;
}

std::vector<std::pair<std::string, ParamSchema>> NetworkCatalog::schemas() const {
  std::vector<Owned> models;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    models = model_types_;
  }
  std::vector<std::string> all = generator_names();
  for (const Owned& o : models) all.push_back(o.type.name);
  for (const auto& n : reader_names()) all.push_back(n);
  auto out = generator_schemas(all);
  for (const Owned& o : models) {
    ParamSchema s = base_schema(o.type.name, o.type.doc, all);
    if (o.type.add_keys) o.type.add_keys(s);
    out.emplace_back(o.type.name, std::move(s));
  }
  for (auto& r : reader_schemas(all, columns())) out.push_back(std::move(r));
  return out;
}

std::shared_ptr<const Network> NetworkCatalog::build(const ParamSet& section,
                                                     const CounterRng& rng) const {
  const std::string& type = section.str("type");
  std::function<Network(const ParamSet&, const CounterRng&)> model_build;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Owned& o : model_types_)
      if (o.type.name == type) model_build = o.type.build;
  }
  Network net;
  try {
    net = model_build ? model_build(section, rng) : build_generic(type, section, rng, columns());
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

NetworkCatalog& network_catalog() {
  static NetworkCatalog catalog;
  return catalog;
}

std::vector<std::pair<std::string, ParamSchema>> network_types() {
  return network_catalog().schemas();
}

std::shared_ptr<const Network> build_network(const ParamSet& section, const CounterRng& rng) {
  try {
    return network_catalog().build(section, rng);
  } catch (const yaml::Error& e) {  // a bad_key rule: at the key, when the scenario knows where
    if (e.loc().src || section.section().empty() || e.key().rfind("network.", 0) != 0) throw;
    section.fail(e.key().substr(8), e.message());
  }
}

}  // namespace govsim::sim
