// Tests of the network catalog: every type's schema is complete and documented, and
// build_network dispatches, applies `reorder` and reports cross-key errors as InputError.
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
  EXPECT_EQ(names, (std::vector<std::string>{"watts_strogatz", "erdos_renyi", "barabasi_albert",
                                             "random_regular", "square_lattice", "neighbourhood",
                                             "edge_list", "graphml"}));
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

TEST(NetworkCatalog, NeighbourhoodDefaultsAreTheSpecBaseline) {
  const ParamSet s = section("neighbourhood");
  EXPECT_EQ(s.integer("n_comm"), 132);
  EXPECT_EQ(s.integer("pop_comm"), 3100);
  EXPECT_EQ(s.list("hh_size_p"), (std::vector<double>{0.25, 0.30, 0.20, 0.15, 0.10}));
  EXPECT_EQ(s.integer("bldg_hh"), 12);
  EXPECT_EQ(s.integer("grid_hh"), 200);
  EXPECT_EQ(s.real("k_mean"), 10.0);
  EXPECT_EQ(s.real("p_bldg"), 0.3);
  EXPECT_EQ(s.real("p_rewire"), 0.1);
  EXPECT_EQ(s.real("p_cross"), 0.02);
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
  ParamSet nb = section("neighbourhood");
  nb.set("n_comm", int64_t{2});
  nb.set("pop_comm", int64_t{1000});
  const auto net = build_network(nb, rng);
  EXPECT_EQ(net->num_nodes(), 2000u);
  EXPECT_EQ(net->attributes().community.size(), 2000u);
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

TEST(NetworkCatalog, LoadsAnEdgeListWithANodeTable) {
  const testing::TempDir dir("cat");
  ParamSet s = section("edge_list");
  s.set("path", dir.write("e.tsv", "x\ty\ny\tz\n"));
  s.set("nodes", dir.write("n.tsv", "id\tgrid\nz\t2\ny\t1\nx\t0\n"));
  s.set("reorder", std::string("rcm"));
  const auto net = build_network(s, CounterRng{});
  EXPECT_EQ(net->num_nodes(), 3u);
  EXPECT_EQ(net->num_edges(), 2u);
  // Original ids follow the node table (z = 0, y = 1, x = 2); attributes follow the storage.
  for (uint32_t id = 0; id < 3; ++id)
    EXPECT_EQ(net->attributes().grid[net->position(id)], static_cast<int32_t>(2 - id));
}

}  // namespace
}  // namespace govsim::sim
