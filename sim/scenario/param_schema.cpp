#include "sim/scenario/param_schema.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace govsim::sim {

std::string_view to_string(ParamType type) {
  switch (type) {
    case ParamType::kReal: return "real";
    case ParamType::kInt: return "integer";
    case ParamType::kBool: return "boolean";
    case ParamType::kString: return "string";
    case ParamType::kRealList: return "list of reals";
  }
  return "?";
}

namespace {

std::string fmt_num(double x) {
  if (std::isnan(x)) return ".nan";
  if (std::isinf(x)) return x > 0 ? ".inf" : "-.inf";
  return fmt::format("{}", x);
}

}  // namespace

std::string format_value(const ParamValue& value) {
  struct Visitor {
    std::string operator()(double x) const { return fmt_num(x); }
    std::string operator()(int64_t x) const { return fmt::format("{}", x); }
    std::string operator()(bool x) const { return x ? "true" : "false"; }
    std::string operator()(const std::string& x) const { return x; }
    std::string operator()(const std::vector<double>& x) const {
      std::string out = "[";
      for (std::size_t i = 0; i < x.size(); ++i) out += (i ? ", " : "") + fmt_num(x[i]);
      return out + "]";
    }
  };
  return std::visit(Visitor{}, value);
}

std::string ParamDef::domain_text() const {
  if (type == ParamType::kBool) return "true|false";
  if (type == ParamType::kString) {
    if (choices.empty()) return is_path ? "path" : "text";
    std::string out = "{";
    for (std::size_t i = 0; i < choices.size(); ++i) out += (i ? ", " : "") + choices[i];
    return out + "}";
  }
  std::string base;
  // An integer bound at the int64 limits (integer(..., INT64_MAX, ...)) means "no bound".
  constexpr double kInt64Limit = 9223372036854775807.0;  // 2^63 as a double
  const bool int_type = type == ParamType::kInt;
  const bool has_lo = std::isfinite(lo) && !(int_type && lo <= -kInt64Limit);
  const bool has_hi = std::isfinite(hi) && !(int_type && hi >= kInt64Limit);
  if (has_lo && has_hi) {
    base = fmt::format("{}{}, {}{}", lo_open ? "(" : "[", fmt_num(lo), fmt_num(hi), hi_open ? ")" : "]");
  } else if (has_lo) {
    base = fmt::format("{} {}", lo_open ? ">" : ">=", fmt_num(lo));
  } else if (has_hi) {
    base = fmt::format("{} {}", hi_open ? "<" : "<=", fmt_num(hi));
  } else {
    base = "any";
  }
  if (type == ParamType::kRealList) {
    std::string out = simplex ? "simplex" : "each " + base;
    if (list_size) out += fmt::format(" ({} entries)", list_size);
    return out;
  }
  return base;
}

std::string ParamDef::typical_text() const {
  if (!has_typical()) return "-";
  return fmt::format("{}-{}", fmt_num(typical_lo), fmt_num(typical_hi));
}

ParamSchema& ParamSchema::add(ParamDef def) {
  if (index_.count(def.name)) throw std::logic_error("duplicate parameter definition: " + def.name);
  index_.emplace(def.name, defs_.size());
  defs_.push_back(std::move(def));
  return *this;
}

ParamSchema& ParamSchema::real(std::string name, double def, double lo, double hi,
                               std::string unit, std::string doc, double typ_lo, double typ_hi,
                               std::string basis) {
  ParamDef d;
  d.name = std::move(name);
  d.type = ParamType::kReal;
  d.default_value = def;
  d.lo = lo;
  d.hi = hi;
  d.typical_lo = typ_lo;
  d.typical_hi = typ_hi;
  d.unit = std::move(unit);
  d.doc = std::move(doc);
  d.basis = std::move(basis);
  return add(std::move(d));
}

ParamSchema& ParamSchema::integer(std::string name, int64_t def, int64_t lo, int64_t hi,
                                  std::string unit, std::string doc, double typ_lo,
                                  double typ_hi, std::string basis) {
  ParamDef d;
  d.name = std::move(name);
  d.type = ParamType::kInt;
  d.default_value = def;
  d.lo = static_cast<double>(lo);
  d.hi = static_cast<double>(hi);
  d.typical_lo = typ_lo;
  d.typical_hi = typ_hi;
  d.unit = std::move(unit);
  d.doc = std::move(doc);
  d.basis = std::move(basis);
  return add(std::move(d));
}

ParamSchema& ParamSchema::boolean(std::string name, bool def, std::string doc) {
  ParamDef d;
  d.name = std::move(name);
  d.type = ParamType::kBool;
  d.default_value = def;
  d.doc = std::move(doc);
  return add(std::move(d));
}

ParamSchema& ParamSchema::choice(std::string name, std::string def,
                                 std::vector<std::string> choices, std::string doc) {
  ParamDef d;
  d.name = std::move(name);
  d.type = ParamType::kString;
  d.default_value = std::move(def);
  d.choices = std::move(choices);
  d.doc = std::move(doc);
  return add(std::move(d));
}

ParamSchema& ParamSchema::string(std::string name, std::string def, std::string doc) {
  ParamDef d;
  d.name = std::move(name);
  d.type = ParamType::kString;
  d.default_value = std::move(def);
  d.doc = std::move(doc);
  return add(std::move(d));
}

ParamSchema& ParamSchema::list(std::string name, std::vector<double> def, double lo, double hi,
                               std::size_t size, bool simplex, std::string unit, std::string doc,
                               std::string basis) {
  ParamDef d;
  d.name = std::move(name);
  d.type = ParamType::kRealList;
  d.default_value = std::move(def);
  d.lo = lo;
  d.hi = hi;
  d.list_size = size;
  d.simplex = simplex;
  d.unit = std::move(unit);
  d.doc = std::move(doc);
  d.basis = std::move(basis);
  return add(std::move(d));
}

const ParamDef* ParamSchema::find(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &defs_[it->second];
}

std::vector<std::string> ParamSchema::names() const {
  std::vector<std::string> out;
  out.reserve(defs_.size());
  for (const auto& d : defs_) out.push_back(d.name);
  return out;
}

namespace {

std::string check_number(const ParamDef& def, double x) {
  if (!std::isfinite(x)) return fmt::format("{} is not a finite number", fmt_num(x));
  const bool below = def.lo_open ? !(x > def.lo) : x < def.lo;
  const bool above = def.hi_open ? !(x < def.hi) : x > def.hi;
  if (below || above)
    return fmt::format("value {} is outside the domain {}", fmt_num(x), def.domain_text());
  return {};
}

}  // namespace

std::string ParamSchema::check(const ParamDef& def, const ParamValue& value) {
  switch (def.type) {
    case ParamType::kReal: {
      const double* x = std::get_if<double>(&value);
      if (!x) return "expected a real number";
      return check_number(def, *x);
    }
    case ParamType::kInt: {
      const int64_t* x = std::get_if<int64_t>(&value);
      if (!x) return "expected an integer";
      return check_number(def, static_cast<double>(*x));
    }
    case ParamType::kBool:
      return std::holds_alternative<bool>(value) ? std::string() : "expected true or false";
    case ParamType::kString: {
      const std::string* s = std::get_if<std::string>(&value);
      if (!s) return "expected a string";
      if (!def.choices.empty()) {
        for (const auto& c : def.choices)
          if (c == *s) return {};
        return fmt::format("'{}' is not one of {}", *s, def.domain_text());
      }
      return {};
    }
    case ParamType::kRealList: {
      const auto* v = std::get_if<std::vector<double>>(&value);
      if (!v) return "expected a list of real numbers";
      if (v->empty()) return "expected a non-empty list";
      if (def.list_size && v->size() != def.list_size)
        return fmt::format("expected {} entries, found {}", def.list_size, v->size());
      double sum = 0.0;
      for (std::size_t i = 0; i < v->size(); ++i) {
        const double x = (*v)[i];
        if (!std::isfinite(x)) return fmt::format("entry {} is not a finite number", i);
        if (def.simplex) {
          if (x < 0.0) return fmt::format("entry {} is negative ({}); shares must be >= 0", i, fmt_num(x));
        } else if (auto e = check_number(def, x); !e.empty()) {
          return fmt::format("entry {}: {}", i, e);
        }
        sum += x;
      }
      if (def.simplex && std::abs(sum - 1.0) > 1e-6)
        return fmt::format("shares must sum to 1 (they sum to {})", fmt_num(sum));
      return {};
    }
  }
  return "unknown parameter type";
}

bool ParamSchema::outside_typical(const ParamDef& def, const ParamValue& value) {
  if (!def.has_typical()) return false;
  auto out = [&](double x) { return x < def.typical_lo || x > def.typical_hi; };
  if (const double* x = std::get_if<double>(&value)) return out(*x);
  if (const int64_t* x = std::get_if<int64_t>(&value)) return out(static_cast<double>(*x));
  if (const auto* v = std::get_if<std::vector<double>>(&value)) {
    for (double x : *v)
      if (out(x)) return true;
  }
  return false;
}

ParamSet::ParamSet(const ParamSchema& schema) {
  for (const auto& d : schema.defs()) values_.emplace(d.name, d.default_value);
}

const ParamValue& ParamSet::get(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw std::logic_error("undeclared parameter: " + std::string(name));
  return it->second;
}

template <class T>
static const T& typed(const ParamSet& set, std::string_view name) {
  const T* v = std::get_if<T>(&set.get(name));
  if (!v) throw std::logic_error("parameter has another type: " + std::string(name));
  return *v;
}

double ParamSet::real(std::string_view name) const { return typed<double>(*this, name); }
int64_t ParamSet::integer(std::string_view name) const { return typed<int64_t>(*this, name); }
bool ParamSet::boolean(std::string_view name) const { return typed<bool>(*this, name); }
const std::string& ParamSet::str(std::string_view name) const {
  return typed<std::string>(*this, name);
}
const std::vector<double>& ParamSet::list(std::string_view name) const {
  return typed<std::vector<double>>(*this, name);
}
double ParamSet::number(std::string_view name) const {
  const ParamValue& v = get(name);
  if (const int64_t* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  return typed<double>(*this, name);
}
bool ParamSet::has(std::string_view name) const { return values_.find(name) != values_.end(); }
void ParamSet::set(const std::string& name, ParamValue value) {
  values_.insert_or_assign(name, std::move(value));
}

void ParamSet::set_section(std::string key, yaml::Loc where) {
  section_ = std::move(key);
  section_loc_ = std::move(where);
}
void ParamSet::set_loc(const std::string& name, yaml::Loc where) {
  locs_.insert_or_assign(name, std::move(where));
}
const yaml::Loc& ParamSet::loc(std::string_view name) const {
  auto it = locs_.find(name);
  return it == locs_.end() ? section_loc_ : it->second;
}
std::string ParamSet::key_of(std::string_view name) const {
  return section_.empty() ? std::string(name) : section_ + "." + std::string(name);
}
void ParamSet::fail(std::string_view name, const std::string& message) const {
  yaml::fail(loc(name), key_of(name), message);
}
void ParamSet::fail_section(const std::string& message) const {
  yaml::fail(section_loc_, section_, message);
}

}  // namespace govsim::sim
