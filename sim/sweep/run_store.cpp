#include "sim/sweep/run_store.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "sim/core/error.hpp"
#include "sim/output/result_file.hpp"
#include "sim/sweep/h5_io.hpp"

namespace govsim::sim::sweep {

namespace fs = std::filesystem;

namespace {

constexpr const char* kLockName = "sweep.lock.yaml";
constexpr const char* kResolvedName = "sweep.resolved.yaml";

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Writes `text` to `path` durably: tmp file, fsync, rename, fsync of the folder.
void write_durable(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw OutputError(fmt::format("cannot write '{}': {}", tmp, std::strerror(errno)));
    out << text;
    out.flush();
    if (!out) throw OutputError(fmt::format("cannot write '{}': {}", tmp, std::strerror(errno)));
  }
  h5::fsync_path(tmp, false);
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw OutputError(fmt::format("cannot rename '{}' to '{}': {}", tmp, path, std::strerror(errno)));
  const fs::path dir = fs::path(path).parent_path();
  h5::fsync_path(dir.empty() ? "." : dir.string(), true);
}

}  // namespace

RunStore::RunStore(std::string dir) : dir_(std::move(dir)) {}

std::string RunStore::lock_path() const { return (fs::path(dir_) / kLockName).string(); }

std::string RunStore::run_path(std::size_t index) const {
  return (fs::path(dir_) / fmt::format("run-{:07d}.h5", index)).string();
}

bool RunStore::exists() const {
  std::error_code ec;
  return fs::exists(dir_, ec);
}

void RunStore::create(const LockInfo& lock, const std::string& resolved_yaml) const {
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) {
    if (!fs::create_directory(dir_, ec) && !fs::is_directory(dir_))
      throw OutputError(fmt::format("cannot create results folder '{}': {}", dir_, ec.message()));
    const fs::path parent = fs::path(dir_).parent_path();
    h5::fsync_path(parent.empty() ? "." : parent.string(), true);
  }
  YAML::Emitter out;
  out << YAML::Comment("govsim sweep lock: ties this folder to one sweep; do not edit");
  out << YAML::BeginMap;
  out << YAML::Key << "govsim_sweep_lock" << YAML::Value << 1;
  out << YAML::Key << "sweep" << YAML::Value << YAML::DoubleQuoted << lock.sweep_name;
  out << YAML::Key << "file" << YAML::Value << YAML::DoubleQuoted << lock.sweep_file;
  out << YAML::Key << "hash" << YAML::Value << YAML::DoubleQuoted << lock.hash;
  out << YAML::Key << "runs" << YAML::Value << lock.runs;
  out << YAML::Key << "govsim" << YAML::Value << YAML::DoubleQuoted << lock.govsim;
  out << YAML::EndMap;
  write_durable((fs::path(dir_) / kResolvedName).string(), resolved_yaml);
  write_durable(lock_path(), std::string(out.c_str()) + "\n");
}

std::optional<LockInfo> RunStore::read_lock() const {
  std::error_code ec;
  if (!fs::exists(lock_path(), ec)) return std::nullopt;
  try {
    const YAML::Node n = YAML::LoadFile(lock_path());
    if (!n.IsMap() || !n["govsim_sweep_lock"] || !n["hash"])
      throw InputError(fmt::format("error: '{}' is not a govsim sweep lock file", lock_path()));
    LockInfo l;
    l.sweep_name = n["sweep"] ? n["sweep"].as<std::string>() : "";
    l.sweep_file = n["file"] ? n["file"].as<std::string>() : "";
    l.hash = n["hash"].as<std::string>();
    l.runs = n["runs"] ? n["runs"].as<uint64_t>() : 0;
    l.govsim = n["govsim"] ? n["govsim"].as<std::string>() : "";
    return l;
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("error: cannot read the sweep lock '{}': {}", lock_path(), e.what()));
  }
}

std::size_t RunStore::remove_temporaries() const {
  std::size_t n = 0;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return 0;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    if (ends_with(name, ".tmp") && fs::remove(e.path(), ec)) ++n;
  }
  return n;
}

std::size_t RunStore::clear() const {
  std::size_t n = 0;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return 0;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    const bool ours = name == kLockName || name == kResolvedName || name == "assembled.h5" ||
                      ends_with(name, ".tmp") ||
                      (name.rfind("run-", 0) == 0 && ends_with(name, ".h5"));
    if (ours && fs::remove(e.path(), ec)) ++n;
  }
  if (fs::is_empty(dir_, ec)) fs::remove(dir_, ec);
  return n;
}

void RunStore::write_run(const RunResult& run, const RunFileInfo& info) const {
  const std::string path = run_path(info.index);
  std::lock_guard<std::mutex> lock(h5::hdf5_mutex());
  FileHeader header;
  header.kind = "sweep-run";
  header.name = info.sweep_name;
  header.model = info.model;
  header.scenario_yaml = info.point_yaml;
  header.seed = info.seed;
  header.replicates = info.replicates;
  ResultFile file(path, true, header);
  file.write_run(run, info.model, info.point_yaml, info.per_community);
  std::vector<std::string> metrics, group_metrics, finals, extras;
  for (const auto& m : run.metrics) {
    metrics.push_back(m.name);
    if (m.per_group) group_metrics.push_back(m.name);
  }
  for (const auto& f : run.finals) finals.push_back(f.name);
  for (const auto& x : run.extras) extras.push_back(x.name);
  file.set_root_attribute("sweep_hash", info.hash);
  file.set_root_attribute("run_index", std::to_string(info.index));
  file.set_root_attribute("metric_order", h5::join_lines(metrics));
  file.set_root_attribute("group_metrics", h5::join_lines(group_metrics));
  file.set_root_attribute("final_order", h5::join_lines(finals));
  file.set_root_attribute("extra_order", h5::join_lines(extras));
  file.set_root_attribute("complete", "true");
  file.commit();  // flush, close, fsync, rename, fsync folder
}

bool RunStore::has_run(std::size_t index, const std::string& hash, const std::string& arm,
                       uint32_t replicate) const {
  const std::string path = run_path(index);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  std::lock_guard<std::mutex> lock(h5::hdf5_mutex());
  H5::Exception::dontPrint();
  try {
    H5::H5File f(path, H5F_ACC_RDONLY);
    H5::Group root = f.openGroup("/");
    if (h5::read_string_attr(root, "sweep_hash") != hash) return false;
    if (h5::read_string_attr(root, "run_index") != std::to_string(index)) return false;
    const std::string g = fmt::format("/runs/{}/r{:04d}", arm, replicate);
    if (!f.nameExists("/runs") || !f.nameExists("/runs/" + arm) || !f.nameExists(g)) return false;
    return f.nameExists(g + "/final");
  } catch (const H5::Exception&) {
    return false;
  }
}

RunResult RunStore::read_run(std::size_t index, const std::string& hash) const {
  const std::string path = run_path(index);
  std::lock_guard<std::mutex> lock(h5::hdf5_mutex());
  H5::Exception::dontPrint();
  try {
    H5::H5File f(path, H5F_ACC_RDONLY);
    H5::Group root = f.openGroup("/");
    if (h5::read_string_attr(root, "sweep_hash") != hash)
      throw OutputError(fmt::format("'{}' belongs to another sweep", path));
    const auto arms = h5::read_strings(root, "arms");
    if (arms.size() != 1) throw OutputError(fmt::format("'{}' does not hold exactly one run", path));
    H5::Group arm = f.openGroup("/runs/" + arms[0]);
    const auto reps = h5::member_names(arm);
    if (reps.size() != 1) throw OutputError(fmt::format("'{}' does not hold exactly one run", path));
    H5::Group g = arm.openGroup(reps[0]);

    RunResult r;
    r.arm = h5::read_string_attr(g, "arm");
    r.replicate = h5::read_u32_attr(g, "replicate");
    r.seed = h5::read_u64_attr(g, "seed");
    r.run_seed = h5::read_u64_attr(g, "run_seed");
    const int64_t point = h5::read_i64_attr(g, "point");
    if (point >= 0) r.point = static_cast<uint64_t>(point);
    r.rows = h5::read_u32_attr(g, "steps") + 1;
    r.groups = h5::read_u32_attr(g, "groups");

    const auto metric_names = h5::split_lines(h5::read_string_attr(root, "metric_order"));
    const auto group_names = h5::split_lines(h5::read_string_attr(root, "group_metrics"));
    H5::Group series = g.openGroup("series");
    const bool has_community = g.nameExists("community");
    H5::Group community;
    if (has_community) community = g.openGroup("community");
    std::size_t n_group = 0;
    for (const auto& name : metric_names) {
      MetricDef m;
      m.name = name;
      m.per_group = std::find(group_names.begin(), group_names.end(), name) != group_names.end();
      n_group += m.per_group ? 1 : 0;
      r.metrics.push_back(m);
    }
    r.series.assign(r.metrics.size() * r.rows, 0.0);
    r.group_series.assign(n_group * r.rows * r.groups, 0.0);
    std::size_t k = 0;
    for (std::size_t m = 0; m < r.metrics.size(); ++m) {
      MetricDef& def = r.metrics[m];
      const auto v = h5::read_f64s(series, def.name);
      if (v.size() != r.rows) throw OutputError(fmt::format("'{}': series/{} has the wrong length", path, def.name));
      std::copy(v.begin(), v.end(), r.series.begin() + static_cast<std::ptrdiff_t>(m * r.rows));
      H5::DataSet ds = series.openDataSet(def.name);
      def.unit = h5::read_string_attr(ds, "unit");
      def.doc = h5::read_string_attr(ds, "doc");
      if (def.per_group) {
        if (has_community && r.groups > 0 && community.nameExists(def.name)) {
          const auto c = h5::read_f64s(community, def.name);
          if (c.size() != std::size_t{r.rows} * r.groups)
            throw OutputError(fmt::format("'{}': community/{} has the wrong size", path, def.name));
          std::copy(c.begin(), c.end(),
                    r.group_series.begin() + static_cast<std::ptrdiff_t>(k * r.rows * r.groups));
        }
        ++k;
      }
    }
    H5::Group fin = g.openGroup("final");
    for (const auto& name : h5::split_lines(h5::read_string_attr(root, "final_order"))) {
      FinalValue fv;
      fv.name = name;
      const auto v = h5::read_f64s(fin, name);
      if (v.size() != 1) throw OutputError(fmt::format("'{}': final/{} is not one value", path, name));
      fv.value = v[0];
      fv.n_valid = h5::read_i64_attr(fin.openDataSet(name), "n_valid");
      r.finals.push_back(fv);
    }
    const auto extra_names = h5::split_lines(h5::read_string_attr(root, "extra_order"));
    if (!extra_names.empty()) {
      H5::Group ex = g.openGroup("extras");
      for (const auto& name : extra_names) {
        NamedArray a;
        a.name = name;
        std::vector<hsize_t> dims;
        a.values = h5::read_f64s(ex, name, &dims);
        a.shape.assign(dims.begin(), dims.end());
        a.doc = h5::read_string_attr(ex.openDataSet(name), "doc");
        r.extras.push_back(std::move(a));
      }
    }
    return r;
  } catch (const H5::Exception& e) {
    throw OutputError(fmt::format("cannot read run file '{}': {}", path, e.getDetailMsg()));
  }
}

}  // namespace govsim::sim::sweep
