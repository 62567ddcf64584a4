#include "sim/output/result_compare.hpp"

#include <H5Cpp.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "sim/core/error.hpp"

namespace govsim::sim {

namespace {

struct Collected {
  std::set<std::string> datasets;
  std::set<std::string> groups;
};

herr_t visit_cb(hid_t, const char* name, const H5O_info_t* info, void* data) {
  auto* c = static_cast<Collected*>(data);
  const std::string path = std::string("/") + (std::strcmp(name, ".") == 0 ? "" : name);
  if (path.rfind("/provenance", 0) == 0) return 0;
  if (info->type == H5O_TYPE_DATASET) c->datasets.insert(path);
  if (info->type == H5O_TYPE_GROUP) c->groups.insert(path);
  return 0;
}

Collected collect(hid_t file) {
  Collected c;
  H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_INC, visit_cb, &c, H5O_INFO_BASIC);
  return c;
}

// Reads an object's raw bytes in its file type's memory equivalent; variable-length strings are
// converted to their text.
std::string read_bytes(hid_t obj, bool attribute) {
  hid_t type = attribute ? H5Aget_type(obj) : H5Dget_type(obj);
  hid_t space = attribute ? H5Aget_space(obj) : H5Dget_space(obj);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  std::string out;
  int ndims = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(ndims, 0)));
  if (ndims > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  for (auto d : dims) out += fmt::format("{}x", d);
  out += "|";
  if (H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) > 0) {
    std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
    hid_t mem = H5Tcopy(H5T_C_S1);
    H5Tset_size(mem, H5T_VARIABLE);
    H5Tset_cset(mem, H5Tget_cset(type));  // UTF-8 in the file: read as UTF-8, no conversion
    herr_t st = 0;
    if (n > 0) {
      st = attribute ? H5Aread(obj, mem, ptrs.data())
                     : H5Dread(obj, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data());
    }
    if (st < 0) {
      H5Tclose(mem);
      H5Sclose(space);
      H5Tclose(type);
      throw InputError("error: cannot read a string object of a results file");
    }
    for (char* p : ptrs) {
      out += p ? p : "";
      out.push_back('\0');
    }
    if (n > 0) H5Dvlen_reclaim(mem, space, H5P_DEFAULT, ptrs.data());
    H5Tclose(mem);
  } else {
    hid_t mem = H5Tget_native_type(type, H5T_DIR_ASCEND);
    const std::size_t size = H5Tget_size(mem) * static_cast<std::size_t>(n);
    std::string buf(size, '\0');
    if (size) {
      if (attribute) H5Aread(obj, mem, buf.data());
      else H5Dread(obj, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data());
    }
    out += buf;
    H5Tclose(mem);
  }
  H5Sclose(space);
  H5Tclose(type);
  return out;
}

std::map<std::string, std::string> attributes(hid_t obj, bool root,
                                              const std::vector<std::string>& ignore) {
  std::map<std::string, std::string> out;
  const int n = H5Aget_num_attrs(obj);
  for (int i = 0; i < n; ++i) {
    hid_t a = H5Aopen_idx(obj, static_cast<unsigned>(i));
    char name[512] = {0};
    H5Aget_name(a, sizeof name - 1, name);
    const bool skip = (root && std::strcmp(name, "created") == 0) ||
                      std::find(ignore.begin(), ignore.end(), name) != ignore.end();
    if (!skip) out[name] = read_bytes(a, true);
    H5Aclose(a);
  }
  return out;
}

// Names of the attributes that differ between two attribute maps ("" when none).
std::string differing(const std::map<std::string, std::string>& a,
                      const std::map<std::string, std::string>& b) {
  std::string out;
  for (const auto& [k, v] : a) {
    auto it = b.find(k);
    if (it == b.end() || it->second != v) out += (out.empty() ? "" : ", ") + k;
  }
  for (const auto& [k, v] : b)
    if (!a.count(k)) out += (out.empty() ? "" : ", ") + k;
  return out;
}

// The names of a string dataset's entries (read_bytes' text form: "dims|" then NUL-ended).
std::vector<std::string> split_strings(const std::string& bytes) {
  std::vector<std::string> out;
  std::size_t at = bytes.find('|');
  if (at == std::string::npos) return out;
  for (++at; at < bytes.size();) {
    const std::size_t end = bytes.find('\0', at);
    if (end == std::string::npos) break;
    out.push_back(bytes.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

std::string read_dataset(hid_t file, const std::string& path) {
  const hid_t d = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  if (d < 0) return {};
  std::string out = read_bytes(d, false);
  H5Dclose(d);
  return out;
}

// A summary table (group with values, rows, columns; ResultFile::write_table) whose columns
// differ: true when B holds every column of A with the same rows and the same bytes, so B only
// adds columns (listed in `added`).
bool table_only_adds_columns(hid_t fa, hid_t fb, const std::string& g, std::vector<std::string>& added) {
  const auto ca = split_strings(read_dataset(fa, g + "/columns")),
             cb = split_strings(read_dataset(fb, g + "/columns"));
  if (read_dataset(fa, g + "/rows") != read_dataset(fb, g + "/rows") || ca.empty()) return false;
  const std::string va = read_dataset(fa, g + "/values"), vb = read_dataset(fb, g + "/values");
  const std::size_t pa = va.find('|') + 1, pb = vb.find('|') + 1;
  const std::size_t rows = (va.size() - pa) / (8 * ca.size());
  if (rows * 8 * ca.size() != va.size() - pa || rows * 8 * cb.size() != vb.size() - pb) return false;
  for (std::size_t j = 0; j < ca.size(); ++j) {
    const auto it = std::find(cb.begin(), cb.end(), ca[j]);
    if (it == cb.end()) return false;
    const auto k = static_cast<std::size_t>(it - cb.begin());
    for (std::size_t r = 0; r < rows; ++r)
      if (va.compare(pa + (r * ca.size() + j) * 8, 8, vb, pb + (r * cb.size() + k) * 8, 8) != 0) return false;
  }
  for (const auto& c : cb)
    if (std::find(ca.begin(), ca.end(), c) == ca.end()) added.push_back(c);
  return true;
}

// "/runs/<arm>/r0001/final/<name>" -> "<name>" ("" for any other path).
std::string final_name(const std::string& path) {
  const std::size_t at = path.rfind("/final/");
  if (path.rfind("/runs/", 0) != 0 || at == std::string::npos) return {};
  return path.substr(at + 7);
}

bool is_table(const Collected& c, const std::string& g) {
  return c.datasets.count(g + "/values") && c.datasets.count(g + "/rows") && c.datasets.count(g + "/columns");
}

}  // namespace

CompareReport compare_result_files(const std::string& a, const std::string& b,
                                   std::size_t max_reported,
                                   const std::vector<std::string>& ignore) {
  H5::Exception::dontPrint();
  CompareReport rep;
  auto diff = [&](std::string s) {
    rep.identical = false;
    if (rep.differences.size() < max_reported) rep.differences.push_back(std::move(s));
  };
  const hid_t fa = H5Fopen(a.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (fa < 0) throw InputError(fmt::format("error: cannot open results file '{}'", a));
  const hid_t fb = H5Fopen(b.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (fb < 0) {
    H5Fclose(fa);
    throw InputError(fmt::format("error: cannot open results file '{}'", b));
  }
  const Collected ca = collect(fa), cb = collect(fb);
  // What B adds without changing what A holds: finals of runs, summary tables, summary columns.
  std::set<std::string> added_finals, added_tables, added_columns, tables_checked;
  std::size_t added_final_datasets = 0;
  auto added_table_group = [&](const std::string& path) {
    for (const auto& g : cb.groups)
      if (!ca.groups.count(g) && g.rfind("/summary/", 0) == 0 && is_table(cb, g) &&
          (path == g || path.rfind(g + "/", 0) == 0))
        return g;
    return std::string();
  };
  for (const auto& g : ca.groups)
    if (!cb.groups.count(g)) diff(fmt::format("group {} only in {}", g, a));
  for (const auto& g : cb.groups)
    if (!ca.groups.count(g)) {
      if (const std::string t = added_table_group(g); !t.empty()) added_tables.insert(t);
      else diff(fmt::format("group {} only in {}", g, b));
    }
  for (const auto& g : ca.groups) {
    if (!cb.groups.count(g)) continue;
    hid_t ga = H5Gopen2(fa, g.c_str(), H5P_DEFAULT), gb = H5Gopen2(fb, g.c_str(), H5P_DEFAULT);
    const std::string d = differing(attributes(ga, g == "/", ignore), attributes(gb, g == "/", ignore));
    if (!d.empty()) diff(fmt::format("attributes of {} differ: {}", g, d));
    H5Gclose(ga);
    H5Gclose(gb);
    ++rep.objects_compared;
  }
  for (const auto& d : ca.datasets) {
    if (!cb.datasets.count(d)) {
      diff(fmt::format("dataset {} only in {}", d, a));
      continue;
    }
    hid_t da = H5Dopen2(fa, d.c_str(), H5P_DEFAULT), db = H5Dopen2(fb, d.c_str(), H5P_DEFAULT);
    if (read_bytes(da, false) != read_bytes(db, false)) {
      const std::string g = d.substr(0, d.rfind('/'));
      std::vector<std::string> cols;
      if (is_table(ca, g) && is_table(cb, g) && table_only_adds_columns(fa, fb, g, cols)) {
        if (tables_checked.insert(g).second)
          for (const auto& c : cols) added_columns.insert(g + ":" + c);
      } else {
        diff(fmt::format("dataset {} differs", d));
      }
    }
    const std::string ad = differing(attributes(da, false, ignore), attributes(db, false, ignore));
    if (!ad.empty()) diff(fmt::format("attributes of {} differ: {}", d, ad));
    H5Dclose(da);
    H5Dclose(db);
    ++rep.objects_compared;
  }
  for (const auto& d : cb.datasets) {
    if (ca.datasets.count(d)) continue;
    const std::string f = final_name(d);
    if (!f.empty() && ca.groups.count(d.substr(0, d.rfind('/')))) {
      added_finals.insert(f);
      ++added_final_datasets;
    } else if (added_table_group(d).empty()) {
      diff(fmt::format("dataset {} only in {}", d, b));
    }
  }
  if (!added_finals.empty()) {
    std::string names;
    for (const auto& f : added_finals) names += (names.empty() ? "" : ", ") + f;
    rep.additions.push_back(fmt::format("{} adds {} final(s) in {} run(s): {}", b, added_finals.size(),
                                        added_final_datasets / added_finals.size(), names));
  }
  for (const auto& t : added_tables) rep.additions.push_back(fmt::format("{} adds the table {}", b, t));
  if (!added_columns.empty()) {
    std::map<std::string, std::size_t> per_table;
    for (const auto& c : added_columns) ++per_table[c.substr(0, c.find(':'))];
    for (const auto& [t, n] : per_table)
      rep.additions.push_back(fmt::format("{} adds {} column(s) to the table {}", b, n, t));
  }
  H5Fclose(fa);
  H5Fclose(fb);
  return rep;
}

}  // namespace govsim::sim
