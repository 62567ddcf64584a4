// File: sim/io/input_file.hpp
//
// The check every reader of an input file makes before it opens the file (scenario,
// `extends:` parent, comparison, sweep, calibration file, edge list, node table, GraphML).
// The path must name a regular file (symbolic links are followed). A FIFO (named pipe), a
// character or block device (`/dev/zero`), a socket or a directory is refused before anything
// opens it for reading, so that such a path cannot block govsim or feed it without end; the
// caller turns the reason into an InputError (exit status 2) that names the file:
//   "cannot open scenario file 'pipe.yaml': it is a FIFO (named pipe), not a regular file"
//   "net.csv: error: cannot open edge list: it is a character device, not a regular file"
// Files read whole (YAML) have a size limit (kMaxYamlBytes); streamed files (network files,
// which may be large) have none.
//
// read_input_file() opens the file without blocking (O_NONBLOCK) and checks the opened file
// again (fstat), so a path swapped for a FIFO between the check and the open is refused too.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace govsim::sim::io {

// The most bytes a YAML input file (scenario, comparison, sweep, calibration) may have.
inline constexpr std::uint64_t kMaxYamlBytes = std::uint64_t{16} << 20;  // 16 MiB

// Why `path` cannot be read as an input file, or "" when it can: a regular file (after
// symbolic links) of at most `max_bytes` bytes (0 = any size). Reasons:
//   the system's text for a failed stat ("No such file or directory", "Permission denied");
//   "it is a directory, not a regular file", "it is a FIFO (named pipe), not a regular
//   file", "it is a character device, ...", "it is a block device, ...", "it is a socket,
//   ...";  "it is 20.0 MiB, more than the 16 MiB limit for <limit_for>".
std::string input_file_problem(const std::string& path, std::uint64_t max_bytes = 0,
                               std::string_view limit_for = "input files");

// Checks `path` and throws InputError located at the file itself when it cannot be read:
// "<path>: error: cannot open <what>: <problem>" (the form of the streamed network readers).
void require_input_file(const std::string& path, std::string_view what);

// Checks `path` as input_file_problem() does, then reads the whole file. Returns "" and sets
// `text`, or returns the problem (the file also grew past `max_bytes` while read, a read error).
std::string read_input_file(const std::string& path, std::string& text,
                            std::uint64_t max_bytes = kMaxYamlBytes,
                            std::string_view limit_for = "YAML files");

}  // namespace govsim::sim::io
