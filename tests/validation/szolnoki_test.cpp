// Szolnoki, Perc & Szabo (2009) "Topology-independent impact of noise on cooperation in
// spatial public goods games", Phys. Rev. E 80:056109. public_goods on a periodic square
// lattice, groups of G = 5, cost 1 per game, Fermi rule with K = 0.5, random-sequential
// updates. Published phase boundaries at K = 0.5: defectors only for r/G < ~0.75 (r ~ 3.74),
// cooperators only for r/G > ~1.09 (r ~ 5.49), both in between.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "tests/validation/validation_support.hpp"

namespace govsim::validation {
namespace {

// One point per phase, each well inside it (r/G = 0.68, 0.90, 1.20), so that a 100 x 100
// lattice (CI; 400 x 400 in full mode) and 3,000 MCS (20,000) reach the absorbing states;
// 2 realisations (CI) / 5 (full). The pure phases are absorbing states, so the assertion is
// exact (0 or 1); the mixed phase must keep both strategies (share in (0.2, 0.95), observed
// 0.75 at r = 4.5).
TEST(Szolnoki2009, ThreePhasesAtNoiseHalf) {
  const uint32_t reps = size(2u, 5u);
  std::vector<std::string> sz;
  if (full()) sz = {"network.side=400", "steps=20000", "params.final_window=5000"};
  auto at = [&](double r) {
    auto ov = sz;
    ov.push_back("params.r=" + std::to_string(r));
    return runs(load("szolnoki-lattice.yaml", ov), reps);
  };
  const auto d_only = values(at(3.4), "coop_share");
  const auto mixed_runs = at(4.5);
  const auto mixed = values(mixed_runs, "coop_share_mean");
  const auto mixed_end = values(mixed_runs, "coop_share");
  const auto c_only = values(at(6.0), "coop_share");
  char buf[400];
  std::snprintf(buf, sizeof buf,
                "r = 3.4 (r/G 0.68): C share %.4f; r = 4.5 (0.90): %.3f +- %.3f (window mean); "
                "r = 6.0 (1.20): %.4f (%u runs each)",
                mean(d_only), mean(mixed), sem(mixed), mean(c_only), reps);
  report("Szolnoki, Perc & Szabo 2009, square lattice, G = 5, K = 0.5",
         "D only below r/G ~ 0.75; C and D between; C only above r/G ~ 1.09", buf);
  for (double x : d_only) EXPECT_EQ(x, 0.0);
  for (double x : mixed) {
    EXPECT_GT(x, 0.2);
    EXPECT_LT(x, 0.95);
  }
  for (double x : mixed_end) {
    EXPECT_GT(x, 0.0);
    EXPECT_LT(x, 1.0);
  }
  for (double x : c_only) EXPECT_EQ(x, 1.0);
}

}  // namespace
}  // namespace govsim::validation
