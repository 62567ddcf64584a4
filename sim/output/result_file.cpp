#include "sim/output/result_file.hpp"

#include <H5FDcore.h>
#include <boost/version.hpp>
#include <fmt/format.h>
#include <oneapi/tbb/version.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <set>
#include <stdexcept>

#include "govsim/build_info.hpp"
#include "sim/core/error.hpp"
#include "sim/output/h5.hpp"
#include "sim/output/h5_driver.hpp"

namespace govsim::sim {

std::string library_versions() {
  unsigned maj = 0, min = 0, rel = 0;
  H5get_libversion(&maj, &min, &rel);
  return fmt::format("hdf5 {}.{}.{}; onetbb {}.{}; boost {}.{}.{}", maj, min, rel,
                     TBB_VERSION_MAJOR, TBB_VERSION_MINOR, BOOST_VERSION / 100000,
                     BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100);
}

namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void write_header(hid_t file, const FileHeader& header) {
  const h5::Handle root = h5::open_group(file, "/");
  const hid_t r = root.id();
  h5::write_string_attr(r, "format", "govsim-results");
  h5::write_i32_attr(r, "format_version", kResultFormatVersion);
  h5::write_string_attr(r, "govsim_version", build_info::kVersion);
  h5::write_string_attr(r, "kind", header.kind);
  h5::write_string_attr(r, "name", header.name);
  h5::write_string_attr(r, "model", header.model);
  h5::write_string_attr(r, "scenario_yaml", header.scenario_yaml);
  h5::write_string_attr(r, "created", utc_now());
  h5::write_u64_attr(r, "seed", header.seed);
  h5::write_u32_attr(r, "replicates", header.replicates);
  const h5::Handle prov = h5::create_group(file, "/provenance");
  const hid_t p = prov.id();
  h5::write_string_attr(p, "git_commit", build_info::kGitCommit);
  h5::write_string_attr(p, "compiler", build_info::kCompiler);
  h5::write_string_attr(p, "cxx_flags", build_info::kCxxFlags);
  h5::write_string_attr(p, "build_type", build_info::kBuildType);
  h5::write_string_attr(p, "libraries", library_versions());
  h5::write_string_attr(p, "command_line", header.provenance.command_line);
  h5::write_i32_attr(p, "threads", header.provenance.threads);
  h5::write_i32_attr(p, "mpi_ranks", header.provenance.mpi_ranks);
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  h5::write_string_attr(p, "hostname", host);
  (void)h5::create_group(file, "/runs");
}

std::string run_group(const std::string& arm, uint32_t replicate) {
  return fmt::format("/runs/{}/r{:04d}", arm, replicate);
}

// The series, per-community series, finals and extras of one run into its group `g`.
void write_run_data(hid_t g, const RunResult& run, bool per_community) {
  const h5::Handle series = h5::create_group(g, "series");
  h5::Handle community;
  const bool write_groups = per_community && run.groups > 0;
  if (write_groups) community = h5::create_group(g, "community");
  std::size_t k = 0;
  for (std::size_t m = 0; m < run.metrics.size(); ++m) {
    const MetricDef& def = run.metrics[m];
    h5::write_f64s(series.id(), def.name, run.series.data() + m * run.rows, {run.rows},
                   h5::Layout::kChunked);
    const h5::Handle ds = h5::open_dataset(series.id(), def.name);
    h5::write_string_attr(ds.id(), "unit", def.unit);
    h5::write_string_attr(ds.id(), "doc", def.doc);
    if (!def.per_group) continue;
    if (write_groups)
      h5::write_f64s(community.id(), def.name, run.group_series.data() + k * run.rows * run.groups,
                     {run.rows, run.groups}, h5::Layout::kChunked);
    ++k;
  }
  const h5::Handle fin = h5::create_group(g, "final");
  for (const FinalValue& f : run.finals) {
    h5::write_f64s(fin.id(), f.name, &f.value, {1}, h5::Layout::kChunked);
    const h5::Handle ds = h5::open_dataset(fin.id(), f.name);
    h5::write_i64_attr(ds.id(), "n_valid", f.n_valid);
    if (f.supplementary) h5::write_i64_attr(ds.id(), "supplementary", 1);  // sim/model/model.hpp
  }
  if (run.extras.empty()) return;
  const h5::Handle ex = h5::create_group(g, "extras");
  for (const NamedArray& a : run.extras) {
    std::vector<hsize_t> dims;
    if (a.shape.empty()) dims.push_back(a.values.size());
    else dims.assign(a.shape.begin(), a.shape.end());
    h5::write_f64s(ex.id(), a.name, a.values.data(), dims, h5::Layout::kChunked);
    const h5::Handle ds = h5::open_dataset(ex.id(), a.name);
    h5::write_string_attr(ds.id(), "doc", a.doc);
  }
}

}  // namespace

struct ResultFile::Impl {
  Buffering buffering = Buffering::kStreamed;
  std::atomic<int> error{0};  // first disk error (errno) seen by the govsim-safe driver
  h5::Handle file;
  std::vector<std::string> arms;
  std::set<std::string> arm_set;
};

ResultFile::ResultFile(std::string path, bool force, const FileHeader& header, Buffering buffering,
                       std::string temp_path)
    : impl_(std::make_unique<Impl>()),
      path_(std::move(path)),
      tmp_(temp_path.empty() ? path_ + ".tmp" : std::move(temp_path)) {
  check_output_path(path_, force);
  impl_->buffering = buffering;
  h5::quiet();
  if (buffering == Buffering::kStreamed) clear_temporary(tmp_);
  try {
    h5::Handle fapl;
    if (buffering == Buffering::kStreamed) {
      fapl = h5::safe_file_access(&impl_->error);
    } else {
      fapl = h5::checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "cannot make a property list");
      h5::check(H5Pset_fapl_core(fapl.id(), 1 << 20, 0), "cannot select the core driver");
    }
    const unsigned flags = buffering == Buffering::kStreamed ? H5F_ACC_EXCL : H5F_ACC_TRUNC;
    const hid_t id = H5Fcreate(tmp_.c_str(), flags, H5P_DEFAULT, fapl.id());
    if (id < 0) {
      const int err = buffering == Buffering::kStreamed ? h5::safe_open_error() : 0;
      throw OutputError(fmt::format("cannot create results file '{}': {}", tmp_,
                                    err ? error_text(err) : std::string("HDF5 error")));
    }
    impl_->file = h5::Handle(id, H5Fclose);
    write_header(id, header);
    check();
  } catch (const h5::Failure& e) {
    impl_->file.close();
    if (buffering == Buffering::kStreamed) std::remove(tmp_.c_str());
    fail(e.what());
  } catch (...) {
    impl_->file.close();
    if (buffering == Buffering::kStreamed) std::remove(tmp_.c_str());
    throw;
  }
}

ResultFile::~ResultFile() {
  if (committed_) return;
  impl_->file.close();  // silently: the govsim-safe driver never fails a close
  if (impl_->buffering == Buffering::kStreamed) std::remove(tmp_.c_str());
}

hid_t ResultFile::id() const { return impl_->file.id(); }

void ResultFile::check() const {
  if (const int err = impl_->error.load(); err != 0)
    throw OutputError(fmt::format("cannot write '{}': {}", path_, error_text(err)));
}

void ResultFile::fail(const std::string& what) const {
  check();  // a disk failure explains any HDF5 failure that follows it
  throw OutputError(fmt::format("cannot write results file '{}': {}", tmp_, what));
}

void ResultFile::add_arm(const std::string& arm, const std::string& model, const std::string& arm_yaml) {
  if (impl_->arm_set.count(arm)) return;
  impl_->arm_set.insert(arm);
  impl_->arms.push_back(arm);
  const h5::Handle ag = h5::ensure_group(impl_->file.id(), "/runs/" + arm);
  h5::write_string_attr(ag.id(), "scenario_yaml", arm_yaml);
  h5::write_string_attr(ag.id(), "model", model);
}

void ResultFile::write_run(const RunResult& run, const std::string& model,
                           const std::string& arm_yaml, bool per_community) {
  const std::string gpath = run_group(run.arm, run.replicate);
  try {
    add_arm(run.arm, model, arm_yaml);
    const h5::Handle g = h5::ensure_group(impl_->file.id(), gpath);
    const hid_t id = g.id();
    h5::write_string_attr(id, "arm", run.arm);
    h5::write_u32_attr(id, "replicate", run.replicate);
    h5::write_u64_attr(id, "seed", run.seed);
    h5::write_u64_attr(id, "run_seed", run.run_seed);
    h5::write_i64_attr(id, "point", run.point ? static_cast<int64_t>(*run.point) : int64_t{-1});
    h5::write_u32_attr(id, "steps", run.rows ? run.rows - 1 : 0);
    h5::write_u32_attr(id, "groups", run.groups);
    write_run_data(id, run, per_community);
  } catch (const h5::Failure& e) {
    fail(fmt::format("{}: {}", gpath, e.what()));
  }
  check();
}

void ResultFile::copy_run(hid_t source, const std::string& arm, uint32_t replicate,
                          const std::string& model, const std::string& arm_yaml) {
  const std::string gpath = run_group(arm, replicate);
  try {
    add_arm(arm, model, arm_yaml);
    const h5::Handle ag = h5::open_group(impl_->file.id(), "/runs/" + arm);
    const std::string name = fmt::format("r{:04d}", replicate);
    h5::check(H5Ocopy(source, gpath.c_str(), ag.id(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
              fmt::format("cannot copy '{}'", gpath));
  } catch (const h5::Failure& e) {
    fail(fmt::format("{}: {}", gpath, e.what()));
  }
  check();
}

void ResultFile::write_table(const Table& t) { write_table(t.path, t.rows, t.columns, t.values); }

void ResultFile::write_table(const std::string& group_path, const std::vector<std::string>& rows,
                             const std::vector<std::string>& columns,
                             const std::vector<double>& values) {
  try {
    const h5::Handle g = h5::ensure_group(impl_->file.id(), group_path);
    h5::write_f64s(g.id(), "values", values.data(), {rows.size(), columns.size()}, h5::Layout::kChunked);
    h5::write_strings(g.id(), "rows", rows);
    h5::write_strings(g.id(), "columns", columns);
  } catch (const h5::Failure& e) {
    fail(fmt::format("{}: {}", group_path, e.what()));
  }
  check();
}

void ResultFile::set_root_attribute(const std::string& name, const std::string& value) {
  try {
    const h5::Handle root = h5::open_group(impl_->file.id(), "/");
    h5::write_string_attr(root.id(), name, value);
  } catch (const h5::Failure& e) {
    fail(fmt::format("attribute '{}': {}", name, e.what()));
  }
  check();
}

void ResultFile::commit() { commit_to(path_, true); }

std::vector<char> ResultFile::close_to_image() {
  if (impl_->buffering != Buffering::kInMemory) throw std::logic_error("close_to_image: not in memory");
  std::vector<char> image;
  try {
    {
      const h5::Handle root = h5::open_group(impl_->file.id(), "/");
      h5::write_strings(root.id(), "arms", impl_->arms);
    }
    h5::check(H5Fflush(impl_->file.id(), H5F_SCOPE_GLOBAL), "cannot flush");
    const ssize_t n = H5Fget_file_image(impl_->file.id(), nullptr, 0);
    if (n < 0) throw h5::Failure("cannot get the file image");
    image.resize(static_cast<std::size_t>(n));
    if (H5Fget_file_image(impl_->file.id(), image.data(), image.size()) != n)
      throw h5::Failure("cannot get the file image");
  } catch (const h5::Failure& e) {
    fail(e.what());
  }
  if (impl_->file.close() < 0) fail("cannot close the file");
  committed_ = true;
  return image;
}

void ResultFile::commit_to(const std::string& target, bool force) {
  check_output_path(target, force);
  if (impl_->buffering == Buffering::kInMemory) {
    const std::vector<char> image = close_to_image();
    write_file_durably(target, image.data(), image.size());
    return;
  }
  try {
    const h5::Handle root = h5::open_group(impl_->file.id(), "/");
    h5::write_strings(root.id(), "arms", impl_->arms);
  } catch (const h5::Failure& e) {
    fail(e.what());
  }
  check();
  if (impl_->file.close() < 0) fail("cannot close the file");
  check();  // errors met while the file was closed (its last metadata)
  commit_temporary(tmp_, target);
  committed_ = true;
}

}  // namespace govsim::sim
