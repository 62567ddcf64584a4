// Tests of the network catalog: every type's schema is complete and documented, build_network
// dispatches, applies `reorder` and reports cross-key errors as InputError, and a model's
// network types and node columns join the catalog (here a test model; the governance model's
// neighbourhood is tested in tests/models/governance/neighbourhood_test.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "sim/core/error.hpp"
#include "sim/graph/network_catalog.hpp"
#include "tests/sim/graph/graph_test_util.hpp"

namespace govsim::sim {
namespace {

using testing::rows_by_original_id;

const ParamSchema& schema_of(const std::string& type) {
  static const auto types = network_types();
  for (const auto& [name, schema] : types)
    if (name == type) return schema;
  throw std::logic_error("no network type " + type);
}

ParamSet section(const std::string& type) { return ParamSet(schema_of(type)); }

TEST(NetworkCatalog, EveryTypeHasDocumentedKeys) {
  const auto types = network_types();
  std::vector<std::string> names;
  for (const auto& [name, schema] : types) names.push_back(name);
  // the engine's own types (no model is registered in this test program)
  EXPECT_EQ(names, (std::vector<std::string>{"watts_strogatz", "erdos_renyi", "barabasi_albert",
                                             "random_regular", "square_lattice", "edge_list",
                                             "graphml"}));
  for (const auto& [name, schema] : types) {
    const ParamDef* type = schema.find("type");
    ASSERT_NE(type, nullptr) << name;
    EXPECT_EQ(std::get<std::string>(type->default_value), name);
    EXPECT_EQ(type->choices, names);
    const ParamDef* reorder = schema.find("reorder");
    ASSERT_NE(reorder, nullptr) << name;
    EXPECT_EQ(reorder->choices, (std::vector<std::string>{"none", "rcm"}));
    EXPECT_EQ(std::get<std::string>(reorder->default_value), "none");
    for (const ParamDef& d : schema.defs()) {
      EXPECT_FALSE(d.doc.empty()) << name << "." << d.name;
      if (!d.required) {
        EXPECT_EQ(ParamSchema::check(d, d.default_value), "") << name << "." << d.name;
      }
      if (d.type == ParamType::kInt || d.type == ParamType::kReal) {
        EXPECT_FALSE(d.unit.empty()) << name << "." << d.name;
      }
    }
  }
}

TEST(NetworkCatalog, ReadersTakePaths) {
  EXPECT_TRUE(schema_of("edge_list").find("path")->is_path);
  EXPECT_TRUE(schema_of("edge_list").find("path")->required);
  EXPECT_TRUE(schema_of("edge_list").find("nodes")->is_path);
  EXPECT_FALSE(schema_of("edge_list").find("nodes")->required);
  EXPECT_TRUE(schema_of("graphml").find("path")->is_path);
}

TEST(NetworkCatalog, BuildsEveryGeneratedType) {
  const CounterRng rng = CounterRng::for_run(1, 0);
  ParamSet ws = section("watts_strogatz");
  const auto w = build_network(ws, rng);
  EXPECT_EQ(w->num_edges() + w->build_stats().duplicates_merged, 1000u * 10u / 2u);
  ParamSet er = section("erdos_renyi");
  EXPECT_NEAR(build_network(er, rng)->mean_degree(), 10.0, 0.6);
  ParamSet ba = section("barabasi_albert");
  EXPECT_EQ(build_network(ba, rng)->num_edges(), 15u + 994u * 5u);
  ParamSet rr = section("random_regular");
  EXPECT_EQ(build_network(rr, rng)->num_edges(), 2000u);
  ParamSet sq = section("square_lattice");
  sq.set("side", int64_t{20});
  EXPECT_EQ(build_network(sq, rng)->num_edges(), 800u);
}

TEST(NetworkCatalog, ReorderRcmKeepsTheGraph) {
  const CounterRng rng = CounterRng::for_run(3, 0);
  ParamSet s = section("watts_strogatz");
  s.set("n", int64_t{500});
  const auto plain = build_network(s, rng);
  s.set("reorder", std::string("rcm"));
  const auto rcm = build_network(s, rng);
  EXPECT_FALSE(plain->reordered());
  EXPECT_TRUE(rcm->reordered());
  EXPECT_EQ(rows_by_original_id(*rcm), rows_by_original_id(*plain));
}

TEST(NetworkCatalog, CrossKeyErrorsAreInputErrors) {
  const CounterRng rng;
  auto message = [&](ParamSet s) -> std::string {
    try {
      build_network(s, rng);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  ParamSet ws = section("watts_strogatz");
  ws.set("k", int64_t{5});
  EXPECT_EQ(message(ws), "error: network.k: must be even (got 5)");
  ws.set("k", int64_t{1000});
  EXPECT_EQ(message(ws), "error: network.k: must be at most n - 2 = 998 (got 1000)");
  ParamSet rr = section("random_regular");
  rr.set("n", int64_t{11});
  rr.set("k", int64_t{3});
  EXPECT_EQ(message(rr), "error: network.k: n * k must be even (n = 11, k = 3)");
  ParamSet ba = section("barabasi_albert");
  ba.set("n", int64_t{5});
  EXPECT_EQ(message(ba), "error: network.m: must be at most n - 1 = 4 (got 5)");
  ParamSet er = section("erdos_renyi");
  er.set("n", int64_t{5});
  EXPECT_EQ(message(er), "error: network.k_mean: must be at most n - 1 = 4 (got 10)");
  ParamSet el = section("edge_list");
  el.set("path", std::string("/nonexistent/edges.csv"));
  EXPECT_EQ(message(el),
            "/nonexistent/edges.csv: error: cannot open edge list: No such file or directory");
}

// A ring of `n` nodes whose node column "colour" is i mod 3: the network type of a test model.
NetworkType ring_type() {
  NetworkType t;
  t.name = "test_ring";
  t.doc = "ring of n nodes (a test model's type)";
  t.add_keys = [](ParamSchema& s) {
    s.integer("n", 10, 3, 1000, "nodes", "number of nodes", 3, 1000);
  };
  t.build = [](const ParamSet& s, const CounterRng&) {
    const auto n = static_cast<uint32_t>(s.integer("n"));
    std::vector<Edge> edges;
    for (uint32_t i = 0; i < n; ++i) edges.emplace_back(i, (i + 1) % n);
    Network net = Network::from_edges(n, std::move(edges));
    for (uint32_t i = 0; i < n; ++i) net.attributes().column("colour").push_back(static_cast<int32_t>(i % 3));
    return net;
  };
  return t;
}

TEST(NetworkCatalog, AModelsTypesSitBetweenGeneratorsAndReaders) {
  NetworkCatalog cat;
  cat.add_model("test_model", {ring_type()}, {{"colour", 2, "a test column"}});
  std::vector<std::string> names;
  for (const auto& [name, schema] : cat.schemas()) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"watts_strogatz", "erdos_renyi", "barabasi_albert",
                                             "random_regular", "square_lattice", "test_ring",
                                             "edge_list", "graphml"}));
  for (const auto& [name, schema] : cat.schemas()) EXPECT_EQ(schema.find("type")->choices, names);
  ParamSet ring(cat.schemas()[5].second);
  ring.set("n", int64_t{12});
  const auto net = cat.build(ring, CounterRng{});
  EXPECT_EQ(net->num_edges(), 12u);
  EXPECT_EQ((*net->attributes().find("colour"))[4], 1);
  // the same model again replaces its entries; a clash is a programming error
  cat.add_model("test_model", {ring_type()}, {{"colour", 2, "a test column"}});
  EXPECT_EQ(cat.schemas().size(), 8u);
  EXPECT_EQ(cat.columns().size(), 1u);
  EXPECT_THROW(cat.add_model("other", {ring_type()}, {}), std::logic_error);
  NetworkType ws = ring_type();
  ws.name = "watts_strogatz";
  EXPECT_THROW(cat.add_model("other", {ws}, {}), std::logic_error);
  EXPECT_THROW(cat.add_model("other", {}, {{"colour", 9, "another range"}}), std::logic_error);
  cat.add_model("other", {}, {{"colour", 2, "the same column"}});  // the same range: shared
  EXPECT_EQ(cat.columns().size(), 1u);
}

TEST(NetworkCatalog, LoadsAnEdgeListWithTheDeclaredNodeColumns) {
  const testing::TempDir dir("cat");
  NetworkCatalog cat;
  cat.add_model("test_model", {}, {{"grid", INT32_MAX, "grid"}});
  ParamSet s(cat.schemas()[5].second);
  ASSERT_EQ(s.str("type"), "edge_list");
  s.set("path", dir.write("e.tsv", "x\ty\ny\tz\n"));
  s.set("nodes", dir.write("n.tsv", "id\tgrid\tcommunity\nz\t2\t0\ny\t1\t0\nx\t0\t0\n"));
  s.set("reorder", std::string("rcm"));
  const auto net = cat.build(s, CounterRng{});
  EXPECT_EQ(net->num_nodes(), 3u);
  EXPECT_EQ(net->num_edges(), 2u);
  // Original ids follow the node table (z = 0, y = 1, x = 2); attributes follow the storage.
  for (uint32_t id = 0; id < 3; ++id)
    EXPECT_EQ((*net->attributes().find("grid"))[net->position(id)], static_cast<int32_t>(2 - id));
  EXPECT_EQ(net->attributes().find("community"), nullptr);  // no model declares it here
}

}  // namespace
}  // namespace govsim::sim
