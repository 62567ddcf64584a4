// File: sim/rng/construction_streams.hpp
//
// Stream numbers of network-construction draws (entity class kNetwork, step 0; spec 0.1).
// Streams 0-7 of class 4 belong to network types: the engine's generators (sim/graph) use the
// ones named here; 0 and 1 are taken by a network type a model registers (each model lists its
// own streams in its header); 6 and 7 are free. Models draw their own class-4 values
// (attributes, visibility, ...) on streams >= kFirstModelStream.
#pragma once

#include <cstdint>

namespace govsim::sim {

enum ConstructionStream : uint32_t {
  // 0, 1: a model's network type
  kWattsStrogatz = 2,   // watts_strogatz: sequential PhiloxUrng, id 0
  kErdosRenyi = 3,      // erdos_renyi: sequential PhiloxUrng, id 0
  kBarabasiAlbert = 4,  // barabasi_albert: id = new node, draw = attempt index
  kRandomRegular = 5,   // random_regular: sequential PhiloxUrng, id 0
  // 6, 7: free
  kFirstModelStream = 8,
};

}  // namespace govsim::sim
