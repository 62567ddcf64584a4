// File: sim/graph/network_catalog.hpp
//
// The network types a scenario's `network:` section may name, each with its schema (every
// schema has the key `type` and `reorder: none|rcm`), and the builder that turns a validated
// section into a Network. Random draws use entity class kNetwork, step 0 (spec 0.1), so the
// network of a run depends on the seed and replicate only.
//
// The engine's own types are generic: watts_strogatz, erdos_renyi, barabasi_albert,
// random_regular, square_lattice (generators.hpp) and the file readers edge_list and graphml.
// A model adds the types that belong to it (a generator of its own population structure) and
// declares the node columns it reads from a file (NodeColumnDef) in its sim::ModelInfo;
// sim::ModelRegistry::add hands both to the catalog. The readers read exactly the declared
// columns (their union over the registered models); other columns are ignored.
//
// Order of the types: the generators, then the models' types in registration order, then the
// file readers.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "sim/graph/network.hpp"
#include "sim/rng/counter_rng.hpp"
#include "sim/scenario/param_schema.hpp"

namespace govsim::sim {

// Node ids are uint32_t; one value is kept as a sentinel.
inline constexpr int64_t kMaxNetworkNodes = 4294967294;

// A network type a model brings.
struct NetworkType {
  std::string name;  // the `type:` value
  std::string doc;   // one line, the doc of the `type` key
  // Adds the type's own keys to its schema (after `type` and `reorder`).
  std::function<void(ParamSchema&)> add_keys;
  // Builds the network of a validated section. May throw InputError (naming "network.<key>")
  // or std::invalid_argument (reported as an error of network.type).
  std::function<Network(const ParamSet& section, const CounterRng& rng)> build;
};

class NetworkCatalog {
 public:
  // Adds the types and node columns of model `owner`. Adding the same model's again replaces
  // them (registries are built more than once in tests). Throws std::logic_error when a name
  // is taken by the engine or another model, or a column is declared again with another range.
  void add_model(const std::string& owner, const std::vector<NetworkType>& types,
                 const std::vector<NodeColumnDef>& columns);

  // Every type's schema, in catalog order.
  std::vector<std::pair<std::string, ParamSchema>> schemas() const;
  // The node columns the file readers read (declared by the models).
  std::vector<NodeColumnDef> columns() const;
  // Builds the network of a validated `network:` section (paths already resolved by the
  // loader), applies `reorder` and logs the result. Throws InputError for unreadable or
  // malformed network files and cross-key errors.
  std::shared_ptr<const Network> build(const ParamSet& section, const CounterRng& rng) const;

 private:
  struct Owned {
    std::string owner;
    NetworkType type;
  };
  mutable std::mutex mutex_;
  std::vector<Owned> model_types_;
  std::vector<std::pair<std::string, NodeColumnDef>> columns_;  // (owner, column)
};

// The process-wide catalog that sim::ModelRegistry::add fills (models/register_all.cpp) and
// that the two functions below read, for callers that have no registry at hand.
NetworkCatalog& network_catalog();

// network_catalog().schemas(): the generic types plus those of the registered models.
std::vector<std::pair<std::string, ParamSchema>> network_types();

// network_catalog().build(section, rng).
std::shared_ptr<const Network> build_network(const ParamSet& section, const CounterRng& rng);

}  // namespace govsim::sim
