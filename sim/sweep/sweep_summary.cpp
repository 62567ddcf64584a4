#include "sim/sweep/sweep_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <ostream>

#include "sim/core/error.hpp"
#include "sim/design/sensitivity.hpp"
#include "sim/stats/summary.hpp"
#include "sim/output/h5.hpp"

namespace govsim::sim::sweep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Values of final `f` per point, one vector of replicate values per point (replicate order).
std::vector<std::vector<double>> by_point(const SweepData& d, std::size_t f) {
  const std::size_t nf = d.finals.size();
  std::vector<std::map<uint32_t, double>> tmp(d.arms.size());
  for (std::size_t i = 0; i < d.run_point.size(); ++i) {
    const auto p = static_cast<std::size_t>(d.run_point[i]);
    if (p < tmp.size()) tmp[p][d.run_replicate[i]] = d.final_values[i * nf + f];
  }
  std::vector<std::vector<double>> out(d.arms.size());
  for (std::size_t p = 0; p < tmp.size(); ++p)
    for (const auto& [r, v] : tmp[p]) out[p].push_back(v);
  return out;
}

std::string num(double x) {
  if (std::isnan(x)) return "nan";
  return fmt::format("{:.4g}", x);
}

std::vector<std::size_t> selected(const SweepData& d, const std::vector<std::string>& wanted) {
  std::vector<std::size_t> idx;
  for (const auto& w : wanted) {
    bool found = false;
    for (std::size_t f = 0; f < d.finals.size(); ++f)
      if (d.finals[f] == w) {
        idx.push_back(f);
        found = true;
      }
    if (!found) {
      std::string names;
      for (const auto& n : d.finals) names += (names.empty() ? "" : ", ") + n;
      throw InputError(fmt::format("error: --final: unknown final value '{}' (the file has: {})", w, names));
    }
  }
  if (idx.empty())
    for (std::size_t f = 0; f < d.finals.size(); ++f) idx.push_back(f);
  return idx;
}

}  // namespace

std::vector<double> point_means(const SweepData& d) {
  const std::size_t nf = d.finals.size(), np = d.arms.size();
  std::vector<double> out(np * nf, kNaN);
  for (std::size_t f = 0; f < nf; ++f) {
    const auto v = by_point(d, f);
    for (std::size_t p = 0; p < np; ++p) {
      const auto iv = stats::mean_interval(v[p]);
      out[p * nf + f] = iv.n > 0 ? iv.mean : kNaN;
    }
  }
  return out;
}

std::vector<Table> summary_tables(const SweepData& d) {
  std::vector<Table> out;
  const std::size_t nf = d.finals.size(), np = d.arms.size();
  if (nf == 0 || np == 0) return out;
  Table pts;
  pts.path = "/summary/points";
  pts.rows = d.arms;
  for (const auto& f : d.finals)
    for (const char* s : {"mean", "ci_lo", "ci_hi", "n"}) pts.columns.push_back(f + "." + s);
  pts.values.assign(np * nf * 4, kNaN);
  for (std::size_t f = 0; f < nf; ++f) {
    const auto v = by_point(d, f);
    for (std::size_t p = 0; p < np; ++p) {
      const auto iv = stats::mean_interval(v[p]);
      double* row = &pts.values[p * nf * 4 + f * 4];
      row[0] = iv.mean;
      row[1] = iv.lo;
      row[2] = iv.hi;
      row[3] = static_cast<double>(iv.n);
    }
  }
  out.push_back(std::move(pts));

  if (d.kind == design::Kind::kSobol || d.kind == design::Kind::kMorris) {
    const auto means = point_means(d);
    const std::size_t ng = d.groups.size();
    Table t;
    t.rows = d.groups;
    const bool sobol = d.kind == design::Kind::kSobol;
    t.path = sobol ? "/summary/sobol" : "/summary/morris";
    const std::vector<const char*> cols =
        sobol ? std::vector<const char*>{"S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi", "n"}
              : std::vector<const char*>{"mu", "mu_star", "mu_star_lo", "mu_star_hi", "sigma",
                                         "sigma_lo", "sigma_hi", "n"};
    const std::size_t nc = cols.size();
    for (const auto& f : d.finals)
      for (const char* c : cols) t.columns.push_back(f + "." + c);
    t.values.assign(ng * nf * nc, kNaN);
    for (std::size_t f = 0; f < nf; ++f) {
      std::vector<double> y(np);
      for (std::size_t p = 0; p < np; ++p) y[p] = means[p * nf + f];
      if (sobol) {
        const auto s = design::sobol_indices(d.saltelli, y, d.seed, static_cast<uint32_t>(f));
        for (std::size_t g = 0; g < ng && g < s.first.size(); ++g) {
          double* row = &t.values[g * nf * nc + f * nc];
          row[0] = s.first[g].value;
          row[1] = s.first[g].lo;
          row[2] = s.first[g].hi;
          row[3] = s.total[g].value;
          row[4] = s.total[g].lo;
          row[5] = s.total[g].hi;
          row[6] = static_cast<double>(s.samples_used);
        }
      } else {
        const auto m = design::morris_indices(d.morris, y, d.seed, static_cast<uint32_t>(f));
        for (std::size_t g = 0; g < ng && g < m.mu.size(); ++g) {
          double* row = &t.values[g * nf * nc + f * nc];
          row[0] = m.mu[g];
          row[1] = m.mu_star[g].value;
          row[2] = m.mu_star[g].lo;
          row[3] = m.mu_star[g].hi;
          row[4] = m.sigma[g].value;
          row[5] = m.sigma[g].lo;
          row[6] = m.sigma[g].hi;
          row[7] = static_cast<double>(m.n[g]);
        }
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

void print_summary(std::ostream& os, const SweepData& d, const std::vector<std::string>& wanted,
                   std::size_t max_points) {
  const auto idx = selected(d, wanted);
  const auto tables = summary_tables(d);
  const std::size_t nf = d.finals.size(), np = d.arms.size(), k = d.columns.size();
  os << fmt::format("sweep {}: {} design, {} points x {} replicates, model {}\n", d.name,
                    design::to_string(d.kind), np, d.replicates, d.model);
  if (tables.empty()) {
    os << "no runs\n";
    return;
  }
  const Table& pts = tables[0];
  // Column widths for the design values.
  std::vector<std::size_t> w(k);
  for (std::size_t c = 0; c < k; ++c) w[c] = std::max<std::size_t>(d.columns[c].size(), 8);
  for (std::size_t f : idx) {
    os << fmt::format("\n{}: mean over replicates [95% t-interval] (n)\n", d.finals[f]);
    os << fmt::format("{:<8}", "point");
    for (std::size_t c = 0; c < k; ++c) os << fmt::format(" {:>{}}", d.columns[c], w[c]);
    os << "  mean [95% CI] (n)\n";
    const std::size_t shown = max_points > 0 ? std::min(max_points, np) : np;
    for (std::size_t p = 0; p < shown; ++p) {
      os << fmt::format("{:<8}", d.arms[p]);
      for (std::size_t c = 0; c < k; ++c) os << fmt::format(" {:>{}}", num(d.values[p * k + c]), w[c]);
      const double* row = &pts.values[p * nf * 4 + f * 4];
      os << fmt::format("  {} [{}, {}] ({})\n", num(row[0]), num(row[1]), num(row[2]),
                        static_cast<long long>(row[3]));
    }
    if (shown < np)
      os << fmt::format("... {} more points (govsim summarize shows them all)\n", np - shown);
  }
  if (tables.size() < 2) return;
  const Table& t = tables[1];
  const std::size_t ng = d.groups.size();
  std::size_t gw = 8;
  for (const auto& g : d.groups) gw = std::max(gw, g.size());
  if (d.kind == design::Kind::kSobol) {
    os << fmt::format(
        "\nSobol' indices of the mean over replicates (Saltelli 2010 first order, Jansen total; "
        "N = {} base samples; 95% intervals from {} bootstrap resamples)\n",
        d.saltelli.base_samples, design::kBootstrapResamples);
    for (std::size_t f : idx) {
      os << fmt::format("\n{}:\n{:<{}}  {:>28}  {:>28}\n", d.finals[f], "group", gw, "S1 [95% CI]",
                        "ST [95% CI]");
      for (std::size_t g = 0; g < ng; ++g) {
        const double* row = &t.values[g * nf * 7 + f * 7];
        os << fmt::format("{:<{}}  {:>28}  {:>28}\n", d.groups[g], gw,
                          fmt::format("{} [{}, {}]", num(row[0]), num(row[1]), num(row[2])),
                          fmt::format("{} [{}, {}]", num(row[3]), num(row[4]), num(row[5])));
      }
    }
  } else {
    os << fmt::format(
        "\nMorris elementary effects of the mean over replicates ({} trajectories, {} levels, "
        "delta = {}; per full range; 95% intervals from {} bootstrap resamples)\n",
        d.morris.trajectories, d.morris.levels, num(d.morris.delta), design::kBootstrapResamples);
    for (std::size_t f : idx) {
      os << fmt::format("\n{}:\n{:<{}}  {:>28}  {:>28}  {:>10}\n", d.finals[f], "group", gw,
                        "mu* [95% CI]", "sigma [95% CI]", "mu");
      // Sorted by mu* (largest first), the screening order.
      std::vector<std::size_t> order(ng);
      for (std::size_t g = 0; g < ng; ++g) order[g] = g;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const double x = t.values[a * nf * 8 + f * 8 + 1], y = t.values[b * nf * 8 + f * 8 + 1];
        return (std::isnan(y) && !std::isnan(x)) || x > y;
      });
      for (std::size_t g : order) {
        const double* row = &t.values[g * nf * 8 + f * 8];
        os << fmt::format("{:<{}}  {:>28}  {:>28}  {:>10}\n", d.groups[g], gw,
                          fmt::format("{} [{}, {}]", num(row[1]), num(row[2]), num(row[3])),
                          fmt::format("{} [{}, {}]", num(row[4]), num(row[5]), num(row[6])),
                          num(row[0]));
      }
    }
  }
}

namespace {

void read_design(hid_t f, SweepData& d, const std::string& path) {
  const h5::Handle des = h5::open_group(f, "/design");
  const std::string kind = h5::read_string(des.id(), "kind");
  if (kind == "grid") d.kind = design::Kind::kGrid;
  else if (kind == "list") d.kind = design::Kind::kList;
  else if (kind == "lhs") d.kind = design::Kind::kLhs;
  else if (kind == "sobol") d.kind = design::Kind::kSobol;
  else if (kind == "morris") d.kind = design::Kind::kMorris;
  else throw InputError(fmt::format("error: '{}': unknown design kind '{}'", path, kind));
  d.seed = h5::read_u64_attr(des.id(), "seed");
  d.replicates = static_cast<uint32_t>(h5::read_u64_attr(des.id(), "replicates"));
  d.columns = h5::read_strings(des.id(), "columns");
  d.arms = h5::read_strings(des.id(), "rows");
  d.groups = h5::read_strings(des.id(), "groups");
  d.values = h5::read_f64s(des.id(), "values");
  if (d.kind == design::Kind::kSobol) {
    const h5::Handle s = h5::open_group(des.id(), "sobol");
    d.saltelli.base_samples = h5::read_u64_attr(s.id(), "base_samples");
    d.saltelli.groups = h5::read_u64_attr(s.id(), "groups");
    d.saltelli.sample = h5::read_u32s(s.id(), "sample");
    d.saltelli.block = h5::read_i32s(s.id(), "block");
  } else if (d.kind == design::Kind::kMorris) {
    const h5::Handle m = h5::open_group(des.id(), "morris");
    d.morris.trajectories = h5::read_u64_attr(m.id(), "trajectories");
    d.morris.levels = h5::read_u64_attr(m.id(), "levels");
    d.morris.groups = h5::read_u64_attr(m.id(), "groups");
    d.morris.delta = h5::read_f64_attr(m.id(), "delta");
    d.morris.trajectory = h5::read_u32s(m.id(), "trajectory");
    d.morris.step = h5::read_u32s(m.id(), "step");
    d.morris.moved = h5::read_i32s(m.id(), "moved");
    d.morris.direction = h5::read_i32s(m.id(), "direction");
  }
}

void read_finals(hid_t f, SweepData& d) {
  const h5::Handle man = h5::open_group(f, "/manifest");
  d.run_point = h5::read_u64s(man.id(), "point");
  d.run_replicate = h5::read_u32s(man.id(), "replicate");
  const auto run_arm = h5::read_strings(man.id(), "arm");
  // Final names in the order the sweep stored them.
  if (h5::exists(f, "/summary/points")) {
    const h5::Handle sp = h5::open_group(f, "/summary/points");
    for (const auto& c : h5::read_strings(sp.id(), "columns")) {
      const auto dot = c.rfind('.');
      if (c.substr(dot + 1) == "mean") d.finals.push_back(c.substr(0, dot));
    }
  } else if (!run_arm.empty()) {
    const h5::Handle fin = h5::open_group(f, fmt::format("/runs/{}/r{:04d}/final", run_arm[0], d.run_replicate[0]));
    d.finals = h5::member_names(fin.id());
  }
  const std::size_t nf = d.finals.size();
  d.final_values.assign(run_arm.size() * nf, kNaN);
  for (std::size_t i = 0; i < run_arm.size(); ++i) {
    const std::string g = fmt::format("/runs/{}/r{:04d}/final", run_arm[i], d.run_replicate[i]);
    if (!h5::exists(f, g)) continue;
    const h5::Handle fin = h5::open_group(f, g);
    for (std::size_t k = 0; k < nf; ++k) {
      if (!h5::exists(fin.id(), d.finals[k])) continue;
      const auto v = h5::read_f64s(fin.id(), d.finals[k]);
      if (!v.empty()) d.final_values[i * nf + k] = v[0];
    }
  }
}

}  // namespace

SweepData read_sweep_file(const std::string& path) {
  std::lock_guard<std::mutex> lock(h5::mutex());
  h5::quiet();
  SweepData d;
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw InputError(fmt::format("error: cannot open results file '{}'", path));
  const h5::Handle f(id, H5Fclose);
  try {
    const h5::Handle root = h5::open_group(id, "/");
    if (!h5::has_attr(root.id(), "kind") || h5::read_string_attr(root.id(), "kind") != "sweep" ||
        !h5::exists(id, "/design") || !h5::exists(id, "/manifest"))
      throw InputError(fmt::format("error: '{}' is not a sweep results file (written by govsim sweep)", path));
    d.name = h5::read_string_attr(root.id(), "name");
    d.model = h5::read_string_attr(root.id(), "model");
    read_design(id, d, path);
    read_finals(id, d);
  } catch (const h5::Failure& e) {
    throw InputError(fmt::format("error: cannot read sweep results file '{}': {}", path, e.what()));
  }
  return d;
}

}  // namespace govsim::sim::sweep
