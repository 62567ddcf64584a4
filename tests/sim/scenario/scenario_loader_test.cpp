#include "sim/scenario/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "toy_catalog.hpp"

namespace govsim::sim {
namespace {

namespace fs = std::filesystem;
using testing::toy_catalog;

// A fresh temporary folder per test; files are written into it and it is the working
// directory during the test (so relative paths in messages are short and stable).
class ScenarioLoader : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("govsim_scenario_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    saved_cwd_ = fs::current_path();
    fs::current_path(dir_);
  }
  void TearDown() override {
    fs::current_path(saved_cwd_);
    fs::remove_all(dir_);
  }
  void write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::string error_of(const std::string& file, const std::vector<Override>& overrides = {}) {
    try {
      (void)load_scenario(file, catalog_, overrides);
    } catch (const InputError& e) {
      return e.what();
    }
    return "(no InputError)";
  }
  std::string compare_error_of(const std::string& file, const std::vector<Override>& overrides = {}) {
    try {
      (void)load_comparison(file, catalog_, overrides);
    } catch (const InputError& e) {
      return e.what();
    }
    return "(no InputError)";
  }

  fs::path dir_;
  fs::path saved_cwd_;
  Catalog catalog_ = toy_catalog();
};

// Everything but `file`, `resolved_yaml` and the countermeasures' source locations.
void expect_same_scenario(const Scenario& a, const Scenario& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.model, b.model);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.replicates, b.replicates);
  EXPECT_EQ(a.steps, b.steps);
  EXPECT_EQ(a.network.values(), b.network.values());
  EXPECT_EQ(a.params.values(), b.params.values());
  ASSERT_EQ(a.countermeasures.size(), b.countermeasures.size());
  for (std::size_t i = 0; i < a.countermeasures.size(); ++i) {
    EXPECT_EQ(a.countermeasures[i].type, b.countermeasures[i].type);
    EXPECT_EQ(a.countermeasures[i].intensity, b.countermeasures[i].intensity);
    EXPECT_EQ(a.countermeasures[i].start_step, b.countermeasures[i].start_step);
    EXPECT_EQ(a.countermeasures[i].phase_in, b.countermeasures[i].phase_in);
    EXPECT_EQ(a.countermeasures[i].communities, b.countermeasures[i].communities);
  }
  EXPECT_EQ(a.output.path, b.output.path);
  EXPECT_EQ(a.output.per_community, b.output.per_community);
  EXPECT_EQ(a.warnings, b.warnings);
}

TEST_F(ScenarioLoader, MinimalFileGetsDefaults) {
  write("base.yaml", "model: toy\n");
  ScenarioPtr s = load_scenario("base.yaml", catalog_);
  EXPECT_EQ(s->file, "base.yaml");
  EXPECT_EQ(s->name, "base");
  EXPECT_EQ(s->model, "toy");
  EXPECT_EQ(s->seed, 1u);
  EXPECT_EQ(s->replicates, 1u);
  EXPECT_EQ(s->steps, 52u);  // the model's default horizon
  EXPECT_FALSE(s->has_network());
  EXPECT_EQ(s->params.real("theta_mu"), 0.55);
  EXPECT_EQ(s->params.integer("n_groups"), 4);
  EXPECT_TRUE(s->params.boolean("learn"));
  EXPECT_EQ(s->params.list("shares"), (std::vector<double>{0.5, 0.3, 0.2}));
  EXPECT_TRUE(s->countermeasures.empty());
  EXPECT_EQ(s->output.path, "");
  EXPECT_TRUE(s->output.per_community);
  EXPECT_TRUE(s->warnings.empty());
}

TEST_F(ScenarioLoader, ReadsEveryKey) {
  write("nets/edges.txt", "0 1\n");
  write("nets/full.yaml",
        "model: toy\n"
        "name: full-run\n"
        "description: \"all keys\"\n"
        "seed: 42\n"
        "replicates: 7\n"
        "steps: 260\n"
        "network: {type: edge_list, file: edges.txt, directed: true}\n"
        "params:\n"
        "  theta_mu: 2\n"  // reals accept integers
        "  n_groups: 8\n"
        "  learn: false\n"
        "  rule: imitate\n"
        "  label: 2024\n"  // strings accept plain numbers
        "  shares: [0.25, 0.25, 0.5]\n"
        "countermeasures:\n"
        "  - {type: cm_b, intensity: 0.5, start_step: 10, phase_in: 4, communities: [0, 3]}\n"
        "  - type: cm_a\n"
        "output: {path: out/results.h5, per_community: false}\n");
  ScenarioPtr s = load_scenario("nets/full.yaml", catalog_);
  EXPECT_EQ(s->name, "full-run");
  EXPECT_EQ(s->description, "all keys");
  EXPECT_EQ(s->seed, 42u);
  EXPECT_EQ(s->replicates, 7u);
  EXPECT_EQ(s->steps, 260u);
  EXPECT_EQ(s->network_type(), "edge_list");
  // Relative to the file that set it, made absolute.
  EXPECT_EQ(s->network.str("file"), (dir_ / "nets/edges.txt").lexically_normal().string());
  EXPECT_TRUE(s->network.boolean("directed"));
  EXPECT_EQ(s->params.real("theta_mu"), 2.0);
  EXPECT_EQ(s->params.integer("n_groups"), 8);
  EXPECT_FALSE(s->params.boolean("learn"));
  EXPECT_EQ(s->params.str("rule"), "imitate");
  EXPECT_EQ(s->params.str("label"), "2024");
  EXPECT_EQ(s->params.real("p_act"), 0.3);  // default
  ASSERT_EQ(s->countermeasures.size(), 2u);
  EXPECT_EQ(s->countermeasures[0].type, "cm_b");
  EXPECT_EQ(s->countermeasures[0].intensity, 0.5);
  EXPECT_EQ(s->countermeasures[0].start_step, 10);
  EXPECT_EQ(s->countermeasures[0].phase_in, 4);
  EXPECT_EQ(s->countermeasures[0].communities, (std::vector<int64_t>{0, 3}));
  EXPECT_EQ(s->countermeasures[0].where.src->file, "nets/full.yaml");
  EXPECT_EQ(s->countermeasures[0].where.line, 16);
  EXPECT_EQ(s->countermeasures[1].intensity, 1.0);
  EXPECT_EQ(s->countermeasures[1].start_step, 0);
  EXPECT_TRUE(s->countermeasures[1].communities.empty());
  // The output path is relative to the working directory: kept as given.
  EXPECT_EQ(s->output.path, "out/results.h5");
  EXPECT_FALSE(s->output.per_community);
  // theta_mu = 2 is outside its typical range 0.3-0.7.
  EXPECT_EQ(s->warnings,
            (std::vector<std::string>{"params.theta_mu = 2 is outside its typical range 0.3-0.7"}));
}

TEST_F(ScenarioLoader, ResolvedYamlRoundTrips) {
  write("sub/edges.txt", "0 1\n");
  write("sub/a.yaml",
        "model: toy\n"
        "seed: 9007199254740993\n"
        "network: {type: edge_list, file: edges.txt}\n"
        "params: {theta_mu: 0.1, p_act: 0.3333333333333333, shares: [0.1, 0.2, 0.7],\n"
        "         weights: [1e-300, 6.02214076, 5], label: 'true', n_groups: 100}\n"
        "countermeasures: [{type: cm_a, intensity: 0.7, communities: [2]}]\n"
        "output: {path: r.h5}\n");
  ScenarioPtr s = load_scenario("sub/a.yaml", catalog_);
  EXPECT_EQ(s->seed, 9007199254740993u);
  EXPECT_EQ(s->params.str("label"), "true");
  // Reloaded from elsewhere (the network path is absolute), it is the same scenario.
  ScenarioPtr r = load_scenario_text(s->resolved_yaml, "resolved.yaml", "/", catalog_);
  expect_same_scenario(*s, *r);
  EXPECT_EQ(r->resolved_yaml, s->resolved_yaml);
  // Stable key order and every parameter, defaults included.
  const std::string& y = s->resolved_yaml;
  EXPECT_EQ(y.find("model:"), 0u);
  EXPECT_LT(y.find("seed:"), y.find("network:"));
  EXPECT_LT(y.find("network:"), y.find("params:"));
  EXPECT_LT(y.find("params:"), y.find("countermeasures:"));
  EXPECT_LT(y.find("countermeasures:"), y.find("output:"));
  EXPECT_NE(y.find("learn: true"), std::string::npos);
  EXPECT_NE(y.find("rule: fermi"), std::string::npos);
  EXPECT_NE(y.find("label: \"true\""), std::string::npos);
  EXPECT_NE(y.find("name: a"), std::string::npos);
}

TEST_F(ScenarioLoader, RoundTripWithoutNetworkAndWithDefaults) {
  write("m.yaml", "model: toy_nonet\nname: x\n");
  ScenarioPtr s = load_scenario("m.yaml", catalog_);
  ScenarioPtr r = load_scenario_text(s->resolved_yaml, "again.yaml", "", catalog_);
  expect_same_scenario(*s, *r);
  EXPECT_EQ(r->resolved_yaml, s->resolved_yaml);
}

TEST_F(ScenarioLoader, ExtendsMergesMapsAndReplacesListsAndScalars) {
  write("base.yaml",
        "model: toy\n"
        "name: base\n"
        "description: the baseline\n"
        "seed: 3\n"
        "replicates: 4\n"
        "network: {type: ring, n: 500, k: 6}\n"
        "params: {theta_mu: 0.4, p_act: 0.2, shares: [0.2, 0.3, 0.5]}\n"
        "countermeasures: [{type: cm_a}, {type: cm_b}]\n");
  write("arms/cm.yaml",
        "extends: ../base.yaml\n"
        "seed: 5\n"
        "network: {p: 0.2}\n"
        "params: {p_act: 0.6, shares: [0.1, 0.1, 0.8]}\n"
        "countermeasures: [{type: cm_b, intensity: 0.5}]\n");
  ScenarioPtr s = load_scenario("arms/cm.yaml", catalog_);
  EXPECT_EQ(s->name, "cm");            // not inherited: the file's stem
  EXPECT_EQ(s->description, "");       // not inherited
  EXPECT_EQ(s->seed, 5u);              // scalar replaced
  EXPECT_EQ(s->replicates, 4u);        // inherited
  EXPECT_EQ(s->network_type(), "ring");  // map merged
  EXPECT_EQ(s->network.integer("n"), 500);
  EXPECT_EQ(s->network.integer("k"), 6);
  EXPECT_EQ(s->network.real("p"), 0.2);
  EXPECT_EQ(s->params.real("theta_mu"), 0.4);  // merged
  EXPECT_EQ(s->params.real("p_act"), 0.6);
  EXPECT_EQ(s->params.list("shares"), (std::vector<double>{0.1, 0.1, 0.8}));  // list replaced
  ASSERT_EQ(s->countermeasures.size(), 1u);                                   // list replaced
  EXPECT_EQ(s->countermeasures[0].type, "cm_b");
  EXPECT_EQ(s->countermeasures[0].where.src->file, "arms/cm.yaml");
  EXPECT_EQ(s->resolved_yaml.find("extends"), std::string::npos);
}

TEST_F(ScenarioLoader, ExtendsChainOfThreeAndPathsRelativeToTheirFile) {
  write("a/net.txt", "0 1\n");
  write("a/grand.yaml", "model: toy\nnetwork: {type: edge_list, file: net.txt}\nsteps: 10\n");
  write("b/parent.yaml", "extends: ../a/grand.yaml\nsteps: 20\nparams: {n_groups: 5}\n");
  write("c/child.yaml", "extends: ../b/parent.yaml\nparams: {learn: false}\n");
  ScenarioPtr s = load_scenario("c/child.yaml", catalog_);
  EXPECT_EQ(s->steps, 20u);
  EXPECT_EQ(s->params.integer("n_groups"), 5);
  EXPECT_FALSE(s->params.boolean("learn"));
  EXPECT_EQ(s->network.str("file"), (dir_ / "a/net.txt").lexically_normal().string());
}

TEST_F(ScenarioLoader, ErrorsPointAtTheFileThatSetTheValue) {
  write("base.yaml", "model: toy\nparams:\n  theta_mu: 2.5\n");
  write("child.yaml", "extends: base.yaml\nparams: {p_act: 0.5}\n");
  EXPECT_EQ(error_of("child.yaml"),
            "base.yaml:3:13: error: params.theta_mu: value 2.5 is outside the domain [0, 2]");
  write("child2.yaml", "extends: base.yaml\nparams: {theta_mu: 2.75}\n");
  EXPECT_EQ(error_of("child2.yaml"),
            "child2.yaml:2:20: error: params.theta_mu: value 2.75 is outside the domain [0, 2]");
}

TEST_F(ScenarioLoader, ExtendsCycleNamesTheChain) {
  write("a.yaml", "extends: b.yaml\nmodel: toy\n");
  write("b.yaml", "extends: c.yaml\n");
  write("c.yaml", "extends: b.yaml\n");
  EXPECT_EQ(error_of("a.yaml"),
            "c.yaml:1:10: error: extends: extends cycle: a.yaml -> b.yaml -> c.yaml -> b.yaml");
  write("self.yaml", "extends: ./self.yaml\n");
  EXPECT_EQ(error_of("self.yaml"),
            "self.yaml:1:10: error: extends: extends cycle: self.yaml -> self.yaml");
}

TEST_F(ScenarioLoader, MissingFiles) {
  EXPECT_EQ(error_of("nope.yaml"),
            "error: cannot open scenario file 'nope.yaml': No such file or directory");
  fs::create_directories(dir_ / "adir");
  EXPECT_EQ(error_of("adir"),
            "error: cannot open scenario file 'adir': it is a directory, not a regular file");
  write("x/child.yaml", "extends: missing.yaml\n");
  EXPECT_EQ(error_of("x/child.yaml"),
            "x/child.yaml:1:10: error: extends: cannot open scenario file 'x/missing.yaml': No "
            "such file or directory");
  write("empty.yaml", "");
  EXPECT_EQ(error_of("empty.yaml"), "empty.yaml:1:1: error: file is empty");
}

TEST_F(ScenarioLoader, SetOverrides) {
  write("s.yaml", "model: toy\ncountermeasures: [{type: cm_a}, {type: cm_b}]\n");
  ScenarioPtr s = load_scenario("s.yaml", catalog_,
                                {{"params.theta_mu=0.5"},
                                 {"params.shares=[0.3,0.3,0.4]"},
                                 {"params.learn=false"},
                                 {"params.rule=imitate"},
                                 {"seed=17"},
                                 {"network.type=ring"},  // creates the map
                                 {"network.n=64"},
                                 {"countermeasures.1.intensity=0.25"},
                                 {"output.path=x.h5"},
                                 {" params.label = two words"}});
  EXPECT_EQ(s->params.real("theta_mu"), 0.5);
  EXPECT_EQ(s->params.list("shares"), (std::vector<double>{0.3, 0.3, 0.4}));
  EXPECT_FALSE(s->params.boolean("learn"));
  EXPECT_EQ(s->params.str("rule"), "imitate");
  EXPECT_EQ(s->params.str("label"), "two words");
  EXPECT_EQ(s->seed, 17u);
  EXPECT_EQ(s->network_type(), "ring");
  EXPECT_EQ(s->network.integer("n"), 64);
  EXPECT_EQ(s->countermeasures[1].intensity, 0.25);
  EXPECT_EQ(s->countermeasures[0].intensity, 1.0);
  EXPECT_EQ(s->output.path, "x.h5");
  EXPECT_NE(s->resolved_yaml.find("theta_mu: 0.5"), std::string::npos);
  // The overridden scenario round-trips too.
  ScenarioPtr r = load_scenario_text(s->resolved_yaml, "r.yaml", "", catalog_);
  expect_same_scenario(*s, *r);
}

TEST_F(ScenarioLoader, SetAppliesAfterExtends) {
  write("p.yaml", "model: toy\nparams: {theta_mu: 0.4}\n");
  write("c.yaml", "extends: p.yaml\nparams: {theta_mu: 0.45}\n");
  ScenarioPtr s = load_scenario("c.yaml", catalog_, {{"params.theta_mu=0.5"}});
  EXPECT_EQ(s->params.real("theta_mu"), 0.5);
}

TEST_F(ScenarioLoader, SetPathsAreRelativeToTheWorkingDirectory) {
  write("sub/s.yaml", "model: toy\n");
  ScenarioPtr s = load_scenario("sub/s.yaml", catalog_,
                                {{"network={type: edge_list, file: n.txt}"}});
  EXPECT_EQ(s->network.str("file"), (dir_ / "n.txt").lexically_normal().string());
}

TEST_F(ScenarioLoader, SetErrorsNameTheArgument) {
  write("s.yaml", "model: toy\ncountermeasures: [{type: cm_a}]\nparams: {theta_mu: 0.5}\n");
  EXPECT_EQ(error_of("s.yaml", {{"params.thta_mu=0.5"}}),
            "--set 'params.thta_mu=0.5': unknown key 'thta_mu' (did you mean 'theta_mu'?)");
  EXPECT_EQ(error_of("s.yaml", {{"x"}}), "--set 'x': expected path.to.key=value");
  EXPECT_EQ(error_of("s.yaml", {{"=3"}}), "--set '=3': expected path.to.key=value");
  EXPECT_EQ(error_of("s.yaml", {{"params..x=3"}}), "--set 'params..x=3': expected path.to.key=value");
  EXPECT_EQ(error_of("s.yaml", {{"params.theta_mu=2.5"}}),
            "--set 'params.theta_mu=2.5': value 2.5 is outside the domain [0, 2]");
  EXPECT_EQ(error_of("s.yaml", {{"params.n_groups=3.5"}}),
            "--set 'params.n_groups=3.5': expected an integer, found '3.5'");
  EXPECT_EQ(error_of("s.yaml", {{"params.theta_mu=.nan"}}),
            "--set 'params.theta_mu=.nan': .nan is not a finite number");
  EXPECT_EQ(error_of("s.yaml", {{"params.theta_mu="}}),
            "--set 'params.theta_mu=': expected a real number, found null");
  EXPECT_EQ(error_of("s.yaml", {{"params.shares=[1,"}}),
            "--set 'params.shares=[1,': invalid YAML: end of sequence flow not found");
  EXPECT_EQ(error_of("s.yaml", {{"countermeasures.3.intensity=0.5"}}),
            "--set 'countermeasures.3.intensity=0.5': index 3 is out of range ('countermeasures' "
            "has 1 entries)");
  EXPECT_EQ(error_of("s.yaml", {{"countermeasures.first.intensity=0.5"}}),
            "--set 'countermeasures.first.intensity=0.5': 'countermeasures' is a sequence: "
            "expected an index, found 'first'");
  EXPECT_EQ(error_of("s.yaml", {{"params.theta_mu.x=1"}}),
            "--set 'params.theta_mu.x=1': cannot set 'params.theta_mu.x': 'params.theta_mu' is "
            "'0.5', not a map");
  EXPECT_EQ(error_of("s.yaml", {{"countermeasures.0.type=cm_c"}}),
            "--set 'countermeasures.0.type=cm_c': unknown countermeasure 'cm_c' for model 'toy' "
            "(did you mean 'cm_a'?)");
  EXPECT_EQ(error_of("s.yaml", {{"extends=other.yaml"}}),
            "--set 'extends=other.yaml': extends can only be given in a file, not overridden");
}

TEST_F(ScenarioLoader, TypicalRangeWarnings) {
  write("w.yaml", "model: toy\nparams: {theta_mu: 0.9, n_groups: 30}\nnetwork: {type: ring, p: 0.5}\n");
  ScenarioPtr s = load_scenario("w.yaml", catalog_);
  EXPECT_EQ(s->warnings, (std::vector<std::string>{
                             "network.p = 0.5 is outside its typical range 0-0.3",
                             "params.theta_mu = 0.9 is outside its typical range 0.3-0.7",
                             "params.n_groups = 30 is outside its typical range 2-20"}));
}

TEST_F(ScenarioLoader, LoadFromTextUsesBaseDirForExtends) {
  write("lib/base.yaml", "model: toy\nparams: {theta_mu: 0.4}\n");
  ScenarioPtr s = load_scenario_text("extends: base.yaml\nseed: 3\n", "inline.yaml",
                                     (dir_ / "lib").string(), catalog_);
  EXPECT_EQ(s->file, "inline.yaml");
  EXPECT_EQ(s->name, "inline");
  EXPECT_EQ(s->params.real("theta_mu"), 0.4);
  EXPECT_EQ(s->seed, 3u);
  try {
    (void)load_scenario_text("model: toy\nseed: -1\n", "inline.yaml", "", catalog_);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "inline.yaml:2:7: error: seed: value -1 is outside the domain >= 0");
  }
}

TEST_F(ScenarioLoader, NetworkRules) {
  write("n1.yaml", "model: toy_net\n");
  EXPECT_EQ(error_of("n1.yaml"),
            "n1.yaml:1:1: error: missing required key 'network' (model 'toy_net' needs a network)");
  write("n2.yaml", "model: toy_nonet\nnetwork: {type: ring}\n");
  EXPECT_EQ(error_of("n2.yaml"),
            "n2.yaml:2:1: error: network: network section not allowed for model 'toy_nonet'");
  write("n3.yaml", "model: toy_net\nnetwork: {type: edge_list}\n");
  EXPECT_EQ(error_of("n3.yaml"), "n3.yaml:2:10: error: network: missing required key 'file'");
  write("n4.yaml", "model: toy_net\nnetwork: {type: ring, file: x}\n");
  EXPECT_EQ(error_of("n4.yaml"),
            "n4.yaml:2:23: error: network.file: unknown key 'file' (valid keys: type, n, k, p, "
            "reorder)");
  write("n5.yaml", "model: toy_net\nnetwork: {type: ring, reorder: rmc}\n");
  EXPECT_EQ(error_of("n5.yaml"),
            "n5.yaml:2:32: error: network.reorder: 'rmc' is not one of {none, rcm} (did you mean "
            "'rcm'?)");
  write("n6.yaml", "model: toy_net\nnetwork: {type: ring, n: 10}\n");
  ScenarioPtr s = load_scenario("n6.yaml", catalog_);
  EXPECT_EQ(s->network.integer("n"), 10);
  EXPECT_EQ(s->network.integer("k"), 4);
  EXPECT_EQ(s->network.str("reorder"), "none");
}

TEST_F(ScenarioLoader, UnknownNamesWithoutACloseMatchListTheValidOnes) {
  write("u1.yaml", "model: somethingelse\n");
  EXPECT_EQ(error_of("u1.yaml"),
            "u1.yaml:1:8: error: model: unknown model 'somethingelse' (known models: toy, "
            "toy_net, toy_nonet)");
  write("u2.yaml", "model: toy_nonet\nparams: {x: 1}\n");
  EXPECT_EQ(error_of("u2.yaml"),
            "u2.yaml:2:10: error: params.x: unknown key 'x' (model 'toy_nonet' has no parameters)");
  write("u3.yaml", "model: toy_nonet\ncountermeasures: [{type: cm_a}]\n");
  EXPECT_EQ(error_of("u3.yaml"),
            "u3.yaml:2:26: error: countermeasures.0.type: unknown countermeasure 'cm_a' for model "
            "'toy_nonet' (model 'toy_nonet' has no countermeasures)");
}

// ---- comparisons ---------------------------------------------------------------------------

class ComparisonLoader : public ScenarioLoader {
 protected:
  void SetUp() override {
    ScenarioLoader::SetUp();
    write("scen/base.yaml", "model: toy\nseed: 99\nreplicates: 3\nparams: {theta_mu: 0.4}\n");
    write("scen/cm1.yaml", "extends: base.yaml\ncountermeasures: [{type: cm_a}]\n");
  }
};

TEST_F(ComparisonLoader, ArmsShareSeedAndReplicates) {
  write("cmp/five.yaml",
        "compare:\n"
        "  name: five\n"
        "  seed: 7\n"
        "  replicates: 10\n"
        "  arms:\n"
        "    - {name: BASE, scenario: ../scen/base.yaml}\n"
        "    - {name: CM1, scenario: ../scen/cm1.yaml, set: {params.theta_mu: 0.5}}\n"
        "output: {path: results.h5}\n");
  Comparison c = load_comparison("cmp/five.yaml", catalog_);
  EXPECT_EQ(c.file, "cmp/five.yaml");
  EXPECT_EQ(c.name, "five");
  EXPECT_EQ(c.seed, 7u);
  EXPECT_EQ(c.replicates, 10u);
  EXPECT_EQ(c.output.path, "results.h5");
  ASSERT_EQ(c.arms.size(), 2u);
  EXPECT_EQ(c.arms[0].name, "BASE");
  EXPECT_EQ(c.arms[0].scenario->name, "BASE");
  EXPECT_EQ(c.arms[0].scenario->file, "scen/base.yaml");
  for (const auto& arm : c.arms) {
    EXPECT_EQ(arm.scenario->seed, 7u);
    EXPECT_EQ(arm.scenario->replicates, 10u);
  }
  EXPECT_EQ(c.arms[0].scenario->params.real("theta_mu"), 0.4);
  EXPECT_EQ(c.arms[1].scenario->params.real("theta_mu"), 0.5);
  EXPECT_EQ(c.arms[1].scenario->countermeasures.size(), 1u);
  EXPECT_NE(c.resolved_yaml.find("params.theta_mu: 0.5"), std::string::npos);
}

TEST_F(ComparisonLoader, OverridesSplitBetweenTheComparisonAndTheArms) {
  write("cmp.yaml",
        "compare:\n"
        "  seed: 7\n"
        "  arms:\n"
        "    - {name: BASE, scenario: scen/base.yaml}\n"
        "    - {name: CM1, scenario: scen/cm1.yaml, set: {params.theta_mu: 0.5}}\n");
  Comparison c = load_comparison(
      "cmp.yaml", catalog_,
      {{"compare.seed=11"}, {"compare.replicates=2"}, {"output.path=o.h5"}, {"params.p_act=0.6"}});
  EXPECT_EQ(c.name, "cmp");
  EXPECT_EQ(c.seed, 11u);
  EXPECT_EQ(c.replicates, 2u);
  EXPECT_EQ(c.output.path, "o.h5");
  for (const auto& arm : c.arms) {
    EXPECT_EQ(arm.scenario->seed, 11u);
    EXPECT_EQ(arm.scenario->replicates, 2u);
    EXPECT_EQ(arm.scenario->params.real("p_act"), 0.6);
  }
  EXPECT_EQ(c.arms[1].scenario->params.real("theta_mu"), 0.5);

  // The resolved comparison reloads to the same arms (the arm paths are absolute).
  write("elsewhere/resolved.yaml", c.resolved_yaml);
  Comparison r = load_comparison("elsewhere/resolved.yaml", catalog_);
  EXPECT_EQ(r.seed, c.seed);
  EXPECT_EQ(r.replicates, c.replicates);
  EXPECT_EQ(r.output.path, c.output.path);
  ASSERT_EQ(r.arms.size(), c.arms.size());
  for (std::size_t i = 0; i < r.arms.size(); ++i) {
    EXPECT_EQ(r.arms[i].name, c.arms[i].name);
    expect_same_scenario(*r.arms[i].scenario, *c.arms[i].scenario);
    EXPECT_EQ(r.arms[i].scenario->resolved_yaml, c.arms[i].scenario->resolved_yaml);
  }
  EXPECT_EQ(r.resolved_yaml, c.resolved_yaml);

  EXPECT_EQ(compare_error_of("cmp.yaml", {{"seed=3"}}),
            "--set 'seed=3': in a comparison, seed is set for all arms by compare.seed");
  EXPECT_EQ(compare_error_of("cmp.yaml", {{"params.thta_mu=3"}}),
            "--set 'params.thta_mu=3': unknown key 'thta_mu' (did you mean 'theta_mu'?)");
  EXPECT_EQ(compare_error_of("cmp.yaml", {{"compare.sed=3"}}),
            "--set 'compare.sed=3': unknown key 'sed' (did you mean 'seed'?)");
}

TEST_F(ComparisonLoader, Errors) {
  write("c1.yaml",
        "compare:\n  arms:\n    - {name: A, scenario: scen/base.yaml}\n"
        "    - {name: A, scenario: scen/cm1.yaml}\n");
  EXPECT_EQ(compare_error_of("c1.yaml"),
            "c1.yaml:4:14: error: compare.arms.1.name: duplicate arm name 'A' (first at line 3)");
  write("c2.yaml", "compare:\n  arms:\n    - {name: a b, scenario: scen/base.yaml}\n");
  EXPECT_EQ(compare_error_of("c2.yaml"),
            "c2.yaml:3:14: error: compare.arms.0.name: invalid arm name 'a b' (use letters, "
            "digits, '_', '.' and '-')");
  write("c3.yaml", "compare:\n  arms:\n    - {name: A, scenario: scen/nope.yaml}\n");
  EXPECT_EQ(compare_error_of("c3.yaml"),
            "c3.yaml:3:27: error: compare.arms.0.scenario: cannot open scenario file "
            "'scen/nope.yaml': No such file or directory");
  write("c4.yaml", "compare:\n  arms:\n    - {name: A, scenario: scen/base.yaml, set: {seed: 2}}\n");
  EXPECT_EQ(compare_error_of("c4.yaml"),
            "c4.yaml:3:49: error: compare.arms.0.set.seed: seed is set for all arms by "
            "compare.seed");
  write("c5.yaml",
        "compare:\n  arms:\n    - {name: A, scenario: scen/base.yaml, set: {params.theta_mu: 9}}\n");
  EXPECT_EQ(compare_error_of("c5.yaml"),
            "c5.yaml:3:66: error: params.theta_mu: value 9 is outside the domain [0, 2]");
  write("c6.yaml", "compare:\n  arms: []\n");
  EXPECT_EQ(compare_error_of("c6.yaml"), "c6.yaml:2:9: error: compare.arms: expected at least one arm");
  write("c7.yaml", "model: toy\n");
  EXPECT_EQ(compare_error_of("c7.yaml"),
            "c7.yaml:1:1: error: model: unknown key 'model' (valid keys: compare, output, hypotheses, robust)");
  EXPECT_EQ(compare_error_of("none.yaml"),
            "error: cannot open comparison file 'none.yaml': No such file or directory");
}

TEST_F(ComparisonLoader, TellsComparisonFilesApart) {
  write("c.yaml", "compare:\n  arms: []\n");
  EXPECT_TRUE(is_comparison_file("c.yaml"));
  EXPECT_FALSE(is_comparison_file("scen/base.yaml"));
  EXPECT_FALSE(is_comparison_file("missing.yaml"));
  write("bad.yaml", "a: [\n");
  EXPECT_FALSE(is_comparison_file("bad.yaml"));
}

}  // namespace
}  // namespace govsim::sim
