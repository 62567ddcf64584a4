// Santos, Santos & Pacheco (2008) "Social diversity promotes the emergence of cooperation in
// public goods games", Nature 454:213-216. public_goods with groups centred on every node,
// synchronous imitation with probability (P_y - P_x)/M (M per spec E28), z = 4, N = 1,000,
// eta = r/(z+1), initial cooperators 50%. Each realisation draws a new graph and new initial
// strategies; the outcome is the cooperator share averaged over the last 1,000 of 3,000
// generations (CI) or of 20,000 generations (full).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "tests/validation/validation_support.hpp"

namespace govsim::validation {
namespace {

struct Population {
  const char* label;
  const char* file;
  std::vector<std::string> extra;
};

double coop(const Population& p, double eta, uint32_t reps) {
  std::vector<std::string> ov = p.extra;
  ov.push_back("params.eta=" + std::to_string(eta));
  if (full()) {
    ov.push_back("steps=20000");
    ov.push_back("params.final_window=2000");
  }
  return mean(finals(load(p.file, ov), "coop_share_mean", reps));
}

// The published claim is an ordering of the enhancement needed for cooperation: scale-free
// with cost per individual < scale-free with cost per game < regular < well-mixed (which needs
// r >= group size, eta >= 1). We check it at eta = 0.5, 0.7, 0.9 and 1.2, each population on
// its side of its own transition, with 10 realisations (CI) / 40 (full). Outcomes are nearly
// bimodal per run (all D, or ~90% C), so the mean of 10 has a standard error <= 0.15; the
// cut-offs (> 0.6 for "cooperation", < 0.3 for "defection", < 0.1 for the well-mixed case)
// are 2 standard errors from the observed means.
TEST(Santos2008, DiversityLowersTheEnhancementNeededForCooperation) {
  const uint32_t reps = size(10u, 40u);
  const Population sf_ind{"scale-free, cost per individual", "santos-scale-free.yaml",
                          {"params.cost_mode=per_individual"}};
  const Population sf_game{"scale-free, cost per game", "santos-scale-free.yaml",
                           {"params.cost_mode=per_game"}};
  const Population regular{"regular", "santos-regular.yaml", {}};
  const Population mixed{"well-mixed", "santos-well-mixed.yaml", {}};
  const Population* pops[] = {&sf_ind, &sf_game, &regular, &mixed};
  const double etas[] = {0.5, 0.7, 0.9, 1.2};
  double c[4][4] = {};  // [population][eta]
  std::string table;
  for (int e = 0; e < 4; ++e) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "\n      eta %.1f:", etas[e]);
    table += buf;
    for (int p = 0; p < 4; ++p) {
      c[p][e] = coop(*pops[p], etas[e], reps);
      std::snprintf(buf, sizeof buf, " %s %.3f;", pops[p]->label, c[p][e]);
      table += buf;
    }
  }
  report("Santos, Santos & Pacheco 2008, cooperator share vs eta (z = 4, N = 1,000)",
         "ordering of the eta needed: SF per individual < SF per game < regular < well-mixed "
         "(eta >= 1)",
         table + "\n      (" + std::to_string(reps) + " realisations each)");
  // Each population on its side of the transition.
  EXPECT_GT(c[0][0], 0.6);  // eta 0.5: SF per individual cooperates
  EXPECT_LT(c[1][0], 0.3);  //          SF per game does not
  EXPECT_GT(c[1][1], 0.6);  // eta 0.7: SF per game cooperates
  EXPECT_LT(c[2][1], 0.3);  //          regular does not
  EXPECT_GT(c[2][2], 0.6);  // eta 0.9: regular cooperates
  EXPECT_LT(c[3][2], 0.1);  //          well-mixed does not (eta < 1)
  EXPECT_GT(c[3][3], 0.9);  // eta 1.2: well-mixed cooperates (r > group size)
  // The ordering at every eta below saturation (at eta 1.2 all networked populations are
  // near their ~0.9-1 plateau, whose height is not the claim); 0.05 = the noise of a 10-run
  // mean of near-plateau values.
  for (int e = 0; e < 3; ++e)
    for (int p = 0; p + 1 < 3; ++p) EXPECT_GE(c[p][e] + 0.05, c[p + 1][e]) << p << " " << e;
}

}  // namespace
}  // namespace govsim::validation
