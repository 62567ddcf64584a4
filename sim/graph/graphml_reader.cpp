#include "sim/graph/graphml_reader.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <boost/property_tree/exceptions.hpp>
#include <boost/property_tree/detail/file_parser_error.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <typeinfo>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/graph/graphml_nodes.hpp"
#include "sim/io/input_file.hpp"

namespace govsim::sim {

namespace {

using UndirectedGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
using DirectedGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using VertexDesc = boost::graph_traits<UndirectedGraph>::vertex_descriptor;
static_assert(std::is_same_v<VertexDesc, boost::graph_traits<DirectedGraph>::vertex_descriptor>);

// Values of one attribute by vertex index; -1 = not given.
struct AttrValues {
  bool present = false;
  std::vector<int64_t> values;
};

// A write-only dynamic property map that accepts any GraphML value type holding an integer.
class AttributeSink : public boost::dynamic_property_map {
 public:
  AttributeSink(const NodeColumnDef& spec, AttrValues* out) : spec_(spec), out_(out) {
    out_->present = true;
  }

  boost::any get(const boost::any& key) override { return value_at(key); }
  std::string get_string(const boost::any& key) override { return std::to_string(value_at(key)); }
  void put(const boost::any& key, const boost::any& value) override {
    const auto v = boost::any_cast<VertexDesc>(key);
    if (out_->values.size() <= v) out_->values.resize(v + 1, -1);
    out_->values[v] = to_integer(value);
  }
  const std::type_info& key() const override { return typeid(VertexDesc); }
  const std::type_info& value() const override { return typeid(int64_t); }

 private:
  int64_t value_at(const boost::any& key) const {
    const auto v = boost::any_cast<VertexDesc>(key);
    return v < out_->values.size() ? out_->values[v] : -1;
  }

  int64_t to_integer(const boost::any& value) const {
    std::string text;
    int64_t x = 0;
    bool ok = false;
    if (const bool* b = boost::any_cast<bool>(&value)) {
      x = *b ? 1 : 0;
      ok = true;
    } else if (const int* i = boost::any_cast<int>(&value)) {
      x = *i;
      ok = true;
    } else if (const long* l = boost::any_cast<long>(&value)) {
      x = *l;
      ok = true;
    } else if (const double* d = boost::any_cast<double>(&value)) {
      ok = std::isfinite(*d) && std::floor(*d) == *d && std::abs(*d) < 9e18;
      if (ok) x = static_cast<int64_t>(*d);
      text = fmt::format("{}", *d);
    } else if (const float* f = boost::any_cast<float>(&value)) {
      ok = std::isfinite(*f) && std::floor(*f) == *f && std::abs(*f) < 9e18f;
      if (ok) x = static_cast<int64_t>(*f);
      text = fmt::format("{}", *f);
    } else if (const std::string* s = boost::any_cast<std::string>(&value)) {
      text = *s;
      std::size_t b = text.find_first_not_of(" \t\r\n");
      std::size_t e = text.find_last_not_of(" \t\r\n");
      if (b == std::string::npos) return -1;  // empty: unknown
      const char* first = text.data() + b;
      const char* last = text.data() + e + 1;
      const auto [ptr, ec] = std::from_chars(first, last, x);
      ok = ec == std::errc() && ptr == last;
    }
    if (ok && x >= -1 && x <= spec_.max) return x;
    if (ok) text = std::to_string(x);
    throw boost::parse_error(fmt::format("invalid value \"{}\" for node key {} (expected an "
                                         "integer in [-1, {}])",
                                         text, spec_.name, spec_.max));
  }

  const NodeColumnDef& spec_;
  AttrValues* out_;
};

// Parses `text` into a Boost graph of type Graph; returns the node count and the ties, and
// fills `attrs` (one per declared column) from the node keys.
template <class Graph>
std::size_t parse_graphml(const std::string& text, const std::vector<NodeColumnDef>& columns,
                          std::vector<AttrValues>& attrs, std::vector<Edge>& edges) {
  Graph g;
  boost::dynamic_properties dp(
      [&columns, &attrs](const std::string& name, const boost::any& key,
                         const boost::any&) -> boost::shared_ptr<boost::dynamic_property_map> {
        if (key.type() != typeid(VertexDesc)) return {};  // graph and edge keys: ignored
        for (std::size_t k = 0; k < columns.size(); ++k)
          if (name == columns[k].name)
            return boost::shared_ptr<boost::dynamic_property_map>(
                new AttributeSink(columns[k], &attrs[k]));
        return {};  // undeclared node key: ignored
      });
  std::istringstream in(text);
  boost::read_graphml(in, g, dp, 0);

  const std::size_t n = boost::num_vertices(g);
  if (n >= UINT32_MAX) throw boost::parse_error("too many nodes (the limit is 2^32 - 1)");
  edges.reserve(boost::num_edges(g));
  for (auto [it, end] = boost::edges(g); it != end; ++it)
    edges.emplace_back(static_cast<uint32_t>(boost::source(*it, g)),
                       static_cast<uint32_t>(boost::target(*it, g)));
  return n;
}

template <class Graph>
Network read_as(const std::string& text, const std::vector<NodeColumnDef>& columns) {
  std::vector<AttrValues> attrs(columns.size());
  std::vector<Edge> edges;
  const std::size_t n = parse_graphml<Graph>(text, columns, attrs, edges);

  Network net = Network::from_edges(static_cast<uint32_t>(n), std::move(edges));
  NodeAttributes& out = net.attributes();
  for (std::size_t k = 0; k < columns.size(); ++k) {
    if (!attrs[k].present) continue;
    std::vector<int64_t>& v = attrs[k].values;
    v.resize(n, -1);
    out.column(columns[k].name).assign(v.begin(), v.end());  // values checked in [-1, max]
  }
  return net;
}

[[noreturn]] void invalid(const std::string& path, int line, const std::string& what) {
  throw InputError(SourceLocation{path, line, 0}, "", "invalid GraphML: " + what);
}

}  // namespace

Network load_graphml(const std::string& path, const std::vector<NodeColumnDef>& columns) {
  io::require_input_file(path, "GraphML file");  // a FIFO or device would block or never end
  std::ifstream file(path, std::ios::in | std::ios::binary);
  if (!file) {
    const int err = errno;
    throw InputError(SourceLocation{path, 0, 0}, "",
                     fmt::format("cannot open GraphML file: {}",
                                 err ? std::strerror(err) : "unknown error"));
  }
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string text = buffer.str();

  try {
    Network net;
    bool directed = false;
    try {
      net = read_as<UndirectedGraph>(text, columns);
    } catch (const boost::directed_graph_error&) {
      directed = true;
    }
    if (directed) {
      try {
        net = read_as<DirectedGraph>(text, columns);
      } catch (const boost::undirected_graph_error&) {
        invalid(path, 0, "the file mixes directed and undirected edges");
      }
    }
    check_graphml_edge_ends(text, path, net.num_nodes());  // every node must be declared
    const BuildStats& st = net.build_stats();
    spdlog::info("GraphML {}: {} nodes, {} ties{} ({} self-loops dropped, {} duplicate ties "
                 "merged)",
                 path, net.num_nodes(), net.num_edges(),
                 directed ? " (directed arcs read as undirected ties)" : "",
                 st.self_loops_dropped, st.duplicates_merged);
    return net;
  } catch (const InputError&) {
    throw;
  } catch (const boost::property_tree::file_parser_error& e) {
    invalid(path, static_cast<int>(e.line()), e.message());
  } catch (const boost::property_tree::ptree_bad_path& e) {
    invalid(path, 0, std::string("missing element or attribute (") + e.what() + ")");
  } catch (const boost::parse_error& e) {
    invalid(path, 0, e.error);
  } catch (const std::exception& e) {  // other Boost errors raised while reading the file
    invalid(path, 0, e.what());
  }
}

void save_graphml(const Network& net, std::ostream& out) {
  const uint32_t n = net.num_nodes();
  UndirectedGraph g(n);
  const CsrView v = net.view();
  for (uint32_t a = 0; a < n; ++a) {
    for (const uint32_t t : v.row(net.position(a))) {
      const uint32_t b = net.original_id(t);
      if (a < b) boost::add_edge(a, b, g);
    }
  }
  // Columns in original-id order, as int keys.
  const NodeAttributes& at = net.attributes();
  std::vector<std::pair<std::string, std::vector<int>>> cols;
  for (const auto& [name, src] : at.columns()) {
    if (src.size() != n) continue;
    std::vector<int> values(n);
    for (uint32_t a = 0; a < n; ++a) values[a] = static_cast<int>(src[net.position(a)]);
    cols.emplace_back(name, std::move(values));
  }
  boost::dynamic_properties dp;
  const auto index = boost::get(boost::vertex_index, g);
  for (auto& [name, values] : cols)
    dp.property(name, boost::make_iterator_property_map(values.begin(), index));
  boost::write_graphml(out, g, dp, /*ordered_vertices=*/true);
}

}  // namespace govsim::sim
