// The single registration list of govsim's models (style: LAMMPS styles, explicit; no
// self-registering statics). Each model lives in models/<name>/ with docs/models/<name>.md.
#include "models/register_all.hpp"

#include "models/governance/governance.hpp"
#include "models/threshold_cascade/threshold_cascade.hpp"

namespace govsim::models {

void register_all(sim::ModelRegistry& registry) {
  registry.add(governance::governance_info());
  registry.add(threshold_cascade_info());
}

}  // namespace govsim::models
