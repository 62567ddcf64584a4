// File: bench/bench_models.cpp
//
// One step of each model, driven exactly as sim/run/runner.cpp drives it (make, init, then
// step(ctx, t) for t = 0, 1, ...), on the fixed scenarios of bench/scenarios/ resized with
// --set style overrides:
//   threshold/ws          bench/scenarios/threshold-ws.yaml, network.n = n
//   public_goods/ws       bench/scenarios/public-goods-ws.yaml, network.n = n
//   bounded_confidence/ws bench/scenarios/bounded-confidence-ws.yaml, network.n = n
//   governance/step       bench/scenarios/governance.yaml, n_comm = n / 2500, pop_comm = 2500,
//                         steps = 260; 26 timed steps after 13 untimed ones (see below)
// and, on the governance model's own graph, the gather limit gather/neighbourhood-{f32,u8}.
// When a model reaches a fixed point (converged()) or the scenario's horizon, it is made and
// initialised again with the timer paused, so every timed iteration is a real step.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "bench/bench_common.hpp"
#include "bench/bench_gather.hpp"

#if __has_include("models/governance/governance_model.hpp")
#include "models/governance/governance_model.hpp"
#define GOVSIM_BENCH_HAS_GOVERNANCE 1
#endif

namespace govsim::bench {

namespace {

constexpr uint32_t kPopComm = 2500;
constexpr uint32_t kGovernanceWarmup = 13;
constexpr benchmark::IterationCount kGovernanceSteps = 26;

// Steps the model `warmup` times untimed when it is younger than that, then times one step per
// iteration.
void run_steps(benchmark::State& state, LiveModel& lm, int threads, uint32_t warmup = 0) {
  const sim::ModelInfo& info = model_info(lm.ctx.scenario->model);
  const uint32_t horizon = lm.ctx.scenario->steps;
  in_arena(threads, [&] {
    while (lm.t < warmup) lm.model->step(lm.ctx, lm.t++);
    for (auto _ : state) {
      lm.model->step(lm.ctx, lm.t++);
      if (lm.model->converged() || lm.t >= horizon) {
        state.PauseTiming();
        lm.model.reset();
        lm.model = info.make(lm.ctx);
        lm.model->init(lm.ctx);
        lm.t = 0;
        state.ResumeTiming();
      }
    }
  });
  set_counters(state, lm.agents, lm.arcs, threads);
}

// A model on the WS benchmark graph of n nodes.
void add_network_model(const std::string& area, const std::string& file, uint32_t n) {
  for (int t : thread_counts()) {
    add(area, "ws", n, t, [=](benchmark::State& st) {
      LiveModel& lm = live_model(
          fmt::format("{}/{}", file, n),
          [&] { return load_bench_scenario(file, {fmt::format("network.n={}", n)}); }, t);
      lm.agents = lm.ctx.network->num_nodes();
      lm.arcs = lm.ctx.network->num_arcs();
      run_steps(st, lm, t);
    });
  }
}

#ifdef GOVSIM_BENCH_HAS_GOVERNANCE
LiveModel& governance_model(uint32_t n, int threads) {
  LiveModel& lm = live_model(
      fmt::format("governance/{}", n),
      [&] {
        return load_bench_scenario("governance.yaml",
                                   {fmt::format("params.n_comm={}", n / kPopComm),
                                    fmt::format("params.pop_comm={}", kPopComm), "steps=260"});
      },
      threads);
  return lm;
}

const sim::CsrView& governance_graph(const LiveModel& lm) {
  const auto* gm = dynamic_cast<const models::governance::GovernanceModel*>(lm.model.get());
  if (!gm) throw std::logic_error("govsim_bench: governance model has an unexpected type");
  return gm->layout().g;
}

void add_governance(uint32_t n) {
  for (int t : thread_counts()) {
    add("gather", "neighbourhood-f32", n, t, [=](benchmark::State& st) {
      run_gather_f32(st, governance_graph(governance_model(n, t)), t);
    });
    add("gather", "neighbourhood-u8", n, t, [=](benchmark::State& st) {
      run_gather_u8(st, governance_graph(governance_model(n, t)), t);
    });
  }
  // Steps differ: imitation every L_res = 4 steps, forum rounds every P_c = 8, learning and
  // joint meetings every 13, nothing periodic at t = 0. The model is first advanced to t = 13
  // (untimed) and each repetition then times a fixed 26 consecutive steps, which hold every
  // kind of step; ns per agent-step is their mean.
  for (int t : thread_counts()) {
    add("governance", "step", n, t, [=](benchmark::State& st) {
      LiveModel& lm = governance_model(n, t);
      lm.agents = n;
      lm.arcs = governance_graph(lm).num_arcs();
      run_steps(st, lm, t, kGovernanceWarmup);
    })->Iterations(kGovernanceSteps);
  }
}
#endif

}  // namespace

void register_models(uint32_t n) {
  add_network_model("threshold", "threshold-ws.yaml", n);
  add_network_model("public_goods", "public-goods-ws.yaml", n);
  add_network_model("bounded_confidence", "bounded-confidence-ws.yaml", n);
#ifdef GOVSIM_BENCH_HAS_GOVERNANCE
  add_governance(n);
#endif
}

}  // namespace govsim::bench
