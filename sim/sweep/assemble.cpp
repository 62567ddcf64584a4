#include "sim/sweep/assemble.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>

#include "sim/core/error.hpp"
#include "sim/sweep/h5_io.hpp"

namespace govsim::sim::sweep {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void write_design_and_manifest(const std::string& path, const SweepPlan& plan) {
  std::lock_guard<std::mutex> lock(h5::hdf5_mutex());
  H5::Exception::dontPrint();
  try {
    H5::H5File f(path, H5F_ACC_RDWR);
    const std::size_t np = plan.points.size(), k = plan.columns.size();
    H5::Group des = h5::ensure_group(f, "/design");
    h5::write_u64_attr(des, "seed", plan.seed);
    h5::write_u64_attr(des, "replicates", plan.replicates);
    h5::write_string_attr(des, "crn", plan.crn ? "true" : "false");
    h5::write_string(des, "kind", std::string(design::to_string(plan.kind)));
    h5::write_strings(des, "columns", plan.columns);
    std::vector<std::string> rows;
    std::vector<double> values;
    std::vector<std::string> overrides;
    rows.reserve(np);
    values.reserve(np * k);
    for (const auto& pt : plan.points) {
      rows.push_back(pt.arm);
      values.insert(values.end(), pt.values.begin(), pt.values.end());
      overrides.push_back(h5::join_lines(pt.overrides));
    }
    h5::write_strings(des, "rows", rows);
    h5::write_f64s(des, "values", values, np, k);
    h5::write_strings(des, "overrides", overrides);
    if (!plan.unit.empty()) h5::write_f64s(des, "unit", plan.unit, np, k);
    h5::write_strings(des, "groups", plan.groups);
    std::vector<int32_t> group_of;
    std::vector<double> lo, hi;
    std::vector<std::string> scale;
    std::vector<int32_t> integer;
    for (const auto& fct : plan.factors) {
      group_of.push_back(static_cast<int32_t>(fct.group));
      lo.push_back(fct.lo);
      hi.push_back(fct.hi);
      scale.push_back(fct.scale == design::Scale::kLog ? "log" : "linear");
      integer.push_back(fct.integer ? 1 : 0);
    }
    h5::write_i32s(des, "group_of", group_of);
    h5::write_f64s(des, "lo", lo, k, 0);
    h5::write_f64s(des, "hi", hi, k, 0);
    h5::write_strings(des, "scale", scale);
    h5::write_i32s(des, "integer", integer);
    if (plan.kind == design::Kind::kSobol) {
      H5::Group s = des.createGroup("sobol");
      h5::write_u64_attr(s, "base_samples", plan.saltelli.base_samples);
      h5::write_u64_attr(s, "groups", plan.saltelli.groups);
      h5::write_u32s(s, "sample", plan.saltelli.sample);
      h5::write_i32s(s, "block", plan.saltelli.block);
    } else if (plan.kind == design::Kind::kMorris) {
      H5::Group m = des.createGroup("morris");
      h5::write_u64_attr(m, "trajectories", plan.morris.trajectories);
      h5::write_u64_attr(m, "levels", plan.morris.levels);
      h5::write_u64_attr(m, "groups", plan.morris.groups);
      h5::write_f64_attr(m, "delta", plan.morris.delta);
      h5::write_u32s(m, "trajectory", plan.morris.trajectory);
      h5::write_u32s(m, "step", plan.morris.step);
      h5::write_i32s(m, "moved", plan.morris.moved);
      h5::write_i32s(m, "direction", plan.morris.direction);
    }
    H5::Group man = h5::ensure_group(f, "/manifest");
    std::vector<uint64_t> point, seed;
    std::vector<uint32_t> rep;
    std::vector<std::string> arm;
    for (const auto& e : plan.runs) {
      point.push_back(e.point);
      rep.push_back(e.replicate);
      seed.push_back(e.run_seed);
      arm.push_back(plan.points[e.point].arm);
    }
    h5::write_u64s(man, "point", point);
    h5::write_u32s(man, "replicate", rep);
    h5::write_u64s(man, "run_seed", seed);
    h5::write_strings(man, "arm", arm);
    f.flush(H5F_SCOPE_GLOBAL);
    f.close();
  } catch (const H5::Exception& e) {
    throw OutputError(fmt::format("cannot write /design and /manifest in '{}': {}", path, e.getDetailMsg()));
  }
}

}  // namespace

SweepData sweep_data(const SweepPlan& plan, std::vector<std::string> finals,
                     std::vector<double> final_values) {
  SweepData d;
  d.name = plan.name;
  d.model = plan.model;
  d.kind = plan.kind;
  d.seed = plan.seed;
  d.replicates = plan.replicates;
  d.columns = plan.columns;
  d.groups = plan.groups;
  for (const auto& pt : plan.points) {
    d.arms.push_back(pt.arm);
    d.values.insert(d.values.end(), pt.values.begin(), pt.values.end());
  }
  d.saltelli = plan.saltelli;
  d.morris = plan.morris;
  for (const auto& e : plan.runs) {
    d.run_point.push_back(e.point);
    d.run_replicate.push_back(e.replicate);
  }
  d.finals = std::move(finals);
  d.final_values = std::move(final_values);
  return d;
}

SweepData assemble_sweep(const SweepPlan& plan, const RunStore& store, const AssembleOptions& options) {
  check_output_path(options.out_path, options.force);
  const std::string assembled = (fs::path(store.dir()) / "assembled.h5").string();
  FileHeader header;
  header.kind = "sweep";
  header.name = plan.name;
  header.model = plan.model;
  header.scenario_yaml = plan.resolved_yaml;
  header.seed = plan.seed;
  header.replicates = plan.replicates;
  header.provenance = options.provenance;

  std::vector<std::string> finals;
  std::vector<double> values;
  {
    std::unique_lock<std::mutex> lock(h5::hdf5_mutex());
    ResultFile file(assembled, true, header);
    lock.unlock();
    for (std::size_t i = 0; i < plan.runs.size(); ++i) {
      RunResult r = store.read_run(i, plan.hash);  // takes the HDF5 lock itself
      const ManifestEntry& e = plan.runs[i];
      const SweepPoint& pt = plan.points[e.point];
      if (r.arm != pt.arm || r.replicate != e.replicate || r.run_seed != e.run_seed)
        throw OutputError(fmt::format("'{}' holds {} r{} but the manifest expects {} r{}",
                                      store.run_path(i), r.arm, r.replicate, pt.arm, e.replicate));
      if (i == 0)
        for (const auto& fv : r.finals) finals.push_back(fv.name);
      for (const auto& name : finals) {
        double v = kNaN;
        for (const auto& fv : r.finals)
          if (fv.name == name) v = fv.value;
        values.push_back(v);
      }
      lock.lock();
      file.write_run(r, plan.model, pt.scenario->resolved_yaml, plan.output.per_community);
      lock.unlock();
      if (options.on_progress) options.on_progress(i + 1, plan.runs.size());
    }
    SweepData data = sweep_data(plan, finals, values);
    lock.lock();
    for (const Table& t : summary_tables(data)) file.write_table(t.path, t.rows, t.columns, t.values);
    file.set_root_attribute("complete", "true");
    file.commit();
  }
  write_design_and_manifest(assembled, plan);
  h5::fsync_path(assembled, false);
  if (std::rename(assembled.c_str(), options.out_path.c_str()) != 0)
    throw OutputError(fmt::format("cannot rename '{}' to '{}': {}", assembled, options.out_path,
                                  std::strerror(errno)));
  const fs::path dir = fs::path(options.out_path).parent_path();
  h5::fsync_path(dir.empty() ? "." : dir.string(), true);
  return sweep_data(plan, std::move(finals), std::move(values));
}

}  // namespace govsim::sim::sweep
