// File: sim/yaml/parse.hpp
//
// Reading YAML text and files into a Node tree (sim/yaml/yaml.hpp is the manual).
//
// Bounds on hostile input (docs/reliability.md):
//   - a file must be a regular file of at most 16 MiB (sim/io/input_file.hpp), checked before
//     it is opened: a FIFO, a device or a directory is refused, never read;
//   - a document may hold at most kMaxNodes nodes once its aliases are expanded (every alias
//     is a copy of its anchored node): "a billion laughs" of a few hundred bytes (each alias
//     list repeating the previous one ten times, nine levels deep) is refused at the alias
//     that passes the limit, before anything is copied;
//   - nesting deeper than yaml-cpp's limit (2000 levels) is invalid YAML;
//   - merge keys (`<<: *base`) are refused with their own message: they are not supported;
//   - text that is not UTF-8 is refused (it could not be written back unchanged).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "sim/yaml/node.hpp"

namespace govsim::sim::yaml {

// The most nodes (scalars, keys, sequences, maps; aliases counted expanded) one document may
// hold.
inline constexpr std::size_t kMaxNodes = 1'000'000;

// Parses one YAML document. Returns nullopt when the text holds no document (empty or only
// comments). Throws Error for invalid YAML ("invalid YAML: <parser message>" at the parser's
// position), duplicate keys ("duplicate key 'seed' (first at line 2)"), non-string keys, merge
// keys, text that is not UTF-8, a second document and a document past kMaxNodes.
std::optional<Node> parse(const std::string& text, const SourcePtr& src,
                          std::size_t max_nodes = kMaxNodes);

// Parses a file's text whose root must be a map ("file is empty", "expected a map at the top
// level, found a sequence").
Node parse_map(const std::string& text, const SourcePtr& src);

// Reads a whole YAML file (checks of sim/io/input_file.hpp, 16 MiB). Errors read
// "cannot open <what> '<path>': <reason>" and are located at `named_at` with `key` (the
// `extends:` or `scenario:` value that named the file) when given, else unlocated.
std::string read_file(const std::string& path, const std::string& what,
                      const Loc* named_at = nullptr, const std::string& key = {});

// read_file() and parse_map(): the tree of a YAML file whose root is a map; relative paths in
// it resolve against the file's directory.
Node load_file(const std::string& path, const std::string& what, const Loc* named_at = nullptr,
               const std::string& key = {});

}  // namespace govsim::sim::yaml
