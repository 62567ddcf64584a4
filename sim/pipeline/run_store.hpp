// File: sim/pipeline/run_store.hpp
//
// The durable run store of a job, a folder (the CLI uses "<out>.d/"):
//   lock.yaml            ties the folder to one plan: kind, name, input file, the plan's hash,
//                        run count, govsim version (written as tmp, fsynced, renamed)
//   resolved.yaml        the job's resolved input text, for people (not read back)
//   run-NNNNNNN.h5       one finished run (plan entry NNNNNNN): a govsim results file of kind
//                        "store-run" holding /runs/<arm>/r<replicate> plus the order of its
//                        metrics and finals; built in memory and written with one write(),
//                        fsynced, renamed, folder fsynced: a run-*.h5 file is complete or absent
//   *.tmp                a write that was cut off (ignored; removed by remove_temporaries)
// A run file counts as finished only when it opens, carries the plan's hash and its entry
// index, and holds the expected arm and replicate; anything else is run again. Stores of
// govsim versions before the one pipeline (sweep.lock.yaml, sweep_hash) are still read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/output/result_file.hpp"
#include "sim/pipeline/plan.hpp"
#include "sim/run/runner.hpp"

namespace govsim::sim::pipeline {

struct LockInfo {
  std::string kind;    // plan kind
  std::string name;    // plan name
  std::string file;    // the job's input file (absolute path when written)
  std::string hash;    // plan hash
  uint64_t runs = 0;
  std::string govsim;  // version and commit that started the job
};

class RunStore {
 public:
  explicit RunStore(std::string dir);

  const std::string& dir() const { return dir_; }
  std::string lock_path() const;
  std::string run_path(std::size_t index) const;  // <dir>/run-0000123.h5

  bool exists() const;  // something exists at dir()
  // Throws InputError when something that is not a folder (a file, a FIFO, a device, a
  // symbolic link) exists at dir(): the store is never written through it.
  void check_folder() const;
  // Creates the folder (its parent must exist) and writes the lock and the resolved text.
  void create(const LockInfo& lock, const std::string& resolved_yaml) const;
  // The lock, or nullopt when the folder has none; throws InputError when it cannot be read.
  std::optional<LockInfo> read_lock() const;
  // Removes the regular files this store writes (lock, run files, temporaries) and the folder
  // when it is then empty. Returns the number of files removed.
  std::size_t clear() const;
  // Removes leftover "*.tmp" regular files; returns how many.
  std::size_t remove_temporaries() const;

  // Writes the result of plan entry `index` durably. Thread-safe: the HDF5 part holds
  // h5::mutex(); the disk write, fsync and rename run outside it. Throws OutputError (a full
  // disk: "cannot write '<dir>/run-0000004.h5': no space left on device"; nothing is left).
  void write_run(const Plan& plan, std::size_t index, const RunResult& run) const;
  // write_run in two halves, for writers that make files durable on their own thread: the
  // run file's bytes (HDF5, built in memory under h5::mutex()), then their durable write
  // (`sync_folder` = false: the caller fsyncs the folder afterwards, once for several files).
  std::vector<char> encode_run(const Plan& plan, std::size_t index, const RunResult& run) const;
  void write_encoded(std::size_t index, const std::vector<char>& bytes, bool sync_folder = true) const;
  // fsync of the folder (makes the renames of write_encoded(..., false) durable).
  void sync_folder() const;
  // True when entry `index` has a complete run file of this plan.
  bool has_run(const Plan& plan, std::size_t index) const;
  // Reads entry `index` back: every field write_run got (seconds excepted). Throws OutputError
  // when the file is missing, unreadable or of another plan.
  RunResult read_run(const Plan& plan, std::size_t index) const;
  // Only the final values of entry `index` (cheaper than read_run).
  RunFinals read_finals(const Plan& plan, std::size_t index) const;
  // Copies entry `index` into the results file `out` (ResultFile::copy_run) and returns its
  // finals: one opening of the run file. The caller holds h5::mutex().
  RunFinals copy_run_into(const Plan& plan, std::size_t index, ResultFile& out) const;

 private:
  std::string dir_;
};

}  // namespace govsim::sim::pipeline
