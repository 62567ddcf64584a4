#include "sim/scenario/suggest.hpp"

#include <gtest/gtest.h>

namespace govsim::sim {
namespace {

TEST(Suggest, EditDistanceCountsSwapsAsOne) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("network", "netwrok"), 1u);  // adjacent swap
  EXPECT_EQ(edit_distance("theta_mu", "thta_mu"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Suggest, NearestNameWithinLimit) {
  const std::vector<std::string> names = {"type", "n", "k", "p", "reorder"};
  EXPECT_EQ(nearest_name("typ", names), "type");
  EXPECT_EQ(nearest_name("reordr", names), "reorder");
  EXPECT_EQ(nearest_name("completely_different", names), "");
  EXPECT_EQ(did_you_mean("typ", names), " (did you mean 'type'?)");
  EXPECT_EQ(did_you_mean("zzzzzzzz", names), "");
}

TEST(Suggest, LimitGrowsWithLength) {
  // 12 characters: limit 4.
  EXPECT_EQ(nearest_name("governanse12", {"governance12"}), "governance12");
  EXPECT_EQ(nearest_name("abcdefghijkl", {"abcdefghzzzz"}), "abcdefghzzzz");
  EXPECT_EQ(nearest_name("abcdefghijkl", {"abcdefgzzzzz"}), "");
}

}  // namespace
}  // namespace govsim::sim
