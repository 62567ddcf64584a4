// File: models/governance/passes/experience.hpp
//
// What one resident experiences during R1e (spec 4.5, 4.6.7): E+ and E− (the sums of the
// weights of 4.6.1–4.6.5, no cap), the threshold change Δθ = Δθ+ − Δθ− of 4.6.10, the act a and
// the event bits of the step. The submodels of R1e add to it one after another, per resident,
// in the order of GovernanceModel::step: the order of the additions is part of the result
// (floating point), so it is fixed there. It lives in registers: each submodel's per-resident
// rule is an inline function of its header, over a per-block Rule of hoisted pointers and
// parameters (a byte store through a vector's data would otherwise make the compiler reload
// every vector and parameter after it).
#pragma once

#include <cstdint>

namespace govsim::models::governance {

struct Experience {
  double gain = 0;      // E+
  double loss = 0;      // E−
  double dtheta = 0;    // Δθ+ − Δθ−
  uint16_t events = 0;  // EventBit
  uint8_t act = 0;      // a
};

}  // namespace govsim::models::governance
