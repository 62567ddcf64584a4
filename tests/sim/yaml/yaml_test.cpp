// The YAML toolkit (sim/yaml/): the tree and its locations, the bounds on hostile documents
// (alias expansion, merge keys), the typed readers and their messages, schema-driven maps
// whose ParamSet keeps each key's location, and the one --set rule.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <string>

#include "sim/core/error.hpp"
#include "sim/yaml/yaml.hpp"

namespace govsim::sim::yaml {
namespace {

SourcePtr src(const std::string& name = "t.yaml") { return file_source(name, ""); }

std::string error_of(const std::string& text, std::size_t max_nodes = kMaxNodes) {
  try {
    parse(text, src(), max_nodes);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(YamlTree, KeepsOneBasedMarksAndKeyOrder) {
  auto root = parse("a: 1\nb:\n  c: [x, 'y']\n", src());
  ASSERT_TRUE(root);
  ASSERT_TRUE(root->is_map());
  EXPECT_EQ(root->keys, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(root->key_locs[1].line, 2);
  EXPECT_EQ(root->key_locs[1].column, 1);
  const Node* c = root->find("b")->find("c");
  ASSERT_TRUE(c && c->is_sequence());
  EXPECT_EQ(c->loc.line, 3);
  EXPECT_EQ(c->loc.column, 6);
  EXPECT_TRUE(c->items[0].plain);
  EXPECT_FALSE(c->items[1].plain);
}

TEST(YamlTree, EmptyTextHasNoDocument) {
  EXPECT_FALSE(parse("", src()));
  EXPECT_FALSE(parse("# only a comment\n\n", src()));
}

TEST(YamlTree, RejectsDuplicateKeysAtAnyDepth) {
  EXPECT_EQ(error_of("seed: 1\nseed: 2\n"), "t.yaml:2:1: error: seed: duplicate key 'seed' (first at line 1)");
  EXPECT_EQ(error_of("a:\n  - {x: 1, y: 2, x: 3}\n"),
            "t.yaml:2:18: error: a.0.x: duplicate key 'x' (first at line 2)");
}

TEST(YamlTree, YamlCppAloneKeepsTheFirstDuplicate) {
  // Why the loaders build their own tree: YAML::Load accepts the duplicate silently.
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

TEST(YamlTree, DeepNestingIsInvalidYamlNotACrash) {
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  EXPECT_NE(error_of(deep).find("error: invalid YAML: "), std::string::npos);
}

TEST(YamlTree, NullValueOfAKeyPointsAtTheKey) {
  auto root = parse("a:\nb: 1\n", src());
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->items[0].is_null());
  EXPECT_EQ(root->items[0].loc.line, 1);
}

TEST(YamlTree, AliasesAreExpanded) {
  auto root = parse("a: &x [1, 2]\nb: *x\n", src());
  ASSERT_TRUE(root);
  EXPECT_EQ(root->find("b")->items.size(), 2u);
}

TEST(YamlTree, TagsMakeAScalarNonPlain) {
  auto root = parse("a: !!str 0.5\nb: !custom 1\nc: !!seq [1]\n", src());
  ASSERT_TRUE(root);
  EXPECT_FALSE(root->find("a")->plain);
  EXPECT_FALSE(root->find("b")->plain);
  EXPECT_TRUE(root->find("c")->is_sequence());
}

TEST(YamlTree, MergeKeysAreRefusedQuotedOnesAreKeys) {
  EXPECT_EQ(error_of("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n"),
            "t.yaml:3:3: error: other.<<: merge keys ('<<') are not supported: write the keys out "
            "(or use extends: between files)");
  auto root = parse("'<<': 1\n", src());
  ASSERT_TRUE(root);
  EXPECT_EQ(root->keys[0], "<<");
}

// "Billion laughs": each alias list repeats the previous one ten times. Refused at the alias
// that passes the limit, in well under a second, whatever the shape.
TEST(YamlTree, AliasBombsAreRefusedAtTheAliasThatPassesTheLimit) {
  std::string seq = "model: toy\nx0: &a0 [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n";
  for (int i = 1; i < 10; ++i) {
    seq += "x" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) seq += (k ? ", *a" : "*a") + std::to_string(i - 1);
    seq += "]\n";
  }
  std::string map = "x0: &a0 {a: 0, b: 0, c: 0, d: 0, e: 0, f: 0, g: 0, h: 0, i: 0, j: 0}\n";
  for (int i = 1; i < 10; ++i) {
    map += "x" + std::to_string(i) + ": &a" + std::to_string(i) + " {";
    for (int k = 0; k < 10; ++k) map += std::string(k ? ", " : "") + char('a' + k) + ": *a" + std::to_string(i - 1);
    map += "}\n";
  }
  std::string block = "x0: &a0\n  - 0\n  - 0\n  - 0\n  - 0\n  - 0\n  - 0\n  - 0\n  - 0\n  - 0\n  - 0\n";
  for (int i = 1; i < 10; ++i) {
    block += "x" + std::to_string(i) + ": &a" + std::to_string(i) + "\n";
    for (int k = 0; k < 10; ++k) block += "  - *a" + std::to_string(i - 1) + "\n";
  }
  std::string tagged = "x0: &a0 !!seq [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n";
  for (int i = 1; i < 10; ++i) {
    tagged += "x" + std::to_string(i) + ": &a" + std::to_string(i) + " !!seq [";
    for (int k = 0; k < 10; ++k) tagged += (k ? ", *a" : "*a") + std::to_string(i - 1);
    tagged += "]\n";
  }
  // One wide anchor used many times (no nesting): 1001 nodes x 1000 aliases.
  std::string wide = "w: &w [";
  for (int k = 0; k < 1000; ++k) wide += k ? ", 1" : "1";
  wide += "]\nuse: [";
  for (int k = 0; k < 1000; ++k) wide += k ? ", *w" : "*w";
  wide += "]\n";
  const std::string limit = "past 1000000 YAML nodes, the limit";
  for (const auto& [name, text] : {std::pair<const char*, std::string>{"seq", seq}, {"map", map},
                                   {"block", block}, {"tagged", tagged}, {"wide", wide}}) {
    SCOPED_TRACE(name);
    EXPECT_LT(text.size(), 8000u);
    const auto t0 = std::chrono::steady_clock::now();
    const std::string e = error_of(text);
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
    EXPECT_EQ(e.rfind("t.yaml:", 0), 0u) << e;
    EXPECT_NE(e.find("error: "), std::string::npos) << e;
    EXPECT_NE(e.find("this alias would expand the document " + limit), std::string::npos) << e;
  }
  // The exact place for the nine-level sequence bomb: x5 (line 7), its 8th alias of *a4 (111,111
  // nodes each) passes the limit.
  EXPECT_EQ(error_of(seq).substr(0, 13), "t.yaml:7:45: ") << error_of(seq);
}

TEST(YamlTree, NodeLimitCountsEveryNodeAndAliasesExpanded) {
  // 1 map + 1 key + 1 sequence + 3 items = 6 nodes; a second key and the alias add 1 + 4.
  EXPECT_EQ(error_of("a: &x [1, 2, 3]\n", 6), "(no error)");
  EXPECT_EQ(error_of("a: &x [1, 2, 3]\n", 5),
            "t.yaml:1:14: error: a.2: the document has more than 5 YAML nodes, the limit");
  EXPECT_EQ(error_of("a: &x [1, 2, 3]\nb: *x\n", 11), "(no error)");
  EXPECT_EQ(error_of("a: &x [1, 2, 3]\nb: *x\n", 10),
            "t.yaml:2:4: error: b: this alias would expand the document past 10 YAML nodes, the "
            "limit (an alias is a copy of its anchored node, here of 4 nodes)");
}

// Found by fuzz_yaml: bytes that are not UTF-8 (a Latin-1 file) came back changed when
// written back (U+FFFD); YAML files must be UTF-8.
TEST(YamlTree, TextThatIsNotUtf8IsRefused) {
  EXPECT_EQ(error_of("model: toy\ndescription: caf\xe9 au lait\n"),
            "t.yaml:2:14: error: description: invalid UTF-8 (byte 0xe9 at byte 4 of this text): "
            "YAML files must be UTF-8");
  EXPECT_EQ(error_of("k\xff: 1\n"),
            "t.yaml:1:1: error: invalid UTF-8 (byte 0xff at byte 2 of this text): YAML files must be UTF-8");
  EXPECT_NE(error_of("a: \"\xed\xa0\x80\"\n").find("invalid UTF-8 (byte 0xed at byte 1"), std::string::npos);  // surrogate
  EXPECT_NE(error_of("a: \xc0\xaf\n").find("invalid UTF-8 (byte 0xc0"), std::string::npos);  // overlong
  EXPECT_EQ(error_of("a: caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n"), "(no error)");
  // Noncharacters, also from a UTF-16 file (yaml-cpp converts it) or an escape.
  EXPECT_EQ(error_of("a: x\xef\xbf\xbf\n"),
            "t.yaml:1:4: error: a: the noncharacter U+FFFF (at byte 2 of this text) is not allowed in YAML");
  EXPECT_NE(error_of("a: \"\\uFDD0\"\n").find("the noncharacter U+FDD0"), std::string::npos);
  EXPECT_NE(error_of(std::string("\xff\xfe" "a\0:\0 \0\xff\xff\n\0", 12)).find("the noncharacter U+FFFF"),
            std::string::npos);
}

TEST(YamlTree, RecursiveAliasIsRefused) {
  EXPECT_NE(error_of("a: &x [1, *x]\n").find("an alias refers to a node that is not complete"),
            std::string::npos);
}

TEST(YamlRead, DescribeCutsLongTexts) {
  const Node n = Node::make_scalar(std::string(200, 'x'), Loc{});
  EXPECT_EQ(describe(n), "'" + std::string(60, 'x') + "...'");
  EXPECT_EQ(describe(Node::make_scalar("0.5", Loc{}, false)), "the quoted string '0.5'");
}

std::string read_error(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(YamlRead, TypedReadersGiveOneMessagePerMistake) {
  const Node root = parse_map("r: abc\ni: 1.5\nb: yes\nq: '3'\nn: .nan\nbig: 1e999\nm: {}\n", src());
  EXPECT_EQ(read_error([&] { read_real(*root.find("r"), "x.r"); }),
            "t.yaml:1:4: error: x.r: expected a real number, found 'abc'");
  EXPECT_EQ(read_error([&] { read_int(*root.find("i"), "x.i"); }),
            "t.yaml:2:4: error: x.i: expected an integer, found '1.5'");
  EXPECT_EQ(read_error([&] { read_bool(*root.find("b"), "x.b"); }),
            "t.yaml:3:4: error: x.b: expected true or false, found 'yes'");
  EXPECT_EQ(read_error([&] { read_real(*root.find("q"), "x.q"); }),
            "t.yaml:4:4: error: x.q: expected a real number, found the quoted string '3'");
  EXPECT_EQ(read_error([&] { read_real(*root.find("n"), "x.n"); }),
            "t.yaml:5:4: error: x.n: .nan is not a finite number");
  EXPECT_EQ(read_error([&] { read_real(*root.find("big"), "x.big"); }),
            "t.yaml:6:6: error: x.big: 1e999 is out of the range of a real number");
  EXPECT_EQ(read_error([&] { read_string(*root.find("m"), "x.m"); }),
            "t.yaml:7:4: error: x.m: expected a string, found a map");
  EXPECT_EQ(read_error([&] { read_int(*root.find("i"), integer_field("levels", 2, 1000), "x.i"); }),
            "t.yaml:2:4: error: x.i: expected an integer, found '1.5'");
  const Node two = parse_map("k: 1\n", src());
  EXPECT_EQ(read_error([&] { read_int(*two.find("k"), integer_field("levels", 2, 1000), "x.k"); }),
            "t.yaml:1:4: error: x.k: value 1 is outside the domain [2, 1000]");
  EXPECT_EQ(read_error([&] { need(two, "x", "base", "the base scenario file"); }),
            "t.yaml:1:1: error: x: missing required key 'base' (the base scenario file)");
  EXPECT_EQ(read_error([&] { check_keys(two, "x", {"kk", "other"}); }),
            "t.yaml:1:1: error: x.k: unknown key 'k' (did you mean 'kk'?)");
  EXPECT_EQ(read_error([&] { check_keys(two, "x", {"alpha", "beta"}); }),
            "t.yaml:1:1: error: x.k: unknown key 'k' (valid keys: alpha, beta)");
}

const ParamSchema& calibrate_fields() {
  static const ParamSchema s = ParamSchema("calibrate")
                                   .string("base", "", "base scenario")
                                   .integer("iterations", 100, 1, 1'000'000, "", "iterations")
                                   .real("tolerance", 0.01, 0.0, 1.0, "", "tolerance");
  return s;
}

// The manual's example (sim/yaml/yaml.hpp): a new file kind in a few lines, whose ParamSet
// keeps each key's location for later rules.
TEST(YamlRead, SchemaDrivenFieldsKeepLocations) {
  const Node root = parse_map("calibrate:\n  base: b.yaml\n  tolerance: 0.0\n  targets: []\n", src("c.yaml"));
  const Node& c = require_map(need(root, "", "calibrate"), "calibrate");
  FieldOptions options;
  options.sections = {"targets"};
  const ParamSet f = read_fields(c, "calibrate", calibrate_fields(), options);
  EXPECT_EQ(f.str("base"), "b.yaml");
  EXPECT_EQ(f.integer("iterations"), 100);  // default
  EXPECT_EQ(read_error([&] { f.fail("tolerance", "a tolerance of 0 needs at least 10 iterations"); }),
            "c.yaml:3:3: error: calibrate.tolerance: a tolerance of 0 needs at least 10 iterations");
  // A default points at the section.
  EXPECT_EQ(read_error([&] { f.fail("iterations", "too few"); }),
            "c.yaml:2:3: error: calibrate.iterations: too few");
  const Node bad = parse_map("calibrate: {tolerence: 0.1, iterations: 0}\n", src("c.yaml"));
  EXPECT_EQ(read_error([&] { read_fields(*bad.find("calibrate"), "calibrate", calibrate_fields()); }),
            "c.yaml:1:13: error: calibrate.tolerence: unknown key 'tolerence' (did you mean "
            "'tolerance'?)");
  const Node zero = parse_map("calibrate: {iterations: 0}\n", src("c.yaml"));
  EXPECT_EQ(read_error([&] { read_fields(*zero.find("calibrate"), "calibrate", calibrate_fields()); }),
            "c.yaml:1:25: error: calibrate.iterations: value 0 is outside the domain [1, 1000000]");
}

TEST(YamlRead, ErrorKeepsItsParts) {
  const Node root = parse_map("a: x\n", src());
  try {
    read_real(*root.find("a"), "a");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.loc().line, 1);
    EXPECT_EQ(e.loc().column, 4);
    EXPECT_EQ(e.key(), "a");
    EXPECT_EQ(e.message(), "expected a real number, found 'x'");
  }
}

TEST(YamlSet, OneRuleForEveryFileKind) {
  Node root = parse_map("sweep:\n  design:\n    parameters:\n      params.x: {from: 1, to: 2}\n"
                        "list: [a, b]\nseed: 1\n",
                        src());
  const SetRules rules{{"parameters", "set"}, {"from", "to", "steps", "scale", "group"}};
  // An existing dotted key is found; a new one takes the remaining segments but its field.
  SetArgument a = parse_set_argument("sweep.design.parameters.params.x.from=0.5");
  apply_set(root, a.path, a.value, a.key_loc, rules);
  EXPECT_EQ(root.find("sweep")->find("design")->find("parameters")->find("params.x")->find("from")->scalar, "0.5");
  a = parse_set_argument("sweep.design.parameters.params.y.to=3");
  apply_set(root, a.path, a.value, a.key_loc, rules);
  EXPECT_EQ(root.find("sweep")->find("design")->find("parameters")->find("params.y")->find("to")->scalar, "3");
  a = parse_set_argument("list.1=c");
  apply_set(root, a.path, a.value, a.key_loc, rules);
  EXPECT_EQ(root.find("list")->items[1].scalar, "c");
  EXPECT_EQ(read_error([&] {
              const SetArgument b = parse_set_argument("list.x=1");
              apply_set(root, b.path, b.value, b.key_loc, rules);
            }),
            "--set 'list.x=1': 'list' is a sequence: expected an index, found 'x'");
  EXPECT_EQ(read_error([&] {
              const SetArgument b = parse_set_argument("list.5=1");
              apply_set(root, b.path, b.value, b.key_loc, rules);
            }),
            "--set 'list.5=1': index 5 is out of range ('list' has 2 entries)");
  EXPECT_EQ(read_error([&] {
              const SetArgument b = parse_set_argument("seed.x=1");
              apply_set(root, b.path, b.value, b.key_loc, rules);
            }),
            "--set 'seed.x=1': cannot set 'seed.x': 'seed' is '1', not a map");
  EXPECT_EQ(read_error([] { parse_set_argument("novalue"); }), "--set 'novalue': expected path.to.key=value");
  EXPECT_EQ(read_error([] { parse_set_argument("a..b=1"); }), "--set 'a..b=1': expected path.to.key=value");
}

TEST(YamlScalar, Classification) {
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

// Found by fuzz_yaml: a quoted key '<<' was written back plain and read again as a merge key.
TEST(YamlScalar, WrittenBackTreesReadTheSame) {
  const auto root = parse("'<<': 1\n\"0.5\": '0.5'\nyes: 'true'\nx: [~, '~', null]\n", src());
  ASSERT_TRUE(root);
  YAML::Emitter out;
  emit(out, *root);
  const auto again = parse(out.c_str(), src());
  ASSERT_TRUE(again) << out.c_str();
  EXPECT_EQ(again->keys, root->keys) << out.c_str();
  EXPECT_FALSE(again->find("0.5")->plain);
  EXPECT_FALSE(again->find("yes")->plain);
  EXPECT_TRUE(again->find("x")->items[0].is_null());
  EXPECT_FALSE(again->find("x")->items[1].plain);
  // Found by fuzz_yaml: a key longer than YAML's 1024 characters for an implicit key.
  Node long_key = Node::make_map(Loc{});
  long_key.set(std::string(300, '\x19') + "k", Loc{}, Node::make_scalar("1", Loc{}));
  YAML::Emitter lk;
  emit(lk, long_key);
  const auto lk_back = parse(lk.c_str(), src());
  ASSERT_TRUE(lk_back) << lk.c_str();
  EXPECT_EQ(lk_back->keys, long_key.keys);
  // Found by fuzz_yaml: carriage returns in a plain text were read back as line breaks.
  for (const std::string text : {"11\r\r\r", "a\rb", "tab\t", "\tlead", "x\x7fy", "two\nlines"}) {
    YAML::Emitter o;
    emit_string(o, text);
    const auto back = parse(std::string("k: ") + o.c_str() + "\n", src());
    ASSERT_TRUE(back) << o.c_str();
    EXPECT_EQ(back->find("k")->scalar, text) << o.c_str();
    YAML::Emitter p;
    emit(p, Node::make_scalar(text, Loc{}, true));
    EXPECT_EQ(parse(std::string("k: ") + p.c_str() + "\n", src())->find("k")->scalar, text) << p.c_str();
  }
}

TEST(YamlScalar, FormatRealRoundTrips) {
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
}  // namespace govsim::sim::yaml
