#include "sim/core/error.hpp"

#include <fmt/format.h>

namespace govsim::sim {

std::string format_input_error(const SourceLocation& where, const std::string& key,
                               const std::string& message) {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) {
      out += fmt::format(":{}", where.line);
      if (where.column > 0) out += fmt::format(":{}", where.column);
    }
    out += ": ";
  }
  out += "error: ";
  if (!key.empty()) out += key + ": ";
  out += message;
  return out;
}

}  // namespace govsim::sim
