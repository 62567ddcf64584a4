#include "sim/output/h5.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace govsim::sim::h5 {

void quiet() {
  static std::once_flag once;
  std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
  // HDF5 keeps the setting per thread in thread-safe builds: set it on this thread too.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

std::mutex& mutex() {
  static std::mutex mu;
  return mu;
}

Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    (void)close();
    id_ = o.id_;
    closer_ = o.closer_;
    o.id_ = H5I_INVALID_HID;
  }
  return *this;
}

herr_t Handle::close() {
  if (id_ < 0 || !closer_) return 0;
  const hid_t id = id_;
  id_ = H5I_INVALID_HID;
  return closer_(id);
}

Handle checked(hid_t id, Handle::Closer closer, const std::string& what) {
  if (id < 0) throw Failure(what);
  return Handle(id, closer);
}

void check(herr_t status, const std::string& what) {
  if (status < 0) throw Failure(what);
}

namespace {

Handle vlen_string_type() {
  Handle t = checked(H5Tcopy(H5T_C_S1), H5Tclose, "cannot make a string type");
  check(H5Tset_size(t.id(), H5T_VARIABLE), "cannot make a string type");
  check(H5Tset_cset(t.id(), H5T_CSET_UTF8), "cannot make a string type");
  return t;
}

Handle scalar_space() { return checked(H5Screate(H5S_SCALAR), H5Sclose, "cannot make a dataspace"); }

Handle simple_space(const std::vector<hsize_t>& dims) {
  return checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                 "cannot make a dataspace");
}

Handle open_attr(hid_t obj, const std::string& name) {
  return checked(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose,
                 fmt::format("cannot open attribute '{}'", name));
}

void write_attr(hid_t obj, const std::string& name, hid_t file_type, hid_t mem_type,
                const void* value) {
  if (has_attr(obj, name)) check(H5Adelete(obj, name.c_str()), fmt::format("cannot replace attribute '{}'", name));
  const Handle space = scalar_space();
  Handle a = checked(H5Acreate2(obj, name.c_str(), file_type, space.id(), H5P_DEFAULT, H5P_DEFAULT),
                     H5Aclose, fmt::format("cannot create attribute '{}'", name));
  check(H5Awrite(a.id(), mem_type, value), fmt::format("cannot write attribute '{}'", name));
  check(a.close(), fmt::format("cannot write attribute '{}'", name));
}

template <class T>
T read_attr(hid_t obj, const std::string& name, hid_t mem_type) {
  const Handle a = open_attr(obj, name);
  T v{};
  check(H5Aread(a.id(), mem_type, &v), fmt::format("cannot read attribute '{}'", name));
  return v;
}

// Creates dataset `name` and writes `data` (nothing when the space is empty).
void write_dataset(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type,
                   const std::vector<hsize_t>& dims, const void* data, hid_t dcpl = H5P_DEFAULT) {
  const Handle space = simple_space(dims);
  Handle ds = checked(H5Dcreate2(loc, name.c_str(), file_type, space.id(), H5P_DEFAULT, dcpl, H5P_DEFAULT),
                      H5Dclose, fmt::format("cannot create dataset '{}'", name));
  hsize_t total = 1;
  for (auto d : dims) total *= d;
  if (total > 0)
    check(H5Dwrite(ds.id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
          fmt::format("cannot write dataset '{}'", name));
  check(ds.close(), fmt::format("cannot write dataset '{}'", name));
}

template <class T>
void write_vector(hid_t loc, const std::string& name, const std::vector<T>& v, hid_t file_type,
                  hid_t mem_type) {
  write_dataset(loc, name, file_type, mem_type, {v.size()}, v.data());
}

hsize_t npoints(hid_t space) {
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n < 0) throw Failure("cannot read a dataspace");
  return static_cast<hsize_t>(n);
}

template <class T>
std::vector<T> read_vector(hid_t loc, const std::string& name, hid_t mem_type) {
  const Handle ds = open_dataset(loc, name);
  const Handle space = checked(H5Dget_space(ds.id()), H5Sclose, fmt::format("cannot read dataset '{}'", name));
  std::vector<T> v(npoints(space.id()));
  if (!v.empty())
    check(H5Dread(ds.id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()),
          fmt::format("cannot read dataset '{}'", name));
  return v;
}

}  // namespace

Handle open_file(const std::string& path) {
  quiet();
  return checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                 fmt::format("cannot open '{}' as an HDF5 file", path));
}

Handle open_group(hid_t loc, const std::string& path) {
  return checked(H5Gopen2(loc, path.c_str(), H5P_DEFAULT), H5Gclose,
                 fmt::format("cannot open group '{}'", path));
}

Handle create_group(hid_t loc, const std::string& name) {
  return checked(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                 fmt::format("cannot create group '{}'", name));
}

Handle ensure_group(hid_t file, const std::string& path) {
  std::size_t pos = 1;
  while (pos <= path.size()) {
    const std::size_t next = path.find('/', pos);
    const std::string cur = path.substr(0, next == std::string::npos ? path.size() : next);
    if (H5Lexists(file, cur.c_str(), H5P_DEFAULT) <= 0) (void)create_group(file, cur);
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  return open_group(file, path);
}

bool exists(hid_t loc, const std::string& path) {
  // H5Lexists needs every intermediate link to exist: test the components one by one.
  std::size_t pos = path.empty() || path[0] != '/' ? 0 : 1;
  while (pos < path.size()) {
    const std::size_t next = path.find('/', pos);
    const std::string cur = path.substr(0, next);
    if (H5Lexists(loc, cur.c_str(), H5P_DEFAULT) <= 0) return false;
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  return true;
}

std::vector<std::string> member_names(hid_t group) {
  H5G_info_t info{};
  check(H5Gget_info(group, &info), "cannot list a group");
  std::vector<std::string> out;
  out.reserve(info.nlinks);
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t n = H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) throw Failure("cannot list a group");
    std::string name(static_cast<std::size_t>(n) + 1, '\0');
    H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
    name.resize(static_cast<std::size_t>(n));
    out.push_back(std::move(name));
  }
  std::sort(out.begin(), out.end());
  return out;
}

Handle open_dataset(hid_t loc, const std::string& name) {
  return checked(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose,
                 fmt::format("cannot open dataset '{}'", name));
}

bool has_attr(hid_t obj, const std::string& name) { return H5Aexists(obj, name.c_str()) > 0; }

void write_string_attr(hid_t obj, const std::string& name, const std::string& value) {
  const Handle type = vlen_string_type();
  const char* c = value.c_str();
  write_attr(obj, name, type.id(), type.id(), &c);
}
void write_i32_attr(hid_t obj, const std::string& name, int32_t value) {
  write_attr(obj, name, H5T_STD_I32LE, H5T_NATIVE_INT32, &value);
}
void write_u32_attr(hid_t obj, const std::string& name, uint32_t value) {
  write_attr(obj, name, H5T_STD_U32LE, H5T_NATIVE_UINT32, &value);
}
void write_i64_attr(hid_t obj, const std::string& name, int64_t value) {
  write_attr(obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}
void write_u64_attr(hid_t obj, const std::string& name, uint64_t value) {
  write_attr(obj, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}
void write_f64_attr(hid_t obj, const std::string& name, double value) {
  write_attr(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

std::string read_string_attr(hid_t obj, const std::string& name) {
  const Handle a = open_attr(obj, name);
  const Handle ftype = checked(H5Aget_type(a.id()), H5Tclose, fmt::format("cannot read attribute '{}'", name));
  if (H5Tget_class(ftype.id()) != H5T_STRING)
    throw Failure(fmt::format("attribute '{}' is not a string", name));
  if (H5Tis_variable_str(ftype.id()) > 0) {
    const Handle mem = vlen_string_type();
    char* p = nullptr;
    check(H5Aread(a.id(), mem.id(), &p), fmt::format("cannot read attribute '{}'", name));
    std::string out = p ? p : "";
    H5free_memory(p);
    return out;
  }
  const std::size_t size = H5Tget_size(ftype.id());
  std::string out(size, '\0');
  check(H5Aread(a.id(), ftype.id(), out.data()), fmt::format("cannot read attribute '{}'", name));
  out.resize(std::min(out.size(), out.find('\0')));
  return out;
}

int64_t read_i64_attr(hid_t obj, const std::string& name) {
  return read_attr<int64_t>(obj, name, H5T_NATIVE_INT64);
}
uint64_t read_u64_attr(hid_t obj, const std::string& name) {
  return read_attr<uint64_t>(obj, name, H5T_NATIVE_UINT64);
}
uint32_t read_u32_attr(hid_t obj, const std::string& name) {
  return read_attr<uint32_t>(obj, name, H5T_NATIVE_UINT32);
}
double read_f64_attr(hid_t obj, const std::string& name) {
  return read_attr<double>(obj, name, H5T_NATIVE_DOUBLE);
}

void write_string(hid_t loc, const std::string& name, const std::string& value) {
  const Handle type = vlen_string_type();
  const Handle space = scalar_space();
  Handle ds = checked(H5Dcreate2(loc, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                      H5Dclose, fmt::format("cannot create dataset '{}'", name));
  const char* c = value.c_str();
  check(H5Dwrite(ds.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &c),
        fmt::format("cannot write dataset '{}'", name));
  check(ds.close(), fmt::format("cannot write dataset '{}'", name));
}

std::string read_string(hid_t loc, const std::string& name) {
  const auto v = read_strings(loc, name);
  return v.empty() ? std::string() : v.front();
}

void write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& items) {
  const Handle type = vlen_string_type();
  std::vector<const char*> ptrs;
  ptrs.reserve(items.size());
  for (const auto& s : items) ptrs.push_back(s.c_str());
  write_dataset(loc, name, type.id(), type.id(), {items.size()}, ptrs.data());
}

std::vector<std::string> read_strings(hid_t loc, const std::string& name) {
  const Handle ds = open_dataset(loc, name);
  const Handle space = checked(H5Dget_space(ds.id()), H5Sclose, fmt::format("cannot read dataset '{}'", name));
  const hsize_t n = npoints(space.id());
  std::vector<std::string> out;
  if (n == 0) return out;
  const Handle mem = vlen_string_type();
  std::vector<char*> ptrs(n, nullptr);
  check(H5Dread(ds.id(), mem.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()),
        fmt::format("cannot read dataset '{}'", name));
  out.reserve(n);
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  H5Dvlen_reclaim(mem.id(), space.id(), H5P_DEFAULT, ptrs.data());
  return out;
}

void write_u64s(hid_t loc, const std::string& name, const std::vector<uint64_t>& v) {
  write_vector(loc, name, v, H5T_STD_U64LE, H5T_NATIVE_UINT64);
}
void write_u32s(hid_t loc, const std::string& name, const std::vector<uint32_t>& v) {
  write_vector(loc, name, v, H5T_STD_U32LE, H5T_NATIVE_UINT32);
}
void write_i32s(hid_t loc, const std::string& name, const std::vector<int32_t>& v) {
  write_vector(loc, name, v, H5T_STD_I32LE, H5T_NATIVE_INT32);
}
std::vector<uint64_t> read_u64s(hid_t loc, const std::string& name) {
  return read_vector<uint64_t>(loc, name, H5T_NATIVE_UINT64);
}
std::vector<uint32_t> read_u32s(hid_t loc, const std::string& name) {
  return read_vector<uint32_t>(loc, name, H5T_NATIVE_UINT32);
}
std::vector<int32_t> read_i32s(hid_t loc, const std::string& name) {
  return read_vector<int32_t>(loc, name, H5T_NATIVE_INT32);
}

void write_f64s(hid_t loc, const std::string& name, const double* data,
                const std::vector<hsize_t>& dims, Layout layout) {
  hsize_t total = 1;
  for (auto d : dims) total *= d;
  if (layout == Layout::kChunked && total >= 4096) {
    // Chunked and deflated: chunks of at most 2^16 per dimension and 2^18 values in all.
    std::vector<hsize_t> chunk = dims;
    hsize_t c = 1;
    for (auto& d : chunk) {
      d = std::max<hsize_t>(1, std::min<hsize_t>(d, 1u << 16));
      c *= d;
    }
    if (c > (1u << 18)) chunk.back() = std::max<hsize_t>(1, chunk.back() / (c >> 18));
    const Handle dcpl = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "cannot make a property list");
    check(H5Pset_chunk(dcpl.id(), static_cast<int>(chunk.size()), chunk.data()), "cannot set chunks");
    check(H5Pset_deflate(dcpl.id(), 4), "cannot set compression");
    write_dataset(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, data, dcpl.id());
    return;
  }
  write_dataset(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, data);
}

std::vector<double> read_f64s(hid_t loc, const std::string& name, std::vector<hsize_t>* dims) {
  const Handle ds = open_dataset(loc, name);
  const Handle space = checked(H5Dget_space(ds.id()), H5Sclose, fmt::format("cannot read dataset '{}'", name));
  const int nd = H5Sget_simple_extent_ndims(space.id());
  std::vector<hsize_t> d(static_cast<std::size_t>(std::max(nd, 0)));
  if (nd > 0) H5Sget_simple_extent_dims(space.id(), d.data(), nullptr);
  if (dims) *dims = d;
  std::vector<double> v(npoints(space.id()));
  if (!v.empty())
    check(H5Dread(ds.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()),
          fmt::format("cannot read dataset '{}'", name));
  return v;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const std::size_t nl = text.find('\n', start);
    out.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "\n" : "") + items[i];
  return out;
}

}  // namespace govsim::sim::h5
