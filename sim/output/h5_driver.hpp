// File: sim/output/h5_driver.hpp
//
// "govsim-safe", an HDF5 file driver for files that govsim writes to disk: POSIX pread/pwrite
// like HDF5's sec2 driver, except that a failed write (ENOSPC on a full disk, EIO, EDQUOT, a
// file-size limit) is never reported to HDF5. The driver records the first error's errno in a
// slot the caller owns and keeps that write, and every later one, in memory pages, from which
// later reads are served; nothing more goes to the disk. HDF5 therefore always sees a
// consistent file and closes it cleanly; the caller checks the slot after each step and after
// closing, and reports the error and removes the file.
//
// Why: when HDF5 itself sees a write fail, its error paths are not safe. A failed H5Fclose
// leaves the file identifier pointing at freed memory; the next HDF5 call or the library's
// clean-up at exit then crashes (govsim ended in a segmentation fault on a full disk).
//
// Files written with the driver are ordinary HDF5 files (no driver information in the
// superblock): any HDF5 reader opens them with its default driver.
#pragma once

#include <hdf5.h>

#include <atomic>

#include "sim/output/h5.hpp"

namespace govsim::sim::h5 {

// A file access property list selecting the driver. The first write error's errno is stored
// in `*error` (left untouched while there is none); `error` must outlive the file.
Handle safe_file_access(std::atomic<int>* error);

// The errno of the last file this thread failed to open with the driver (why H5Fcreate or
// H5Fopen failed).
int safe_open_error();

}  // namespace govsim::sim::h5
