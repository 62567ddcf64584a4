#include "bad_inputs.hpp"

#include <gtest/gtest.h>

#include "toy_catalog.hpp"

namespace govsim::sim::testing {
namespace {

const std::filesystem::path kBadDir = std::filesystem::path(GOVSIM_SOURCE_DIR) / "tests/data/scenarios/bad";

TEST(ScenarioBadInputs, EveryFileGivesItsExpectedMessage) {
  const Catalog catalog = toy_catalog();
  const auto cases = bad_input_cases(kBadDir);
  ASSERT_GE(cases.size(), 30u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    ASSERT_FALSE(c.expected.empty()) << c.file << " lacks its '# expect: ' first line";
    EXPECT_EQ(bad_input_message(kBadDir, c.file, catalog), c.expected);
  }
}

}  // namespace
}  // namespace govsim::sim::testing
