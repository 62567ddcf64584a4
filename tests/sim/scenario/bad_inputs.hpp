// File: tests/sim/scenario/bad_inputs.hpp
//
// The data-driven bad-input table (style 4.4): every `*.yaml` directly in a folder (helpers in
// subfolders are not cases) starts with a line
//     # expect: <message>
// where <message> is the InputError's text after "<file name>:" when it starts with a digit
// (a line number: "3:5: error: network.typ: unknown key 'typ' (did you mean 'type'?)"), and
// the whole message otherwise (for errors located in another file, such as an extends cycle).
// Files named `compare_*.yaml` are loaded with load_comparison, the others with load_scenario.
// Each file is loaded from inside the folder, by its bare name, so messages do not depend on
// where the source tree is.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/scenario/catalog.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace govsim::sim::testing {

struct BadInputCase {
  std::string file;      // bare file name
  std::string expected;  // the full expected message ("" when the header line is missing)
};

inline std::vector<BadInputCase> bad_input_cases(const std::filesystem::path& dir) {
  std::vector<BadInputCase> cases;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().extension() != ".yaml") continue;
    BadInputCase c;
    c.file = e.path().filename().string();
    std::ifstream in(e.path());
    std::string first;
    std::getline(in, first);
    const std::string tag = "# expect: ";
    if (first.rfind(tag, 0) == 0) {
      const std::string rest = first.substr(tag.size());
      c.expected = (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') ? c.file + ":" + rest : rest;
    }
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(),
            [](const BadInputCase& a, const BadInputCase& b) { return a.file < b.file; });
  return cases;
}

// Loads one case from inside `dir`; returns the InputError's message, or a text saying that
// no InputError was thrown.
inline std::string bad_input_message(const std::filesystem::path& dir, const std::string& file,
                                     const Catalog& catalog) {
  struct Cwd {
    std::filesystem::path saved = std::filesystem::current_path();
    ~Cwd() { std::filesystem::current_path(saved); }
  } cwd;
  std::filesystem::current_path(dir);
  try {
    if (file.rfind("compare_", 0) == 0)
      (void)load_comparison(file, catalog);
    else
      (void)load_scenario(file, catalog);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}

}  // namespace govsim::sim::testing
