"""The report section "How sure is the ranking" (model spec 6.3): the comparison over the
plausible set written by ``govsim compare FILE --posterior calib.h5`` (docs/robust-comparison.md,
docs/output-format.md "/robust").

It reads the /robust group (``load``) and adds to the report: the P(best) table, the rank
distribution (stacked bars per outcome), the pairwise matrix P(row beats column), every arm's
effect against the base with its 5-95% interval over draws and the margin m, the standardised
regression coefficients (SRC) of each effect on the drawn parameters, the PRIM boxes in words
and the verdicts of the pre-registered hypotheses. A file without /robust gets only the P(best)
table when /summary/p_best is there (as before), else nothing.

Margins m and directions come from the file (the /robust/<outcome>/effect column ``m``, written
by govsim from the model's table), never from a second table here.
"""
from __future__ import annotations

import html

import matplotlib
import numpy as np
import pandas as pd

from . import figures as F
from .report import html_table

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

VERDICTS = {0: "supported", 1: "refuted", 2: "undecided", 3: "no data"}


def _s(v):
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)


def _table(g) -> pd.DataFrame:
    vals = np.asarray(g["values"][()], dtype=float)
    cols = [_s(c) for c in g["columns"][()]] if g["columns"].shape != (0,) else []
    rows = [_s(r) for r in g["rows"][()]] if g["rows"].shape != (0,) else []
    vals = vals.reshape(len(rows), len(cols)) if rows and cols else np.zeros((len(rows), len(cols)))
    return pd.DataFrame(vals, index=rows, columns=cols)


def load(path) -> dict | None:
    """The /robust group as DataFrames: {'attrs', 'draws', 'p_best', 'hypotheses', 'outcomes':
    {name: {'values', 'effect', 'ranks', 'beats', 'src', 'prim'}}} (absent tables missing), or
    None when the file has no /robust group."""
    import h5py
    with h5py.File(path, "r") as f:
        if "robust" not in f:
            return None
        g = f["robust"]
        out = {"attrs": _attrs(g), "outcomes": {}}
        for name in g:
            sub = g[name]
            if isinstance(sub.get("values"), h5py.Dataset):  # a table: /robust/draws, p_best, ...
                out[name] = _table(sub)
            else:  # an outcome: its tables /robust/<outcome>/<table>
                out["outcomes"][name] = {t: _table(sub[t]) for t in sub if isinstance(sub[t].get("values"), h5py.Dataset)}
        return out


def _attrs(g) -> dict:
    return {k: (_s(v) if isinstance(v, (bytes, str)) else v.item() if hasattr(v, "item") else v)
            for k, v in g.attrs.items()}


def _fmt(x, digits=3):
    return "–" if x is None or not np.isfinite(x) else f"{x:.{digits}g}"


def order(rob) -> list[str]:
    """The outcomes in the model's order: the columns of /robust/p_best (the ranked outcomes),
    then the others (HDF5 lists groups by name)."""
    pb = rob.get("p_best")
    first = [c for c in (pb.columns if pb is not None else []) if c in rob["outcomes"]]
    return first + [o for o in rob["outcomes"] if o not in first]


def _rank_figure(R, sec, rob, outcomes, arms):
    fig, axes = F._grid(len(outcomes), ncols=3, w=4.2, h=0.5 + 0.32 * len(arms))
    cmap = plt.get_cmap("viridis")
    for ax, o in zip(axes, outcomes):
        rk = rob["outcomes"][o]["ranks"].reindex(arms)
        left = np.zeros(len(arms))
        k = rk.shape[1]
        for j in range(k):
            v = rk.iloc[:, j].fillna(0).to_numpy()
            ax.barh(range(len(arms)), v, left=left, color=cmap(j / max(1, k - 1)), label=str(j + 1))
            left += v
        ax.set_yticks(range(len(arms)))
        ax.set_yticklabels(arms, fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_title(R.tr.short(o), fontsize=9)
    axes[0].legend(title=R.tr("rank"), fontsize=6, title_fontsize=7, ncol=min(6, len(arms)), loc="lower right")
    fig.tight_layout()
    p = F._save(fig, R.fig_path("robust_ranks"))
    R.add_figure(sec, p, R.tr("Distribution of each arm's rank over the plausible parameter sets (rank 1 = best; "
                              "the outcome's better direction)"), [f"robust_ranks_{o}" for o in outcomes])


def _beats_figure(R, sec, rob, o, arms):
    bt = rob["outcomes"][o]["beats"].reindex(index=arms, columns=arms)
    fig, ax = plt.subplots(figsize=(1.5 + 0.5 * len(arms), 1.2 + 0.42 * len(arms)))
    im = ax.imshow(bt.to_numpy(), cmap="RdBu", vmin=0, vmax=1)
    for i in range(len(arms)):
        for j in range(len(arms)):
            v = bt.iloc[i, j]
            ax.text(j, i, _fmt(v, 2), ha="center", va="center", fontsize=7,
                    color="white" if np.isfinite(v) and abs(v - 0.5) > 0.35 else "black")
    ax.set_xticks(range(len(arms)))
    ax.set_xticklabels(arms, rotation=45, ha="right", fontsize=7)
    ax.set_yticks(range(len(arms)))
    ax.set_yticklabels(arms, fontsize=7)
    ax.set_title(R.tr("P(row beats column): {o}", o=R.tr.short(o)), fontsize=9)
    fig.colorbar(im, ax=ax, fraction=0.04)
    fig.tight_layout()
    p = F._save(fig, R.fig_path("robust_beats"))
    R.add_figure(sec, p, R.tr("Pairwise matrix: the share of plausible parameter sets in which the row arm does "
                              "better than the column arm on {o}", o=R.tr.label(o)), ["robust_beats"])


def _effects_figure(R, sec, rob, outcomes, arms, base):
    others = [a for a in arms if a != base]
    fig, axes = F._grid(len(outcomes), ncols=3, w=4.2, h=0.7 + 0.3 * len(others))
    for ax, o in zip(axes, outcomes):
        e = rob["outcomes"][o]["effect"].reindex(others)
        y = np.arange(len(others))
        ax.errorbar(e["mean"], y, xerr=[(e["mean"] - e["lo"]).clip(lower=0), (e["hi"] - e["mean"]).clip(lower=0)],
                    fmt="o", ms=3, color="k", lw=1)
        m = float(e["m"].iloc[0]) if len(e) else 0.0
        if m > 0:
            ax.axvspan(-m, m, color="0.88", zorder=0)
        ax.axvline(0, color="0.5", lw=0.6)
        ax.set_yticks(y)
        ax.set_yticklabels(others, fontsize=7)
        ax.invert_yaxis()
        ax.set_title(R.tr.short(o) + (f" (m = {m:g})" if m > 0 else ""), fontsize=9)
    fig.tight_layout()
    p = F._save(fig, R.fig_path("robust_effects"))
    R.add_figure(sec, p, R.tr("Effect against {base} over the plausible parameter sets: mean and 5-95% interval "
                              "over draws; grey band = ±m, the margin below which an effect is negligible",
                              base=base), ["robust_effects"])


def _src_figure(R, sec, rob, o, base):
    src = rob["outcomes"][o].get("src")
    if src is None or src.empty:
        return None
    params = [c for c in src.columns if c not in ("r2", "n")]
    fig, ax = plt.subplots(figsize=(6.5, 1.2 + 0.22 * len(params) * max(1, len(src.index)) ** 0.5))
    h = 0.8 / max(1, len(src.index))
    cmap = plt.get_cmap("tab10")
    for i, arm in enumerate(src.index):
        v = src.loc[arm, params].to_numpy(dtype=float)
        ax.barh(np.arange(len(params)) + i * h, np.nan_to_num(v), height=h, color=cmap(i % 10),
                label=f"{arm} (R² {_fmt(src.loc[arm, 'r2'], 2)})")
    ax.set_yticks(np.arange(len(params)) + 0.4 - h / 2)
    ax.set_yticklabels([F.param_label(p) for p in params], fontsize=7)
    ax.invert_yaxis()
    ax.axvline(0, color="0.5", lw=0.6)
    ax.legend(fontsize=6, loc="best")
    ax.set_title(R.tr("What drives the effect on {o}: standardised regression coefficients", o=R.tr.short(o)),
                 fontsize=9)
    fig.tight_layout()
    p = F._save(fig, R.fig_path("robust_src"))
    R.add_figure(sec, p, R.tr("Standardised regression coefficients of each arm's effect against {base} on the drawn "
                              "parameters (trust them when R² is high, about 0.7 or more)", base=base), ["robust_src"])
    return p


def prim_sentences(rob, tr=lambda text, **kw: text.format(**kw)) -> list[str]:
    """The PRIM boxes in words: "CM5 is not the best on P_vol in 92% of draws where TS0 <= 0.41"."""
    out = []
    for o in order(rob):
        pr = rob["outcomes"][o].get("prim")
        if pr is None or pr.empty:
            continue
        params = [c[:-3] for c in pr.columns if c.endswith(".lo")]
        for arm in pr.index:
            r = pr.loc[arm]
            lims = []
            for p in params:
                lo, hi = r[p + ".lo"], r[p + ".hi"]
                if np.isfinite(lo) and np.isfinite(hi):
                    lims.append(f"{p} {tr('in')} [{_fmt(lo)}, {_fmt(hi)}]")
                elif np.isfinite(lo):
                    lims.append(f"{p} ≥ {_fmt(lo)}")
                elif np.isfinite(hi):
                    lims.append(f"{p} ≤ {_fmt(hi)}")
            if lims:
                out.append(tr("{arm} is best on {o} in {pb:.0%} of the draws; it is not the best in {d:.0%} of the "
                              "draws where {box} ({sup:.0%} of all draws)", arm=arm, o=o, pb=r["p_best"],
                              d=r["density"], box=", ".join(lims), sup=r["support"]))
            else:
                out.append(tr("{arm} is best on {o} in {pb:.0%} of the draws; no box of the drawn parameters "
                              "separates the others", arm=arm, o=o, pb=r["p_best"]))
    return out


def hypotheses_table(rob) -> pd.DataFrame:
    h = rob.get("hypotheses")
    if h is None or h.empty:
        return pd.DataFrame(columns=["hypothesis", "probability", "verdict", "draws", "by"])
    return pd.DataFrame({"hypothesis": h.index, "probability": h["probability"].to_numpy(),
                         "verdict": [VERDICTS.get(int(v), "?") for v in h["verdict"]],
                         "draws": h["n"].astype(int).to_numpy(), "by": h["by"].to_numpy()})


def section(R, meta, pbest, headline, arms_o) -> dict | None:
    """Adds "How sure is the ranking" to report R (see the module comment). Returns the
    attributes of /robust (draws, replicates_per_draw, ...; the first screen's lede says them),
    or None when the file has no /robust group."""
    tr = R.tr
    rob = load(meta["path"]) if meta.get("path") else None
    if pbest is None and rob is None:
        return
    sec = R.section("robust", tr("How sure is the ranking"))
    if rob is not None:
        a = rob["attrs"]
        sec.parts.append("<p>" + tr("Over {k} plausible parameter sets drawn from the calibration {c} (generation {g}), "
                                    "each run {r} times for every arm on common random numbers.",
                                    k=a.get("draws", "?"), c=html.escape(str(a.get("posterior", "?"))),
                                    g=a.get("posterior_generation", "?"), r=a.get("replicates_per_draw", "?"))
                         + "</p>")
    if pbest is not None:
        R.add_table("p_best", pbest.reset_index().rename(columns={"index": "arm"}),
                    tr("Probability that each arm is the best on each headline outcome over the plausible parameter "
                       "sets (robust comparison, spec 6.3)"))
        shown = pbest.copy()
        shown.columns = [tr.short(c) for c in shown.columns]
        shown.index.name = tr("arm")
        sec.parts.append("<p>" + tr("P(best): the share of plausible parameter sets (draws from the calibration's "
                                    "posterior) in which the arm is the best on the outcome.") + "</p>"
                         + html_table(shown, tr, index=True))
    if rob is None:
        return
    arms = [a for a in arms_o if any(a in t["effect"].index for t in rob["outcomes"].values() if "effect" in t)]
    base = str(rob["attrs"].get("base", arms[0] if arms else ""))
    outcomes = order(rob)
    ranked = [o for o in outcomes if "ranks" in rob["outcomes"][o]]
    if ranked:
        for o in ranked:
            R.add_table(f"robust_ranks_{o}", rob["outcomes"][o]["ranks"].reset_index().rename(columns={"index": "arm"}),
                        tr("Rank distribution on {o} over draws", o=o), "robust_ranks")
        _rank_figure(R, sec, rob, ranked, arms)
        _beats_figure(R, sec, rob, ranked[0], arms)
        R.add_table("robust_beats", rob["outcomes"][ranked[0]]["beats"].reset_index().rename(columns={"index": "arm"}),
                    tr("P(row beats column) on {o}", o=ranked[0]), "robust_beats")
    effects = [o for o in outcomes if "effect" in rob["outcomes"][o]]
    if effects:
        _effects_figure(R, sec, rob, effects, arms, base)
        rows = []
        for o in effects:
            e = rob["outcomes"][o]["effect"]
            for arm in e.index:
                if arm != base:
                    rows.append({"outcome": o, "arm": arm, **{c: e.loc[arm, c] for c in e.columns}})
        df = pd.DataFrame(rows)
        R.add_table("robust_effects", df, tr("Effects against {base} over draws: mean, 5% and 95% quantiles, "
                                             "P(effect > m), P(effect < -m), margin m, draws", base=base),
                    "robust_effects")
        shown = df.copy()
        shown["outcome"] = [tr.short(o) for o in shown["outcome"]]
        shown = shown.rename(columns={"lo": "5%", "hi": "95%", "p_above": "P(> m)", "p_below": "P(< -m)"})
        sec.parts.append(html_table(shown[["outcome", "arm", "mean", "5%", "95%", "m", "P(> m)", "P(< -m)"]], tr))
        first = ranked[0] if ranked else effects[0]
        if _src_figure(R, sec, rob, first, base):
            src = rob["outcomes"][first]["src"]
            R.add_table("robust_src", src.reset_index().rename(columns={"index": "arm"}),
                        tr("SRC of each arm's effect on {o} on the drawn parameters", o=first), "robust_src")
    words = prim_sentences(rob, tr)
    if words:
        sec.parts.append("<h3>" + tr("Where the best arm stops being best (PRIM)") + "</h3><ul>"
                         + "".join(f"<li>{html.escape(w)}</li>" for w in words) + "</ul>")
    ht = hypotheses_table(rob)
    if not ht.empty:
        R.add_table("robust_hypotheses", ht, tr("Pre-registered hypotheses: probability over the plausible set and "
                                                "verdict (supported when P ≥ {lv}, refuted when P ≤ {lo})",
                                                lv=rob["attrs"].get("level", 0.95),
                                                lo=round(1 - float(rob["attrs"].get("level", 0.95)), 6)))
        sec.parts.append("<h3>" + tr("Hypotheses") + "</h3>" + html_table(ht, tr))
    return rob["attrs"]
