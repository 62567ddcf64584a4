#include "sim/output/result_file.hpp"

#include <H5Cpp.h>
#include <boost/version.hpp>
#include <fcntl.h>
#include <fmt/format.h>
#include <oneapi/tbb/version.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <set>

#include "govsim/build_info.hpp"
#include "sim/core/error.hpp"

namespace govsim::sim {

namespace fs = std::filesystem;

std::string library_versions() {
  unsigned maj = 0, min = 0, rel = 0;
  H5::H5Library::getLibVersion(maj, min, rel);
  return fmt::format("hdf5 {}.{}.{}; onetbb {}.{}; boost {}.{}.{}", maj, min, rel,
                     TBB_VERSION_MAJOR, TBB_VERSION_MINOR, BOOST_VERSION / 100000,
                     BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100);
}

void check_output_path(const std::string& path, bool force) {
  if (path.empty()) throw InputError("error: output path is empty");
  const fs::path p(path);
  fs::path dir = p.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError(fmt::format("error: output '{}': folder '{}' does not exist", path, dir.string()));
  if (::access(dir.c_str(), W_OK) != 0)
    throw InputError(fmt::format("error: output '{}': folder '{}' is not writable", path, dir.string()));
  if (fs::exists(p, ec) && !force)
    throw InputError(fmt::format(
        "error: output '{}' already exists (use --force to replace it)", path));
  if (fs::is_directory(p, ec))
    throw InputError(fmt::format("error: output '{}' is a folder", path));
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

template <class Loc>
void str_attr(Loc& loc, const std::string& name, const std::string& value) {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  H5::DataSpace space(H5S_SCALAR);
  H5::Attribute a = loc.createAttribute(name, type, space);
  const char* c = value.c_str();
  a.write(type, &c);
}

template <class Loc, class T>
void num_attr(Loc& loc, const std::string& name, T value, const H5::PredType& type) {
  H5::DataSpace space(H5S_SCALAR);
  H5::Attribute a = loc.createAttribute(name, type, space);
  a.write(type, &value);
}

H5::Group ensure_group(H5::H5File& file, const std::string& path) {
  // Creates every missing component of an absolute path.
  std::string cur;
  std::size_t pos = 1;
  while (pos <= path.size()) {
    const std::size_t next = path.find('/', pos);
    cur = path.substr(0, next == std::string::npos ? path.size() : next);
    if (!file.nameExists(cur)) file.createGroup(cur);
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  return file.openGroup(path);
}

void write_doubles(H5::Group& g, const std::string& name, const double* data,
                   const std::vector<hsize_t>& dims) {
  H5::DataSpace space(static_cast<int>(dims.size()), dims.data());
  H5::DSetCreatPropList plist;
  hsize_t total = 1;
  for (auto d : dims) total *= d;
  if (total >= 4096) {  // chunk + compress larger arrays
    std::vector<hsize_t> chunk = dims;
    hsize_t c = 1;
    for (auto& d : chunk) {
      d = std::max<hsize_t>(1, std::min<hsize_t>(d, 1u << 16));
      c *= d;
    }
    if (c > (1u << 18)) chunk.back() = std::max<hsize_t>(1, chunk.back() / (c >> 18));
    plist.setChunk(static_cast<int>(chunk.size()), chunk.data());
    plist.setDeflate(4);
  }
  H5::DataSet ds = g.createDataSet(name, H5::PredType::IEEE_F64LE, space, plist);
  ds.write(data, H5::PredType::NATIVE_DOUBLE);
}

void write_strings(H5::Group& g, const std::string& name, const std::vector<std::string>& items) {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  hsize_t n = items.size();
  H5::DataSpace space(1, &n);
  std::vector<const char*> ptrs;
  ptrs.reserve(items.size());
  for (const auto& s : items) ptrs.push_back(s.c_str());
  H5::DataSet ds = g.createDataSet(name, type, space);
  if (n) ds.write(ptrs.data(), type);
}

void fsync_path(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

struct ResultFile::Impl {
  H5::H5File file;
  std::vector<std::string> arms;
  std::set<std::string> arm_set;
};

ResultFile::ResultFile(std::string path, bool force, const FileHeader& header)
    : impl_(std::make_unique<Impl>()), path_(std::move(path)), tmp_(path_ + ".tmp") {
  check_output_path(path_, force);
  H5::Exception::dontPrint();
  try {
    impl_->file = H5::H5File(tmp_, H5F_ACC_TRUNC);
    H5::Group root = impl_->file.openGroup("/");
    str_attr(root, "format", "govsim-results");
    num_attr(root, "format_version", int32_t{kResultFormatVersion}, H5::PredType::STD_I32LE);
    str_attr(root, "govsim_version", build_info::kVersion);
    str_attr(root, "kind", header.kind);
    str_attr(root, "name", header.name);
    str_attr(root, "model", header.model);
    str_attr(root, "scenario_yaml", header.scenario_yaml);
    str_attr(root, "created", utc_now());
    num_attr(root, "seed", uint64_t{header.seed}, H5::PredType::STD_U64LE);
    num_attr(root, "replicates", uint32_t{header.replicates}, H5::PredType::STD_U32LE);
    H5::Group prov = impl_->file.createGroup("/provenance");
    str_attr(prov, "git_commit", build_info::kGitCommit);
    str_attr(prov, "compiler", build_info::kCompiler);
    str_attr(prov, "cxx_flags", build_info::kCxxFlags);
    str_attr(prov, "build_type", build_info::kBuildType);
    str_attr(prov, "libraries", library_versions());
    str_attr(prov, "command_line", header.provenance.command_line);
    num_attr(prov, "threads", int32_t{header.provenance.threads}, H5::PredType::STD_I32LE);
    num_attr(prov, "mpi_ranks", int32_t{header.provenance.mpi_ranks}, H5::PredType::STD_I32LE);
    char host[256] = {0};
    ::gethostname(host, sizeof host - 1);
    str_attr(prov, "hostname", host);
    impl_->file.createGroup("/runs");
  } catch (const H5::Exception& e) {
    std::remove(tmp_.c_str());
    throw OutputError(fmt::format("cannot create results file '{}': {}", tmp_, e.getDetailMsg()));
  }
}

ResultFile::~ResultFile() {
  if (!committed_) {
    try {
      impl_->file.close();
    } catch (...) {
    }
    std::remove(tmp_.c_str());
  }
}

void ResultFile::write_run(const RunResult& run, const std::string& model,
                           const std::string& arm_yaml, bool per_community) {
  const std::string gpath = fmt::format("/runs/{}/r{:04d}", run.arm, run.replicate);
  try {
    if (!impl_->arm_set.count(run.arm)) {
      impl_->arm_set.insert(run.arm);
      impl_->arms.push_back(run.arm);
      H5::Group ag = ensure_group(impl_->file, "/runs/" + run.arm);
      str_attr(ag, "scenario_yaml", arm_yaml);
      str_attr(ag, "model", model);
    }
    H5::Group g = ensure_group(impl_->file, gpath);
    str_attr(g, "arm", run.arm);
    num_attr(g, "replicate", uint32_t{run.replicate}, H5::PredType::STD_U32LE);
    num_attr(g, "seed", uint64_t{run.seed}, H5::PredType::STD_U64LE);
    num_attr(g, "run_seed", uint64_t{run.run_seed}, H5::PredType::STD_U64LE);
    num_attr(g, "point", int64_t{run.point ? static_cast<int64_t>(*run.point) : -1},
             H5::PredType::STD_I64LE);
    num_attr(g, "steps", uint32_t{run.rows ? run.rows - 1 : 0}, H5::PredType::STD_U32LE);
    num_attr(g, "groups", uint32_t{run.groups}, H5::PredType::STD_U32LE);
    H5::Group series = g.createGroup("series");
    H5::Group community;
    const bool write_groups = per_community && run.groups > 0;
    if (write_groups) community = g.createGroup("community");
    std::size_t k = 0;
    for (std::size_t m = 0; m < run.metrics.size(); ++m) {
      const MetricDef& def = run.metrics[m];
      write_doubles(series, def.name, run.series.data() + m * run.rows, {run.rows});
      H5::DataSet ds = series.openDataSet(def.name);
      str_attr(ds, "unit", def.unit);
      str_attr(ds, "doc", def.doc);
      if (def.per_group) {
        if (write_groups) {
          write_doubles(community, def.name,
                        run.group_series.data() + k * run.rows * run.groups,
                        {run.rows, run.groups});
        }
        ++k;
      }
    }
    H5::Group fin = g.createGroup("final");
    for (const FinalValue& f : run.finals) {
      write_doubles(fin, f.name, &f.value, {1});
      H5::DataSet ds = fin.openDataSet(f.name);
      num_attr(ds, "n_valid", int64_t{f.n_valid}, H5::PredType::STD_I64LE);
    }
    if (!run.extras.empty()) {
      H5::Group ex = g.createGroup("extras");
      for (const NamedArray& a : run.extras) {
        std::vector<hsize_t> dims;
        if (a.shape.empty()) dims.push_back(a.values.size());
        else dims.assign(a.shape.begin(), a.shape.end());
        write_doubles(ex, a.name, a.values.data(), dims);
        H5::DataSet ds = ex.openDataSet(a.name);
        str_attr(ds, "doc", a.doc);
      }
    }
  } catch (const H5::Exception& e) {
    throw OutputError(fmt::format("cannot write '{}' in '{}': {}", gpath, tmp_, e.getDetailMsg()));
  }
}

void ResultFile::write_table(const std::string& group_path, const std::vector<std::string>& rows,
                             const std::vector<std::string>& columns,
                             const std::vector<double>& values) {
  try {
    H5::Group g = ensure_group(impl_->file, group_path);
    write_doubles(g, "values", values.data(), {rows.size(), columns.size()});
    write_strings(g, "rows", rows);
    write_strings(g, "columns", columns);
  } catch (const H5::Exception& e) {
    throw OutputError(fmt::format("cannot write '{}' in '{}': {}", group_path, tmp_, e.getDetailMsg()));
  }
}

void ResultFile::set_root_attribute(const std::string& name, const std::string& value) {
  try {
    H5::Group root = impl_->file.openGroup("/");
    if (root.attrExists(name)) root.removeAttr(name);
    str_attr(root, name, value);
  } catch (const H5::Exception& e) {
    throw OutputError(fmt::format("cannot write attribute '{}' in '{}': {}", name, tmp_, e.getDetailMsg()));
  }
}

void ResultFile::commit() { commit_to(path_, true); }

void ResultFile::commit_to(const std::string& target, bool force) {
  if (!force) check_output_path(target, false);
  try {
    H5::Group root = impl_->file.openGroup("/");
    write_strings(root, "arms", impl_->arms);
    impl_->file.flush(H5F_SCOPE_GLOBAL);
    impl_->file.close();
  } catch (const H5::Exception& e) {
    throw OutputError(fmt::format("cannot finish results file '{}': {}", tmp_, e.getDetailMsg()));
  }
  fsync_path(tmp_, false);
  if (std::rename(tmp_.c_str(), target.c_str()) != 0)
    throw OutputError(fmt::format("cannot rename '{}' to '{}': {}", tmp_, target, std::strerror(errno)));
  fs::path dir = fs::path(target).parent_path();
  fsync_path(dir.empty() ? "." : dir.string(), true);
  committed_ = true;
}

}  // namespace govsim::sim
