"""`python3 -m analysis report results.h5 -o report/`: one HTML page with figures and CSV tables.

Layout of the output folder:
  index.html          the page (figures referenced relatively, or embedded with --embed)
  figures/*.png       every figure
  tables/*.csv        every number a figure or table on the page shows, one CSV per table
  tables.csv          index of the CSV files (table, file, figure, rows, description)

The report is driven by the file's contents: metric names are matched to the roles of
analysis/metrics.py, and whatever a figure needs but the file lacks is listed on the page under
"Not in this file".
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
from . import load as L
from . import metrics as M
from . import stats as S

MAX_TIMESERIES_ARMS = 12
MAX_OTHER_SERIES = 9
EFFECTS_PER_FIGURE = 16


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
    def __init__(self, outdir: str, embed: bool):
        self.outdir = outdir
        self.embed = embed
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
        sec.parts.append(
            f'<figure><img src="{html.escape(src)}" alt="{html.escape(caption)}">'
            f"<figcaption>{caption}"
            + (f" <span class=data>Data: {links}</span>" if links else "")
            + "</figcaption></figure>")

    def add_table(self, name, df, description, figure=""):
        self.tables.append(Table(name, df, description, figure))
        return name


# ---------------------------------------------------------------------------------------------
# HTML helpers

def _fmt(v, digits=4):
    if isinstance(v, (float, np.floating)):
        if not math.isfinite(v):
            return "—" if math.isnan(v) else ("∞" if v > 0 else "−∞")
        if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e5):
            return f"{v:.{digits - 1}e}"
        return f"{v:.{digits}g}"
    if isinstance(v, (np.integer,)):
        return str(int(v))
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    return html.escape(str(v))


def html_table(df: pd.DataFrame, cls="tab", index=False, max_rows=400) -> str:
    if df is None or df.empty:
        return "<p><em>(empty)</em></p>"
    d = df.head(max_rows)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in ([d.index.name or ""] if index else []) + list(d.columns))
    body = []
    for idx, row in d.iterrows():
        cells = [f"<td>{_fmt(idx)}</td>"] if index else []
        cells += [f"<td>{_fmt(v)}</td>" for v in row.to_numpy()]
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f"<p><em>{len(df) - max_rows} more rows in the CSV file.</em></p>" if len(df) > max_rows else ""
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{more}'


def _es(kind, v):
    """'d_z = 5.6', 'd_z > 100' (differences nearly constant over replicates), ..."""
    if not np.isfinite(v):
        return f"{kind} undefined" if np.isnan(v) else f"{kind} = {'+∞' if v > 0 else '−∞'}"
    return f"{kind} = {v:.2g}" if abs(v) < 100 else (f"{kind} > 100" if v > 0 else f"{kind} < −100")


def _ci(r, dcol="diff", digits=3):
    return f"{r[dcol]:+.{digits}g} [{r['lo']:+.{digits}g}, {r['hi']:+.{digits}g}]"


CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0 auto;max-width:1250px;padding:0 1.2em 3em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin:.8em 0 .2em} h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em} h3{margin-bottom:.3em}
figure{margin:1em 0} img{max-width:100%;height:auto;border:1px solid #eee} figcaption{font-size:.9em;color:#444;max-width:60em}
.data{color:#666;font-size:.92em} table.tab{border-collapse:collapse;font-size:.85em;margin:.5em 0}
table.tab td,table.tab th{border:1px solid #ddd;padding:2px 6px;text-align:right} table.tab th{background:#f3f3f3}
table.tab td:first-child,table.tab th:first-child{text-align:left}
pre{background:#f7f7f7;padding:.6em;overflow:auto;font-size:.82em;max-height:40em}
.warn{background:#fff4e0;border-left:4px solid #e8a33d;padding:.5em .8em} .caveat{background:#f4f0ff;border-left:4px solid #7b61c9;padding:.5em .8em}
nav a{margin-right:.9em} details{margin:.4em 0} code{background:#f3f3f3;padding:0 .2em}
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


def _slug(s):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", s).strip("_") or "x"


def build(path, outdir, metrics=None, baseline=None, embed=False, alpha=0.05, sweep_link=None,
          log=print) -> dict:
    """Writes the report; returns a summary dict (figures, tables, absent, notes)."""
    path = os.fspath(path)
    meta = L.require(path, metrics, baseline)
    series_names, final_names = meta["series"], meta["finals"]
    arms = meta["arms"]
    kind = meta.get("kind", "run")
    if kind == "sweep":
        base = None
    else:
        base = baseline or M.choose_baseline(arms)
    arms_o = M.order_arms(arms, base)
    style = F.ArmStyle(arms_o, base)
    _prepare_outdir(outdir)
    R = Report(outdir, embed)
    xlabel = "week" if meta.get("model") == "governance" else "step"

    if not meta["complete"]:
        R.notes.append("This is a partial results file (complete = false): an interrupted job; "
                       "some arms or replicates may be missing.")

    headline = [m for m in (metrics or []) if m in final_names] or M.headline_present(final_names)
    missing_headline = [r for r in M.HEADLINE if M.find(final_names, r) is None]
    if not metrics and missing_headline and final_names:
        R.absent.append("headline final values " + ", ".join(missing_headline)
                        + " (analysis/metrics.py HEADLINE); the comparison uses every final value found")
    if not headline:
        headline = list(final_names)

    # ------------------------------------------------------------------ time series
    sec_ts = R.section("timeseries", "Time series")
    if kind == "sweep":
        sec_ts.parts.append("<p>Sweep: the per-point series are not drawn (see the responses below); "
                            "they are in the file (<code>load.series</code>).</p>")
    elif len(arms) > MAX_TIMESERIES_ARMS:
        sec_ts.parts.append(f"<p>{len(arms)} arms/points: too many for readable bands; the series are "
                            "in the file (<code>load.series</code>).</p>")
    elif not series_names:
        R.absent.append("per-step series (no /runs/*/*/series)")
    else:
        _timeseries_section(R, sec_ts, path, meta, metrics, arms_o, style, xlabel, alpha)

    # ------------------------------------------------------------------ finals, comparison
    fin = L.finals(path)
    ft = K.finals_table(fin, alpha)
    sec_fin = R.section("finals", "Final values")
    if ft.empty:
        R.absent.append("final values (no /runs/*/*/final)")
    else:
        ft["label"] = ft.metric.map(M.label)
        R.add_table("final_values", ft, "Mean of each final value over replicates with a 95% t-interval (NaN dropped)")
        _check_stored_final(R, path, meta, ft)
        wide = ft.assign(cell=[f"{m:.4g} [{l:.4g}, {h:.4g}]" if n >= 2 else (f"{m:.4g}" if n else "—")
                               for m, l, h, n in zip(ft["mean"], ft["lo"], ft["hi"], ft["n"])])
        wide = wide.pivot(index="metric", columns="arm", values="cell").reindex(columns=[a for a in arms_o if a in set(ft.arm)])
        order = headline + [m for m in final_names if m not in headline]
        wide = wide.reindex([m for m in order if m in wide.index])
        wide.index = [f"{M.label(m)} ({m})" if M.label(m) != m else m for m in wide.index]
        wide.index.name = "final value"
        sec_fin.parts.append("<p>Mean over replicates [95% t-interval]. Data: "
                             '<a href="tables/final_values.csv">final_values.csv</a></p>'
                             + html_table(wide, index=True))

    eff = pd.DataFrame()
    if base is not None and not fin.empty:
        eff = _comparison_section(R, path, meta, fin, ft, base, arms_o, style, headline, alpha)

    # ------------------------------------------------------------------ distributions
    if kind != "sweep":
        _distribution_section(R, path, meta, fin, ft, arms_o, style, alpha)

    # ------------------------------------------------------------------ sweeps
    if kind == "sweep":
        _sweep_section(R, path, meta, fin, headline, alpha)

    # ------------------------------------------------------------------ statistics and caveats
    _stats_section(R, meta, eff, base, alpha)
    _caveat_section(R, meta, sweep_link, base, arms_o)

    # ------------------------------------------------------------------ write
    for t in R.tables:
        # 12 significant digits: exact enough to recompute and compare, a third smaller than repr
        t.df.to_csv(os.path.join(_tables_dir(outdir), t.name + ".csv"), index=False, float_format="%.12g")
    idx = pd.DataFrame([{"table": t.name, "file": f"tables/{t.name}.csv", "figure": t.figure,
                         "rows": len(t.df), "description": t.description} for t in R.tables])
    idx.to_csv(os.path.join(outdir, "tables.csv"), index=False)
    page = _page(R, meta, base, eff, headline, alpha)
    with open(os.path.join(outdir, "index.html"), "w", encoding="utf-8") as fh:
        fh.write(page)
    return {"index": os.path.join(outdir, "index.html"), "figures": R.figures,
            "tables": [t.name for t in R.tables], "absent": R.absent, "notes": R.notes}


# ---------------------------------------------------------------------------------------------

def _timeseries_section(R, sec, path, meta, metrics, arms_o, style, xlabel, alpha):
    names = meta["series"]
    panels = []
    if metrics:
        chosen = [m for m in metrics if m in names]
        if chosen:
            panels.append(("Selected series", chosen))
    else:
        for title, roles in M.SERIES_PANELS:
            got = []
            for r in roles:
                n = M.find(names, r)
                if n is not None:
                    got.append(n)
                elif r in M.DERIVED_SERIES:
                    num, den = M.DERIVED_SERIES[r]
                    if M.find(names, num) and all(M.find(names, d) for d in den):
                        got.append(f"{r}_derived")
                    else:
                        R.absent.append(f"series '{r}' ({M.ROLES[r].label}) for the time-series figure")
                else:
                    R.absent.append(f"series '{r}' ({M.ROLES[r].label}) for the time-series figure")
            if got:
                panels.append((title, got))
        if not panels:
            panels.append(("Series", names[:MAX_OTHER_SERIES]))
            if len(names) > MAX_OTHER_SERIES:
                sec.parts.append(f"<p>No series matched the roles of analysis/metrics.py; the first "
                                 f"{MAX_OTHER_SERIES} of {len(names)} series are shown.</p>")
    need = set()
    for _, ms in panels:
        for m in ms:
            if m.endswith("_derived"):
                r = m[: -len("_derived")]
                num, den = M.DERIVED_SERIES[r]
                need.update([M.find(names, num)] + [M.find(names, d) for d in den])
            else:
                need.add(m)
    ser = L.series(path, metrics=sorted(need))
    plotted = [m for _, ms in panels for m in ms]
    ser, derived = K.derive_series(ser, names, wanted=plotted)
    ser = ser[ser.metric.isin(plotted)]
    tt = K.timeseries_table(ser, alpha)
    tt["label"] = tt.metric.map(lambda m: derived.get(m, M.label(m)))
    R.add_table("timeseries", tt, "Per-step mean over replicates with a 95% t-band, by arm and metric",
                "timeseries_*.png")
    labels = {m: (M.ROLES[m[:-8]].label + " (derived)" if m.endswith("_derived") else M.label(m)) for m in plotted}
    one_rep = meta["replicates_by_arm"] and max(meta["replicates_by_arm"].values()) < 2
    for title, ms in panels:
        p = F.timeseries(tt, ms, labels, style, arms_o, R.fig_path("timeseries_" + _slug(title.lower())),
                         xlabel=xlabel)
        cap = (f"{html.escape(title)}: mean over replicates per {xlabel}, with the 95% t-band "
               "(Student-t over replicates); cost-matched arms dashed.")
        if one_rep:
            cap += " One replicate: no band."
        for m in ms:
            if m in derived:
                cap += " " + html.escape(derived[m]) + "."
        R.add_figure(sec, p, cap, ["timeseries"])


def _check_stored_final(R, path, meta, ft):
    if "final" not in meta["summary_tables"]:
        return
    try:
        stored = L.summary(path, "final")
    except L.ResultsError:
        return
    msgs = K.compare_with_stored(ft, stored, "arm", {"mean": "mean", "lo": "ci_lo", "hi": "ci_hi", "n": "n"})
    if msgs:
        R.notes.append("The report's final-value intervals differ from the file's /summary/final: "
                       + "; ".join(msgs[:5]) + (" …" if len(msgs) > 5 else ""))
    else:
        R.notes.append("Check: the final-value means and intervals equal the file's /summary/final "
                       "(written by govsim).")


def _comparison_section(R, path, meta, fin, ft, base, arms_o, style, headline, alpha):
    sec = R.section("comparison", f"Countermeasures compared with {base}")
    paired = meta["paired"]
    eff = K.effects_table(fin, base, arms_o, paired, alpha, headline=headline)
    eff["label"] = eff.metric.map(M.label)
    R.add_table("effects", eff, f"Every arm x final value against {base}: "
                + ("paired differences over replicates (common random numbers), Cohen's d_z"
                   if paired else "Welch intervals (independent arms), Hedges' g")
                + f"; p_holm = Holm over all {len(eff)} rows (as govsim's /summary table); p_holm_family = Holm "
                "within the family (headline outcomes / other final values)", "effects_*.png")
    if paired:
        key = f"paired_vs_{base}"
        if key in meta["summary_tables"]:
            stored = L.summary(path, key)
            msgs = K.compare_with_stored(eff, stored, "arm", {"diff": "diff", "lo": "ci_lo", "hi": "ci_hi",
                                                             "n": "n", "p": "p", "p_holm": "p_holm"})
            R.notes.append("Check: paired differences, p and Holm p equal the file's /summary/" + key + "."
                           if not msgs else "The report's paired differences differ from /summary/" + key
                           + ": " + "; ".join(msgs[:5]))
    method = ("Paired differences under common random numbers (replicate r of every arm uses the same "
              "random numbers), 95% t-interval over replicates." if paired else
              "The arms do not share random numbers (run seeds differ), so differences use Welch's "
              "interval for independent samples.")
    twins = [a for a in arms_o if M.is_cost_matched(a) and M.plain_of(a) in arms_o]
    n_head = int((eff.family == "headline").sum())
    sec.parts.append(f"<p>{method} * = significant after Holm's correction (α = {alpha}) within its family: "
                     f"the {n_head} arm × headline-outcome comparisons, or the {len(eff) - n_head} arm × "
                     "other-final-value comparisons (column p_holm_family; p_holm in the CSV corrects over all "
                     f"{len(eff)} at once, as govsim's /summary table does). "
                     + ("Each plain arm is followed by its cost-matched twin (hollow marker), which keeps "
                        "the committee's capacity equal to the baseline's so that only the design differs. "
                        if twins else "") + "</p>")
    hl = [m for m in headline if m in set(eff.metric)]
    if hl:
        p = F.effects(eff, hl, style, arms_o, base, R.fig_path("effects_headline"), alpha)
        R.add_figure(sec, p, f"Effect of each arm on the headline outcomes: difference from {base} "
                     "with its 95% interval.", ["effects"])
        p = F.effects_heatmap(eff, hl, arms_o, base, R.fig_path("effects_heatmap"), alpha)
        R.add_figure(sec, p, "The same effects at a glance: text = difference, colour = standardised "
                     "effect size oriented so that blue is better (for outcomes without a preferred "
                     "direction, blue = higher).", ["effects"])
    rest = [m for m in dict.fromkeys(eff.metric) if m not in hl]
    for k in range(0, len(rest), EFFECTS_PER_FIGURE):
        chunk = rest[k:k + EFFECTS_PER_FIGURE]
        p = F.effects(eff, chunk, style, arms_o, base, R.fig_path(f"effects_other_{k // EFFECTS_PER_FIGURE + 1}"), alpha)
        R.add_figure(sec, p, f"Effects on the other final values ({k + 1}–{k + len(chunk)} of {len(rest)}).",
                     ["effects"])
    rank = K.ranking_table(eff, hl, arms_o, alpha)
    if not rank.empty:
        R.add_table("ranking", rank, "Rank of each arm on each headline outcome with a preferred direction "
                    "(1 = best), mean rank, and outcomes improved/worsened (Holm p < alpha)")
        ranked = [c[:-5] for c in rank.columns if c.endswith(".rank")]
        show = pd.DataFrame({"overall": rank["overall"], "arm": rank["arm"],
                             "mean rank": rank["mean_rank"].round(2),
                             "improves": rank["improves"], "worsens": rank["worsens"]})
        for m in ranked:
            show[f"{M.short_label(m)} Δ (rank)"] = [
                f"{d:+.3g} ({int(r)})" if np.isfinite(d) else "—"
                for d, r in zip(rank[f"{m}.diff"], rank[f"{m}.rank"].fillna(-1))]
        sec.parts.append("<h3>Ranking</h3><p>Arms ranked by their mean rank over the headline outcomes "
                         "that have a preferred direction (" + ", ".join(M.short_label(m) for m in ranked)
                         + "); improves/worsens count outcomes with Holm-significant changes. "
                         "A ranking holds for the parameter values of this file only (see Caveats). "
                         'Data: <a href="tables/ranking.csv">ranking.csv</a></p>' + html_table(show))
    else:
        sec.parts.append("<p>No ranking: no headline outcome with a preferred direction is in the file "
                         "(edit HEADLINE and the roles' <code>better</code> in analysis/metrics.py).</p>")
    return eff


def _distribution_section(R, path, meta, fin, ft, arms_o, style, alpha):
    sec = R.section("distributions", "Distributions")
    finals_names = meta["finals"]
    gm = M.find(finals_names, "gini_cum_vol")
    ex_names = meta["extras"]
    lor_name = next((n for n in ex_names if re.search(M.EXTRA_LORENZ, n, re.I)), None)
    hist_name = next((n for n in ex_names if re.search(M.EXTRA_TI_HIST, n, re.I)), None)
    ex = L.extras(path, names=[n for n in (lor_name, hist_name) if n]) if (lor_name or hist_name) else None

    lor = None
    if lor_name:
        lor = K.lorenz_table(ex, lor_name, alpha)
        g = []
        for arm, d in lor.groupby("arm", sort=False):
            g.append({"arm": arm, "gini_of_mean_curve": S.gini_from_lorenz(d.x.to_numpy(), d["mean"].to_numpy())})
        R.add_table("lorenz", lor, f"Mean Lorenz curve of '{lor_name}' per arm with a 95% t-band", "gini_lorenz.png")
        R.add_table("lorenz_gini", pd.DataFrame(g), "Gini of each arm's mean Lorenz curve (1 − 2 × area)", "gini_lorenz.png")
    else:
        R.absent.append("Lorenz curve extra (an extras/ array whose name contains 'lorenz')")
    if gm:
        R.add_table("gini", ft[ft.metric == gm], f"Final '{gm}' per arm (mean, 95% CI)", "gini_lorenz.png")
    else:
        R.absent.append("final value 'gini_cum_vol' (participation Gini)")
    if gm or lor_name:
        p = F.gini_lorenz(ft, gm, lor, style, arms_o, R.fig_path("gini_lorenz"))
        tabs = (["gini"] if gm else []) + (["lorenz", "lorenz_gini"] if lor_name else [])
        R.add_figure(sec, p, "Inequality of participation: the Gini coefficient of cumulative volunteering "
                     "at the last step, and the mean Lorenz curve (a curve further below the diagonal "
                     "means participation is concentrated in fewer residents).", tabs)

    if hist_name:
        ht, bc = K.histogram_table(ex, hist_name, alpha=alpha)
        R.add_table("ti_histogram", ht, f"Final institutional-trust histogram '{hist_name}' as shares per bin (mean, 95% CI over replicates)", "ti_histogram.png")
        R.add_table("ti_bimodality", bc, "Sarle's bimodality coefficient per arm (> 5/9 suggests two modes)", "ti_histogram.png")
        p = F.histograms(ht, bc, style, arms_o, R.fig_path("ti_histogram"), "institutional trust TI")
        R.add_figure(sec, p, "Institutional trust at the end of the run: share of residents per bin (mean over "
                     "replicates, bars = 95% CI). BC = Sarle's bimodality coefficient; above 5/9 (0.56) the "
                     "distribution is more likely bimodal than unimodal.", ["ti_histogram", "ti_bimodality"])
    else:
        R.absent.append("institutional-trust histogram extra (an extras/ array named like 'TI_hist')")
        ti_c = M.find(meta["community"], "TI")
        if ti_c:
            comm = L.community_series(path, metrics=[ti_c], steps=-1)
            cd = K.community_distribution(comm)
            R.add_table("ti_communities", cd, "Distribution of community mean TI at the last step, pooled over replicates", "ti_communities.png")
            p = F.histograms(cd, None, style, arms_o, R.fig_path("ti_communities"), "community mean TI",
                             value_col="share")
            R.add_figure(sec, p, "No resident-level trust histogram in the file: this shows the spread of "
                         "<em>community means</em> of TI at the last step instead (pooled over replicates), "
                         "which cannot show bimodality among residents.", ["ti_communities"])

    grid_name = next((n for n in ex_names if re.search(M.EXTRA_GRID_COVERAGE, n, re.I)), None)
    if grid_name:
        gx = L.extras(path, names=[grid_name])
        vals = pd.DataFrame({"arm": np.repeat(gx.arm.to_numpy(), [np.size(v) for v in gx.value]),
                             "value": np.concatenate([np.ravel(v) for v in gx.value]) if len(gx) else []})
        gd = K.community_distribution(vals)
        R.add_table("grid_coverage", gd, f"Distribution of per-grid coverage '{grid_name}' (pooled over replicates)",
                    "grid_coverage.png")
        p = F.histograms(gd, None, style, arms_o, R.fig_path("grid_coverage"), "coverage of a grid",
                         value_col="share")
        R.add_figure(sec, p, "Coverage across grids in the final window (share of grids per bin, pooled over "
                     "replicates): a wide spread means unequal service between grids (spec 4.12 C8).",
                     ["grid_coverage"])

    lv, gaps = K.subgroup_tables(fin, alpha)
    if not lv.empty:
        R.add_table("participation_subgroups", lv, "Participation by age band and Party status (mean, 95% CI)", "subgroups.png")
        p = F.subgroups(lv, style, arms_o, R.fig_path("subgroups"))
        tabs = ["participation_subgroups"]
        if not gaps.empty:
            R.add_table("participation_gaps", gaps, "Within-run gaps 60+ − 18–39 and Party − non-Party (paired within runs)", "subgroups.png")
            tabs.append("participation_gaps")
        R.add_figure(sec, p, "Participation by age band and by Party status (spec 4.12 C2, C3 expect "
                     "60+ above 18–39 and Party above non-Party).", tabs)
        if not gaps.empty:
            show = gaps[["arm", "base", "gap", "diff", "lo", "hi", "n", "p"]]
            sec.parts.append("<p>Gaps within runs (paired over replicates):</p>" + html_table(show))
    else:
        R.absent.append("participation by age band and Party status (final values like 'P_vol_age_60p', 'P_vol_party')")
    if not sec.parts:
        sec.parts.append("<p>None of the distribution views' inputs is in this file.</p>")


def _sweep_section(R, path, meta, fin, headline, alpha):
    sec = R.section("sweep", "Sweep: responses and sensitivity")
    design = L.design(path)
    if design is None:
        R.absent.append("sweep design matrix (/design/values, /design/columns): no response curves or heat maps")
        sec.parts.append("<p>The file has no design matrix (/design), so the points cannot be placed on "
                         "parameter axes.</p>")
    else:
        params = [c for c in design.columns if c not in ("point", "arm") and design[c].nunique() > 1]
        kind = design.attrs.get("kind", "")
        R.add_table("sweep_design", design, f"Design matrix{f' ({kind})' if kind else ''}: one row per point")
        pt = K.sweep_point_table(fin, design, alpha)
        R.add_table("sweep_points", pt, "Mean of each final value over the replicates of each point (95% CI)")
        if "points" in meta["summary_tables"]:
            stored = L.summary(path, "points")
            msgs = K.compare_with_stored(pt, stored, "arm", {"mean": "mean", "lo": "ci_lo", "hi": "ci_hi", "n": "n"})
            R.notes.append("Check: the point means equal the file's /summary/points." if not msgs else
                           "The report's point means differ from /summary/points: " + "; ".join(msgs[:5]))
        ms = [m for m in headline if m in set(fin.metric)][:8] or list(dict.fromkeys(fin.metric))[:8]
        rt = K.response_table(fin[fin.metric.isin(ms)], design, params, alpha)
        if not rt.empty:
            R.add_table("sweep_response", rt, "Response of each final value to each swept parameter "
                        "(method levels: main effect, CI over replicates; bins: binned point means, CI over points)",
                        "sweep_response_*.png")
        for p_ in params:
            short = K.short_param(p_)
            b = C.basis(short)
            path_ = F.responses(rt, p_, ms, R.fig_path("sweep_response_" + _slug(short)), b,
                                points=pt, label=short)
            R.add_figure(sec, path_, f"Response to <code>{html.escape(p_)}</code>"
                         + (f" ({b})" if b else "")
                         + ": for a levelled design the mean over the points at each value (averaging the "
                         "other parameters) with a 95% interval over replicates; for a sampled design "
                         "binned means of the points.", ["sweep_response"])
        for a, b in K.grid_pairs(design, params)[:6]:
            ht = K.heatmap_table(fin[fin.metric.isin(ms)], design, a, b)
            name = f"sweep_heatmap_{_slug(K.short_param(a))}__{_slug(K.short_param(b))}"
            R.add_table(name, ht, f"Mean final values on the ({a}, {b}) grid", name + ".png")
            path_ = F.heatmaps(ht, a, b, ms, R.fig_path(name))
            R.add_figure(sec, path_, f"Two-parameter grid {html.escape(a)} × {html.escape(b)}: mean final value "
                         "per cell (over replicates and any other parameters).", [name])
        if not params:
            sec.parts.append("<p>No parameter varies in the design.</p>")
    found = False
    for method in ("sobol", "morris"):
        if method in meta["summary_tables"]:
            st = K.sensitivity_table(L.summary(path, method), method)
            if st.empty:
                continue
            found = True
            R.add_table(f"sensitivity_{method}", st, f"{method.capitalize()} indices per parameter and output", f"sensitivity_{method}.png")
            p = F.sensitivity(st, method.capitalize(), R.fig_path(f"sensitivity_{method}"))
            cap = ("Sobol indices (S1 first order, ST total) with their intervals." if method == "sobol" else
                   "Morris elementary effects (mu_star = mean |effect|, sigma = interaction/nonlinearity) with intervals.")
            R.add_figure(sec, p, cap, [f"sensitivity_{method}"])
    if not found:
        R.absent.append("sensitivity tables (/summary/sobol or /summary/morris)")


def _stats_section(R, meta, eff, base, alpha):
    sec = R.section("statistics", "Statistics and precision")
    reps = meta["replicates_by_arm"]
    nmin = min(reps.values()) if reps else 0
    parts = [f"<p>Replicates per arm: {nmin}" + (f"–{max(reps.values())}" if reps and max(reps.values()) != nmin else "")
             + f". Intervals are two-sided {100 * (1 - alpha):.0f}% Student-t intervals over replicates; NaN "
             "final values (undefined ratios) are dropped, pairwise for paired statistics, and n counts the "
             "values used. Effect sizes: Cohen's d_z (mean difference / sd of differences) for paired "
             "comparisons, Hedges' g for independent ones. p-values are Holm-adjusted within a family of "
             "comparisons: every arm × headline outcome (the findings, stars and ranking), and every arm × other "
             "final value; the effects CSV also has p_holm over all comparisons at once.</p>"]
    if nmin < S.MIN_N:
        parts.append(f'<p class="warn">Only {nmin} replicate(s) per arm: intervals rest on few values '
                     f"and say little; use at least {S.MIN_N} (better 20, as in spec 4.12).</p>")
    if not eff.empty:
        hl = eff[eff.metric.isin(M.headline_present(eff.metric.unique()) or eff.metric.unique())]
        bad = hl[~hl.precise.astype(bool)]
        R.add_table("precision", eff[["arm", "metric", "diff", "half", "sd", "n", "precise", "n_needed", "note"]],
                    f"Precision of each effect: is the half-width at most {S.PRECISION_FRACTION:.0%} of |effect| "
                    f"with n >= {S.MIN_N}? n_needed = replicates that would make it so (observed sd)")
        if bad.empty:
            parts.append(f"<p>Every headline effect's interval is narrower than {S.PRECISION_FRACTION:.0%} of "
                         "the effect: the replicate count suffices for these comparisons.</p>")
        else:
            finite = bad[np.isfinite(bad.n_needed.astype(float))]
            worst = ""
            if not finite.empty:
                r = finite.sort_values("n_needed").iloc[len(finite) // 2]
                worst = (f" Median over those with a resolvable effect: about n = {int(r.n_needed)} replicates "
                         f"(e.g. {html.escape(r.arm)} on {html.escape(M.short_label(r.metric))}).")
            parts.append(f'<p class="warn">{len(bad)} of {len(hl)} headline effects are imprecise: the 95% '
                         f"half-width exceeds {S.PRECISION_FRACTION:.0%} of the effect (or n &lt; {S.MIN_N})."
                         f"{worst} Effects near zero cannot be made precise relative to themselves; read them "
                         "as 'no effect larger than the interval'. Details: "
                         '<a href="tables/precision.csv">precision.csv</a>.</p>')
            show = bad[["arm", "metric", "diff", "half", "n", "n_needed", "note"]].head(30)
            parts.append("<details><summary>Imprecise headline effects</summary>" + html_table(show) + "</details>")
    for n in R.notes:
        parts.append(f"<p>{html.escape(n)}</p>")
    sec.parts.extend(parts)


def _caveat_section(R, meta, sweep_link, base, arms_o):
    sec = R.section("caveats", "Caveats: assumptions behind these results")
    items = "".join(f"<li>{html.escape(g)}</li>" for g in C.GENERAL)
    parts = [f'<div class="caveat"><ul>{items}</ul>']
    diffs = C.arm_differences(meta["arm_yaml"], base) if meta.get("kind") == "compare" and base else None
    if diffs:
        order = {a: i for i, a in enumerate(arms_o)}
        d = pd.DataFrame(diffs)
        d = d.iloc[np.argsort([order.get(a, len(order)) for a in d.arm], kind="stable")].reset_index(drop=True)
        R.add_table("arm_differences", d, f"How each arm differs from {base}: countermeasures and changed parameters "
                    "(with their basis tag)")
        parts.append(f"<p>What the arms change relative to {html.escape(base)} (the countermeasures' targets are "
                     "assumptions, and so are most parameters they move):</p>" + html_table(d))
    parts.append("<p>A ranking of the arms holds for the assumed values (listed below); it can change with them.</p>")
    if meta.get("kind") == "sweep":
        parts.append('<p>This file is a sweep: see <a href="#sweep">responses and sensitivity</a> for how '
                     "the outcomes move with the swept parameters.</p>")
    elif sweep_link:
        parts.append(f'<p>Sensitivity of these results: <a href="{html.escape(sweep_link)}">{html.escape(sweep_link)}</a>.</p>')
    else:
        parts.append("<p>No sensitivity analysis is linked to this report: run a sweep over the [A] "
                     "parameters (<code>govsim sweep</code>) and pass <code>--sweep-report</code> to link it.</p>")
    parts.append("</div>")
    rows = ([{"parameter": k, "basis": "[A]", "note": v} for k, v in C.ASSUMED.items()]
            + [{"parameter": k, "basis": "cal", "note": v} for k, v in C.CALIBRATED.items()]
            + [{"parameter": k, "basis": "literature", "note": v} for k, v in C.LITERATURE.items()])
    tab = pd.DataFrame(rows)
    R.add_table("assumptions", tab, "Parameters that are assumptions [A], calibrated (cal) or taken from the "
                "literature, per model spec 4.7 (analysis/caveats.py)")
    parts.append("<details><summary>All assumed and calibrated parameters (" + str(len(tab)) + ")</summary>"
                 + html_table(tab) + "</details>")
    sec.parts.extend(parts)


def _findings(meta, eff, base, headline, alpha):
    if eff.empty:
        return ""
    lines = []
    arms = list(dict.fromkeys(eff.arm))
    for arm in arms:
        e = eff[(eff.arm == arm) & eff.metric.isin(headline)].copy()
        e["_o"] = e.metric.map({m: i for i, m in enumerate(headline)})
        sig = e[e.p_holm_family < alpha].sort_values("_o")
        if sig.empty:
            lines.append(f"<li><b>{html.escape(arm)}</b>: no headline outcome differs from {html.escape(base)} "
                         f"after Holm's correction.</li>")
            continue
        good, bad, neutral = [], [], []
        for _, r in sig.iterrows():
            rel = f", {r['rel_diff']:+.0%}" if np.isfinite(r["rel_diff"]) else ""
            txt = (f"{html.escape(M.short_label(r.metric))} {_ci(r)}{rel}; "
                   f"{_es(r['effect_size_kind'], r['effect_size'])}")
            b = M.better(r.metric) * np.sign(r["diff"])
            (good if b > 0 else bad if b < 0 else neutral).append(txt)
        s = f"<li><b>{html.escape(arm)}</b>: "
        if good:
            s += "improves " + "; ".join(good)
        if bad:
            s += (". " if good else "") + "worsens " + "; ".join(bad)
        if neutral:
            s += (". " if good or bad else "") + "changes " + "; ".join(neutral)
        lines.append(s + ".</li>")
    return ("<h2 id=findings>Findings</h2><p>Headline outcomes that differ from " + html.escape(base)
            + " (difference [95% CI], relative to the baseline mean, effect size; significant after Holm's "
            "correction over every arm × headline outcome):</p><ul>" + "".join(lines) + "</ul>")


def _page(R: Report, meta, base, eff, headline, alpha) -> str:
    title = f"govsim report: {meta.get('name', '')} ({meta.get('kind', '')})"
    prov = meta.get("provenance", {})
    rows = [("file", os.path.basename(meta["path"])), ("kind", meta.get("kind")), ("name", meta.get("name")),
            ("model", meta.get("model")), ("govsim version", meta.get("govsim_version")),
            ("seed", meta.get("seed")), ("replicates", meta.get("replicates")),
            ("arms" if meta.get("kind") != "sweep" else "points", f"{len(meta['arms'])}: " + ", ".join(meta["arms"][:30])
             + (" …" if len(meta["arms"]) > 30 else "")),
            ("baseline", base or "—"), ("steps", meta.get("steps")), ("communities", meta.get("groups")),
            ("common random numbers", "yes (paired comparisons)" if meta.get("paired") else "no"),
            ("complete", "yes" if meta["complete"] else "NO (partial file)"), ("created", meta.get("created"))]
    rows += [(f"provenance: {k}", v) for k, v in prov.items()]
    info = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    yaml_blocks = (f"<details><summary>Resolved {html.escape(meta.get('kind', ''))} file (YAML)</summary>"
                   f"<pre>{html.escape(meta.get('scenario_yaml', '') or '')}</pre></details>")
    if meta["arm_yaml"] and len(meta["arm_yaml"]) <= 40:
        for arm, y in meta["arm_yaml"].items():
            if y:
                yaml_blocks += (f"<details><summary>Arm {html.escape(arm)}: resolved scenario</summary>"
                                f"<pre>{html.escape(y)}</pre></details>")
    nav = " ".join(f'<a href="#{s.id}">{html.escape(s.title)}</a>' for s in R.sections)
    body = [f"<h1>{html.escape(title)}</h1>", f"<nav>{nav} <a href=#absent>Not in this file</a> <a href=#tables>Tables</a></nav>"]
    if not meta["complete"]:
        body.append('<p class="warn">Partial results file: an interrupted job.</p>')
    body.append('<h2 id="scenario">Scenario and provenance</h2><table class="tab">' + info + "</table>" + yaml_blocks)
    body.append(f"<p>Contents: {len(meta['series'])} series, {len(meta['finals'])} final values, "
                f"{len(meta['extras'])} extras per run; {meta['n_runs']} runs.</p>")
    if base:
        body.append(_findings(meta, eff, base, headline, alpha))
    for s in R.sections:
        if not s.parts:
            continue
        body.append(f'<h2 id="{s.id}">{html.escape(s.title)}</h2>' + "\n".join(s.parts))
    body.append('<h2 id="absent">Not in this file</h2>')
    if R.absent:
        body.append("<p>These inputs of the report are absent, so their views are left out:</p><ul>"
                    + "".join(f"<li>{html.escape(a)}</li>" for a in dict.fromkeys(R.absent)) + "</ul>")
    else:
        body.append("<p>Nothing: every view of the report could be drawn.</p>")
    body.append('<h2 id="tables">Tables</h2><p>Every number shown above, as CSV (index: '
                '<a href="tables.csv">tables.csv</a>):</p><ul>'
                + "".join(f'<li><a href="tables/{html.escape(t.name)}.csv">{html.escape(t.name)}.csv</a>: '
                          f"{html.escape(t.description)}</li>" for t in R.tables) + "</ul>")
    body.append("<p>Load the raw data yourself: <code>from analysis import load; "
                f"load.finals(\"{html.escape(os.path.basename(meta['path']))}\")</code> (see docs/analysis.md).</p>")
    return ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
