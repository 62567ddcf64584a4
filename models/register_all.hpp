// File: models/register_all.hpp
// The single registration list of govsim's models; app/ calls it once.
#pragma once

#include "sim/model/registry.hpp"

namespace govsim::models {

void register_all(sim::ModelRegistry& registry);

}  // namespace govsim::models
