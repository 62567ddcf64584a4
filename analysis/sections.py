"""The report's detailed sections: time series, the comparison with the baseline, the
distributions, sweeps and the robust comparison ("How sure is the ranking"). Each function adds
its figures, tables and text to a report.Report; every sentence goes through R.tr (i18n)."""
from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd

from . import caveats as C
from . import compute as K
from . import figures as F
from . import load as L
from . import margins as G
from . import metrics as M
from . import stats as S
from .report import html_table, slug

MAX_TIMESERIES_ARMS = 12
MAX_OTHER_SERIES = 9
EFFECTS_PER_FIGURE = 16


def timeseries_section(R, sec, path, meta, metrics, arms_o, style, xlabel, alpha):
    tr = R.tr
    names = meta["series"]
    panels = []          # (file slug, title, names)
    if metrics:
        chosen = [m for m in metrics if m in names]
        if chosen:
            panels.append(("selected_series", tr("Selected series"), chosen))
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
                        R.absent.append(tr("series '{r}' ({label}) for the time-series figure", r=r, label=tr.label(r)))
                else:
                    R.absent.append(tr("series '{r}' ({label}) for the time-series figure", r=r, label=tr.label(r)))
            if got:
                panels.append((slug(title.lower()), tr(title), got))
        if not panels:
            panels.append(("series", tr("Series"), names[:MAX_OTHER_SERIES]))
            if len(names) > MAX_OTHER_SERIES:
                sec.parts.append("<p>" + tr("No series matched the roles of analysis/metrics.py; the first {k} of "
                                            "{n} series are shown.", k=MAX_OTHER_SERIES, n=len(names)) + "</p>")
    need = set()
    for _, _, ms in panels:
        for m in ms:
            if m.endswith("_derived"):
                num, den = M.DERIVED_SERIES[m[: -len("_derived")]]
                need.update([M.find(names, num)] + [M.find(names, d) for d in den])
            else:
                need.add(m)
    ser = L.series(path, metrics=sorted(need))
    plotted = [m for _, _, ms in panels for m in ms]
    ser, derived = K.derive_series(ser, names, wanted=plotted)
    ser = ser[ser.metric.isin(plotted)]
    tt = K.timeseries_table(ser, alpha)
    tt["label"] = tt.metric.map(lambda m: derived.get(m, M.label(m)))
    R.add_table("timeseries", tt, tr("Per-step mean over replicates with a 95% t-band, by arm and metric"),
                "timeseries_*.png")
    labels = {m: (tr.label(m[:-8]) + tr(" (derived)") if m.endswith("_derived") else tr.label(m)) for m in plotted}
    one_rep = meta["replicates_by_arm"] and max(meta["replicates_by_arm"].values()) < 2
    for fslug, title, ms in panels:
        p = F.timeseries(tt, ms, labels, style, arms_o, R.fig_path("timeseries_" + fslug), xlabel=xlabel)
        cap = tr("{title}: mean over replicates per {x}, with the 95% t-band (Student-t over replicates); "
                 "cost-matched arms dashed.", title=html.escape(title), x=xlabel)
        if one_rep:
            cap += " " + tr("One replicate: no band.")
        for m in ms:
            if m in derived:
                role = m[: -len("_derived")]
                num, den = M.DERIVED_SERIES[role]
                cap += " " + html.escape(tr("{label}, derived per step as {num} / ({den}); NaN where the denominator "
                                            "is 0.", label=tr.label(role), num=M.find(names, num),
                                            den=" + ".join(M.find(names, d) for d in den)))
        R.add_figure(sec, p, cap, ["timeseries"])


def check_stored_final(R, path, meta, ft):
    tr = R.tr
    if "final" not in meta["summary_tables"]:
        return
    try:
        stored = L.summary(path, "final")
    except L.ResultsError:
        return
    msgs = K.compare_with_stored(ft, stored, "arm", {"mean": "mean", "lo": "ci_lo", "hi": "ci_hi", "n": "n"})
    if msgs:
        R.notes.append(tr("The report's final-value intervals differ from the file's /summary/final: ")
                       + "; ".join(msgs[:5]) + (" …" if len(msgs) > 5 else ""))
    else:
        R.notes.append(tr("Check: the final-value means and intervals equal the file's /summary/final "
                          "(written by govsim)."))


def comparison_section(R, path, meta, fin, ft, base, arms_o, style, headline, alpha, drift):
    tr = R.tr
    sec = R.section("comparison", tr("Countermeasures compared with {base}", base=base))
    paired = meta["paired"]
    eff = K.effects_table(fin, base, arms_o, paired, alpha, headline=headline)
    eff["label"] = eff.metric.map(M.label)
    R.add_table("effects", eff, tr("Every arm x final value against {base}: ", base=base)
                + (tr("paired differences over replicates (common random numbers), Cohen's d_z") if paired else
                   tr("Welch intervals (independent arms), Hedges' g"))
                + tr("; p_holm = Holm over all {n} rows (as govsim's /summary table); p_holm_family = Holm within "
                     "the family (headline outcomes / other final values); margin, material and verdict: "
                     "materiality (spec 6.1)", n=len(eff)), "effects_*.png")
    if paired:
        key = f"paired_vs_{base}"
        if key in meta["summary_tables"]:
            stored = L.summary(path, key)
            msgs = K.compare_with_stored(eff, stored, "arm", {"diff": "diff", "lo": "ci_lo", "hi": "ci_hi",
                                                             "n": "n", "p": "p", "p_holm": "p_holm"})
            R.notes.append(tr("Check: paired differences, p and Holm p equal the file's /summary/{key}.", key=key)
                           if not msgs else tr("The report's paired differences differ from /summary/{key}: ",
                                               key=key) + "; ".join(msgs[:5]))
    method = (tr("Paired differences under common random numbers (replicate r of every arm uses the same random "
                 "numbers), 95% t-interval over replicates.") if paired else
              tr("The arms do not share random numbers (run seeds differ), so differences use Welch's interval "
                 "for independent samples."))
    twins = [a for a in arms_o if M.is_cost_matched(a) and M.plain_of(a) in arms_o]
    n_head = int((eff.family == "headline").sum())
    sec.parts.append("<p>" + method + " " + tr(
        "* = significant after Holm's correction (α = {alpha}) within its family: the {h} arm × headline-outcome "
        "comparisons, or the {o} arm × other-final-value comparisons (column p_holm_family; p_holm in the CSV "
        "corrects over all {n} at once, as govsim's /summary table does). Shaded band = ±m, the materiality "
        "margin: an effect whose interval reaches into it is negligible.",
        alpha=alpha, h=n_head, o=len(eff) - n_head, n=len(eff))
        + (" " + tr("Each plain arm is followed by its cost-matched twin (hollow marker), which keeps the "
                    "committee's capacity equal to the baseline's so that only the design differs.") if twins else "")
        + "</p>")
    hl = [m for m in headline if m in set(eff.metric)]
    if hl:
        p = F.effects(eff, hl, style, arms_o, base, R.fig_path("effects_headline"), alpha)
        R.add_figure(sec, p, tr("Effect of each arm on the headline outcomes: difference from {base} with its 95% "
                                "interval; P_vol without forum attendance beside P_vol.", base=base), ["effects"])
        p = F.effects_heatmap(eff, hl, arms_o, base, R.fig_path("effects_heatmap"), alpha)
        R.add_figure(sec, p, tr("The same effects at a glance: text = difference, colour = standardised effect "
                                "size oriented so that blue is better (for outcomes without a preferred direction, "
                                "blue = higher); negligible effects are grey."), ["effects"])
    rest = [m for m in dict.fromkeys(eff.metric) if m not in hl]
    for k in range(0, len(rest), EFFECTS_PER_FIGURE):
        chunk = rest[k:k + EFFECTS_PER_FIGURE]
        p = F.effects(eff, chunk, style, arms_o, base, R.fig_path(f"effects_other_{k // EFFECTS_PER_FIGURE + 1}"), alpha)
        R.add_figure(sec, p, tr("Effects on the other final values ({a}–{b} of {n}).", a=k + 1, b=k + len(chunk),
                                n=len(rest)), ["effects"])
    _ranking(R, sec, eff, hl, arms_o, alpha)
    _drift_part(R, sec, drift, arms_o)
    return eff


def _ranking(R, sec, eff, hl, arms_o, alpha):
    tr = R.tr
    rank = K.ranking_table(eff, hl, arms_o, alpha)
    if rank.empty:
        sec.parts.append("<p>" + tr("No ranking: no headline outcome with a preferred direction is in the file "
                                    "(edit HEADLINE and the roles' better in analysis/metrics.py).") + "</p>")
        return
    R.add_table("ranking", rank, tr("Rank of each arm on each headline outcome with a preferred direction (1 = "
                                    "best), mean rank, and outcomes improved/worsened materially or negligible"))
    ranked = [c[:-5] for c in rank.columns if c.endswith(".rank")]
    counted = [m for m in ranked if M.role_of(m) not in M.COMPANIONS] or ranked
    show = pd.DataFrame({"overall": rank["overall"], "arm": rank["arm"], "mean rank": rank["mean_rank"].round(2),
                         "improves": rank["improves"], "worsens": rank["worsens"],
                         "negligible": rank["negligible"]})
    for m in ranked:
        show[f"{tr.short(m)} Δ ({tr('rank')})"] = [
            f"{d:+.3g} ({int(r)})" + ("" if v not in (G.NEGLIGIBLE,) else " ≈0") if np.isfinite(d) else "—"
            for d, r, v in zip(rank[f"{m}.diff"], rank[f"{m}.rank"].fillna(-1), rank[f"{m}.verdict"])]
    comp = [m for m in ranked if m not in counted]
    sec.parts.append("<h3>" + tr("Ranking") + "</h3><p>"
                     + tr("Arms ranked by their mean rank over the headline outcomes that have a preferred "
                          "direction ({names}); improves/worsens count material effects (significant and beyond "
                          "±m), negligible those inside ±m; ≈0 marks a negligible effect.",
                          names=", ".join(tr.short(m) for m in counted))
                     + (" " + tr("{names} is shown beside P_vol and not counted in the mean rank.",
                                 names=", ".join(tr.short(m) for m in comp)) if comp else "")
                     + " " + tr("A ranking holds for the parameter values of this file only (see Caveats).") + " "
                     + tr("Data") + tr.colon + '<a href="tables/ranking.csv">ranking.csv</a></p>'
                     + html_table(show, tr))


def _drift_part(R, sec, drift, arms_o):
    tr = R.tr
    if drift.empty:
        R.absent.append(tr("drift of the headline outcomes (finals named <headline>_drift, spec 6.1 item 6)"))
        return
    R.add_table("drift", drift, tr("Drift of each headline outcome over the final window, per year (mean of the "
                                   "last 26 weeks minus the 26 before, times 2); flag = |drift| > m"))
    flagged = drift[drift.flag]
    if flagged.empty:
        sec.parts.append("<p>" + tr("Drift at the horizon: no arm's headline outcome drifts by more than its "
                                    "margin m per year.") + "</p>")
        return
    items = [f"{html.escape(r.arm)} {html.escape(tr.short(r.metric))} {r.drift:+.3g} "
             f"[{r.lo:+.3g}, {r.hi:+.3g}] (m = {r.margin:g})" for r in flagged.itertuples()]
    sec.parts.append('<p class="warn">' + tr("These values depend on the horizon: the outcome still drifts by more "
                                             "than its margin m per year at the end of the run") + tr.colon
                     + tr.sep.join(items) + tr.stop + "</p>")


def robust_section(R, meta, pbest, headline, arms_o):
    """'How sure is the ranking' (spec 6.3): analysis/robust.py. Returns the /robust attributes
    (None without a robust comparison)."""
    from . import robust as RB
    return RB.section(R, meta, pbest, headline, arms_o)


def distribution_section(R, path, meta, fin, ft, arms_o, style, alpha):
    tr = R.tr
    sec = R.section("distributions", tr("Distributions"))
    finals_names = meta["finals"]
    gm = M.find(finals_names, "gini_cum_vol")
    ex_names = meta["extras"]
    lor_name = next((n for n in ex_names if re.search(M.EXTRA_LORENZ, n, re.I)), None)
    hist_name = next((n for n in ex_names if re.search(M.EXTRA_TI_HIST, n, re.I)), None)
    ex = L.extras(path, names=[n for n in (lor_name, hist_name) if n]) if (lor_name or hist_name) else None

    lor = None
    if lor_name:
        lor = K.lorenz_table(ex, lor_name, alpha)
        g = [{"arm": arm, "gini_of_mean_curve": S.gini_from_lorenz(d.x.to_numpy(), d["mean"].to_numpy())}
             for arm, d in lor.groupby("arm", sort=False)]
        R.add_table("lorenz", lor, tr("Mean Lorenz curve of '{name}' per arm with a 95% t-band", name=lor_name),
                    "gini_lorenz.png")
        R.add_table("lorenz_gini", pd.DataFrame(g), tr("Gini of each arm's mean Lorenz curve (1 − 2 × area)"),
                    "gini_lorenz.png")
    else:
        R.absent.append(tr("Lorenz curve extra (an extras/ array whose name contains 'lorenz')"))
    if gm:
        R.add_table("gini", ft[ft.metric == gm], tr("Final '{name}' per arm (mean, 95% CI)", name=gm), "gini_lorenz.png")
    else:
        R.absent.append(tr("final value 'gini_cum_vol' (participation Gini)"))
    if gm or lor_name:
        p = F.gini_lorenz(ft, gm, lor, style, arms_o, R.fig_path("gini_lorenz"))
        tabs = (["gini"] if gm else []) + (["lorenz", "lorenz_gini"] if lor_name else [])
        R.add_figure(sec, p, tr("Inequality of participation: the Gini coefficient of cumulative volunteering at "
                                "the last step, and the mean Lorenz curve (a curve further below the diagonal means "
                                "participation is concentrated in fewer residents)."), tabs)

    if hist_name:
        ht, bc = K.histogram_table(ex, hist_name, alpha=alpha)
        R.add_table("ti_histogram", ht, tr("Final institutional-trust histogram '{name}' as shares per bin (mean, "
                                           "95% CI over replicates)", name=hist_name), "ti_histogram.png")
        R.add_table("ti_bimodality", bc, tr("Sarle's bimodality coefficient per arm (> 5/9 suggests two modes)"),
                    "ti_histogram.png")
        p = F.histograms(ht, bc, style, arms_o, R.fig_path("ti_histogram"), tr("institutional trust TI"))
        R.add_figure(sec, p, tr("Institutional trust at the end of the run: share of residents per bin (mean over "
                                "replicates, bars = 95% CI). BC = Sarle's bimodality coefficient; above 5/9 (0.56) "
                                "the distribution is more likely bimodal than unimodal."),
                     ["ti_histogram", "ti_bimodality"])
    else:
        R.absent.append(tr("institutional-trust histogram extra (an extras/ array named like 'TI_hist')"))
        ti_c = M.find(meta["community"], "TI")
        if ti_c:
            comm = L.community_series(path, metrics=[ti_c], steps=-1)
            cd = K.community_distribution(comm)
            R.add_table("ti_communities", cd, tr("Distribution of community mean TI at the last step, pooled over "
                                                 "replicates"), "ti_communities.png")
            p = F.histograms(cd, None, style, arms_o, R.fig_path("ti_communities"), tr("community mean TI"),
                             value_col="share")
            R.add_figure(sec, p, tr("No resident-level trust histogram in the file: this shows the spread of "
                                    "community means of TI at the last step instead (pooled over replicates), which "
                                    "cannot show bimodality among residents."), ["ti_communities"])

    grid_name = next((n for n in ex_names if re.search(M.EXTRA_GRID_COVERAGE, n, re.I)), None)
    if grid_name:
        gx = L.extras(path, names=[grid_name])
        vals = pd.DataFrame({"arm": np.repeat(gx.arm.to_numpy(), [np.size(v) for v in gx.value]),
                             "value": np.concatenate([np.ravel(v) for v in gx.value]) if len(gx) else []})
        gd = K.community_distribution(vals)
        R.add_table("grid_coverage", gd, tr("Distribution of per-grid coverage '{name}' (pooled over replicates)",
                                            name=grid_name), "grid_coverage.png")
        p = F.histograms(gd, None, style, arms_o, R.fig_path("grid_coverage"), tr("coverage of a grid"),
                         value_col="share")
        R.add_figure(sec, p, tr("Coverage across grids (网格) in the final window (share of grids per bin, pooled "
                                "over replicates): a wide spread means unequal service between grids (spec 4.12 C8)."),
                     ["grid_coverage"])

    lv, gaps = K.subgroup_tables(fin, alpha)
    if not lv.empty:
        R.add_table("participation_subgroups", lv, tr("Participation by age band and Party status (mean, 95% CI)"),
                    "subgroups.png")
        p = F.subgroups(lv, style, arms_o, R.fig_path("subgroups"))
        tabs = ["participation_subgroups"]
        if not gaps.empty:
            R.add_table("participation_gaps", gaps, tr("Within-run gaps 60+ − 18–39 and Party − non-Party (paired "
                                                       "within runs)"), "subgroups.png")
            tabs.append("participation_gaps")
        R.add_figure(sec, p, tr("Participation by age band and by Party status (spec 4.12 C2, C3 expect 60+ above "
                                "18–39 and Party above non-Party)."), tabs)
        if not gaps.empty:
            show = gaps[["arm", "base", "gap", "diff", "lo", "hi", "n", "p"]].copy()
            if tr.zh:
                show["gap"] = [" − ".join(tr.group(x) for x in g.split(" − ")) for g in show.gap]
            sec.parts.append("<p>" + tr("Gaps within runs (paired over replicates):") + "</p>" + html_table(show, tr))
    else:
        R.absent.append(tr("participation by age band and Party status (final values like 'P_vol_age_60p', "
                           "'P_vol_party')"))
    if not sec.parts:
        sec.parts.append("<p>" + tr("None of the distribution views' inputs is in this file.") + "</p>")


def sweep_section(R, path, meta, fin, headline, alpha):
    tr = R.tr
    sec = R.section("sweep", tr("Sweep: responses and sensitivity"))
    design = L.design(path)
    if design is None:
        R.absent.append(tr("sweep design matrix (/design/values, /design/columns): no response curves or heat maps"))
        sec.parts.append("<p>" + tr("The file has no design matrix (/design), so the points cannot be placed on "
                                    "parameter axes.") + "</p>")
    else:
        params = [c for c in design.columns if c not in ("point", "arm") and design[c].nunique() > 1]
        kind = design.attrs.get("kind", "")
        R.add_table("sweep_design", design, tr("Design matrix{k}: one row per point", k=f" ({kind})" if kind else ""))
        pt = K.sweep_point_table(fin, design, alpha)
        R.add_table("sweep_points", pt, tr("Mean of each final value over the replicates of each point (95% CI)"))
        if "points" in meta["summary_tables"]:
            stored = L.summary(path, "points")
            msgs = K.compare_with_stored(pt, stored, "arm", {"mean": "mean", "lo": "ci_lo", "hi": "ci_hi", "n": "n"})
            R.notes.append(tr("Check: the point means equal the file's /summary/points.") if not msgs else
                           tr("The report's point means differ from /summary/points: ") + "; ".join(msgs[:5]))
        ms = [m for m in headline if m in set(fin.metric)][:8] or list(dict.fromkeys(fin.metric))[:8]
        rt = K.response_table(fin[fin.metric.isin(ms)], design, params, alpha)
        if not rt.empty:
            R.add_table("sweep_response", rt, tr("Response of each final value to each swept parameter (method "
                                                 "levels: main effect, CI over replicates; bins: binned point means, "
                                                 "CI over points)"), "sweep_response_*.png")
        for p_ in params:
            short = K.short_param(p_)
            b = C.basis(short)
            path_ = F.responses(rt, p_, ms, R.fig_path("sweep_response_" + slug(short)), b, points=pt, label=short)
            R.add_figure(sec, path_, tr("Response to {p}", p=f"<code>{html.escape(p_)}</code>")
                         + (f" ({b})" if b else "") + tr.colon
                         + tr("for a levelled design the mean over the points at each value (averaging the other "
                              "parameters) with a 95% interval over replicates; for a sampled design binned means of "
                              "the points."), ["sweep_response"])
        for a, b in K.grid_pairs(design, params)[:6]:
            ht = K.heatmap_table(fin[fin.metric.isin(ms)], design, a, b)
            name = f"sweep_heatmap_{slug(K.short_param(a))}__{slug(K.short_param(b))}"
            R.add_table(name, ht, tr("Mean final values on the ({a}, {b}) grid", a=a, b=b), name + ".png")
            path_ = F.heatmaps(ht, a, b, ms, R.fig_path(name))
            R.add_figure(sec, path_, tr("Two-parameter grid {a} × {b}: mean final value per cell (over replicates and "
                                        "any other parameters).", a=html.escape(a), b=html.escape(b)), [name])
        if not params:
            sec.parts.append("<p>" + tr("No parameter varies in the design.") + "</p>")
    found = False
    for method in ("sobol", "morris"):
        if method in meta["summary_tables"]:
            st = K.sensitivity_table(L.summary(path, method), method)
            if st.empty:
                continue
            found = True
            R.add_table(f"sensitivity_{method}", st, tr("{m} indices per parameter and output", m=method.capitalize()),
                        f"sensitivity_{method}.png")
            p = F.sensitivity(st, method.capitalize(), R.fig_path(f"sensitivity_{method}"))
            cap = (tr("Sobol indices (S1 first order, ST total) with their intervals.") if method == "sobol" else
                   tr("Morris elementary effects (mu_star = mean |effect|, sigma = interaction/nonlinearity) with "
                      "intervals."))
            R.add_figure(sec, p, cap, [f"sensitivity_{method}"])
    if not found:
        R.absent.append(tr("sensitivity tables (/summary/sobol or /summary/morris)"))
