// File: sim/core/error.hpp
//
// The error types every layer throws. The CLI maps them to exit statuses:
//   InputError  -> exit 2 (bad scenario, sweep, network file, command-line value, output path)
//   OutputError -> exit 1 (an HDF5 or file-system failure while writing results)
//   anything else -> exit 1 (internal error)
// An InputError's message is complete and user-facing: it names the file, line, column and key
// path where it can ("scenario.yaml:3:5: error: network.typ: unknown key 'typ' (did you mean
// 'type'?)"). Users never see C++ file names.
#pragma once

#include <stdexcept>
#include <string>

namespace govsim::sim {

// A position in an input file; line and column are 1-based, 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

// Formats "file:line:col: error: key: message" leaving out what is unknown.
std::string format_input_error(const SourceLocation& where, const std::string& key,
                               const std::string& message);

// Bad input from the user (exit status 2).
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
  InputError(const SourceLocation& where, const std::string& key, const std::string& message)
      : std::runtime_error(format_input_error(where, key, message)) {}
};

// A failure while writing results (exit status 1); names the file and dataset.
class OutputError : public std::runtime_error {
 public:
  explicit OutputError(const std::string& message) : std::runtime_error(message) {}
};

// Thrown when the user interrupts (SIGINT/SIGTERM) a run; carries the signal number.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal_number)
      : std::runtime_error("interrupted"), signal_(signal_number) {}
  int signal_number() const noexcept { return signal_; }

 private:
  int signal_;
};

}  // namespace govsim::sim
