#include "sim/output/h5_driver.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <H5FDpublic.h>

#include <algorithm>
#include <iterator>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

namespace govsim::sim::h5 {

namespace {

constexpr haddr_t kMaxAddr = (haddr_t{1} << 62) - 1;
constexpr std::size_t kPage = 4096;

struct SafeInfo {  // the driver information carried by the property list
  std::atomic<int>* error;
};

// What the driver keeps per open file, besides HDF5's public part.
struct State {
  int fd = -1;
  haddr_t eoa = 0;
  haddr_t eof = 0;  // logical end of file: the disk size, or beyond once writes go to memory
  dev_t device = 0;
  ino_t inode = 0;
  std::atomic<int>* error = nullptr;
  bool failed = false;  // a write failed: everything from then on lives in `pages`
  std::map<haddr_t, std::unique_ptr<unsigned char[]>> pages;  // page address -> kPage bytes

  void record(int err) {
    if (error) {
      int none = 0;
      error->compare_exchange_strong(none, err == 0 ? EIO : err);
    }
  }
};

thread_local int last_open_error = 0;

struct SafeFile {  // standard layout: HDF5's part first, as every driver does
  H5FD_t pub;
  State* state;
};

State& state_of(const H5FD_t* f) { return *reinterpret_cast<const SafeFile*>(f)->state; }

// Reads [addr, addr + size) from the disk; bytes past the disk's end read as zeros.
bool disk_read(int fd, haddr_t addr, std::size_t size, unsigned char* buf) {
  while (size > 0) {
    const ssize_t n = ::pread(fd, buf, size, static_cast<off_t>(addr));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) {  // end of the disk file
      std::memset(buf, 0, size);
      return true;
    }
    buf += n;
    addr += static_cast<haddr_t>(n);
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

unsigned char* page(State& s, haddr_t page_addr) {
  auto it = s.pages.find(page_addr);
  if (it != s.pages.end()) return it->second.get();
  auto p = std::make_unique<unsigned char[]>(kPage);
  if (!disk_read(s.fd, page_addr, kPage, p.get())) std::memset(p.get(), 0, kPage);
  return s.pages.emplace(page_addr, std::move(p)).first->second.get();
}

// Copies between `buf` and the memory pages for [addr, addr + size).
void page_copy(State& s, haddr_t addr, std::size_t size, unsigned char* out, const unsigned char* in) {
  while (size > 0) {
    const haddr_t base = addr - addr % kPage;
    const std::size_t off = static_cast<std::size_t>(addr - base);
    const std::size_t n = std::min(size, kPage - off);
    if (out) {
      auto it = s.pages.find(base);
      if (it != s.pages.end()) std::memcpy(out, it->second.get() + off, n);
      else if (!disk_read(s.fd, addr, n, out)) std::memset(out, 0, n);
      out += n;
    } else {
      std::memcpy(page(s, base) + off, in, n);
      in += n;
    }
    addr += n;
    size -= n;
  }
}

H5FD_t* safe_open(const char* name, unsigned flags, hid_t fapl, haddr_t maxaddr) {
  const auto* info = static_cast<const SafeInfo*>(H5Pget_driver_info(fapl));
  std::atomic<int>* error = info ? info->error : nullptr;
  if (!name || !*name || maxaddr == 0 || maxaddr == HADDR_UNDEF) return nullptr;
  int o = (flags & H5F_ACC_RDWR) ? O_RDWR : O_RDONLY;
  if (flags & H5F_ACC_TRUNC) o |= O_TRUNC;
  if (flags & H5F_ACC_CREAT) o |= O_CREAT;
  if (flags & H5F_ACC_EXCL) o |= O_EXCL;
  const int fd = ::open(name, o | O_CLOEXEC | O_NOFOLLOW, 0666);
  struct stat sb {};
  if (fd < 0 || ::fstat(fd, &sb) != 0) {
    // Not a write error: HDF5 first tries to open a file it is asked to create. The caller
    // learns why a creation failed from safe_open_error().
    last_open_error = errno == 0 ? EIO : errno;
    if (fd >= 0) ::close(fd);
    return nullptr;
  }
  auto* f = new SafeFile{};
  f->state = new State;
  f->state->fd = fd;
  f->state->eof = static_cast<haddr_t>(sb.st_size);
  f->state->device = sb.st_dev;
  f->state->inode = sb.st_ino;
  f->state->error = error;
  return &f->pub;
}

herr_t safe_close(H5FD_t* file) {
  auto* f = reinterpret_cast<SafeFile*>(file);
  if (::close(f->state->fd) != 0 && !f->state->failed) f->state->record(errno);
  delete f->state;
  delete f;
  return 0;
}

int safe_cmp(const H5FD_t* a, const H5FD_t* b) {
  const State& x = state_of(a);
  const State& y = state_of(b);
  if (x.device != y.device) return x.device < y.device ? -1 : 1;
  if (x.inode != y.inode) return x.inode < y.inode ? -1 : 1;
  return 0;
}

herr_t safe_query(const H5FD_t*, unsigned long* flags) {
  if (flags)
    *flags = H5FD_FEAT_AGGREGATE_METADATA | H5FD_FEAT_ACCUMULATE_METADATA | H5FD_FEAT_DATA_SIEVE |
             H5FD_FEAT_AGGREGATE_SMALLDATA | H5FD_FEAT_DEFAULT_VFD_COMPATIBLE;
  return 0;
}

haddr_t safe_get_eoa(const H5FD_t* file, H5FD_mem_t) { return state_of(file).eoa; }

herr_t safe_set_eoa(H5FD_t* file, H5FD_mem_t, haddr_t addr) {
  state_of(file).eoa = addr;
  return 0;
}

haddr_t safe_get_eof(const H5FD_t* file, H5FD_mem_t) { return state_of(file).eof; }

herr_t safe_get_handle(H5FD_t* file, hid_t, void** handle) {
  if (!handle) return -1;
  *handle = &state_of(file).fd;
  return 0;
}

herr_t safe_read(H5FD_t* file, H5FD_mem_t, hid_t, haddr_t addr, size_t size, void* buf) {
  State& s = state_of(file);
  auto* out = static_cast<unsigned char*>(buf);
  if (s.failed) {
    page_copy(s, addr, size, out, nullptr);
    return 0;
  }
  if (!disk_read(s.fd, addr, size, out)) {
    s.record(errno);
    return -1;
  }
  return 0;
}

herr_t safe_write(H5FD_t* file, H5FD_mem_t, hid_t, haddr_t addr, size_t size, const void* buf) {
  State& s = state_of(file);
  const auto* in = static_cast<const unsigned char*>(buf);
  const haddr_t end = addr + size;
  while (!s.failed && size > 0) {
    const ssize_t n = ::pwrite(s.fd, in, size, static_cast<off_t>(addr));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      s.record(n < 0 ? errno : ENOSPC);
      s.failed = true;
      break;
    }
    in += n;
    addr += static_cast<haddr_t>(n);
    size -= static_cast<std::size_t>(n);
  }
  if (size > 0) page_copy(s, addr, size, nullptr, in);  // the rest, in memory
  s.eof = std::max(s.eof, end);
  return 0;
}

herr_t safe_truncate(H5FD_t* file, hid_t, hbool_t) {
  State& s = state_of(file);
  if (s.eoa == s.eof) return 0;
  if (!s.failed && ::ftruncate(s.fd, static_cast<off_t>(s.eoa)) != 0) {
    s.record(errno);
    s.failed = true;
  }
  s.eof = s.eoa;
  return 0;
}

H5FD_class_t make_class() {
  H5FD_class_t c{};
  c.name = "govsim-safe";
  c.maxaddr = kMaxAddr;
  c.fc_degree = H5F_CLOSE_WEAK;
  c.fapl_size = sizeof(SafeInfo);
  c.open = safe_open;
  c.close = safe_close;
  c.cmp = safe_cmp;
  c.query = safe_query;
  c.get_eoa = safe_get_eoa;
  c.set_eoa = safe_set_eoa;
  c.get_eof = safe_get_eof;
  c.get_handle = safe_get_handle;
  c.read = safe_read;
  c.write = safe_write;
  c.truncate = safe_truncate;
  const H5FD_mem_t map[H5FD_MEM_NTYPES] = H5FD_FLMAP_DICHOTOMY;  // as sec2
  std::copy(std::begin(map), std::end(map), std::begin(c.fl_map));
  return c;
}

hid_t driver_id() {
  static const H5FD_class_t cls = make_class();
  static std::mutex mu;
  static hid_t id = H5I_INVALID_HID;
  std::lock_guard<std::mutex> lock(mu);
  if (id < 0 || H5Iis_valid(id) <= 0) id = H5FDregister(&cls);
  if (id < 0) throw Failure("cannot register the govsim-safe HDF5 file driver");
  return id;
}

}  // namespace

int safe_open_error() { return last_open_error; }

Handle safe_file_access(std::atomic<int>* error) {
  quiet();
  Handle fapl = checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "cannot make a file access property list");
  const SafeInfo info{error};
  check(H5Pset_driver(fapl.id(), driver_id(), &info), "cannot select the govsim-safe file driver");
  return fapl;
}

}  // namespace govsim::sim::h5
