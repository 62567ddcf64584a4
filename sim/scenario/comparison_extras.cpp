#include "sim/scenario/comparison_extras.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/scenario/suggest.hpp"
#include "sim/scenario/yaml_tree.hpp"

namespace govsim::sim {

namespace {

using detail::YamlNode;
using detail::throw_at;

std::string scalar_text(const YamlNode& n, const std::string& key) {
  if (!n.is_scalar()) throw_at(n.loc, key, "expected a string, found " + detail::describe(n));
  return n.scalar;
}

double non_negative(const YamlNode& n, const std::string& key) {
  double x = 0;
  if (!n.is_scalar() || !n.plain || !detail::parse_real(n.scalar, x))
    throw_at(n.loc, key, "expected a number, found " + detail::describe(n));
  if (!std::isfinite(x) || x < 0) throw_at(n.loc, key, fmt::format("must be a finite number >= 0, got {}", n.scalar));
  return x;
}

void check_keys(const YamlNode& map, const std::string& key, const std::vector<std::string>& allowed) {
  for (std::size_t i = 0; i < map.keys.size(); ++i)
    if (std::find(allowed.begin(), allowed.end(), map.keys[i]) == allowed.end()) {
      const std::string near = nearest_name(map.keys[i], allowed);
      throw_at(map.key_locs[i], key.empty() ? map.keys[i] : key + "." + map.keys[i],
               fmt::format("unknown key '{}'{}", map.keys[i],
                           near.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", near)));
    }
}

std::string arm_of(const YamlNode& entry, const char* k, const std::string& key,
                   const std::vector<std::string>& arms) {
  const YamlNode* n = entry.find(k);
  if (!n) throw_at(entry.loc, key, fmt::format("missing required key '{}'", k));
  const std::string a = scalar_text(*n, key + "." + k);
  if (std::find(arms.begin(), arms.end(), a) == arms.end()) {
    const std::string near = nearest_name(a, arms);
    throw_at(n->loc, key + "." + k,
             fmt::format("'{}' is not an arm of the comparison{}", a,
                         near.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", near)));
  }
  return a;
}

HypothesisDef read_hypothesis(const YamlNode& e, const std::string& key, const std::vector<std::string>& arms) {
  if (!e.is_map()) throw_at(e.loc, key, "expected a map {name, arm, beats, outcome, by}, found " + detail::describe(e));
  check_keys(e, key, {"name", "arm", "beats", "outcome", "by"});
  HypothesisDef h;
  const YamlNode* name = e.find("name");
  if (!name) throw_at(e.loc, key, "missing required key 'name'");
  h.name = scalar_text(*name, key + ".name");
  const bool ok = !h.name.empty() && std::all_of(h.name.begin(), h.name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
  if (!ok) throw_at(name->loc, key + ".name", fmt::format("invalid name '{}' (use letters, digits, '_', '.' and '-')", h.name));
  h.arm = arm_of(e, "arm", key, arms);
  h.beats = arm_of(e, "beats", key, arms);
  if (h.arm == h.beats) throw_at(e.find("beats")->loc, key + ".beats", "an arm cannot beat itself");
  const YamlNode* outcome = e.find("outcome");
  if (!outcome) throw_at(e.loc, key, "missing required key 'outcome'");
  h.outcome = scalar_text(*outcome, key + ".outcome");
  if (const YamlNode* by = e.find("by")) h.by = non_negative(*by, key + ".by");
  h.where = fmt::format("{}:{}:{}", detail::display_file(e.loc), e.loc.line, e.loc.column);
  return h;
}

}  // namespace

ComparisonExtras load_comparison_extras(const std::string& path, const std::vector<std::string>& arm_names) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  auto src = std::make_shared<detail::YamlSource>();
  src->file = path;
  src->dir = std::filesystem::path(path).parent_path().string();
  ComparisonExtras x;
  const std::optional<YamlNode> root = detail::parse_yaml(text.str(), src);
  if (!root || !root->is_map()) return x;
  if (const YamlNode* hs = root->find("hypotheses")) {
    if (!hs->is_sequence()) throw_at(hs->loc, "hypotheses", "expected a sequence of hypotheses, found " + detail::describe(*hs));
    for (std::size_t i = 0; i < hs->items.size(); ++i) {
      HypothesisDef h = read_hypothesis(hs->items[i], fmt::format("hypotheses.{}", i), arm_names);
      for (const auto& o : x.hypotheses)
        if (o.name == h.name)
          throw_at(hs->items[i].find("name")->loc, fmt::format("hypotheses.{}.name", i),
                   fmt::format("duplicate hypothesis name '{}' (first at {})", h.name, o.where));
      x.hypotheses.push_back(std::move(h));
    }
  }
  if (const YamlNode* r = root->find("robust")) {
    if (!r->is_map()) throw_at(r->loc, "robust", "expected a map, found " + detail::describe(*r));
    check_keys(*r, "robust", {"draws"});
    if (const YamlNode* d = r->find("draws")) {
      int64_t k = 0;
      if (!d->is_scalar() || !d->plain || !detail::parse_int(d->scalar, k) || k < 1 || k > 100000)
        throw_at(d->loc, "robust.draws", "expected an integer in [1, 100000], found " + detail::describe(*d));
      x.draws = k;
      x.draws_given = true;
    }
  }
  return x;
}

}  // namespace govsim::sim
