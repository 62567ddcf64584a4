// File: sim/scenario/yaml_tree.hpp (private to sim/scenario)
//
// A small YAML document tree built from yaml-cpp's parser events, for the scenario loader.
// Unlike YAML::Node it
//   - rejects duplicate keys in one map ("duplicate key 'seed' (first at line 2)"), which
//     YAML::Load silently drops;
//   - keeps, for every node and every map key, the file it came from and its 1-based line and
//     column, so that after `extends:` merges and `--set` overrides each value still points at
//     the file (or the --set argument) that set it;
//   - remembers whether a scalar was written plain or quoted/tagged (a quoted "0.5" is a
//     string, not a number).
// Aliases are expanded (a copy of the anchored node); merge keys (`<<`) are not supported.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Emitter;
}

namespace govsim::sim::detail {

// Where a tree came from.
struct YamlSource {
  std::string file;      // the name shown in messages
  std::string dir;       // relative paths in it resolve against this ("" = working directory)
  std::string set_text;  // non-empty: the tree is the value of `--set <set_text>`
};
using YamlSourcePtr = std::shared_ptr<const YamlSource>;

// A position; line and column are 1-based (0 = unknown).
struct YamlLoc {
  YamlSourcePtr src;
  int line = 0;
  int column = 0;
};

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };

  Kind kind = Kind::kNull;
  YamlLoc loc;
  std::string scalar;                 // kScalar: the text
  bool plain = true;                  // kScalar: written without quotes or tag
  std::vector<YamlNode> items;        // kSequence: the items; kMap: the values
  std::vector<std::string> keys;      // kMap: the keys (items[i] is the value of keys[i])
  std::vector<YamlLoc> key_locs;      // kMap: where each key was written

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_map() const { return kind == Kind::kMap; }

  // kMap: index of `key` or -1.
  int index_of(std::string_view key) const;
  const YamlNode* find(std::string_view key) const;
  YamlNode* find(std::string_view key);
  // kMap: replaces the value of `key` (and its key location) or appends it.
  void set(const std::string& key, const YamlLoc& key_loc, YamlNode value);
  // kMap: removes `key` if present.
  void erase(std::string_view key);

  static YamlNode make_map(const YamlLoc& loc);
  static YamlNode make_scalar(std::string text, const YamlLoc& loc, bool plain = true);
};

// "file:line:col: error: key: message", or "--set 'TEXT': message" when `loc` belongs to a
// --set argument. Always throws InputError.
[[noreturn]] void throw_at(const YamlLoc& loc, const std::string& key, const std::string& message);

// The name a location shows for its file ("--set 'TEXT'" for --set values).
std::string display_file(const YamlLoc& loc);

// Parses one YAML document. Returns nullopt when the text holds no document (empty or only
// comments). Throws InputError for invalid YAML ("invalid YAML: <parser message>" at the
// parser's position), duplicate keys, non-string keys and a second document.
std::optional<YamlNode> parse_yaml(const std::string& text, const YamlSourcePtr& src);

// How a node reads in a message: "null", "a sequence", "a map", "'3.5'", "the quoted string
// '3.5'".
std::string describe(const YamlNode& node);

// Writes a node back (used for `set:` values of comparisons); quoted scalars stay quoted.
void emit(YAML::Emitter& out, const YamlNode& node);

// Writes a string so that it reads back as the same string (quoted when it would otherwise
// read as a number, a boolean or null).
void emit_string(YAML::Emitter& out, const std::string& text);

// Scalar classification (plain scalars, YAML 1.2 core schema spelling).
bool looks_like_int(std::string_view s);
bool looks_like_real(std::string_view s);  // includes integers, .inf, -.inf, .nan
bool looks_like_bool_or_null(std::string_view s);

// Parses a plain scalar that looks_like_real (`.inf`, `.nan` give infinity and NaN). Returns
// false when the text is not a real number or out of the range of double.
bool parse_real(std::string_view s, double& out);
// Parses a plain scalar that looks_like_int. Returns false when out of the range of int64.
bool parse_int(std::string_view s, int64_t& out);

// Shortest text that reads back as exactly `x`, always with a '.' or an exponent ("1.0",
// "0.1", "1e+20").
std::string format_real(double x);

// Splits "a.b.0.c" at its dots; empty when the path is malformed (empty, or an empty segment).
std::vector<std::string> split_path(const std::string& path);
// `s` without leading and trailing blanks and tabs.
std::string trim(const std::string& s);

// One `--set` argument "path.to.key=value" (scenario, comparison and sweep files alike).
struct SetArgument {
  std::vector<std::string> path;  // the segments of path_text
  std::string path_text;          // the trimmed text before '='
  YamlNode value;                 // the text after '=' parsed as YAML; null for "key="
  YamlLoc key_loc;                // where errors about the argument point
};
// Throws InputError "expected path.to.key=value" when there is no '=' or the path is malformed.
SetArgument parse_set_argument(const std::string& text);

}  // namespace govsim::sim::detail
