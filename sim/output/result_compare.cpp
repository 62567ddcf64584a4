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
  for (const auto& g : ca.groups)
    if (!cb.groups.count(g)) diff(fmt::format("group {} only in {}", g, a));
  for (const auto& g : cb.groups)
    if (!ca.groups.count(g)) diff(fmt::format("group {} only in {}", g, b));
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
    if (read_bytes(da, false) != read_bytes(db, false)) diff(fmt::format("dataset {} differs", d));
    const std::string ad = differing(attributes(da, false, ignore), attributes(db, false, ignore));
    if (!ad.empty()) diff(fmt::format("attributes of {} differ: {}", d, ad));
    H5Dclose(da);
    H5Dclose(db);
    ++rep.objects_compared;
  }
  for (const auto& d : cb.datasets)
    if (!ca.datasets.count(d)) diff(fmt::format("dataset {} only in {}", d, b));
  H5Fclose(fa);
  H5Fclose(fb);
  return rep;
}

}  // namespace govsim::sim
