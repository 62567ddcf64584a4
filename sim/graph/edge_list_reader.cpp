#include "sim/graph/edge_list_reader.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/io/input_file.hpp"

namespace govsim::sim {

namespace {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};
// Node id string -> node index (heterogeneous lookup: no string built per field).
using IdMap = std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>>;

struct Field {
  std::string_view text;
  int column = 1;  // 1-based column of the field's first character
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Line reader that tracks line numbers, strips '\r' and skips blank and '#' lines.
class LineReader {
 public:
  LineReader(const std::string& path, const char* what) : path_(path) {
    io::require_input_file(path, what);  // a FIFO or device would block or never end
    in_.open(path, std::ios::in | std::ios::binary);
    if (!in_) {
      const int err = errno;
      throw InputError(SourceLocation{path, 0, 0}, "",
                       fmt::format("cannot open {}: {}", what,
                                   err ? std::strerror(err) : "unknown error"));
    }
  }
  // The next data line, or false at the end of the file.
  bool next(std::string_view& line) {
    while (std::getline(in_, buf_)) {
      ++line_no_;
      if (!buf_.empty() && buf_.back() == '\r') buf_.pop_back();
      if (line_no_ == 1 && buf_.rfind("\xEF\xBB\xBF", 0) == 0) buf_.erase(0, 3);  // UTF-8 BOM
      const auto first = std::find_if_not(buf_.begin(), buf_.end(), is_blank);
      if (first == buf_.end() || *first == '#') continue;
      line = buf_;
      return true;
    }
    return false;
  }
  int line_no() const { return line_no_; }
  SourceLocation at(int column) const { return SourceLocation{path_, line_no_, column}; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ifstream in_;
  std::string buf_;
  int line_no_ = 0;
};

Delimiter detect(std::string_view line) {
  if (line.find('\t') != std::string_view::npos) return Delimiter::kTab;
  if (line.find(',') != std::string_view::npos) return Delimiter::kComma;
  return Delimiter::kWhitespace;
}

// Splits `line` into `out` (reused, so no allocation once warm).
void split(std::string_view line, Delimiter d, std::vector<Field>& out) {
  out.clear();
  const std::size_t n = line.size();
  if (d == Delimiter::kWhitespace || d == Delimiter::kAuto) {
    std::size_t i = 0;
    while (true) {
      while (i < n && is_blank(line[i])) ++i;
      if (i == n) break;
      const std::size_t b = i;
      while (i < n && !is_blank(line[i])) ++i;
      out.push_back({line.substr(b, i - b), static_cast<int>(b) + 1});
    }
    return;
  }
  const char sep = d == Delimiter::kComma ? ',' : '\t';
  std::size_t b = 0;
  while (true) {
    std::size_t e = line.find(sep, b);
    if (e == std::string_view::npos) e = n;
    std::size_t fb = b, fe = e;
    while (fb < fe && is_blank(line[fb])) ++fb;
    while (fe > fb && is_blank(line[fe - 1])) --fe;
    out.push_back({line.substr(fb, fe - fb), static_cast<int>(fb < e ? fb : b) + 1});
    if (e == n) break;
    b = e + 1;
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_header_name(std::string_view field) {
  static const std::array<std::string_view, 12> kNames = {
      "source", "target", "from", "to", "u", "v", "node1", "node2", "src", "dst", "i", "j"};
  const std::string l = lower(field);
  return std::find(kNames.begin(), kNames.end(), l) != kNames.end();
}

struct NodeTable {
  IdMap index;
  NodeAttributes attrs;  // labels = ids in row order
};

NodeTable read_node_table(const std::string& path, Delimiter delimiter,
                          const std::vector<NodeColumnDef>& columns) {
  LineReader in(path, "node table");
  std::string_view line;
  if (!in.next(line))
    throw InputError(SourceLocation{path, 0, 0}, "", "empty node table: no header line");
  if (delimiter == Delimiter::kAuto) delimiter = detect(line);

  std::vector<Field> fields;
  split(line, delimiter, fields);
  std::optional<std::size_t> id_col;
  // index into `columns` (the declared node columns) of each column, or -1
  std::vector<int> role(fields.size(), -1);
  std::vector<std::string> names;
  std::vector<std::string> ignored;
  for (std::size_t c = 0; c < fields.size(); ++c) {
    const std::string name(fields[c].text);
    if (std::find(names.begin(), names.end(), name) != names.end())
      throw InputError(in.at(fields[c].column), "",
                       fmt::format("duplicate column '{}' in the node table", name));
    names.push_back(name);
    if (name == "id") {
      id_col = c;
      continue;
    }
    bool known = false;
    for (std::size_t k = 0; k < columns.size(); ++k) {
      if (name == columns[k].name) {
        role[c] = static_cast<int>(k);
        known = true;
      }
    }
    if (!known) ignored.push_back(name);
  }
  if (!id_col) throw InputError(in.at(1), "", "node table has no 'id' column");
  if (!ignored.empty())
    spdlog::info("node table {}: ignoring column(s) {}", path, fmt::join(ignored, ", "));

  NodeTable table;
  std::vector<bool> present(columns.size(), false);
  for (int r : role)
    if (r >= 0) present[static_cast<std::size_t>(r)] = true;
  // the present columns, added in declaration order before any pointer into them is taken
  for (std::size_t k = 0; k < columns.size(); ++k)
    if (present[k]) table.attrs.column(columns[k].name);
  std::vector<std::vector<int32_t>*> out(columns.size(), nullptr);
  for (std::size_t k = 0; k < columns.size(); ++k)
    if (present[k]) out[k] = table.attrs.find(columns[k].name);
  std::vector<int> first_line;  // line of each node's row, for duplicate messages
  const std::size_t n_cols = fields.size();

  while (in.next(line)) {
    split(line, delimiter, fields);
    if (fields.size() != n_cols)
      throw InputError(in.at(1), "",
                       fmt::format("expected {} fields, found {}", n_cols, fields.size()));
    const Field& id = fields[*id_col];
    if (id.text.empty()) throw InputError(in.at(id.column), "", "empty node id");
    const auto next = static_cast<uint32_t>(table.attrs.labels.size());
    if (next == UINT32_MAX)
      throw InputError(in.at(id.column), "", "too many nodes (the limit is 2^32 - 1)");
    const auto [it, inserted] = table.index.try_emplace(std::string(id.text), next);
    if (!inserted)
      throw InputError(in.at(id.column), "",
                       fmt::format("duplicate node id '{}' (first defined on line {})", id.text,
                                   first_line[it->second]));
    first_line.push_back(in.line_no());
    table.attrs.labels.emplace_back(id.text);

    for (std::size_t k = 0; k < columns.size(); ++k)
      if (out[k]) out[k]->push_back(-1);
    for (std::size_t c = 0; c < n_cols; ++c) {
      if (role[c] < 0 || fields[c].text.empty()) continue;
      const auto k = static_cast<std::size_t>(role[c]);
      const std::string_view text = fields[c].text;
      int64_t value = 0;
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || ptr != text.data() + text.size())
        throw InputError(in.at(fields[c].column), "",
                         fmt::format("column '{}': expected an integer, found '{}'",
                                     columns[k].name, text));
      if (value < -1 || value > columns[k].max)
        throw InputError(in.at(fields[c].column), "",
                         fmt::format("column '{}': value {} is outside [-1, {}]",
                                     columns[k].name, value, columns[k].max));
      out[k]->back() = static_cast<int32_t>(value);
    }
  }
  if (table.attrs.labels.empty())
    throw InputError(SourceLocation{path, 0, 0}, "", "empty node table: no nodes");
  return table;
}

}  // namespace

Delimiter parse_delimiter(std::string_view name) {
  if (name == "auto") return Delimiter::kAuto;
  if (name == "comma") return Delimiter::kComma;
  if (name == "tab") return Delimiter::kTab;
  if (name == "space") return Delimiter::kWhitespace;
  throw std::invalid_argument("unknown delimiter '" + std::string(name) +
                              "' (expected auto, comma, tab or space)");
}

Network load_edge_list(const std::string& path, const EdgeListOptions& options) {
  std::optional<NodeTable> table;
  if (!options.nodes_path.empty())
    table = read_node_table(options.nodes_path, options.delimiter, options.columns);

  LineReader in(path, "edge list");
  IdMap first_seen;
  std::vector<std::string> labels;
  std::vector<Edge> edges;
  std::vector<Field> fields;
  Delimiter delimiter = options.delimiter;
  bool first = true;
  bool warned_extra = false;

  auto node = [&](const Field& f) -> uint32_t {
    if (f.text.empty()) throw InputError(in.at(f.column), "", "empty node id");
    if (table) {
      const auto it = table->index.find(f.text);
      if (it == table->index.end())
        throw InputError(in.at(f.column), "",
                         fmt::format("edge names node '{}' that is not in the node table {}",
                                     f.text, options.nodes_path));
      return it->second;
    }
    const auto it = first_seen.find(f.text);
    if (it != first_seen.end()) return it->second;
    const auto id = static_cast<uint32_t>(labels.size());
    if (id == UINT32_MAX)
      throw InputError(in.at(f.column), "", "too many nodes (the limit is 2^32 - 1)");
    first_seen.emplace(std::string(f.text), id);
    labels.emplace_back(f.text);
    return id;
  };

  std::string_view line;
  while (in.next(line)) {
    if (first && delimiter == Delimiter::kAuto) delimiter = detect(line);
    split(line, delimiter, fields);
    if (first) {
      first = false;
      if (fields.size() >= 2 && is_header_name(fields[0].text) && is_header_name(fields[1].text))
        continue;
    }
    if (fields.size() < 2)
      throw InputError(in.at(1), "", fmt::format("expected 2 fields, found {}", fields.size()));
    if (fields.size() > 2 && !warned_extra) {
      warned_extra = true;
      spdlog::warn("edge list {}:{}: ignoring {} field(s) after the two node ids", path,
                   in.line_no(), fields.size() - 2);
    }
    const uint32_t a = node(fields[0]);
    const uint32_t b = node(fields[1]);
    edges.emplace_back(a, b);
  }
  if (edges.empty())
    throw InputError(SourceLocation{path, 0, 0}, "", "empty edge list: no edges found");

  const auto n = static_cast<uint32_t>(table ? table->attrs.labels.size() : labels.size());
  BuildStats stats;
  Network net = Network::from_edges(n, std::move(edges), &stats);
  if (table) {
    net.attributes() = std::move(table->attrs);
  } else {
    net.attributes().labels = std::move(labels);
  }
  spdlog::info("edge list {}: {} nodes, {} ties from {} lines ({} self-loops dropped, {} "
               "duplicate ties merged)",
               path, net.num_nodes(), net.num_edges(), stats.input_edges,
               stats.self_loops_dropped, stats.duplicates_merged);
  return net;
}

}  // namespace govsim::sim
