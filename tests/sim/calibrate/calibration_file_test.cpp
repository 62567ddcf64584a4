// The calibration results file: what write_calibration_file writes is what read_calibration
// and read_posterior read back; bad files give an InputError naming the file and the object.
#include "sim/calibrate/calibration_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "sim/core/error.hpp"
#include "sim/output/h5.hpp"
#include "sim/output/result_file.hpp"

namespace govsim::sim::calibrate {
namespace {

namespace fs = std::filesystem;

std::string temp_path(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("govsim-calfile-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return (dir / name).string();
}

Generation make_generation(uint32_t number, std::size_t n, std::size_t d, std::size_t t) {
  Generation g;
  g.number = number;
  g.dims = d;
  g.targets = t;
  g.epsilon = number == 0 ? std::numeric_limits<double>::infinity() : 0.5 / (number + 1);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < d; ++k) g.particles.push_back(0.1 * i + k + number);
    for (std::size_t k = 0; k < t; ++k) g.quantities.push_back(1.0 * i - k);
    g.weights.push_back(1.0 / n);
    g.distances.push_back(0.01 * i);
    g.index.push_back(2 * i);
  }
  g.proposals = 2 * n;
  g.acceptance_rate = 0.5;
  g.ess = static_cast<double>(n);
  g.redraws = 3;
  return g;
}

CalibrationRecord make_record() {
  CalibrationRecord r;
  r.name = "toy";
  r.model = "threshold_cascade";
  r.seed = 42;
  r.input_yaml = "base: x.yaml\n";
  r.scenario_yaml = "model: threshold_cascade\n";
  r.settings.population = 4;
  r.settings.replicates = 2;
  r.settings.kernel = KernelKind::kReflected;
  r.parameters = {{"params.theta_mu", PriorKind::kUniform, 0.1, 0.9},
                  {"params.theta_sigma", PriorKind::kLogUniform, 0.01, 0.5}};
  r.targets = {resolve_target({"share", "final_share", "", 0.2, 0.4}),
               resolve_target({"gradient", "a", "b", 0.0, std::numeric_limits<double>::infinity(), 0.01}),
               resolve_target({"dur", "duration", "", 10.0, 10.0})};
  r.generations = {make_generation(0, 4, 2, 3), make_generation(1, 4, 2, 3)};
  r.wall_seconds = {1.5, 2.5};
  r.calibrator_seconds = {0.01, 0.02};
  r.finished = true;
  r.stop = StopReason::kMaxGenerations;
  return r;
}

TEST(CalibrationFileTest, RoundTripsEverything) {
  const std::string path = temp_path("round.h5");
  const CalibrationRecord r = make_record();
  write_calibration_file(path, true, r);
  const CalibrationRecord b = read_calibration(path);
  EXPECT_EQ(b.model, r.model);
  EXPECT_EQ(b.seed, 42u);
  EXPECT_EQ(b.input_yaml, r.input_yaml);
  EXPECT_EQ(b.scenario_yaml, r.scenario_yaml);
  EXPECT_TRUE(b.finished);
  EXPECT_EQ(b.stop, StopReason::kMaxGenerations);
  EXPECT_EQ(b.settings.population, 4u);
  EXPECT_EQ(b.settings.kernel, KernelKind::kReflected);
  ASSERT_EQ(b.parameters.size(), 2u);
  EXPECT_EQ(b.parameters[1].name, "params.theta_sigma");
  EXPECT_EQ(b.parameters[1].prior, PriorKind::kLogUniform);
  EXPECT_DOUBLE_EQ(b.parameters[1].hi, 0.5);
  ASSERT_EQ(b.targets.size(), 3u);
  EXPECT_EQ(b.targets[1].minus_final, "b");
  EXPECT_EQ(b.targets[1].lo, 0.0);
  EXPECT_TRUE(std::isinf(b.targets[1].hi));
  EXPECT_DOUBLE_EQ(b.targets[2].lo, 10.0);
  EXPECT_DOUBLE_EQ(b.targets[2].hi, 10.0);
  EXPECT_DOUBLE_EQ(b.targets[2].scale, 1.0);  // |v| * 0.1
  ASSERT_EQ(b.generations.size(), 2u);
  for (std::size_t g = 0; g < 2; ++g) {
    EXPECT_EQ(b.generations[g].particles, r.generations[g].particles);
    EXPECT_EQ(b.generations[g].weights, r.generations[g].weights);
    EXPECT_EQ(b.generations[g].distances, r.generations[g].distances);
    EXPECT_EQ(b.generations[g].quantities, r.generations[g].quantities);
    EXPECT_EQ(b.generations[g].index, r.generations[g].index);
    EXPECT_EQ(b.generations[g].proposals, r.generations[g].proposals);
    EXPECT_EQ(b.generations[g].epsilon, r.generations[g].epsilon);
  }
  EXPECT_EQ(b.wall_seconds, r.wall_seconds);
  EXPECT_EQ(b.calibrator_seconds, r.calibrator_seconds);

  const PosteriorSample s = read_posterior(path);
  EXPECT_EQ(s.names, (std::vector<std::string>{"params.theta_mu", "params.theta_sigma"}));
  EXPECT_EQ(s.n, 4u);
  EXPECT_EQ(s.particles, r.generations[1].particles);
  EXPECT_EQ(s.weights, r.generations[1].weights);
  EXPECT_EQ(s.model, "threshold_cascade");
  EXPECT_EQ(s.scenario_yaml, r.scenario_yaml);
  EXPECT_EQ(s.generation, 1u);
  EXPECT_DOUBLE_EQ(s.epsilon, 0.25);
}

TEST(CalibrationFileTest, TargetColumnsUseNaNWhereUnused) {
  const std::string path = temp_path("targets.h5");
  write_calibration_file(path, true, make_record());
  h5::Handle f = h5::open_file(path);
  const auto lo = h5::read_f64s(f.id(), "/calibration/targets/lo");
  const auto hi = h5::read_f64s(f.id(), "/calibration/targets/hi");
  const auto value = h5::read_f64s(f.id(), "/calibration/targets/value");
  const auto kind = h5::read_strings(f.id(), "/calibration/targets/kind");
  EXPECT_EQ(kind, (std::vector<std::string>{"interval", "above", "value"}));
  EXPECT_DOUBLE_EQ(lo[0], 0.2);
  EXPECT_TRUE(std::isnan(value[0]));
  EXPECT_TRUE(std::isnan(hi[1]));
  EXPECT_TRUE(std::isnan(lo[2]) && std::isnan(hi[2]));
  EXPECT_DOUBLE_EQ(value[2], 10.0);
  const h5::Handle root = h5::open_group(f.id(), "/");
  EXPECT_EQ(h5::read_string_attr(root.id(), "kind"), "calibrate");
  EXPECT_EQ(h5::read_string_attr(root.id(), "stop_reason"), "max generations");
  EXPECT_EQ(h5::read_i64_attr(root.id(), "finished"), 1);
}

TEST(CalibrationFileTest, RefusesToReplaceWithoutForce) {
  const std::string path = temp_path("noforce.h5");
  write_calibration_file(path, true, make_record());
  EXPECT_THROW(write_calibration_file(path, false, make_record()), InputError);
}

TEST(CalibrationFileTest, PosteriorOfAnUnfinishedFirstGenerationIsMissing) {
  const std::string path = temp_path("empty.h5");
  CalibrationRecord r = make_record();
  r.generations.clear();
  r.finished = false;
  r.stop = StopReason::kRunning;
  write_calibration_file(path, true, r);
  try {
    (void)read_posterior(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(path), std::string::npos) << m;
    EXPECT_NE(m.find("/calibration/posterior"), std::string::npos) << m;
    EXPECT_NE(m.find("missing"), std::string::npos) << m;
  }
  EXPECT_TRUE(read_calibration(path).generations.empty());
}

TEST(CalibrationFileTest, RefusesOtherFiles) {
  const std::string text = temp_path("not-h5.txt");
  { std::FILE* f = std::fopen(text.c_str(), "w"); std::fputs("hello\n", f); std::fclose(f); }
  EXPECT_THROW((void)read_posterior(text), InputError);
  const std::string run = temp_path("run.h5");
  FileHeader h;
  h.kind = "run";
  ResultFile out(run, true, h);
  out.commit();
  try {
    (void)read_posterior(run);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not a calibration"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace govsim::sim::calibrate
