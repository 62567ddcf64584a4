#include "models/governance/passes/adaptation.hpp"

#include <algorithm>

#include "models/governance/streams.hpp"
#include "models/kernels/public_goods.hpp"

namespace govsim::models::governance {

// The imitation-step test is per community, hoisted out of the residents' loop: a community that
// does not imitate this step copies its range of s. Per block: the random neighbour of each
// resident, a branch-free list of those whose neighbour plays the other strategy (copying the
// same strategy changes nothing, so only they need the logistic), then the Fermi rule for them.
void imitate_strategies(const StepContext& s, Residents& r) {
  const int nxt = 1 - r.cur;
  const auto& s_prev = r.strategy[r.cur];
  auto& s_next = r.strategy[nxt];
  const int32_t t = s.t;
  for_each_resident_range(s.layout, [&](uint32_t c, uint32_t b, uint32_t e) {
    const Params& p = s.params[c];
    const auto L = static_cast<int32_t>(p.L_res);
    if (!(t > 0 && L > 0 && t % L == 0)) {
      std::copy(s_prev.begin() + b, s_prev.begin() + e, s_next.begin() + b);
      return;
    }
    const uint64_t* const off = s.layout.g.offsets.data();
    const uint32_t* const tg = s.layout.g.targets.data();
    uint32_t w_u[kBlock], w_r[kBlock], list[kBlock], nb[kBlock];
    for (uint32_t b0 = b; b0 < e; b0 += kBlock) {
      const uint32_t e0 = std::min(e, b0 + kBlock);
      draw_words(s, b0, e0, streams::kImitate, 0, w_u);
      draw_words(s, b0, e0, streams::kImitate, 1, w_r);
      uint32_t n_list = 0;
      for (uint32_t i = b0; i < e0; ++i) {
        s_next[i] = s_prev[i];
        const auto k = static_cast<uint32_t>(off[i + 1] - off[i]);
        const uint32_t j = k == 0 ? i : tg[off[i] + sim::index_of(sim::u01(w_u[i - b0]), k)];
        list[n_list] = i;
        nb[n_list] = j;
        n_list += s_prev[j] != s_prev[i];  // k = 0: j = i, never listed
      }
      for (uint32_t q = 0; q < n_list; ++q) {
        const uint32_t i = list[q], j = nb[q];
        if (sim::u01(w_r[i - b0]) < kernels::fermi_probability(r.payoff[i], r.payoff[j], p.K_res))
          s_next[i] = s_prev[j];
      }
    }
  });
  r.cur = nxt;
}

}  // namespace govsim::models::governance
