// File: sim/scenario/param_schema.hpp
//
// Typed parameters. A ParamSchema lists every parameter a component (the engine, a network
// generator, a model, a countermeasure) accepts: name, type, default, hard domain, typical range,
// unit and meaning. A ParamSet holds one value for every parameter of a schema; models read
// typed values from it and never see YAML.
//
// Hard domain: a value outside it is an input error. Typical range: a value outside it is
// accepted with a warning, and it is the default range of a sweep over the parameter.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/yaml/node.hpp"

namespace govsim::sim {

enum class ParamType { kReal, kInt, kBool, kString, kRealList };

std::string_view to_string(ParamType type);

using ParamValue = std::variant<double, int64_t, bool, std::string, std::vector<double>>;

// Renders a value the way YAML would spell it ("0.3", "12", "true", "[0.25, 0.3]").
std::string format_value(const ParamValue& value);

struct ParamDef {
  std::string name;
  ParamType type = ParamType::kReal;
  ParamValue default_value = 0.0;
  // Hard domain (applies to kReal, kInt and to each entry of kRealList).
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;  // true: lo itself is excluded
  bool hi_open = false;
  // Typical range for sweeps; NaN = none given.
  double typical_lo = std::numeric_limits<double>::quiet_NaN();
  double typical_hi = std::numeric_limits<double>::quiet_NaN();
  std::string unit;   // "h/week", "1/week", "steps", "share", "" (dimensionless)
  std::string doc;    // one-sentence meaning
  std::string basis;  // where the default comes from ("[A]", "[V] Ningde", "cal", ...)
  std::vector<std::string> choices;  // kString: allowed values (empty = any string)
  std::size_t list_size = 0;         // kRealList: required length (0 = any, at least 1)
  bool simplex = false;              // kRealList: entries >= 0 summing to 1 (tolerance 1e-6)
  bool required = false;             // must be given (no default)
  bool is_path = false;              // kString: a file path, resolved by the loader relative to
                                     // the file that sets it

  bool has_typical() const { return typical_lo == typical_lo && typical_hi == typical_hi; }
  // "[0, 1]", "(0, 1]", ">= 1", "any", "{a, b}"
  std::string domain_text() const;
  std::string typical_text() const;
};

class ParamSchema {
 public:
  ParamSchema() = default;
  explicit ParamSchema(std::string component) : component_(std::move(component)) {}

  // Adds a definition; a duplicate name is a programming error (throws std::logic_error).
  ParamSchema& add(ParamDef def);

  // Shorthands for the common cases.
  ParamSchema& real(std::string name, double def, double lo, double hi, std::string unit,
                    std::string doc, double typ_lo = std::numeric_limits<double>::quiet_NaN(),
                    double typ_hi = std::numeric_limits<double>::quiet_NaN(),
                    std::string basis = {});
  ParamSchema& integer(std::string name, int64_t def, int64_t lo, int64_t hi, std::string unit,
                       std::string doc, double typ_lo = std::numeric_limits<double>::quiet_NaN(),
                       double typ_hi = std::numeric_limits<double>::quiet_NaN(),
                       std::string basis = {});
  ParamSchema& boolean(std::string name, bool def, std::string doc);
  ParamSchema& choice(std::string name, std::string def, std::vector<std::string> choices,
                      std::string doc);
  ParamSchema& string(std::string name, std::string def, std::string doc);
  ParamSchema& list(std::string name, std::vector<double> def, double lo, double hi,
                    std::size_t size, bool simplex, std::string unit, std::string doc,
                    std::string basis = {});

  const ParamDef* find(std::string_view name) const;
  const std::vector<ParamDef>& defs() const { return defs_; }
  const std::string& component() const { return component_; }
  std::vector<std::string> names() const;

  // Checks a value against the definition; returns an error text ("" when valid). Does not
  // check the typical range.
  static std::string check(const ParamDef& def, const ParamValue& value);
  // True when a numeric value (or any list entry) is outside the typical range.
  static bool outside_typical(const ParamDef& def, const ParamValue& value);

 private:
  std::string component_;
  std::vector<ParamDef> defs_;
  std::map<std::string, std::size_t, std::less<>> index_;
};

// One value per parameter of a schema (defaults filled in). Copyable; cheap enough to copy per
// run, never read per agent.
class ParamSet {
 public:
  ParamSet() = default;
  // All defaults of `schema`.
  explicit ParamSet(const ParamSchema& schema);

  // Typed getters; reading an undeclared name or the wrong type throws std::logic_error (a
  // programming error: the schema and the model disagree).
  double real(std::string_view name) const;
  int64_t integer(std::string_view name) const;
  bool boolean(std::string_view name) const;
  const std::string& str(std::string_view name) const;
  const std::vector<double>& list(std::string_view name) const;
  // A real or an int as double.
  double number(std::string_view name) const;

  bool has(std::string_view name) const;
  const ParamValue& get(std::string_view name) const;
  // Sets a value (no validation: the loader validates before it sets).
  void set(const std::string& name, ParamValue value);

  const std::map<std::string, ParamValue, std::less<>>& values() const { return values_; }

  // ---- where the values were written, for rules checked after loading ----------------------
  // A model's rule that involves more than one key (or a key and the network) raises its
  // error here, so that it names the file, line and column like every loader error:
  //   if (p.kappa_pts > p.w_pts) params.fail("kappa_pts", "must be <= w_pts (10), got 12");
  //   -> "s.yaml:7:5: error: params.kappa_pts: must be <= w_pts (10), got 12"
  // The loader records the section (its key path, "params" or "network", and where it is: the
  // section's key, or the top of the file when the file has none) and the key of each value
  // given (after `extends:` and `--set`: the file or --set argument that set it). A value left
  // at its default points at the section. A ParamSet built in code has no locations; its
  // errors then name only the key path.
  void set_section(std::string key, yaml::Loc where);
  const std::string& section() const { return section_; }
  const yaml::Loc& section_loc() const { return section_loc_; }
  void set_loc(const std::string& name, yaml::Loc where);
  const yaml::Loc& loc(std::string_view name) const;
  // "params.theta_mu" (the name alone when the section has no key path).
  std::string key_of(std::string_view name) const;
  // Throws the InputError of a rule about `name`: at its key, "FILE:L:C: error: SECTION.NAME:
  // MESSAGE".
  [[noreturn]] void fail(std::string_view name, const std::string& message) const;
  // Same, about the section as a whole ("network: ..."): at the section's key, or at the top of
  // the file when it has no such section.
  [[noreturn]] void fail_section(const std::string& message) const;

 private:
  std::map<std::string, ParamValue, std::less<>> values_;
  std::map<std::string, yaml::Loc, std::less<>> locs_;
  std::string section_;
  yaml::Loc section_loc_;
};

}  // namespace govsim::sim
