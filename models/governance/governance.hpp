// File: models/governance/governance.hpp
//
// The governance model (model spec v2.1, section 4; described in docs/ODD.md): residents,
// community Party committees with their night-talk forums and three service centers, grids,
// and the organisation game (residents' committee, owners' committee, property company, social
// organisations), under the five countermeasures of spec 4.9.
//
// Registration: models/register_all.cpp adds governance_info(); the model's name is
// "governance" (folder models/governance/, page docs/models/governance.md).
//
// Where things are:
//   governance.cpp        registration: the network type `neighbourhood`, the node columns
//   params.*, countermeasures.*   parameters (X-macro table) and the countermeasure overlay
//   neighbourhood.*       the spec-4.3 network; layout.cpp, population.*: the population
//   state.hpp             the state; selection.hpp: the cutoffs of the selections
//   governance_model.*    init and step() — the schedule, the table of contents of a step
//   passes/               one file per submodel of spec 4.6, each with its passes
//   metrics.hpp, outputs.cpp   the metric table (X-macro), final values, extra arrays
//   streams.hpp           the named random streams
#pragma once

#include "sim/model/registry.hpp"

namespace govsim::models::governance {

// Name, summary, schema, factory, default horizon (260), the five countermeasures, the
// network type `neighbourhood`, the node columns it reads and the memory estimate.
sim::ModelInfo governance_info();

}  // namespace govsim::models::governance

namespace govsim::models {
using governance::governance_info;
}  // namespace govsim::models
