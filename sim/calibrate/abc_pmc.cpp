#include "sim/calibrate/abc_pmc.hpp"

#include <Random123/boxmuller.hpp>
#include <Random123/philox.h>
#include <Random123/uniform.hpp>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/calibrate/posterior.hpp"
#include "sim/core/error.hpp"
#include "sim/rng/counter_rng.hpp"

namespace govsim::sim::calibrate {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The calibration's own counter stream (see the header): one key per calibration seed.
class ProposalRng {
 public:
  enum Purpose : uint32_t { kPriorDraw = 1, kParent = 2, kStep = 3 };

  explicit ProposalRng(uint64_t seed) {
    const uint64_t s = splitmix64(seed ^ splitmix64((uint64_t{1} << 41) + 1));
    key_[0] = static_cast<uint32_t>(s & 0xffffffffULL);
    key_[1] = static_cast<uint32_t>(s >> 32);
  }
  r123::Philox4x32::ctr_type words(uint64_t index, uint32_t generation, uint32_t attempt,
                                   Purpose purpose, uint32_t k) const {
    r123::Philox4x32::ctr_type c;
    c[0] = static_cast<uint32_t>(index);
    c[1] = generation;
    c[2] = attempt;
    c[3] = (static_cast<uint32_t>(purpose) << 24) | (k & 0xffffffu);
    return r123::Philox4x32{}(c, key_);
  }
  // A uniform in (0, 1] with 64 random bits (words 0 and 1).
  double uniform(uint64_t index, uint32_t generation, uint32_t attempt, Purpose purpose,
                 uint32_t k) const {
    const auto w = words(index, generation, attempt, purpose, k);
    return r123::u01<double>((uint64_t{w[0]} << 32) | w[1]);
  }
  // Two standard normals (Box-Muller on two 64-bit words).
  std::pair<double, double> normals(uint64_t index, uint32_t generation, uint32_t attempt,
                                    uint32_t pair) const {
    const auto w = words(index, generation, attempt, kStep, pair);
    const r123::double2 z =
        r123::boxmuller((uint64_t{w[0]} << 32) | w[1], (uint64_t{w[2]} << 32) | w[3]);
    return {z.x, z.y};
  }

 private:
  r123::Philox4x32::key_type key_{{0u, 0u}};
};

[[noreturn]] void bad_setting(const std::string& key, const std::string& message) {
  throw InputError(SourceLocation{}, "calibration." + key, message);
}

}  // namespace

const char* to_string(KernelKind kind) {
  return kind == KernelKind::kGaussian ? "gaussian" : "reflected";
}

const char* to_string(StopReason reason) {
  switch (reason) {
    case StopReason::kRunning: return "running";
    case StopReason::kToleranceZero: return "tolerance 0 (every target met)";
    case StopReason::kMaxGenerations: return "maximum number of generations";
    case StopReason::kAcceptanceFloor: return "acceptance rate below the floor";
  }
  return "?";
}

void check_settings(const Settings& s) {
  if (s.population < 2) bad_setting("population", "needs at least 2 particles");
  if (!(s.quantile > 0.0 && s.quantile <= 1.0)) bad_setting("quantile", "must be in (0, 1]");
  if (s.replicates < 1) bad_setting("replicates", "must be >= 1");
  if (s.max_generations < 1) bad_setting("max_generations", "must be >= 1");
  if (!(s.acceptance_floor > 0.0 && s.acceptance_floor <= 1.0))
    bad_setting("acceptance_floor", "must be in (0, 1]");
  if (static_cast<double>(s.population) / s.acceptance_floor > 4.0e9)
    bad_setting("acceptance_floor",
                "population / acceptance_floor must stay below 4e9 proposals per generation");
  if (s.max_generations > 100000) bad_setting("max_generations", "must be <= 100000");
  if (s.max_attempts < 1) bad_setting("max_attempts", "must be >= 1");
  if (!(s.flat_uninformed >= 0.0 && s.flat_uninformed <= 1.0)) bad_setting("flat_uninformed", "must be in [0, 1]");
}

uint64_t max_proposals_per_generation(const Settings& s) {
  return static_cast<uint64_t>(std::ceil(static_cast<double>(s.population) / s.acceptance_floor));
}

uint64_t point_index(const Settings& s, uint32_t generation, uint64_t index) {
  return uint64_t{generation} * max_proposals_per_generation(s) + index;
}

AbcPmc::AbcPmc(Settings settings, std::vector<Parameter> params, std::vector<Target> targets)
    : AbcPmc(settings, std::move(params), std::move(targets), {}) {}

AbcPmc::AbcPmc(Settings settings, std::vector<Parameter> params, std::vector<Target> targets,
               std::vector<Generation> done)
    : settings_(settings), params_(std::move(params)) {
  check_settings(settings_);
  if (settings_.batch_size == 0) settings_.batch_size = settings_.population;
  if (params_.empty()) bad_setting("priors", "no free parameter");
  for (const auto& p : params_) {
    check_parameter(p);
    z_lo_.push_back(kernel_lo(p));
    z_hi_.push_back(kernel_hi(p));
  }
  for (auto& t : targets) targets_.push_back(resolve_target(std::move(t)));
  if (targets_.empty()) bad_setting("targets", "no target");
  const std::size_t n = settings_.population, d = params_.size(), nt = targets_.size();
  for (std::size_t g = 0; g < done.size(); ++g) {
    const Generation& gen = done[g];
    if (gen.number != g || gen.dims != d || gen.targets != nt || gen.weights.size() != n ||
        gen.particles.size() != n * d || gen.distances.size() != n ||
        gen.quantities.size() != n * nt || gen.index.size() != n)
      throw std::invalid_argument("AbcPmc: stored generation " + std::to_string(g) +
                                  " does not match the settings, parameters and targets");
  }
  done_ = std::move(done);
  if (done_.empty()) {
    open_generation(0);
    return;
  }
  const Generation& last = done_.back();
  if (last.epsilon == 0.0) stop_ = StopReason::kToleranceZero;
  else if (done_.size() >= settings_.max_generations) stop_ = StopReason::kMaxGenerations;
  else open_generation(static_cast<uint32_t>(done_.size()));
}

void AbcPmc::open_generation(uint32_t g) {
  open_ = g;
  slots_.clear();
  issued_ = prefix_ = accepted_ = 0;
  if (g == 0) {
    epsilon_ = kInf;
    return;
  }
  const Generation& prev = done_.back();
  const std::size_t n = prev.size(), d = params_.size();
  epsilon_ = order_quantile(prev.distances, settings_.quantile);
  prev_z_.resize(n * d);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k)
      prev_z_[i * d + k] = to_kernel(params_[k], prev.particles[i * d + k]);
  std::vector<double> mean, cov, width(d);
  weighted_mean_cov(prev_z_, d, prev.weights, mean, cov);
  for (double& c : cov) c *= 2.0;
  for (std::size_t k = 0; k < d; ++k) width[k] = z_hi_[k] - z_lo_[k];
  if (settings_.kernel == KernelKind::kReflected) {
    for (std::size_t a = 0; a < d; ++a)
      for (std::size_t b = 0; b < d; ++b)
        if (a != b) cov[a * d + b] = 0.0;
  }
  kernel_ = GaussianKernel(std::move(cov), width);  // floors each variance (kernel.hpp)
  prev_log_w_.resize(n);
  prev_cum_w_.resize(n);
  double cum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    prev_log_w_[i] = std::log(prev.weights[i]);  // -inf for a zero weight: never chosen
    cum += prev.weights[i];
    prev_cum_w_[i] = cum;
  }
  if (settings_.kernel == KernelKind::kReflected) {
    std::vector<double> sd(d);
    for (std::size_t k = 0; k < d; ++k) {
      sd[k] = std::sqrt(kernel_.covariance()[k * d + k]);
      const double prior_var = width[k] * width[k] / 12.0;
      if (settings_.flat_uninformed > 0.0 && 0.5 * kernel_.covariance()[k * d + k] >= settings_.flat_uninformed * prior_var)
        sd[k] = width[k];  // uninformed: a flat kernel (see abc_pmc.hpp)
    }
    reflected_ = ReflectedKernel(std::move(sd), z_lo_, z_hi_);
    reflected_.set_centres(prev_z_, prev_log_w_);
  } else {
    prev_whitened_.resize(n * d);
    for (std::size_t i = 0; i < n; ++i)
      kernel_.whiten({prev_z_.data() + i * d, d}, {prev_whitened_.data() + i * d, d});
  }
}

Proposal AbcPmc::propose(uint64_t index, uint64_t& redraws) const {
  const ProposalRng rng(settings_.seed);
  const std::size_t d = params_.size();
  Proposal p{open_, index, point_index(settings_, open_, index), std::vector<double>(d)};
  if (open_ == 0) {
    for (std::size_t k = 0; k < d; ++k)
      p.theta[k] = sample_prior(params_[k], rng.uniform(index, 0, 0, ProposalRng::kPriorDraw,
                                                        static_cast<uint32_t>(k)));
    return p;
  }
  const bool reflected = settings_.kernel == KernelKind::kReflected;
  std::vector<double> xi(d + 1), step(d);
  for (uint32_t a = 0; a < settings_.max_attempts; ++a) {
    const double u = rng.uniform(index, open_, a, ProposalRng::kParent, 0);
    const auto it = std::lower_bound(prev_cum_w_.begin(), prev_cum_w_.end(), u * prev_cum_w_.back());
    const auto parent = std::min<std::size_t>(static_cast<std::size_t>(it - prev_cum_w_.begin()),
                                              prev_cum_w_.size() - 1);
    for (std::size_t k = 0; k < d; k += 2) {
      const auto z = rng.normals(index, open_, a, static_cast<uint32_t>(k / 2));
      xi[k] = z.first;
      xi[k + 1] = z.second;
    }
    bool ok = true;
    if (reflected) {
      for (std::size_t k = 0; k < d; ++k)
        p.theta[k] = from_kernel(params_[k], reflected_.step(k, prev_z_[parent * d + k], xi[k]));
    } else {
      kernel_.step(xi, step);
      for (std::size_t k = 0; k < d && ok; ++k) {
        const double z = prev_z_[parent * d + k] + step[k];
        ok = z >= z_lo_[k] && z <= z_hi_[k];
        p.theta[k] = from_kernel(params_[k], z);
      }
    }
    if (ok) return p;
    ++redraws;
  }
  throw InputError(SourceLocation{}, "calibration.kernel",
                   "generation " + std::to_string(open_) + ", proposal " + std::to_string(index) +
                       ": no proposal inside the prior support in " +
                       std::to_string(settings_.max_attempts) +
                       " draws (many free parameters the targets do not inform? try kernel: "
                       "reflected)");
}

std::vector<Proposal> AbcPmc::next_batch(std::size_t max_count) {
  generation_done_ = false;
  if (finished()) return {};
  if (max_count == 0) max_count = settings_.batch_size;
  const uint64_t m = max_proposals_per_generation(settings_);
  const auto count = static_cast<std::size_t>(std::min<uint64_t>(max_count, m - issued_));
  std::vector<Proposal> batch(count);
  std::vector<uint64_t> redraws(count, 0);
  std::vector<std::string> errors(count);
  oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<std::size_t>(0, count),
                            [&](const oneapi::tbb::blocked_range<std::size_t>& r) {
                              for (std::size_t i = r.begin(); i != r.end(); ++i) {
                                try {
                                  batch[i] = propose(issued_ + i, redraws[i]);
                                } catch (const InputError& e) {
                                  errors[i] = e.what();
                                }
                              }
                            });
  for (const auto& e : errors)  // the lowest index first: the same error on every run
    if (!e.empty()) throw InputError(e);
  slots_.resize(issued_ + count);
  for (std::size_t i = 0; i < count; ++i) {
    slots_[issued_ + i].theta = batch[i].theta;
    slots_[issued_ + i].redraws = redraws[i];
  }
  issued_ += count;
  return batch;
}

void AbcPmc::accept_results(std::span<const ProposalResult> results) {
  generation_done_ = false;
  for (const auto& r : results) {
    if (finished() || r.generation != open_) {
      ++ignored_;
      continue;
    }
    if (r.index >= issued_)
      throw std::invalid_argument("AbcPmc: result for proposal " + std::to_string(r.index) +
                                  " of generation " + std::to_string(r.generation) +
                                  ", which was never issued");
    if (r.quantities.size() != targets_.size())
      throw std::invalid_argument("AbcPmc: result with " + std::to_string(r.quantities.size()) +
                                  " quantities for " + std::to_string(targets_.size()) +
                                  " targets");
    Slot& s = slots_[r.index];
    if (s.has_result) {
      ++ignored_;
      continue;
    }
    s.quantities = r.quantities;
    s.distance = particle_distance(targets_, s.quantities);
    s.has_result = true;
  }
  advance();
}

void AbcPmc::advance() {
  const uint32_t before = open_;
  while (!finished() && open_ == before && prefix_ < issued_ && slots_[prefix_].has_result) {
    if (slots_[prefix_].distance <= epsilon_) ++accepted_;
    ++prefix_;
    if (accepted_ == settings_.population) close_generation();
  }
  if (!finished() && open_ == before && prefix_ == max_proposals_per_generation(settings_))
    stop_ = StopReason::kAcceptanceFloor;
}

// ln sum_j w_j K(z | z_j) (up to a constant common to all z) for one proposal z.
double AbcPmc::log_kernel_sum(std::span<const double> z, std::span<double> scratch,
                              std::span<double> terms) const {
  if (settings_.kernel == KernelKind::kReflected) return reflected_.log_mixture(z);
  const std::size_t d = params_.size(), np = prev_log_w_.size();
  kernel_.whiten(z, scratch);
  for (std::size_t j = 0; j < np; ++j) {
    const double* yj = prev_whitened_.data() + j * d;
    double q = 0.0;
    for (std::size_t k = 0; k < d; ++k) {
      const double e = scratch[k] - yj[k];
      q += e * e;
    }
    terms[j] = prev_log_w_[j] - 0.5 * q;
  }
  return log_sum_exp(terms);
}

std::vector<double> AbcPmc::importance_weights(std::span<const double> theta,
                                               std::size_t n) const {
  if (open_ == 0 || settings_.weights == WeightRule::kUniform)
    return std::vector<double>(n, 1.0 / static_cast<double>(n));
  const std::size_t d = params_.size();
  std::vector<double> log_w(n, 0.0);
  oneapi::tbb::parallel_for(
      oneapi::tbb::blocked_range<std::size_t>(0, n, 8),
      [&](const oneapi::tbb::blocked_range<std::size_t>& r) {
        std::vector<double> z(d), scratch(d), terms(prev_log_w_.size());
        for (std::size_t i = r.begin(); i != r.end(); ++i) {
          double log_prior = 0.0;  // constant inside the box: kept as the general formula
          for (std::size_t k = 0; k < d; ++k) {
            z[k] = to_kernel(params_[k], theta[i * d + k]);
            log_prior += log_prior_kernel(params_[k], z[k]);
          }
          log_w[i] = log_prior - log_kernel_sum(z, scratch, terms);
        }
      });
  double top = -kInf;
  for (double v : log_w) top = std::max(top, v);
  std::vector<double> w(n);
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) sum += (w[i] = std::exp(log_w[i] - top));
  for (double& v : w) v /= sum;
  return w;
}

void AbcPmc::close_generation() {
  const std::size_t n = settings_.population, d = params_.size(), nt = targets_.size();
  Generation gen;
  gen.number = open_;
  gen.epsilon = epsilon_;
  gen.dims = d;
  gen.targets = nt;
  gen.proposals = prefix_;
  gen.acceptance_rate = static_cast<double>(n) / static_cast<double>(prefix_);
  for (uint64_t j = 0; j < prefix_; ++j) {
    const Slot& s = slots_[j];
    gen.redraws += s.redraws;
    if (s.distance > epsilon_) continue;
    gen.particles.insert(gen.particles.end(), s.theta.begin(), s.theta.end());
    gen.quantities.insert(gen.quantities.end(), s.quantities.begin(), s.quantities.end());
    gen.distances.push_back(s.distance);
    gen.index.push_back(j);
  }
  gen.weights = importance_weights(gen.particles, n);
  gen.ess = effective_sample_size(gen.weights);
  if (open_ > 0) {
    gen.kernel_cov = kernel_.covariance();
    gen.kernel_jitter = kernel_.jitter();
  }
  done_.push_back(std::move(gen));
  generation_done_ = true;
  if (done_.back().epsilon == 0.0) stop_ = StopReason::kToleranceZero;
  else if (done_.size() >= settings_.max_generations) stop_ = StopReason::kMaxGenerations;
  else open_generation(open_ + 1);
}

void run_to_completion(AbcPmc& abc, const Simulator& simulate) {
  while (!abc.finished()) {
    const std::vector<Proposal> batch = abc.next_batch();
    if (batch.empty()) throw std::logic_error("run_to_completion: no proposal to run");
    std::vector<ProposalResult> results(batch.size());
    oneapi::tbb::parallel_for(std::size_t{0}, batch.size(), [&](std::size_t i) {
      results[i] = {batch[i].generation, batch[i].index, simulate(batch[i])};
    });
    abc.accept_results(results);
  }
}

}  // namespace govsim::sim::calibrate
