#include "sim/yaml/scalar.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "sim/yaml/node.hpp"

namespace govsim::sim::yaml {

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

namespace {

// Texts that a plain (or yaml-cpp's own choice of) style would not give back unchanged:
// control characters such as a carriage return (read back as part of a line break), and
// blanks at either end (trimmed). Double quotes with escapes keep them exactly.
bool needs_escapes(const std::string& text) {
  if (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.back() == ' ' ||
                        text.back() == '\t'))
    return true;
  for (unsigned char c : text)
    if ((c < 0x20 && c != '\t') || c == 0x7F) return true;
  return false;
}

}  // namespace

void emit_string(YAML::Emitter& out, const std::string& text) {
  // Quoted when the plain spelling would read as something else: a number, a boolean, null,
  // or (as a key) a merge key; and when it would not come back unchanged.
  if (looks_like_real(text) || looks_like_bool_or_null(text) || text == "<<" || needs_escapes(text))
    out << YAML::DoubleQuoted << text;
  else
    out << text;
}

void emit(YAML::Emitter& out, const Node& node) {
  switch (node.kind) {
    case Node::Kind::kNull:
      out << YAML::Null;
      return;
    case Node::Kind::kScalar:
      if (node.plain && !needs_escapes(node.scalar))
        out << node.scalar;
      else
        out << YAML::DoubleQuoted << node.scalar;
      return;
    case Node::Kind::kSequence: {
      bool flat = true;
      for (const auto& item : node.items) flat = flat && !item.is_map() && !item.is_sequence();
      if (flat) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : node.items) emit(out, item);
      out << YAML::EndSeq;
      return;
    }
    case Node::Kind::kMap:
      out << YAML::BeginMap;
      for (std::size_t i = 0; i < node.keys.size(); ++i) {
        // YAML allows an implicit key of at most 1024 characters: a longer one (escapes
        // included) is written as an explicit key "? KEY".
        if (node.keys[i].size() > 200) out << YAML::LongKey;
        out << YAML::Key;
        emit_string(out, node.keys[i]);
        out << YAML::Value;
        emit(out, node.items[i]);
      }
      out << YAML::EndMap;
      return;
  }
}

std::string flow_text(const Node& node) {
  if (node.is_scalar() && node.plain) return node.scalar;
  YAML::Emitter out;
  out << YAML::Flow;
  emit(out, node);
  return out.c_str();
}

}  // namespace govsim::sim::yaml
