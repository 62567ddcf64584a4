"""The report's first screen: which countermeasure, how sure, at what cost (issue 17).

For each headline outcome (metrics.HEADLINE) the summary names the best arm among the plain
arms (cost-matched arms are design experiments, shown as "design only") and gives:
  - the size of its effect in plain units ("about 23 more residents in 100 volunteer in a
    month"), with the baseline's and the arm's levels;
  - how sure: the 95% interval of the paired difference and the verdict of analysis/margins.py
    (a clear, material effect or a negligible one); with a robust comparison in the file
    (/summary/p_best, `govsim compare --posterior`), the probability that the arm is the best
    over the plausible parameter sets;
  - what it costs: the extra hours a week per 1,000 residents against the baseline, from the
    cost ledger final cost_total_h (staff, in-service members, co-building units, organisations);
  - the effect per 1,000 extra hours a week, for outcomes counted in residents, needs or
    disputes (a mean trust or a share of organisations has no count to divide by hours);
  - warnings: the assumed parameters ([A], cal) the arm's effect rests on (the caveats table),
    and a drift beyond the margin at the horizon (the X_drift finals).
A relative change of a share is never shown as a percentage: shares are given "in 100".
"""
from __future__ import annotations

import html
import math
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import caveats as C
from . import i18n
from . import margins as G
from . import metrics as M

# Plain units per role: scale (to "in 100" or points on 0..100), and the phrases for a rise and
# a fall in English and Chinese. {x} is the size (positive), {a} -> {b} the levels.
PLAIN: dict[str, dict] = {
    "P_vol": dict(scale=100,
                  en=("about {x} more residents in 100 volunteer in a month",
                      "about {x} fewer residents in 100 volunteer in a month"),
                  zh=("每100名居民中每月约多{x}人自愿参与", "每100名居民中每月约少{x}人自愿参与"),
                  count="residents"),
    "P_vol_noforum": dict(scale=100,
                          en=("about {x} more residents in 100 volunteer outside the night talks",
                              "about {x} fewer residents in 100 volunteer outside the night talks"),
                          zh=("除居民夜话外，每100名居民中每月约多{x}人自愿参与",
                              "除居民夜话外，每100名居民中每月约少{x}人自愿参与"),
                          count="residents"),
    "P_tot": dict(scale=100,
                  en=("about {x} more residents in 100 take part (voluntarily or mobilised) in a month",
                      "about {x} fewer residents in 100 take part in a month"),
                  zh=("每100名居民中每月约多{x}人参与（自愿或被动员）", "每100名居民中每月约少{x}人参与"),
                  count="residents"),
    "TI": dict(scale=100,
               en=("trust in the community's institutions rises by about {x} points of 100",
                   "trust in the community's institutions falls by about {x} points of 100"),
               zh=("居民对基层组织的信任约提高{x}分（满分100）", "居民对基层组织的信任约下降{x}分（满分100）")),
    "TS": dict(scale=100,
               en=("trust between neighbours rises by about {x} points of 100",
                   "trust between neighbours falls by about {x} points of 100"),
               zh=("邻里信任约提高{x}分（满分100）", "邻里信任约下降{x}分（满分100）")),
    "coverage": dict(scale=100,
                     en=("about {x} more needs in 100 are met before they expire",
                         "about {x} fewer needs in 100 are met before they expire"),
                     zh=("每100件居民需求中约多{x}件在到期前办结", "每100件居民需求中约少{x}件在到期前办结"),
                     count="needs"),
    "org_C_share": dict(scale=100,
                        en=("about {x} more organisations in 100 cooperate",
                            "about {x} fewer organisations in 100 cooperate"),
                        zh=("每100个组织（居委会、业委会、物业、社会组织）中约多{x}个合作",
                            "每100个组织中约少{x}个合作")),
    "win_rate": dict(scale=100,
                     en=("about {x} more night talks (居民夜话) in 100 resolve their issue",
                         "about {x} fewer night talks in 100 resolve their issue"),
                     zh=("每100次居民夜话中约多{x}次解决议题", "每100次居民夜话中约少{x}次解决议题")),
    "disputes": dict(scale=1,
                     en=("about {x} more disputes per 1,000 households a year",
                         "about {x} fewer disputes per 1,000 households a year"),
                     zh=("每千户每年纠纷约多{x}起", "每千户每年纠纷约少{x}起"),
                     count="disputes"),
}
LEVEL_UNIT = {100: ("in 100", "/100"), 1: ("", "")}

# Below this many hours a week per 1,000 residents an arm costs "no extra hours".
NO_COST_H = 0.5


def num(x: float) -> str:
    """A plain number: 75, 7.5, 0.75, 0.075 (two significant digits below 10)."""
    if not np.isfinite(x):
        return "—"
    a = abs(x)
    if a >= 10:
        s = f"{x:,.0f}"
    elif a >= 1:
        s = f"{x:.1f}"
    elif a == 0:
        s = "0"
    else:
        s = f"{x:.2g}"
    return s.replace("-", "−")


def signed(x: float) -> str:
    s = num(x)
    return s if s.startswith(("−", "—")) or s == "0" else "+" + s


@dataclass
class Row:
    metric: str
    role: str
    label: str
    base_mean: float
    best: str | None = None
    best_desc: str = ""
    diff: float = math.nan
    lo: float = math.nan
    hi: float = math.nan
    arm_mean: float = math.nan
    verdict: str = ""
    next_arm: str | None = None
    next_diff: float = math.nan
    p_best: float = math.nan
    cost_h: float = math.nan           # extra hours a week per 1,000 residents
    per_1000h: float = math.nan        # effect per 1,000 extra hours a week (count)
    per_1000h_unit: str = ""
    warnings: list = field(default_factory=list)
    text: dict = field(default_factory=dict)   # rendered cells


def population(meta: dict, arm: str) -> float:
    """Residents of an arm's scenario: the node table's rows for an edge-list network, else
    n_comm x pop_comm; NaN when unknown."""
    doc = _doc(meta, arm)
    net = doc.get("network") or {}
    if isinstance(net, dict) and net.get("type") == "edge_list" and net.get("nodes"):
        p = str(net["nodes"])
        if os.path.isfile(p):
            with open(p, encoding="utf-8", errors="replace") as fh:
                rows = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
            return float(max(0, len(rows) - 1))
        return math.nan
    params = dict(doc.get("params", {}) or {})
    if isinstance(net, dict) and net.get("type") == "neighbourhood":
        params.update({k: net[k] for k in ("n_comm", "pop_comm") if k in net})
    elif net:
        return math.nan
    try:
        return float(params["n_comm"]) * float(params["pop_comm"])
    except (KeyError, TypeError, ValueError):
        return math.nan


_DOCS: dict = {}


def _doc(meta: dict, arm: str) -> dict:
    """An arm's resolved scenario as a dict ({} when absent or not a map)."""
    text = (meta.get("arm_yaml") or {}).get(arm, "") or ""
    if text not in _DOCS:
        try:
            _DOCS[text] = C._load_yaml(text)
        except Exception:  # noqa: BLE001 -- a broken arm YAML is reported by the caveats section
            _DOCS[text] = {}
    return _DOCS[text]


def cost_table(meta: dict, ft: pd.DataFrame, base: str, arms: list[str]) -> pd.DataFrame:
    """Per arm: hours a week (cost_total_h and its parts, whole population), residents, hours a
    week per 1,000 residents, and the extra hours a week per 1,000 residents against the
    baseline. Empty when the file has no cost ledger."""
    names = set(ft.metric)
    if M.COST_TOTAL not in names:
        return pd.DataFrame()
    mean = ft.set_index(["arm", "metric"])["mean"]
    rows = []
    for arm in arms:
        if (arm, M.COST_TOTAL) not in mean.index:
            continue
        pop = population(meta, arm)
        r = {"arm": arm, "cost_matched": M.is_cost_matched(arm) or _doc(meta, arm).get("params", {}).get("cost_matched") is True,
             "residents": pop, "hours_week": float(mean[(arm, M.COST_TOTAL)])}
        for part in M.COST_PARTS:
            if (arm, part) in mean.index:
                r[part] = float(mean[(arm, part)])
        r["hours_week_per_1k"] = r["hours_week"] / pop * 1000 if pop and np.isfinite(pop) else math.nan
        rows.append(r)
    t = pd.DataFrame(rows)
    if t.empty:
        return t
    b = t[t.arm == base]
    base_h = float(b.hours_week_per_1k.iloc[0]) if not b.empty else math.nan
    base_total = float(b.hours_week.iloc[0]) if not b.empty else math.nan
    t["extra_hours_week_per_1k"] = t.hours_week_per_1k - base_h
    t["extra_hours_week"] = t.hours_week - base_total
    return t


def _count_effect(role: str, metric: str, arm: str, base: str, diff: float, pop: float,
                  ft_mean) -> float:
    """The effect as a count per week or year for the whole population (residents, needs met
    a week, disputes a year), NaN when the outcome has no count."""
    kind = PLAIN.get(role, {}).get("count")
    if kind == "residents":
        return diff * pop if np.isfinite(pop) else math.nan
    if kind == "needs":
        served = None
        for n in ("served",):
            if (arm, n) in ft_mean.index and (base, n) in ft_mean.index:
                served = float(ft_mean[(arm, n)]) - float(ft_mean[(base, n)])
        return served if served is not None else math.nan
    if kind == "disputes":
        n = "disputes"
        if (arm, n) in ft_mean.index and (base, n) in ft_mean.index and M.role_of(n) == "disputes_count":
            return (float(ft_mean[(arm, n)]) - float(ft_mean[(base, n)])) * 52.0
    return math.nan


# The effect per 1,000 extra hours a week as a count, by role: (more, fewer) in English and
# Chinese; {x} is the count.
COUNT_UNITS = {"P_vol": ("{x} more volunteers", "{x} fewer volunteers", "多{x}名自愿参与的居民", "少{x}名自愿参与的居民"),
               "P_vol_noforum": ("{x} more volunteers", "{x} fewer volunteers", "多{x}名自愿参与的居民",
                                 "少{x}名自愿参与的居民"),
               "P_tot": ("{x} more residents take part", "{x} fewer residents take part", "多{x}名居民参与",
                         "少{x}名居民参与"),
               "coverage": ("{x} more needs met a week", "{x} fewer needs met a week", "每周多办结{x}件需求",
                            "每周少办结{x}件需求"),
               "disputes": ("{x} more disputes a year", "{x} fewer disputes a year", "每年多{x}起纠纷",
                            "每年少{x}起纠纷")}


def build(meta, eff: pd.DataFrame, ft: pd.DataFrame, drift: pd.DataFrame, base: str,
          arms_o: list[str], headline: list[str], tr: i18n.Tr, pbest: pd.DataFrame | None = None,
          alpha: float = 0.05) -> tuple[list[Row], pd.DataFrame, pd.DataFrame]:
    """The summary rows, their table (for the CSV) and the cost table."""
    ft_mean = ft.set_index(["arm", "metric"])["mean"]
    costs = cost_table(meta, ft, base, arms_o)
    cost_by_arm = costs.set_index("arm") if not costs.empty else pd.DataFrame()
    plain_arms = [a for a in arms_o if a != base and not (not cost_by_arm.empty and a in cost_by_arm.index
                                                           and bool(cost_by_arm.loc[a, "cost_matched"]))
                  and not M.is_cost_matched(a)]
    base_doc = _doc(meta, base)
    rows: list[Row] = []
    for m in headline:
        role = M.role_of(m) or m
        if M.better(m) == 0:
            continue
        e = eff[(eff.metric == m) & eff.arm.isin(plain_arms)].copy()
        if e.empty:
            continue
        row = Row(metric=m, role=role, label=tr.label(m), base_mean=float(e.base_mean.iloc[0]))
        e["score"] = M.better(m) * e["diff"]
        e["cost"] = [float(cost_by_arm.loc[a, "extra_hours_week_per_1k"]) if not cost_by_arm.empty and a in cost_by_arm.index
                     else math.nan for a in e.arm]
        e["_o"] = [arms_o.index(a) for a in e.arm]
        # best: largest oriented effect; an exact tie goes to the cheaper arm, then to file order
        e = e.sort_values(["score", "cost", "_o"], ascending=[False, True, True], na_position="last")
        top = e.iloc[0]
        row.best, row.diff, row.lo, row.hi = top.arm, float(top["diff"]), float(top["lo"]), float(top["hi"])
        row.arm_mean = float(top.arm_mean)
        row.verdict = str(top.get("verdict", ""))
        row.best_desc = i18n.arm_description(top.arm, _doc(meta, top.arm), base, tr.lang)
        rest = e[(e.arm != top.arm) & (e.get("verdict", pd.Series(dtype=object)) == G.IMPROVES)]
        if not rest.empty:
            row.next_arm, row.next_diff = rest.iloc[0].arm, float(rest.iloc[0]["diff"])
        if pbest is not None and m in pbest.columns and top.arm in pbest.index:
            row.p_best = float(pbest.loc[top.arm, m])
        row.cost_h = float(top.cost)
        pop = population(meta, top.arm)
        count = _count_effect(role, m, top.arm, base, row.diff, pop, ft_mean)
        extra_total = (float(cost_by_arm.loc[top.arm, "extra_hours_week"])
                       if not cost_by_arm.empty and top.arm in cost_by_arm.index else math.nan)
        if np.isfinite(count) and np.isfinite(row.cost_h) and row.cost_h >= NO_COST_H and extra_total > 0:
            row.per_1000h = count / extra_total * 1000
            row.per_1000h_unit = role
        # warnings: assumed parameters behind the effect, drift at the horizon
        if row.verdict == G.IMPROVES:
            assumed = C.assumed_in_arm(_doc(meta, top.arm), base_doc)
            if assumed:
                row.warnings.append(("assumed", assumed))
        if not drift.empty:
            drifting = []  # one warning for the best arm and the baseline together (first screen)
            for a in dict.fromkeys((top.arm, base)):
                d = drift[(drift.arm == a) & (drift.metric == m) & drift.flag]
                if not d.empty:
                    drifting.append((a, float(d.drift.iloc[0]), float(d.margin.iloc[0])))
            if drifting:
                row.warnings.append(("drift", drifting))
        _render(row, tr, alpha)
        rows.append(row)
    table = pd.DataFrame([{
        "metric": r.metric, "outcome": r.label, "base_mean": r.base_mean, "best_arm": r.best,
        "best_arm_is": r.best_desc, "arm_mean": r.arm_mean, "diff": r.diff, "lo": r.lo, "hi": r.hi,
        "verdict": r.verdict, "next_arm": r.next_arm, "next_diff": r.next_diff, "p_best": r.p_best,
        "extra_hours_week_per_1k": r.cost_h, "effect_per_1000h": r.per_1000h,
        "effect_per_1000h_unit": r.per_1000h_unit,
        "warnings": " | ".join(_warning_text(w, tr) for w in r.warnings),
    } for r in rows])
    return rows, table, costs


def _scaled(role, x):
    return x * PLAIN.get(role, {}).get("scale", 1)


def _render(row: Row, tr: i18n.Tr, alpha: float) -> None:
    role = row.role
    p = PLAIN.get(role)
    unit_in, unit_short = LEVEL_UNIT.get(p["scale"] if p else 1, ("", ""))
    lv = f"{num(_scaled(role, row.base_mean))} → {num(_scaled(role, row.arm_mean))}"
    lv += (" /100" if tr.zh else f" {unit_in}") if unit_in else ""
    m = G.margin(row.metric)
    m_txt = num(_scaled(role, m)) if np.isfinite(m) else ""
    t = {}
    arm = html.escape(row.best or "")
    desc = html.escape(row.best_desc)
    nxt = (f"{tr.sep}{tr('next')}{tr.colon}{html.escape(row.next_arm)} {signed(_scaled(role, row.next_diff))}"
           if row.next_arm else "")
    if row.verdict == G.IMPROVES and p is not None:
        t["effect"] = (f"<b>{arm}</b> <span class=armdesc>{desc}</span>{tr.colon}{html.escape(phrase(row, tr))} "
                       f"<span class=lv>({lv}{nxt})</span>")
    elif row.verdict == G.IMPROVES:
        t["effect"] = f"<b>{arm}</b> <span class=armdesc>{desc}</span>{tr.colon}{signed(row.diff)} ({lv}{nxt})"
    else:
        t["effect"] = html.escape(tr("No countermeasure improves it by more than ±{m}", m=m_txt)
                                  if m_txt and row.verdict == G.NEGLIGIBLE else tr("No countermeasure improves it clearly"))
        t["effect"] += f" <span class=lv>({tr('largest')}{tr.colon}{arm} {signed(_scaled(role, row.diff))})</span>"
    sure = tr("95% interval {lo} to {hi}", lo=signed(_scaled(role, row.lo)), hi=signed(_scaled(role, row.hi)))
    word = {G.IMPROVES: tr("clear"), G.WORSENS: tr("clear"), G.NEGLIGIBLE: tr("negligible"),
            G.UNCLEAR: tr("unclear"), G.CHANGES: tr("clear")}.get(row.verdict, "")
    if np.isfinite(row.p_best):
        # "over the plausible parameter sets" is said once, in the lede: the cell stays two
        # lines, so that the first screen holds the whole table (analysis/browser.py)
        t["sure"] = f"<b>{tr('P(best) {p}', p=f'{row.p_best:.2f}')}</b><br>{sure}"
    else:
        t["sure"] = f"{sure}{tr.comma if tr.zh else ', '}<b>{word}</b>"
    if row.verdict != G.IMPROVES:
        t["cost"] = "—"
    elif np.isfinite(row.cost_h):
        t["cost"] = tr("none") if abs(row.cost_h) < NO_COST_H else signed(row.cost_h)
    else:
        t["cost"] = tr("not in the file")
    if row.verdict != G.IMPROVES:
        t["per"] = "—"
    elif np.isfinite(row.per_1000h):
        up = row.per_1000h > 0
        en1, en2, zh1, zh2 = COUNT_UNITS[row.per_1000h_unit]
        x = num(abs(row.per_1000h))
        t["per"] = ((zh1 if up else zh2) if tr.zh else (en1 if up else en2)).format(x=x)
    elif np.isfinite(row.cost_h) and row.cost_h < NO_COST_H:
        t["per"] = tr("no extra hours")
    else:
        t["per"] = "—"
    t["warn"] = "<br>".join("⚠ " + html.escape(_warning_text(w, tr)) for w in row.warnings)
    row.text = t


def phrase(row: Row, tr: i18n.Tr) -> str:
    """'about 75 more residents in 100 volunteer in a month' for a row's effect."""
    p = PLAIN[row.role]
    size = abs(_scaled(row.role, row.diff))
    return (p["zh"] if tr.zh else p["en"])[0 if row.diff > 0 else 1].format(x=num(size))


def _warning_text(w, tr: i18n.Tr) -> str:
    kind, v = w
    if kind == "assumed":
        names = tr.comma.join(v[:3]) + (" …" if len(v) > 3 else "")
        return tr("{n} assumed values ({names})", n=len(v), names=names)
    if kind == "drift":
        m = v[0][2]
        scale = 100 if abs(m) < 1 else 1
        arms = tr.comma.join(f"{arm} {signed(d * scale)}" for arm, d, _ in v)
        return tr("depends on the horizon: drifts {arms} a year (> ±{m})", arms=arms, m=num(m * scale))
    return str(v)


def html_block(rows: list[Row], costs: pd.DataFrame, meta: dict, base: str, arms_o: list[str],
               tr: i18n.Tr, has_pbest: bool, alpha: float = 0.05, robust: dict | None = None) -> str:
    """The summary section (id="summary"): one lede sentence, the table, the cost line.
    robust: the attributes of /robust (a `compare --posterior` file): the lede then says how many
    plausible parameter sets and replicates per set the figures pool, instead of a replicate
    count at the assumed values."""
    if not rows:
        return ""
    reps = meta.get("replicates_by_arm") or {}
    nrep = min(reps.values()) if reps else 0
    pop = population(meta, base)
    groups = meta.get("groups") or 0
    steps = meta.get("steps") or 0
    if np.isfinite(pop) and groups:
        where = tr("{g} communities, {n} residents", g=groups, n=f"{int(pop):,}")
    else:
        where = tr("{g} communities", g=groups)
    what = html.escape(i18n.BASELINE_NAME[1 if tr.zh else 0])
    if robust and robust.get("draws"):
        lede = tr("{k} arms against {base} ({what}) in {where} over {w} weeks, on {d} plausible parameter "
                  "sets drawn from the calibration, {r} replicates each (common random numbers); outcomes "
                  "are the mean of the final window, effects pooled over the sets. Model results: read the "
                  "warnings and the caveats.", k=len(arms_o) - 1, base=html.escape(base), what=what,
                  where=where, w=steps, d=int(robust["draws"]), r=int(robust.get("replicates_per_draw") or 0))
    else:
        lede = tr("{k} arms against {base} ({what}) in {where} over {w} weeks, {r} replicates each; "
                  "outcomes are the mean of the final window. Model results at the assumed parameter "
                  "values: read the warnings and the caveats.", k=len(arms_o) - 1, base=html.escape(base),
                  what=what, where=where, w=steps, r=nrep)
    head = (f"<tr><th>{tr('Outcome')}</th><th>{tr('Best countermeasure and its effect')}</th>"
            f"<th>{tr('How sure')}</th><th>{tr('Extra hours a week per 1,000 residents')}</th>"
            f"<th>{tr('Effect per 1,000 extra hours a week')}</th><th>{tr('Warnings')}</th></tr>")
    body = []
    by_role = {r.role: r for r in rows}
    for r in rows:
        main = by_role.get(M.COMPANIONS.get(r.role, ""))
        if main is not None and main.best == r.best and r.verdict == main.verdict == G.IMPROVES:
            continue              # shown inside its main outcome's row, below
        t = dict(r.text)
        for c in rows:
            if (M.COMPANIONS.get(c.role) == r.role and c.best == r.best
                    and c.verdict == r.verdict == G.IMPROVES):
                t["effect"] += (f"<br><span class=comp>{html.escape(phrase(c, tr))} <span class=lv>("
                                f"{num(_scaled(c.role, c.base_mean))} → {num(_scaled(c.role, c.arm_mean))})"
                                "</span></span>")
        body.append(f"<tr><td>{html.escape(r.label)}</td><td>{t['effect']}</td><td>{t['sure']}</td>"
                    f"<td class=num>{t['cost']}</td><td>{t['per']}</td><td class=w>{t['warn']}</td></tr>")
    foot = []
    if not costs.empty and costs.extra_hours_week_per_1k.notna().any():
        b = costs[costs.arm == base]
        bh = num(float(b.hours_week_per_1k.iloc[0])) if not b.empty else "—"
        plain = [f"{html.escape(a)} {_cost_txt(x, tr)}" for a, x, cm in
                 zip(costs.arm, costs.extra_hours_week_per_1k, costs.cost_matched) if a != base and not cm]
        cms = [f"{html.escape(a)} {_cost_txt(x, tr)}" for a, x, cm in
               zip(costs.arm, costs.extra_hours_week_per_1k, costs.cost_matched) if a != base and cm]
        line = tr("Extra hours a week per 1,000 residents against {base} ({h} h)", base=html.escape(base), h=bh)
        line += tr.colon + " · ".join(plain)
        if cms:
            line += tr.sep + tr("cost-matched arms, design only") + tr.colon + " · ".join(cms)
        foot.append(f"<p class=costs>{line}{tr.stop}</p>")
    if not has_pbest:
        foot.append(f"<p class=note>{tr('How sure: the 95% interval of the paired difference over replicates, at the assumed parameter values; clear = the interval lies beyond the margin m, negligible = it does not.')} "
                    f"{tr('The probability that an arm is the best over every plausible parameter set comes with a robust comparison (govsim compare --posterior).')}</p>")
    title = tr("In short: which countermeasure, how sure, at what cost")
    return (f'<section id="summary" class="summary"><h2>{title}</h2><p class=lede>{lede}</p>'
            '<table class="sum"><colgroup><col style="width:14%"><col style="width:37%"><col style="width:12%">'
            '<col style="width:10%"><col style="width:11%"><col style="width:16%"></colgroup>'
            f'<thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'
            + "".join(foot) + "</section>")


def _cost_txt(x, tr):
    if not np.isfinite(x):
        return "—"
    return "0" if abs(x) < NO_COST_H else signed(x)
