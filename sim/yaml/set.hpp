// File: sim/yaml/set.hpp
//
// Changing a tree after it was read: `--set path.to.key=value` arguments and in-file override
// maps (a comparison arm's `set:`, a sweep's `set:` and design points), and `extends:` merges
// (sim/yaml/yaml.hpp is the manual). One rule for every file kind:
//   - the path is split at its dots; at each map the longest run of segments that names an
//     existing key is taken (so keys that are themselves paths, like a sweep's
//     `params.theta_mu:`, can be reached); a segment naming no key adds it (a missing map on
//     the way is created, a null on the way becomes a map);
//   - under a map named in SetRules::path_maps, a new key takes all the remaining segments
//     (except a trailing one named in SetRules::fields): `sweep.design.parameters.params.x.from`;
//   - sequence items are addressed by index (`countermeasures.0.intensity`);
//   - the value replaces what was there.
// Errors: "expected path.to.key=value"; "'countermeasures' is a sequence: expected an index,
// found 'x'"; "index 3 is out of range ('countermeasures' has 1 entries)"; "cannot set
// 'seed.x': 'seed' is '1', not a map".
#pragma once

#include <string>
#include <vector>

#include "sim/yaml/node.hpp"

namespace govsim::sim::yaml {

// Splits "a.b.0.c" at its dots; empty when the path is malformed (empty, or an empty segment).
std::vector<std::string> split_path(const std::string& path);
// `s` without leading and trailing blanks and tabs.
std::string trim(const std::string& s);

// One `--set` argument "path.to.key=value".
struct SetArgument {
  std::vector<std::string> path;  // the segments of path_text
  std::string path_text;          // the trimmed text before '='
  Node value;                     // the text after '=' parsed as YAML; null for "key="
  Loc key_loc;                    // where errors about the argument point ("--set 'TEXT'")
};
// Throws Error "expected path.to.key=value" when there is no '=' or the path is malformed.
SetArgument parse_set_argument(const std::string& text);

struct SetRules {
  std::vector<std::string> path_maps;  // maps whose keys are dotted paths
  std::vector<std::string> fields;     // trailing segments that stay fields of such a key
};

// Sets the node at `path` inside `root` to `value`; new keys are written at `key_loc`.
void apply_set(Node& root, const std::vector<std::string>& path, Node value, const Loc& key_loc,
               const SetRules& rules = {});

// Merges `over` into `base` (`extends:`): maps key by key, recursively; anything else is
// replaced.
void merge(Node& base, Node over);

}  // namespace govsim::sim::yaml
