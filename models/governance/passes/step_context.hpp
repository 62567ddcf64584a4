// File: models/governance/passes/step_context.hpp
//
// What every pass of a step shares, and how a pass visits the model (spec 0.2):
//   - StepContext: the step t, the run's counter-based generator, the layout and each
//     community's effective parameters at t (the countermeasure overlay);
//   - for_each_community: one oneTBB task per community (per-community work that is sequential
//     by nature runs inside one task, in ascending id);
//   - for_each_resident / for_each_resident_range / for_each_block: residents in parallel, in
//     ranges of kGrain positions of one community, or in blocks of at most kBlock positions
//     (the unit of batched draws, sim::word0_batch);
//   - draw_words: word 0 of the residents' counters of a block, batched.
// A pass writes only the slots of the entities it visits, so results do not depend on the
// thread count or the partition.
#pragma once

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/governance/params.hpp"
#include "models/governance/state.hpp"
#include "sim/rng/counter_rng.hpp"
#include "sim/rng/philox_batch.hpp"

namespace govsim::models::governance {

inline constexpr uint32_t kGrain = 2048;  // residents per oneTBB range
inline constexpr uint32_t kBlock = 128;   // residents per block: a multiple of word0_batch's 32 lanes

struct StepContext {
  int32_t t = 0;                       // the step (0 at initialisation)
  const sim::CounterRng& rng;
  const Layout& layout;
  const std::vector<Params>& params;   // effective parameters of each community at t

  uint32_t step() const { return static_cast<uint32_t>(t); }
  uint32_t n_comm() const { return layout.n_comm; }
};

// Positions [begin, end) of community c, at most kBlock of them.
struct Block {
  uint32_t c, begin, end;
  uint32_t size() const { return end - begin; }
};

// fn(c) for every community, in parallel.
template <class F>
void for_each_community(const Layout& L, F&& fn) {
  oneapi::tbb::parallel_for(uint32_t{0}, L.n_comm, [&](uint32_t c) { fn(c); });
}

// fn(c, begin, end) over ranges of at most kGrain positions of one community, in parallel.
template <class F>
void for_each_resident_range(const Layout& L, F&& fn) {
  oneapi::tbb::parallel_for(uint32_t{0}, L.n_comm, [&](uint32_t c) {
    const uint32_t b = L.comm_begin[c], e = L.comm_begin[c + 1];
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(b, e, kGrain),
                              [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
                                fn(c, r.begin(), r.end());
                              });
  });
}

// fn(Block) over those ranges cut in blocks of kBlock positions.
template <class F>
void for_each_block(const Layout& L, F&& fn) {
  for_each_resident_range(L, [&](uint32_t c, uint32_t b, uint32_t e) {
    for (uint32_t b0 = b; b0 < e; b0 += kBlock) fn(Block{c, b0, std::min(e, b0 + kBlock)});
  });
}

// fn(c, pos) for every resident, in parallel.
template <class F>
void for_each_resident(const Layout& L, F&& fn) {
  oneapi::tbb::parallel_for(uint32_t{0}, L.n_comm, [&](uint32_t c) {
    const uint32_t b = L.comm_begin[c], e = L.comm_begin[c + 1];
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<uint32_t>(b, e, kGrain),
                              [&](const oneapi::tbb::blocked_range<uint32_t>& r) {
                                for (uint32_t i = r.begin(); i != r.end(); ++i) fn(c, i);
                              });
  });
}

// Word 0 of the residents' counters (id(i), t, stream, k) for positions [b, e) into out: the
// same words as rng.words(id, t, stream, k, kResident)[0], computed side by side.
inline void draw_words(const StepContext& s, uint32_t b, uint32_t e, uint32_t stream, uint32_t k,
                       uint32_t* out) {
  const Layout& L = s.layout;
  if (L.oid.empty())
    sim::word0_batch_consecutive(s.rng, b, e - b, s.step(), stream, k,
                                 sim::EntityClass::kResident, out);
  else
    sim::word0_batch(s.rng, L.oid.data() + b, e - b, s.step(), stream, k,
                     sim::EntityClass::kResident, out);
}

// Some community imitates at step t (R4: t > 0, t mod L_res = 0): then R2's shares and payoffs
// are needed, and the contributions of R1e that they read.
inline bool imitation_step(const StepContext& s) {
  for (uint32_t c = 0; c < s.n_comm(); ++c) {
    const auto L = static_cast<int32_t>(s.params[c].L_res);
    if (s.t > 0 && L > 0 && s.t % L == 0) return true;
  }
  return false;
}

}  // namespace govsim::models::governance
