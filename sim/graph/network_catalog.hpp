// File: sim/graph/network_catalog.hpp
//
// The network types a scenario's `network:` section may name, each with its schema (every
// schema has the key `type` and `reorder: none|rcm`), and the builder that turns a validated
// section into a Network. Random draws use entity class kNetwork, step 0 (spec 0.1), so the
// network of a run depends on the seed and replicate only.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/graph/network.hpp"
#include "sim/rng/counter_rng.hpp"
#include "sim/scenario/param_schema.hpp"

namespace govsim::sim {

std::vector<std::pair<std::string, ParamSchema>> network_types();

// Builds the network of a validated `network:` section. Paths in it are already resolved by
// the loader. Throws InputError for unreadable or malformed network files.
std::shared_ptr<const Network> build_network(const ParamSet& section, const CounterRng& rng);

}  // namespace govsim::sim
