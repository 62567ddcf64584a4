// File: sim/output/result_file.hpp
//
// The HDF5 results file (layout in docs/output-format.md). A ResultFile writes to
// "<path>.tmp" and renames it to <path> only in commit(), after flushing, closing and fsyncing,
// so a killed run never leaves a file that looks complete. Without `force` an existing <path>
// is refused (InputError, exit 2); with it, it is replaced atomically at commit, never before.
//
// All HDF5 failures become OutputError naming the file and the object.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/run/runner.hpp"

namespace govsim::sim {

inline constexpr int kResultFormatVersion = 1;

// Provenance recorded in /provenance (ignored when comparing data).
struct Provenance {
  std::string command_line;
  int threads = 0;
  int mpi_ranks = 1;
};

struct FileHeader {
  std::string kind;           // "run", "compare" or "sweep"
  std::string name;           // scenario, comparison or sweep name
  std::string model;          // model name ("" for mixed)
  std::string scenario_yaml;  // resolved text of the scenario / comparison / sweep file
  uint64_t seed = 0;
  uint32_t replicates = 0;
  Provenance provenance;
};

// Checks that `path` can be written: its folder exists and is writable, and the file does not
// exist unless `force`. Throws InputError naming the path and the --force option.
void check_output_path(const std::string& path, bool force);

class ResultFile {
 public:
  // Creates "<path>.tmp" (replacing a stale one) and writes the header.
  ResultFile(std::string path, bool force, const FileHeader& header);
  ~ResultFile();  // not committed: closes and removes the temporary file
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  // Writes one run under /runs/<arm>/r<replicate, 4 digits>. `arm_yaml` is the arm's resolved
  // scenario. per_community = false leaves out the per-group series.
  void write_run(const RunResult& run, const std::string& model, const std::string& arm_yaml,
                 bool per_community);
  // Writes a 2-D table of doubles with named columns and string row labels under `group_path`
  // (e.g. "/summary/final"): datasets "values" [rows, cols], "columns", "rows".
  void write_table(const std::string& group_path, const std::vector<std::string>& rows,
                   const std::vector<std::string>& columns, const std::vector<double>& values);
  // Writes a string attribute on the root group.
  void set_root_attribute(const std::string& name, const std::string& value);
  // Finishes the file: writes /arms (names in insertion order), flushes, closes, fsyncs and
  // renames the temporary file to path().
  void commit();
  // Same, renaming to `other_path` instead (used to keep finished runs of an interrupted job
  // under another name); `force` allows replacing an existing file there.
  void commit_to(const std::string& other_path, bool force);

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return tmp_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string path_;
  std::string tmp_;
  bool committed_ = false;
};

// A string describing the HDF5, oneTBB, Boost, yaml-cpp versions compiled in.
std::string library_versions();

}  // namespace govsim::sim
