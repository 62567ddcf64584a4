// File: models/threshold_cascade/threshold_cascade.hpp
//
// The threshold model of collective behaviour in isolation (model spec 0 and 4.6.4, E29):
// Granovetter (1978) "Threshold models of collective behavior", AJS 83:1420, and Watts (2002)
// "A simple model of global cascades on random networks", PNAS 99:5766.
//
// Every node i has a threshold θ_i. At step t it reads x_i(t), the share (fractional mode) or
// the number (absolute mode) of its neighbours active at t (the whole rest of the population in
// well-mixed mode), and it is active at t+1 iff x_i(t) ≥ θ_i (absorbing: or it was active at t).
// Synchronous pull update over a double buffer (spec 0.2), so results are identical for any
// thread count and any storage order of the network. See docs/models/threshold_cascade.md.
#pragma once

#include <cstdint>

#include "sim/model/registry.hpp"

namespace govsim::models {

// Random-number streams of threshold_cascade (spec 0.1); all draws use class kInitial, step 0.
namespace threshold_cascade_streams {
inline constexpr uint32_t kThreshold = 1;  // normal thresholds: one boxmuller pair per node
inline constexpr uint32_t kSeed = 2;       // seeding: one draw per node (fraction) or one in all
}  // namespace threshold_cascade_streams

// Registration entry of the model `threshold_cascade`.
sim::ModelInfo threshold_cascade_info();

}  // namespace govsim::models
