#include "sim/yaml/node.hpp"

#include <fmt/format.h>

#include <utility>

namespace govsim::sim::yaml {

SourcePtr file_source(const std::string& file, const std::string& dir) {
  return std::make_shared<const Source>(Source{file, dir, {}});
}

std::string display_file(const Loc& loc) {
  if (!loc.src) return {};
  if (loc.from_set()) return fmt::format("--set '{}'", loc.src->set_text);
  return loc.src->file;
}

namespace {

std::string format_error(const Loc& loc, const std::string& key, const std::string& message) {
  if (loc.from_set()) return fmt::format("--set '{}': {}", loc.src->set_text, message);
  return format_input_error(
      SourceLocation{loc.src ? loc.src->file : std::string(), loc.line, loc.column}, key, message);
}

}  // namespace

Error::Error(Loc loc, std::string key, std::string message)
    : InputError(format_error(loc, key, message)),
      loc_(std::move(loc)),
      key_(std::move(key)),
      message_(std::move(message)) {}

void fail(const Loc& loc, const std::string& key, const std::string& message) {
  throw Error(loc, key, message);
}

int Node::index_of(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return static_cast<int>(i);
  return -1;
}

const Node* Node::find(std::string_view key) const {
  const int i = index_of(key);
  return i < 0 ? nullptr : &items[static_cast<std::size_t>(i)];
}

Node* Node::find(std::string_view key) {
  const int i = index_of(key);
  return i < 0 ? nullptr : &items[static_cast<std::size_t>(i)];
}

const Loc& Node::key_loc(std::string_view key) const {
  const int i = index_of(key);
  return i < 0 ? loc : key_locs[static_cast<std::size_t>(i)];
}

void Node::set(const std::string& key, const Loc& at, Node value) {
  const int i = index_of(key);
  if (i >= 0) {
    items[static_cast<std::size_t>(i)] = std::move(value);
    key_locs[static_cast<std::size_t>(i)] = at;
    return;
  }
  keys.push_back(key);
  key_locs.push_back(at);
  items.push_back(std::move(value));
}

void Node::erase(std::string_view key) {
  const int i = index_of(key);
  if (i < 0) return;
  keys.erase(keys.begin() + i);
  key_locs.erase(key_locs.begin() + i);
  items.erase(items.begin() + i);
}

Node Node::make_null(const Loc& loc) {
  Node n;
  n.loc = loc;
  return n;
}

Node Node::make_map(const Loc& loc) {
  Node n;
  n.kind = Kind::kMap;
  n.loc = loc;
  return n;
}

Node Node::make_scalar(std::string text, const Loc& loc, bool plain) {
  Node n;
  n.kind = Kind::kScalar;
  n.scalar = std::move(text);
  n.plain = plain;
  n.loc = loc;
  return n;
}

std::string quote(std::string_view text) {
  constexpr std::size_t kMax = 60;
  if (text.size() <= kMax) return fmt::format("'{}'", text);
  std::size_t cut = kMax;  // not inside a UTF-8 sequence
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("'{}...'", text.substr(0, cut));
}

std::string describe(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kNull: return "null";
    case Node::Kind::kSequence: return "a sequence";
    case Node::Kind::kMap: return "a map";
    case Node::Kind::kScalar:
      return node.plain ? quote(node.scalar) : "the quoted string " + quote(node.scalar);
  }
  return "?";
}

std::string join_key(const std::string& a, const std::string& b) {
  return a.empty() ? b : a + "." + b;
}

}  // namespace govsim::sim::yaml
