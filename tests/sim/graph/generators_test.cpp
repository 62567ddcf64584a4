// Tests of the random-graph generators: exact counts, the known statistics of each model, and
// determinism (same seed -> same graph, other replicate -> other graph).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "sim/graph/generators.hpp"
#include "sim/graph/graph_metrics.hpp"
#include "tests/sim/graph/graph_test_util.hpp"

namespace govsim::sim {
namespace {

using testing::expect_simple_symmetric_sorted;
using testing::same_storage;

CounterRng rng_of(uint64_t seed, uint64_t replicate = 0) {
  return CounterRng::for_run(seed, replicate);
}

TEST(WattsStrogatz, RingLatticeAtPZero) {
  const uint32_t n = 1000, k = 10;
  const Network net = watts_strogatz(n, k, 0.0, rng_of(1));
  expect_simple_symmetric_sorted(net);
  EXPECT_EQ(net.num_edges(), uint64_t{n} * k / 2);
  for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(net.degree(i), k);
  // Node 0 is tied to 1..5 and n-5..n-1.
  const auto row = net.view().row(0);
  EXPECT_EQ(std::vector<uint32_t>(row.begin(), row.end()),
            (std::vector<uint32_t>{1, 2, 3, 4, 5, 995, 996, 997, 998, 999}));
  // Clustering of the ring lattice: 3(k-2) / (4(k-1)) exactly, at every node.
  EXPECT_NEAR(average_clustering(net), 3.0 * (k - 2) / (4.0 * (k - 1)), 1e-12);
}

TEST(WattsStrogatz, GeneratesExactlyNkOverTwoTies) {
  const uint32_t n = 2000, k = 8;
  const Network net = watts_strogatz(n, k, 0.2, rng_of(2));
  expect_simple_symmetric_sorted(net);
  const BuildStats& st = net.build_stats();
  EXPECT_EQ(st.input_edges, uint64_t{n} * k / 2);
  EXPECT_EQ(st.self_loops_dropped, 0u);
  // A rewired tie may land on an existing one (Boost's rule); those few are merged.
  EXPECT_EQ(net.num_edges() + st.duplicates_merged, uint64_t{n} * k / 2);
  EXPECT_LT(st.duplicates_merged, 20u);
  EXPECT_NEAR(net.mean_degree(), k, 0.02);
}

TEST(WattsStrogatz, ClusteringNearKOverNAtPOne) {
  // At p = 1 every tie but one is rewired: a random graph of mean degree k, whose clustering is
  // about k/n (0.9 k/n given the degree spread: (<d^2> - <d>)^2 / (n <d>^3) with var(d) = k/2).
  // The triangle count is about 140, so its Poisson sd is about 8%; +-50% is > 5 sd.
  const uint32_t n = 2000, k = 10;
  const Network net = watts_strogatz(n, k, 1.0, rng_of(3));
  const double c = average_clustering(net);
  const double expected = static_cast<double>(k) / n;
  EXPECT_GT(c, 0.5 * expected);
  EXPECT_LT(c, 1.5 * expected);
}

TEST(WattsStrogatz, RejectsBadArguments) {
  EXPECT_THROW(watts_strogatz(100, 5, 0.1, rng_of(1)), std::invalid_argument);
  EXPECT_THROW(watts_strogatz(10, 10, 0.1, rng_of(1)), std::invalid_argument);
  EXPECT_THROW(watts_strogatz(100, 4, 1.5, rng_of(1)), std::invalid_argument);
  EXPECT_NO_THROW(watts_strogatz(6, 4, 1.0, rng_of(1)));  // k = n - 2: one node outside
}

TEST(ErdosRenyi, TieCountWithinFourSd) {
  const uint32_t n = 4000;
  const double k_mean = 10.0;
  for (uint64_t rep = 0; rep < 3; ++rep) {
    const Network net = erdos_renyi(n, k_mean, rng_of(4, rep));
    expect_simple_symmetric_sorted(net);
    const double pairs = n * (n - 1.0) / 2.0, p = k_mean / (n - 1.0);
    const double mean = pairs * p, sd = std::sqrt(pairs * p * (1.0 - p));
    EXPECT_NEAR(static_cast<double>(net.num_edges()), mean, 4.0 * sd) << "replicate " << rep;
    // The sorted iterator never repeats a pair or draws a loop.
    EXPECT_EQ(net.build_stats().duplicates_merged, 0u);
    EXPECT_EQ(net.build_stats().self_loops_dropped, 0u);
  }
}

TEST(ErdosRenyi, EdgeCases) {
  EXPECT_EQ(erdos_renyi(50, 0.0, rng_of(1)).num_edges(), 0u);
  EXPECT_EQ(erdos_renyi(30, 29.0, rng_of(1)).num_edges(), 30u * 29u / 2u);  // complete
  EXPECT_THROW(erdos_renyi(10, 10.0, rng_of(1)), std::invalid_argument);
}

TEST(BarabasiAlbert, ExactTieCountAndMinimumDegree) {
  const uint32_t n = 5000, m = 4;
  const Network net = barabasi_albert(n, m, rng_of(5));
  expect_simple_symmetric_sorted(net);
  EXPECT_EQ(net.num_edges(), uint64_t{m} * (m + 1) / 2 + uint64_t{n - m - 1} * m);
  EXPECT_EQ(net.build_stats().duplicates_merged, 0u);
  for (uint32_t i = 0; i < n; ++i) ASSERT_GE(net.degree(i), m);
}

TEST(BarabasiAlbert, HeavyTailWithCcdfSlopeNearMinusTwo) {
  // BA's degree law is P(d) = 2m(m+1)/(d(d+1)(d+2)), so P(D >= d) = m(m+1)/(d(d+1)): slope -2
  // on a log-log plot, less a finite-size term 1/(d+1) (<= 0.09 over d = 10..100). The fit
  // uses d = 10..100 at n = 1e5, where the smallest tail count is ~ n * 12/10100 ~ 120 nodes
  // (sampling error of the slope ~0.05). Tolerance +-0.25 covers both with margin.
  const uint32_t n = 100000, m = 3;
  const Network net = barabasi_albert(n, m, rng_of(6));
  const std::vector<uint64_t> hist = degree_histogram(net);
  const double max_degree = static_cast<double>(hist.size() - 1);
  EXPECT_GT(max_degree, 30.0 * net.mean_degree());  // expected max ~ m sqrt(n) ~ 950
  std::vector<double> ccdf(hist.size() + 1, 0.0);
  for (std::size_t d = hist.size(); d-- > 0;) ccdf[d] = ccdf[d + 1] + static_cast<double>(hist[d]);
  double sx = 0, sy = 0, sxx = 0, sxy = 0, count = 0;
  for (std::size_t d = 10; d <= 100; ++d) {
    const double x = std::log(static_cast<double>(d)), y = std::log(ccdf[d] / n);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    count += 1;
  }
  const double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
  EXPECT_NEAR(slope, -2.0, 0.25);
}

TEST(BarabasiAlbert, SmallestCases) {
  const Network pair = barabasi_albert(2, 1, rng_of(1));
  EXPECT_EQ(pair.num_edges(), 1u);
  const Network tree = barabasi_albert(100, 1, rng_of(1));
  EXPECT_EQ(tree.num_edges(), 99u);
  EXPECT_THROW(barabasi_albert(3, 3, rng_of(1)), std::invalid_argument);
  EXPECT_THROW(barabasi_albert(3, 0, rng_of(1)), std::invalid_argument);
}

TEST(RandomRegular, EveryDegreeIsK) {
  for (const auto& [n, k] : {std::pair<uint32_t, uint32_t>{1000, 4}, {1001, 10}, {50, 49},
                             {12, 3}}) {
    const Network net = random_regular(n, k, rng_of(7));
    expect_simple_symmetric_sorted(net);
    EXPECT_EQ(net.num_edges(), uint64_t{n} * k / 2);
    for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(net.degree(i), k) << "n " << n << " k " << k;
  }
  EXPECT_THROW(random_regular(7, 3, rng_of(1)), std::invalid_argument);  // n k odd
  EXPECT_THROW(random_regular(5, 5, rng_of(1)), std::invalid_argument);
}

TEST(RandomRegular, IsNotALattice) {
  // A random 4-regular graph is locally tree-like: few triangles (expected (k-1)^3/6 = 4.5).
  const Network net = random_regular(2000, 4, rng_of(8));
  EXPECT_LT(triangle_count(net), 30u);
}

TEST(SquareLattice, VonNeumannNeighbours) {
  const uint32_t side = 7;
  const Network net = square_lattice(side);
  expect_simple_symmetric_sorted(net);
  EXPECT_EQ(net.num_nodes(), side * side);
  EXPECT_EQ(net.num_edges(), 2u * side * side);
  for (uint32_t y = 0; y < side; ++y) {
    for (uint32_t x = 0; x < side; ++x) {
      const uint32_t id = y * side + x;
      std::vector<uint32_t> want = {y * side + (x + 1) % side, y * side + (x + side - 1) % side,
                                    ((y + 1) % side) * side + x,
                                    ((y + side - 1) % side) * side + x};
      std::sort(want.begin(), want.end());
      const auto row = net.view().row(id);
      ASSERT_EQ(std::vector<uint32_t>(row.begin(), row.end()), want) << "node " << id;
    }
  }
  EXPECT_EQ(triangle_count(net), 0u);
  EXPECT_THROW(square_lattice(2), std::invalid_argument);
}

TEST(Generators, SameSeedSameGraphOtherReplicateOtherGraph) {
  struct Case {
    const char* name;
    Network (*make)(const CounterRng&);
  };
  const Case cases[] = {
      {"watts_strogatz", [](const CounterRng& r) { return watts_strogatz(3000, 6, 0.2, r); }},
      {"erdos_renyi", [](const CounterRng& r) { return erdos_renyi(3000, 6.0, r); }},
      {"barabasi_albert", [](const CounterRng& r) { return barabasi_albert(3000, 3, r); }},
      {"random_regular", [](const CounterRng& r) { return random_regular(3000, 6, r); }},
  };
  for (const Case& c : cases) {
    const Network a = c.make(rng_of(42, 0));
    const Network b = c.make(rng_of(42, 0));
    const Network other = c.make(rng_of(42, 1));
    EXPECT_TRUE(same_storage(a, b)) << c.name;
    EXPECT_FALSE(same_storage(a, other)) << c.name;
  }
}

}  // namespace
}  // namespace govsim::sim
