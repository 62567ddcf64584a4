// The same mistake gives the same message in a scenario, a comparison and a sweep (one YAML
// toolkit reads them all): tests/data/same_mistake/<mistake>/{scenario,compare,sweep}.yaml,
// each with its expected message in its first line (tests/data/same_mistake/README.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "sim/core/error.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/sweep/sweep_plan.hpp"
#include "toy_catalog.hpp"

namespace govsim::sim::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(GOVSIM_SOURCE_DIR) / "tests/data/same_mistake";

std::string first_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  return line;
}

// The message of loading `file` (scenario.yaml, compare.yaml or sweep.yaml) from inside `dir`.
std::string load_message(const fs::path& dir, const std::string& file, const Catalog& catalog) {
  struct Cwd {
    fs::path saved = fs::current_path();
    ~Cwd() { fs::current_path(saved); }
  } cwd;
  fs::current_path(dir);
  try {
    if (file == "compare.yaml") (void)load_comparison(file, catalog);
    else if (file == "sweep.yaml") (void)sweep::load_sweep(file, catalog);
    else (void)load_scenario(file, catalog);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}

// "f.yaml:3:22: error: params.theta_mu: expected ..." -> "expected ...".
std::string after_key(const std::string& message) {
  const auto e = message.find("error: ");
  if (e == std::string::npos) return message;
  const auto colon = message.find(": ", e + 7);
  return colon == std::string::npos ? message : message.substr(colon + 2);
}

TEST(SameMistake, ReadsTheSameInEveryFileKind) {
  const Catalog catalog = toy_catalog();
  std::size_t cases = 0;
  for (const auto& entry : fs::directory_iterator(kDir)) {
    if (!entry.is_directory()) continue;
    ++cases;
    const fs::path dir = entry.path();
    SCOPED_TRACE(dir.filename().string());
    std::map<std::string, std::string> text;
    for (const std::string file : {"scenario.yaml", "compare.yaml", "sweep.yaml"}) {
      SCOPED_TRACE(file);
      const std::string tag = "# expect: ";
      const std::string head = first_line(dir / file);
      ASSERT_EQ(head.rfind(tag, 0), 0u) << file << " lacks its '# expect: ' first line";
      const std::string message = load_message(dir, file, catalog);
      EXPECT_EQ(message, file + ":" + head.substr(tag.size()));
      text[file] = after_key(message);
    }
    EXPECT_EQ(text["scenario.yaml"], text["compare.yaml"]);
    EXPECT_EQ(text["scenario.yaml"], text["sweep.yaml"]);
  }
  EXPECT_GE(cases, 12u);
}

}  // namespace
}  // namespace govsim::sim::testing
