// File: sim/yaml/read.hpp
//
// Reading a Node tree into typed values, with one message per mistake whatever the file
// (sim/yaml/yaml.hpp is the manual). Every function names the key path it reads (`key`,
// "sweep.design.n") and throws yaml::Error at the node's location:
//   "expected a map, found a sequence", "expected a real number, found 'abc'",
//   "expected an integer, found '1.5'", "expected true or false, found 'yes'",
//   ".nan is not a finite number", "1e999 is out of the range of a real number",
//   "value 0 is outside the domain [1, 100000]", "missing required key 'base'",
//   "unknown key 'replicate' (did you mean 'replicates'?)".
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/param_schema.hpp"
#include "sim/yaml/node.hpp"

namespace govsim::sim::yaml {

// ---- shape -----------------------------------------------------------------------------------

// `n` itself when it is a map; else "expected a map, found <describe(n)>".
const Node& require_map(const Node& n, const std::string& key);
// `n` when it is a sequence; else "expected a sequence[ of <of>], found ...".
const Node& require_sequence(const Node& n, const std::string& key, std::string_view of = {});
// The value of `name` in `map` (read at path `key`); else, at the map, "missing required key
// 'name'" followed by " (<hint>)" when a hint is given.
const Node& need(const Node& map, const std::string& key, std::string_view name,
                 std::string_view hint = {});

// ---- names -----------------------------------------------------------------------------------

// "unknown <what> 'name'" followed by the nearest candidate ("(did you mean 'x'?)"), else by
// the list of candidates when there are at most 12 ("(<list_label>: a, b, c)"), else by
// "(<when_empty>)" when there are none. `context` follows the name ("... for model 'toy'").
std::string unknown_name(std::string_view what, std::string_view name,
                         const std::vector<std::string>& candidates,
                         std::string_view list_label = "valid keys",
                         std::string_view when_empty = {}, std::string_view context = {});

// Every key of `map` must be in `allowed`: else "unknown key 'x' (did you mean 'y'?)" at the
// key.
void check_keys(const Node& map, const std::string& key, const std::vector<std::string>& allowed,
                std::string_view when_empty = {});

// ---- typed scalars ---------------------------------------------------------------------------

double read_real(const Node& n, const std::string& key);    // plain, finite
int64_t read_int(const Node& n, const std::string& key);    // plain, fits int64
bool read_bool(const Node& n, const std::string& key);      // plain true / false
std::string read_string(const Node& n, const std::string& key);  // any scalar
// A non-empty string: else "expected <what>, found ''" ("a file path", "a name").
std::string read_text(const Node& n, const std::string& key, std::string_view what);

// A value of `def`'s type, checked against its hard domain (and choices, with "did you mean");
// a value outside the typical range is accepted and noted in `warnings` when given
// ("params.theta_mu = 0.9 is outside its typical range 0.3-0.7").
ParamValue read_value(const Node& n, const ParamDef& def, const std::string& key,
                      std::vector<std::string>* warnings = nullptr);
int64_t read_int(const Node& n, const ParamDef& def, const std::string& key);
double read_real(const Node& n, const ParamDef& def, const std::string& key);

// One integer or real field with a hard domain (for read_value and the typed readers above):
// integer_field("levels", 2, 1000) reads "value 1 is outside the domain [2, 1000]".
ParamDef integer_field(std::string name, int64_t lo,
                       int64_t hi = std::numeric_limits<int64_t>::max());
ParamDef real_field(std::string name, double lo, double hi);

// ---- schema-driven maps ----------------------------------------------------------------------

struct FieldOptions {
  // Keys the caller reads itself (sub-maps, lists): allowed, not read.
  std::vector<std::string> sections;
  // Said after "unknown key 'x'" when the schema has no fields at all.
  std::string when_empty;
  // Typical-range warnings go here when given.
  std::vector<std::string>* warnings = nullptr;
};

// Reads every field of `schema` from `map` (at path `key`) into a ParamSet (its section: `key`
// at the map's location): checks each key
// (an unknown key names the nearest field), reads each value with read_value(), fills the
// defaults, refuses a missing required field ("missing required key 'x'") and makes is_path
// values absolute against the directory of the file that set them. The ParamSet keeps where
// each value was written, so that later rules can point at it (ParamSet::fail).
ParamSet read_fields(const Node& map, const std::string& key, const ParamSchema& schema,
                     const FieldOptions& options = {});

// Fills `out` (defaults already in it, section set by the caller) with the values `map`
// gives, by the rules of read_fields. The key `skip` is allowed and left to the caller.
void read_fields_into(const Node& map, const std::string& key, const ParamSchema& schema,
                      ParamSet& out, const FieldOptions& options = {},
                      std::string_view skip = {});

}  // namespace govsim::sim::yaml
