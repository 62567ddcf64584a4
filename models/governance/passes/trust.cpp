#include "models/governance/passes/trust.hpp"

#include "models/governance/streams.hpp"
#include "models/kernels/bounded_confidence.hpp"

namespace govsim::models::governance {

// The matching sorts by (u_match word, id) as random_matching does, by random_matching_words
// (ids ascend with positions within a community). Each resident is in at most one pair, so a
// pair reads both values before it writes them and the matching works in place.
void match_and_talk(const StepContext& s, Residents& r) {
  constexpr auto kRes = sim::EntityClass::kResident;
  const Layout& L = s.layout;
  for_each_community(L, [&](uint32_t c) {
    const Params& p = s.params[c];
    const uint32_t b = L.comm_begin[c], e = L.comm_begin[c + 1];
    std::vector<uint32_t> words(e - b);
    for (uint32_t b0 = b; b0 < e; b0 += kBlock)
      draw_words(s, b0, std::min(e, b0 + kBlock), streams::kMatch, 0, words.data() + (b0 - b));
    std::vector<uint64_t> sa, sb;
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    random_matching_words(words, sa, sb, pairs);
    // the u_talk draw of each pair, by its lower id, batched (words reused for the pair ids)
    words.resize(pairs.size());
    for (std::size_t q = 0; q < pairs.size(); ++q)
      words[q] = std::min(L.id(b + pairs[q].first), L.id(b + pairs[q].second));
    std::vector<uint32_t> w_talk(pairs.size());
    sim::word0_batch(s.rng, words.data(), words.size(), s.step(), streams::kTalk, 0, kRes,
                     w_talk.data());
    // the pairs that talk, listed without a branch (a random fifth at the defaults), then their
    // Deffuant updates
    uint32_t n_talk = 0;
    for (std::size_t q = 0; q < pairs.size(); ++q) {
      words[n_talk] = static_cast<uint32_t>(q);
      n_talk += sim::bernoulli(sim::u01(w_talk[q]), p.p_talk);
    }
    float* const TI = r.institutional_trust.data();
    for (uint32_t k = 0; k < n_talk; ++k) {
      const uint32_t q = words[k];
      const uint32_t i = b + pairs[q].first, j = b + pairs[q].second;
      const auto [ti, tj] = kernels::deffuant_pair(TI[i], TI[j], p.d_T, p.mu_T);
      TI[i] = static_cast<float>(ti);
      TI[j] = static_cast<float>(tj);
    }
  });
}

}  // namespace govsim::models::governance
