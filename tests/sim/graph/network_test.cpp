// Tests of Network: building from edges, the CSR view over the Boost arrays, and locality
// reordering (which must not change any function of the graph over original ids).
#include <gtest/gtest.h>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/bandwidth.hpp>

#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

#include "sim/graph/generators.hpp"
#include "sim/graph/graph_metrics.hpp"
#include "sim/graph/network.hpp"
#include "sim/graph/philox_urng.hpp"
#include "tests/sim/graph/graph_test_util.hpp"

namespace govsim::sim {
namespace {

using testing::expect_simple_symmetric_sorted;
using testing::random_permutation;
using testing::rows_by_original_id;

TEST(Network, DefaultIsEmpty) {
  const Network net;
  EXPECT_EQ(net.num_nodes(), 0u);
  EXPECT_EQ(net.num_arcs(), 0u);
  EXPECT_EQ(net.view().num_nodes(), 0u);
  EXPECT_EQ(net.mean_degree(), 0.0);
  const Network none = Network::from_edges(0, {});
  EXPECT_EQ(none.num_nodes(), 0u);
  EXPECT_EQ(none.view().num_arcs(), 0u);
}

TEST(Network, FromEdgesDropsSelfLoopsAndMergesDuplicates) {
  BuildStats st;
  const Network net = Network::from_edges(
      5, {{0, 1}, {1, 0}, {2, 2}, {3, 1}, {1, 2}, {0, 1}, {4, 4}}, &st);
  EXPECT_EQ(st.input_edges, 7u);
  EXPECT_EQ(st.self_loops_dropped, 2u);
  EXPECT_EQ(st.duplicates_merged, 2u);
  EXPECT_EQ(net.build_stats().duplicates_merged, 2u);
  EXPECT_EQ(net.num_nodes(), 5u);
  EXPECT_EQ(net.num_edges(), 3u);
  EXPECT_EQ(net.num_arcs(), 6u);
  EXPECT_DOUBLE_EQ(net.mean_degree(), 6.0 / 5.0);
  const auto rows = rows_by_original_id(net);
  EXPECT_EQ(rows[0], (std::vector<uint32_t>{1}));
  EXPECT_EQ(rows[1], (std::vector<uint32_t>{0, 2, 3}));
  EXPECT_EQ(rows[2], (std::vector<uint32_t>{1}));
  EXPECT_EQ(rows[3], (std::vector<uint32_t>{1}));
  EXPECT_TRUE(rows[4].empty());
  EXPECT_FALSE(net.reordered());
}

TEST(Network, FromEdgesRejectsIdsOutOfRange) {
  EXPECT_THROW(Network::from_edges(3, {{0, 3}}), std::invalid_argument);
}

TEST(Network, FromEdgesMatchesASetReference) {
  // Random multigraph with loops, both orientations, compared with a std::set reference.
  const uint32_t n = 300;
  const CounterRng rng = CounterRng::for_run(5, 0);
  PhiloxUrng urng(rng, 99);
  std::vector<Edge> edges;
  std::set<std::pair<uint32_t, uint32_t>> ref;
  for (int e = 0; e < 5000; ++e) {
    const auto a = static_cast<uint32_t>(index_of(urng.uniform(), n));
    const auto b = static_cast<uint32_t>(index_of(urng.uniform(), n));
    edges.emplace_back(a, b);
    if (a != b) {
      ref.emplace(a, b);
      ref.emplace(b, a);
    }
  }
  const Network net = Network::from_edges(n, edges);
  expect_simple_symmetric_sorted(net);
  std::set<std::pair<uint32_t, uint32_t>> got;
  const CsrView v = net.view();
  for (uint32_t p = 0; p < n; ++p)
    for (uint32_t q : v.row(p)) got.emplace(p, q);
  EXPECT_EQ(got, ref);
}

TEST(Network, CsrViewReadsTheBoostArrays) {
  const Network net = watts_strogatz(500, 6, 0.3, CounterRng::for_run(1, 0));
  const BoostCsr& g = net.boost_graph();
  const CsrView v = net.view();
  ASSERT_EQ(boost::num_vertices(g), v.num_nodes());
  ASSERT_EQ(boost::num_edges(g), v.num_arcs());
  // No copy: the view points into the graph's own storage.
  EXPECT_EQ(v.offsets.data(), g.m_forward.m_rowstart.data());
  EXPECT_EQ(v.targets.data(), g.m_forward.m_column.data());
  for (uint32_t p = 0; p < v.num_nodes(); ++p) {
    std::vector<uint32_t> boost_row;
    for (auto [it, end] = boost::out_edges(p, g); it != end; ++it) {
      EXPECT_EQ(boost::source(*it, g), p);
      boost_row.push_back(boost::target(*it, g));
    }
    const auto row = v.row(p);
    ASSERT_EQ(boost_row, std::vector<uint32_t>(row.begin(), row.end())) << "row " << p;
    EXPECT_EQ(boost::out_degree(p, g), v.degree(p));
  }
}

TEST(Network, ReorderedByKeepsEveryFunctionOfOriginalIds) {
  Network net = erdos_renyi(400, 6.0, CounterRng::for_run(3, 0));
  const uint32_t n = net.num_nodes();
  auto& attrs = net.attributes();
  for (uint32_t i = 0; i < n; ++i) {
    attrs.column("community").push_back(static_cast<int32_t>(i / 100));
    attrs.column("party").push_back(static_cast<int32_t>(i % 2));
    attrs.labels.push_back("node" + std::to_string(i));
  }
  const auto before = rows_by_original_id(net);
  const std::vector<uint32_t> order = random_permutation(n, 17);
  const Network re = net.reordered_by(order);
  EXPECT_TRUE(re.reordered());
  EXPECT_EQ(re.order(), order);
  expect_simple_symmetric_sorted(re);
  EXPECT_EQ(rows_by_original_id(re), before);
  EXPECT_EQ(re.num_arcs(), net.num_arcs());
  for (uint32_t p = 0; p < n; ++p) {
    EXPECT_EQ(re.original_id(p), order[p]);
    EXPECT_EQ(re.position(order[p]), p);
    EXPECT_EQ((*re.attributes().find("community"))[p], static_cast<int32_t>(order[p] / 100));
    EXPECT_EQ((*re.attributes().find("party"))[p], static_cast<int32_t>(order[p] % 2));
    EXPECT_EQ(re.attributes().labels[p], "node" + std::to_string(order[p]));
  }
  // Reordering a reordered network composes; back to identity gives the original storage.
  const Network again = re.reordered_by(random_permutation(n, 18));
  EXPECT_EQ(rows_by_original_id(again), before);
  std::vector<uint32_t> identity(n);
  for (uint32_t i = 0; i < n; ++i) identity[i] = i;
  const Network back = again.reordered_by(identity);
  EXPECT_FALSE(back.reordered());
  EXPECT_TRUE(testing::same_storage(back, net));
  EXPECT_EQ(back.attributes().labels, net.attributes().labels);
}

TEST(Network, ReorderedByRejectsNonPermutations) {
  const Network net = square_lattice(4);
  std::vector<uint32_t> order(16, 0);
  EXPECT_THROW((void)net.reordered_by(order), std::invalid_argument);
  EXPECT_THROW((void)net.reordered_by(std::vector<uint32_t>(15)), std::invalid_argument);
  order[0] = 16;
  EXPECT_THROW((void)net.reordered_by(order), std::invalid_argument);
}

TEST(Network, RcmReducesBandwidthOfAShuffledLatticeAndChangesNothingElse) {
  const uint32_t side = 40, n = side * side;
  const Network lattice = square_lattice(side);
  const Network shuffled = lattice.reordered_by(random_permutation(n, 7));
  const auto before = rows_by_original_id(shuffled);
  const uint64_t bw_shuffled = storage_bandwidth(shuffled);
  const Network rcm = shuffled.reordered_rcm();
  const uint64_t bw_rcm = storage_bandwidth(rcm);
  // Boost's own bandwidth() over the storage graph agrees with ours.
  EXPECT_EQ(boost::bandwidth(rcm.boost_graph()), bw_rcm);
  EXPECT_GT(bw_shuffled, n / 2);
  // A periodic L x L lattice needs bandwidth about 2L in a level-by-level order.
  EXPECT_LE(bw_rcm, 4u * side);
  EXPECT_LT(bw_rcm * 10, bw_shuffled);
  EXPECT_TRUE(rcm.reordered());
  expect_simple_symmetric_sorted(rcm);
  EXPECT_EQ(rows_by_original_id(rcm), before);
  // Deterministic.
  EXPECT_EQ(shuffled.reordered_rcm().order(), rcm.order());
}

TEST(Network, RcmHandlesSeveralComponentsAndIsolatedNodes) {
  const Network net = Network::from_edges(7, {{0, 1}, {1, 2}, {4, 5}});
  const Network rcm = net.reordered_rcm();
  std::vector<uint32_t> sorted = rcm.order();
  if (sorted.empty()) {  // already the identity: nothing to check
    EXPECT_FALSE(rcm.reordered());
  } else {
    std::sort(sorted.begin(), sorted.end());
    for (uint32_t i = 0; i < 7; ++i) EXPECT_EQ(sorted[i], i);
  }
  EXPECT_EQ(rows_by_original_id(rcm), rows_by_original_id(net));
}

TEST(PhiloxUrng, FollowsTheCounterContract) {
  const CounterRng rng = CounterRng::for_run(11, 2);
  PhiloxUrng urng(rng, 5);
  for (uint32_t k = 0; k < 600; ++k)
    ASSERT_EQ(urng(), rng.words(0, 0, 5, k, EntityClass::kNetwork)[0]) << k;
  EXPECT_EQ(urng.position(), 600u);
  // After 2^32 draws the entity id advances instead of the draw index wrapping.
  PhiloxUrng far(rng, 5, /*first_id=*/7);
  far.discard((uint64_t{1} << 32) - 1);
  EXPECT_EQ(far(), rng.words(7, 0, 5, 0xffffffffu, EntityClass::kNetwork)[0]);
  EXPECT_EQ(far(), rng.words(8, 0, 5, 0, EntityClass::kNetwork)[0]);
  // A copy continues from the same position (Boost copies engines and assigns them back).
  PhiloxUrng a(rng, 6);
  a();
  PhiloxUrng b = a;
  EXPECT_EQ(a(), b());
  EXPECT_EQ(PhiloxUrng::min(), 0u);
  EXPECT_EQ(PhiloxUrng::max(), 0xffffffffu);
}

}  // namespace
}  // namespace govsim::sim
