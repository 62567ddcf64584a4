// File: models/governance/selection.hpp
//
// Selections as pulls (spec 0.2 and 4.11, E7): every resident draws its own key each step, the
// community or grid computes only a cutoff, and the resident pulls "selected ⇔ its key beats
// the cutoff". Three kinds of cutoff:
//   - KeyCut: the k lowest 64-bit keys (u-word << 32 | id, so ties in u break by lower id);
//     invitations (4.6.2);
//   - MandateCut: the Q largest Efraimidis–Spirakis keys log(u)/w, ties by lower id (4.6.5);
//     MandateTopQ finds it by one scan;
//   - ServeCut: the served_g-th need of a grid in (need_ready, u_serve word, id) order (4.6.1).
// Used by the passes in passes/ and kept per committee or grid in state.hpp.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace govsim::models::governance {

// ---------------------------------------------------------------- lowest keys (invitations)
// A selection cutoff on 64-bit keys: selected ⇔ key <= cut. `any` false selects nobody.
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

// ---------------------------------------------------------------- largest keys (mandates)
// Efraimidis–Spirakis key log(u)/w; larger keys are selected; ties by lower id.
struct MandateCut {
  double key = 0;
  uint32_t id = 0;
  bool any = false;
  bool selects(double k, uint32_t i) const {
    return any && (k > key || (k == key && i <= id));
  }
};
inline double mandate_key(double u, double w) { return std::log(u) / w; }
// The Q-th largest (key, −id) pair; reorders `items`. The reference for MandateTopQ.
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
// heap (docs/performance.md, second round, change 5). A key is computed (log) only where it
// could enter the heap: the draw's word bounds u from above, u = (word + 1/2)·2^−32 <
// (⌊word/2^22⌋ + 1)/1024, so log(u)/w <= ub[⌊word/2^22⌋]/w, and an item whose bound is below the
// heap's worst key is not among the Q best (the worst key only rises). Such items get the key
// −∞, which no cutoff selects; every other item gets its exact key. Offer the items in any order.
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

// ---------------------------------------------------------------- service order (needs)
// The last need a grid's budget serves, in (need_ready, u_serve word, id) order.
struct ServeCut {
  int32_t ready = 0;
  uint32_t word = 0;
  uint32_t id = 0;
  bool any = false;
};
inline bool serve_key_le(int32_t ready, uint32_t word, uint32_t id, const ServeCut& c) {
  if (!c.any) return false;
  if (ready != c.ready) return ready < c.ready;
  if (word != c.word) return word < c.word;
  return id <= c.id;
}

}  // namespace govsim::models::governance
