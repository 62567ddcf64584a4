// File: models/governance/streams.hpp
//
// The named random streams of the governance model: one per random decision (spec 0.1, 4.11).
// Counter = {entity id, step, stream*256 + draw, class}. Streams 0-7 of class 4 (network
// construction) belong to network types (sim/rng/construction_streams.hpp; this model's
// neighbourhood uses 0 and 1, neighbourhood.hpp); every stream here is >= 8. Each stream draws a fixed number of values per use whichever branch is taken;
// the number and meaning of the draws are listed next to each stream. Because draws are pure
// functions of the counter, a value that a branch does not need is simply never computed: the
// values of all other draws are unchanged by it.
#pragma once

#include <cstdint>

namespace govsim::models::governance::streams {

// --- class 4, network construction (step 0) ---
inline constexpr uint32_t kParty = 8;       // resident id: 1 draw, party ~ B(party_share)
inline constexpr uint32_t kInservice = 9;   // resident id: 1 draw, inservice ~ B(inserv_share)
inline constexpr uint32_t kOwner = 10;      // household head id: 1 draw, owner ~ B(owner_share)
inline constexpr uint32_t kAge = 11;        // resident id: 1 draw, age_band ~ Cat(age_p)
inline constexpr uint32_t kSo = 12;         // resident id: 2 draws, membership u, index idx(u, n_SO)
inline constexpr uint32_t kCost = 13;       // resident id: 1 draw, c_i ~ U(0, c_max)
inline constexpr uint32_t kTheta = 14;      // resident id: draw 0 = Box-Muller pair (z.x used),
                                            //   draw 1 = uniform for frac_uncond
inline constexpr uint32_t kVis = 15;        // grid id: 1 draw, vis_g ~ U(vis_lo, vis_hi)
inline constexpr uint32_t kOcExist = 16;    // organisation id (OC slot): 1 draw
inline constexpr uint32_t kPeer = 17;       // id = lower committee c, draw = higher committee c'

// --- class 5, initial state (step 0) ---
inline constexpr uint32_t kInitS = 20;      // resident id: 1 draw, s = D w.p. frac_D0
inline constexpr uint32_t kInitTI = 21;     // resident id: 1 draw, TI by inverse Beta CDF
inline constexpr uint32_t kInitTS = 22;     // resident id: 1 draw, TS by inverse Beta CDF

// --- per step ---
inline constexpr uint32_t kNeed = 30;       // resident: 2 draws, arrival u, type u
inline constexpr uint32_t kRoute = 31;      // resident: 2 draws, misrouted u, sround(delay) u
inline constexpr uint32_t kServe = 32;      // resident: 1 draw, service key u_serve;
                                            //   grid (class 3): draw b = sround of budget b (0..3)
inline constexpr uint32_t kDispute = 33;    // household head id: 1 draw
inline constexpr uint32_t kAttend = 34;     // resident: 1 draw, attendance
inline constexpr uint32_t kInvite = 35;     // resident: 2 draws, u_inv (invitation key), u_f (forum)
inline constexpr uint32_t kForumOut = 36;   // committee (class 1): draw f = outcome of forum f
inline constexpr uint32_t kVol = 37;        // resident: 1 draw, voluntary decision
inline constexpr uint32_t kComply = 38;     // resident: 1 draw, compliance with a mandate
inline constexpr uint32_t kMandate = 39;    // resident: 1 draw, mandate key log(u)/w;
                                            //   committee (class 1): 1 draw, sround(Q_c)
inline constexpr uint32_t kForum = 40;      // committee (class 1): 1 draw, sround(n_f)
inline constexpr uint32_t kTalk = 41;       // pair id min(i, partner): 1 draw, talk w.p. p_talk
inline constexpr uint32_t kMatch = 42;      // resident: 1 draw, matching key
inline constexpr uint32_t kImitate = 43;    // resident: 2 draws, neighbour u, acceptance r
inline constexpr uint32_t kLearn = 44;      // committee (class 1): draws 0..3 = u1..u4 (uniform),
                                            //   draws 4..6 = three Box-Muller pairs z1..z6
inline constexpr uint32_t kOrg = 45;        // organisation (class 2): 1 draw, s_j
inline constexpr uint32_t kMeet = 46;       // reserved: joint meetings are deterministic

}  // namespace govsim::models::governance::streams
