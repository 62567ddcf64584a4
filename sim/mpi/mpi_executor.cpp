#include "sim/mpi/mpi_executor.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "sim/pipeline/run_pool.hpp"

namespace govsim::sim::mpi {

namespace pl = sim::pipeline;

bool launched_under_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK"})
    if (std::getenv(v)) return true;
  return false;
}

Session::Session() {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &local_size_);
  MPI_Comm_free(&local);
}

Session::~Session() { MPI_Finalize(); }

namespace {

enum Tag : int { kRequest = 1, kAssign = 2, kDone = 3, kFailed = 4, kBye = 5 };

// Waits for a non-blocking request without spinning a core.
void wait_polling(MPI_Request& req) {
  int flag = 0;
  while (true) {
    MPI_Test(&req, &flag, MPI_STATUS_IGNORE);
    if (flag) return;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

void send_failure(MPI_Comm comm, const std::string& msg) {
  MPI_Send(msg.data(), static_cast<int>(msg.size()), MPI_CHAR, 0, kFailed, comm);
}

std::string encode(const pl::ExecOutcome& o) {
  return fmt::format("{} {} {} {}\n{}\n{}", o.done, o.interrupted_by, o.failed ? 1 : 0, o.input_error ? 1 : 0,
                     o.failed_run, o.failure);
}

pl::ExecOutcome decode(const std::string& s) {
  pl::ExecOutcome o;
  std::istringstream in(s);
  int failed = 0, input = 0;
  in >> o.done >> o.interrupted_by >> failed >> input;
  o.failed = failed != 0;
  o.input_error = input != 0;
  in.ignore(1);
  std::getline(in, o.failed_run);
  std::getline(in, o.failure, '\0');
  return o;
}

// Rank 0's bookkeeping while it dispatches.
struct Dispatch {
  std::deque<std::size_t> queue;                  // entries not handed out yet
  std::map<int, std::set<std::size_t>> assigned;  // per rank: handed out, not reported done
  int workers = 0;                                // ranks still working
  pl::ExecOutcome out;

  void fail(bool input, std::string run, std::string msg) {
    if (out.failed) return;
    out.failed = true;
    out.input_error = input;
    out.failed_run = std::move(run);
    out.failure = std::move(msg);
  }
  // A worker's failure message: type letter, the run, a newline, the message.
  void fail(const std::string& text) {
    const std::string body = text.empty() ? text : text.substr(1);
    const auto nl = body.find('\n');
    fail(!text.empty() && text[0] == 'I', nl == std::string::npos ? std::string() : body.substr(0, nl),
         nl == std::string::npos ? body : body.substr(nl + 1));
  }
};

}  // namespace

MpiExecutor::MpiExecutor(const Session& session, const ModelRegistry& registry, pl::ExecutorOptions options)
    : registry_(registry), options_(options), comm_(session.comm()), rank_(session.rank()), size_(session.size()) {
  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads_ = options.threads > 0 ? options.threads : std::max(1, hw / std::max(1, session.local_size()));
  options_.threads = threads_;
}

void MpiExecutor::broadcast(std::string& text) {
  int n = rank_ == 0 ? static_cast<int>(text.size()) : 0;
  MPI_Request req;
  MPI_Ibcast(&n, 1, MPI_INT, 0, comm_, &req);
  wait_polling(req);
  text.resize(static_cast<std::size_t>(n));
  if (n == 0) return;
  MPI_Ibcast(text.data(), n, MPI_CHAR, 0, comm_, &req);
  wait_polling(req);
}

pl::ExecOutcome MpiExecutor::share(pl::ExecOutcome outcome) {
  std::string text = rank_ == 0 ? encode(outcome) : std::string();
  broadcast(text);
  return decode(text);
}

pl::ExecOutcome MpiExecutor::execute(const pl::Plan& plan, const pl::RunStore& store,
                                     const std::vector<std::size_t>& todo, const pl::ExecHooks& hooks) {
  if (rank_ == 0) return share(dispatch(plan, store, todo, hooks));
  work(&plan, &store, {});
  return share({});
}

pl::ExecOutcome MpiExecutor::execute_without_plan(const std::string& reason) {
  if (rank_ == 0) {
    // The root needs a plan to hand out runs: it only collects the other ranks' goodbyes.
    pl::ExecOutcome out;
    out.failed = true;
    out.failure = reason;
    for (int left = size_ - 1; left > 0;) {
      MPI_Status st;
      MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm_, &st);
      if (st.MPI_TAG == kFailed) {
        int n = 0;
        MPI_Get_count(&st, MPI_CHAR, &n);
        std::string msg(static_cast<std::size_t>(n), '\0');
        MPI_Recv(msg.data(), n, MPI_CHAR, st.MPI_SOURCE, kFailed, comm_, MPI_STATUS_IGNORE);
        continue;
      }
      int64_t value = 0;
      MPI_Recv(&value, 1, MPI_INT64_T, st.MPI_SOURCE, st.MPI_TAG, comm_, MPI_STATUS_IGNORE);
      if (st.MPI_TAG == kRequest) {
        int64_t none = -1;
        MPI_Send(&none, 1, MPI_INT64_T, st.MPI_SOURCE, kAssign, comm_);
      } else if (st.MPI_TAG == kBye) {
        --left;
      }
    }
    return share(out);
  }
  work(nullptr, nullptr, fmt::format("O\n{}", reason));
  return share({});
}

// A worker rank: asks rank 0 for entries while its pool has room, runs them, reports each.
void MpiExecutor::work(const pl::Plan* plan, const pl::RunStore* store, const std::string& failure) {
  int64_t done = 0;
  if (!plan) {
    send_failure(comm_, failure);
    MPI_Send(&done, 1, MPI_INT64_T, 0, kBye, comm_);
    return;
  }
  pl::PoolOptions po;
  po.threads = options_.threads;
  po.concurrent_runs = options_.concurrent_runs;
  po.stop_signal = options_.stop_signal;
  pl::RunPool pool(*plan, registry_, *store, po);
  bool no_more = false, failed = false;
  auto stopped = [&] { return options_.stop_signal && options_.stop_signal->load() != 0; };
  while (true) {
    while (!no_more && !failed && !stopped() && pool.has_room()) {
      int64_t dummy = 0, index = -1;
      MPI_Send(&dummy, 1, MPI_INT64_T, 0, kRequest, comm_);
      MPI_Request req;
      MPI_Irecv(&index, 1, MPI_INT64_T, 0, kAssign, comm_, &req);
      wait_polling(req);
      if (index < 0) no_more = true;
      else pool.submit(static_cast<std::size_t>(index));
    }
    if (pool.in_flight() == 0) break;
    for (const auto& c : pool.wait(std::chrono::milliseconds(50))) {
      if (c.status == pl::Completion::Status::kDone) {
        auto index = static_cast<int64_t>(c.index);
        MPI_Send(&index, 1, MPI_INT64_T, 0, kDone, comm_);
        ++done;
      } else if (c.status == pl::Completion::Status::kFailed && !failed) {
        failed = true;
        send_failure(comm_, fmt::format("{}{}\n{}", c.input_error ? 'I' : 'O', pl::describe_run(*plan, c.index),
                                        c.message));
      }
    }
  }
  MPI_Send(&done, 1, MPI_INT64_T, 0, kBye, comm_);
}

// Rank 0: hands out entries in order (dynamic assignment) and runs entries itself.
pl::ExecOutcome MpiExecutor::dispatch(const pl::Plan& plan, const pl::RunStore& store,
                                      const std::vector<std::size_t>& todo, const pl::ExecHooks& hooks) {
  Dispatch d;
  d.queue.assign(todo.begin(), todo.end());
  d.workers = size_ - 1;
  pl::PoolOptions po;
  po.threads = options_.threads;
  po.concurrent_runs = options_.concurrent_runs;
  po.stop_signal = options_.stop_signal;
  pl::RunPool pool(plan, registry_, store, po);
  auto stopped = [&] { return options_.stop_signal && options_.stop_signal->load() != 0; };
  auto count_done = [&] {
    ++d.out.done;
    if (hooks.on_run) hooks.on_run(d.out.done, todo.size());
  };
  while (true) {
    const bool stopping = stopped() || d.out.failed;
    while (!stopping && pool.has_room() && !d.queue.empty()) {
      pool.submit(d.queue.front());
      d.queue.pop_front();
    }
    if (d.workers == 0 && pool.in_flight() == 0 && (stopping || d.queue.empty())) break;
    int flag = 0;
    MPI_Status st;
    while (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm_, &flag, &st), flag) {
      if (st.MPI_TAG == kFailed) {
        int n = 0;
        MPI_Get_count(&st, MPI_CHAR, &n);
        std::string msg(static_cast<std::size_t>(n), '\0');
        MPI_Recv(msg.data(), n, MPI_CHAR, st.MPI_SOURCE, kFailed, comm_, MPI_STATUS_IGNORE);
        d.fail(msg);
        continue;
      }
      int64_t value = 0;
      MPI_Recv(&value, 1, MPI_INT64_T, st.MPI_SOURCE, st.MPI_TAG, comm_, MPI_STATUS_IGNORE);
      if (st.MPI_TAG == kRequest) {
        int64_t index = -1;
        if (!stopped() && !d.out.failed && !d.queue.empty()) {
          index = static_cast<int64_t>(d.queue.front());
          d.queue.pop_front();
          d.assigned[st.MPI_SOURCE].insert(static_cast<std::size_t>(index));
        }
        MPI_Send(&index, 1, MPI_INT64_T, st.MPI_SOURCE, kAssign, comm_);
      } else if (st.MPI_TAG == kDone) {
        d.assigned[st.MPI_SOURCE].erase(static_cast<std::size_t>(value));
        count_done();
      } else if (st.MPI_TAG == kBye) {
        --d.workers;
        // A rank that stopped early leaves its unfinished entries to the others.
        auto& left = d.assigned[st.MPI_SOURCE];
        for (auto it = left.rbegin(); it != left.rend(); ++it) d.queue.push_front(*it);
        left.clear();
      }
    }
    for (const auto& c : pool.wait(std::chrono::milliseconds(2))) {
      if (c.status == pl::Completion::Status::kDone) count_done();
      else if (c.status == pl::Completion::Status::kFailed)
        d.fail(c.input_error, pl::describe_run(plan, c.index), c.message);
    }
  }
  if (stopped()) d.out.interrupted_by = options_.stop_signal->load();
  return d.out;
}

}  // namespace govsim::sim::mpi
