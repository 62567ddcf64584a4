#include "sim/yaml/set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <utility>

#include "sim/yaml/parse.hpp"
#include "sim/yaml/scalar.hpp"

namespace govsim::sim::yaml {

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
  const SourcePtr src = std::make_shared<const Source>(Source{{}, {}, text});
  SetArgument a;
  a.key_loc = Loc{src, 0, 0};
  const std::size_t eq = text.find('=');
  if (eq != std::string::npos) {
    a.path_text = trim(text.substr(0, eq));
    a.path = split_path(a.path_text);
  }
  if (a.path.empty()) fail(a.key_loc, "", "expected path.to.key=value");
  std::optional<Node> v = parse(text.substr(eq + 1), src);
  a.value = v ? std::move(*v) : Node::make_null(a.key_loc);  // "key=" gives null
  return a;
}

namespace {

std::string joined(const std::vector<std::string>& segs, std::size_t from, std::size_t count) {
  std::string out;
  for (std::size_t k = from; k < from + count; ++k) out += (k > from ? "." : "") + segs[k];
  return out;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// How many segments from `i` name the key to take in map `m` (see the header).
std::size_t segments_of_key(const Node& m, const std::vector<std::string>& segs, std::size_t i,
                            const std::string& parent_key, const SetRules& rules) {
  for (std::size_t n = segs.size() - i; n >= 1; --n)
    if (m.find(joined(segs, i, n))) return n;
  if (!contains(rules.path_maps, parent_key)) return 1;
  std::size_t take = segs.size() - i;
  if (take > 1 && contains(rules.fields, segs.back())) --take;
  return take;
}

}  // namespace

void apply_set(Node& root, const std::vector<std::string>& path, Node value, const Loc& key_loc,
               const SetRules& rules) {
  Node* cur = &root;
  std::string done;
  std::string parent_key;
  std::size_t i = 0;
  while (i < path.size()) {
    if (cur->is_null()) *cur = Node::make_map(cur->loc);
    if (cur->is_sequence()) {
      const std::string& seg = path[i];
      int64_t index = -1;
      if (!parse_int(seg, index) || index < 0)
        fail(key_loc, done,
             fmt::format("'{}' is a sequence: expected an index, found {}", done, quote(seg)));
      if (static_cast<std::size_t>(index) >= cur->items.size())
        fail(key_loc, done,
             fmt::format("index {} is out of range ('{}' has {} entries)", index, done,
                         cur->items.size()));
      Node& item = cur->items[static_cast<std::size_t>(index)];
      if (++i == path.size()) {
        item = std::move(value);
        return;
      }
      cur = &item;
      parent_key = seg;
      done = join_key(done, seg);
      continue;
    }
    if (!cur->is_map())
      fail(key_loc, done,
           fmt::format("cannot set '{}': '{}' is {}, not a map", join_key(done, path[i]), done,
                       describe(*cur)));
    const std::size_t take = segments_of_key(*cur, path, i, parent_key, rules);
    const std::string key = joined(path, i, take);
    i += take;
    if (i == path.size()) {
      cur->set(key, key_loc, std::move(value));
      return;
    }
    if (!cur->find(key)) cur->set(key, key_loc, Node::make_map(key_loc));
    cur = cur->find(key);
    parent_key = key;
    done = join_key(done, key);
  }
}

void merge(Node& base, Node over) {
  if (!base.is_map() || !over.is_map()) {
    base = std::move(over);
    return;
  }
  for (std::size_t i = 0; i < over.keys.size(); ++i) {
    Node* b = base.find(over.keys[i]);
    if (b && b->is_map() && over.items[i].is_map()) {
      merge(*b, std::move(over.items[i]));
      base.key_locs[static_cast<std::size_t>(base.index_of(over.keys[i]))] = over.key_locs[i];
    } else {
      base.set(over.keys[i], over.key_locs[i], std::move(over.items[i]));
    }
  }
  base.loc = over.loc;
}

}  // namespace govsim::sim::yaml
