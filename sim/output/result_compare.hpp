// File: sim/output/result_compare.hpp
//
// Compares the DATA of two results files: every dataset (shape, type and bytes) and every
// attribute, except what is not data: the root attribute `created` and the whole
// `/provenance` group (command line, thread count, host). Used to check that thread counts,
// MPI rank counts, locality reordering and resume give identical results; also exposed as
// `govsim diff A.h5 B.h5`.
#pragma once

#include <string>
#include <vector>

namespace govsim::sim {

struct CompareReport {
  bool identical = true;
  std::vector<std::string> differences;  // human-readable, at most `max_reported`
  std::size_t objects_compared = 0;
};

// `ignore_attributes`: attribute names skipped everywhere (e.g. "scenario_yaml" when two runs
// differ only in a setting that must not change results, such as network.reorder).
CompareReport compare_result_files(const std::string& a, const std::string& b,
                                   std::size_t max_reported = 20,
                                   const std::vector<std::string>& ignore_attributes = {});

}  // namespace govsim::sim
