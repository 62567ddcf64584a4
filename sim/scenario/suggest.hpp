// File: sim/scenario/suggest.hpp
//
// "Did you mean" suggestions for unknown names (keys, models, countermeasures, network types,
// command-line options): the nearest candidate by Damerau-Levenshtein distance (optimal string
// alignment: insertions, deletions, substitutions and swaps of two adjacent characters each
// cost 1), offered only when the distance is at most max(2, length of the unknown name / 3).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace govsim::sim {

// Optimal-string-alignment distance between a and b (case-sensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `name` ("" when none is close enough). Ties go to the earlier
// candidate.
std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" when no candidate is close enough.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace govsim::sim
