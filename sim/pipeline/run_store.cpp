#include "sim/pipeline/run_store.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <mutex>
#include <utility>

#include "sim/core/error.hpp"
#include "sim/output/h5.hpp"
#include "sim/output/result_file.hpp"

namespace govsim::sim::pipeline {

namespace fs = std::filesystem;

namespace {

constexpr const char* kLockName = "lock.yaml";
constexpr const char* kResolvedName = "resolved.yaml";
constexpr const char* kLegacyLockName = "sweep.lock.yaml";  // govsim before the one pipeline
constexpr const char* kLegacyResolvedName = "sweep.resolved.yaml";

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_regular(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(fs::symlink_status(p, ec));
}

std::string run_group(const std::string& arm, uint32_t replicate) {
  return fmt::format("/runs/{}/r{:04d}", arm, replicate);
}

// The plan hash a run file carries (legacy files: sweep_hash).
std::string file_hash(hid_t root) {
  if (h5::has_attr(root, "plan_hash")) return h5::read_string_attr(root, "plan_hash");
  if (h5::has_attr(root, "sweep_hash")) return h5::read_string_attr(root, "sweep_hash");
  return "";
}

std::optional<LockInfo> parse_lock(const std::string& path, bool legacy) {
  try {
    const YAML::Node n = YAML::LoadFile(path);
    const char* key = legacy ? "govsim_sweep_lock" : "govsim_store_lock";
    if (!n.IsMap() || !n[key] || !n["hash"])
      throw InputError(fmt::format("error: '{}' is not a govsim run store lock file", path));
    auto text = [&](const char* k) { return n[k] ? n[k].as<std::string>() : std::string(); };
    LockInfo l;
    l.kind = legacy ? "sweep" : text("kind");
    l.name = text(legacy ? "sweep" : "name");
    l.file = text("file");
    l.hash = text("hash");
    l.runs = n["runs"] ? n["runs"].as<uint64_t>() : 0;
    l.govsim = text("govsim");
    return l;
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("error: cannot read the run store lock '{}': {}", path, e.what()));
  }
}

void read_series(hid_t g, hid_t root, RunResult& r, const std::string& path) {
  const auto metric_names = h5::split_lines(h5::read_string_attr(root, "metric_order"));
  const auto group_names = h5::split_lines(h5::read_string_attr(root, "group_metrics"));
  const h5::Handle series = h5::open_group(g, "series");
  const bool has_community = h5::exists(g, "community");
  h5::Handle community;
  if (has_community) community = h5::open_group(g, "community");
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
    const auto v = h5::read_f64s(series.id(), def.name);
    if (v.size() != r.rows) throw OutputError(fmt::format("'{}': series/{} has the wrong length", path, def.name));
    std::copy(v.begin(), v.end(), r.series.begin() + static_cast<std::ptrdiff_t>(m * r.rows));
    const h5::Handle ds = h5::open_dataset(series.id(), def.name);
    def.unit = h5::read_string_attr(ds.id(), "unit");
    def.doc = h5::read_string_attr(ds.id(), "doc");
    if (!def.per_group) continue;
    if (has_community && r.groups > 0 && h5::exists(community.id(), def.name)) {
      const auto c = h5::read_f64s(community.id(), def.name);
      if (c.size() != std::size_t{r.rows} * r.groups)
        throw OutputError(fmt::format("'{}': community/{} has the wrong size", path, def.name));
      std::copy(c.begin(), c.end(), r.group_series.begin() + static_cast<std::ptrdiff_t>(k * r.rows * r.groups));
    }
    ++k;
  }
}

std::vector<FinalValue> read_final_values(hid_t g, hid_t root, const std::string& path) {
  std::vector<FinalValue> out;
  const h5::Handle fin = h5::open_group(g, "final");
  for (const auto& name : h5::split_lines(h5::read_string_attr(root, "final_order"))) {
    FinalValue fv;
    fv.name = name;
    const auto v = h5::read_f64s(fin.id(), name);
    if (v.size() != 1) throw OutputError(fmt::format("'{}': final/{} is not one value", path, name));
    fv.value = v[0];
    const h5::Handle ds = h5::open_dataset(fin.id(), name);
    fv.n_valid = h5::read_i64_attr(ds.id(), "n_valid");
    fv.supplementary = h5::has_attr(ds.id(), "supplementary") && h5::read_i64_attr(ds.id(), "supplementary") != 0;
    out.push_back(fv);
  }
  return out;
}

std::vector<NamedArray> read_extras(hid_t g, hid_t root) {
  std::vector<NamedArray> out;
  const auto names = h5::split_lines(h5::read_string_attr(root, "extra_order"));
  if (names.empty()) return out;
  const h5::Handle ex = h5::open_group(g, "extras");
  for (const auto& name : names) {
    NamedArray a;
    a.name = name;
    std::vector<hsize_t> dims;
    a.values = h5::read_f64s(ex.id(), name, &dims);
    a.shape.assign(dims.begin(), dims.end());
    const h5::Handle ds = h5::open_dataset(ex.id(), name);
    a.doc = h5::read_string_attr(ds.id(), "doc");
    out.push_back(std::move(a));
  }
  return out;
}

// Opens run file `index` of `plan`, checks it belongs to the plan and calls
// `read(file, root, group, path)`; the caller holds h5::mutex(). Throws OutputError.
template <class F>
auto with_run_file_locked(const RunStore& store, const Plan& plan, std::size_t index, F&& read) {
  const std::string path = store.run_path(index);
  const PlanEntry& e = plan.runs.at(index);
  try {
    const h5::Handle f = h5::open_file(path);
    const h5::Handle root = h5::open_group(f.id(), "/");
    if (file_hash(root.id()) != plan.hash)
      throw OutputError(fmt::format("'{}' belongs to another job", path));
    const h5::Handle g = h5::open_group(f.id(), run_group(plan.arms.at(e.arm).group_name(), e.replicate));
    return read(f.id(), root.id(), g.id(), path);
  } catch (const h5::Failure& ex) {
    throw OutputError(fmt::format("cannot read run file '{}': {}", path, ex.what()));
  }
}

template <class F>
auto with_run_file(const RunStore& store, const Plan& plan, std::size_t index, F&& read) {
  std::lock_guard<std::mutex> lock(h5::mutex());
  return with_run_file_locked(store, plan, index, std::forward<F>(read));
}

}  // namespace

RunStore::RunStore(std::string dir) : dir_(std::move(dir)) {}

std::string RunStore::lock_path() const { return (fs::path(dir_) / kLockName).string(); }

std::string RunStore::run_path(std::size_t index) const {
  return (fs::path(dir_) / fmt::format("run-{:07d}.h5", index)).string();
}

bool RunStore::exists() const {
  std::error_code ec;
  return fs::exists(fs::symlink_status(dir_, ec));
}

void RunStore::check_folder() const {
  std::error_code ec;
  const auto st = fs::symlink_status(dir_, ec);
  if (fs::exists(st) && !fs::is_directory(st)) {
    const std::string kind = non_regular_kind(dir_);
    throw InputError(fmt::format(
        "error: run store '{}' is {}, not a folder: govsim keeps finished runs only in a folder "
        "it creates; it was left untouched",
        dir_, kind.empty() ? "a regular file" : kind));
  }
}

void RunStore::create(const LockInfo& lock, const std::string& resolved_yaml) const {
  check_folder();
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir_, ec))) {
    if (!fs::create_directory(dir_, ec) && !fs::is_directory(dir_))
      throw OutputError(fmt::format("cannot create run store '{}': {}", dir_, ec.message()));
    fsync_folder_of(dir_);
  }
  YAML::Emitter out;
  out << YAML::Comment("govsim run store lock: ties this folder to one job; do not edit");
  out << YAML::BeginMap;
  out << YAML::Key << "govsim_store_lock" << YAML::Value << 1;
  out << YAML::Key << "kind" << YAML::Value << YAML::DoubleQuoted << lock.kind;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << lock.name;
  out << YAML::Key << "file" << YAML::Value << YAML::DoubleQuoted << lock.file;
  out << YAML::Key << "hash" << YAML::Value << YAML::DoubleQuoted << lock.hash;
  out << YAML::Key << "runs" << YAML::Value << lock.runs;
  out << YAML::Key << "govsim" << YAML::Value << YAML::DoubleQuoted << lock.govsim;
  out << YAML::EndMap;
  write_file_durably((fs::path(dir_) / kResolvedName).string(), resolved_yaml.data(), resolved_yaml.size());
  const std::string text = std::string(out.c_str()) + "\n";
  write_file_durably(lock_path(), text.data(), text.size());
}

std::optional<LockInfo> RunStore::read_lock() const {
  if (is_regular(lock_path())) return parse_lock(lock_path(), false);
  const std::string legacy = (fs::path(dir_) / kLegacyLockName).string();
  if (is_regular(legacy)) return parse_lock(legacy, true);
  return std::nullopt;
}

std::size_t RunStore::remove_temporaries() const {
  std::size_t n = 0;
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir_, ec))) return 0;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    if (ends_with(name, ".tmp") && is_regular(e.path()) && fs::remove(e.path(), ec)) ++n;
  }
  return n;
}

std::size_t RunStore::clear() const {
  std::size_t n = 0;
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir_, ec))) return 0;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    const bool ours = name == kLockName || name == kResolvedName || name == kLegacyLockName ||
                      name == kLegacyResolvedName || name == "assembled.h5" || ends_with(name, ".tmp") ||
                      (name.rfind("run-", 0) == 0 && ends_with(name, ".h5"));
    if (ours && is_regular(e.path()) && fs::remove(e.path(), ec)) ++n;
  }
  if (fs::is_empty(dir_, ec)) fs::remove(dir_, ec);
  return n;
}

void RunStore::write_run(const Plan& plan, std::size_t index, const RunResult& run) const {
  write_encoded(index, encode_run(plan, index, run));
}

void RunStore::write_encoded(std::size_t index, const std::vector<char>& bytes, bool sync_folder) const {
  write_file_durably(run_path(index), bytes.data(), bytes.size(), sync_folder);
}

void RunStore::sync_folder() const { fsync_folder_of(run_path(0)); }

std::vector<char> RunStore::encode_run(const Plan& plan, std::size_t index, const RunResult& run) const {
  const std::string path = run_path(index);
  const PlanArm& arm = plan.arm_of(index);
  FileHeader header;
  header.kind = "store-run";
  header.name = plan.name;
  header.model = arm.scenario->model;
  header.scenario_yaml = arm.scenario->resolved_yaml;
  header.seed = arm.scenario->seed;
  header.replicates = plan.replicates;
  std::vector<std::string> metrics, group_metrics, finals, extras;
  for (const auto& m : run.metrics) {
    metrics.push_back(m.name);
    if (m.per_group) group_metrics.push_back(m.name);
  }
  for (const auto& f : run.finals) finals.push_back(f.name);
  for (const auto& x : run.extras) extras.push_back(x.name);
  std::lock_guard<std::mutex> lock(h5::mutex());
  ResultFile file(path, true, header, ResultFile::Buffering::kInMemory);
  file.write_run(run, arm.scenario->model, arm.scenario->resolved_yaml, plan.per_community);
  file.set_root_attribute("plan_hash", plan.hash);
  file.set_root_attribute("run_index", std::to_string(index));
  file.set_root_attribute("metric_order", h5::join_lines(metrics));
  file.set_root_attribute("group_metrics", h5::join_lines(group_metrics));
  file.set_root_attribute("final_order", h5::join_lines(finals));
  file.set_root_attribute("extra_order", h5::join_lines(extras));
  file.set_root_attribute("complete", "true");
  return file.close_to_image();
}

bool RunStore::has_run(const Plan& plan, std::size_t index) const {
  const std::string path = run_path(index);
  if (!is_regular(path)) return false;
  const PlanEntry& e = plan.runs.at(index);
  std::lock_guard<std::mutex> lock(h5::mutex());
  h5::quiet();
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return false;
  const h5::Handle file(f, H5Fclose);
  try {
    const h5::Handle root = h5::open_group(f, "/");
    if (file_hash(root.id()) != plan.hash) return false;
    if (h5::read_string_attr(root.id(), "run_index") != std::to_string(index)) return false;
    return h5::exists(f, run_group(plan.arms.at(e.arm).group_name(), e.replicate) + "/final");
  } catch (const h5::Failure&) {
    return false;
  }
}

RunResult RunStore::read_run(const Plan& plan, std::size_t index) const {
  return with_run_file(*this, plan, index, [&](hid_t, hid_t root, hid_t g, const std::string& path) {
    RunResult r;
    r.arm = h5::read_string_attr(g, "arm");
    r.replicate = h5::read_u32_attr(g, "replicate");
    r.seed = h5::read_u64_attr(g, "seed");
    r.run_seed = h5::read_u64_attr(g, "run_seed");
    const int64_t point = h5::read_i64_attr(g, "point");
    if (point >= 0) r.point = static_cast<uint64_t>(point);
    r.rows = h5::read_u32_attr(g, "steps") + 1;
    r.groups = h5::read_u32_attr(g, "groups");
    read_series(g, root, r, path);
    r.finals = read_final_values(g, root, path);
    r.extras = read_extras(g, root);
    return r;
  });
}

RunFinals RunStore::read_finals(const Plan& plan, std::size_t index) const {
  return with_run_file(*this, plan, index, [&](hid_t, hid_t root, hid_t g, const std::string& path) {
    const PlanEntry& e = plan.runs.at(index);
    return RunFinals{plan.arms.at(e.arm).group_name(), e.replicate, read_final_values(g, root, path)};
  });
}

RunFinals RunStore::copy_run_into(const Plan& plan, std::size_t index, ResultFile& out) const {
  return with_run_file_locked(*this, plan, index, [&](hid_t f, hid_t root, hid_t g, const std::string& path) {
    const PlanEntry& e = plan.runs.at(index);
    const PlanArm& arm = plan.arms.at(e.arm);
    RunFinals r{arm.group_name(), e.replicate, read_final_values(g, root, path)};
    out.copy_run(f, arm.group_name(), e.replicate, arm.scenario->model, arm.scenario->resolved_yaml);
    return r;
  });
}

}  // namespace govsim::sim::pipeline
