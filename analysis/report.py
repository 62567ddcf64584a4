"""`python3 -m analysis report results.h5 -o report/ [--lang zh]`: one HTML page with figures
and CSV tables.

Layout of the output folder:
  index.html          the page (figures referenced relatively, or embedded with --embed)
  figures/*.png       every figure
  tables/*.csv        every number a figure or table on the page shows, one CSV per table
  tables.csv          index of the CSV files (table, file, figure, rows, description)

The page opens with a summary for a policy reader (analysis/summary.py: which countermeasure,
how sure, at what cost), then the findings, the provenance and the detailed sections
(analysis/sections.py). It is driven by the file's contents: metric names are matched to the
roles of analysis/metrics.py, and whatever a figure needs but the file lacks is listed on the
page under "Not in this file". Every sentence goes through analysis/i18n.py (`--lang`).
"""
from __future__ import annotations

import base64
import glob
import html
import math
import os
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import caveats as C
from . import compute as K
from . import figures as F
from . import i18n
from . import load as L
from . import margins as G
from . import metrics as M
from . import stats as S
from . import summary as SUM


@dataclass
class Section:
    id: str
    title: str
    parts: list = field(default_factory=list)


@dataclass
class Table:
    name: str
    df: pd.DataFrame
    description: str
    figure: str = ""


class Report:
    def __init__(self, outdir: str, embed: bool, tr: i18n.Tr):
        self.outdir = outdir
        self.embed = embed
        self.tr = tr
        self.sections: list[Section] = []
        self.tables: list[Table] = []
        self.figures: list[str] = []
        self.absent: list[str] = []
        self.notes: list[str] = []

    def section(self, id_, title) -> Section:
        s = Section(id_, title)
        self.sections.append(s)
        return s

    def fig_path(self, name):
        return os.path.join(self.outdir, "figures", name + ".png")

    def add_figure(self, sec: Section, path: str, caption: str, tables: list[str]):
        if not F.file_ok(path):
            raise RuntimeError(f"figure {path} was not written")
        rel = os.path.relpath(path, self.outdir)
        self.figures.append(rel)
        if self.embed:
            with open(path, "rb") as fh:
                src = "data:image/png;base64," + base64.b64encode(fh.read()).decode("ascii")
        else:
            src = rel
        links = ", ".join(f'<a href="tables/{html.escape(t)}.csv">{html.escape(t)}.csv</a>' for t in tables)
        alt = re.sub(r"<[^>]+>", "", caption)
        sec.parts.append(
            f'<figure><img src="{html.escape(src)}" alt="{html.escape(alt)}">'
            f"<figcaption>{caption}"
            + (f" <span class=data>{self.tr('Data')}{self.tr.colon}{links}</span>" if links else "")
            + "</figcaption></figure>")

    def add_table(self, name, df, description, figure=""):
        self.tables.append(Table(name, df, description, figure))
        return name


# ---------------------------------------------------------------------------------------------
# HTML helpers

def _fmt(v, tr=None, digits=4):
    if isinstance(v, (float, np.floating)):
        if not math.isfinite(v):
            return "—" if math.isnan(v) else ("∞" if v > 0 else "−∞")
        if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e5):
            return f"{v:.{digits - 1}e}"
        return f"{v:.{digits}g}"
    if isinstance(v, (bool, np.bool_)):
        yes = "yes" if v else "no"
        return tr(yes) if tr else yes
    if isinstance(v, (np.integer,)):
        return str(int(v))
    if v is None:
        return "—"
    return html.escape(str(v))


def html_table(df: pd.DataFrame, tr: i18n.Tr, cls="tab", index=False, max_rows=400) -> str:
    """A table; column headers are translated through i18n_zh.COLUMNS in Chinese (names that
    are data, such as arm names, stay as they are)."""
    if df is None or df.empty:
        return f"<p><em>({tr('empty')})</em></p>"
    d = df.head(max_rows)
    cols = ([d.index.name or ""] if index else []) + list(d.columns)
    head = "".join(f"<th>{html.escape(column(c, tr))}</th>" for c in cols)
    body = []
    for idx, row in d.iterrows():
        cells = [f"<td>{_fmt(idx, tr)}</td>"] if index else []
        cells += [f"<td>{_fmt(v, tr)}</td>" for v in row.to_numpy()]
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = (f"<p><em>{tr('{n} more rows in the CSV file.', n=len(df) - max_rows)}</em></p>"
            if len(df) > max_rows else "")
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{more}'


def column(name, tr: i18n.Tr) -> str:
    if not tr.zh:
        return str(name)
    from .i18n_zh import COLUMNS
    return COLUMNS.get(str(name), str(name))


def _es(kind, v):
    """'d_z = 5.6', 'd_z > 100' (differences nearly constant over replicates), ..."""
    if not np.isfinite(v):
        return f"{kind} undefined" if np.isnan(v) else f"{kind} = {'+∞' if v > 0 else '−∞'}"
    return f"{kind} = {v:.2g}" if abs(v) < 100 else (f"{kind} > 100" if v > 0 else f"{kind} < −100")


def _ci(r, dcol="diff", digits=3):
    return f"{r[dcol]:+.{digits}g} [{r['lo']:+.{digits}g}, {r['hi']:+.{digits}g}]"


# Units whose values are shares or means on [0, 1]: their changes are shown in points of 100,
# never as a percentage of the baseline (a share near 0 would give "+13179%").
SHARE_UNITS = {"share", "0-1", "ratio"}


def is_share(metric: str) -> bool:
    """A share or a mean on [0, 1] (its changes are given in points of 100)."""
    role = M.role_of(metric)
    return (M.ROLES[role].unit in SHARE_UNITS) if role else M.subgroup_of(metric) is not None


def _pts(x):
    v = 100 * x
    return f"{v:+.2g}" if abs(v) < 10 else f"{v:+.0f}"


def effect_text(r, tr: i18n.Tr) -> str:
    """'+2.8 points of 100 [+2.2, +3.4]' for a share (never a percentage of a baseline that may be
    near 0); '-36.4 [-39.6, -33.2], -100% relative to the baseline' for another outcome (the
    relative change only when the baseline is not near 0: |change| <= 500%)."""
    if is_share(r.metric):
        return tr("{x} points of 100", x=_pts(r["diff"])) + f" [{_pts(r['lo'])}, {_pts(r['hi'])}]"
    txt = _ci(r)
    rel = r["rel_diff"]
    if np.isfinite(rel) and abs(rel) <= 5:
        txt += tr.comma + tr("{x} relative to the baseline", x=f"{rel:+.0%}")
    return txt


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:0 auto;max-width:1320px;padding:0 1em 3em;color:#222;line-height:1.4}
h1{font-size:1.35em;margin:.5em 0 .1em} h2{border-bottom:1px solid #ccc;padding-bottom:.15em;margin-top:1.6em;font-size:1.3em} h3{margin-bottom:.3em}
figure{margin:1em 0} img{max-width:100%;height:auto;border:1px solid #eee} figcaption{font-size:.9em;color:#444;max-width:60em}
.data{color:#666;font-size:.92em} table.tab{border-collapse:collapse;font-size:.85em;margin:.5em 0}
table.tab td,table.tab th{border:1px solid #ddd;padding:2px 6px;text-align:right} table.tab th{background:#f3f3f3}
table.tab td:first-child,table.tab th:first-child{text-align:left}
pre{background:#f7f7f7;padding:.6em;overflow:auto;font-size:.82em;max-height:40em}
.warn{background:#fff4e0;border-left:4px solid #e8a33d;padding:.5em .8em} .caveat{background:#f4f0ff;border-left:4px solid #7b61c9;padding:.5em .8em}
nav{font-size:.82em;color:#555} nav a{margin-right:.7em} details{margin:.4em 0} code{background:#f3f3f3;padding:0 .2em}
section.summary{background:#f5f9ff;border:1px solid #c9d8ef;padding:.1em .8em .4em;margin:.5em 0 1em}
section.summary h2{margin:.35em 0 .2em;border:0;font-size:1.15em} .lede{margin:.1em 0 .35em;font-size:.86em;color:#333}
table.sum{border-collapse:collapse;font-size:.78em;width:100%;line-height:1.25}
table.sum th{background:#e3ecf8;text-align:left;padding:2px 5px;font-weight:600}
table.sum td{border-top:1px solid #d5e0ef;padding:2px 5px;vertical-align:top} table.sum td.num{text-align:right;white-space:nowrap}
table.sum td.w{color:#8a4b00;font-size:.95em} .armdesc{color:#555} .lv,.next{color:#555}
p.costs,p.note{font-size:.78em;margin:.3em 0;color:#333} p.note{color:#666}
"""


# ---------------------------------------------------------------------------------------------

def _tables_dir(outdir):
    return os.path.join(outdir, "tables")


def _prepare_outdir(outdir):
    os.makedirs(os.path.join(outdir, "figures"), exist_ok=True)
    os.makedirs(_tables_dir(outdir), exist_ok=True)
    # remove what an earlier report left in our own subfolders (stale figures/tables)
    for p in glob.glob(os.path.join(outdir, "figures", "*.png")) + glob.glob(os.path.join(_tables_dir(outdir), "*.csv")):
        os.remove(p)


def slug(s):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", s).strip("_") or "x"


def build(path, outdir, metrics=None, baseline=None, embed=False, alpha=0.05, sweep_link=None,
          lang="en", log=print) -> dict:
    """Writes the report; returns a summary dict (figures, tables, absent, notes, missing:
    sentences without a translation)."""
    from . import sections as X
    path = os.fspath(path)
    tr = i18n.Tr(lang)
    F.use_language(tr)
    meta = L.require(path, metrics, baseline)
    G.use_file(path)  # the model's margins, as govsim wrote them (/summary/materiality)
    final_names = meta["finals"]
    arms = meta["arms"]
    kind = meta.get("kind", "run")
    base = None if kind == "sweep" else (baseline or M.choose_baseline(arms))
    arms_o = M.order_arms(arms, base)
    style = F.ArmStyle(arms_o, base)
    _prepare_outdir(outdir)
    R = Report(outdir, embed, tr)
    xlabel = tr("week") if meta.get("model") == "governance" else tr("step")

    if not meta["complete"]:
        R.notes.append(tr("This is a partial results file (complete = false): an interrupted job; "
                          "some arms or replicates may be missing."))

    plain_finals = [n for n in final_names if not G.is_drift(n)]
    headline = [m for m in (metrics or []) if m in final_names] or M.headline_present(plain_finals)
    missing_headline = [r for r in M.HEADLINE if M.find(plain_finals, r) is None]
    if not metrics and missing_headline and final_names:
        R.absent.append(tr("headline final values {names} (analysis/metrics.py HEADLINE); the comparison "
                           "uses every final value found", names=", ".join(missing_headline)))
    if not headline:
        headline = list(plain_finals) or list(final_names)

    # ------------------------------------------------------------------ time series
    sec_ts = R.section("timeseries", tr("Time series"))
    if kind == "sweep":
        sec_ts.parts.append("<p>" + tr("Sweep: the per-point series are not drawn (see the responses below); "
                                       "they are in the file (load.series).") + "</p>")
    elif len(arms) > X.MAX_TIMESERIES_ARMS:
        sec_ts.parts.append("<p>" + tr("{n} arms/points: too many for readable bands; the series are in the "
                                       "file (load.series).", n=len(arms)) + "</p>")
    elif not meta["series"]:
        R.absent.append(tr("per-step series (no /runs/*/*/series)"))
    else:
        X.timeseries_section(R, sec_ts, path, meta, metrics, arms_o, style, xlabel, alpha)

    # ------------------------------------------------------------------ finals, comparison
    fin = L.finals(path)
    ft = K.finals_table(fin, alpha)
    sec_fin = R.section("finals", tr("Final values"))
    if ft.empty:
        R.absent.append(tr("final values (no /runs/*/*/final)"))
    else:
        ft["label"] = ft.metric.map(M.label)
        R.add_table("final_values", ft, tr("Mean of each final value over replicates with a 95% t-interval (NaN dropped)"))
        X.check_stored_final(R, path, meta, ft)
        wide = ft.assign(cell=[f"{m:.4g} [{l:.4g}, {h:.4g}]" if n >= 2 else (f"{m:.4g}" if n else "—")
                               for m, l, h, n in zip(ft["mean"], ft["lo"], ft["hi"], ft["n"])])
        wide = wide.pivot(index="metric", columns="arm", values="cell").reindex(columns=[a for a in arms_o if a in set(ft.arm)])
        order = headline + [m for m in final_names if m not in headline]
        wide = wide.reindex([m for m in order if m in wide.index])
        wide.index = [f"{tr.label(m)} ({m})" if tr.label(m) != m else m for m in wide.index]
        wide.index.name = tr("final value")
        sec_fin.parts.append("<p>" + tr("Mean over replicates [95% t-interval].") + " " + tr("Data") + tr.colon
                             + '<a href="tables/final_values.csv">final_values.csv</a></p>'
                             + html_table(wide, tr, index=True))

    eff = pd.DataFrame()
    drift = pd.DataFrame()
    if base is not None and not fin.empty:
        drift = K.drift_table(fin, headline, alpha)
        eff = X.comparison_section(R, path, meta, fin[~fin.metric.map(G.is_drift)], ft, base, arms_o,
                                   style, headline, alpha, drift)

    # ------------------------------------------------------------------ distributions, sweeps
    if kind != "sweep":
        X.distribution_section(R, path, meta, fin, ft, arms_o, style, alpha)
    if kind == "sweep":
        X.sweep_section(R, path, meta, fin, headline, alpha)

    # ------------------------------------------------------------------ robust comparison, statistics, caveats
    pbest = L.p_best(path) if "p_best" in meta["summary_tables"] else None
    robust_attrs = X.robust_section(R, meta, pbest, headline, arms_o)
    _stats_section(R, meta, eff, base, alpha)
    _caveat_section(R, meta, sweep_link, base, arms_o)

    # ------------------------------------------------------------------ summary (first screen)
    summary_html = ""
    if base is not None and not eff.empty:
        rows, stab, costs = SUM.build(meta, eff, ft, drift, base, arms_o, headline, tr, pbest, alpha)
        if not stab.empty:
            R.add_table("summary", stab, tr("The summary: per headline outcome the best arm, its effect, "
                                            "interval, verdict, extra hours and effect per 1,000 hours"))
        if not costs.empty:
            R.add_table("costs", costs, tr("Hours a week of every arm (cost ledger, whole population), per "
                                           "1,000 residents, and the extra hours against the baseline"))
        summary_html = SUM.html_block(rows, costs, meta, base, arms_o, tr, pbest is not None, alpha,
                                      robust_attrs)

    # ------------------------------------------------------------------ write
    for t in R.tables:
        # 12 significant digits: exact enough to recompute and compare, a third smaller than repr
        t.df.to_csv(os.path.join(_tables_dir(outdir), t.name + ".csv"), index=False, float_format="%.12g")
    idx = pd.DataFrame([{"table": t.name, "file": f"tables/{t.name}.csv", "figure": t.figure,
                         "rows": len(t.df), "description": t.description} for t in R.tables])
    idx.to_csv(os.path.join(outdir, "tables.csv"), index=False)
    page = _page(R, meta, base, eff, headline, alpha, summary_html)
    with open(os.path.join(outdir, "index.html"), "w", encoding="utf-8") as fh:
        fh.write(page)
    return {"index": os.path.join(outdir, "index.html"), "figures": R.figures,
            "tables": [t.name for t in R.tables], "absent": R.absent, "notes": R.notes,
            "missing": sorted(tr.missing | F.missing_translations())}


# ---------------------------------------------------------------------------------------------

def _stats_section(R, meta, eff, base, alpha):
    tr = R.tr
    sec = R.section("statistics", tr("Statistics and precision"))
    reps = meta["replicates_by_arm"]
    nmin = min(reps.values()) if reps else 0
    nrange = f"{nmin}" + (f"–{max(reps.values())}" if reps and max(reps.values()) != nmin else "")
    parts = ["<p>" + tr("Replicates per arm: {n}.", n=nrange) + " "
             + tr("Intervals are two-sided {level}% Student-t intervals over replicates; NaN final values "
                  "(undefined ratios) are dropped, pairwise for paired statistics, and n counts the values "
                  "used. Effect sizes: Cohen's d_z (mean difference / sd of differences) for paired "
                  "comparisons, Hedges' g for independent ones. p-values are Holm-adjusted within a family "
                  "of comparisons: every arm × headline outcome (the findings, stars and ranking), and every "
                  "arm × other final value; the effects CSV also has p_holm over all comparisons at once.",
                  level=f"{100 * (1 - alpha):.0f}") + "</p>"]
    margins = ", ".join(f"{k} {v:g}" for k, v in G.MATERIALITY.items())
    if G.MATERIALITY:
        parts.append("<p>" + tr("Materiality (model spec 6.1): an effect counts as an improvement or a worsening "
                                "only when it is significant and its 95% interval excludes ±m; otherwise it is "
                                "negligible (or unclear when the interval is wide). Margins m: {m}.", m=margins)
                     + "</p>")
    else:
        parts.append("<p>" + tr("The results file has no materiality margins (/summary/materiality, written by "
                                "govsim for a model that has them): every significant effect counts.") + "</p>")
    if nmin < S.MIN_N:
        parts.append('<p class="warn">' + tr("Only {n} replicate(s) per arm: intervals rest on few values and "
                                             "say little; use at least {k} (better 20, as in spec 4.12).",
                                             n=nmin, k=S.MIN_N) + "</p>")
    if not eff.empty:
        hl = eff[eff.metric.isin(M.headline_present(eff.metric.unique()) or eff.metric.unique())]
        bad = hl[~hl.precise.astype(bool)]
        R.add_table("precision", eff[["arm", "metric", "diff", "half", "sd", "n", "precise", "n_needed", "note"]],
                    tr("Precision of each effect: is the half-width at most {f} of |effect| with n >= {k}? "
                       "n_needed = replicates that would make it so (observed sd)",
                       f=f"{S.PRECISION_FRACTION:.0%}", k=S.MIN_N))
        if bad.empty:
            parts.append("<p>" + tr("Every headline effect's interval is narrower than {f} of the effect: the "
                                    "replicate count suffices for these comparisons.",
                                    f=f"{S.PRECISION_FRACTION:.0%}") + "</p>")
        else:
            finite = bad[np.isfinite(bad.n_needed.astype(float))]
            worst = ""
            if not finite.empty:
                r = finite.sort_values("n_needed").iloc[len(finite) // 2]
                worst = " " + tr("Median over those with a resolvable effect: about n = {n} replicates (e.g. "
                                 "{arm} on {metric}).", n=int(r.n_needed), arm=html.escape(r.arm),
                                 metric=html.escape(tr.short(r.metric)))
            parts.append('<p class="warn">' + tr("{k} of {n} headline effects are imprecise: the 95% half-width "
                                                 "exceeds {f} of the effect (or n < {m}).", k=len(bad), n=len(hl),
                                                 f=f"{S.PRECISION_FRACTION:.0%}", m=S.MIN_N).replace("<", "&lt;")
                         + worst + " " + tr("Effects near zero cannot be made precise relative to themselves; "
                                            "read them as 'no effect larger than the interval'.") + " "
                         + tr("Details") + tr.colon + '<a href="tables/precision.csv">precision.csv</a>.</p>')
            show = bad[["arm", "metric", "diff", "half", "n", "n_needed"]].head(30)
            parts.append("<details><summary>" + tr("Imprecise headline effects") + "</summary>"
                         + html_table(show, tr) + "</details>")
    for n in R.notes:
        parts.append(f"<p>{html.escape(n)}</p>")
    sec.parts.extend(parts)


def _caveat_section(R, meta, sweep_link, base, arms_o):
    tr = R.tr
    sec = R.section("caveats", tr("Caveats: assumptions behind these results"))
    items = "".join(f"<li>{html.escape(tr(g))}</li>" for g in C.GENERAL)
    parts = [f'<div class="caveat"><ul>{items}</ul>']
    diffs = C.arm_differences(meta["arm_yaml"], base) if meta.get("kind") == "compare" and base else None
    if diffs:
        order = {a: i for i, a in enumerate(arms_o)}
        d = pd.DataFrame(diffs)
        d = d.iloc[np.argsort([order.get(a, len(order)) for a in d.arm], kind="stable")].reset_index(drop=True)
        R.add_table("arm_differences", d, tr("How each arm differs from {base}: countermeasures and changed "
                                             "parameters (with their basis tag)", base=base))
        shown = d.copy()
        if tr.zh:
            docs = {a: C._load_yaml(meta["arm_yaml"].get(a, "")) for a in shown.arm}
            shown["countermeasures"] = [i18n.arm_description(a, docs[a], base, "zh") or "—" for a in shown.arm]
        parts.append("<p>" + tr("What the arms change relative to {base} (the countermeasures' targets are "
                                "assumptions, and so are most parameters they move):", base=html.escape(base))
                     + "</p>" + html_table(shown, tr))
    parts.append("<p>" + tr("A ranking of the arms holds for the assumed values (listed below); it can change "
                            "with them.") + "</p>")
    if meta.get("kind") == "sweep":
        parts.append('<p>' + tr("This file is a sweep: see the responses and sensitivity for how the outcomes "
                                "move with the swept parameters.") + ' <a href="#sweep">→</a></p>')
    elif sweep_link:
        parts.append(f'<p>{tr("Sensitivity of these results")}{tr.colon}<a href="{html.escape(sweep_link)}">'
                     f"{html.escape(sweep_link)}</a>.</p>")
    else:
        parts.append("<p>" + tr("No sensitivity analysis is linked to this report: run a sweep over the [A] "
                                "parameters (govsim sweep) and pass --sweep-report to link it.") + "</p>")
    parts.append("</div>")
    rows = ([{"parameter": k, "basis": "[A]", "note": v} for k, v in C.ASSUMED.items()]
            + [{"parameter": k, "basis": "cal", "note": v} for k, v in C.CALIBRATED.items()]
            + [{"parameter": k, "basis": "literature", "note": v} for k, v in C.LITERATURE.items()])
    tab = pd.DataFrame(rows)
    R.add_table("assumptions", tab, tr("Parameters that are assumptions [A], calibrated (cal) or taken from the "
                                       "literature, per model spec 4.7 (analysis/caveats.py)"))
    shown = tab.copy()
    if tr.zh:
        from .i18n_zh import NOTES, BASIS
        shown["note"] = [NOTES.get(v, v) for v in shown.note]
        shown["basis"] = [BASIS.get(v, v) for v in shown.basis]
    parts.append("<details><summary>" + tr("All assumed and calibrated parameters ({n})", n=len(tab))
                 + "</summary>" + html_table(shown, tr) + "</details>")
    sec.parts.extend(parts)


VERDICT_WORDS = {G.IMPROVES: "improves", G.WORSENS: "worsens", G.CHANGES: "changes",
                 G.NEGLIGIBLE: "negligible", G.UNCLEAR: "unclear"}


def _findings(tr, eff, base, headline, alpha):
    """Per arm: the headline outcomes it improves or worsens materially, and those where its
    effect is significant but negligible (inside ±m)."""
    if eff.empty:
        return ""
    lines = []
    for arm in dict.fromkeys(eff.arm):
        e = eff[(eff.arm == arm) & eff.metric.isin(headline)].copy()
        e["_o"] = e.metric.map({m: i for i, m in enumerate(headline)})
        e = e.sort_values("_o")
        good, bad, neutral, small = [], [], [], []
        for _, r in e.iterrows():
            sig = np.isfinite(r.p_holm_family) and r.p_holm_family < alpha
            if not sig:
                continue
            txt = (f"{html.escape(tr.short(r.metric))} {effect_text(r, tr)} "
                   f"({_es(r['effect_size_kind'], r['effect_size'])})")
            v = r.get("verdict", "")
            {G.IMPROVES: good, G.WORSENS: bad, G.CHANGES: neutral}.get(v, small).append(txt)
        if not (good or bad or neutral or small):
            lines.append(f"<li><b>{html.escape(arm)}</b>{tr.colon}"
                         + tr("no headline outcome differs from {base} after Holm's correction.", base=html.escape(base))
                         + "</li>")
            continue
        parts = []
        for words, key in ((good, "improves"), (bad, "worsens"), (neutral, "changes")):
            if words:
                parts.append(tr(key) + " " + tr.sep.join(words))
        if small:
            parts.append(tr("negligible (inside ±m although significant)") + tr.colon
                         + tr.sep.join(small))
        lines.append(f"<li><b>{html.escape(arm)}</b>{tr.colon}" + (tr.stop + ("" if tr.zh else " ")).join(parts) + tr.stop + "</li>")
    return ("<h2 id=findings>" + tr("Findings") + "</h2><p>"
            + tr("Headline outcomes that differ from {base} (difference [95% CI], for shares in points of 100; "
                 "effect size; significant after Holm's correction over every arm × headline outcome; "
                 "improves/worsens only when the interval excludes the materiality margin ±m):",
                 base=html.escape(base))
            + "</p><ul>" + "".join(lines) + "</ul>")


def _page(R: Report, meta, base, eff, headline, alpha, summary_html="") -> str:
    tr = R.tr
    title = tr("govsim report: {name} ({kind})", name=meta.get("name", ""), kind=tr(meta.get("kind", "")))
    prov = meta.get("provenance", {})
    rows = [(tr("file"), os.path.basename(meta["path"])), (tr("kind"), tr(meta.get("kind", ""))),
            (tr("name"), meta.get("name")), (tr("model"), meta.get("model")),
            (tr("govsim version"), meta.get("govsim_version")), (tr("seed"), meta.get("seed")),
            (tr("replicates"), meta.get("replicates")),
            (tr("arms") if meta.get("kind") != "sweep" else tr("points"),
             f"{len(meta['arms'])}: " + ", ".join(meta["arms"][:30]) + (" …" if len(meta["arms"]) > 30 else "")),
            (tr("baseline"), base or "—"), (tr("steps"), meta.get("steps")), (tr("communities"), meta.get("groups")),
            (tr("common random numbers"), tr("yes (paired comparisons)") if meta.get("paired") else tr("no")),
            (tr("complete"), tr("yes") if meta["complete"] else tr("NO (partial file)")),
            (tr("created"), meta.get("created"))]
    # threads 0 = "all cores" (files written before govsim recorded the count it used)
    rows += [(f"{tr('provenance')}: {k}", tr("0 (all cores)") if k == "threads" and str(v) == "0" else v)
             for k, v in prov.items()]
    info = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    yaml_blocks = (f"<details><summary>{tr('Resolved {kind} file (YAML)', kind=tr(meta.get('kind', '')))}</summary>"
                   f"<pre>{html.escape(meta.get('scenario_yaml', '') or '')}</pre></details>")
    if meta["arm_yaml"] and len(meta["arm_yaml"]) <= 40:
        for arm, y in meta["arm_yaml"].items():
            if y:
                yaml_blocks += (f"<details><summary>{tr('Arm {arm}: resolved scenario', arm=html.escape(arm))}"
                                f"</summary><pre>{html.escape(y)}</pre></details>")
    links = ([("summary", tr("Summary"))] if summary_html else []) + ([("findings", tr("Findings"))] if base else [])
    links += [("scenario", tr("Scenario and provenance"))] + [(s.id, s.title) for s in R.sections if s.parts]
    links += [("absent", tr("Not in this file")), ("tables", tr("Tables"))]
    nav = " ".join(f'<a href="#{i}">{html.escape(t)}</a>' for i, t in links)
    body = [f"<h1>{html.escape(title)}</h1>", f"<nav>{nav}</nav>"]
    if not meta["complete"]:
        body.append('<p class="warn">' + tr("Partial results file: an interrupted job.") + "</p>")
    body.append(summary_html)
    if base:
        body.append(_findings(tr, eff, base, headline, alpha))
    body.append(f'<h2 id="scenario">{tr("Scenario and provenance")}</h2><table class="tab">' + info + "</table>"
                + yaml_blocks)
    body.append("<p>" + tr("Contents: {s} series, {f} final values, {e} extras per run; {r} runs.",
                           s=len(meta["series"]), f=len(meta["finals"]), e=len(meta["extras"]), r=meta["n_runs"])
                + "</p>")
    for s in R.sections:
        if not s.parts:
            continue
        body.append(f'<h2 id="{s.id}">{html.escape(s.title)}</h2>' + "\n".join(s.parts))
    body.append(f'<h2 id="absent">{tr("Not in this file")}</h2>')
    if R.absent:
        body.append("<p>" + tr("These inputs of the report are absent, so their views are left out:") + "</p><ul>"
                    + "".join(f"<li>{html.escape(a)}</li>" for a in dict.fromkeys(R.absent)) + "</ul>")
    else:
        body.append("<p>" + tr("Nothing: every view of the report could be drawn.") + "</p>")
    body.append(f'<h2 id="tables">{tr("Tables")}</h2><p>' + tr("Every number shown above, as CSV (index:")
                + ' <a href="tables.csv">tables.csv</a>):</p><ul>'
                + "".join(f'<li><a href="tables/{html.escape(t.name)}.csv">{html.escape(t.name)}.csv</a>{tr.colon}'
                          f"{html.escape(t.description)}</li>" for t in R.tables) + "</ul>")
    body.append("<p>" + tr("Load the raw data yourself:") + " <code>from analysis import load; "
                f"load.finals(\"{html.escape(os.path.basename(meta['path']))}\")</code> (docs/analysis.md).</p>")
    return (f"<!DOCTYPE html><html lang={tr.html_lang()}><head><meta charset=utf-8>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="data:,">'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
