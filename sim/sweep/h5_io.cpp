#include "sim/sweep/h5_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

namespace govsim::sim::sweep::h5 {

std::mutex& hdf5_mutex() {
  static std::mutex mu;
  return mu;
}

namespace {

H5::StrType vlen_string() {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  return type;
}

template <class T>
void write_vector(H5::Group& g, const std::string& name, const std::vector<T>& v,
                  const H5::PredType& file_type, const H5::PredType& mem_type) {
  hsize_t n = v.size();
  H5::DataSpace space(1, &n);
  H5::DataSet ds = g.createDataSet(name, file_type, space);
  if (n) ds.write(v.data(), mem_type);
}

template <class T>
std::vector<T> read_vector(const H5::Group& g, const std::string& name, const H5::PredType& mem_type) {
  H5::DataSet ds = g.openDataSet(name);
  H5::DataSpace space = ds.getSpace();
  const auto n = static_cast<std::size_t>(space.getSimpleExtentNpoints());
  std::vector<T> v(n);
  if (n) ds.read(v.data(), mem_type);
  return v;
}

}  // namespace

H5::Group ensure_group(H5::H5File& file, const std::string& path) {
  std::size_t pos = 1;
  while (pos <= path.size()) {
    const std::size_t next = path.find('/', pos);
    const std::string cur = path.substr(0, next == std::string::npos ? path.size() : next);
    if (!file.nameExists(cur)) file.createGroup(cur);
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  return file.openGroup(path);
}

void write_string_attr(H5::H5Object& obj, const std::string& name, const std::string& value) {
  const H5::StrType type = vlen_string();
  H5::DataSpace space(H5S_SCALAR);
  if (obj.attrExists(name)) obj.removeAttr(name);
  H5::Attribute a = obj.createAttribute(name, type, space);
  const char* c = value.c_str();
  a.write(type, &c);
}

void write_u64_attr(H5::H5Object& obj, const std::string& name, uint64_t value) {
  H5::DataSpace space(H5S_SCALAR);
  if (obj.attrExists(name)) obj.removeAttr(name);
  obj.createAttribute(name, H5::PredType::STD_U64LE, space).write(H5::PredType::NATIVE_UINT64, &value);
}

void write_i64_attr(H5::H5Object& obj, const std::string& name, int64_t value) {
  H5::DataSpace space(H5S_SCALAR);
  if (obj.attrExists(name)) obj.removeAttr(name);
  obj.createAttribute(name, H5::PredType::STD_I64LE, space).write(H5::PredType::NATIVE_INT64, &value);
}

void write_f64_attr(H5::H5Object& obj, const std::string& name, double value) {
  H5::DataSpace space(H5S_SCALAR);
  if (obj.attrExists(name)) obj.removeAttr(name);
  obj.createAttribute(name, H5::PredType::IEEE_F64LE, space).write(H5::PredType::NATIVE_DOUBLE, &value);
}

std::string read_string_attr(const H5::H5Object& obj, const std::string& name) {
  H5::Attribute a = obj.openAttribute(name);
  std::string out;
  a.read(a.getStrType(), out);
  return out;
}

uint64_t read_u64_attr(const H5::H5Object& obj, const std::string& name) {
  uint64_t v = 0;
  obj.openAttribute(name).read(H5::PredType::NATIVE_UINT64, &v);
  return v;
}

int64_t read_i64_attr(const H5::H5Object& obj, const std::string& name) {
  int64_t v = 0;
  obj.openAttribute(name).read(H5::PredType::NATIVE_INT64, &v);
  return v;
}

uint32_t read_u32_attr(const H5::H5Object& obj, const std::string& name) {
  uint32_t v = 0;
  obj.openAttribute(name).read(H5::PredType::NATIVE_UINT32, &v);
  return v;
}

double read_f64_attr(const H5::H5Object& obj, const std::string& name) {
  double v = 0;
  obj.openAttribute(name).read(H5::PredType::NATIVE_DOUBLE, &v);
  return v;
}

void write_string(H5::Group& g, const std::string& name, const std::string& value) {
  const H5::StrType type = vlen_string();
  H5::DataSpace space(H5S_SCALAR);
  H5::DataSet ds = g.createDataSet(name, type, space);
  const char* c = value.c_str();
  ds.write(&c, type);
}

std::string read_string(const H5::Group& g, const std::string& name) {
  H5::DataSet ds = g.openDataSet(name);
  std::string out;
  ds.read(out, ds.getStrType());
  return out;
}

void write_strings(H5::Group& g, const std::string& name, const std::vector<std::string>& v) {
  const H5::StrType type = vlen_string();
  hsize_t n = v.size();
  H5::DataSpace space(1, &n);
  std::vector<const char*> ptrs;
  ptrs.reserve(v.size());
  for (const auto& s : v) ptrs.push_back(s.c_str());
  H5::DataSet ds = g.createDataSet(name, type, space);
  if (n) ds.write(ptrs.data(), type);
}

std::vector<std::string> read_strings(const H5::Group& g, const std::string& name) {
  H5::DataSet ds = g.openDataSet(name);
  H5::DataSpace space = ds.getSpace();
  const auto n = static_cast<std::size_t>(space.getSimpleExtentNpoints());
  std::vector<std::string> out;
  if (n == 0) return out;
  const H5::StrType mem = vlen_string();
  std::vector<char*> ptrs(n, nullptr);
  ds.read(ptrs.data(), mem);
  out.reserve(n);
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  H5Dvlen_reclaim(mem.getId(), space.getId(), H5P_DEFAULT, ptrs.data());
  return out;
}

void write_u64s(H5::Group& g, const std::string& name, const std::vector<uint64_t>& v) {
  write_vector(g, name, v, H5::PredType::STD_U64LE, H5::PredType::NATIVE_UINT64);
}
void write_u32s(H5::Group& g, const std::string& name, const std::vector<uint32_t>& v) {
  write_vector(g, name, v, H5::PredType::STD_U32LE, H5::PredType::NATIVE_UINT32);
}
void write_i32s(H5::Group& g, const std::string& name, const std::vector<int32_t>& v) {
  write_vector(g, name, v, H5::PredType::STD_I32LE, H5::PredType::NATIVE_INT32);
}

void write_f64s(H5::Group& g, const std::string& name, const std::vector<double>& v,
                std::size_t rows, std::size_t cols) {
  hsize_t dims[2] = {rows, cols};
  H5::DataSpace space(cols ? 2 : 1, dims);
  H5::DataSet ds = g.createDataSet(name, H5::PredType::IEEE_F64LE, space);
  if (!v.empty()) ds.write(v.data(), H5::PredType::NATIVE_DOUBLE);
}

std::vector<uint64_t> read_u64s(const H5::Group& g, const std::string& name) {
  return read_vector<uint64_t>(g, name, H5::PredType::NATIVE_UINT64);
}
std::vector<uint32_t> read_u32s(const H5::Group& g, const std::string& name) {
  return read_vector<uint32_t>(g, name, H5::PredType::NATIVE_UINT32);
}
std::vector<int32_t> read_i32s(const H5::Group& g, const std::string& name) {
  return read_vector<int32_t>(g, name, H5::PredType::NATIVE_INT32);
}

std::vector<double> read_f64s(const H5::Group& g, const std::string& name, std::vector<hsize_t>* dims) {
  H5::DataSet ds = g.openDataSet(name);
  H5::DataSpace space = ds.getSpace();
  const int nd = space.getSimpleExtentNdims();
  std::vector<hsize_t> d(static_cast<std::size_t>(std::max(nd, 0)));
  if (nd > 0) space.getSimpleExtentDims(d.data());
  if (dims) *dims = d;
  const auto n = static_cast<std::size_t>(space.getSimpleExtentNpoints());
  std::vector<double> v(n);
  if (n) ds.read(v.data(), H5::PredType::NATIVE_DOUBLE);
  return v;
}

std::vector<std::string> member_names(const H5::Group& g) {
  std::vector<std::string> out;
  const hsize_t n = g.getNumObjs();
  out.reserve(n);
  for (hsize_t i = 0; i < n; ++i) out.push_back(g.getObjnameByIdx(i));
  std::sort(out.begin(), out.end());
  return out;
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

void fsync_path(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace govsim::sim::sweep::h5
