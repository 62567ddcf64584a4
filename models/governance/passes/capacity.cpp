#include "models/governance/passes/capacity.hpp"

#include <cstddef>

#include "models/governance/passes/step_context.hpp"

namespace govsim::models::governance {

void update_capacity(const StepContext& s, const Organisations& org, std::vector<Committee>& com) {
  for_each_community(s.layout, [&](uint32_t c) {
    double sbc = 0, sb = 0;
    for (uint32_t slot = 0; slot < org.slots; ++slot) {
      const std::size_t j = static_cast<std::size_t>(c) * org.slots + slot;
      if (!org.exists[j]) continue;
      sb += org.capacity[j];
      if (org.strategy[j]) sbc += org.capacity[j];
    }
    Committee& cm = com[c];
    cm.capacity = capacity(s.params[c], s.layout.size(c), static_cast<double>(cm.in_service_members),
                           sbc, sb, cm.instruments[kIncentives]);
  });
}

}  // namespace govsim::models::governance
