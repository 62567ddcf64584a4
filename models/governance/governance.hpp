// File: models/governance/governance.hpp
//
// The governance model (model spec v2.1, section 4; described in docs/ODD.md): residents,
// community Party committees with their night-talk forums and three service centers, grids,
// and the organisation game (residents' committee, owners' committee, property company, social
// organisations), under the five countermeasures of spec 4.9.
//
// Registration: models/register_all.cpp adds governance_info(); the model's name is
// "governance" (folder models/governance/, page docs/models/governance.md).
#pragma once

#include "sim/model/registry.hpp"

namespace govsim::models::governance {

// Name, summary, schema, factory, default horizon (260), the five countermeasures and the
// memory estimate of the governance model.
sim::ModelInfo governance_info();

}  // namespace govsim::models::governance

namespace govsim::models {
using governance::governance_info;
}  // namespace govsim::models
