#include "sim/scenario/yaml_tree.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <utility>

#include "sim/core/error.hpp"

namespace govsim::sim::detail {

// ---- YamlNode ------------------------------------------------------------------------------

int YamlNode::index_of(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return static_cast<int>(i);
  return -1;
}

const YamlNode* YamlNode::find(std::string_view key) const {
  const int i = index_of(key);
  return i < 0 ? nullptr : &items[static_cast<std::size_t>(i)];
}

YamlNode* YamlNode::find(std::string_view key) {
  const int i = index_of(key);
  return i < 0 ? nullptr : &items[static_cast<std::size_t>(i)];
}

void YamlNode::set(const std::string& key, const YamlLoc& key_loc, YamlNode value) {
  const int i = index_of(key);
  if (i >= 0) {
    items[static_cast<std::size_t>(i)] = std::move(value);
    key_locs[static_cast<std::size_t>(i)] = key_loc;
    return;
  }
  keys.push_back(key);
  key_locs.push_back(key_loc);
  items.push_back(std::move(value));
}

void YamlNode::erase(std::string_view key) {
  const int i = index_of(key);
  if (i < 0) return;
  keys.erase(keys.begin() + i);
  key_locs.erase(key_locs.begin() + i);
  items.erase(items.begin() + i);
}

YamlNode YamlNode::make_map(const YamlLoc& loc) {
  YamlNode n;
  n.kind = Kind::kMap;
  n.loc = loc;
  return n;
}

YamlNode YamlNode::make_scalar(std::string text, const YamlLoc& loc, bool plain) {
  YamlNode n;
  n.kind = Kind::kScalar;
  n.scalar = std::move(text);
  n.plain = plain;
  n.loc = loc;
  return n;
}

// ---- errors --------------------------------------------------------------------------------

std::string display_file(const YamlLoc& loc) {
  if (!loc.src) return {};
  if (!loc.src->set_text.empty()) return fmt::format("--set '{}'", loc.src->set_text);
  return loc.src->file;
}

void throw_at(const YamlLoc& loc, const std::string& key, const std::string& message) {
  if (loc.src && !loc.src->set_text.empty())
    throw InputError(fmt::format("--set '{}': {}", loc.src->set_text, message));
  throw InputError(SourceLocation{loc.src ? loc.src->file : std::string(), loc.line, loc.column},
                   key, message);
}

std::string describe(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::kNull: return "null";
    case YamlNode::Kind::kSequence: return "a sequence";
    case YamlNode::Kind::kMap: return "a map";
    case YamlNode::Kind::kScalar:
      return node.plain ? fmt::format("'{}'", node.scalar)
                        : fmt::format("the quoted string '{}'", node.scalar);
  }
  return "?";
}

// ---- parsing -------------------------------------------------------------------------------

namespace {

YamlLoc make_loc(const YamlSourcePtr& src, const YAML::Mark& mark) {
  if (mark.is_null()) return YamlLoc{src, 0, 0};
  return YamlLoc{src, mark.line + 1, mark.column + 1};
}

// Builds a YamlNode tree from parser events; rejects duplicate and non-string keys.
class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(YamlSourcePtr src) : src_(std::move(src)) {}

  std::optional<YamlNode>& root() { return root_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ > 0)
      throw_at(make_loc(src_, mark), "", "expected one YAML document, found a second one");
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YamlNode n;
    n.kind = YamlNode::Kind::kNull;
    n.loc = make_loc(src_, mark);
    add(std::move(n), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end())
      throw_at(make_loc(src_, mark), path(), "an alias refers to a node that is not complete");
    add(it->second, 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    add(YamlNode::make_scalar(value, make_loc(src_, mark), tag == "?"), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    Frame f;
    f.node.kind = YamlNode::Kind::kSequence;
    f.node.loc = make_loc(src_, mark);
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }
  void OnSequenceEnd() override { pop(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    Frame f;
    f.node.kind = YamlNode::Kind::kMap;
    f.node.loc = make_loc(src_, mark);
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }
  void OnMapEnd() override { pop(); }

 private:
  struct Frame {
    YamlNode node;
    YAML::anchor_t anchor = 0;
    bool have_key = false;
    std::string key;
    YamlLoc key_loc;
  };

  void pop() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    add(std::move(f.node), f.anchor);
  }

  // Key path of the innermost open container ("params", "countermeasures.0").
  std::string path() const {
    std::string out;
    for (std::size_t i = 1; i < stack_.size(); ++i) {
      const Frame& parent = stack_[i - 1];
      const std::string seg = parent.node.is_map() ? parent.key
                                                   : std::to_string(parent.node.items.size());
      out += (out.empty() ? "" : ".") + seg;
    }
    return out;
  }
  std::string path_with(const std::string& key) const {
    const std::string p = path();
    return p.empty() ? key : p + "." + key;
  }

  void add(YamlNode n, YAML::anchor_t anchor) {
    if (anchor) anchors_[anchor] = n;
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
      if (!n.is_scalar()) throw_at(n.loc, path(), "expected a string key, found " + describe(n));
      const int first = f.node.index_of(n.scalar);
      if (first >= 0) {
        throw_at(n.loc, path_with(n.scalar),
                 fmt::format("duplicate key '{}' (first at line {})", n.scalar,
                             f.node.key_locs[static_cast<std::size_t>(first)].line));
      }
      f.key = n.scalar;
      f.key_loc = n.loc;
      f.have_key = true;
      return;
    }
    // `key:` with nothing after it: the parser marks the next token; point at the key.
    if (n.is_null() && n.loc.line > f.key_loc.line) n.loc = f.key_loc;
    f.node.keys.push_back(std::move(f.key));
    f.node.key_locs.push_back(f.key_loc);
    f.node.items.push_back(std::move(n));
    f.have_key = false;
  }

  YamlSourcePtr src_;
  std::optional<YamlNode> root_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, YamlNode> anchors_;
  int documents_ = 0;
};

}  // namespace

std::optional<YamlNode> parse_yaml(const std::string& text, const YamlSourcePtr& src) {
  std::istringstream in(text);
  TreeBuilder builder(src);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder)) return std::nullopt;
    parser.HandleNextDocument(builder);  // a second document throws in OnDocumentStart
  } catch (const YAML::Exception& e) {
    throw_at(make_loc(src, e.mark), "", "invalid YAML: " + e.msg);
  }
  return std::move(builder.root());
}

// ---- scalars -------------------------------------------------------------------------------

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Skips [0-9]+ from i; returns the number of digits.
std::size_t digits(std::string_view s, std::size_t& i) {
  const std::size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  return i - start;
}

bool is_special_real(std::string_view s) {
  std::string_view body = s;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) body.remove_prefix(1);
  if (body == ".inf" || body == ".Inf" || body == ".INF") return true;
  return s == ".nan" || s == ".NaN" || s == ".NAN";
}

}  // namespace

bool looks_like_int(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  return digits(s, i) > 0 && i == s.size();
}

bool looks_like_real(std::string_view s) {
  if (is_special_real(s)) return true;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t n = digits(s, i);
  if (i < s.size() && s[i] == '.') {
    ++i;
    n += digits(s, i);
  }
  if (n == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits(s, i) == 0) return false;
  }
  return i == s.size();
}

bool looks_like_bool_or_null(std::string_view s) {
  static constexpr std::string_view kWords[] = {
      "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
      "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
      "y", "Y", "n", "N"};
  for (auto w : kWords)
    if (s == w) return true;
  return false;
}

bool parse_real(std::string_view s, double& out) {
  if (!looks_like_real(s)) return false;
  if (is_special_real(s)) {
    const bool negative = s[0] == '-';
    const std::string_view body = (s[0] == '+' || s[0] == '-') ? s.substr(1) : s;
    if (body[1] == 'n' || body[1] == 'N')
      out = std::numeric_limits<double>::quiet_NaN();
    else
      out = negative ? -std::numeric_limits<double>::infinity()
                     : std::numeric_limits<double>::infinity();
    return true;
  }
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool parse_int(std::string_view s, int64_t& out) {
  if (!looks_like_int(s)) return false;
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string format_real(double x) {
  if (std::isnan(x)) return ".nan";
  if (std::isinf(x)) return x > 0 ? ".inf" : "-.inf";
  std::string s = fmt::format("{}", x);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

// ---- emitting ------------------------------------------------------------------------------

void emit_string(YAML::Emitter& out, const std::string& text) {
  if (looks_like_real(text) || looks_like_bool_or_null(text))
    out << YAML::DoubleQuoted << text;
  else
    out << text;
}

void emit(YAML::Emitter& out, const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::kNull:
      out << YAML::Null;
      return;
    case YamlNode::Kind::kScalar:
      if (node.plain)
        out << node.scalar;
      else
        out << YAML::DoubleQuoted << node.scalar;
      return;
    case YamlNode::Kind::kSequence: {
      bool flat = true;
      for (const auto& item : node.items) flat = flat && !item.is_map() && !item.is_sequence();
      if (flat) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : node.items) emit(out, item);
      out << YAML::EndSeq;
      return;
    }
    case YamlNode::Kind::kMap:
      out << YAML::BeginMap;
      for (std::size_t i = 0; i < node.keys.size(); ++i) {
        out << YAML::Key;
        emit_string(out, node.keys[i]);
        out << YAML::Value;
        emit(out, node.items[i]);
      }
      out << YAML::EndMap;
      return;
  }
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segs;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    std::string seg = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (seg.empty()) return {};
    segs.push_back(std::move(seg));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return segs;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

SetArgument parse_set_argument(const std::string& text) {
  const YamlSourcePtr src = std::make_shared<const YamlSource>(YamlSource{{}, {}, text});
  SetArgument a;
  a.key_loc = YamlLoc{src, 0, 0};
  const std::size_t eq = text.find('=');
  if (eq != std::string::npos) {
    a.path_text = trim(text.substr(0, eq));
    a.path = split_path(a.path_text);
  }
  if (a.path.empty()) throw_at(a.key_loc, "", "expected path.to.key=value");
  std::optional<YamlNode> v = parse_yaml(text.substr(eq + 1), src);
  if (v) {
    a.value = std::move(*v);
  } else {
    a.value.loc = a.key_loc;  // "key=" gives null
  }
  return a;
}

}  // namespace govsim::sim::detail
