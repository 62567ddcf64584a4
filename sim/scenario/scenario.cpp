#include "sim/scenario/scenario.hpp"

#include <charconv>

namespace govsim::sim {

void CountermeasureSpec::fail(std::string_view field, const std::string& message) const {
  const auto it = field_locs.find(field);
  const yaml::Loc& at = it == field_locs.end() ? where : it->second;
  yaml::fail(at, yaml::join_key(key, std::string(field)), message);
}

void fail_at(const Scenario* scenario, std::string_view key_path, const std::string& message) {
  if (scenario) scenario->fail(key_path, message);
  yaml::fail(yaml::Loc{}, std::string(key_path), message);
}

void Scenario::fail(std::string_view key_path, const std::string& message) const {
  const auto dot = key_path.find('.');
  const std::string_view head = key_path.substr(0, dot);
  const std::string_view rest = dot == std::string_view::npos ? std::string_view() : key_path.substr(dot + 1);
  if (head == "params" && !rest.empty()) params.fail(rest, message);
  if (head == "network") {
    if (!has_network()) yaml::fail(where, "network", message);
    if (rest.empty()) network.fail_section(message);
    network.fail(rest, message);
  }
  if (head == "countermeasures" && !rest.empty()) {
    const auto dot2 = rest.find('.');
    const std::string_view index = rest.substr(0, dot2);
    std::size_t i = 0;
    const auto r = std::from_chars(index.data(), index.data() + index.size(), i);
    if (r.ec == std::errc() && r.ptr == index.data() + index.size() && i < countermeasures.size())
      countermeasures[i].fail(dot2 == std::string_view::npos ? std::string_view() : rest.substr(dot2 + 1),
                              message);
  }
  yaml::fail(where, std::string(key_path), message);
}

}  // namespace govsim::sim
