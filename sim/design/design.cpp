#include "sim/design/design.hpp"

#include <Random123/philox.h>
#include <Random123/uniform.hpp>
#include <boost/random/sobol.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/rng/counter_rng.hpp"

namespace govsim::sim::design {

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::kGrid: return "grid";
    case Kind::kList: return "list";
    case Kind::kLhs: return "lhs";
    case Kind::kSobol: return "sobol";
    case Kind::kMorris: return "morris";
  }
  return "?";
}

double from_unit(const Factor& f, double u) {
  u = std::clamp(u, 0.0, 1.0);
  double x = f.scale == Scale::kLog ? f.lo * std::pow(f.hi / f.lo, u) : f.lo + u * (f.hi - f.lo);
  if (f.integer) x = std::round(x);
  const double lo = f.integer ? std::ceil(f.lo) : f.lo;
  const double hi = f.integer ? std::floor(f.hi) : f.hi;
  return std::clamp(x, lo, std::max(lo, hi));
}

std::vector<double> linspace(double from, double to, std::size_t steps, Scale scale) {
  std::vector<double> out;
  if (steps == 0) return out;
  out.reserve(steps);
  if (steps == 1) {
    out.push_back(from);
    return out;
  }
  const double last = static_cast<double>(steps - 1);
  for (std::size_t i = 0; i < steps; ++i) {
    const double u = static_cast<double>(i) / last;
    double x = scale == Scale::kLog ? from * std::pow(to / from, u) : from + u * (to - from);
    if (i == 0) x = from;
    if (i + 1 == steps) x = to;  // exact end points
    out.push_back(x);
  }
  return out;
}

std::vector<std::vector<std::size_t>> grid_indices(const std::vector<std::size_t>& levels) {
  std::size_t total = 1;
  for (std::size_t n : levels) total *= n;
  std::vector<std::vector<std::size_t>> out;
  if (levels.empty() || total == 0) return out;
  out.reserve(total);
  std::vector<std::size_t> idx(levels.size(), 0);
  for (std::size_t p = 0; p < total; ++p) {
    out.push_back(idx);
    for (std::size_t j = levels.size(); j-- > 0;) {  // last factor varies fastest
      if (++idx[j] < levels[j]) break;
      idx[j] = 0;
    }
  }
  return out;
}

DesignRng::DesignRng(uint64_t seed, uint32_t stream) {
  const uint64_t s = splitmix64(seed ^ splitmix64((uint64_t{1} << 40) + stream));
  key_[0] = static_cast<uint32_t>(s & 0xffffffffULL);
  key_[1] = static_cast<uint32_t>(s >> 32);
}

double DesignRng::uniform(uint32_t a, uint32_t b, uint32_t c) const {
  r123::Philox4x32::ctr_type ctr = {{a, b, c, 0u}};
  r123::Philox4x32::key_type key = {{key_[0], key_[1]}};
  return r123::u01<double>(r123::Philox4x32{}(ctr, key)[0]);
}

std::size_t DesignRng::index(std::size_t n, uint32_t a, uint32_t b, uint32_t c) const {
  return index_of(uniform(a, b, c), n);
}

std::vector<std::size_t> permutation(std::size_t n, const DesignRng& rng, uint32_t a, uint32_t b) {
  std::vector<std::size_t> p(n);
  for (std::size_t i = 0; i < n; ++i) p[i] = i;
  for (std::size_t i = n; i-- > 1;) {
    const std::size_t j = rng.index(i + 1, a, static_cast<uint32_t>(i), b);
    std::swap(p[i], p[j]);
  }
  return p;
}

std::vector<double> lhs_unit(std::size_t n, std::size_t k, uint64_t seed) {
  const DesignRng jitter(seed, kLhsJitter), perm(seed, kLhsPermutation);
  std::vector<double> u(n * k);
  for (std::size_t j = 0; j < k; ++j) {
    const auto p = permutation(n, perm, static_cast<uint32_t>(j), 0);
    for (std::size_t i = 0; i < n; ++i) {
      const double v = 1.0 - jitter.uniform(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
      u[i * k + j] = (static_cast<double>(p[i]) + v) / static_cast<double>(n);
    }
  }
  return u;
}

std::size_t saltelli_skip(std::size_t n_base) {
  std::size_t skip = 1;
  while (skip < n_base) skip <<= 1;
  return skip;
}

SaltelliDesign saltelli_design(std::size_t n_base, const std::vector<std::size_t>& group_of,
                               std::size_t n_groups) {
  const std::size_t k = group_of.size();
  if (k == 0 || n_groups == 0) throw std::invalid_argument("saltelli_design: no factors");
  SaltelliDesign d;
  d.base_samples = n_base;
  d.groups = n_groups;
  const std::size_t per = n_groups + 2;
  d.unit.resize(n_base * per * k);
  d.sample.resize(n_base * per);
  d.block.resize(n_base * per);
  boost::random::sobol seq(2 * k);
  seq.discard(2 * k * saltelli_skip(n_base));  // skip whole points (as SALib does)
  const double scale = std::ldexp(1.0, -64);  // sobol's 64-bit integers / 2^64
  std::vector<double> ab(2 * k);
  for (std::size_t j = 0; j < n_base; ++j) {
    for (std::size_t c = 0; c < 2 * k; ++c) ab[c] = static_cast<double>(seq()) * scale;
    for (std::size_t b = 0; b < per; ++b) {
      const std::size_t row = j * per + b;
      d.sample[row] = static_cast<uint32_t>(j);
      d.block[row] = static_cast<int32_t>(b);
      for (std::size_t c = 0; c < k; ++c) {
        double v = ab[c];                                // A
        if (b == per - 1) v = ab[k + c];                 // B
        else if (b >= 1 && group_of[c] == b - 1) v = ab[k + c];  // A_B^(group b-1)
        d.unit[row * k + c] = v;
      }
    }
  }
  return d;
}

MorrisDesign morris_design(std::size_t r, std::size_t p, const std::vector<std::size_t>& group_of,
                           std::size_t n_groups, uint64_t seed) {
  const std::size_t k = group_of.size();
  if (k == 0 || n_groups == 0) throw std::invalid_argument("morris_design: no factors");
  if (p < 2 || p % 2 != 0) throw std::invalid_argument("morris_design: levels must be even and >= 2");
  MorrisDesign d;
  d.trajectories = r;
  d.levels = p;
  d.groups = n_groups;
  const double denom = static_cast<double>(p - 1);
  const auto jump = static_cast<int64_t>(p / 2);  // delta in grid levels
  d.delta = static_cast<double>(jump) / denom;
  const std::size_t per = n_groups + 1;
  d.unit.resize(r * per * k);
  d.trajectory.resize(r * per);
  d.step.resize(r * per);
  d.moved.resize(r * per);
  d.direction.resize(r * per);
  const DesignRng base_rng(seed, kMorrisBase), dir_rng(seed, kMorrisDirection),
      order_rng(seed, kMorrisOrder);
  std::vector<int64_t> level(k);  // current grid level of each factor, 0..p-1
  std::vector<int> dir(n_groups);
  for (std::size_t t = 0; t < r; ++t) {
    const auto tt = static_cast<uint32_t>(t);
    for (std::size_t g = 0; g < n_groups; ++g)
      dir[g] = dir_rng.uniform(tt, static_cast<uint32_t>(g)) <= 0.5 ? 1 : -1;
    for (std::size_t c = 0; c < k; ++c) {
      level[c] = static_cast<int64_t>(base_rng.index(p / 2, tt, static_cast<uint32_t>(c)));
      if (dir[group_of[c]] < 0) level[c] += jump;
    }
    const auto order = permutation(n_groups, order_rng, tt, 0);
    for (std::size_t s = 0; s < per; ++s) {
      const std::size_t row = t * per + s;
      d.trajectory[row] = tt;
      d.step[row] = static_cast<uint32_t>(s);
      if (s == 0) {
        d.moved[row] = -1;
        d.direction[row] = 0;
      } else {
        const std::size_t g = order[s - 1];
        for (std::size_t c = 0; c < k; ++c)
          if (group_of[c] == g) level[c] += dir[g] * jump;
        d.moved[row] = static_cast<int32_t>(g);
        d.direction[row] = dir[g];
      }
      for (std::size_t c = 0; c < k; ++c)
        d.unit[row * k + c] = static_cast<double>(level[c]) / denom;
    }
  }
  return d;
}

}  // namespace govsim::sim::design
