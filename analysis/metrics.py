"""Metric names, labels and the headline lists: the one place to edit when the model's names change.

The report is driven by what a results file contains. Each *role* below (a quantity of model
spec 4.10) lists the names a model might give it; a name in a file is matched to a role after
normalisation (lower case, only letters and digits), so ``P_vol``, ``p_vol`` and ``pvol`` all
resolve to the role ``P_vol``. Names that match no role keep their raw name as label.

Edit here:
  - ``ROLES``: add an alias when the model names a metric differently;
  - ``HEADLINE``: the final values of the comparison chart's first panel and of the ranking;
  - ``SERIES_PANELS``: the time-series figure (one panel per role);
  - ``SUBGROUPS``: how to recognise participation by age band and Party status.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    key: str                  # canonical name (model spec 4.10)
    label: str                # axis / table label
    aliases: tuple = ()       # names a model may use, in order of preference, matched after
                              # normalisation; the key itself is tried after them unless listed
    better: int = 0           # +1 higher is better, -1 lower is better, 0 no preferred direction
    unit: str = ""

    def candidates(self) -> tuple:
        return tuple(self.aliases) + (() if self.key in self.aliases else (self.key,))


ROLES: dict[str, Role] = {r.key: r for r in [
    Role("P_vol", "Voluntary participation (monthly share)",
         ("p_vol", "pvol", "participation_vol", "vol_monthly", "P_vol_monthly"), +1, "share"),
    Role("P_mob", "Mobilised participation (monthly share)",
         ("p_mob", "pmob", "participation_mob", "mob_monthly"), 0, "share"),
    Role("P_tot", "Total participation (monthly share)",
         ("p_tot", "ptot", "participation_tot", "participation", "tot_monthly"), +1, "share"),
    Role("TI", "Institutional trust (mean)",
         ("ti", "ti_mean", "trust_inst", "institutional_trust", "trust_institutional"), +1, "0-1"),
    Role("TS", "Interpersonal trust (mean)",
         ("ts", "ts_mean", "trust_social", "interpersonal_trust", "social_trust"), +1, "0-1"),
    Role("coverage", "Service coverage (needs met before expiry)",
         ("cov", "cov_l", "service_coverage", "coverage_l"), +1, "share"),
    Role("org_C_share", "Organisations cooperating (C share)",
         ("org_c", "orgc", "org_c_share", "c_share", "org_coop", "org_cooperation",
          "org_c_unweighted"), +1, "share"),
    Role("C_org", "Organisation cooperation (capacity-weighted)",
         ("c_org", "org_c_weighted", "c_org_weighted"), +1, "share"),
    Role("win_rate", "Forum win rate", ("win", "wins_rate", "forum_win_rate"), +1, "share"),
    # the governance model also has a final "disputes" (window mean of disputing households per
    # step): the per-1,000-households rate of spec 4.10 is preferred
    Role("disputes", "Disputes per 1,000 households a year",
         ("disputes_per_1k_hh_yr", "disputes_per_1000", "disputes_per_1k", "dispute_rate",
          "disputes_1000hh"), -1, "per 1,000 hh/yr"),
    Role("disputes_count", "Households in a dispute (per step)", ("disputes", "disputes_t", "disputing"),
         -1, "count"),
    Role("gini_cum_vol", "Gini of cumulative volunteering",
         ("gini", "gini_vol", "gini_cumvol", "cum_vol_gini"), -1, "0-1"),
    Role("P_vol_P_tot", "Voluntary share of participation (P_vol/P_tot)",
         ("p_vol_p_tot", "p_vol_over_p_tot", "vol_share", "p_vol_share", "pvol_ptot"), +1,
         "ratio"),
    Role("served_open", "Served / open needs", ("served_over_open", "served_per_open"), +1,
         "ratio"),
    Role("cv_coverage", "CV of coverage over grids",
         ("coverage_cv", "cv_cov", "cv_grid", "cv_coverage_grids"), -1, "ratio"),
    Role("P_vol_noforum", "Voluntary participation without forum attendance",
         ("p_vol_no_forum", "p_vol_excl_forum", "p_vol_ex_forum", "p_vol_nf"), +1, "share"),
    Role("attendance", "Forum attendance share", ("attend_share", "attendance_share"), 0,
         "share"),
    Role("TI_nonparty", "Institutional trust of non-members", ("ti_nonparty", "ti_nonmembers"), 0,
         "0-1"),
    Role("TI_party", "Institutional trust of Party members", ("ti_party", "ti_members"), 0,
         "0-1"),
    Role("tau_org", "Mean inter-organisation trust", ("tau_org", "tau_org_mean", "tau_mean", "tau"), +1, "0-1"),
    Role("f_mand", "Mandate share of instruments", ("fmand",), 0, "share"),
    Role("f_fac", "Facilitation share of instruments", ("ffac",), 0, "share"),
    Role("f_inc", "Incentive share of instruments", ("finc",), 0, "share"),
    Role("open", "Open needs", ("open_t", "open_needs"), 0, "count"),
    Role("served", "Needs served", ("served_t",), 0, "count"),
    Role("expired", "Needs expired", ("expired_t",), 0, "count"),
    Role("vol", "Volunteering this step (share)", ("vol_t",), 0, "share"),
    Role("mob", "Mobilised this step (share)", ("mob_t",), 0, "share"),
    Role("forums", "Forums held", ("forums_t",), 0, "count"),
    Role("K", "Committee knowledge K", ("k_stock",), 0, ""),
    Role("U", "Shared understanding U", ("u_stock",), 0, ""),
    Role("J", "Committee performance J", ("j_c",), 0, ""),
]}

# Main outcomes (model spec 4.12, E21): the comparison chart's first panel and the ranking.
HEADLINE: list[str] = ["P_vol", "P_tot", "TI", "coverage", "org_C_share", "win_rate", "disputes"]

# The time-series figure: (panel title, roles). A panel is drawn for each role present.
SERIES_PANELS: list[tuple[str, list[str]]] = [
    ("Participation", ["P_vol", "P_mob", "P_tot"]),
    ("Trust", ["TI", "TS"]),
    ("Service coverage", ["coverage"]),
    ("Organisation cooperation", ["org_C_share", "C_org"]),
]

# Series that may be derived when the model records only their parts (name: (num, den terms)):
# coverage_t = served_t / (served_t + expired_t), the per-step form of spec 4.10's ratio.
DERIVED_SERIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "coverage": ("served", ("served", "expired")),
}

# Participation by subgroup (spec 4.10 "P_vol by age band and Party status"). A final value is
# a subgroup value when its name is <participation role><separator><group suffix>.
SUBGROUP_BASES: list[str] = ["P_vol", "P_tot", "TI"]
AGE_BANDS: list[tuple[str, str]] = [           # (regex on the suffix, label), in display order
    (r"(age_?)?(0|18_?39|18_?to_?39|young|band_?0|a0)$", "18–39"),
    (r"(age_?)?(1|40_?59|40_?to_?59|middle|band_?1|a1)$", "40–59"),
    (r"(age_?)?(2|60p?|60_?plus|60_?up|old|senior|band_?2|a2)$", "60+"),
]
PARTY_GROUPS: list[tuple[str, str]] = [
    (r"(non_?party|nonmember|non_?member|not_?party)$", "non-Party"),
    (r"(party|member|party_?member)$", "Party"),
]

# Extras recognised by name (regex, case-insensitive).
EXTRA_TI_HIST = r"(^|_)(ti|trust_?inst|institutional_?trust)(_|$).*hist|hist.*(^|_)(ti|trust_?inst)(_|$)"
EXTRA_LORENZ = r"lorenz"
EXTRA_GRID_COVERAGE = r"grid.*cov|cov.*grid"   # per-grid coverage of the final window

# Cost-matched arm suffix (spec 4.9 "CMxcm") and baseline names.
COST_MATCHED_SUFFIX = "cm"
BASELINE_NAMES = ["BASE", "base", "baseline", "Baseline", "BASELINE"]


def norm(name: str) -> str:
    """Lower case, letters and digits only: the form names are matched in."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


_ALIAS_INDEX: dict[str, str] = {}
for _r in ROLES.values():
    for _a in _r.candidates():
        _ALIAS_INDEX.setdefault(norm(_a), _r.key)


def role_of(name: str) -> str | None:
    """The role a metric name stands for, or None."""
    return _ALIAS_INDEX.get(norm(name))


def find(names, role: str) -> str | None:
    """The name in `names` that plays `role`, or None. Candidates are tried in the role's order
    of preference (an exact match of a candidate before a normalised one)."""
    names = list(names)
    r = ROLES.get(role)
    if r is None:
        return role if role in names else None
    normed = {}
    for n in names:
        normed.setdefault(norm(n), n)
    for c in r.candidates():
        if c in names:
            return c
        if norm(c) in normed:
            return normed[norm(c)]
    return None


def label(name: str) -> str:
    """A readable label for a metric name; the raw name when it is not known."""
    r = role_of(name)
    if r is not None:
        return ROLES[r].label
    sg = subgroup_of(name)
    if sg is not None:
        base, kind, grp = sg
        return f"{ROLES[base].label.split(' (')[0]}: {grp}"
    return name


def short_label(name: str) -> str:
    """Canonical key for known metrics (compact axis labels), else the raw name."""
    r = role_of(name)
    return r if r is not None else name


def better(name: str) -> int:
    """+1 when higher is better, -1 when lower is better, 0 when unknown or neutral."""
    r = role_of(name)
    return ROLES[r].better if r is not None else 0


def headline_present(names) -> list[str]:
    """The headline roles' names as they appear in `names`, in HEADLINE order."""
    out = []
    for role in HEADLINE:
        n = find(names, role)
        if n is not None:
            out.append(n)
    return out


def subgroup_of(name: str):
    """(base role, 'age'|'party', group label) when `name` is a subgroup participation value."""
    low = name.lower()
    for base in SUBGROUP_BASES:
        r = ROLES[base]
        for alias in sorted({r.key.lower(), *[a.lower() for a in r.aliases]}, key=len, reverse=True):
            for sep in ("_", ".", "-", ""):
                prefix = alias + sep
                if low.startswith(prefix) and len(low) > len(prefix):
                    rest = low[len(prefix):].replace("-", "_").replace(".", "_").replace("+", "p")
                    for rx, lab in PARTY_GROUPS:
                        if re.fullmatch(rx, rest):
                            return base, "party", lab
                    for rx, lab in AGE_BANDS:
                        if re.fullmatch(rx, rest):
                            return base, "age", lab
    return None


def is_cost_matched(arm: str) -> bool:
    return arm.endswith(COST_MATCHED_SUFFIX) and len(arm) > len(COST_MATCHED_SUFFIX)


def plain_of(arm: str) -> str:
    """CM1cm -> CM1; other names unchanged."""
    return arm[: -len(COST_MATCHED_SUFFIX)] if is_cost_matched(arm) else arm


def choose_baseline(arms: list[str]) -> str | None:
    """The arm named BASE (or baseline), else the first arm; None for fewer than two arms."""
    if len(arms) < 2:
        return None
    for b in BASELINE_NAMES:
        if b in arms:
            return b
    return arms[0]


def order_arms(arms: list[str], baseline: str | None) -> list[str]:
    """Baseline first, then each plain arm followed by its cost-matched twin (CM1, CM1cm, ...)."""
    rest = [a for a in arms if a != baseline]
    out = [baseline] if baseline else []
    seen = set()
    for a in rest:
        if a in seen:
            continue
        p = plain_of(a)
        if is_cost_matched(a) and p in rest and p not in seen:
            continue  # placed right after its plain arm
        out.append(a)
        seen.add(a)
        twin = a + COST_MATCHED_SUFFIX
        if twin in rest and twin not in seen:
            out.append(twin)
            seen.add(twin)
    for a in rest:  # cost-matched arms whose plain arm comes later: keep everything
        if a not in seen:
            out.append(a)
            seen.add(a)
    return out
