// The MPI executor without the CLI (sim/mpi/mpi_executor.hpp), run by CTest under
// `mpirun -np 1` and `mpirun -np 2` (label mpi): every rank runs these tests together (each
// test is collective). A plan run on the ranks gives the same store, finals and results file
// as on one process's threads; an interrupted job resumes to the same finals; a rank without
// a plan fails the job on every rank; an error of the root reaches every rank.
#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <filesystem>

#include "models/threshold_cascade/threshold_cascade.hpp"
#include "sim/core/error.hpp"
#include "sim/graph/network_catalog.hpp"
#include "sim/mpi/mpi_executor.hpp"
#include "sim/output/result_compare.hpp"
#include "sim/pipeline/arm_summary.hpp"
#include "sim/pipeline/assemble.hpp"
#include "sim/pipeline/job.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace govsim::sim::mpi {
namespace {

namespace fs = std::filesystem;
namespace pl = sim::pipeline;

Session* g_session = nullptr;

struct Registry {
  ModelRegistry registry;
  Catalog catalog;
  Registry() {
    registry.add(models::threshold_cascade_info());
    catalog = registry.catalog();
    catalog.network_types = network_types();
  }
};

const Registry& reg() {
  static const Registry r;
  return r;
}

ScenarioPtr cascade(const std::string& name, double threshold) {
  const std::string text = "model: threshold_cascade\nname: " + name +
                           "\nseed: 11\nreplicates: 1\nsteps: 15\nnetwork: {type: erdos_renyi, n: 800, "
                           "k_mean: 4}\nparams: {threshold: " + std::to_string(threshold) +
                           ", seed_mode: fraction, seed_fraction: 0.05}\n";
  return load_scenario_text(text, name + ".yaml", ".", reg().catalog);
}

// crn: false with a point per entry, as a calibration generation is.
pl::Plan generation_plan() {
  pl::Plan plan;
  plan.kind = "calibrate";
  plan.name = "gen";
  plan.crn = false;
  for (int q = 0; q < 4; ++q) plan.arms.push_back({"q" + std::to_string(q), cascade("q", 0.1 + 0.05 * q), {}});
  for (uint32_t r = 0; r < 2; ++r)
    for (std::size_t q = 0; q < 4; ++q) plan.runs.push_back({q, r, 5000000000ull + q, 0});
  pl::finalize(plan);
  return plan;
}

// A folder every rank sees (rank 0 makes it and tells the others).
class SharedDir {
 public:
  explicit SharedDir(pl::Executor& ex) {
    if (ex.is_root()) {
      std::string tmpl = (fs::temp_directory_path() / "govsim-mpi-test-XXXXXX").string();
      path_ = ::mkdtemp(tmpl.data()) ? tmpl : std::string();
    }
    ex.broadcast(path_);
    root_ = ex.is_root();
  }
  ~SharedDir() {
    MPI_Barrier(MPI_COMM_WORLD);
    if (root_) fs::remove_all(path_);
  }
  std::string file(const std::string& name) const { return (fs::path(path_) / name).string(); }

 private:
  std::string path_;
  bool root_ = false;
};

pl::ExecutorOptions options(const std::atomic<int>* stop = nullptr) {
  pl::ExecutorOptions o;
  o.threads = 1;
  o.stop_signal = stop;
  return o;
}

bool same_finals(const std::vector<pl::RunFinals>& a, const std::vector<pl::RunFinals>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].arm != b[i].arm || a[i].replicate != b[i].replicate || a[i].finals.size() != b[i].finals.size())
      return false;
    for (std::size_t f = 0; f < a[i].finals.size(); ++f) {
      const double x = a[i].finals[f].value, y = b[i].finals[f].value;
      if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
    }
  }
  return true;
}

// The finals of `plan` run on this process's threads alone (the reference).
std::vector<pl::RunFinals> local_finals(const pl::Plan& plan, const std::string& dir) {
  pl::LocalExecutor local(reg().registry, options());
  pl::JobOptions jo;
  jo.store_dir = dir;
  jo.read_finals = true;
  return pl::run_job(local, plan, jo).finals;
}

TEST(MpiExecutor, RanksGiveTheSameFinalsAndFileAsOneProcess) {
  MpiExecutor ex(*g_session, reg().registry, options());
  SharedDir dir(ex);
  const pl::Plan plan = generation_plan();
  pl::JobOptions jo;
  jo.store_dir = dir.file("mpi.d");
  jo.read_finals = true;
  const pl::JobResult r = pl::run_job(ex, plan, jo);
  EXPECT_TRUE(r.complete());
  EXPECT_EQ(r.outcome.done, plan.num_runs());  // over every rank, known on every rank
  ASSERT_EQ(r.finals.size(), plan.num_runs());  // broadcast to every rank
  if (ex.is_root()) {
    const auto ref = local_finals(plan, dir.file("local.d"));
    EXPECT_TRUE(same_finals(r.finals, ref));
    pl::AssembleOptions ao;
    ao.force = true;
    ao.tables = [](const std::vector<pl::RunFinals>& f) { return pl::arm_summary_tables(f, pl::arms_of(f), ""); };
    ao.out_path = dir.file("mpi.h5");
    pl::assemble(plan, pl::RunStore(dir.file("mpi.d")), ao);
    ao.out_path = dir.file("local.h5");
    pl::assemble(plan, pl::RunStore(dir.file("local.d")), ao);
    const auto rep = compare_result_files(dir.file("mpi.h5"), dir.file("local.h5"));
    EXPECT_TRUE(rep.identical) << (rep.differences.empty() ? "" : rep.differences[0]);
  }
}

TEST(MpiExecutor, InterruptedJobResumesToTheSameFinals) {
  std::atomic<int> stop{0};
  MpiExecutor ex(*g_session, reg().registry, options(&stop));
  SharedDir dir(ex);
  const pl::Plan plan = generation_plan();
  pl::JobOptions jo;
  jo.store_dir = dir.file("s.d");
  jo.read_finals = true;
  jo.hooks.on_run = [&](std::size_t done, std::size_t) {
    if (done == 3) stop = 15;  // SIGTERM on rank 0 after three runs
  };
  const pl::JobResult first = pl::run_job(ex, plan, jo);
  EXPECT_EQ(first.outcome.interrupted_by, 15);  // on every rank
  EXPECT_FALSE(first.complete());
  EXPECT_GE(first.finished, 3u);
  stop = 0;
  jo.hooks = {};
  jo.resume = true;
  const pl::JobResult second = pl::run_job(ex, plan, jo);
  ASSERT_TRUE(second.complete());
  EXPECT_EQ(second.already, first.finished);
  if (ex.is_root()) {
    EXPECT_TRUE(same_finals(second.finals, local_finals(plan, dir.file("ref.d"))));
  }
}

TEST(MpiExecutor, ARankWithoutAPlanFailsTheJobOnEveryRank) {
  MpiExecutor ex(*g_session, reg().registry, options());
  if (ex.ranks() < 2) GTEST_SKIP() << "needs 2 ranks";
  SharedDir dir(ex);
  const pl::Plan plan = generation_plan();
  pl::JobOptions jo;
  jo.store_dir = dir.file("f.d");
  const pl::JobResult r = ex.is_root() ? pl::run_job(ex, plan, jo)
                                       : pl::run_job_without_plan(ex, "cannot read gen.yaml", jo);
  EXPECT_TRUE(r.outcome.failed);
  EXPECT_FALSE(r.complete());
  EXPECT_NE(r.outcome.described().find("rank 1: cannot read gen.yaml"), std::string::npos) << r.outcome.described();
}

TEST(MpiExecutor, AnErrorOfTheRootIsThrownOnEveryRank) {
  MpiExecutor ex(*g_session, reg().registry, options());
  SharedDir dir(ex);
  const pl::Plan plan = generation_plan();
  pl::JobOptions jo;
  jo.store_dir = dir.file("e.d");
  ASSERT_TRUE(pl::run_job(ex, plan, jo).complete());
  // The store exists now: without --resume or --force it is refused, on every rank.
  try {
    pl::run_job(ex, plan, jo);
    ADD_FAILURE() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("Resume it with --resume"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace govsim::sim::mpi

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  govsim::sim::mpi::Session session;
  govsim::sim::mpi::g_session = &session;
  if (session.rank() != 0) {  // one report, from rank 0
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  const int rc = RUN_ALL_TESTS();
  int worst = rc;
  MPI_Allreduce(&rc, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return worst;
}
