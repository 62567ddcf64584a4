// File: sim/output/result_compare.hpp
//
// Compares the DATA of two results files: every dataset (shape, type and bytes) and every
// attribute of the first against the second, except what is not data: the root attribute `created` and the whole
// `/provenance` group (command line, thread count, host). Used to check that thread counts,
// MPI rank counts, locality reordering and resume give identical results; also exposed as
// `govsim diff A.h5 B.h5`.
#pragma once

#include <string>
#include <vector>

namespace govsim::sim {

// What B only adds is not a difference: finals present in every run group of A but new in B
// (e.g. a model's new drift finals), summary tables new in B (/summary/materiality) and new
// columns of a summary table whose old columns are identical. They are listed in `additions`
// (`govsim diff` prints them and exits 0 unless --strict). Anything A has and B lacks differs.
struct CompareReport {
  bool identical = true;                 // no differences (additions allowed)
  std::vector<std::string> differences;  // human-readable, at most `max_reported`
  std::vector<std::string> additions;    // human-readable, one line per kind
  std::size_t objects_compared = 0;
};

// `ignore_attributes`: attribute names skipped everywhere (e.g. "scenario_yaml" when two runs
// differ only in a setting that must not change results, such as network.reorder).
CompareReport compare_result_files(const std::string& a, const std::string& b,
                                   std::size_t max_reported = 20,
                                   const std::vector<std::string>& ignore_attributes = {});

}  // namespace govsim::sim
