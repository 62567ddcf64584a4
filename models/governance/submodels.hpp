// File: models/governance/submodels.hpp
//
// The formulas and per-community selection algorithms of spec 4.6 as free functions over plain
// values and spans, so that each can be tested on hand-made inputs. The model's passes
// (governance_model.cpp) call these; they call the shared kernels of models/kernels/ for the
// threshold response, the public-goods shares, the Fermi rule, the Deffuant pair and the
// organisation game. Every formula is evaluated in double.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "models/governance/params.hpp"
#include "models/kernels/math.hpp"
#include "models/kernels/threshold.hpp"
#include "sim/graph/csr_view.hpp"

namespace govsim::models::governance {

inline constexpr int32_t kNever = std::numeric_limits<int32_t>::min() / 2;  // "−∞" step

// ---------------------------------------------------------------- 4.6.1 capacity
struct Capacity {
  double cap = 0;      // cap_c, h/week
  double cap_org = 0;  // h_org n1k Σ_{C} b_j
  double E = 0;        // governance effort f_gov cap_c
  double H = 0;        // service hours (1 − f_gov) cap_c
  double C_org = 0;    // Σ_C b / Σ b (0 if Σ b = 0)
  double I = 0;        // points scheme share min(1, f_inc E / (h_pts n1k))
  double staff_h = 0;  // cost ledger: paid staff hours staff n1k h_week
  double inserv_h = 0; // N_inserv h_inserv act_inserv
  double cobuild_h = 0;// R_unit n1k
  double points_h = 0; // min(f_inc E, h_pts n1k): hours spent on points
};

inline Capacity capacity(const Params& p, double n_c, double n_inserv, double sum_b_c,
                         double sum_b, double f_inc) {
  Capacity k;
  const double n1k = n_c / 1000.0;
  k.staff_h = p.staff_per_1k * n1k * p.h_week;
  k.inserv_h = n_inserv * p.h_inserv * p.act_inserv;
  k.cobuild_h = p.R_unit * n1k;
  k.cap = k.staff_h * (1.0 - p.admin_load) + k.inserv_h + k.cobuild_h;
  k.cap_org = p.h_org * n1k * sum_b_c;
  k.E = p.f_gov * k.cap;
  k.H = (1.0 - p.f_gov) * k.cap;
  k.C_org = sum_b > 0 ? sum_b_c / sum_b : 0.0;
  k.I = n1k > 0 ? std::min(1.0, f_inc * k.E / (p.h_pts * n1k)) : 0.0;
  k.points_h = std::min(f_inc * k.E, p.h_pts * n1k);
  return k;
}

// Need type k ~ Cat(mix) from u (inverse CDF; the last type absorbs rounding).
inline uint8_t categorical(double u, std::span<const double> mix) {
  double acc = 0;
  for (std::size_t k = 0; k + 1 < mix.size(); ++k) {
    acc += mix[k];
    if (u <= acc) return static_cast<uint8_t>(k);
  }
  return static_cast<uint8_t>(mix.size() - 1);
}

// ---------------------------------------------------------------- 4.6.2 forums
inline double attend_probability(const Params& p, double TI, double TS, double K_c, int band,
                                 bool party) {
  return kernels::sigmoid(p.beta0 + p.beta1 * TI + p.beta2 * TS + p.beta_K * (K_c - p.K_c0) -
                          p.c_eve + p.beta_age[static_cast<std::size_t>(band)] +
                          p.beta_party * (party ? 1.0 : 0.0));
}

inline double resolution_probability(const Params& p, double U_c, double C_org) {
  return kernels::sigmoid(kernels::logit(p.rho_base) + p.g_fac * (p.q_fac - 0.5) +
                          p.g_lead * (p.phi_lead - 0.5) + p.g_U * (U_c - p.U_c0) +
                          p.g_org * (C_org - p.C_ref));
}

// A selection cutoff on 64-bit keys (key = u-word << 32 | id, so ties in u break by id):
// selected ⇔ key <= cut. `none` selects nobody.
struct KeyCut {
  uint64_t cut = 0;
  bool any = false;
  bool selects(uint64_t key) const { return any && key <= cut; }
};
inline uint64_t pack_key(uint32_t word, uint32_t id) {
  return (static_cast<uint64_t>(word) << 32) | id;
}
// The k-th smallest key (k >= 1) of `keys` (reorders keys); none when k == 0.
inline KeyCut kth_smallest(std::vector<uint64_t>& keys, std::size_t k) {
  KeyCut c;
  if (k == 0 || keys.empty()) return c;
  k = std::min(k, keys.size());
  std::nth_element(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(k - 1), keys.end());
  c.cut = keys[k - 1];
  c.any = true;
  return c;
}

// Invitation cutoffs (4.6.2, E6, E7): the n_T lowest keys in the target set T, then the
// n_inv − n_T lowest keys among all residents not yet invited. in_T[i] marks T; keys[i] are the
// residents' u_inv keys. Returns (cut for T, cut for the rest).
inline std::pair<KeyCut, KeyCut> invitation_cutoffs(std::span<const uint64_t> keys,
                                                    std::span<const uint8_t> in_T,
                                                    std::size_t n_T, std::size_t n_inv) {
  std::vector<uint64_t> t_keys;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (in_T[i]) t_keys.push_back(keys[i]);
  std::vector<uint64_t> scratch = t_keys;
  const KeyCut c1 = kth_smallest(scratch, n_T);
  std::vector<uint64_t> rest;
  rest.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (!(in_T[i] && c1.selects(keys[i]))) rest.push_back(keys[i]);
  const KeyCut c2 = kth_smallest(rest, n_inv > n_T ? n_inv - n_T : 0);
  return {c1, c2};
}
inline bool invited_by(uint64_t key, bool in_T, const KeyCut& c1, const KeyCut& c2) {
  const bool first = in_T && c1.selects(key);
  return first || c2.selects(key);
}

// ---------------------------------------------------------------- 4.6.5 mandates
// Efraimidis–Spirakis key log(u)/w; larger keys are selected; ties by lower id.
struct MandateCut {
  double key = 0;
  uint32_t id = 0;
  bool any = false;
  bool selects(double k, uint32_t i) const {
    return any && (k > key || (k == key && i <= id));
  }
};
inline double mandate_weight(const Params& p, bool party, double TI) {
  return (party ? p.m_party : 1.0) * (0.5 + TI);
}
inline double mandate_key(double u, double w) { return std::log(u) / w; }
// The Q-th largest (key, −id) pair; reorders `items`.
inline MandateCut mandate_cutoff(std::vector<std::pair<double, uint32_t>>& items, std::size_t Q) {
  MandateCut c;
  if (Q == 0 || items.empty()) return c;
  Q = std::min(Q, items.size());
  auto better = [](const std::pair<double, uint32_t>& a, const std::pair<double, uint32_t>& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  };
  std::nth_element(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(Q - 1), items.end(),
                   better);
  c.key = items[Q - 1].first;
  c.id = items[Q - 1].second;
  c.any = true;
  return c;
}

// The same cutoff as mandate_cutoff, by one scan that keeps the Q best (key, −id) pairs in a
// heap (issue 7). A key is computed (log) only where it could enter the heap: the draw's word
// bounds u from above, u = (word + 1/2)·2^−32 < (⌊word/2^22⌋ + 1)/1024, so
// log(u)/w <= ub[⌊word/2^22⌋]/w, and an item whose bound is below the heap's worst key is not
// among the Q best (the worst key only rises). Such items get the key −∞, which no cutoff
// selects; every other item gets its exact key. Offer the items in any order.
class MandateTopQ {
 public:
  void reset(std::size_t Q) {
    q_ = Q;
    heap_.clear();
    if (heap_.capacity() < Q) heap_.reserve(Q);
  }
  // The key of item (word, w, id) for MandateCut::selects: exact, or −∞ where it provably
  // is not selected. u01(word) is the item's uniform u.
  double offer(uint32_t word, double u, double w, uint32_t id) {
    if (q_ == 0) return -std::numeric_limits<double>::infinity();
    if (heap_.size() == q_ && upper_bound_log(word) / w < heap_.front().first)
      return -std::numeric_limits<double>::infinity();
    const double key = mandate_key(u, w);
    const std::pair<double, uint32_t> item{key, id};
    if (heap_.size() < q_) {
      heap_.push_back(item);
      std::push_heap(heap_.begin(), heap_.end(), better);
    } else if (better(item, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.back() = item;
      std::push_heap(heap_.begin(), heap_.end(), better);
    }
    return key;
  }
  // The Q-th best offered item (none if nothing was offered or Q = 0).
  MandateCut cut() const {
    MandateCut c;
    if (heap_.empty()) return c;
    c.key = heap_.front().first;
    c.id = heap_.front().second;
    c.any = true;
    return c;
  }
  // log((⌊word/2^22⌋ + 1)/1024) plus 1e−12, above log(u) for every word of the bucket (u lies at
  // least 2^−33 below the bucket's end, far more than the rounding of std::log).
  static double upper_bound_log(uint32_t word) {
    static const std::array<double, 1024> ub = [] {
      std::array<double, 1024> a{};
      for (std::size_t b = 0; b < a.size(); ++b)
        a[b] = std::log(static_cast<double>(b + 1) / 1024.0) + 1e-12;
      return a;
    }();
    return ub[word >> 22];
  }

 private:
  // the heap order: a before b when a is better, so the front is the worst of the kept
  static bool better(const std::pair<double, uint32_t>& a, const std::pair<double, uint32_t>& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  }
  std::size_t q_ = 0;
  std::vector<std::pair<double, uint32_t>> heap_;
};

// ---------------------------------------------------------------- 4.6.4 voluntary decision
// x_i(t): (#nbrs with last_vol in [t−4, t−1] + w_mob_signal #nbrs with only last_mob there)/k_i.
inline double neighbour_signal(const sim::CsrView& g, uint32_t i, const int32_t* last_vol,
                               const int32_t* last_mob, int32_t t, double w_mob_signal) {
  const uint32_t k = g.degree(i);
  if (k == 0) return 0.0;
  uint32_t nv = 0, nm = 0;
  for (uint32_t j : g.row(i)) {
    const bool v = last_vol[j] >= t - 4 && last_vol[j] <= t - 1;
    const bool m = last_mob[j] >= t - 4 && last_mob[j] <= t - 1;
    nv += v ? 1u : 0u;
    nm += (!v && m) ? 1u : 0u;
  }
  return (static_cast<double>(nv) + w_mob_signal * static_cast<double>(nm)) /
         static_cast<double>(k);
}

struct ThetaInputs {
  double theta, TI, TS, c_i, I_c;
  int band;
  bool party, invited, so_plays_C;
};
inline double theta_effective(const Params& p, const ThetaInputs& in) {
  const double v = in.theta + p.age_theta[static_cast<std::size_t>(in.band)] +
                   p.party_theta * (in.party ? 1.0 : 0.0) - p.w_TI * (in.TI - 0.5) -
                   p.w_TS * (in.TS - 0.5) - p.w_inv * (in.invited ? 1.0 : 0.0) -
                   p.phi_frame * in.TI +
                   p.w_cost * in.c_i * (1.0 - p.so_cost_cut * (in.so_plays_C ? 1.0 : 0.0)) -
                   (p.w_pts - p.kappa_pts) * in.I_c;
  return kernels::clip01(v);
}
// Probability of volunteering for a resident with a = 0 (0 when s = D or theta > 1).
inline double volunteer_probability(const Params& p, bool s_is_C, double theta, double x,
                                    double theta_eff) {
  if (!s_is_C || theta > 1.0) return 0.0;
  return kernels::activation_probability(x, theta_eff, p.p_act, p.eps_spont, p.tau);
}

inline double compliance_probability(const Params& p, double TI) {
  return kernels::clip01(p.comply0 + p.comply_TI * TI);
}
inline double mandate_burden(const Params& p, bool party) {
  return (1.0 - p.autonomy) * (1.0 - p.party_accept * (party ? 1.0 : 0.0));
}

// ---------------------------------------------------------------- 4.6.1 service allocation
// Splits `hours` over grids with pending counts n[g] and visibility vis[g]:
// w_g = n_g^w_need vis_g^w_vis (0 if n_g = 0), alloc_g = hours w_g/Σw, slots_g = sround(alloc_g/
// h_need) with the grid's uniform u[g], served_g = min(slots_g, n_g). Σw = 0: nothing served.
inline void allocate_service(double hours, std::span<const int64_t> n, std::span<const double> vis,
                             double w_need, double w_vis, double h_need,
                             std::span<const double> u, std::span<int64_t> served) {
  double sw = 0;
  std::vector<double> w(n.size(), 0.0);
  for (std::size_t g = 0; g < n.size(); ++g) {
    if (n[g] > 0) w[g] = std::pow(static_cast<double>(n[g]), w_need) * std::pow(vis[g], w_vis);
    sw += w[g];
  }
  for (std::size_t g = 0; g < n.size(); ++g) {
    served[g] = 0;
    if (!(sw > 0) || n[g] == 0) continue;
    const double alloc = hours * w[g] / sw;
    const double x = alloc / h_need;
    const double f = std::floor(x);
    const int64_t slots = static_cast<int64_t>(f) + ((u[g] < x - f) ? 1 : 0);
    served[g] = std::min(slots, n[g]);
  }
}

// ---------------------------------------------------------------- 4.6.7 trust
// Post-experience TI (before the matching).
inline double ti_update(const Params& p, double TI, double Eplus, double Eminus) {
  return kernels::clip01(TI + p.lam_pos * (1.0 - TI) * Eplus - p.lam_neg * TI * Eminus);
}
inline double ts_update(const Params& p, double TS, double y, bool acted) {
  return kernels::clip01(TS + p.lam_S * (1.0 - TS) * y * (acted ? 1.0 : 0.0) +
                         p.delta_S * (p.TS0 - TS));
}
// Uniform random perfect matching of one community: positions sorted by key (u-word << 32 | id);
// pairs (0,1), (2,3), ...; an odd last one is unmatched. Returns the pairs as local indices.
inline std::vector<std::pair<uint32_t, uint32_t>> random_matching(std::span<const uint64_t> keys) {
  std::vector<std::pair<uint64_t, uint32_t>> order(keys.size());
  for (uint32_t i = 0; i < keys.size(); ++i) order[i] = {keys[i], i};
  std::sort(order.begin(), order.end());
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  pairs.reserve(keys.size() / 2);
  for (std::size_t k = 0; k + 1 < order.size(); k += 2)
    pairs.emplace_back(order[k].second, order[k + 1].second);
  return pairs;
}
// The same matching as random_matching(keys) for keys[i] = pack_key(words[i], id_i) whenever the
// ids ascend with the local index i (positions of a community are in original-id order, Layout):
// ordering by (word, id) is then ordering by (word, i). A least-significant-digit radix sort of
// (word << 32 | i) on the four bytes of the word (passes whose byte is the same for all are
// skipped) replaces the comparison sort: the profile of issue 7 had std::sort of these pairs at
// about 10 % of a governance step. `a`, `b` and `pairs` are scratch, reused by the caller.
inline void random_matching_words(std::span<const uint32_t> words, std::vector<uint64_t>& a,
                                  std::vector<uint64_t>& b,
                                  std::vector<std::pair<uint32_t, uint32_t>>& pairs) {
  const std::size_t n = words.size();
  a.resize(n);
  b.resize(n);
  std::array<std::array<uint32_t, 256>, 4> hist{};
  for (std::size_t i = 0; i < n; ++i) {
    const uint32_t w = words[i];
    a[i] = (static_cast<uint64_t>(w) << 32) | static_cast<uint32_t>(i);
    for (uint32_t d = 0; d < 4; ++d) ++hist[d][(w >> (8 * d)) & 255u];
  }
  for (uint32_t d = 0; d < 4 && n > 1; ++d) {
    const uint32_t shift = 32 + 8 * d;
    auto& h = hist[d];
    if (h[(a[0] >> shift) & 255u] == n) continue;
    uint32_t sum = 0;
    for (auto& x : h) {
      const uint32_t c = x;
      x = sum;
      sum += c;
    }
    for (std::size_t i = 0; i < n; ++i) b[h[(a[i] >> shift) & 255u]++] = a[i];
    a.swap(b);
  }
  pairs.clear();
  for (std::size_t k = 0; k + 1 < n; k += 2)
    pairs.emplace_back(static_cast<uint32_t>(a[k]), static_cast<uint32_t>(a[k + 1]));
}

// ---------------------------------------------------------------- 4.6.9 learning
// proj: f = max(f, f_min); repeat: f /= Σf; entries < f_min set to f_min, others rescaled to
// 1 − f_min #low; until no entry is below f_min.
inline void project_shares(std::array<double, 3>& f, double f_min) {
  double s = 0;
  for (double& x : f) {
    x = std::max(x, f_min);
    s += x;
  }
  for (double& x : f) x /= s;
  std::array<bool, 3> low{false, false, false};
  for (int iter = 0; iter < 3; ++iter) {
    bool changed = false;
    for (int k = 0; k < 3; ++k)
      if (!low[k] && f[k] < f_min) low[k] = changed = true;
    if (!changed) break;
    int n_low = 0;
    double rest = 0;
    for (int k = 0; k < 3; ++k) {
      if (low[k]) {
        ++n_low;
        f[k] = f_min;
      } else {
        rest += f[k];
      }
    }
    const double target = 1.0 - f_min * n_low;
    for (int k = 0; k < 3; ++k)
      if (!low[k] && rest > 0) f[k] *= target / rest;
  }
}

// J_c (4.6.9): (1 − w_visible)(P̄vol + cov_L + clip(½ + 10 ΔTI, 0, 1))/3 + w_visible P̄tot.
inline double learning_objective(double w_visible, double pvol_mean, double ptot_mean,
                                 double cov_L, double dTI) {
  return (1.0 - w_visible) * (pvol_mean + cov_L + kernels::clip01(0.5 + 10.0 * dTI)) / 3.0 +
         w_visible * ptot_mean;
}

// ---------------------------------------------------------------- outputs
// Gini of non-negative values (0 if the mean is 0). Sorts a copy.
inline double gini(std::vector<int32_t> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  double sum = 0, weighted = 0;
  const double n = static_cast<double>(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    sum += v[i];
    weighted += (static_cast<double>(i) + 1.0) * v[i];
  }
  if (sum <= 0) return 0.0;
  return (2.0 * weighted) / (n * sum) - (n + 1.0) / n;
}

}  // namespace govsim::models::governance
