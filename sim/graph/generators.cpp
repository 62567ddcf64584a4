#include "sim/graph/generators.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/erdos_renyi_generator.hpp>
#include <boost/graph/small_world_generator.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/graph/philox_urng.hpp"
#include "sim/rng/construction_streams.hpp"

namespace govsim::sim {

namespace {

constexpr uint32_t kStep = 0;
constexpr EntityClass kClass = EntityClass::kNetwork;

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument(what); }

}  // namespace

Network watts_strogatz(uint32_t n, uint32_t k, double p, const CounterRng& rng) {
  if (k < 2 || k % 2 != 0) bad("watts_strogatz: k must be even and >= 2 (got " +
                               std::to_string(k) + ")");
  if (n < 3 || k > n - 2) bad("watts_strogatz: k must be <= n - 2 (got k = " +
                              std::to_string(k) + ", n = " + std::to_string(n) + ")");
  if (!(p >= 0.0 && p <= 1.0)) bad("watts_strogatz: p must lie in [0, 1]");

  PhiloxUrng urng(rng, kWattsStrogatz);
  using Iterator = boost::small_world_iterator<PhiloxUrng, BoostCsr>;
  std::vector<Edge> edges;
  edges.reserve(static_cast<std::size_t>(n) * (k / 2));
  for (Iterator it(urng, n, k, p, /*allow_self_loops=*/false), end; it != end; ++it)
    edges.emplace_back(it->first, it->second);
  return Network::from_edges(n, std::move(edges));
}

Network erdos_renyi(uint32_t n, double k_mean, const CounterRng& rng) {
  if (n < 2) bad("erdos_renyi: n must be >= 2");
  if (!(k_mean >= 0.0 && k_mean <= static_cast<double>(n - 1)))
    bad("erdos_renyi: k_mean must lie in [0, n - 1]");
  const double prob = k_mean / static_cast<double>(n - 1);
  // Boost's geometric skip needs 0 < prob < 1: the two ends need no draws.
  if (prob <= 0.0) return Network::from_edges(n, {});
  if (prob >= 1.0) {
    std::vector<Edge> all;
    all.reserve(static_cast<std::size_t>(n) * (n - 1) / 2);
    for (uint32_t a = 1; a < n; ++a)
      for (uint32_t b = 0; b < a; ++b) all.emplace_back(a, b);
    return Network::from_edges(n, std::move(all));
  }

  PhiloxUrng urng(rng, kErdosRenyi);
  // An undirected graph type makes the iterator draw each unordered pair once (target < source).
  using Undirected = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  using Iterator = boost::sorted_erdos_renyi_iterator<PhiloxUrng, Undirected>;
  const double expected = prob * static_cast<double>(n) * static_cast<double>(n - 1) / 2.0;
  std::vector<Edge> edges;
  edges.reserve(static_cast<std::size_t>(expected + 4.0 * std::sqrt(expected) + 16.0));
  for (Iterator it(urng, n, prob, /*loops=*/false), end; it != end; ++it)
    edges.emplace_back(static_cast<uint32_t>(it->first), static_cast<uint32_t>(it->second));
  return Network::from_edges(n, std::move(edges));
}

Network barabasi_albert(uint32_t n, uint32_t m, const CounterRng& rng) {
  if (m < 1) bad("barabasi_albert: m must be >= 1");
  if (n < m + 1 || m == UINT32_MAX) bad("barabasi_albert: n must be >= m + 1");

  const uint64_t total = uint64_t{m} * (m + 1) / 2 + uint64_t{n - m - 1} * m;
  std::vector<Edge> edges;
  edges.reserve(total);
  std::vector<uint32_t> ends;  // every tie's two endpoints: node x appears degree(x) times
  ends.reserve(2 * total);
  for (uint32_t a = 0; a <= m; ++a) {
    for (uint32_t b = a + 1; b <= m; ++b) {
      edges.emplace_back(a, b);
      ends.push_back(a);
      ends.push_back(b);
    }
  }
  std::vector<uint32_t> chosen(m);
  std::vector<uint32_t> chosen_by(n, UINT32_MAX);  // chosen_by[t] == v: t already a target of v
  for (uint32_t v = m + 1; v < n; ++v) {
    uint32_t got = 0;
    for (uint32_t k = 0; got < m; ++k) {
      const double u = rng.uniform(v, kStep, kBarabasiAlbert, k, kClass);
      const uint32_t t = ends[index_of(u, ends.size())];
      if (chosen_by[t] == v) continue;  // would be a multi-edge: use the next draw
      chosen_by[t] = v;
      chosen[got++] = t;
    }
    for (uint32_t j = 0; j < m; ++j) {
      edges.emplace_back(v, chosen[j]);
      ends.push_back(chosen[j]);
      ends.push_back(v);
    }
  }
  ends = std::vector<uint32_t>();
  return Network::from_edges(n, std::move(edges));
}

Network random_regular(uint32_t n, uint32_t k, const CounterRng& rng) {
  if (k < 1 || k >= n) bad("random_regular: k must lie in [1, n - 1]");
  if ((uint64_t{n} * k) % 2 != 0) bad("random_regular: n * k must be even");
  const uint64_t n_stubs = uint64_t{n} * k;

  PhiloxUrng urng(rng, kRandomRegular);
  std::vector<uint32_t> stubs(n_stubs);
  std::vector<uint32_t> partner(n_stubs);  // partners of x: partner[x*k .. x*k + deg[x])
  std::vector<uint32_t> deg(n);
  std::vector<Edge> edges;
  edges.reserve(n_stubs / 2);

  auto adjacent = [&](uint32_t x, uint32_t y) {
    if (deg[y] < deg[x]) std::swap(x, y);
    const uint32_t* px = partner.data() + uint64_t{x} * k;
    return std::find(px, px + deg[x], y) != px + deg[x];
  };
  // True when no legal pair is left among stubs[0, left). A dead end needs every remaining
  // node pairwise adjacent, and a node with a free stub has fewer than k neighbours, so there
  // are at most k distinct nodes and at most k*k stubs left: only then is the check run.
  auto dead_end = [&](uint64_t left) {
    std::vector<uint32_t> nodes(stubs.begin(), stubs.begin() + static_cast<std::ptrdiff_t>(left));
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    for (std::size_t a = 0; a < nodes.size(); ++a)
      for (std::size_t b = a + 1; b < nodes.size(); ++b)
        if (!adjacent(nodes[a], nodes[b])) return false;
    return true;
  };

  constexpr int kMaxRestarts = 10000;
  constexpr uint32_t kCheckEvery = 64;  // consecutive rejections between dead-end checks
  for (int attempt = 0; attempt < kMaxRestarts; ++attempt) {
    for (uint64_t s = 0; s < n_stubs; ++s) stubs[s] = static_cast<uint32_t>(s / k);
    std::fill(deg.begin(), deg.end(), 0u);
    edges.clear();
    uint64_t left = n_stubs;
    uint32_t rejected = 0;
    bool stuck = false;
    while (left > 0) {
      const auto a = static_cast<uint64_t>(index_of(urng.uniform(), left));
      const auto b = static_cast<uint64_t>(index_of(urng.uniform(), left));
      const uint32_t x = stubs[a], y = stubs[b];
      if (a == b || x == y || adjacent(x, y)) {
        if (++rejected % kCheckEvery == 0 && left <= uint64_t{k} * k && dead_end(left)) {
          stuck = true;
          break;
        }
        continue;
      }
      rejected = 0;
      edges.emplace_back(x, y);
      partner[uint64_t{x} * k + deg[x]++] = y;
      partner[uint64_t{y} * k + deg[y]++] = x;
      // Remove stubs a and b: the larger index first, so the swap cannot move the other one.
      const uint64_t hi = std::max(a, b), lo = std::min(a, b);
      stubs[hi] = stubs[--left];
      stubs[lo] = stubs[--left];
    }
    if (!stuck) return Network::from_edges(n, std::move(edges));
  }
  throw std::runtime_error("random_regular: no simple pairing found after " +
                           std::to_string(kMaxRestarts) + " restarts");
}

Network square_lattice(uint32_t side) {
  if (side < 3) bad("square_lattice: side must be >= 3");
  if (uint64_t{side} * side >= (uint64_t{1} << 32)) bad("square_lattice: side^2 must be < 2^32");
  const uint32_t n = side * side;
  std::vector<Edge> edges;
  edges.reserve(2 * static_cast<std::size_t>(n));
  for (uint32_t y = 0; y < side; ++y) {
    for (uint32_t x = 0; x < side; ++x) {
      const uint32_t id = y * side + x;
      edges.emplace_back(id, y * side + (x + 1) % side);
      edges.emplace_back(id, ((y + 1) % side) * side + x);
    }
  }
  return Network::from_edges(n, std::move(edges));
}

}  // namespace govsim::sim
