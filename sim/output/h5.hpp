// File: sim/output/h5.hpp
//
// The one set of HDF5 helpers every govsim file goes through (results files, per-run files of
// the run store, the sweep's design and manifest, the readers of `govsim summarize`), on the
// HDF5 C API with RAII handles, in the style of HighFive:
//   - every call's status is checked; a failure throws h5::Failure naming the object, and the
//     caller adds the file (OutputError when writing, InputError when reading a user's file);
//   - a Handle closes its identifier exactly once; the destructor closes silently (an error
//     path never prints and never closes twice: closing an HDF5 file a second time after a
//     failed close is what crashed govsim on a full disk), Handle::close() reports the status
//     on the success path;
//   - HDF5's automatic error printing is off (quiet(), called by every entry point that opens
//     or creates a file).
// The HDF5 library of the distribution is not thread-safe: code that may run while other
// threads use HDF5 holds h5::mutex() around its HDF5 calls.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace govsim::sim::h5 {

// An HDF5 call failed; the message names the object ("cannot create dataset 'series/P'").
class Failure : public std::runtime_error {
 public:
  explicit Failure(const std::string& message) : std::runtime_error(message) {}
};

// Turns off HDF5's automatic error printing (idempotent).
void quiet();

// Serialises HDF5 calls of threads that run concurrently.
std::mutex& mutex();

// An owned HDF5 identifier (file, group, dataset, attribute, dataspace, datatype, property list).
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Handle() { (void)close(); }
  Handle(Handle&& o) noexcept : id_(o.id_), closer_(o.closer_) { o.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& o) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  hid_t id() const { return id_; }
  explicit operator bool() const { return id_ >= 0; }
  // Closes now and returns the close call's status (0 when empty). The handle is empty
  // afterwards whatever the status: an identifier is never closed twice.
  herr_t close();

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// Throws Failure(what) when `id` < 0, else returns the owning handle.
Handle checked(hid_t id, Handle::Closer closer, const std::string& what);
// Throws Failure(what) when `status` < 0.
void check(herr_t status, const std::string& what);

// Opens an existing HDF5 file read-only (HDF5's default driver).
Handle open_file(const std::string& path);

// Groups. `path` may be relative to `loc` or absolute.
Handle open_group(hid_t loc, const std::string& path);
Handle create_group(hid_t loc, const std::string& name);
// Creates every missing group of an absolute path in `file` and returns the last.
Handle ensure_group(hid_t file, const std::string& path);
// True when every component of `path` (relative to `loc`, or absolute) exists.
bool exists(hid_t loc, const std::string& path);
// Names of the links in a group, sorted.
std::vector<std::string> member_names(hid_t group);

Handle open_dataset(hid_t loc, const std::string& name);

// Attributes (scalar). Writing replaces an attribute of the same name. Strings are variable
// length, UTF-8; integers are stored little-endian with the width the name says.
bool has_attr(hid_t obj, const std::string& name);
void write_string_attr(hid_t obj, const std::string& name, const std::string& value);
void write_i32_attr(hid_t obj, const std::string& name, int32_t value);
void write_u32_attr(hid_t obj, const std::string& name, uint32_t value);
void write_i64_attr(hid_t obj, const std::string& name, int64_t value);
void write_u64_attr(hid_t obj, const std::string& name, uint64_t value);
void write_f64_attr(hid_t obj, const std::string& name, double value);
std::string read_string_attr(hid_t obj, const std::string& name);
int64_t read_i64_attr(hid_t obj, const std::string& name);
uint64_t read_u64_attr(hid_t obj, const std::string& name);
uint32_t read_u32_attr(hid_t obj, const std::string& name);
double read_f64_attr(hid_t obj, const std::string& name);

// Datasets. A scalar string; 1-D string, integer and float64 datasets.
void write_string(hid_t loc, const std::string& name, const std::string& value);
std::string read_string(hid_t loc, const std::string& name);
void write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& items);
std::vector<std::string> read_strings(hid_t loc, const std::string& name);
void write_u64s(hid_t loc, const std::string& name, const std::vector<uint64_t>& v);
void write_u32s(hid_t loc, const std::string& name, const std::vector<uint32_t>& v);
void write_i32s(hid_t loc, const std::string& name, const std::vector<int32_t>& v);
std::vector<uint64_t> read_u64s(hid_t loc, const std::string& name);
std::vector<uint32_t> read_u32s(hid_t loc, const std::string& name);
std::vector<int32_t> read_i32s(hid_t loc, const std::string& name);

// float64 dataset of shape `dims` (row-major `data`). kChunked: arrays of 4096 values or more
// are chunked and deflated (level 4), smaller ones contiguous (the layout of series, community
// series, finals and extras); kContiguous: never compressed (tables, design matrices).
enum class Layout { kChunked, kContiguous };
void write_f64s(hid_t loc, const std::string& name, const double* data,
                const std::vector<hsize_t>& dims, Layout layout = Layout::kContiguous);
// Any numeric dataset as doubles; `dims` receives its shape.
std::vector<double> read_f64s(hid_t loc, const std::string& name,
                              std::vector<hsize_t>* dims = nullptr);

// Splits text on '\n' (empty text: no items); joins with '\n'.
std::vector<std::string> split_lines(const std::string& text);
std::string join_lines(const std::vector<std::string>& items);

}  // namespace govsim::sim::h5
