// File: sim/output/durable_file.hpp
//
// Where govsim may write, and how a file becomes durable.
//
// Output paths (the results file, its "<out>.d/" run store, "<stem>.partial.h5", per-run files):
//   - the folder must exist and be writable (InputError otherwise);
//   - a path that exists and is not a regular file (a folder, a device, a FIFO, a socket, a
//     symbolic link) is refused, with or without --force, and left untouched (InputError,
//     exit 2): --force replaces only a regular results file;
//   - an existing regular file is refused without --force (InputError) and replaced atomically,
//     at the very end, with it.
// Durable writes: "<path>.tmp" is written, fsynced and renamed to <path>, then the folder is
// fsynced: <path> is complete or absent, even after kill -9 or a power cut. Any failure (a full
// disk: ENOSPC, EIO, EDQUOT, ...) throws OutputError naming the path and the reason
// ("cannot write 'x.h5': no space left on device") and leaves neither <path> nor the
// temporary behind.
#pragma once

#include <cstddef>
#include <string>

namespace govsim::sim {

// Checks that `path` may be written (rules above). Throws InputError.
void check_output_path(const std::string& path, bool force);

// What `path` is when it exists and is not a regular file: "a folder", "a character device",
// "a block device", "a FIFO (named pipe)", "a socket", "a symbolic link"; "" when it is a
// regular file or does not exist. Symbolic links are not followed.
std::string non_regular_kind(const std::string& path);

// Throws InputError when `path` exists and is not a regular file ("error: output 'x' is a
// FIFO (named pipe): govsim writes only to a new path or over a regular file").
void refuse_non_regular(const std::string& path);

// Prepares a temporary file name: removes a stale regular file there; refuses (InputError)
// anything else.
void clear_temporary(const std::string& tmp);

// Writes `size` bytes to `path` durably (rules above). Throws OutputError. `sync_folder` =
// false leaves the fsync of the folder to the caller (who makes several files durable at once).
void write_file_durably(const std::string& path, const void* data, std::size_t size,
                        bool sync_folder = true);

// Finishes a durable write of a file already written and closed at `tmp`: fsync, rename to
// `path` (which must be absent or a regular file), fsync of the folder. On failure removes
// `tmp` and throws OutputError naming `path`. `synced`: the caller has fsynced `tmp` already;
// `sync_folder` = false: the caller fsyncs the folder.
void commit_temporary(const std::string& tmp, const std::string& path, bool synced = false,
                      bool sync_folder = true);

// fsync of a file (returns errno, 0 on success; file systems without fsync count as success)
// and of a folder (best effort).
int fsync_file(const std::string& path);
void fsync_folder_of(const std::string& path);

// strerror(err) with a lower-case first letter: "no space left on device".
std::string error_text(int err);

}  // namespace govsim::sim
