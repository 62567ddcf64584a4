#include "sim/scenario/yaml_tree.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/error.hpp"

namespace govsim::sim::detail {
namespace {

YamlSourcePtr src(const std::string& name = "t.yaml") {
  return std::make_shared<const YamlSource>(YamlSource{name, "", ""});
}

std::string error_of(const std::string& text) {
  try {
    parse_yaml(text, src());
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(YamlTree, KeepsOneBasedMarksAndKeyOrder) {
  auto root = parse_yaml("a: 1\nb:\n  c: [x, 'y']\n", src());
  ASSERT_TRUE(root);
  ASSERT_TRUE(root->is_map());
  EXPECT_EQ(root->keys, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(root->key_locs[1].line, 2);
  EXPECT_EQ(root->key_locs[1].column, 1);
  const YamlNode* c = root->find("b")->find("c");
  ASSERT_TRUE(c && c->is_sequence());
  EXPECT_EQ(c->loc.line, 3);
  EXPECT_EQ(c->loc.column, 6);
  EXPECT_TRUE(c->items[0].plain);
  EXPECT_FALSE(c->items[1].plain);
}

TEST(YamlTree, EmptyTextHasNoDocument) {
  EXPECT_FALSE(parse_yaml("", src()));
  EXPECT_FALSE(parse_yaml("# only a comment\n\n", src()));
}

TEST(YamlTree, RejectsDuplicateKeysAtAnyDepth) {
  EXPECT_EQ(error_of("seed: 1\nseed: 2\n"), "t.yaml:2:1: error: seed: duplicate key 'seed' (first at line 1)");
  EXPECT_EQ(error_of("a:\n  - {x: 1, y: 2, x: 3}\n"),
            "t.yaml:2:18: error: a.0.x: duplicate key 'x' (first at line 2)");
}

TEST(YamlTree, YamlCppAloneKeepsTheFirstDuplicate) {
  // Why the loader builds its own tree: YAML::Load accepts the duplicate silently.
  YAML::Node n = YAML::Load("seed: 1\nseed: 2\n");
  EXPECT_EQ(n["seed"].as<int>(), 1);
}

TEST(YamlTree, RejectsNonStringKeysAndSecondDocuments) {
  EXPECT_EQ(error_of("[a]: 1\n"), "t.yaml:1:1: error: expected a string key, found a sequence");
  EXPECT_EQ(error_of("a: 1\n---\nb: 2\n"),
            "t.yaml:2:1: error: expected one YAML document, found a second one");
}

TEST(YamlTree, ParserErrorsCarryLineAndColumn) {
  EXPECT_EQ(error_of("a: [1,\n"), "t.yaml:2:1: error: invalid YAML: end of sequence flow not found");
}

TEST(YamlTree, NullValueOfAKeyPointsAtTheKey) {
  auto root = parse_yaml("a:\nb: 1\n", src());
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->items[0].is_null());
  EXPECT_EQ(root->items[0].loc.line, 1);
}

TEST(YamlTree, AliasesAreExpanded) {
  auto root = parse_yaml("a: &x [1, 2]\nb: *x\n", src());
  ASSERT_TRUE(root);
  EXPECT_EQ(root->find("b")->items.size(), 2u);
}

TEST(YamlTree, ScalarClassification) {
  EXPECT_TRUE(looks_like_int("-12"));
  EXPECT_TRUE(looks_like_int("+3"));
  EXPECT_FALSE(looks_like_int("3.5"));
  EXPECT_TRUE(looks_like_real("3.5"));
  EXPECT_TRUE(looks_like_real("1e-3"));
  EXPECT_TRUE(looks_like_real(".5"));
  EXPECT_TRUE(looks_like_real("5."));
  EXPECT_TRUE(looks_like_real("-.inf"));
  EXPECT_TRUE(looks_like_real(".nan"));
  EXPECT_FALSE(looks_like_real("inf"));
  EXPECT_FALSE(looks_like_real("1e"));
  EXPECT_FALSE(looks_like_real("."));
  double x = 0;
  EXPECT_TRUE(parse_real("-.inf", x));
  EXPECT_TRUE(std::isinf(x) && x < 0);
  EXPECT_TRUE(parse_real(".NaN", x));
  EXPECT_TRUE(std::isnan(x));
  EXPECT_TRUE(parse_real("+2.5e1", x));
  EXPECT_EQ(x, 25.0);
  int64_t i = 0;
  EXPECT_FALSE(parse_int("99999999999999999999", i));
}

TEST(YamlTree, FormatRealRoundTrips) {
  for (double x : {0.1, 1.0, 1.0 / 3.0, 1e-300, 6.02214076e23, -0.5, 123456789.0}) {
    const std::string s = format_real(x);
    EXPECT_NE(s.find_first_of(".e"), std::string::npos) << s;
    double y = 0;
    ASSERT_TRUE(parse_real(s, y)) << s;
    EXPECT_EQ(x, y) << s;
  }
  EXPECT_EQ(format_real(1.0), "1.0");
  EXPECT_EQ(format_real(0.1), "0.1");
}

}  // namespace
}  // namespace govsim::sim::detail
