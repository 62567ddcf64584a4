// File: sim/calibrate/abc_pmc.hpp
//
// ABC population Monte Carlo with adaptive tolerances (model spec 6.2; Beaumont, Cornuet,
// Marin & Robert 2009, Biometrika 96:983; Del Moral, Doucet & Jasra 2012, Stat. Comput.
// 22:1009; Toni et al. 2009, J. R. Soc. Interface 6:187) as a state machine that the caller
// drives. The calibrator never runs a model: it says which parameter vectors to simulate and
// digests the target quantities that come back (target.hpp: mean over R replicates).
//
//   AbcPmc abc(settings, params, targets);
//   while (!abc.finished()) {
//     auto batch = abc.next_batch();          // (generation, index, point, theta) ...
//     ... run R replicates of each proposal, seed run_seed(seed, r, point) (crn: false) ...
//     abc.accept_results(results);            // any order, any subset, duplicates ignored
//     if (abc.generation_done()) write(abc.generations().back());
//   }
//
// Generation 0: N proposals from the prior, all accepted (epsilon_0 = +inf), weights 1/N.
// Generation g >= 1: epsilon_g = the alpha-quantile (order statistic, posterior.hpp) of
// generation g-1's distances. Proposal j draws a parent by weight from generation g-1 and
// perturbs it in kernel coordinates (prior.hpp: x, or ln x for log_uniform), with
//   KernelKind::kGaussian (spec 6.2): a Gaussian step of covariance 2 x the weighted
//     covariance of generation g-1 (kernel.hpp); when the result is outside the prior's box
//     it draws parent and step again (attempt a = 0, 1, ...). Because the parent is drawn
//     again too, the density of a proposal stays proportional to sum_j w_j K(theta|theta_j)
//     on the box, so the weight below is exact.
//   KernelKind::kReflected: per parameter a normal step of sd sqrt(2 x weighted variance),
//     folded back into the box by reflection (kernel.hpp); with Settings::flat_uninformed,
//     sd = the prior's width for parameters the population has not narrowed yet. For many free parameters of which
//     the targets inform few: there the Gaussian kernel needs about 1/0.67^u draws per
//     proposal for u uninformed parameters (docs/calibration.md).
// A proposal is accepted when rho <= epsilon_g, with importance weight
//   w(theta*) = pi(theta*) / sum_j w_j K(theta*|theta_j),
// pi and K in kernel coordinates (pi is flat there). The generation's population is the first
// N accepted proposals in index order, whatever order the results arrive in.
//
// Stopping: after a generation whose epsilon is 0 (every target met); after G generations
// (generation G-1, counting generation 0); or when a generation's acceptance rate falls below
// the floor: a generation that has seen ceil(N / floor) proposals (in index order) without N
// acceptances is abandoned, and the previous population is final.
//
// Random numbers (spec 0.1): proposals come from Philox4x32-10 keyed by
// splitmix64(seed XOR splitmix64(2^41 + 1)) with counter {index, generation, attempt,
// purpose * 2^24 + k}, so a proposal is a pure function of (seed, generation, index and the
// previous population): the same population results for any thread count, rank count, batch
// size and result order. A proposal's run seed uses point_index(g, j) = g * M + j with
// M = max_proposals_per_generation() = ceil(N / floor): unique within the calibration
// (generations numbered on, with a fixed stride), known before any result exists.
//
// Resume: all state is a pure function of (settings, params, targets) and the finished runs.
// Either replay (a fresh AbcPmc fed the stored results re-issues the same proposals), or
// restore the completed generations (the constructor taking `done`) and replay only the open
// generation's runs. Either way the same population results.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "sim/calibrate/kernel.hpp"
#include "sim/calibrate/prior.hpp"
#include "sim/calibrate/target.hpp"

namespace govsim::sim::calibrate {

enum class KernelKind { kGaussian, kReflected };
const char* to_string(KernelKind kind);  // "gaussian" / "reflected"

// How importance weights are computed. kUniform is wrong on purpose: it exists only so that
// tests can show that the recovery checks detect broken weights.
enum class WeightRule {
  kImportance,  // pi(theta) / sum_j w_j K(theta | theta_j) (the algorithm)
  kUniform,     // test only: every particle weight 1/N (no importance correction)
};

enum class StopReason { kRunning, kToleranceZero, kMaxGenerations, kAcceptanceFloor };
const char* to_string(StopReason reason);

struct Settings {
  std::size_t population = 500;      // N >= 2: particles per generation
  double quantile = 0.5;             // alpha in (0, 1]: epsilon_g = alpha-quantile of g-1
  uint32_t replicates = 2;           // R >= 1 (the caller runs them; kept for provenance)
  std::size_t max_generations = 10;  // G >= 1, counting generation 0
  double acceptance_floor = 0.01;    // (0, 1]: below it a generation is abandoned
  std::size_t batch_size = 0;        // proposals per next_batch(); 0 = N
  uint64_t seed = 1;                 // the calibration's seed (proposals and runs)
  KernelKind kernel = KernelKind::kGaussian;
  WeightRule weights = WeightRule::kImportance;
  std::size_t max_attempts = 10000;  // redraws per proposal before giving up (InputError)
  // kReflected only, 0 = off: a parameter whose weighted variance (kernel coordinates) is still
  // at least this share of its prior's variance (width^2 / 12) is treated as uninformed and
  // perturbed with sd = its prior's width instead of sqrt(2 x variance): the reflected kernel is
  // then flat to within 1.5% (a fresh draw from the prior), so it adds nothing to the variance
  // of the importance weights. With many free parameters of which the targets inform few this
  // keeps the effective sample size up (the product over d nearly-uniform but not flat kernel
  // factors otherwise lets a few particles take all the weight). The weights stay exact: the
  // mixture density is computed with the sd actually used. Typical value 0.5.
  double flat_uninformed = 0.0;
};

// Throws InputError "calibration.<key>: ..." for a setting out of range.
void check_settings(const Settings& s);

// M = ceil(N / acceptance_floor): the most proposals one generation may use.
uint64_t max_proposals_per_generation(const Settings& s);
// The sweep point of proposal `index` of `generation` (its crn: false run seeds): g * M + j.
uint64_t point_index(const Settings& s, uint32_t generation, uint64_t index);

struct Proposal {
  uint32_t generation = 0;
  uint64_t index = 0;          // j: position within the generation (proposal-index order)
  uint64_t point = 0;          // point_index(generation, j)
  std::vector<double> theta;   // one value per parameter, on the parameter's own scale
};

struct ProposalResult {
  uint32_t generation = 0;
  uint64_t index = 0;
  std::vector<double> quantities;  // one per target: the mean over R replicates
};

// One completed generation, everything 6.2 asks to store (arrays are particle-major).
struct Generation {
  uint32_t number = 0;
  double epsilon = std::numeric_limits<double>::infinity();
  std::size_t dims = 0;                // d
  std::size_t targets = 0;             // T
  std::vector<double> particles;       // [N][d], the parameters' own scale
  std::vector<double> weights;         // [N], summing to 1
  std::vector<double> distances;       // [N], rho
  std::vector<double> quantities;      // [N][T]
  std::vector<uint64_t> index;         // [N], the particles' proposal indices j
  uint64_t proposals = 0;              // proposals up to and including the N-th acceptance
  double acceptance_rate = 1.0;        // N / proposals
  double ess = 0.0;                    // effective sample size of the weights
  std::vector<double> kernel_cov;      // [d][d] covariance that perturbed this generation
                                       // (kernel coordinates; diagonal for kReflected;
                                       // empty for generation 0)
  double kernel_jitter = 0.0;          // regularisation added to it (kernel.hpp)
  uint64_t redraws = 0;                // proposals drawn again because outside the support

  std::size_t size() const { return weights.size(); }
};

class AbcPmc {
 public:
  // Throws InputError for bad settings, parameters or targets (targets are resolved here).
  AbcPmc(Settings settings, std::vector<Parameter> params, std::vector<Target> targets);
  // Restores generations 0..k-1 as stored (same settings, parameters and targets).
  AbcPmc(Settings settings, std::vector<Parameter> params, std::vector<Target> targets,
         std::vector<Generation> done);

  // The next proposals of the open generation, in index order: at most max_count
  // (0 = settings.batch_size, or N), none when finished or when the generation's stride is
  // used up. Throws InputError when a proposal needs more than max_attempts redraws.
  std::vector<Proposal> next_batch(std::size_t max_count = 0);

  // Records results (any order). Results for other generations and repeated results are
  // ignored; a result for a proposal never issued, or with the wrong number of quantities,
  // throws std::invalid_argument. Closes the generation once its population is known.
  void accept_results(std::span<const ProposalResult> results);

  bool generation_done() const { return generation_done_; }  // the last call closed one
  bool finished() const { return stop_ != StopReason::kRunning; }
  StopReason stop_reason() const { return stop_; }

  uint32_t generation() const { return open_; }    // the open (or last attempted) generation
  double epsilon() const { return epsilon_; }      // its tolerance
  uint64_t issued() const { return issued_; }      // proposals issued in it
  uint64_t evaluated() const { return prefix_; }   // leading proposals with results
  uint64_t accepted() const { return accepted_; }  // acceptances among them
  uint64_t ignored_results() const { return ignored_; }

  const Settings& settings() const { return settings_; }
  const std::vector<Parameter>& parameters() const { return params_; }
  const std::vector<Target>& targets() const { return targets_; }  // resolved scales
  const std::vector<Generation>& generations() const { return done_; }
  // The last completed generation (the final population once finished).
  const Generation& population() const { return done_.back(); }

 private:
  struct Slot {
    std::vector<double> theta;
    std::vector<double> quantities;
    double distance = 0.0;
    bool has_result = false;
    uint64_t redraws = 0;
  };

  void open_generation(uint32_t g);
  Proposal propose(uint64_t index, uint64_t& redraws) const;
  void close_generation();
  void advance();
  std::vector<double> importance_weights(std::span<const double> theta, std::size_t n) const;

  Settings settings_;
  std::vector<Parameter> params_;
  std::vector<Target> targets_;
  std::vector<Generation> done_;
  StopReason stop_ = StopReason::kRunning;
  bool generation_done_ = false;
  // The open generation.
  uint32_t open_ = 0;
  double epsilon_ = std::numeric_limits<double>::infinity();
  std::vector<Slot> slots_;  // one per issued proposal
  uint64_t issued_ = 0, prefix_ = 0, accepted_ = 0, ignored_ = 0;
  double log_kernel_sum(std::span<const double> z, std::span<double> scratch,
                        std::span<double> terms) const;

  // The previous population in kernel coordinates, for proposals and weights.
  GaussianKernel kernel_;              // kGaussian (kReflected: its diagonal, floored)
  ReflectedKernel reflected_;          // kReflected
  std::vector<double> z_lo_, z_hi_;    // [d] the prior box in kernel coordinates
  std::vector<double> prev_z_;         // [N][d]
  std::vector<double> prev_whitened_;  // kGaussian: [N][d] L^{-1} z_j
  std::vector<double> prev_log_w_;     // [N] ln w_j
  std::vector<double> prev_cum_w_;     // [N] cumulative weights
};

// A convenience driver (tests, small tools): runs the calibration to the end with
// `simulate(proposal) -> quantities`, calling it in parallel (oneTBB) within each batch. The
// result does not depend on the thread count.
using Simulator = std::function<std::vector<double>(const Proposal&)>;
void run_to_completion(AbcPmc& abc, const Simulator& simulate);

}  // namespace govsim::sim::calibrate
