// File: sim/graph/edge_list_reader.hpp
//
// Reads a network from an edge-list file, optionally with a node table.
//
// Edge list
//   - One tie per line: two node ids, separated by a comma, a tab or whitespace. With
//     Delimiter::kAuto the first data line decides: a tab makes the file TSV, else a comma
//     makes it CSV, else fields are separated by runs of spaces and tabs. Fields are trimmed.
//     No quoting. Further fields (weights, ...) are ignored, with one warning.
//   - Blank lines and lines whose first non-blank character is '#' are skipped; '\r' line ends
//     and a UTF-8 byte-order mark are accepted.
//   - Header: the first data line is a header iff its first two fields are both header names
//     (case-insensitive): source, target, from, to, u, v, node1, node2, src, dst, i, j.
//   - Ids are strings ("7", "alice", ...). They are numbered 0..n-1 in order of first
//     appearance, or, with a node table, in the table's row order. Network::attributes().labels
//     keeps the strings.
//   - Each tie may be listed once or in both directions: duplicates (either direction) are
//     merged and self-loops dropped; the counts are logged (spdlog) and kept in build_stats().
//
// Node table (optional): CSV/TSV/whitespace (same detection, decided by its header line) with a
// header of lower-case column names. Column `id` is required; the integer columns read are the
// node columns of options.columns (the models' declarations, NodeColumnDef: values in
// [-1, max]), each into NodeAttributes::column(name); an empty cell means unknown (-1). Other
// columns are ignored with one log line. Every edge must name a node of the table; nodes
// without ties are kept as isolated nodes.
//
// Memory: the edge vector (8 bytes per line), one string per distinct id (labels) and a hash
// map from id to index; no per-line allocation.
//
// Errors are InputError with "file:line:col: error: message" (line and column 1-based, the
// column of the offending field; the file as given). Exact messages:
//   cannot open edge list: <reason>            | cannot open node table: <reason>
//   expected 2 fields, found 1                 (an edge line with fewer than two fields)
//   empty node id                              (an empty field)
//   empty edge list: no edges found            (no data line; "file: error: ...")
//   edge names node 'x' that is not in the node table <nodes path>
//   empty node table: no header line           | empty node table: no nodes
//   node table has no 'id' column              | duplicate column 'x' in the node table
//   expected N fields, found M                 (a node-table row)
//   duplicate node id 'x' (first defined on line L)
//   column 'c': expected an integer, found 'x' | column 'c': value V is outside [-1, MAX]
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/graph/network.hpp"

namespace govsim::sim {

enum class Delimiter { kAuto, kComma, kTab, kWhitespace };

// "auto", "comma", "tab", "space" (the catalog's `delimiter` choices). Throws
// std::invalid_argument for anything else.
Delimiter parse_delimiter(std::string_view name);

struct EdgeListOptions {
  std::string nodes_path;              // node table; "" = none
  Delimiter delimiter = Delimiter::kAuto;  // applies to both files
  std::vector<NodeColumnDef> columns;  // node-table columns to read (others are ignored)
};

// @throws InputError as described above.
Network load_edge_list(const std::string& path, const EdgeListOptions& options = {});

}  // namespace govsim::sim
