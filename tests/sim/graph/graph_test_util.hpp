// File: tests/sim/graph/graph_test_util.hpp
//
// Helpers shared by the graph tests: structural invariants, the "function of the graph over
// original ids" used to check that reordering changes nothing, and a counter-based shuffle.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/graph/network.hpp"
#include "sim/rng/counter_rng.hpp"

namespace govsim::sim::testing {

// Node columns as a model declares them (the governance model's set), for the readers' tests.
inline std::vector<NodeColumnDef> test_columns() {
  return {{"community", INT32_MAX, "community"}, {"grid", INT32_MAX, "grid"},
          {"household", INT32_MAX, "household"}, {"age_band", INT8_MAX, "age band"},
          {"party", INT8_MAX, "Party member"},   {"owner", INT8_MAX, "owner"}};
}

// Column `name` of `at`, or an empty vector when there is none.
inline std::vector<int32_t> column(const NodeAttributes& at, const char* name) {
  const std::vector<int32_t>* c = at.find(name);
  return c ? *c : std::vector<int32_t>{};
}

// For each original id (in id order): the original ids of its neighbours in row order.
inline std::vector<std::vector<uint32_t>> rows_by_original_id(const Network& net) {
  std::vector<std::vector<uint32_t>> out(net.num_nodes());
  const CsrView v = net.view();
  for (uint32_t id = 0; id < net.num_nodes(); ++id)
    for (const uint32_t t : v.row(net.position(id))) out[id].push_back(net.original_id(t));
  return out;
}

// Checks the invariants of network.hpp: no self-loops, rows strictly ascending by original id
// (so no duplicates), every arc present in both directions.
inline void expect_simple_symmetric_sorted(const Network& net) {
  const CsrView v = net.view();
  ASSERT_EQ(v.num_nodes(), net.num_nodes());
  ASSERT_EQ(v.num_arcs(), net.num_arcs());
  ASSERT_EQ(net.num_arcs() % 2, 0u);
  uint64_t bad_loop = 0, bad_order = 0, bad_sym = 0;
  for (uint32_t p = 0; p < v.num_nodes(); ++p) {
    const auto row = v.row(p);
    for (std::size_t j = 0; j < row.size(); ++j) {
      if (row[j] == p) ++bad_loop;
      if (j > 0 && !(net.original_id(row[j - 1]) < net.original_id(row[j]))) ++bad_order;
      // symmetric: p must appear in the row of row[j] (binary search by original id)
      const auto back = v.row(row[j]);
      const uint32_t want = net.original_id(p);
      std::size_t lo = 0, hi = back.size();
      while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (net.original_id(back[mid]) < want) lo = mid + 1; else hi = mid;
      }
      if (lo == back.size() || back[lo] != p) ++bad_sym;
    }
  }
  EXPECT_EQ(bad_loop, 0u) << "self-loops";
  EXPECT_EQ(bad_order, 0u) << "rows not strictly ascending by original id (duplicates?)";
  EXPECT_EQ(bad_sym, 0u) << "asymmetric arcs";
}

// A uniformly random permutation of 0..n-1 (Fisher-Yates over counter-based draws).
inline std::vector<uint32_t> random_permutation(uint32_t n, uint64_t seed) {
  const CounterRng rng = CounterRng::for_run(seed, 0);
  std::vector<uint32_t> p(n);
  for (uint32_t i = 0; i < n; ++i) p[i] = i;
  for (uint32_t i = n; i > 1; --i) {
    const double u = rng.uniform(i, 0, 99, 0, EntityClass::kInitial);
    const auto j = static_cast<uint32_t>(index_of(u, i));
    std::swap(p[i - 1], p[j]);
  }
  return p;
}

inline bool same_storage(const Network& a, const Network& b) {
  const CsrView x = a.view(), y = b.view();
  return std::equal(x.offsets.begin(), x.offsets.end(), y.offsets.begin(), y.offsets.end()) &&
         std::equal(x.targets.begin(), x.targets.end(), y.targets.begin(), y.targets.end());
}

// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("govsim_graph_" + tag + "_" + std::string(info ? info->name() : "x") + "_" +
             std::to_string(static_cast<unsigned long>(::getpid())));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` to file `name` and returns its full path.
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = path_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace govsim::sim::testing
