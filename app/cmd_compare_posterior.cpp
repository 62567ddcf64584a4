#include "app/cmd_compare_posterior.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "sim/core/error.hpp"
#include "sim/output/h5.hpp"
#include "sim/pipeline/arm_summary.hpp"
#include "sim/pipeline/robust_plan.hpp"
#include "sim/pipeline/robust_summary.hpp"
#include "sim/scenario/comparison_extras.hpp"

#include "sim/calibrate/calibration_file.hpp"

namespace govsim::app {

namespace pl = sim::pipeline;

namespace {

using sim::calibrate::PosteriorSample;
using sim::calibrate::read_posterior;

std::vector<pl::RobustOutcome> outcomes_of(const sim::ModelInfo* info) {
  std::vector<pl::RobustOutcome> out;
  if (!info) return out;
  for (const auto& name : info->headline) {
    pl::RobustOutcome o{name, 0.0, 0};
    for (const sim::Materiality& mm : info->materiality)
      if (mm.final == name) o.margin = mm.margin;
    if (auto it = info->better.find(name); it != info->better.end()) o.better = it->second;
    out.push_back(o);
  }
  return out;
}

std::vector<pl::HypothesisSpec> hypotheses_of(const sim::ComparisonExtras& x) {
  std::vector<pl::HypothesisSpec> out;
  for (const auto& h : x.hypotheses) out.push_back({h.name, h.arm, h.beats, h.outcome, h.by});
  return out;
}

// The finals the runs gave: warns about hypotheses naming none of them.
void check_outcomes(const pl::RobustInput& in, const std::vector<pl::RunFinals>& finals) {
  if (finals.empty()) return;
  for (const auto& h : in.hypotheses) {
    bool found = false;
    for (const auto& f : finals.front().finals) found = found || f.name == h.outcome;
    if (!found) spdlog::warn("hypothesis {}: the runs have no final value '{}': no data", h.name, h.outcome);
  }
}

std::string resume_command(const PosteriorCompareArgs& a, const std::string& out, std::size_t k) {
  std::string cmd = fmt::format("govsim compare {} --posterior {} --draws {} -o {}", a.file, a.posterior, k, out);
  for (const auto& s : a.sets) cmd += fmt::format(" --set '{}'", s);
  if (a.replicates > 0) cmd += fmt::format(" --replicates {}", a.replicates);
  return cmd + " --resume";
}

// "NAME=VALUE" for a free parameter: an integer parameter's value rounded to the nearest
// integer, as the calibration ran it (a particle is stored as a real); a real one written so
// that it reads back to the same double.
std::string free_value_text(const sim::Catalog& catalog, const std::string& model,
                            const std::string& name, double value) {
  const sim::ModelEntry* m = catalog.find_model(model);
  const std::string prefix = "params.";
  const sim::ParamDef* def =
      m && name.rfind(prefix, 0) == 0 ? m->params.find(name.substr(prefix.size())) : nullptr;
  if (def && def->type == sim::ParamType::kInt)
    return fmt::format("{}={}", name, static_cast<int64_t>(std::llround(value)));
  return fmt::format("{}={}", name, value);
}

// The calibration's model and parameter names against the comparison's (exit 2 naming the
// calibration file).
void check_posterior(const PosteriorSample& post, const std::string& path, const sim::Comparison& cmp,
                     const sim::Catalog& catalog) {
  const std::string& model = cmp.arms.front().scenario->model;
  if (post.model != model)
    throw sim::InputError(fmt::format("{}: error: the calibration is of model '{}', the comparison {} of model '{}'",
                                      path, post.model, cmp.file, model));
  if (post.n == 0 || post.names.empty() || post.weights.size() != post.n ||
      post.particles.size() != post.n * post.names.size())
    throw sim::InputError(fmt::format("{}: error: /calibration/posterior holds no usable population", path));
  for (std::size_t j = 0; j < post.names.size(); ++j) {
    try {
      (void)pl::with_values(*cmp.arms.front().scenario,
                            {free_value_text(catalog, model, post.names[j], post.particles[j])}, catalog);
    } catch (const sim::InputError& e) {
      throw sim::InputError(fmt::format("{}: error: parameter '{}' of the calibration cannot be set in the "
                                        "comparison's scenarios: {}",
                                        path, post.names[j], e.what()));
    }
  }
}

// Every countermeasure target range of the arms, keyed "<countermeasure type>.<target>" in the
// order of first appearance; the same key must have the same range in every arm that holds it.
void add_ranges(pl::Draws& draws, const sim::Comparison& cmp, uint64_t seed) {
  std::vector<std::pair<std::string, std::pair<double, double>>> seen;
  for (const auto& arm : cmp.arms)
    for (const auto& cm : arm.scenario->countermeasures)
      for (const auto& [name, range] : cm.target_ranges) {
        const std::string key = cm.type + "." + name;
        auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& x) { return x.first == key; });
        if (it == seen.end()) seen.push_back({key, range});
        else if (it->second != range)
          throw sim::InputError(fmt::format(
              "{}: error: arm {}: the range of {} [{}, {}] differs from another arm's [{}, {}]: one countermeasure "
              "target is drawn once per draw for every arm that holds it",
              cmp.file, arm.name, key, range.first, range.second, it->second.first, it->second.second));
      }
  for (const auto& [key, range] : seen) pl::add_range_column(draws, key, range.first, range.second, seed);
}

// The --set overrides of arm `s` at draw `draw`: the free parameters, then the drawn value of
// every range the arm holds (countermeasures.I.targets.NAME).
// A free parameter that the arm's own scenario sets to another value than the base arm's is
// part of the arm's design (CM5cm's h_org = 0, a countermeasure arm's own settings): it keeps
// the arm's value and is not drawn (docs/ODD.md decision 40).
bool arm_sets(const sim::Scenario& arm, const sim::Scenario& base, const std::string& name) {
  const std::string prefix = "params.";
  if (name.rfind(prefix, 0) != 0) return false;
  const std::string key = name.substr(prefix.size());
  if (!arm.params.has(key) || !base.params.has(key)) return false;
  return !(arm.params.get(key) == base.params.get(key));
}

std::vector<std::string> overrides_of(const pl::Draws& d, std::size_t draw, const sim::Scenario& s,
                                      const sim::Scenario& base, const sim::Catalog& catalog) {
  std::vector<std::string> ov;
  for (std::size_t j = 0; j < d.free_parameters; ++j)
    if (!arm_sets(s, base, d.names[j]))
      ov.push_back(free_value_text(catalog, s.model, d.names[j], d.at(draw, j)));
  for (std::size_t i = 0; i < s.countermeasures.size(); ++i)
    for (const auto& r : s.countermeasures[i].target_ranges) {
      const std::string key = s.countermeasures[i].type + "." + r.first;
      const auto j = static_cast<std::size_t>(std::find(d.names.begin(), d.names.end(), key) - d.names.begin());
      ov.push_back(fmt::format("countermeasures.{}.targets.{}={}", i, r.first, d.at(draw, j)));
    }
  return ov;
}

}  // namespace

JobSpec build_compare_posterior(const AppContext& ctx, const PosteriorCompareArgs& a) {
  auto cmp = sim::load_comparison(a.file, ctx.catalog, to_overrides(a.sets));
  if (cmp.arms.empty()) throw sim::InputError(fmt::format("{}: error: compare.arms: no arms", a.file));
  std::vector<std::string> names;
  for (const auto& arm : cmp.arms) names.push_back(arm.name);
  const sim::ComparisonExtras extras = sim::load_comparison_extras(a.file, names);
  const PosteriorSample post = read_posterior(a.posterior);
  check_posterior(post, a.posterior, cmp, ctx.catalog);
  const std::size_t k = static_cast<std::size_t>(a.draws > 0 ? a.draws : extras.draws);
  const uint32_t reps = a.replicates > 0 ? static_cast<uint32_t>(a.replicates) : cmp.replicates;

  pl::Draws draws = pl::draw_from_population(post.names, post.particles, post.weights, k, cmp.seed);
  add_ranges(draws, cmp, cmp.seed);
  std::vector<pl::RobustArm> arms;
  for (const auto& arm : cmp.arms) {
    pl::RobustArm ra{arm.name, {}};
    for (std::size_t d = 0; d < k; ++d) ra.per_draw.push_back(pl::with_values(*arm.scenario, overrides_of(draws, d, *arm.scenario, *cmp.arms.front().scenario, ctx.catalog), ctx.catalog));
    arms.push_back(std::move(ra));
  }
  JobSpec spec;
  spec.out_path = !a.output.empty() ? a.output : !cmp.output.path.empty() ? cmp.output.path : default_output(cmp.name);
  spec.plan = pl::draws_plan(arms, reps);
  spec.plan.name = cmp.name;
  spec.plan.resolved_yaml = cmp.resolved_yaml;
  spec.plan.seed = cmp.seed;
  pl::finalize(spec.plan);
  spec.input_file = a.file;
  spec.resume_command = resume_command(a, spec.out_path, k);
  spec.partial_file = true;
  spec.progress_in_steps = true;
  spec.baseline = names.front();

  auto in = std::make_shared<pl::RobustInput>();
  in->arms = names;
  in->base = 0;
  in->outcomes = outcomes_of(ctx.registry.find(spec.plan.model));
  if (const sim::ModelInfo* info = ctx.registry.find(spec.plan.model)) spec.materiality = info->materiality;
  in->draws = draws;
  in->replicates = reps;
  in->hypotheses = hypotheses_of(extras);
  std::error_code ec;
  const std::string calib_abs = std::filesystem::absolute(a.posterior, ec).string();
  spec.dry_run = [in, k, reps, out = spec.out_path, name = cmp.name, calib = a.posterior, g = post.generation] {
    std::cout << fmt::format("# comparison {} over the plausible set of {} (generation {}): {} draws x {} arms x {} "
                             "replicates = {} runs; output {}\n",
                             name, calib, g, k, in->arms.size(), reps, k * in->arms.size() * reps, out);
    for (std::size_t d = 0; d < in->draws.k; ++d) {
      std::cout << fmt::format("# d{:04d}:", d);
      for (std::size_t j = 0; j < in->draws.names.size(); ++j)
        std::cout << fmt::format(" {}={}", in->draws.names[j], in->draws.at(d, j));
      std::cout << "\n";
    }
  };
  spec.assemble = [in, names, baseline = spec.baseline, margins = spec.materiality, calib_abs,
                   post_gen = post.generation, post_eps = post.epsilon](
                      const pl::Plan& plan, const pl::RunStore& store, pl::AssembleOptions ao) {
    ao.tables = [in, names, baseline, margins](const std::vector<pl::RunFinals>& finals) {
      std::vector<sim::Table> t = pl::arm_summary_tables(finals, names, baseline, margins);
      const pl::RobustResult r = pl::robust_summary(finals, *in);
      for (auto& x : pl::robust_tables(r, *in)) t.push_back(std::move(x));
      return t;
    };
    ao.extra = [in, calib_abs, post_gen, post_eps](hid_t file) {
      const sim::h5::Handle g = sim::h5::ensure_group(file, "/robust");
      sim::h5::write_string_attr(g.id(), "posterior", calib_abs);
      sim::h5::write_u64_attr(g.id(), "posterior_generation", post_gen);
      sim::h5::write_f64_attr(g.id(), "posterior_epsilon", post_eps);
      sim::h5::write_u64_attr(g.id(), "draws", in->draws.k);
      sim::h5::write_u64_attr(g.id(), "replicates_per_draw", in->replicates);
      sim::h5::write_u64_attr(g.id(), "free_parameters", in->draws.free_parameters);
      sim::h5::write_string_attr(g.id(), "base", in->arms[in->base]);
      sim::h5::write_f64_attr(g.id(), "level", in->level);
    };
    return pl::assemble(plan, store, ao);
  };
  spec.report = [in, out = spec.out_path](const std::vector<pl::RunFinals>& finals) {
    check_outcomes(*in, finals);
    pl::print_robust(std::cout, pl::robust_summary(finals, *in), *in);
    std::cout << "results: " << out << "\n";
  };
  return spec;
}

void add_one_point_hypotheses(const AppContext& ctx, const sim::Comparison& cmp, JobSpec& spec) {
  std::vector<std::string> names;
  for (const auto& arm : cmp.arms) names.push_back(arm.name);
  const sim::ComparisonExtras extras = sim::load_comparison_extras(cmp.file, names);
  if (extras.hypotheses.empty()) return;
  auto in = std::make_shared<pl::RobustInput>();
  in->arms = names;
  in->outcomes = outcomes_of(ctx.registry.find(spec.plan.model));
  if (const sim::ModelInfo* info = ctx.registry.find(spec.plan.model)) spec.materiality = info->materiality;
  in->draws.k = spec.plan.replicates;  // one "draw" per replicate: the paired test at one point
  in->replicates = 1;
  in->hypotheses = hypotheses_of(extras);
  const std::string baseline = spec.baseline;
  spec.assemble = [in, names, baseline, margins = spec.materiality](
                      const pl::Plan& plan, const pl::RunStore& store, pl::AssembleOptions ao) {
    ao.tables = [in, names, baseline, margins](const std::vector<pl::RunFinals>& finals) {
      std::vector<sim::Table> t = pl::arm_summary_tables(finals, pl::arms_of(finals), baseline, margins);
      for (auto& x : pl::robust_tables(pl::robust_summary(finals, *in), *in, true)) t.push_back(std::move(x));
      return t;
    };
    return pl::assemble(plan, store, ao);
  };
  auto report = spec.report;
  spec.report = [in, report](const std::vector<pl::RunFinals>& finals) {
    if (report) report(finals);
    check_outcomes(*in, finals);
    pl::print_hypotheses(std::cout, pl::robust_summary(finals, *in), *in, true);
  };
}

}  // namespace govsim::app
