// Building the Layout (population.hpp): from the built-in neighbourhood or a real network.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "models/governance/neighbourhood.hpp"
#include "models/governance/passes/neighbour_pull.hpp"
#include "models/governance/population.hpp"
#include "sim/core/error.hpp"

namespace govsim::models::governance {

namespace {

[[noreturn]] void network_error(const sim::RunContext& ctx, const std::string& message) {
  sim::fail_at(ctx.scenario.get(), "network", message);
}

// The node column `name` when it has a value for every node, else nullptr.
const std::vector<int32_t>* full_column(const sim::NodeAttributes& at, const char* name,
                                        uint32_t n) {
  const std::vector<int32_t>* col = at.find(name);
  return col && col->size() == n ? col : nullptr;
}

// Communities relabelled 0.. in ascending label order; storage in (community, original id)
// order. Fills n, n_comm, comm_begin, oid, net, g and mean_degree; returns the positions'
// original ids and each original id's dense community.
std::pair<std::vector<uint32_t>, std::vector<uint32_t>> order_by_community(
    const sim::RunContext& ctx, const std::vector<int32_t>& comm_of, Layout& L) {
  const sim::Network& net0 = *ctx.network;
  const uint32_t n = net0.num_nodes();
  std::vector<uint32_t> order(n);
  for (uint32_t p = 0; p < n; ++p) order[p] = net0.original_id(p);
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    return comm_of[x] != comm_of[y] ? comm_of[x] < comm_of[y] : x < y;
  });
  std::map<int32_t, uint32_t> comm_index;
  for (uint32_t o : order) comm_index.emplace(comm_of[o], 0);
  uint32_t ci = 0;
  for (auto& [k, v] : comm_index) v = ci++;
  std::vector<uint32_t> dense(n);
  for (uint32_t o = 0; o < n; ++o) dense[o] = comm_index[comm_of[o]];
  L.n = n;
  L.n_comm = ci;
  L.comm_begin.assign(L.n_comm + 1, 0);
  for (uint32_t o = 0; o < n; ++o) ++L.comm_begin[dense[o] + 1];
  for (uint32_t c = 0; c < L.n_comm; ++c) L.comm_begin[c + 1] += L.comm_begin[c];
  bool identity = true;
  for (uint32_t p = 0; p < n; ++p) identity = identity && order[p] == p;
  std::shared_ptr<const sim::Network> net = ctx.network;
  if (!net0.reordered() && identity) {
    L.oid.clear();
  } else {
    net = std::make_shared<const sim::Network>(net0.reordered_by(order));
    L.oid = order;
  }
  L.net = net;
  L.g = net->view();
  L.mean_degree = net->mean_degree();
  return {order, dense};
}

// A real resident network with community and grid node columns (ODD decision 25).
void layout_from_network(const sim::RunContext& ctx, Layout& L) {
  const sim::Network& net0 = *ctx.network;
  const sim::NodeAttributes& at = net0.attributes();
  const uint32_t n = net0.num_nodes();
  const std::vector<int32_t>* community = full_column(at, "community", n);
  const std::vector<int32_t>* grid = full_column(at, "grid", n);
  if (!community || !grid)
    network_error(ctx,
                  "the governance model needs node attributes 'community' and 'grid' for every "
                  "resident (a node table with columns id, community, grid)");
  const std::vector<int32_t>* household = full_column(at, "household", n);
  std::vector<int32_t> comm_of(n), grid_of(n), hh_of(n);
  for (uint32_t p = 0; p < n; ++p) {
    if ((*community)[p] < 0 || (*grid)[p] < 0)
      network_error(ctx, fmt::format("node {} has no community or grid (value -1); every "
                                     "resident needs both",
                                     net0.original_id(p)));
    const uint32_t o = net0.original_id(p);
    comm_of[o] = (*community)[p];
    grid_of[o] = (*grid)[p];
    hh_of[o] = household ? (*household)[p] : -1;
  }
  const auto [order, dense] = order_by_community(ctx, comm_of, L);
  // grids: (community, label) -> global id in (c, ascending label) order
  std::map<std::pair<uint32_t, int32_t>, int32_t> grid_index;
  for (uint32_t p = 0; p < n; ++p) grid_index.emplace(std::make_pair(dense[order[p]], grid_of[order[p]]), 0);
  int32_t gi = 0;
  L.grid_begin.assign(L.n_comm + 1, 0);
  for (auto& [k, v] : grid_index) {
    v = gi++;
    ++L.grid_begin[k.first + 1];
  }
  for (uint32_t c = 0; c < L.n_comm; ++c) L.grid_begin[c + 1] += L.grid_begin[c];
  L.grid.resize(n);
  for (uint32_t p = 0; p < n; ++p) L.grid[p] = grid_index[{dense[order[p]], grid_of[order[p]]}];
  // households: (community, label) -> head = lowest id; no label = own household
  std::map<std::pair<uint32_t, int32_t>, uint32_t> head_of;
  for (uint32_t p = 0; p < n; ++p) {
    const uint32_t o = order[p];
    if (hh_of[o] < 0) continue;
    auto key = std::make_pair(dense[o], hh_of[o]);
    auto it = head_of.find(key);
    if (it == head_of.end()) head_of.emplace(key, o);
    else it->second = std::min(it->second, o);
  }
  L.household_head.resize(n);
  L.households.assign(L.n_comm, 0);
  for (uint32_t p = 0; p < n; ++p) {
    const uint32_t o = order[p];
    const uint32_t c = dense[o];
    L.household_head[p] = hh_of[o] < 0 ? o : head_of[{c, hh_of[o]}];
    if (L.household_head[p] == o) ++L.households[c];
  }
}

// The built-in neighbourhood of spec 4.3, from the model's own parameters.
void layout_from_neighbourhood(const sim::RunContext& ctx, Layout& L) {
  const NeighbourhoodParams np = neighbourhood_params(*ctx.params);
  Neighbourhood nb = build_neighbourhood(np, ctx.rng);
  const uint32_t n = nb.num_residents();
  L.n = n;
  L.n_comm = nb.n_comm;
  L.comm_begin.resize(L.n_comm + 1);
  for (uint32_t c = 0; c <= L.n_comm; ++c) L.comm_begin[c] = c * nb.pop_comm;
  L.grid = std::move(nb.grid);
  L.grid_begin = nb.community_grids;
  L.household_head.resize(n);
  for (uint32_t i = 0; i < n; ++i)
    L.household_head[i] = nb.household_head(static_cast<uint32_t>(nb.household[i]));
  L.households.resize(L.n_comm);
  for (uint32_t c = 0; c < L.n_comm; ++c) L.households[c] = nb.households_in(c);
  auto net = std::make_shared<sim::Network>(std::move(nb.net));
  net->attributes() = sim::NodeAttributes{};  // free the copies
  L.net = net;
  L.g = net->view();
  L.mean_degree = net->mean_degree();
  if (net->reordered()) throw std::logic_error("governance: neighbourhood must not be reordered");
}

}  // namespace

Layout build_layout(const sim::RunContext& ctx) {
  Layout L;
  if (ctx.network) layout_from_network(ctx, L);
  else layout_from_neighbourhood(ctx, L);
  // The packed neighbour counts (passes/neighbour_pull.hpp) hold degrees up to kMaxDegree.
  for (uint32_t p = 0; p < L.n; ++p)
    if (L.g.degree(p) > kMaxDegree)
      network_error(ctx, fmt::format("resident {} has {} neighbours; the governance model "
                                     "supports at most {}",
                                     L.id(p), L.g.degree(p), kMaxDegree));
  L.total_households = 0;
  for (uint32_t h : L.households) L.total_households += h;
  // grid member lists (positions ascending)
  const uint32_t ng = L.grid_begin.back();
  L.grid_off.assign(ng + 1, 0);
  for (uint32_t p = 0; p < L.n; ++p) ++L.grid_off[static_cast<uint32_t>(L.grid[p]) + 1];
  for (uint32_t g = 0; g < ng; ++g) L.grid_off[g + 1] += L.grid_off[g];
  L.grid_members.resize(L.n);
  std::vector<uint64_t> fill(L.grid_off.begin(), L.grid_off.end() - 1);
  for (uint32_t p = 0; p < L.n; ++p) L.grid_members[fill[static_cast<uint32_t>(L.grid[p])]++] = p;
  return L;
}

}  // namespace govsim::models::governance
