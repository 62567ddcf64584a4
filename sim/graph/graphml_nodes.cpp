// A minimal XML scan (comments, CDATA, processing instructions, DOCTYPE, start and end tags,
// quoted attributes with the five named and the numeric character references) over a GraphML
// text that Boost's parser (rapidxml) has already accepted: it only needs to find the node ids
// and edge ends, with their line and column.
#include "sim/graph/graphml_nodes.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"

namespace govsim::sim {

namespace {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// An attribute value with its character references replaced.
std::string decode(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::size_t semi = v[i] == '&' ? v.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos) {
      out += v[i];
      continue;
    }
    const std::string_view ref = v.substr(i + 1, semi - i - 1);
    static constexpr std::pair<std::string_view, char> kNamed[] = {
        {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
    bool done = false;
    for (const auto& [name, c] : kNamed)
      if (ref == name) {
        out += c;
        done = true;
      }
    if (!done && ref.size() > 1 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      uint32_t cp = 0;
      bool ok = ref.size() > (hex ? 2u : 1u);
      for (std::size_t k = hex ? 2 : 1; ok && k < ref.size(); ++k) {
        const char c = ref[k];
        const int d = (c >= '0' && c <= '9') ? c - '0'
                      : hex && (c >= 'a' && c <= 'f') ? c - 'a' + 10
                      : hex && (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                      : -1;
        ok = d >= 0 && cp < 0x110000;
        cp = cp * (hex ? 16u : 10u) + static_cast<uint32_t>(d < 0 ? 0 : d);
      }
      if (ok && cp < 0x110000) {
        append_utf8(out, cp);
        done = true;
      }
    }
    if (!done) {
      out += v[i];
      continue;
    }
    i = semi;
  }
  return out;
}

struct Edge {
  std::string source, target;
  int line = 0, column = 0;
};

class Scanner {
 public:
  explicit Scanner(const std::string& text) : t_(text) {}

  void run() {
    while (pos_ < t_.size()) {
      const std::size_t lt = t_.find('<', pos_);
      if (lt == std::string::npos) break;
      advance_to(lt);
      if (starts("<!--")) skip_past("-->");
      else if (starts("<![CDATA[")) skip_past("]]>");
      else if (starts("<?")) skip_past("?>");
      else if (starts("<!")) skip_doctype();
      else if (starts("</")) end_tag();
      else start_tag();
    }
  }

  std::unordered_set<std::string> declared;
  std::vector<Edge> edges;

 private:
  struct Element {
    std::string name;
    bool read_graph = false;  // a <graph> whose nodes and edges Boost reads
    int graphs = 0;           // <graph> children seen
  };

  bool starts(std::string_view s) const { return t_.compare(pos_, s.size(), s) == 0; }
  void advance_to(std::size_t p) {
    for (; pos_ < p && pos_ < t_.size(); ++pos_) {
      if (t_[pos_] == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      }
    }
  }
  void skip_past(std::string_view end) {
    const std::size_t e = t_.find(end, pos_);
    advance_to(e == std::string::npos ? t_.size() : e + end.size());
  }
  void skip_doctype() {
    const std::size_t bracket = t_.find_first_of("[>", pos_);
    if (bracket != std::string::npos && t_[bracket] == '[') {
      advance_to(bracket);
      skip_past("]");
    }
    skip_past(">");
  }
  void end_tag() {
    skip_past(">");
    if (!stack_.empty()) stack_.pop_back();
  }
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

  void start_tag() {
    const int line = line_, column = static_cast<int>(pos_ - line_start_) + 1;
    advance_to(pos_ + 1);
    std::size_t e = pos_;
    while (e < t_.size() && !is_space(t_[e]) && t_[e] != '/' && t_[e] != '>') ++e;
    Element el{t_.substr(pos_, e - pos_)};
    advance_to(e);
    std::string id, source, target;
    bool empty = false;
    while (pos_ < t_.size()) {
      while (pos_ < t_.size() && is_space(t_[pos_])) advance_to(pos_ + 1);
      if (pos_ >= t_.size()) break;
      if (t_[pos_] == '>') { advance_to(pos_ + 1); break; }
      if (t_[pos_] == '/') { empty = true; advance_to(pos_ + 1); continue; }
      std::size_t eq = t_.find('=', pos_);
      if (eq == std::string::npos) { advance_to(t_.size()); break; }
      std::string name = t_.substr(pos_, eq - pos_);
      while (!name.empty() && is_space(name.back())) name.pop_back();
      std::size_t q = eq + 1;
      while (q < t_.size() && is_space(t_[q])) ++q;
      if (q >= t_.size() || (t_[q] != '"' && t_[q] != '\'')) { advance_to(q); continue; }
      const std::size_t close = t_.find(t_[q], q + 1);
      if (close == std::string::npos) { advance_to(t_.size()); break; }
      std::string value = decode(std::string_view(t_).substr(q + 1, close - q - 1));
      advance_to(close + 1);
      if (name == "id") id = std::move(value);
      else if (name == "source") source = std::move(value);
      else if (name == "target") target = std::move(value);
    }
    Element* parent = stack_.empty() ? nullptr : &stack_.back();
    if (el.name == "graph" && parent) {
      const bool first_top = stack_.size() == 1 && parent->name == "graphml" && parent->graphs == 0;
      el.read_graph = first_top || parent->read_graph;
      ++parent->graphs;
    }
    if (parent && parent->read_graph) {
      if (el.name == "node") declared.insert(id);
      if (el.name == "edge") edges.push_back({source, target, line, column});
    }
    if (!empty) stack_.push_back(std::move(el));
  }

  const std::string& t_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
  std::vector<Element> stack_;
};

std::string shown(const std::string& id) {
  return id.size() <= 60 ? id : id.substr(0, 60) + "...";
}

}  // namespace

void check_graphml_edge_ends(const std::string& text, const std::string& path, std::size_t nodes) {
  Scanner s(text);
  s.run();
  if (nodes <= s.declared.size()) return;
  for (const Edge& e : s.edges) {
    for (const std::string* end : {&e.source, &e.target}) {
      if (s.declared.count(*end)) continue;
      throw InputError(SourceLocation{path, e.line, e.column}, "",
                       fmt::format("invalid GraphML: edge names node '{}' that no <node> declares",
                                   shown(*end)));
    }
  }
  throw InputError(SourceLocation{path, 0, 0}, "",
                   "invalid GraphML: an edge names a node that no <node> declares");
}

}  // namespace govsim::sim
