// File: sim/sweep/h5_io.hpp (private to sim/sweep)
//
// Small typed helpers over the HDF5 C++ API for the sweep's own objects (/design, /manifest,
// per-run files). The HDF5 library of the distribution is not thread-safe: every HDF5 call made
// by sweep code while runs execute holds hdf5_mutex().
#pragma once

#include <H5Cpp.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace govsim::sim::sweep::h5 {

std::mutex& hdf5_mutex();

// Creates every missing group of an absolute path and returns the last.
H5::Group ensure_group(H5::H5File& file, const std::string& path);

void write_string_attr(H5::H5Object& obj, const std::string& name, const std::string& value);
void write_u64_attr(H5::H5Object& obj, const std::string& name, uint64_t value);
void write_i64_attr(H5::H5Object& obj, const std::string& name, int64_t value);
void write_f64_attr(H5::H5Object& obj, const std::string& name, double value);

std::string read_string_attr(const H5::H5Object& obj, const std::string& name);
uint64_t read_u64_attr(const H5::H5Object& obj, const std::string& name);
int64_t read_i64_attr(const H5::H5Object& obj, const std::string& name);
uint32_t read_u32_attr(const H5::H5Object& obj, const std::string& name);
double read_f64_attr(const H5::H5Object& obj, const std::string& name);

// Scalar string dataset.
void write_string(H5::Group& g, const std::string& name, const std::string& value);
std::string read_string(const H5::Group& g, const std::string& name);
// 1-D datasets.
void write_strings(H5::Group& g, const std::string& name, const std::vector<std::string>& v);
void write_u64s(H5::Group& g, const std::string& name, const std::vector<uint64_t>& v);
void write_u32s(H5::Group& g, const std::string& name, const std::vector<uint32_t>& v);
void write_i32s(H5::Group& g, const std::string& name, const std::vector<int32_t>& v);
// float64 [rows, cols] (cols = 0: 1-D of rows).
void write_f64s(H5::Group& g, const std::string& name, const std::vector<double>& v,
                std::size_t rows, std::size_t cols);

std::vector<std::string> read_strings(const H5::Group& g, const std::string& name);
std::vector<uint64_t> read_u64s(const H5::Group& g, const std::string& name);
std::vector<uint32_t> read_u32s(const H5::Group& g, const std::string& name);
std::vector<int32_t> read_i32s(const H5::Group& g, const std::string& name);
// Any numeric dataset as doubles; dims receives its shape.
std::vector<double> read_f64s(const H5::Group& g, const std::string& name,
                              std::vector<hsize_t>* dims = nullptr);

// Names of the links in a group, in name order.
std::vector<std::string> member_names(const H5::Group& g);

// Splits text on '\n' (empty text: no items).
std::vector<std::string> split_lines(const std::string& text);
std::string join_lines(const std::vector<std::string>& items);

// fsync of a file or folder (errors ignored: best effort where the file system has none).
void fsync_path(const std::string& path, bool directory);

}  // namespace govsim::sim::sweep::h5
