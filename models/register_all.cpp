// The single registration list of govsim's models (style: LAMMPS styles, explicit; no
// self-registering statics). Each model lives in models/<name>/ with docs/models/<name>.md;
// models/kernels/ holds the shared kernels and is not a model.
#include "models/register_all.hpp"

#include "models/bounded_confidence/bounded_confidence.hpp"
#include "models/governance/governance.hpp"
#include "models/org_game/org_game.hpp"
#include "models/public_goods/public_goods.hpp"
#include "models/threshold_cascade/threshold_cascade.hpp"

namespace govsim::models {

void register_all(sim::ModelRegistry& registry) {
  registry.add(governance::governance_info());
  registry.add(threshold_cascade_info());
  registry.add(public_goods_info());
  registry.add(bounded_confidence_info());
  registry.add(org_game_info());
}

}  // namespace govsim::models
