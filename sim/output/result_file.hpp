// File: sim/output/result_file.hpp
//
// The HDF5 results file (layout in docs/output-format.md). A ResultFile writes to a temporary
// file ("<path>.tmp" unless told otherwise) and renames it to <path> only in commit(), after
// closing and fsyncing it, so a killed job never leaves a file that looks complete. Output path
// rules (sim/output/durable_file.hpp): without `force` an existing <path> is refused; with it a
// regular file is replaced at commit, never before; anything that is not a regular file is
// refused (InputError, exit 2) and left untouched.
//
// Buffering: kStreamed writes through the govsim-safe driver (sim/output/h5_driver.hpp), for
// files of any size; kInMemory builds the file in memory (HDF5's core driver) and writes it
// with one write() at commit, for small files such as the per-run files of the run store.
// Either way a failure of the disk (no space left, I/O error) throws OutputError naming the
// path and the reason ("cannot write 'x.h5': no space left on device") from the call that
// meets it or from commit(), and nothing is left under the final or the temporary name.
// Other HDF5 failures become OutputError naming the file and the object.
//
// Not thread-safe: callers that write while other threads use HDF5 hold h5::mutex().
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/output/durable_file.hpp"
#include "sim/output/table.hpp"
#include "sim/run/runner.hpp"

namespace govsim::sim {

inline constexpr int kResultFormatVersion = 1;

// Provenance recorded in /provenance (ignored when comparing data).
struct Provenance {
  std::string command_line;
  int threads = 0;    // threads per process actually used
  int mpi_ranks = 1;
};

struct FileHeader {
  std::string kind;           // "run", "compare" or "sweep" ("store-run" for a per-run file)
  std::string name;           // scenario, comparison or sweep name
  std::string model;          // model name ("" for mixed)
  std::string scenario_yaml;  // resolved text of the scenario / comparison / sweep file
  uint64_t seed = 0;
  uint32_t replicates = 0;
  Provenance provenance;
};

class ResultFile {
 public:
  enum class Buffering { kStreamed, kInMemory };
  // Creates the temporary file (`temp_path`, default "<path>.tmp"; a stale regular file there
  // is replaced) and writes the header.
  ResultFile(std::string path, bool force, const FileHeader& header,
             Buffering buffering = Buffering::kStreamed, std::string temp_path = {});
  ~ResultFile();  // not committed: closes and removes the temporary file
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  // Writes one run under /runs/<arm>/r<replicate, 4 digits>. `arm_yaml` is the arm's resolved
  // scenario. per_community = false leaves out the per-group series.
  void write_run(const RunResult& run, const std::string& model, const std::string& arm_yaml,
                 bool per_community);
  // Copies run group /runs/<arm>/r<replicate> of the open HDF5 file `source` (as write_run
  // wrote it) into this file: every dataset and attribute, compressed data as it is.
  void copy_run(hid_t source, const std::string& arm, uint32_t replicate, const std::string& model,
                const std::string& arm_yaml);
  void write_table(const Table& table);
  void write_table(const std::string& group_path, const std::vector<std::string>& rows,
                   const std::vector<std::string>& columns, const std::vector<double>& values);
  // Writes (or replaces) a string attribute on the root group.
  void set_root_attribute(const std::string& name, const std::string& value);
  // The open HDF5 file, for writers of other objects (e.g. a sweep's /design). Call check()
  // after writing through it.
  hid_t id() const;
  // Throws OutputError when a write to the disk has failed so far (a full disk).
  void check() const;
  // Finishes the file: writes /arms (names in the order runs were added), closes, fsyncs and
  // renames the temporary file to path().
  void commit();
  // kInMemory only: writes /arms, closes the file and returns its bytes, for the caller to
  // write durably (write_file_durably) outside h5::mutex().
  std::vector<char> close_to_image();
  // Same, renaming to `other_path` instead (used to keep finished runs of an interrupted job
  // under another name); `force` allows replacing an existing regular file there.
  void commit_to(const std::string& other_path, bool force);

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return tmp_; }

 private:
  struct Impl;
  void add_arm(const std::string& arm, const std::string& model, const std::string& arm_yaml);
  [[noreturn]] void fail(const std::string& what) const;
  std::unique_ptr<Impl> impl_;
  std::string path_;
  std::string tmp_;
  bool committed_ = false;
};

// A string describing the HDF5, oneTBB, Boost, yaml-cpp versions compiled in.
std::string library_versions();

}  // namespace govsim::sim
