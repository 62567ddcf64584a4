// fuzz_yaml: bytes -> the YAML toolkit itself (sim/yaml/), with a node limit of 20,000 so that
// inputs reach the alias-expansion limit often. What must hold:
//   - bad input throws yaml::Error (an InputError in a documented form) and nothing else;
//   - a tree that parses holds at most the limit of nodes (aliases expanded: the count that
//     bounds the work is right);
//   - written back (yaml::emit, as the resolved comparison and sweep texts are) and read again,
//     the tree is the same: same kinds, keys and texts, and every scalar that reads as a
//     number, a boolean or null keeps its plain (or quoted) spelling, so that its meaning does
//     not change;
//   - a root map read against a small schema (yaml::read_fields) throws only yaml::Error.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/yaml/yaml.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace govsim;
namespace yaml = govsim::sim::yaml;

namespace {

constexpr std::size_t kLimit = 20'000;

std::size_t count(const yaml::Node& n) {
  std::size_t c = 1 + (n.is_map() ? n.keys.size() : 0);
  for (const auto& item : n.items) c += count(item);
  return c;
}

bool meaning_of_spelling(const yaml::Node& n) {
  return yaml::looks_like_real(n.scalar) || yaml::looks_like_bool_or_null(n.scalar);
}

// "" when a and b read the same; else where they differ.
std::string differ(const yaml::Node& a, const yaml::Node& b, const std::string& at) {
  if (a.kind != b.kind) return at + ": kind " + yaml::describe(a) + " vs " + yaml::describe(b);
  if (a.is_scalar()) {
    if (a.scalar != b.scalar) return at + ": text " + yaml::describe(a) + " vs " + yaml::describe(b);
    if (a.plain != b.plain && meaning_of_spelling(a))
      return at + ": spelling " + yaml::describe(a) + " vs " + yaml::describe(b);
  }
  if (a.keys != b.keys) return at + ": keys";
  if (a.items.size() != b.items.size()) return at + ": size";
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    const std::string d = differ(a.items[i], b.items[i], at + "." + (a.is_map() ? a.keys[i] : std::to_string(i)));
    if (!d.empty()) return d;
  }
  return {};
}

const sim::ParamSchema& schema() {
  static const sim::ParamSchema s = sim::ParamSchema("fuzz")
                                        .string("base", "", "a file")
                                        .integer("n", 1, 1, 1000, "", "a count")
                                        .real("x", 0.5, 0.0, 1.0, "", "a share", 0.1, 0.9)
                                        .boolean("flag", false, "a flag")
                                        .choice("rule", "a", {"a", "b"}, "a choice")
                                        .list("shares", {0.5, 0.5}, 0.0, 1.0, 2, true, "", "shares");
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_logs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const yaml::SourcePtr src = yaml::file_source("fuzz.yaml", "");
  fuzz::guarded([&] {
    const std::optional<yaml::Node> root = yaml::parse(text, src, kLimit);
    if (!root) return;
    const std::size_t n = count(*root);
    if (n > kLimit) fuzz::die("node limit", std::to_string(n) + " nodes parsed with a limit of " + std::to_string(kLimit));
    YAML::Emitter out;
    yaml::emit(out, *root);
    if (out.good()) {
      std::optional<yaml::Node> again;
      try {
        again = yaml::parse(out.c_str(), src, 4 * kLimit);
      } catch (const sim::InputError& e) {
        fuzz::die("a tree written back does not parse", std::string(e.what()) + "\n--- written:\n" + out.c_str());
      }
      const std::string d = again ? differ(*root, *again, "root") : "root: no document";
      if (!d.empty()) fuzz::die("a tree written back reads differently", d + "\n--- written:\n" + out.c_str());
    }
    if (root->is_map()) {
      yaml::FieldOptions options;
      options.sections = {"targets", "parameters"};
      std::vector<std::string> warnings;
      options.warnings = &warnings;
      (void)yaml::read_fields(*root, "fuzz", schema(), options);
    }
  });
  return 0;
}
