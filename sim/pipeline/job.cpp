#include "sim/pipeline/job.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <bit>
#include <cstring>
#include <exception>
#include <filesystem>
#include <optional>
#include <sstream>

#include "govsim/build_info.hpp"
#include "sim/core/error.hpp"
#include "sim/output/durable_file.hpp"

namespace govsim::sim::pipeline {

namespace fs = std::filesystem;

std::string job_noun(const std::string& kind) {
  if (kind == "compare") return "comparison";
  return kind.empty() ? std::string("job") : kind;
}

std::vector<std::size_t> finished_runs(const Plan& plan, const RunStore& store) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < plan.runs.size(); ++i)
    if (store.has_run(plan, i)) out.push_back(i);
  return out;
}

std::vector<RunFinals> read_finals(const Plan& plan, const RunStore& store) {
  std::vector<RunFinals> out;
  out.reserve(plan.runs.size());
  for (std::size_t i = 0; i < plan.runs.size(); ++i) out.push_back(store.read_finals(plan, i));
  return out;
}

namespace {

struct Prepared {
  std::vector<std::size_t> todo;
  std::size_t already = 0;
  bool resumed = false;
};

void refuse_changed(const Plan& plan, const LockInfo& existing, const std::string& abs_file,
                    const JobOptions& o, const std::string& dir) {
  const std::string where = o.input_file.empty() ? std::string() : o.input_file + ": ";
  const std::string noun = job_noun(plan.kind);
  if (existing.kind == plan.kind && existing.name == plan.name && existing.file == abs_file)
    throw InputError(fmt::format(
        "{}error: the {} changed since it was started (its resolved input differs from the one "
        "that {}/ was started with): resuming would mix the results of two {}s. Restore its "
        "files (and the same --set and --replicates), or start again with --force, which "
        "discards the finished runs",
        where, noun, dir, noun));
  throw InputError(fmt::format(
      "{}error: {}/ holds runs of another {} ('{}' from {}): use another output path (-o), or "
      "--force to discard them",
      where, dir, job_noun(existing.kind), existing.name, existing.file));
}

// Creates the store; a store that could not be completed (a full disk) is removed again, so
// that it does not stand in the way of the next attempt.
void create_store(const RunStore& store, const LockInfo& lock, const std::string& resolved_yaml) {
  try {
    store.create(lock, resolved_yaml);
  } catch (...) {
    store.clear();
    throw;
  }
}

// Root: checks and prepares the store; lists the entries still to run.
Prepared prepare_store(const Plan& plan, const RunStore& store, const JobOptions& o) {
  store.check_folder();
  const std::string dir = store.dir();
  std::error_code ec;
  const std::string abs_file =
      o.input_file.empty() ? std::string() : fs::absolute(o.input_file, ec).lexically_normal().string();
  const LockInfo lock{plan.kind, plan.name, abs_file, plan.hash, plan.num_runs(),
                      fmt::format("{} ({})", build_info::kVersion, build_info::kGitCommit)};
  std::optional<LockInfo> existing;
  if (store.exists()) existing = store.read_lock();
  Prepared prep;
  if (o.resume) {
    if (!o.output_path.empty()) {
      refuse_non_regular(o.output_path);
      if (fs::exists(fs::symlink_status(o.output_path, ec)) && !o.force)
        throw InputError(fmt::format(
            "error: {} already exists: a finished results file, nothing to resume (use --force "
            "to run this {} again and replace it)",
            o.output_path, job_noun(plan.kind)));
    }
    if (!existing) {
      spdlog::info("nothing to resume in {}/: starting the {}", dir, job_noun(plan.kind));
      if (!o.output_path.empty()) check_output_path(o.output_path, o.force);
      create_store(store, lock, plan.resolved_yaml);
    } else if (existing->hash != plan.hash) {
      refuse_changed(plan, *existing, abs_file, o, dir);
    } else {
      prep.resumed = true;
      if (existing->govsim != lock.govsim)
        spdlog::warn("{}/ was started by govsim {}; this is govsim {}: results may differ from an "
                     "uninterrupted {} if the models changed",
                     dir, existing->govsim, lock.govsim, job_noun(plan.kind));
    }
  } else {
    if (store.exists()) {
      if (!o.force)
        throw InputError(fmt::format(
            "error: {}/ exists: it holds the finished runs of an earlier {}{}. Resume it with "
            "--resume, or discard it with --force",
            dir, existing ? job_noun(existing->kind) : std::string("job"),
            existing ? fmt::format(" ('{}')", existing->name) : std::string()));
      const std::size_t n = store.clear();
      spdlog::info("--force: removed {} file(s) of {}/", n, dir);
      if (store.exists())
        throw InputError(fmt::format(
            "error: {}/ still holds files that govsim did not write; move them away or use "
            "another output path",
            dir));
    }
    if (!o.output_path.empty()) check_output_path(o.output_path, o.force);
    create_store(store, lock, plan.resolved_yaml);
  }
  if (const std::size_t stale = store.remove_temporaries(); stale > 0)
    spdlog::info("removed {} incomplete file(s) (*.tmp) left by an interrupted write", stale);
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    if (prep.resumed && store.has_run(plan, i)) ++prep.already;
    else prep.todo.push_back(i);
  }
  if (prep.resumed && o.on_note)
    o.on_note(fmt::format("resuming {}: {} of {} runs are already finished; {} to run", plan.name,
                          prep.already, plan.num_runs(), prep.todo.size()));
  return prep;
}

// Errors cross ranks as text: a type letter and the message.
std::string encode_error(std::exception_ptr e) {
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

[[noreturn]] void throw_decoded(const std::string& s) {
  const std::string msg = s.size() > 1 ? s.substr(1) : std::string();
  if (!s.empty() && s[0] == 'I') throw InputError(msg);
  if (!s.empty() && s[0] == 'O') throw OutputError(msg);
  throw std::runtime_error(msg);
}

std::string encode_finals(const std::vector<RunFinals>& finals) {
  std::string out = "K";
  for (const auto& r : finals) {
    out += fmt::format("{}\n{} {}\n", r.arm, r.replicate, r.finals.size());
    for (const auto& f : r.finals)
      out += fmt::format("{}\n{:x} {}\n", f.name, std::bit_cast<uint64_t>(f.value), f.n_valid);
  }
  return out;
}

std::vector<RunFinals> decode_finals(const std::string& s) {
  std::istringstream in(s.substr(1));
  std::vector<RunFinals> out;
  std::string arm;
  while (std::getline(in, arm)) {
    RunFinals r;
    r.arm = arm;
    std::size_t n = 0;
    in >> r.replicate >> n;
    in.ignore(1);
    for (std::size_t k = 0; k < n; ++k) {
      FinalValue f;
      std::getline(in, f.name);
      uint64_t bits = 0;
      in >> std::hex >> bits >> std::dec >> f.n_valid;
      in.ignore(1);
      f.value = std::bit_cast<double>(bits);
      r.finals.push_back(std::move(f));
    }
    out.push_back(std::move(r));
  }
  return out;
}

JobResult run_job_impl(Executor& ex, const Plan* plan, std::exception_ptr plan_error,
                       const JobOptions& o) {
  const RunStore store(o.store_dir);
  JobResult result;
  Prepared prep;
  std::string status;
  if (ex.is_root()) {
    try {
      if (plan_error) std::rethrow_exception(plan_error);
      prep = prepare_store(*plan, store, o);
      status = fmt::format("K{} {} {}", prep.already, prep.resumed ? 1 : 0, plan->hash);
    } catch (...) {
      status = encode_error(std::current_exception());
    }
  }
  ex.broadcast(status);
  if (status.empty() || status[0] != 'K') throw_decoded(status);
  std::istringstream st(status.substr(1));
  int resumed = 0;
  std::string root_hash;
  st >> result.already >> resumed >> root_hash;
  result.resumed = resumed != 0;
  if (plan) result.runs = plan->num_runs();
  if (!ex.is_root() && (!plan || plan->hash != root_hash)) {
    std::string reason = plan_error ? encode_error(plan_error).substr(1)
                                    : fmt::format("it read a different {} than rank 0",
                                                  job_noun(plan->kind));
    result.outcome = ex.execute_without_plan(fmt::format("rank {}: {} (are the job's files the "
                                                         "same on every node?)", ex.rank(), reason));
  } else {
    result.outcome = ex.execute(*plan, store, prep.todo, o.hooks);
  }
  result.finished = result.already + result.outcome.done;
  if (!o.read_finals || !result.complete()) return result;
  std::string text;
  if (ex.is_root()) {
    try {
      text = encode_finals(read_finals(*plan, store));
    } catch (...) {
      text = encode_error(std::current_exception());
    }
  }
  ex.broadcast(text);
  if (text.empty() || text[0] != 'K') throw_decoded(text);
  result.finals = decode_finals(text);
  return result;
}

}  // namespace

JobResult run_job(Executor& executor, const Plan& plan, const JobOptions& options) {
  return run_job_impl(executor, &plan, nullptr, options);
}

JobResult run_job_without_plan(Executor& executor, const std::string& reason, const JobOptions& options) {
  return run_job_impl(executor, nullptr, std::make_exception_ptr(InputError(reason)), options);
}

}  // namespace govsim::sim::pipeline
