// File: sim/yaml/scalar.hpp
//
// Plain-scalar spelling (YAML 1.2 core schema) and writing values back as YAML, for the
// toolkit's typed readers and for the resolved YAML that results files store.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace YAML {
class Emitter;
}

namespace govsim::sim::yaml {

struct Node;

bool looks_like_int(std::string_view s);
bool looks_like_real(std::string_view s);  // includes integers, .inf, -.inf, .nan
bool looks_like_bool_or_null(std::string_view s);

// Parses a plain scalar that looks_like_real (`.inf`, `.nan` give infinity and NaN). Returns
// false when the text is not a real number or out of the range of double.
bool parse_real(std::string_view s, double& out);
// Parses a plain scalar that looks_like_int. Returns false when out of the range of int64.
bool parse_int(std::string_view s, int64_t& out);

// Shortest text that reads back as exactly `x`, always with a '.' or an exponent ("1.0",
// "0.1", "1e+20").
std::string format_real(double x);

// Writes a node back; quoted scalars stay quoted.
void emit(YAML::Emitter& out, const Node& node);
// Writes a string so that it reads back as the same string (quoted when it would otherwise
// read as a number, a boolean, null or, as a key, a merge key '<<').
void emit_string(YAML::Emitter& out, const std::string& text);
// A node as one line of YAML ("0.5", "fractional", "\"0.5\"", "[0.2, 0.3]"): the text a
// `--set path=TEXT` would need to give the same value.
std::string flow_text(const Node& node);

}  // namespace govsim::sim::yaml
