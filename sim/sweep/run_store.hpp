// File: sim/sweep/run_store.hpp
//
// The durable results folder of a sweep, "<out>.d/":
//   sweep.lock.yaml       ties the folder to one sweep: name, file, hash of the resolved sweep
//                         and base scenario, run count (written as tmp, fsynced, renamed)
//   sweep.resolved.yaml   the resolved sweep, for people (not read back)
//   run-NNNNNNN.h5        one finished run (manifest index NNNNNNN), a govsim results file of
//                         kind "sweep-run" holding /runs/<point>/r<replicate> plus the order of
//                         its metrics; written as "<name>.tmp", flushed, fsynced, renamed, and
//                         the folder fsynced: a run-*.h5 file is complete or absent
//   *.tmp                 a write that was cut off (ignored, removed on resume)
// A run-*.h5 file is accepted on resume only when it opens, carries the sweep's hash and its
// run index, and holds the expected point and replicate; anything else is rerun.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/run/runner.hpp"

namespace govsim::sim::sweep {

struct LockInfo {
  std::string sweep_name;
  std::string sweep_file;  // absolute path when written
  std::string hash;
  uint64_t runs = 0;
  std::string govsim;      // version and commit that started the sweep
};

// What a per-run file records besides the run.
struct RunFileInfo {
  std::string sweep_name;
  std::string model;
  std::string hash;
  std::size_t index = 0;
  uint64_t seed = 0;
  uint32_t replicates = 0;
  std::string point_yaml;  // the point's resolved scenario
  bool per_community = true;
};

class RunStore {
 public:
  explicit RunStore(std::string dir);

  const std::string& dir() const { return dir_; }
  std::string lock_path() const;
  std::string run_path(std::size_t index) const;  // <dir>/run-0000123.h5

  bool exists() const;  // the folder exists
  // Creates the folder (parents must exist) and writes the lock and the resolved sweep text.
  void create(const LockInfo& lock, const std::string& resolved_yaml) const;
  // The lock, or nullopt when the folder has none; throws InputError when it cannot be read.
  std::optional<LockInfo> read_lock() const;
  // Removes the files this store writes (lock, run files, temporaries, assembled file) and the
  // folder when it is then empty. Returns the number of files removed.
  std::size_t clear() const;
  // Removes leftover "*.tmp" files; returns how many.
  std::size_t remove_temporaries() const;

  // Writes run `index` durably (tmp, fsync, rename, fsync folder). Thread-safe.
  void write_run(const RunResult& run, const RunFileInfo& info) const;
  // True when run `index` has a complete file of this sweep for (point arm, replicate).
  bool has_run(std::size_t index, const std::string& hash, const std::string& arm,
               uint32_t replicate) const;
  // Reads run `index` back (exactly what write_run got, seconds excepted). Throws OutputError
  // when the file is missing or unreadable.
  RunResult read_run(std::size_t index, const std::string& hash) const;

 private:
  std::string dir_;
};

}  // namespace govsim::sim::sweep
