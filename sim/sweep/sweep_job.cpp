#include "sim/sweep/sweep_job.hpp"

#include <fmt/format.h>

#include <limits>
#include <stdexcept>

#include "sim/output/h5.hpp"
#include "sim/pipeline/assemble.hpp"

namespace govsim::sim::sweep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void write_factors(hid_t des, const SweepPlan& plan) {
  std::vector<int32_t> group_of, integer;
  std::vector<double> lo, hi;
  std::vector<std::string> scale;
  for (const auto& f : plan.factors) {
    group_of.push_back(static_cast<int32_t>(f.group));
    lo.push_back(f.lo);
    hi.push_back(f.hi);
    scale.push_back(f.scale == design::Scale::kLog ? "log" : "linear");
    integer.push_back(f.integer ? 1 : 0);
  }
  h5::write_i32s(des, "group_of", group_of);
  h5::write_f64s(des, "lo", lo.data(), {lo.size()});
  h5::write_f64s(des, "hi", hi.data(), {hi.size()});
  h5::write_strings(des, "scale", scale);
  h5::write_i32s(des, "integer", integer);
}

void write_structure(hid_t des, const SweepPlan& plan) {
  if (plan.kind == design::Kind::kSobol) {
    const h5::Handle s = h5::create_group(des, "sobol");
    h5::write_u64_attr(s.id(), "base_samples", plan.saltelli.base_samples);
    h5::write_u64_attr(s.id(), "groups", plan.saltelli.groups);
    h5::write_u32s(s.id(), "sample", plan.saltelli.sample);
    h5::write_i32s(s.id(), "block", plan.saltelli.block);
  } else if (plan.kind == design::Kind::kMorris) {
    const h5::Handle m = h5::create_group(des, "morris");
    h5::write_u64_attr(m.id(), "trajectories", plan.morris.trajectories);
    h5::write_u64_attr(m.id(), "levels", plan.morris.levels);
    h5::write_u64_attr(m.id(), "groups", plan.morris.groups);
    h5::write_f64_attr(m.id(), "delta", plan.morris.delta);
    h5::write_u32s(m.id(), "trajectory", plan.morris.trajectory);
    h5::write_u32s(m.id(), "step", plan.morris.step);
    h5::write_i32s(m.id(), "moved", plan.morris.moved);
    h5::write_i32s(m.id(), "direction", plan.morris.direction);
  }
}

}  // namespace

pipeline::Plan to_pipeline_plan(const SweepPlan& sweep) {
  pipeline::Plan plan;
  plan.kind = "sweep";
  plan.name = sweep.name;
  plan.model = sweep.model;
  plan.resolved_yaml = sweep.resolved_yaml;
  plan.seed = sweep.seed;
  plan.replicates = sweep.replicates;
  plan.crn = sweep.crn;
  plan.per_community = sweep.output.per_community;
  plan.hash = sweep.hash;
  plan.arms.reserve(sweep.points.size());
  for (const auto& pt : sweep.points) {
    std::string detail;
    for (std::size_t i = 0; i < pt.overrides.size() && i < 8; ++i) detail += (i ? ", " : "") + pt.overrides[i];
    if (pt.overrides.size() > 8) detail += ", ...";
    plan.arms.push_back({pt.arm, pt.scenario, detail});
  }
  plan.runs.reserve(sweep.runs.size());
  for (const auto& e : sweep.runs)
    plan.runs.push_back({static_cast<std::size_t>(e.point), e.replicate, e.point, 0});
  pipeline::finalize(plan);
  for (std::size_t i = 0; i < plan.runs.size(); ++i)
    if (plan.runs[i].run_seed != sweep.runs[i].run_seed)
      throw std::logic_error(fmt::format("sweep run {}: the manifest's seed differs from the plan's", i));
  return plan;
}

void write_design_and_manifest(hid_t file, const SweepPlan& plan) {
  const std::size_t np = plan.points.size(), k = plan.columns.size();
  {
    const h5::Handle des = h5::ensure_group(file, "/design");
    const hid_t d = des.id();
    h5::write_u64_attr(d, "seed", plan.seed);
    h5::write_u64_attr(d, "replicates", plan.replicates);
    h5::write_string_attr(d, "crn", plan.crn ? "true" : "false");
    h5::write_string(d, "kind", std::string(design::to_string(plan.kind)));
    h5::write_strings(d, "columns", plan.columns);
    std::vector<std::string> rows, overrides;
    std::vector<double> values;
    rows.reserve(np);
    values.reserve(np * k);
    for (const auto& pt : plan.points) {
      rows.push_back(pt.arm);
      values.insert(values.end(), pt.values.begin(), pt.values.end());
      overrides.push_back(h5::join_lines(pt.overrides));
    }
    h5::write_strings(d, "rows", rows);
    h5::write_f64s(d, "values", values.data(), k ? std::vector<hsize_t>{np, k} : std::vector<hsize_t>{np});
    h5::write_strings(d, "overrides", overrides);
    if (!plan.unit.empty())
      h5::write_f64s(d, "unit", plan.unit.data(), k ? std::vector<hsize_t>{np, k} : std::vector<hsize_t>{np});
    h5::write_strings(d, "groups", plan.groups);
    write_factors(d, plan);
    write_structure(d, plan);
  }
  const h5::Handle man = h5::ensure_group(file, "/manifest");
  std::vector<uint64_t> point, seed;
  std::vector<uint32_t> rep;
  std::vector<std::string> arm;
  for (const auto& e : plan.runs) {
    point.push_back(e.point);
    rep.push_back(e.replicate);
    seed.push_back(e.run_seed);
    arm.push_back(plan.points[e.point].arm);
  }
  h5::write_u64s(man.id(), "point", point);
  h5::write_u32s(man.id(), "replicate", rep);
  h5::write_u64s(man.id(), "run_seed", seed);
  h5::write_strings(man.id(), "arm", arm);
}

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

SweepData sweep_data(const SweepPlan& sweep, const std::vector<pipeline::RunFinals>& runs) {
  std::vector<std::string> names;
  if (!runs.empty())
    for (const auto& f : runs.front().finals) names.push_back(f.name);
  std::vector<double> values;
  values.reserve(runs.size() * names.size());
  for (const auto& r : runs)
    for (const auto& name : names) {
      double v = kNaN;
      for (const auto& f : r.finals)
        if (f.name == name) v = f.value;
      values.push_back(v);
    }
  return sweep_data(sweep, std::move(names), std::move(values));
}

SweepData assemble_sweep(const SweepPlan& sweep, const pipeline::Plan& plan,
                         const pipeline::RunStore& store, const AssembleOptions& options) {
  pipeline::AssembleOptions ao;
  ao.out_path = options.out_path;
  ao.force = options.force;
  ao.provenance = options.provenance;
  ao.on_progress = options.on_progress;
  ao.tables = [&](const std::vector<pipeline::RunFinals>& finals) {
    return summary_tables(sweep_data(sweep, finals));
  };
  ao.extra = [&](hid_t file) { write_design_and_manifest(file, sweep); };
  return sweep_data(sweep, pipeline::assemble(plan, store, ao));
}

}  // namespace govsim::sim::sweep
