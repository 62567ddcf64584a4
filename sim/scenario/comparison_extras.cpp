// File: sim/scenario/comparison_extras.cpp
//
// The `hypotheses:` and `robust:` keys of a comparison file, read with the YAML toolkit
// (sim/yaml), so that their errors read like every other key's.
#include "sim/scenario/comparison_extras.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "sim/yaml/parse.hpp"
#include "sim/yaml/read.hpp"

namespace govsim::sim {

namespace {

std::string arm_of(const yaml::Node& entry, const char* k, const std::string& key,
                   const std::vector<std::string>& arms) {
  const yaml::Node& n = yaml::need(entry, key, k);
  const std::string a = yaml::read_text(n, key + "." + k, "an arm name");
  if (std::find(arms.begin(), arms.end(), a) == arms.end())
    yaml::fail(n.loc, key + "." + k, yaml::unknown_name("arm", a, arms, "arms of the comparison"));
  return a;
}

HypothesisDef read_hypothesis(const yaml::Node& e, const std::string& key,
                              const std::vector<std::string>& arms) {
  yaml::require_map(e, key);
  yaml::check_keys(e, key, {"name", "arm", "beats", "outcome", "by"});
  HypothesisDef h;
  const yaml::Node& name = yaml::need(e, key, "name");
  h.name = yaml::read_text(name, key + ".name", "a name");
  const bool ok = std::all_of(h.name.begin(), h.name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
  if (!ok)
    yaml::fail(name.loc, key + ".name",
               fmt::format("invalid name '{}' (use letters, digits, '_', '.' and '-')", h.name));
  h.arm = arm_of(e, "arm", key, arms);
  h.beats = arm_of(e, "beats", key, arms);
  if (h.arm == h.beats) yaml::fail(e.find("beats")->loc, key + ".beats", "an arm cannot beat itself");
  h.outcome = yaml::read_text(yaml::need(e, key, "outcome"), key + ".outcome", "a final value's name");
  if (const yaml::Node* by = e.find("by"))
    h.by = yaml::read_real(*by, yaml::real_field("by", 0.0, HUGE_VAL), key + ".by");
  h.where = fmt::format("{}:{}:{}", yaml::display_file(e.loc), e.loc.line, e.loc.column);
  return h;
}

}  // namespace

ComparisonExtras load_comparison_extras(const std::string& path,
                                        const std::vector<std::string>& arm_names) {
  const yaml::Node root = yaml::load_file(path, "comparison file");
  ComparisonExtras x;
  if (const yaml::Node* hs = root.find("hypotheses")) {
    yaml::require_sequence(*hs, "hypotheses", "hypotheses");
    for (std::size_t i = 0; i < hs->items.size(); ++i) {
      const std::string key = fmt::format("hypotheses.{}", i);
      HypothesisDef h = read_hypothesis(hs->items[i], key, arm_names);
      for (const auto& o : x.hypotheses)
        if (o.name == h.name)
          yaml::fail(hs->items[i].find("name")->loc, key + ".name",
                     fmt::format("duplicate hypothesis name '{}' (first at {})", h.name, o.where));
      x.hypotheses.push_back(std::move(h));
    }
  }
  if (const yaml::Node* r = root.find("robust")) {
    yaml::require_map(*r, "robust");
    yaml::check_keys(*r, "robust", {"draws"});
    if (const yaml::Node* d = r->find("draws")) {
      x.draws = yaml::read_int(*d, yaml::integer_field("draws", 1, 100000), "robust.draws");
      x.draws_given = true;
    }
  }
  return x;
}

}  // namespace govsim::sim
