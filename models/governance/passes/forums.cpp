#include "models/governance/passes/forums.hpp"

#include <algorithm>
#include <atomic>

#include "models/governance/streams.hpp"

namespace govsim::models::governance {

namespace {

constexpr auto kCom = sim::EntityClass::kCommittee;
constexpr auto kRes = sim::EntityClass::kResident;

// The invitation keys of community c (into r.invitation_key) and the two cutoffs.
void invitation_cuts(const StepContext& s, uint32_t c, Residents& r, Committee& cm) {
  const uint32_t b = s.layout.comm_begin[c], e = s.layout.comm_begin[c + 1];
  const uint32_t n_c = e - b;
  const std::span<const uint64_t> keys(r.invitation_key.data() + b, n_c);
  std::vector<uint8_t> in_T(n_c);
  int64_t size_T = 0;
  const int32_t inactive_before = governance::inactive_before(s.params[c], s.t);
  uint32_t w[kBlock];
  for (uint32_t b0 = b; b0 < e; b0 += kBlock) {
    const uint32_t e0 = std::min(e, b0 + kBlock);
    draw_words(s, b0, e0, streams::kInvite, 0, w);
    for (uint32_t i = b0; i < e0; ++i) {
      r.invitation_key[i] = pack_key(w[i - b0], s.layout.id(i));
      in_T[i - b] = r.last_volunteered[i] < inactive_before || r.need_open[i];
      size_T += in_T[i - b];
    }
  }
  cm.targeted = std::min<int64_t>(
      size_T, static_cast<int64_t>(kernels::round_half_up(
                  cm.instruments[kTargeting] * static_cast<double>(cm.invitations))));
  auto cuts = invitation_cutoffs(keys, in_T, static_cast<std::size_t>(cm.targeted),
                                 static_cast<std::size_t>(cm.invitations));
  cm.target_cut = cuts.first;
  cm.rest_cut = cuts.second;
}

}  // namespace

void plan_forum_rounds(const StepContext& s, const Organisations& org, Residents& r,
                       std::vector<Committee>& com) {
  for_each_community(s.layout, [&](uint32_t c) {
    const Params& p = s.params[c];
    Committee& cm = com[c];
    const auto P = static_cast<int64_t>(kernels::round_half_up(cm.instruments[kForumPeriod]));
    cm.forum_round = s.t > 0 && P > 0 && s.t % P == 0;
    cm.forums_planned = 0;
    cm.target_cut = cm.rest_cut = KeyCut{};
    if (!cm.forum_round) return;
    cm.forums_planned = std::max<int64_t>(
        0, sim::stochastic_round(cm.instruments[kFacilitation] * cm.capacity.effort *
                                     static_cast<double>(P) / p.h_forum,
                                 s.rng.uniform(c, s.step(), streams::kForum, 0, kCom)));
    int64_t so_c = 0;
    for (uint32_t slot = 3; slot < org.slots; ++slot) {
      const std::size_t j = static_cast<std::size_t>(c) * org.slots + slot;
      so_c += org.exists[j] && org.strategy[j];
    }
    cm.seats = static_cast<int64_t>(p.forum_seats) + static_cast<int64_t>(p.seat_SO) * so_c;
    cm.invitations = std::min<int64_t>(s.layout.size(c), cm.forums_planned * cm.seats);
    if (cm.invitations > 0) invitation_cuts(s, c, r, cm);
    cm.forum_won.assign(static_cast<std::size_t>(cm.forums_planned), 0);
  });
}

void pull_invitations(const StepContext& s, const Block& b, const Committee& cm, Residents& r) {
  if (!(cm.forum_round && cm.invitations > 0)) return;
  const Params& p = s.params[b.c];
  const int32_t inactive_before = governance::inactive_before(p, s.t);
  for (uint32_t i = b.begin; i < b.end; ++i) {
    const uint64_t key = r.invitation_key[i];  // O2's pack_key(u_inv word, id)
    const bool in_T = r.last_volunteered[i] < inactive_before || r.need_open[i];
    if (!invited_by(key, in_T, cm.target_cut, cm.rest_cut)) continue;
    const uint32_t id = s.layout.id(i);
    uint16_t ev = kInvited;
    r.forum[i] = static_cast<int32_t>(
        sim::index_of(s.rng.uniform(id, s.step(), streams::kInvite, 1, kRes),
                      static_cast<std::size_t>(cm.forums_planned)));
    const double pa = attend_probability(p, r.institutional_trust[i], r.social_trust[i],
                                         cm.commitment, r.age_band[i], r.party_member[i]);
    if (sim::bernoulli(s.rng.uniform(id, s.step(), streams::kAttend, 0, kRes), pa)) {
      ev |= kAttended;
      r.act[i] = 1;
    }
    r.events[i] |= ev;
  }
}

bool forum_outcomes(const StepContext& s, const Residents& r, std::vector<Committee>& com) {
  for_each_community(s.layout, [&](uint32_t c) {
    Committee& cm = com[c];
    cm.forums_held = cm.wins = cm.fails = 0;
    if (!cm.forum_round || cm.forums_planned == 0) return;
    std::vector<int64_t> att(static_cast<std::size_t>(cm.forums_planned), 0);
    for (uint32_t i = s.layout.comm_begin[c]; i < s.layout.comm_begin[c + 1]; ++i)
      if (r.events[i] & kAttended) ++att[static_cast<std::size_t>(r.forum[i])];
    const Params& p = s.params[c];
    for (int64_t f = 0; f < cm.forums_planned; ++f) {
      if (att[static_cast<std::size_t>(f)] == 0) continue;
      const double pr = resolution_probability(p, cm.understanding, cm.capacity.org_cooperation);
      const bool w = sim::bernoulli(
          s.rng.uniform(c, s.step(), streams::kForumOut, static_cast<uint32_t>(f), kCom), pr);
      cm.forum_won[static_cast<std::size_t>(f)] = w;
      const double wd = w ? 1.0 : 0.0;
      cm.commitment += p.lam_K * (wd - cm.commitment);
      cm.understanding += p.lam_U * (wd - cm.understanding);
      ++cm.forums_held;
      if (w) ++cm.wins;
      else ++cm.fails;
    }
  });
  bool any_won = false;
  for (const Committee& cm : com) any_won = any_won || cm.wins > 0;
  return any_won;
}

// The network is stored both ways, so "some neighbour of i won" is "i is a neighbour of a
// winner": pushing from the few winners replaces a pull over every row (docs/performance.md,
// second round, change 6). Pushes are relaxed atomic stores of the value 1: the result does not
// depend on their order. Only communities that won a forum have winners. The flags of an
// earlier step are cleared first (only when some were set).
void push_won_flags(const StepContext& s, const std::vector<Committee>& com, bool any_won,
                    Residents& r) {
  if (r.neighbour_won_dirty) {
    std::fill(r.neighbour_won.begin(), r.neighbour_won.end(), uint8_t{0});
    r.neighbour_won_dirty = false;
  }
  if (!any_won) return;
  r.neighbour_won_dirty = true;
  for_each_community(s.layout, [&](uint32_t c) {
    const Committee& cm = com[c];
    if (cm.wins == 0) return;
    for (uint32_t i = s.layout.comm_begin[c]; i < s.layout.comm_begin[c + 1]; ++i) {
      if (!(r.events[i] & kAttended) || !cm.forum_won[static_cast<std::size_t>(r.forum[i])])
        continue;
      r.events[i] |= kWon;
      for (uint32_t j : s.layout.g.row(i))
        std::atomic_ref<uint8_t>(r.neighbour_won[j]).store(1, std::memory_order_relaxed);
    }
  });
}

}  // namespace govsim::models::governance
