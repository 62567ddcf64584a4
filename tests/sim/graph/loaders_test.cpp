// Tests of the edge-list and GraphML loaders on small files written into a temp dir, including
// malformed files and the exact error text users see.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/graph/edge_list_reader.hpp"
#include "sim/graph/generators.hpp"
#include "sim/graph/graphml_reader.hpp"
#include "tests/sim/graph/graph_test_util.hpp"

namespace govsim::sim {
namespace {

using testing::expect_simple_symmetric_sorted;
using testing::rows_by_original_id;
using testing::column;
using testing::TempDir;

using Rows = std::vector<std::vector<uint32_t>>;

// The message of the InputError thrown by f (fails the test if none is thrown).
template <class F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected InputError, got: " << e.what();
    return {};
  }
  ADD_FAILURE() << "expected InputError, nothing thrown";
  return {};
}

TEST(EdgeList, CsvWithHeaderStringIdsCommentsDuplicatesAndLoops) {
  const TempDir dir("el");
  const std::string path = dir.write("edges.csv",
                                     "# a comment\n"
                                     "\n"
                                     "source,target\n"
                                     "alice, bob\n"
                                     "bob,carol\r\n"
                                     "  # indented comment\n"
                                     "carol,alice\n"
                                     "bob,alice\n"   // the reverse direction: merged
                                     "dave,dave\n"   // self-loop: dropped, dave stays a node
                                     "alice,bob\n");  // duplicate
  const Network net = load_edge_list(path);
  expect_simple_symmetric_sorted(net);
  EXPECT_EQ(net.attributes().labels, (std::vector<std::string>{"alice", "bob", "carol", "dave"}));
  EXPECT_EQ(net.num_nodes(), 4u);
  EXPECT_EQ(net.num_edges(), 3u);
  EXPECT_EQ(net.build_stats().input_edges, 6u);
  EXPECT_EQ(net.build_stats().self_loops_dropped, 1u);
  EXPECT_EQ(net.build_stats().duplicates_merged, 2u);
  EXPECT_EQ(rows_by_original_id(net), (Rows{{1, 2}, {0, 2}, {0, 1}, {}}));
}

TEST(EdgeList, AcceptsAByteOrderMark) {
  const TempDir dir("el");
  const Network net = load_edge_list(dir.write("bom.csv", "\xEF\xBB\xBFsource,target\na,b\n"));
  EXPECT_EQ(net.attributes().labels, (std::vector<std::string>{"a", "b"}));
}

TEST(EdgeList, TsvAndWhitespaceWithNumericIdsNumberedByFirstAppearance) {
  const TempDir dir("el");
  const Network tsv = load_edge_list(dir.write("e.tsv", "10\t20\t0.5\n20\t30\t1.0\n"));
  EXPECT_EQ(tsv.attributes().labels, (std::vector<std::string>{"10", "20", "30"}));
  EXPECT_EQ(rows_by_original_id(tsv), (Rows{{1}, {0, 2}, {1}}));

  const Network ws = load_edge_list(dir.write("e.txt", "u v\n3   1\n 1 2 \n2\t3\n"));
  EXPECT_EQ(ws.attributes().labels, (std::vector<std::string>{"3", "1", "2"}));
  EXPECT_EQ(ws.num_edges(), 3u);

  // An explicit delimiter: a space inside a CSV field is part of the id.
  EdgeListOptions o;
  o.delimiter = Delimiter::kComma;
  const Network csv = load_edge_list(dir.write("e2.csv", "new york,boston\n"), o);
  EXPECT_EQ(csv.attributes().labels, (std::vector<std::string>{"new york", "boston"}));
  EXPECT_EQ(parse_delimiter("tab"), Delimiter::kTab);
  EXPECT_THROW(parse_delimiter("semicolon"), std::invalid_argument);
}

TEST(EdgeList, NodeTableSetsOrderAndAttributes) {
  const TempDir dir("el");
  const std::string nodes = dir.write("nodes.csv",
                                      "id,community,party,colour,owner\n"
                                      "c,0,1,red,\n"
                                      "a,1,0,blue,1\n"
                                      "b,1,,green,0\n"
                                      "lonely,2,1,red,1\n");
  EdgeListOptions o;
  o.nodes_path = nodes;
  o.columns = testing::test_columns();
  const Network net = load_edge_list(dir.write("edges.csv", "a,b\nb,c\n"), o);
  EXPECT_EQ(net.num_nodes(), 4u);  // the isolated node is kept
  const NodeAttributes& at = net.attributes();
  EXPECT_EQ(at.labels, (std::vector<std::string>{"c", "a", "b", "lonely"}));
  EXPECT_EQ(column(at, "community"), (std::vector<int32_t>{0, 1, 1, 2}));
  EXPECT_EQ(column(at, "party"), (std::vector<int32_t>{1, 0, -1, 1}));
  EXPECT_EQ(column(at, "owner"), (std::vector<int32_t>{-1, 1, 0, 1}));
  EXPECT_EQ(at.find("grid"), nullptr);
  EXPECT_EQ(at.find("age_band"), nullptr);
  EXPECT_EQ(at.find("colour"), nullptr);  // not declared: ignored
  // only the declared columns are read
  o.columns = {{"party", INT8_MAX, "Party member"}};
  const Network only = load_edge_list(dir.file("edges.csv"), o);
  EXPECT_EQ(only.attributes().columns().size(), 1u);
  EXPECT_EQ(column(only.attributes(), "party"), (std::vector<int32_t>{1, 0, -1, 1}));
  EXPECT_EQ(rows_by_original_id(net), (Rows{{2}, {2}, {0, 1}, {}}));
}

TEST(EdgeList, ExactErrorMessages) {
  const TempDir dir("el");
  const std::string nodes = dir.write("nodes.csv", "id,party\na,1\nb,0\n");
  EdgeListOptions with_nodes;
  with_nodes.nodes_path = nodes;
  with_nodes.columns = testing::test_columns();

  const std::string one_field = dir.write("bad1.csv", "a,b\n\nc\n");
  EXPECT_EQ(input_error([&] { load_edge_list(one_field); }),
            one_field + ":3:1: error: expected 2 fields, found 1");

  const std::string missing = dir.write("bad2.csv", "a,b\nb, x\n");
  EXPECT_EQ(input_error([&] { load_edge_list(missing, with_nodes); }),
            missing + ":2:4: error: edge names node 'x' that is not in the node table " + nodes);

  const std::string empty_id = dir.write("bad3.csv", "a,\n");
  EXPECT_EQ(input_error([&] { load_edge_list(empty_id); }),
            empty_id + ":1:3: error: empty node id");

  const std::string empty = dir.write("empty.csv", "");
  EXPECT_EQ(input_error([&] { load_edge_list(empty); }),
            empty + ": error: empty edge list: no edges found");
  const std::string header_only = dir.write("header.csv", "# nothing\nsource,target\n");
  EXPECT_EQ(input_error([&] { load_edge_list(header_only); }),
            header_only + ": error: empty edge list: no edges found");

  const std::string absent = dir.file("absent.csv");
  EXPECT_EQ(input_error([&] { load_edge_list(absent); }),
            absent + ": error: cannot open edge list: No such file or directory");
  EdgeListOptions absent_nodes;
  absent_nodes.nodes_path = dir.file("absent_nodes.csv");
  EXPECT_EQ(input_error([&] { load_edge_list(one_field, absent_nodes); }),
            absent_nodes.nodes_path +
                ": error: cannot open node table: No such file or directory");
}

TEST(EdgeList, ExactNodeTableErrorMessages) {
  const TempDir dir("el");
  const std::string edges = dir.write("edges.csv", "a,b\n");
  auto load_with = [&](const std::string& nodes) {
    EdgeListOptions o;
    o.nodes_path = nodes;
    o.columns = testing::test_columns();
    return load_edge_list(edges, o);
  };
  const std::string dup = dir.write("dup.csv", "id,grid\na,1\nb,2\na,3\n");
  EXPECT_EQ(input_error([&] { load_with(dup); }),
            dup + ":4:1: error: duplicate node id 'a' (first defined on line 2)");
  const std::string no_id = dir.write("noid.csv", "name,grid\na,1\n");
  EXPECT_EQ(input_error([&] { load_with(no_id); }),
            no_id + ":1:1: error: node table has no 'id' column");
  const std::string bad_int = dir.write("badint.csv", "id\tage_band\na\tyoung\n");
  EXPECT_EQ(input_error([&] { load_with(bad_int); }),
            bad_int + ":2:3: error: column 'age_band': expected an integer, found 'young'");
  const std::string range = dir.write("range.csv", "id,party\na,300\n");
  EXPECT_EQ(input_error([&] { load_with(range); }),
            range + ":2:3: error: column 'party': value 300 is outside [-1, 127]");
  const std::string ragged = dir.write("ragged.csv", "id,party\na,1,2\n");
  EXPECT_EQ(input_error([&] { load_with(ragged); }),
            ragged + ":2:1: error: expected 2 fields, found 3");
  const std::string no_rows = dir.write("norows.csv", "id,party\n");
  EXPECT_EQ(input_error([&] { load_with(no_rows); }),
            no_rows + ": error: empty node table: no nodes");
  const std::string nothing = dir.write("nothing.csv", "\n# only a comment\n");
  EXPECT_EQ(input_error([&] { load_with(nothing); }),
            nothing + ": error: empty node table: no header line");
}

TEST(GraphMl, RoundTripKeepsTiesAndAttributes) {
  const TempDir dir("gml");
  Network net = watts_strogatz(60, 4, 0.3, CounterRng::for_run(1, 0));
  for (uint32_t i = 0; i < 60; ++i) {
    net.attributes().column("community").push_back(static_cast<int32_t>(i / 20));
    net.attributes().column("age_band").push_back(static_cast<int32_t>(i % 3));
  }
  // Write from a reordered copy: the file is in original-id order all the same.
  const Network stored = net.reordered_rcm();
  const std::string path = dir.file("g.graphml");
  {
    std::ofstream out(path);
    save_graphml(stored, out);
  }
  const Network back = load_graphml(path, testing::test_columns());
  expect_simple_symmetric_sorted(back);
  EXPECT_EQ(rows_by_original_id(back), rows_by_original_id(net));
  EXPECT_EQ(column(back.attributes(), "community"), column(net.attributes(), "community"));
  EXPECT_EQ(column(back.attributes(), "age_band"), column(net.attributes(), "age_band"));
  EXPECT_EQ(back.attributes().find("grid"), nullptr);
  // without declared columns nothing is read
  EXPECT_TRUE(load_graphml(path).attributes().columns().empty());
}

TEST(GraphMl, DirectedFileUnknownKeysAndTypedValues) {
  const TempDir dir("gml");
  const std::string path = dir.write("d.graphml", R"(<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k0" for="node" attr.name="community" attr.type="long"/>
  <key id="k1" for="node" attr.name="colour" attr.type="string"/>
  <key id="k2" for="edge" attr.name="weight" attr.type="double"/>
  <key id="k3" for="node" attr.name="party" attr.type="string"/>
  <key id="k4" for="graph" attr.name="title" attr.type="string"/>
  <graph id="G" edgedefault="directed">
    <data key="k4">test</data>
    <node id="x"><data key="k0">7</data><data key="k1">red</data><data key="k3">1</data></node>
    <node id="y"><data key="k1">blue</data></node>
    <node id="z"><data key="k0">5</data></node>
    <edge source="x" target="y"><data key="k2">0.5</data></edge>
    <edge source="y" target="x"/>
    <edge source="y" target="z"/>
    <edge source="z" target="z"/>
  </graph>
</graphml>
)");
  const Network net = load_graphml(path, testing::test_columns());
  EXPECT_EQ(net.num_nodes(), 3u);
  EXPECT_EQ(net.num_edges(), 2u);
  EXPECT_EQ(net.build_stats().duplicates_merged, 1u);
  EXPECT_EQ(net.build_stats().self_loops_dropped, 1u);
  EXPECT_EQ(column(net.attributes(), "community"), (std::vector<int32_t>{7, -1, 5}));
  EXPECT_EQ(column(net.attributes(), "party"), (std::vector<int32_t>{1, -1, -1}));
  EXPECT_EQ(net.attributes().find("colour"), nullptr);
  EXPECT_EQ(rows_by_original_id(net), (Rows{{1}, {0, 2}, {1}}));
}

// The GraphML specification requires every node to be declared: an edge to an undeclared node
// is refused (Boost's reader would add it), naming the node and the edge's line.
TEST(GraphMl, EdgeToAnUndeclaredNodeIsRefused) {
  const TempDir dir("gml");
  const std::string head = "<?xml version=\"1.0\"?>\n<graphml>\n<graph edgedefault=\"undirected\">\n";
  const std::string path = dir.write("u.graphml", head +
      "<node id=\"x\"/><node id=\"y\"/>\n<edge source=\"x\" target=\"y\"/>\n"
      "  <edge source=\"y\" target=\"w\"/>\n</graph>\n</graphml>\n");
  EXPECT_EQ(input_error([&] { load_graphml(path, testing::test_columns()); }),
            path + ":6:3: error: invalid GraphML: edge names node 'w' that no <node> declares");
  // The source end, a node declared after its edges (allowed), comments and CDATA that look
  // like elements, and character references in ids.
  const std::string src = dir.write("s.graphml",
      std::string("<?xml version=\"1.0\"?>\n<graphml><key id=\"d\" for=\"node\" attr.name=\"label\" ")
      + "attr.type=\"string\"/>\n<graph edgedefault=\"undirected\">\n" +
      "<!-- <node id=\"ghost\"/> -->\n<edge source=\"ghost\" target=\"a&amp;b\"/>\n"
      "<node id=\"a&amp;b\"><data key=\"d\"><![CDATA[<node id=\"ghost\"/>]]></data></node>\n"
      "</graph>\n</graphml>\n");
  EXPECT_EQ(input_error([&] { load_graphml(src, testing::test_columns()); }),
            src + ":5:1: error: invalid GraphML: edge names node 'ghost' that no <node> declares");
  const std::string late = dir.write("late.graphml", head +
      "<edge source=\"a&#38;b\" target=\"c\"/>\n<node id=\"a&amp;b\"/><node id='c'/>\n</graph>\n</graphml>\n");
  EXPECT_EQ(load_graphml(late, testing::test_columns()).num_nodes(), 2u);
  // Nodes of a second top-level graph are not read (Boost reads the first): they do not declare.
  const std::string two = dir.write("two.graphml", head +
      "<edge source=\"p\" target=\"q\"/><node id=\"p\"/>\n</graph>\n"
      "<graph edgedefault=\"undirected\"><node id=\"q\"/></graph>\n</graphml>\n");
  EXPECT_EQ(input_error([&] { load_graphml(two, testing::test_columns()); }),
            two + ":4:1: error: invalid GraphML: edge names node 'q' that no <node> declares");
}

// Network files that are not regular files are refused before they are opened (a FIFO would
// block, a device would never end); the path is checked after symbolic links.
TEST(Loaders, NotARegularFileIsRefused) {
  const TempDir dir("notreg");
  const std::string fifo = dir.file("p.csv");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(input_error([&] { load_edge_list(fifo); }),
            fifo + ": error: cannot open edge list: it is a FIFO (named pipe), not a regular file");
  EXPECT_EQ(input_error([&] { load_graphml("/dev/zero", testing::test_columns()); }),
            "/dev/zero: error: cannot open GraphML file: it is a character device, not a regular file");
  const std::string sub = dir.file("sub.graphml");
  std::filesystem::create_directories(sub);
  EXPECT_EQ(input_error([&] { load_graphml(sub, testing::test_columns()); }),
            sub + ": error: cannot open GraphML file: it is a directory, not a regular file");
}

TEST(GraphMl, ErrorsNameTheFile) {
  const TempDir dir("gml");
  const std::string absent = dir.file("absent.graphml");
  EXPECT_EQ(input_error([&] { load_graphml(absent); }),
            absent + ": error: cannot open GraphML file: No such file or directory");

  const std::string broken = dir.write(
      "broken.graphml",
      "<graphml>\n<graph edgedefault=\"undirected\">\n<node id=\"a\">\n</graphml>\n");
  const std::string msg = input_error([&] { load_graphml(broken); });
  EXPECT_EQ(msg.rfind(broken + ":", 0), 0u) << msg;
  EXPECT_NE(msg.find("error: invalid GraphML: "), std::string::npos) << msg;

  const std::string bad_value = dir.write("badvalue.graphml", R"(<graphml>
  <key id="k0" for="node" attr.name="grid" attr.type="string"/>
  <graph edgedefault="undirected"><node id="a"><data key="k0">north</data></node></graph>
</graphml>)");
  EXPECT_EQ(input_error([&] { load_graphml(bad_value, testing::test_columns()); }),
            bad_value + ": error: invalid GraphML: invalid value \"north\" for node key grid "
                        "(expected an integer in [-1, 2147483647])");

  const std::string not_graphml = dir.write("other.xml", "<html><body/></html>");
  const std::string msg2 = input_error([&] { load_graphml(not_graphml); });
  EXPECT_EQ(msg2.rfind(not_graphml + ": error: invalid GraphML: ", 0), 0u) << msg2;
}

}  // namespace
}  // namespace govsim::sim
