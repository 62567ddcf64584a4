#include "sim/calibrate/calibrate_job.hpp"

#include <fmt/format.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <system_error>

#include "sim/core/error.hpp"
#include "sim/output/durable_file.hpp"
#include "sim/output/h5.hpp"
#include "sim/pipeline/job.hpp"
#include "sim/pipeline/run_store.hpp"

namespace govsim::sim::calibrate {

namespace fs = std::filesystem;
namespace pl = pipeline;

namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Errors cross ranks as text: a type letter and the message ("K" = no error).
std::string encode_error(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const InputError& x) {
    return std::string("I") + x.what();
  } catch (const OutputError& x) {
    return std::string("O") + x.what();
  } catch (const std::exception& x) {
    return std::string("X") + x.what();
  }
}

// Broadcasts the root's status and throws it on every rank when it is an error.
void share_status(pl::Executor& ex, std::string status) {
  ex.broadcast(status);
  if (!status.empty() && status[0] == 'K') return;
  const std::string msg = status.size() > 1 ? status.substr(1) : std::string("unknown error");
  if (!status.empty() && status[0] == 'I') throw InputError(msg);
  if (!status.empty() && status[0] == 'O') throw OutputError(msg);
  throw std::runtime_error(msg);
}

// Runs `f` on the root and shares its outcome (an exception on the root is thrown everywhere).
template <class F>
void on_root(pl::Executor& ex, F&& f) {
  std::string status = "K";
  if (ex.is_root()) {
    try {
      f();
    } catch (...) {
      status = encode_error(std::current_exception());
    }
  }
  share_status(ex, status);
}

// 1 when `path` is a calibration file that says it finished, 0 when unfinished, -1 otherwise.
int finished_state(const std::string& path) {
  try {
    std::lock_guard<std::mutex> lock(h5::mutex());
    h5::quiet();
    const h5::Handle f = h5::open_file(path);
    const h5::Handle root = h5::open_group(f.id(), "/");
    if (!h5::has_attr(root.id(), "kind") || h5::read_string_attr(root.id(), "kind") != "calibrate") return -1;
    return h5::has_attr(root.id(), "finished") && h5::read_i64_attr(root.id(), "finished") != 0 ? 1 : 0;
  } catch (const std::exception&) {
    return -1;
  }
}

// The store folders of a calibration: "<out>.d/gen-*".
std::vector<std::string> batch_stores(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename().string().rfind("gen-", 0) == 0 && e.is_directory(ec) && !e.is_symlink(ec))
      out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

void clear_stores(const std::string& dir) {
  for (const auto& s : batch_stores(dir)) (void)pl::RunStore(s).clear();
  std::error_code ec;
  fs::remove(dir, ec);  // only when empty
}

// Root: the output and store rules (the same as the other commands', for a folder of stores).
void prepare(const CalibrationSpec& spec, const CalibrateOptions& o) {
  const std::string dir = calibration_store_dir(o.out_path);
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(dir, ec);
  if (fs::exists(st) && !fs::is_directory(st))
    throw InputError(fmt::format("error: {} exists and is not a folder: move it away or use another "
                                 "output path (-o)", dir));
  if (!o.resume) {
    if (fs::exists(st)) {
      if (!o.force)
        throw InputError(fmt::format(
            "error: {}/ exists: it holds the finished runs of an earlier calibration. Resume it "
            "with --resume, or discard it with --force",
            dir));
      clear_stores(dir);
      if (fs::exists(fs::symlink_status(dir, ec)))
        throw InputError(fmt::format("error: {}/ still holds files that govsim did not write; move "
                                     "them away or use another output path",
                                     dir));
    }
    check_output_path(o.out_path, o.force);
  } else {
    refuse_non_regular(o.out_path);
    if (fs::exists(fs::symlink_status(o.out_path, ec))) {
      const int state = finished_state(o.out_path);
      if (state != 0 && !o.force)
        throw InputError(fmt::format(
            "error: {} already exists: {}, nothing to resume (use --force to run this calibration "
            "again and replace it)",
            o.out_path, state == 1 ? "a finished calibration" : "not an unfinished calibration"));
    }
    if (!fs::exists(st) && o.on_note)
      o.on_note(fmt::format("nothing to resume in {}/: starting the calibration", dir));
  }
  (void)spec;
  fs::create_directory(dir, ec);
  if (ec)
    throw InputError(fmt::format("error: cannot create {}/: {} (does its folder exist?)", dir, ec.message()));
}

std::string batch_store(const std::string& dir, uint32_t g, std::size_t b) {
  return fmt::format("{}/gen-{:03d}-b{:02d}", dir, g, b);
}

// The plan of one batch of proposals.
pl::Plan batch_plan(const CalibrationSpec& spec, const Catalog& catalog,
                    const std::vector<Proposal>& batch, uint32_t g, std::size_t b) {
  std::vector<ScenarioPtr> scenarios(batch.size());
  oneapi::tbb::parallel_for(std::size_t{0}, batch.size(), [&](std::size_t i) {
    scenarios[i] = proposal_scenario(spec, catalog, batch[i].theta);
  });
  std::vector<pl::PlanPoint> points;
  points.reserve(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    std::string detail;
    for (std::size_t k = 0; k < batch[i].theta.size() && k < 3; ++k)
      detail += fmt::format("{}{}", k ? ", " : "", override_text(spec, k, batch[i].theta[k]));
    if (batch[i].theta.size() > 3) detail += ", ...";
    points.push_back({fmt::format("g{:03d}-{:07d}", g, batch[i].index), scenarios[i], batch[i].point,
                      std::move(detail)});
  }
  pl::Plan plan = pl::points_plan("calibrate", points, spec.settings.replicates);
  plan.name = fmt::format("{} generation {} batch {}", spec.name, g, b);
  plan.model = spec.model;
  plan.resolved_yaml = spec.input_yaml;
  plan.seed = spec.settings.seed;
  plan.per_community = false;
  pl::finalize(plan);
  return plan;
}

// The mean target quantities of each proposal of the batch from the finals (plan order).
std::vector<ProposalResult> batch_results(const CalibrationSpec& spec, const pl::Plan& plan,
                                          const std::vector<Proposal>& batch,
                                          const std::vector<pl::RunFinals>& finals) {
  std::vector<std::vector<std::vector<FinalValue>>> runs(batch.size());
  for (std::size_t i = 0; i < plan.runs.size(); ++i) runs[plan.runs[i].arm].push_back(finals.at(i).finals);
  std::vector<ProposalResult> out(batch.size());
  for (std::size_t p = 0; p < batch.size(); ++p)
    out[p] = {batch[p].generation, batch[p].index, mean_quantities(spec.targets, runs[p])};
  return out;
}

}  // namespace

std::string calibration_store_dir(const std::string& out_path) { return out_path + ".d"; }

std::size_t next_batch_size(const AbcPmc& abc) {
  const Settings& s = abc.settings();
  const uint64_t n = s.population;
  const uint64_t left = max_proposals_per_generation(s) - abc.issued();
  if (abc.generation() == 0) return static_cast<std::size_t>(std::min<uint64_t>(n, left));
  const Generation& prev = abc.generations().back();
  const double r0 = std::max(s.acceptance_floor, 0.7 * prev.acceptance_rate);
  const double r = (static_cast<double>(abc.accepted()) + r0 * n) / (static_cast<double>(abc.evaluated()) + n);
  const double want = std::ceil(1.1 * static_cast<double>(n - abc.accepted()) / r);
  uint64_t count = static_cast<uint64_t>(std::clamp(want, std::max(1.0, n / 4.0), 10.0 * n));
  return static_cast<std::size_t>(std::min(count, left));
}

CalibrateResult run_calibration(pl::Executor& ex, const Catalog& catalog, const CalibrationSpec& spec,
                                const CalibrateOptions& o) {
  CalibrateResult result;
  result.store_dir = calibration_store_dir(o.out_path);
  on_root(ex, [&] { prepare(spec, o); });

  CalibrationRecord& rec = result.record;
  rec.name = spec.name;
  rec.model = spec.model;
  rec.seed = spec.settings.seed;
  rec.input_yaml = spec.input_yaml;
  rec.scenario_yaml = spec.base->resolved_yaml;
  rec.provenance = o.provenance;
  rec.settings = spec.settings;
  rec.parameters = spec.parameters;
  rec.targets = spec.targets;

  // On resume, the generations that are replayed from their stores keep the times they took
  // when they ran (root only: only the root writes the file).
  std::vector<double> prev_wall, prev_cal;
  std::error_code exists_ec;
  if (ex.is_root() && o.resume && fs::exists(o.out_path, exists_ec)) {
    try {
      const CalibrationRecord prev = read_calibration(o.out_path);
      prev_wall = prev.wall_seconds;
      prev_cal = prev.calibrator_seconds;
    } catch (const std::exception&) {  // not readable: the times of this call are used
    }
  }
  std::size_t gen_ran = 0;

  AbcPmc abc(spec.settings, spec.parameters, spec.targets);
  uint32_t gen = 0;
  std::size_t batch_no = 0, gen_runs = 0;
  double gen_start = now_seconds(), gen_jobs = 0.0;
  auto note = [&](const std::string& text) {
    // A finished batch found again on resume says nothing; a partly finished one says so.
    if (o.on_note && text.find("; 0 to run") == std::string::npos) o.on_note(text);
  };
  while (!abc.finished()) {
    const std::vector<Proposal> batch = abc.next_batch(next_batch_size(abc));
    if (batch.empty()) throw std::logic_error("calibrate: no proposal to run");
    const pl::Plan plan = batch_plan(spec, catalog, batch, gen, batch_no);
    pl::JobOptions jo;
    jo.store_dir = batch_store(result.store_dir, gen, batch_no);
    jo.input_file = spec.file;
    std::error_code ec;
    jo.resume = fs::exists(fs::symlink_status(jo.store_dir, ec));
    jo.read_finals = true;
    jo.hooks = o.hooks;
    jo.on_note = note;
    const double t0 = now_seconds();
    const pl::JobResult r = pl::run_job(ex, plan, jo);
    gen_jobs += now_seconds() - t0;
    result.runs += r.runs;
    result.runs_run += r.outcome.done;
    gen_runs += r.runs;
    gen_ran += r.outcome.done;
    if (o.after_batch) o.after_batch(gen, batch_no);
    if (!r.complete()) {
      result.outcome = r.outcome;
      return result;
    }
    abc.accept_results(batch_results(spec, plan, batch, r.finals));
    ++batch_no;
    if (!abc.generation_done() && !abc.finished()) continue;
    const double wall = now_seconds() - gen_start;
    GenerationReport report;
    report.generation = gen;
    report.runs = gen_runs;
    if (abc.generation_done()) {
      const Generation& done = abc.generations().back();
      report.epsilon = done.epsilon;
      report.acceptance_rate = done.acceptance_rate;
      report.proposals = done.proposals;
      report.ess = done.ess;
      rec.generations = abc.generations();
      rec.wall_seconds.push_back(wall);
      rec.calibrator_seconds.push_back(wall - gen_jobs);
    } else {  // abandoned below the acceptance floor
      report.abandoned = true;
      report.epsilon = abc.epsilon();
      report.proposals = abc.evaluated();
      report.acceptance_rate = static_cast<double>(abc.accepted()) / static_cast<double>(abc.evaluated());
    }
    rec.finished = abc.finished();
    rec.stop = abc.stop_reason();
    on_root(ex, [&] { write_calibration_file(o.out_path, true, rec); });
    report.wall_seconds = now_seconds() - gen_start;
    report.calibrator_seconds = report.wall_seconds - gen_jobs;
    if (abc.generation_done() && !rec.calibrator_seconds.empty()) {
      const std::size_t g = rec.wall_seconds.size() - 1;
      if (gen_ran == 0 && g < prev_wall.size() && std::isfinite(prev_wall[g])) {
        report.replayed = true;  // replayed from its stores: the times it took when it ran
        report.wall_seconds = prev_wall[g];
        report.calibrator_seconds = g < prev_cal.size() ? prev_cal[g] : std::nan("");
      }
      rec.wall_seconds.back() = report.wall_seconds;  // with the write of the file
      rec.calibrator_seconds.back() = report.calibrator_seconds;
    }
    if (ex.is_root() && o.on_generation) o.on_generation(report);
    gen = abc.generation();
    batch_no = 0;
    gen_runs = 0;
    gen_ran = 0;
    gen_jobs = 0.0;
    gen_start = now_seconds();
  }
  // Rewrite once more so that the last generation's time includes its own write.
  on_root(ex, [&] {
    write_calibration_file(o.out_path, true, rec);
    if (!o.keep_runs) clear_stores(result.store_dir);
  });
  result.complete = true;
  return result;
}

}  // namespace govsim::sim::calibrate
