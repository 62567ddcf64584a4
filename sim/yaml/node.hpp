// File: sim/yaml/node.hpp
//
// The document tree of the YAML toolkit (sim/yaml/yaml.hpp is the manual): where a value came
// from (Source, Loc), the tree itself (Node) and the one error type every loader throws
// (Error, an InputError: exit status 2).
//
// Unlike YAML::Node, a Node keeps for every value and every map key the file it came from and
// its 1-based line and column, so that after `extends:` merges and `--set` overrides each
// value still points at the file (or the --set argument) that set it; it remembers whether a
// scalar was written plain or quoted/tagged (a quoted "0.5" is a string, not a number).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.hpp"

namespace govsim::sim::yaml {

// Where a tree came from.
struct Source {
  std::string file;      // the name shown in messages
  std::string dir;       // relative paths in it resolve against this ("" = working directory)
  std::string set_text;  // non-empty: the tree is the value of `--set <set_text>`
};
using SourcePtr = std::shared_ptr<const Source>;

SourcePtr file_source(const std::string& file, const std::string& dir);

// A position; line and column are 1-based (0 = unknown). Cheap to copy (a shared pointer).
struct Loc {
  SourcePtr src;
  int line = 0;
  int column = 0;

  bool from_set() const { return src && !src->set_text.empty(); }
  // The directory relative paths written here resolve against ("" for --set values: the
  // working directory).
  std::string dir() const { return src && !from_set() ? src->dir : std::string(); }
};

// The name a location shows for its file ("--set 'TEXT'" for --set values).
std::string display_file(const Loc& loc);

// Every input error of the toolkit and of what is built on it. what() is the user's line:
//   "file:line:col: error: key.path: message", or "--set 'TEXT': message" for a --set value.
// The parts stay available, so that a caller can re-locate an error (a sweep names the
// design point whose value a scenario rule refused).
class Error : public InputError {
 public:
  Error(Loc loc, std::string key, std::string message);
  const Loc& loc() const { return loc_; }
  const std::string& key() const { return key_; }
  const std::string& message() const { return message_; }

 private:
  Loc loc_;
  std::string key_;
  std::string message_;
};

// Throws Error(loc, key, message).
[[noreturn]] void fail(const Loc& loc, const std::string& key, const std::string& message);

struct Node {
  enum class Kind { kNull, kScalar, kSequence, kMap };

  Kind kind = Kind::kNull;
  Loc loc;
  std::string scalar;            // kScalar: the text
  bool plain = true;             // kScalar: written without quotes or tag
  std::vector<Node> items;       // kSequence: the items; kMap: the values
  std::vector<std::string> keys; // kMap: the keys (items[i] is the value of keys[i])
  std::vector<Loc> key_locs;     // kMap: where each key was written

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_map() const { return kind == Kind::kMap; }

  // kMap: index of `key` or -1.
  int index_of(std::string_view key) const;
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  // kMap: where `key` was written (the map's own location when absent).
  const Loc& key_loc(std::string_view key) const;
  // kMap: replaces the value of `key` (and its key location) or appends it.
  void set(const std::string& key, const Loc& key_loc, Node value);
  // kMap: removes `key` if present.
  void erase(std::string_view key);

  static Node make_null(const Loc& loc);
  static Node make_map(const Loc& loc);
  static Node make_scalar(std::string text, const Loc& loc, bool plain = true);
};

// How a node reads in a message: "null", "a sequence", "a map", "'3.5'", "the quoted string
// '3.5'" (long texts are cut to 60 characters and "...").
std::string describe(const Node& node);

// `text` quoted for a message, cut to 60 characters and "..." when longer.
std::string quote(std::string_view text);

// "a.b" from "a" and "b"; "b" when `a` is empty.
std::string join_key(const std::string& a, const std::string& b);

}  // namespace govsim::sim::yaml
