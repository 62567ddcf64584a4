// File: tests/fuzz/fuzz_support.hpp
//
// What every libFuzzer target shares (docs/reliability.md):
//   - the contract: a loader given bad input throws govsim::sim::InputError and nothing else.
//     `guarded()` runs the loader and returns on InputError (after checking that the message
//     has a documented form: "...error: ..." or "--set 'ARG': ..."); any other exception
//     becomes a crash with its type and message on stderr, so libFuzzer saves the input as a
//     crash-* file. Crashes, sanitizer reports, hangs (-timeout) and huge allocations
//     (-malloc_limit_mb / -rss_limit_mb) are caught by libFuzzer itself.
//   - a private scratch folder (created once per process, removed at exit) for the targets that
//     read files, holding the small helper files (valid base scenarios, parents for extends:,
//     a node table) that the inputs may name.
//   - the loader's catalog built from the real model registry, plus the toy models and network
//     types of tests/sim/scenario/toy_catalog.hpp so that the bad-input files of
//     tests/data/scenarios/bad/ (written against the toy catalog) reach deep into the loader.
#pragma once

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <typeinfo>

#include "models/register_all.hpp"
#include "sim/core/error.hpp"
#include "sim/graph/network_catalog.hpp"
#include "sim/model/registry.hpp"
#include "sim/scenario/catalog.hpp"
#include "tests/sim/scenario/toy_catalog.hpp"

namespace govsim::fuzz {

namespace fs = std::filesystem;

[[noreturn]] inline void die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "\n==govsim-fuzz== CONTRACT VIOLATION: %s\n%s\n", what, detail.c_str());
  std::fflush(stderr);
  std::abort();  // libFuzzer reports "deadly signal" and writes the crash-* artifact
}

// Runs `fn`; InputError is the expected outcome for bad input; any other exception aborts.
template <class Fn>
void guarded(Fn&& fn) {
  try {
    fn();
  } catch (const sim::InputError& e) {
    const std::string_view msg = e.what();
    // Every documented form holds "error: " ("file:line:col: error: key: message"), except
    // the --set form "--set 'ARG': message".
    if (msg.find("error: ") == std::string_view::npos && !msg.starts_with("--set '"))
      die("InputError in neither documented form", std::string(msg));
  } catch (const std::exception& e) {
    die("exception other than InputError escaped the loader",
        std::string("type: ") + typeid(e).name() + "\nwhat(): " + e.what());
  } catch (...) {
    die("non-std exception escaped the loader", "");
  }
}

// The scratch folder of this process (under $TMPDIR, /dev/shm when it exists: fast).
inline const fs::path& scratch_dir() {
  static const fs::path dir = [] {
    std::error_code ec;
    fs::path base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
    fs::path d = base / ("govsim_fuzz_" + std::to_string(::getpid()));
    fs::remove_all(d, ec);
    fs::create_directories(d);
    static const std::string to_remove = d.string();
    std::atexit([] {
      std::error_code e;
      fs::remove_all(to_remove, e);
    });
    return d;
  }();
  return dir;
}

inline std::string write_file(const std::string& name, std::string_view bytes) {
  const fs::path p = scratch_dir() / name;
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return p.string();
}

// A small valid governance scenario (runs in milliseconds; used by the --set and sweep targets).
inline constexpr std::string_view kSmallGovernance =
    "model: governance\n"
    "name: small\n"
    "seed: 1\n"
    "replicates: 2\n"
    "steps: 10\n"
    "params: {n_comm: 2, pop_comm: 50}\n"
    "countermeasures:\n"
    "  - {type: coordination_structure, intensity: 0.5}\n";

inline constexpr std::string_view kSmallToy =
    "model: toy\n"
    "name: toy-small\n"
    "steps: 10\n"
    "params: {theta_mu: 0.5, shares: [0.5, 0.3, 0.2], weights: [1, 2]}\n"
    "countermeasures:\n"
    "  - {type: cm_a, intensity: 0.5}\n";

inline constexpr std::string_view kSmallThreshold =
    "model: threshold_cascade\n"
    "name: cascade-small\n"
    "steps: 10\n"
    "network: {type: erdos_renyi, n: 100, k_mean: 4}\n"
    "params: {threshold: 0.18}\n";

// Helper files in the scratch folder that inputs may name (extends:, base:, file:).
inline void write_helper_files() {
  write_file("small.yaml", kSmallGovernance);
  write_file("toy.yaml", kSmallToy);
  write_file("cascade.yaml", kSmallThreshold);
  write_file("cycle_a.yaml", "extends: cycle_b.yaml\n");
  write_file("cycle_b.yaml", "extends: cycle_a.yaml\n");
  write_file("edges.csv", "source,target\na,b\nb,c\nc,a\n");
  write_file("nodes.csv", "id,community,grid\na,0,0\nb,0,1\nc,1,0\n");
  // Paths that are not regular files: every reader must refuse them before opening them (a
  // FIFO would block the fuzzer until its -timeout).
  for (const char* name : {"pipe.yaml", "pipe.csv", "pipe.graphml"})
    (void)::mkfifo((scratch_dir() / name).c_str(), 0600);
  std::error_code dir_ec;
  fs::create_directories(scratch_dir() / "folder.yaml", dir_ec);
  write_file("g.graphml",
             "<?xml version=\"1.0\"?><graphml><graph edgedefault=\"undirected\"><node id=\"x\"/>"
             "<node id=\"y\"/><edge source=\"x\" target=\"y\"/></graph></graphml>\n");
  // The parents the seed files name: tests/data/scenarios/bad/{parents/,extends_cycle_*} and
  // the shipped scenarios (baseline.yaml and the countermeasure files extend it).
  const fs::path src(GOVSIM_SOURCE_DIR);
  std::error_code ec;
  const fs::path bad = src / "tests/data/scenarios/bad";
  fs::copy(bad / "parents", scratch_dir() / "parents",
           fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
  for (const char* f : {"extends_cycle_a.yaml", "extends_cycle_b.yaml"})
    fs::copy_file(bad / f, scratch_dir() / f, fs::copy_options::overwrite_existing, ec);
  for (const auto& e : fs::directory_iterator(src / "scenarios", ec))
    if (e.path().extension() == ".yaml")
      fs::copy_file(e.path(), scratch_dir() / e.path().filename(),
                    fs::copy_options::overwrite_existing, ec);
  fs::copy(src / "scenarios/classic", scratch_dir() / "classic",
           fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
}

// The real registry's catalog (all registered models, the engine's network types) with the
// toy catalog's models and network types appended (names that do not clash).
inline const sim::Catalog& catalog() {
  static const sim::Catalog cat = [] {
    sim::ModelRegistry r;
    models::register_all(r);
    sim::Catalog c = r.catalog();
    c.network_types = sim::network_types();
    const sim::Catalog toy = sim::testing::toy_catalog();
    for (const auto& m : toy.models)
      if (!c.find_model(m.name)) c.models.push_back(m);
    for (const auto& [name, schema] : toy.network_types)
      if (!c.find_network(name)) c.network_types.emplace_back(name, schema);
    return c;
  }();
  return cat;
}

// Silences spdlog (loaders log warnings and counts): keeps the fuzzer's output readable and fast.
inline void quiet_logs() { spdlog::set_level(spdlog::level::off); }

}  // namespace govsim::fuzz
