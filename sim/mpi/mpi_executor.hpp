// File: sim/mpi/mpi_executor.hpp (target govsim_mpi, built where CMake finds MPI)
//
// The pipeline's executor over MPI ranks (sim/pipeline/executor.hpp), for every command that
// runs a plan (run, compare, sweep, calibrate) and for library callers:
//   - rank 0 hands out plan entries dynamically, in the order given: every rank, rank 0
//     included, asks for the next entry whenever its run pool (sim/pipeline/run_pool.hpp) has
//     a free slot, runs it with its own threads and writes the entry's run file into the shared
//     run store; long and short runs balance themselves;
//   - a rank that stops early (a signal to that process only, or a failure) hands its
//     unfinished entries back and the others run them;
//   - the outcome (runs done over all ranks, interruption, first failure) is the same on every
//     rank afterwards.
// Seeds come from the plan, never from the rank, and assembly follows the plan: the data is
// identical to a single process's for any rank count. Requirements: the job's files and the
// run store on a file system every rank sees; MPI_THREAD_FUNNELED (only the main threads call
// MPI).
//
//   sim::mpi::Session mpi;                        // MPI_Init_thread ... MPI_Finalize
//   sim::mpi::MpiExecutor ex(mpi, registry, {.threads = 0, .stop_signal = &stop});
//   auto result = sim::pipeline::run_job(ex, plan, job_options);   // on every rank
#pragma once

#include <mpi.h>

#include "sim/pipeline/executor.hpp"

namespace govsim::sim::mpi {

// True when this process was started by an MPI launcher (mpirun, srun, mpiexec): detected from
// OMPI_COMM_WORLD_SIZE, PMI_SIZE, PMI_RANK or PMIX_RANK. A plain process never needs MPI.
bool launched_under_mpi();

// MPI_Init_thread(MPI_THREAD_FUNNELED) ... MPI_Finalize, with the rank, the size and the
// number of ranks on this node.
class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  int local_size() const { return local_size_; }
  MPI_Comm comm() const { return MPI_COMM_WORLD; }

 private:
  int rank_ = 0, size_ = 1, local_size_ = 1;
};

class MpiExecutor final : public pipeline::Executor {
 public:
  // options.threads = 0: the node's cores divided by its ranks.
  MpiExecutor(const Session& session, const ModelRegistry& registry, pipeline::ExecutorOptions options = {});
  int rank() const override { return rank_; }
  int ranks() const override { return size_; }
  int threads() const override { return threads_; }
  void broadcast(std::string& text) override;
  pipeline::ExecOutcome execute(const pipeline::Plan& plan, const pipeline::RunStore& store,
                                const std::vector<std::size_t>& todo,
                                const pipeline::ExecHooks& hooks) override;
  pipeline::ExecOutcome execute_without_plan(const std::string& reason) override;

 private:
  pipeline::ExecOutcome dispatch(const pipeline::Plan& plan, const pipeline::RunStore& store,
                                 const std::vector<std::size_t>& todo, const pipeline::ExecHooks& hooks);
  void work(const pipeline::Plan* plan, const pipeline::RunStore* store, const std::string& failure);
  pipeline::ExecOutcome share(pipeline::ExecOutcome outcome);

  const ModelRegistry& registry_;
  pipeline::ExecutorOptions options_;
  MPI_Comm comm_;
  int rank_ = 0, size_ = 1, threads_ = 1;
};

}  // namespace govsim::sim::mpi
