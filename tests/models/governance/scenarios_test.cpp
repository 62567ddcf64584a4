// The governance scenarios in scenarios/*.yaml load and validate, extend the baseline as
// documented, and the comparisons list the arms of spec 4.9.
#include <gtest/gtest.h>

#include <filesystem>

#include "gov_test_util.hpp"
#include "models/governance/countermeasures.hpp"
#include "sim/graph/network_catalog.hpp"
#include "sim/model/registry.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace govsim::models::governance::test {
namespace {

sim::Catalog catalog() {
  sim::ModelRegistry reg;
  reg.add(governance_info());
  sim::Catalog c = reg.catalog();
  c.network_types = sim::network_types();
  return c;
}

std::string scen(const std::string& f) { return std::string(GOVSIM_SOURCE_DIR) + "/scenarios/" + f; }

TEST(GovernanceScenarios, EveryTopLevelScenarioLoads) {
  const auto cat = catalog();
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::string(GOVSIM_SOURCE_DIR) + "/scenarios")) {
    if (!e.is_regular_file() || e.path().extension() != ".yaml") continue;
    const std::string name = e.path().filename().string();
    if (name.rfind("compare-", 0) == 0) {
      EXPECT_NO_THROW(sim::load_comparison(e.path().string(), cat)) << name;
    } else {
      EXPECT_NO_THROW(sim::load_scenario(e.path().string(), cat)) << name;
    }
    ++n;
  }
  EXPECT_GE(n, 15);
}

TEST(GovernanceScenarios, ArmsCarryTheirCountermeasures) {
  const auto cat = catalog();
  auto base = sim::load_scenario(scen("baseline.yaml"), cat);
  EXPECT_EQ(base->steps, 260u);
  EXPECT_EQ(base->params.integer("n_comm") * base->params.integer("pop_comm"), 10000);
  EXPECT_TRUE(base->countermeasures.empty());
  auto all5 = sim::load_scenario(scen("all5.yaml"), cat);
  ASSERT_EQ(all5->countermeasures.size(), 5u);
  Overlay o(Params::from(all5->params), all5->countermeasures, 4);
  Params e;
  o.effective(0, 0, e);
  EXPECT_NEAR(e.admin_load, 0.31, 1e-12);
  auto cm3cm = sim::load_scenario(scen("cm3cm.yaml"), cat);
  EXPECT_TRUE(cm3cm->params.boolean("cost_matched"));
  ASSERT_EQ(cm3cm->countermeasures.size(), 1u);
  EXPECT_EQ(cm3cm->countermeasures[0].type, "service_capability");
  auto sanyuan = sim::load_scenario(scen("sanyuan.yaml"), cat);
  EXPECT_EQ(sanyuan->params.integer("n_comm") * sanyuan->params.integer("pop_comm"), 409200);
  auto cmp = sim::load_comparison(scen("compare-five.yaml"), cat);
  EXPECT_EQ(cmp.arms.size(), 12u);
  EXPECT_EQ(cmp.arms.front().name, "BASE");
  // CM5cm (spec 6.1 item 3): CM5 with h_org = 0, no cost matching of staff
  bool has_cm5cm = false;
  for (const auto& a : cmp.arms) {
    if (a.name != "CM5cm") continue;
    has_cm5cm = true;
    EXPECT_EQ(a.scenario->params.real("h_org"), 0.0);
    EXPECT_FALSE(a.scenario->params.boolean("cost_matched"));
    ASSERT_EQ(a.scenario->countermeasures.size(), 1u);
    EXPECT_EQ(a.scenario->countermeasures[0].type, "law_and_virtue");
  }
  EXPECT_TRUE(has_cm5cm);
  auto big = sim::load_comparison(scen("compare-sanyuan.yaml"), cat);
  EXPECT_EQ(big.replicates, 10u);
  for (const auto& a : big.arms) EXPECT_EQ(a.scenario->params.integer("pop_comm"), 3100);
}

}  // namespace
}  // namespace govsim::models::governance::test

namespace govsim::models::governance::test {
namespace {

TEST(GovernanceScenarios, DefaultScenarioRunsQuickly) {
  const auto cat = catalog();
  auto s = sim::load_scenario(scen("default.yaml"), cat);
  static const sim::ModelInfo info = governance_info();
  sim::RunOptions o;
  o.threads = 2;
  auto r = sim::run_replicate(info, s, 0, o);
  std::printf("default.yaml (4 x 2,500 x 260, 2 threads): %.3f s\n", r.seconds);
  EXPECT_EQ(r.rows, 261u);
  EXPECT_LT(r.seconds, 60.0);
}

}  // namespace
}  // namespace govsim::models::governance::test
