// File: sim/output/table.hpp
//
// A 2-D table of doubles with named columns and string row labels, stored in a results file
// under `path` (e.g. "/summary/final") as datasets "values" [rows, columns], "columns", "rows".
#pragma once

#include <string>
#include <vector>

namespace govsim::sim {

struct Table {
  std::string path;
  std::vector<std::string> rows, columns;
  std::vector<double> values;  // [rows][columns]
};

}  // namespace govsim::sim
