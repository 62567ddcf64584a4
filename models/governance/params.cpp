#include "models/governance/params.hpp"

#include <fmt/format.h>

#include <array>
#include <stdexcept>

#include "sim/core/error.hpp"

namespace govsim::models::governance {

namespace {

constexpr bool kIsInt_R = false;
constexpr bool kIsInt_I = true;

const std::array<KeyInfo, static_cast<std::size_t>(Key::kCount)>& key_table() {
  static const std::array<KeyInfo, static_cast<std::size_t>(Key::kCount)> table = {{
#define GOVSIM_GOV_INFO(name, kind, def, lo, hi, ...) KeyInfo{#name, kIsInt_##kind, double(lo), double(hi)},
      GOVSIM_GOVERNANCE_PARAMS(GOVSIM_GOV_INFO)
#undef GOVSIM_GOV_INFO
  }};
  return table;
}

}  // namespace

const KeyInfo& key_info(Key k) { return key_table()[static_cast<std::size_t>(k)]; }

double& field(Params& p, Key k) {
  switch (k) {
#define GOVSIM_GOV_CASE(name, ...) \
  case Key::name:                  \
    return p.name;
    GOVSIM_GOVERNANCE_PARAMS(GOVSIM_GOV_CASE)
#undef GOVSIM_GOV_CASE
    case Key::kCount:
      break;
  }
  throw std::logic_error("governance: bad parameter key");
}

double field(const Params& p, Key k) { return field(const_cast<Params&>(p), k); }

Key key_by_name(std::string_view name) {
  const auto& t = key_table();
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t[i].name == name) return static_cast<Key>(i);
  throw std::out_of_range(fmt::format("governance: unknown parameter '{}'", name));
}

sim::ParamSchema governance_schema() {
  sim::ParamSchema s("governance");
#define GOVSIM_GOV_DEF(nm, kind, def, lo_, hi_, lo_open_, hi_open_, tlo, thi, unit_, doc_, basis_) \
  {                                                                                              \
    sim::ParamDef d;                                                                             \
    d.name = #nm;                                                                                \
    d.type = kIsInt_##kind ? sim::ParamType::kInt : sim::ParamType::kReal;                      \
    if (kIsInt_##kind)                                                                           \
      d.default_value = static_cast<int64_t>(def);                                              \
    else                                                                                         \
      d.default_value = static_cast<double>(def);                                               \
    d.lo = double(lo_);                                                                          \
    d.hi = double(hi_);                                                                          \
    d.lo_open = (lo_open_) != 0;                                                                 \
    d.hi_open = (hi_open_) != 0;                                                                 \
    d.typical_lo = double(tlo);                                                                  \
    d.typical_hi = double(thi);                                                                  \
    d.unit = unit_;                                                                              \
    d.doc = doc_;                                                                                \
    d.basis = basis_;                                                                            \
    s.add(std::move(d));                                                                         \
  }
  GOVSIM_GOVERNANCE_PARAMS(GOVSIM_GOV_DEF)
#undef GOVSIM_GOV_DEF
  s.list("hh_size_p", {0.25, 0.30, 0.20, 0.15, 0.10}, 0, 1, 5, true, "share",
         "shares of household sizes 1..5", "[A] mean 2.55 ~ census 2.62");
  s.list("age_p", {0.38, 0.34, 0.28}, 0, 1, 3, true, "share",
         "shares of age bands 18-39 / 40-59 / 60+", "[A]");
  s.list("age_theta", {0.10, 0.0, -0.10}, -0.5, 0.5, 3, false, "signal",
         "threshold shift by age band", "[A] Shanghai gradient sec. 1");
  s.list("beta_age", {-0.5, 0.0, 0.5}, -5, 5, 3, false, "logit",
         "attendance shift by age band", "[A]");
  s.list("need_mix", {0.35, 0.35, 0.30}, 0, 1, 3, true, "share",
         "shares of need types handled by centers 0/1/2", "[?] three centers sec. 1");
  s.list("cap_share", {0.50, 0.30, 0.20}, 0, 1, 3, true, "share",
         "capacity shares of centers 0/1/2 (cap_share != need_mix = cause 3)",
         "[?] three centers sec. 1; cause 3");
  s.boolean("cost_matched", false,
            "cost-matched arm (spec 4.9): after the countermeasure overlay, staff_per_1k is set "
            "so that the expected committee capacity per 1,000 equals the baseline's");
  s.string("center_names", std::string(kDefaultCenterNames),
           "names of centers 0, 1, 2 separated by ';' (labels only; need types are the indices)");
  return s;
}

Params Params::from(const sim::ParamSet& set) {
  Params p;
#define GOVSIM_GOV_READ(name, kind, ...) p.name = set.number(#name);
  GOVSIM_GOVERNANCE_PARAMS(GOVSIM_GOV_READ)
#undef GOVSIM_GOV_READ
  p.hh_size_p = set.list("hh_size_p");
  p.age_p = set.list("age_p");
  p.age_theta = set.list("age_theta");
  p.beta_age = set.list("beta_age");
  p.need_mix = set.list("need_mix");
  p.cap_share = set.list("cap_share");
  p.cost_matched = set.boolean("cost_matched");
  p.center_names = set.str("center_names");
  auto bad = [&set](const std::string& key, const std::string& msg) { set.fail(key, msg); };
  if (p.kappa_pts > p.w_pts)
    bad("kappa_pts", fmt::format("must be <= w_pts ({}), got {}", p.w_pts, p.kappa_pts));
  if (p.vis_lo > p.vis_hi)
    bad("vis_lo", fmt::format("must be <= vis_hi ({}), got {}", p.vis_hi, p.vis_lo));
  if (p.f_fac + p.f_mand + p.f_inc > 1.0 + 1e-9)
    bad("f_fac", fmt::format("f_fac + f_mand + f_inc must be <= 1 (spec E12), got {}",
                             p.f_fac + p.f_mand + p.f_inc));
  if (p.n_comm * p.pop_comm > 4294967295.0)
    bad("pop_comm", "n_comm * pop_comm must fit in 32-bit resident ids");
  return p;
}

}  // namespace govsim::models::governance
