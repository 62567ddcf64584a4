#include "sim/yaml/parse.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <cstdint>
#include <map>
#include <sstream>
#include <string_view>
#include <utility>

#include "sim/io/input_file.hpp"

namespace govsim::sim::yaml {

namespace {

// Why `s` cannot be YAML text, or "": bytes that are not UTF-8 (overlong forms, surrogates
// and code points past U+10FFFF included) or a noncharacter (U+FDD0-U+FDEF, U+xFFFE, U+xFFFF:
// not printable in YAML 1.2, and yaml-cpp's emitter would write them back as U+FFFD).
std::string text_problem(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    uint32_t cp = c;
    if (c < 0x80) len = 1;
    else if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; lo = c == 0xE0 ? 0xA0 : 0x80; hi = c == 0xED ? 0x9F : 0xBF; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; lo = c == 0xF0 ? 0x90 : 0x80; hi = c == 0xF4 ? 0x8F : 0xBF; }
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
      cp = (cp << 6) | (b & 0x3F);
    }
    if (!ok)
      return fmt::format("invalid UTF-8 (byte 0x{:02x} at byte {} of this text): YAML files must be UTF-8", c, i + 1);
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
      return fmt::format("the noncharacter U+{:04X} (at byte {} of this text) is not allowed in YAML", cp, i + 1);
    i += len;
  }
  return {};
}

Loc make_loc(const SourcePtr& src, const YAML::Mark& mark) {
  if (mark.is_null()) return Loc{src, 0, 0};
  return Loc{src, mark.line + 1, mark.column + 1};
}

// Builds a Node tree from parser events; rejects duplicate, non-string and merge keys; counts
// nodes (aliases expanded) against the limit before any alias is copied.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(SourcePtr src, std::size_t max_nodes) : src_(std::move(src)), max_nodes_(max_nodes) {}

  std::optional<Node>& root() { return root_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ > 0) fail(make_loc(src_, mark), "", "expected one YAML document, found a second one");
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count(1, make_loc(src_, mark), false);
    add(Node::make_null(make_loc(src_, mark)), anchor, 1);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end())
      fail(make_loc(src_, mark), here(), "an alias refers to a node that is not complete");
    count(it->second.size, make_loc(src_, mark), true);
    add(it->second.node, 0, 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    count(1, make_loc(src_, mark), false);
    // Text that is not UTF-8 (a Latin-1 file, binary data) could not be written back
    // unchanged in the resolved YAML that results files keep.
    if (std::string problem = text_problem(value); !problem.empty())
      fail(make_loc(src_, mark), here(), problem);
    add(Node::make_scalar(value, make_loc(src_, mark), tag == "?"), anchor, 1);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    open(Node::Kind::kSequence, make_loc(src_, mark), anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    open(Node::Kind::kMap, make_loc(src_, mark), anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    std::size_t first = 0;  // nodes counted before this container
    bool have_key = false;
    std::string key;
    Loc key_loc;
  };
  struct Anchored {
    Node node;
    std::size_t size = 0;  // nodes in it, aliases expanded
  };

  void count(std::size_t n, const Loc& at, bool alias) {
    if (total_ + n <= max_nodes_) {
      total_ += n;
      return;
    }
    if (alias)
      fail(at, here(),
           fmt::format("this alias would expand the document past {} YAML nodes, the limit (an "
                       "alias is a copy of its anchored node, here of {} nodes)",
                       max_nodes_, n));
    fail(at, here(), fmt::format("the document has more than {} YAML nodes, the limit", max_nodes_));
  }

  void open(Node::Kind kind, const Loc& loc, YAML::anchor_t anchor) {
    Frame f;
    f.first = total_;
    count(1, loc, false);
    f.node.kind = kind;
    f.node.loc = loc;
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    add(std::move(f.node), f.anchor, total_ - f.first);
  }

  // Key path of the innermost open container ("params", "countermeasures.0").
  std::string path() const {
    std::string out;
    for (std::size_t i = 1; i < stack_.size(); ++i) {
      const Frame& parent = stack_[i - 1];
      out = join_key(out, parent.node.is_map() ? parent.key : std::to_string(parent.node.items.size()));
    }
    return out;
  }

  // Key path of the node about to be added ("x5.7": the 8th item of x5).
  std::string here() const {
    if (stack_.empty()) return {};
    const Frame& f = stack_.back();
    if (f.node.is_sequence()) return join_key(path(), std::to_string(f.node.items.size()));
    return f.have_key ? join_key(path(), f.key) : path();
  }

  void add(Node n, YAML::anchor_t anchor, std::size_t size) {
    if (anchor) anchors_[anchor] = Anchored{n, size};
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& f = stack_.back();
    if (f.node.is_sequence()) {
      f.node.items.push_back(std::move(n));
      return;
    }
    if (!f.have_key) {
      take_key(f, n);
      return;
    }
    // `key:` with nothing after it: the parser marks the next token; point at the key.
    if (n.is_null() && n.loc.line > f.key_loc.line) n.loc = f.key_loc;
    f.node.keys.push_back(std::move(f.key));
    f.node.key_locs.push_back(f.key_loc);
    f.node.items.push_back(std::move(n));
    f.have_key = false;
  }

  void take_key(Frame& f, const Node& n) {
    if (!n.is_scalar()) fail(n.loc, path(), "expected a string key, found " + describe(n));
    if (n.plain && n.scalar == "<<")
      fail(n.loc, join_key(path(), "<<"),
           "merge keys ('<<') are not supported: write the keys out (or use extends: between "
           "files)");
    const int first = f.node.index_of(n.scalar);
    if (first >= 0)
      fail(n.loc, join_key(path(), n.scalar),
           fmt::format("duplicate key {} (first at line {})", quote(n.scalar),
                       f.node.key_locs[static_cast<std::size_t>(first)].line));
    f.key = n.scalar;
    f.key_loc = n.loc;
    f.have_key = true;
  }

  SourcePtr src_;
  std::size_t max_nodes_;
  std::size_t total_ = 0;
  std::optional<Node> root_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  int documents_ = 0;
};

}  // namespace

std::optional<Node> parse(const std::string& text, const SourcePtr& src, std::size_t max_nodes) {
  std::istringstream in(text);
  TreeBuilder builder(src, max_nodes);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder)) return std::nullopt;
    parser.HandleNextDocument(builder);  // a second document throws in OnDocumentStart
  } catch (const YAML::Exception& e) {
    fail(make_loc(src, e.mark), "", "invalid YAML: " + e.msg);
  }
  return std::move(builder.root());
}

Node parse_map(const std::string& text, const SourcePtr& src) {
  std::optional<Node> root = parse(text, src);
  if (!root) fail(Loc{src, 1, 1}, "", "file is empty");
  if (!root->is_map()) fail(root->loc, "", "expected a map at the top level, found " + describe(*root));
  return std::move(*root);
}

std::string read_file(const std::string& path, const std::string& what, const Loc* named_at,
                      const std::string& key) {
  std::string text;
  const std::string problem = io::read_input_file(path, text);
  if (problem.empty()) return text;
  const std::string msg = fmt::format("cannot open {} '{}': {}", what, path, problem);
  if (named_at) fail(*named_at, key, msg);
  fail(Loc{}, "", msg);
}

Node load_file(const std::string& path, const std::string& what, const Loc* named_at,
               const std::string& key) {
  const std::string text = read_file(path, what, named_at, key);
  return parse_map(text, file_source(path, std::filesystem::path(path).parent_path().string()));
}

}  // namespace govsim::sim::yaml
