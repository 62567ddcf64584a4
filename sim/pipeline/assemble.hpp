// File: sim/pipeline/assemble.hpp
//
// Assembles a job's results file from its run store, in plan order, so that the file does not
// depend on which process or thread ran which run, or in which order runs finished. The file
// (docs/output-format.md) holds the root attributes of the plan (kind, name, model, resolved
// input, seed, replicates), /provenance, /runs/<arm>/r<replicate> for every assembled entry
// (copied from the run files as they are), /arms, the tables the caller computes from the
// finals (/summary/...) and whatever the caller's `extra` writes (a sweep's /design and
// /manifest). It is written to a temporary file, fsynced and renamed to the output path
// (sim/output/result_file.hpp): complete or absent. A full disk throws OutputError naming the
// output path; nothing is left behind, and the run store is untouched.
#pragma once

#include <hdf5.h>

#include <functional>
#include <string>
#include <vector>

#include "sim/output/result_file.hpp"
#include "sim/pipeline/plan.hpp"
#include "sim/pipeline/run_store.hpp"

namespace govsim::sim::pipeline {

struct AssembleOptions {
  std::string out_path;
  bool force = false;      // replace an existing regular file at out_path
  std::string temp_path;   // default "<out_path>.tmp"
  Provenance provenance;
  bool complete = true;    // root attribute `complete` ("false" for a .partial.h5)
  std::vector<std::size_t> entries;  // the entries to assemble, in plan order (empty = all)
  // Tables written under /summary, from the finals of the assembled entries (their order).
  std::function<std::vector<Table>(const std::vector<RunFinals>&)> tables;
  // Writes further objects into the open file (the caller checks nothing: assemble does).
  std::function<void(hid_t)> extra;
  // (entries assembled, entries to assemble).
  std::function<void(std::size_t, std::size_t)> on_progress;
};

// Writes the results file; returns the finals of the assembled entries (in their order).
// Throws OutputError (InputError for a refused output path).
std::vector<RunFinals> assemble(const Plan& plan, const RunStore& store, const AssembleOptions& options);

}  // namespace govsim::sim::pipeline
