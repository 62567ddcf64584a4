// govsim summarize calib.h5: a calibration's posterior (sim/calibrate/calibration_summary.hpp).
// Sweep files are summarized by app/cmd_sweep.cpp, which hands calibration files here.
#include <fmt/format.h>

#include <iostream>

#include "app/app_context.hpp"
#include "sim/calibrate/calibration_file.hpp"
#include "sim/calibrate/calibration_summary.hpp"
#include "sim/output/h5.hpp"

namespace govsim::app {

bool is_calibration_file(const std::string& path) {
  try {
    sim::h5::quiet();
    const sim::h5::Handle f = sim::h5::open_file(path);
    const sim::h5::Handle root = sim::h5::open_group(f.id(), "/");
    return sim::h5::has_attr(root.id(), "kind") && sim::h5::read_string_attr(root.id(), "kind") == "calibrate";
  } catch (const std::exception&) {
    return false;
  }
}

int summarize_calibration(const std::string& path, std::size_t max_parameters) {
  const sim::calibrate::CalibrationRecord r = sim::calibrate::read_calibration(path);
  sim::calibrate::print_calibration_summary(std::cout, r, max_parameters);
  return 0;
}

}  // namespace govsim::app
