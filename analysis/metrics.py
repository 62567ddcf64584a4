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
    zh: str = ""              # Simplified Chinese label (the field's own terms, spec section 1)
    short_zh: str = ""        # compact Chinese label for plot panels

    def candidates(self) -> tuple:
        return tuple(self.aliases) + (() if self.key in self.aliases else (self.key,))


ROLES: dict[str, Role] = {r.key: r for r in [
    Role("P_vol", "Voluntary participation (monthly share)",
         ("p_vol", "pvol", "participation_vol", "vol_monthly", "P_vol_monthly"), +1, "share", zh="居民自愿参与率（月）", short_zh="自愿参与"),
    Role("P_mob", "Mobilised participation (monthly share)",
         ("p_mob", "pmob", "participation_mob", "mob_monthly"), 0, "share", zh="动员参与率（月）", short_zh="动员参与"),
    Role("P_tot", "Total participation (monthly share)",
         ("p_tot", "ptot", "participation_tot", "participation", "tot_monthly"), +1, "share", zh="居民总参与率（月）", short_zh="总参与"),
    Role("TI", "Institutional trust (mean)",
         ("ti", "ti_mean", "trust_inst", "institutional_trust", "trust_institutional"), +1, "0-1", zh="对基层组织的信任（均值）", short_zh="制度信任"),
    Role("TS", "Interpersonal trust (mean)",
         ("ts", "ts_mean", "trust_social", "interpersonal_trust", "social_trust"), +1, "0-1", zh="邻里之间的信任（均值）", short_zh="人际信任"),
    Role("coverage", "Service coverage (needs met before expiry)",
         ("cov", "cov_l", "service_coverage", "coverage_l"), +1, "share", zh="服务覆盖率（需求在到期前办结的比例）", short_zh="服务覆盖"),
    Role("org_C_share", "Organisations cooperating (C share)",
         ("org_c", "orgc", "org_c_share", "c_share", "org_coop", "org_cooperation",
          "org_c_unweighted"), +1, "share", zh="合作的组织比例（居委会、业委会、物业、社会组织）", short_zh="组织合作"),
    Role("C_org", "Organisation cooperation (capacity-weighted)",
         ("c_org", "org_c_weighted", "c_org_weighted"), +1, "share", zh="组织合作（按能力加权）", short_zh="组织合作（加权）"),
    Role("win_rate", "Forum win rate", ("win", "wins_rate", "forum_win_rate"), +1, "share", zh="居民夜话议题解决率", short_zh="夜话解决率"),
    # the governance model also has a final "disputes" (window mean of disputing households per
    # step): the per-1,000-households rate of spec 4.10 is preferred
    Role("disputes", "Disputes per 1,000 households a year",
         ("disputes_per_1k_hh_yr", "disputes_per_1000", "disputes_per_1k", "dispute_rate",
          "disputes_1000hh"), -1, "per 1,000 hh/yr", zh="每千户每年纠纷数", short_zh="纠纷"),
    Role("disputes_count", "Households in a dispute (per step)", ("disputes", "disputes_t", "disputing"),
         -1, "count", zh="纠纷户数（每周）", short_zh="纠纷户数"),
    Role("gini_cum_vol", "Gini of cumulative volunteering",
         ("gini", "gini_vol", "gini_cumvol", "cum_vol_gini"), -1, "0-1", zh="累计志愿参与的基尼系数", short_zh="参与基尼系数"),
    Role("P_vol_P_tot", "Voluntary share of participation (P_vol/P_tot)",
         ("p_vol_p_tot", "p_vol_over_p_tot", "vol_share", "p_vol_share", "pvol_ptot"), +1,
         "ratio", zh="自愿参与占总参与的比例", short_zh="自愿/总参与"),
    Role("served_open", "Served / open needs", ("served_over_open", "served_per_open"), +1,
         "ratio", zh="办结需求/待办需求", short_zh="办结/待办"),
    Role("cv_coverage", "CV of coverage over grids",
         ("coverage_cv", "cv_cov", "cv_grid", "cv_coverage_grids"), -1, "ratio", zh="各网格服务覆盖率的变异系数", short_zh="网格覆盖差异"),
    Role("P_vol_noforum", "Voluntary participation without forum attendance",
         ("p_vol_no_forum", "p_vol_excl_forum", "p_vol_ex_forum", "p_vol_nf"), +1, "share", zh="自愿参与率（不含居民夜话出席）", short_zh="自愿参与（不含夜话）"),
    Role("attendance", "Forum attendance share", ("attend_share", "attendance_share"), 0,
         "share", zh="居民夜话出席率", short_zh="夜话出席"),
    Role("TI_nonparty", "Institutional trust of non-members", ("ti_nonparty", "ti_nonmembers"), 0,
         "0-1", zh="非党员对基层组织的信任", short_zh="非党员信任"),
    Role("TI_party", "Institutional trust of Party members", ("ti_party", "ti_members"), 0,
         "0-1", zh="党员对基层组织的信任", short_zh="党员信任"),
    Role("tau_org", "Mean inter-organisation trust", ("tau_org", "tau_org_mean", "tau_mean", "tau"), +1, "0-1", zh="组织间平均信任", short_zh="组织间信任"),
    Role("f_mand", "Mandate share of instruments", ("fmand",), 0, "share", zh="行政指令手段的份额", short_zh="指令份额"),
    Role("f_fac", "Facilitation share of instruments", ("ffac",), 0, "share", zh="协商引导手段的份额", short_zh="引导份额"),
    Role("f_inc", "Incentive share of instruments", ("finc",), 0, "share", zh="积分激励（积分制）手段的份额", short_zh="积分份额"),
    Role("open", "Open needs", ("open_t", "open_needs"), 0, "count", zh="待办需求", short_zh="待办需求"),
    Role("served", "Needs served", ("served_t",), 0, "count", zh="已办结需求", short_zh="已办结"),
    Role("expired", "Needs expired", ("expired_t",), 0, "count", zh="过期未办需求", short_zh="过期需求"),
    Role("vol", "Volunteering this step (share)", ("vol_t",), 0, "share", zh="本周自愿参与比例", short_zh="本周自愿"),
    Role("mob", "Mobilised this step (share)", ("mob_t",), 0, "share", zh="本周动员参与比例", short_zh="本周动员"),
    Role("forums", "Forums held", ("forums_t",), 0, "count", zh="召开的居民夜话次数", short_zh="夜话次数"),
    Role("K", "Committee knowledge K", ("k_stock",), 0, "", zh="协商承诺存量 K", short_zh="K"),
    Role("U", "Shared understanding U", ("u_stock",), 0, "", zh="协商共识存量 U", short_zh="U"),
    Role("J", "Committee performance J", ("j_c",), 0, "", zh="党委绩效 J", short_zh="J"),
    # the cost ledger (spec 4.10; hours a week for the whole population, window means)
    Role("cost_total_h", "Hours a week: staff, in-service members, co-building units, organisations",
         ("cost_total_h",), 0, "h/week", zh="每周投入工时（社区工作者、在职党员、共建单位、组织）",
         short_zh="每周总工时"),
    Role("cost_staff_h", "Hours a week of paid community staff", ("cost_staff_h",), 0, "h/week",
         zh="社区工作者每周工时", short_zh="社区工作者工时"),
    Role("cost_inserv_h", "Hours a week of in-service Party members (双报到)", ("cost_inserv_h",), 0,
         "h/week", zh="在职党员（双报到）每周工时", short_zh="在职党员工时"),
    Role("cost_cobuild_h", "Hours a week of co-building unit Party organisations (大党委)",
         ("cost_cobuild_h",), 0, "h/week", zh="共建单位（大党委）每周工时", short_zh="共建单位工时"),
    Role("cost_org_h", "Hours a week of cooperating organisations", ("cost_org_h",), 0, "h/week",
         zh="合作组织每周工时", short_zh="组织工时"),
    Role("cost_points_h", "Hours a week spent on the points scheme (积分制)", ("cost_points_h",), 0,
         "h/week", zh="积分制管理每周工时", short_zh="积分制工时"),
]}

# Main outcomes (model spec 4.12, E21; 6.1 item 5): the comparison chart's first panel, the
# findings, the ranking and the summary. P_vol_noforum (P_vol without forum attendance) stands
# beside P_vol: about a third of the baseline's P_vol is attendance at night talks.
HEADLINE: list[str] = ["P_vol", "P_vol_noforum", "P_tot", "TI", "coverage", "org_C_share",
                       "win_rate", "disputes"]

# Headline outcomes shown beside another but not counted in the ranking's mean rank (they are a
# part of it: counting both would weigh participation twice).
COMPANIONS: dict[str, str] = {"P_vol_noforum": "P_vol"}

# The cost ledger of the summary (spec 4.10): total hours a week, and its parts.
COST_TOTAL = "cost_total_h"
COST_PARTS = ["cost_staff_h", "cost_inserv_h", "cost_cobuild_h", "cost_org_h"]

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
# explicit aliases first, then the keys: "disputes" is an alias of disputes_count (the count the
# governance model writes) before it is the key of the per-1,000-households role
for _r in ROLES.values():
    for _a in _r.aliases:
        _ALIAS_INDEX.setdefault(norm(_a), _r.key)
for _r in ROLES.values():
    _ALIAS_INDEX.setdefault(norm(_r.key), _r.key)


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


# Subgroup labels in Chinese (AGE_BANDS and PARTY_GROUPS labels -> zh).
GROUP_ZH: dict[str, str] = {"18–39": "18–39岁", "40–59": "40–59岁", "60+": "60岁及以上",
                            "non-Party": "非党员", "Party": "党员"}


def label(name: str, lang: str = "en") -> str:
    """A readable label for a metric name (in `lang`: 'en' or 'zh'); the raw name when unknown.
    A drift final (p_vol_drift) is labelled after its outcome."""
    if name.endswith("_drift") and len(name) > 6:
        base = label(name[:-6], lang)
        return (base + "：漂移（每年）") if lang == "zh" else (base + ": drift per year")
    r = role_of(name)
    if r is not None:
        role = ROLES[r]
        return role.zh if lang == "zh" and role.zh else role.label
    sg = subgroup_of(name)
    if sg is not None:
        base, kind, grp = sg
        if lang == "zh":
            return f"{ROLES[base].short_zh}：{GROUP_ZH.get(grp, grp)}"
        return f"{ROLES[base].label.split(' (')[0]}: {grp}"
    return name


def short_label(name: str, lang: str = "en") -> str:
    """Compact label: the canonical key for known metrics in English (P_vol, TI, ...), the short
    Chinese label in Chinese; else the raw name."""
    r = role_of(name)
    if r is None:
        return name
    if lang == "zh" and ROLES[r].short_zh:
        return ROLES[r].short_zh
    return r


def group_label(group: str, lang: str = "en") -> str:
    return GROUP_ZH.get(group, group) if lang == "zh" else group


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
