// File: sim/design/design.hpp
//
// Experimental designs over named parameters, as pure numeric expansions (no YAML, no files):
//   - full factorial products of level lists (grid),
//   - Latin hypercubes (lhs),
//   - Saltelli's A, B, A_B^(i) scheme over a Sobol' sequence (sobol),
//   - Morris elementary-effects trajectories (morris), with parameter groups.
// Every design is first built in the unit hypercube [0,1]^k and then mapped to each factor's
// range (linear or log-uniform; integer factors rounded half away from zero).
//
// Randomness (lhs jitter and permutations, Morris starting points, directions and orders,
// bootstrap resamples) comes from counter-based Philox4x32-10 draws keyed by the sweep seed and
// a per-purpose stream, never from std:: distributions or stateful generators, so a design is a
// pure function of (kind, sizes, seed) on every platform, thread count and MPI rank count.
// Quasi-random points for the Saltelli scheme come from boost::random::sobol (Joe & Kuo 2008
// direction numbers), unscrambled. Boost's sequence starts at the point after 0, (0.5, ...,
// 0.5); the scheme skips the first saltelli_skip(N) points (the smallest power of 2 >= N, as
// SALib's Saltelli sampler does), where A and B would share many coordinates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace govsim::sim::design {

enum class Kind { kGrid, kList, kLhs, kSobol, kMorris };

std::string_view to_string(Kind kind);

enum class Scale { kLinear, kLog };

// One swept parameter of a sampled design (lhs, sobol, morris).
struct Factor {
  std::string path;      // "params.theta_mu", "network.k", "countermeasures.0.intensity"
  double lo = 0.0;       // range [lo, hi], lo < hi (lo > 0 for kLog)
  double hi = 1.0;
  Scale scale = Scale::kLinear;
  bool integer = false;  // values rounded to the nearest integer (half away from zero)
  std::size_t group = 0; // index of the factor's group (Sobol and Morris move a group together)
};

// Maps u in [0,1] to the factor's range: lo + u (hi - lo), or lo (hi/lo)^u for kLog; rounded
// for integer factors; clamped into [lo, hi] against rounding at the ends.
double from_unit(const Factor& f, double u);

// `steps` values from `from` to `to` inclusive, evenly spaced (geometrically for kLog).
// steps == 1 gives {from}. Values are not rounded.
std::vector<double> linspace(double from, double to, std::size_t steps, Scale scale);

// The full factorial product of `levels[i]` levels per factor: every index tuple, the first
// factor varying slowest (nested loops in the order given). Returns [points][factors].
std::vector<std::vector<std::size_t>> grid_indices(const std::vector<std::size_t>& levels);

// Counter-based uniform draws in (0,1] for designs and bootstraps: Philox4x32-10 keyed by
// splitmix64(seed XOR splitmix64(2^40 + stream)); counter {a, b, c, 0}; the value is
// r123::u01<double> of word 0.
class DesignRng {
 public:
  DesignRng(uint64_t seed, uint32_t stream);
  double uniform(uint32_t a, uint32_t b, uint32_t c = 0) const;
  // An index in [0, n) from one draw (min(floor(u n), n - 1)).
  std::size_t index(std::size_t n, uint32_t a, uint32_t b, uint32_t c = 0) const;

 private:
  uint32_t key_[2];
};

// Named streams of DesignRng (one per random decision).
enum Stream : uint32_t {
  kLhsJitter = 1,
  kLhsPermutation = 2,
  kMorrisBase = 3,
  kMorrisDirection = 4,
  kMorrisOrder = 5,
  kBootstrap = 6,
};

// A random permutation of 0..n-1 by Fisher-Yates with draws rng.index(i + 1, a, i, b).
std::vector<std::size_t> permutation(std::size_t n, const DesignRng& rng, uint32_t a, uint32_t b);

// Latin hypercube of n points in k dimensions, row-major [n][k]: in column j, point i lies in
// stratum perm_j(i) of n equal strata, at a uniform position inside it:
// u = (perm_j(i) + U) / n with U = 1 - draw in [0, 1). Each column hits every stratum once.
std::vector<double> lhs_unit(std::size_t n, std::size_t k, uint64_t seed);

// Points of the Sobol' sequence skipped before the N used: the smallest power of 2 >= N.
std::size_t saltelli_skip(std::size_t n_base);

// Saltelli (2010) sampling for first-order and total Sobol' indices of g groups of k factors.
// A = columns 0..k-1 and B = columns k..2k-1 of N points of a 2k-dimensional Sobol' sequence
// (after the skipped ones). A_B^(i) = A with the columns of group i taken from B. Points are ordered by base
// sample j, and inside it by block: A (block 0), A_B^(1..g) (blocks 1..g), B (block g+1), so
// point index = j (g + 2) + block, N (g + 2) points in all.
struct SaltelliDesign {
  std::size_t base_samples = 0;  // N
  std::size_t groups = 0;        // g
  std::vector<double> unit;      // [N (g+2)][k]
  std::vector<uint32_t> sample;  // per point: j
  std::vector<int32_t> block;    // per point: 0 = A, 1..g = A_B^(i), g+1 = B
};
SaltelliDesign saltelli_design(std::size_t n_base, const std::vector<std::size_t>& group_of,
                               std::size_t n_groups);

// Morris (1991) trajectories with the groups of Campolongo, Cariboni & Saltelli (2007): r
// trajectories of g + 1 points on the p-level grid {0, 1/(p-1), ..., 1} with jump
// delta = p / (2 (p - 1)) (p even). Each trajectory draws, per factor, a base level in
// {0, ..., p/2 - 1}/(p - 1), per group a direction d = +1 or -1 and an order of the groups; it
// starts at base (d = +1) or base + delta (d = -1) and then moves one group at a time, every
// factor of that group by d * delta. Point index = t (g + 1) + s.
struct MorrisDesign {
  std::size_t trajectories = 0;  // r
  std::size_t levels = 0;        // p
  std::size_t groups = 0;        // g
  double delta = 0.0;
  std::vector<double> unit;          // [r (g+1)][k]
  std::vector<uint32_t> trajectory;  // per point: t
  std::vector<uint32_t> step;        // per point: s (0 = start)
  std::vector<int32_t> moved;        // per point: the group moved to reach it (-1 at s = 0)
  std::vector<int32_t> direction;    // per point: +1 or -1 for the moved group (0 at s = 0)
};
MorrisDesign morris_design(std::size_t r, std::size_t p, const std::vector<std::size_t>& group_of,
                           std::size_t n_groups, uint64_t seed);

}  // namespace govsim::sim::design
