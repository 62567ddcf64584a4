"""Figures of the report (matplotlib, Agg backend). Each function draws from a table of
analysis.compute and writes one PNG; it never computes numbers of its own.

Language: `use_language(tr)` (analysis/i18n.Tr) sets the language of titles, axis labels and
legends, and for Chinese a CJK font from Debian's fonts-noto-cjk (see fonts.py), so that no
glyph is missing.
"""
from __future__ import annotations

import math
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from . import fonts  # noqa: E402
from . import i18n  # noqa: E402
from . import margins as G  # noqa: E402
from . import metrics as M  # noqa: E402

DPI = 110
plt.rcParams.update({"font.size": 9, "axes.titlesize": 9.5, "axes.labelsize": 9,
                     "legend.fontsize": 8, "figure.dpi": DPI, "axes.spines.top": False,
                     "axes.spines.right": False})

_TR = i18n.Tr("en")


def use_language(tr: i18n.Tr) -> None:
    """Titles, labels and legends in tr's language; a CJK font for Chinese (fonts.py)."""
    global _TR
    _TR = tr
    fonts.configure(plt.rcParams, tr.lang)


def missing_translations() -> set:
    return set(_TR.missing)


def _t(text, **kw):
    return _TR(text, **kw)


class ArmStyle:
    """Colour per arm: baseline black; a cost-matched arm (CM1cm) shares its plain arm's colour
    with a dashed line and a hollow marker."""

    def __init__(self, arms: list[str], baseline: str | None):
        self.baseline = baseline
        cmap = plt.get_cmap("tab10")
        plain = []
        for a in arms:
            p = M.plain_of(a)
            if a != baseline and p not in plain:
                plain.append(p)
        self.colour = {p: cmap(i % 10) for i, p in enumerate(plain)}
        if baseline:
            self.colour[baseline] = (0.1, 0.1, 0.1, 1.0)

    def color(self, arm):
        return self.colour.get(M.plain_of(arm), self.colour.get(arm, (0.4, 0.4, 0.4, 1.0)))

    def line(self, arm):
        return "--" if M.is_cost_matched(arm) else "-"

    def face(self, arm):
        return "white" if M.is_cost_matched(arm) else self.color(arm)


def _save(fig, path):
    # no bbox_inches="tight": it draws the figure twice; tight_layout (called by each figure) suffices
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    return path


def _grid(n, ncols=3, w=4.0, h=2.9):
    ncols = max(1, min(ncols, n))
    nrows = int(math.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(w * ncols, h * nrows), squeeze=False)
    for ax in axes.ravel()[n:]:
        ax.set_visible(False)
    return fig, axes.ravel()[:n]


def timeseries(table: pd.DataFrame, metrics: list[str], labels: dict, style: ArmStyle,
               arms: list[str], path: str, xlabel="step", title=None):
    """One panel per metric: each arm's mean over replicates with its 95% t-band."""
    fig, axes = _grid(len(metrics), ncols=min(3, len(metrics)))
    for ax, m in zip(axes, metrics):
        d = table[table.metric == m]
        for arm in arms:
            a = d[d.arm == arm].sort_values("step")
            if a.empty:
                continue
            c = style.color(arm)
            ax.plot(a.step, a["mean"], style.line(arm), color=c, lw=1.3, label=arm)
            if (a["n"] >= 2).any():
                ax.fill_between(a.step, a["lo"], a["hi"], color=c, alpha=0.15, lw=0)
        ax.set_title(labels.get(m, M.label(m)))
        ax.set_xlabel(xlabel)
        ax.grid(alpha=0.3)
    handles, labs = axes[0].get_legend_handles_labels()
    width, height = fig.get_size_inches()
    bottom = 0.0
    if handles:
        entry = 0.55 + 0.075 * max(len(x) for x in labs)   # inches per legend entry
        ncol = max(2, min(len(labs), int(width / entry)))
        rows = int(math.ceil(len(labs) / ncol))
        bottom = min(0.45, (0.12 + 0.2 * rows) / height)
        fig.legend(handles, labs, loc="lower center", ncol=ncol, frameon=False,
                   bbox_to_anchor=(0.5, 0.0))
    top = 1.0
    if title:
        fig.suptitle(title)
        top = 1 - 0.3 / height
    fig.tight_layout(rect=(0, bottom, 1, top))
    return _save(fig, path)


def effects(eff: pd.DataFrame, metrics: list[str], style: ArmStyle, arms: list[str],
            baseline: str, path: str, alpha=0.05, ncols=4):
    """Small multiples: for each metric, each arm's difference from the baseline with its CI;
    a plain arm and its cost-matched twin (CM1, CM1cm) in adjacent rows, same colour, the twin
    hollow. '*' = Holm-adjusted p < alpha within the metric's family (p_holm_family).

    Laid out by hand (no tight_layout: with dozens of panels it dominates the report's time)."""
    from matplotlib.ticker import MaxNLocator
    others = [a for a in arms if a != baseline and a in set(eff.arm)]
    n = len(metrics)
    ncols = max(1, min(ncols, n))
    nrows = int(math.ceil(n / ncols))
    label_w = 0.3 + 0.075 * max(len(a) for a in others)
    panel_w, gap_w = 2.5, 0.3
    panel_h = 0.26 * max(3, len(others)) + 0.1
    top_h, bottom_h = 0.32, 0.42          # title above, tick labels below each panel
    fig_w = label_w + ncols * panel_w + (ncols - 1) * gap_w + 0.25
    row_h = top_h + panel_h + bottom_h
    fig_h = nrows * row_h + 0.35
    fig = plt.figure(figsize=(fig_w, fig_h))
    y = np.arange(len(others))[::-1]
    colors = [style.color(a) for a in others]
    faces = [style.face(a) for a in others]
    by_metric = {m: d.set_index("arm") for m, d in eff[eff.metric.isin(metrics)].groupby("metric")}
    for k, m in enumerate(metrics):
        r_, c_ = divmod(k, ncols)
        left = label_w + c_ * (panel_w + gap_w)
        bottom = fig_h - 0.1 - (r_ + 1) * row_h + bottom_h
        ax = fig.add_axes([left / fig_w, bottom / fig_h, panel_w / fig_w, panel_h / fig_h])
        d = by_metric.get(m, pd.DataFrame()).reindex(others)
        if not d.empty:
            diff, lo, hi = d["diff"].to_numpy(float), d["lo"].to_numpy(float), d["hi"].to_numpy(float)
            ax.hlines(y, lo, hi, colors=colors, lw=1.3)
            ax.scatter(diff, y, s=26, c=faces, edgecolors=colors, linewidths=1.2, zorder=3)
            sig = np.isfinite(d["p_holm_family"].to_numpy(float)) & (d["p_holm_family"].to_numpy(float) < alpha)
            span = np.nanmax(hi) - np.nanmin(lo) if np.isfinite(hi).any() and np.isfinite(lo).any() else 0
            for yi, h, c in zip(y[sig], hi[sig], np.asarray(colors, dtype=object)[sig]):
                ax.text(h + 0.02 * (span or 1), yi, "*", color=c, va="center", fontsize=10)
        m_ = G.margin(m)
        if np.isfinite(m_):
            ax.axvspan(-m_, m_, color="0.85", alpha=0.6, lw=0, zorder=0)
        ax.axvline(0, color="0.3", lw=0.8)
        ax.set_yticks(y)
        ax.set_yticklabels(others if c_ == 0 else [])
        ax.set_ylim(-0.7, len(others) - 0.3)
        ax.xaxis.set_major_locator(MaxNLocator(4))
        b = M.better(m)
        arrow = _t(" (↑ better)") if b > 0 else _t(" (↓ better)") if b < 0 else ""
        ax.set_title(_TR.short(m) + arrow, fontsize=8.5)
        ax.tick_params(labelsize=7.5)
        ax.grid(axis="x", alpha=0.3)
    fig.text(0.5, 0.02 / fig_h, _t("Δ vs {base} (95% CI; grey band = ±m, negligible)", base=baseline),
             ha="center", va="bottom", fontsize=8.5)
    return _save(fig, path)


def effects_heatmap(eff: pd.DataFrame, metrics: list[str], arms: list[str], baseline: str,
                    path: str, alpha=0.05):
    """Arms x metrics: colour = standardised effect oriented so that blue = better (metrics with
    no preferred direction: blue = higher), text = difference, '*' = Holm p < alpha."""
    others = [a for a in arms if a != baseline and a in set(eff.arm)]
    mat = np.full((len(others), len(metrics)), np.nan)
    txt = [["" for _ in metrics] for _ in others]
    for i, a in enumerate(others):
        for j, m in enumerate(metrics):
            r = eff[(eff.arm == a) & (eff.metric == m)]
            if r.empty:
                continue
            r = r.iloc[0]
            b = M.better(m) or 1
            es = r["effect_size"]
            negligible = r.get("verdict", "") == G.NEGLIGIBLE
            mat[i, j] = np.nan if negligible else (np.clip(b * es, -3, 3) if np.isfinite(es) else np.nan)
            star = "*" if np.isfinite(r["p_holm_family"]) and r["p_holm_family"] < alpha else ""
            txt[i][j] = f"{r['diff']:+.3g}{star}"
    fig, ax = plt.subplots(figsize=(1.6 + 0.95 * len(metrics), 1.1 + 0.38 * len(others)))
    cmap = plt.get_cmap("RdBu").copy()
    cmap.set_bad("0.88")
    im = ax.imshow(np.ma.masked_invalid(mat), cmap=cmap, vmin=-3, vmax=3, aspect="auto")
    for i in range(len(others)):
        for j in range(len(metrics)):
            ax.text(j, i, txt[i][j], ha="center", va="center", fontsize=7.5,
                    color="white" if np.isfinite(mat[i, j]) and abs(mat[i, j]) > 2 else "black")
    ax.set_xticks(range(len(metrics)))
    ax.set_xticklabels([_TR.short(m) for m in metrics], rotation=30, ha="right")
    ax.set_yticks(range(len(others)))
    ax.set_yticklabels(others)
    cb = fig.colorbar(im, ax=ax, fraction=0.04)
    kind = eff["effect_size_kind"].iloc[0] if not eff.empty else "d"
    cb.set_label(_t("{kind}, oriented (blue = better)", kind=kind))
    ax.set_title(_t("Effects vs {base}: text = Δ, colour = standardised effect (grey = negligible)", base=baseline))
    fig.tight_layout()
    return _save(fig, path)


def final_bars(ft: pd.DataFrame, metric: str, style: ArmStyle, arms: list[str], ax, title=None):
    d = ft[ft.metric == metric].set_index("arm")
    present = [a for a in arms if a in d.index]
    x = np.arange(len(present))
    for xi, a in zip(x, present):
        r = d.loc[a]
        c = style.color(a)
        ax.bar(xi, r["mean"], color=style.face(a), edgecolor=c, lw=1.2, hatch="//" if M.is_cost_matched(a) else None)
        ax.errorbar(xi, r["mean"], yerr=[[r["mean"] - r["lo"]], [r["hi"] - r["mean"]]], color="0.2",
                    capsize=3, lw=1)
    ax.set_xticks(x)
    ax.set_xticklabels(present, rotation=45, ha="right")
    ax.set_title(title or _TR.label(metric))
    ax.grid(axis="y", alpha=0.3)


def gini_lorenz(ft: pd.DataFrame | None, gini_metric: str | None, lorenz: pd.DataFrame | None,
                style: ArmStyle, arms: list[str], path: str):
    n = int(gini_metric is not None) + int(lorenz is not None and not lorenz.empty)
    fig, axes = _grid(n, ncols=2, w=4.6, h=3.4)
    k = 0
    if gini_metric is not None:
        final_bars(ft, gini_metric, style, arms, axes[k], _t("Participation Gini (final, 95% CI)"))
        k += 1
    if lorenz is not None and not lorenz.empty:
        ax = axes[k]
        for arm in arms:
            d = lorenz[lorenz.arm == arm].sort_values("x")
            if d.empty:
                continue
            c = style.color(arm)
            ax.plot(d.x, d["mean"], style.line(arm), color=c, lw=1.2, label=arm)
            ax.fill_between(d.x, d["lo"], d["hi"], color=c, alpha=0.12, lw=0)
        ax.plot([0, 1], [0, 1], ":", color="0.5", lw=1, label=_t("equality"))
        ax.set_xlabel(_t("share of residents (least active first)"))
        ax.set_ylabel(_t("share of cumulative volunteering"))
        ax.set_title(_t("Lorenz curve (mean over replicates)"))
        ax.legend(frameon=False, fontsize=7)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return _save(fig, path)


def histograms(ht: pd.DataFrame, bc: pd.DataFrame | None, style: ArmStyle, arms: list[str],
               path: str, xlabel: str, value_col="mean"):
    present = [a for a in arms if a in set(ht.arm)]
    fig, axes = _grid(len(present), ncols=min(4, len(present)), w=3.0, h=2.3)
    for ax, arm in zip(axes, present):
        d = ht[ht.arm == arm]
        w = (d.bin_hi - d.bin_lo).to_numpy()
        c = style.color(arm)
        ax.bar(d.bin_lo, d[value_col], width=w, align="edge", color=c, alpha=0.6, edgecolor=c)
        if "lo" in d and value_col == "mean":
            ctr = (d.bin_lo + d.bin_hi) / 2
            ax.errorbar(ctr, d["mean"], yerr=[d["mean"] - d["lo"], d["hi"] - d["mean"]], fmt="none",
                        color="0.2", lw=0.7)
        title = arm
        if bc is not None and not bc.empty and arm in set(bc.arm):
            r = bc[bc.arm == arm].iloc[0]
            title += f"  (BC {r['bimodality_coefficient']:.2f})"
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return _save(fig, path)


def subgroups(levels: pd.DataFrame, style: ArmStyle, arms: list[str], path: str):
    dims = [d for d in ("age", "party") if d in set(levels.dimension)]
    bases = list(dict.fromkeys(levels.base))
    have = set(zip(levels.base, levels.dimension))
    panels = [(b, d) for b in bases for d in dims if (b, d) in have]
    fig, axes = _grid(len(panels), ncols=2, w=5.0, h=3.2)
    for ax, (base, dim) in zip(axes, panels):
        d = levels[(levels.base == base) & (levels.dimension == dim)]
        groups = list(dict.fromkeys(d.group))
        present = [a for a in arms if a in set(d.arm)]
        width = 0.8 / max(1, len(groups))
        shades = np.linspace(0.35, 1.0, len(groups))
        for gi, g in enumerate(groups):
            dd = d[d.group == g].set_index("arm")
            x = np.arange(len(present)) + (gi - (len(groups) - 1) / 2) * width
            for xi, a in zip(x, present):
                if a not in dd.index:
                    continue
                r = dd.loc[a]
                c = np.array(style.color(a))
                col = tuple(c[:3] * shades[gi] + (1 - shades[gi])) + (1.0,)
                ax.bar(xi, r["mean"], width=width, color=col, edgecolor=tuple(c), lw=0.6,
                       hatch="//" if M.is_cost_matched(a) else None,
                       label=_TR.group(g) if a == present[0] else None)
                ax.errorbar(xi, r["mean"], yerr=[[r["mean"] - r["lo"]], [r["hi"] - r["mean"]]],
                            color="0.2", lw=0.8, capsize=1.5)
        ax.set_xticks(np.arange(len(present)))
        ax.set_xticklabels(present, rotation=45, ha="right")
        ax.set_title(_t("{m} by age band", m=_TR.short(base)) if dim == "age" else
                     _t("{m} by Party status", m=_TR.short(base)))
        ax.legend(frameon=False, fontsize=7)
        ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return _save(fig, path)


def responses(rt: pd.DataFrame, param: str, metrics: list[str], path: str, basis: str | None,
              points: pd.DataFrame | None = None, label: str | None = None):
    """Response curves of one parameter; `points` (param value, metric, mean per point) adds a
    scatter of the design points for sampled designs."""
    label = label or param
    fig, axes = _grid(len(metrics), ncols=min(4, len(metrics)), w=3.2, h=2.6)
    binned = False
    for ax, m in zip(axes, metrics):
        d = rt[(rt.param == param) & (rt.metric == m)].sort_values("value")
        binned = binned or (d["method"] == "bins").any()
        if points is not None and binned:
            pp = points[points.metric == m]
            ax.scatter(pp[param], pp["mean"], s=6, color="0.6", alpha=0.6, lw=0)
        ax.plot(d["value"], d["mean"], "o-", color="C0", ms=3.5, lw=1.2)
        ax.fill_between(d["value"], d["lo"], d["hi"], color="C0", alpha=0.2, lw=0)
        ax.set_title(_TR.short(m))
        ax.set_xlabel(label + (f"  ({basis})" if basis else ""))
        ax.grid(alpha=0.3)
    how = (_t("binned means of the design points (grey), 95% CI over the points of a bin") if binned else
           _t("main effect: mean over the other parameters; 95% CI over replicates"))
    fig.suptitle(_t("Response to {p} ({how})", p=label, how=how))
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / fig.get_size_inches()[1]))
    return _save(fig, path)


def heatmaps(ht: pd.DataFrame, a: str, b: str, metrics: list[str], path: str):
    fig, axes = _grid(len(metrics), ncols=min(3, len(metrics)), w=3.8, h=3.0)
    for ax, m in zip(axes, metrics):
        d = ht[ht.metric == m].pivot(index="b", columns="a", values="mean").sort_index(ascending=False)
        im = ax.imshow(d.to_numpy(), cmap="viridis", aspect="auto")
        ax.set_xticks(range(d.shape[1]))
        ax.set_xticklabels([f"{v:g}" for v in d.columns], rotation=45)
        ax.set_yticks(range(d.shape[0]))
        ax.set_yticklabels([f"{v:g}" for v in d.index])
        ax.set_xlabel(a)
        ax.set_ylabel(b)
        ax.set_title(_TR.short(m))
        fig.colorbar(im, ax=ax, fraction=0.046)
        if d.size <= 64:
            vals = d.to_numpy()
            mid = np.nanmean(vals)
            for i in range(d.shape[0]):
                for j in range(d.shape[1]):
                    ax.text(j, i, f"{vals[i, j]:.3g}", ha="center", va="center", fontsize=6.5,
                            color="black" if vals[i, j] > mid else "white")
    fig.tight_layout()
    return _save(fig, path)


def param_label(path: str) -> str:
    """params.kappa_out -> 'kappa_out [A]' (basis tag of analysis/caveats.py when known)."""
    from . import caveats
    short = path[len("params."):] if path.startswith("params.") else path
    b = caveats.basis(short)
    return f"{short} {b}" if b else short


SENSITIVITY_SHOWN = {"Sobol": ("S1", "ST"), "Morris": ("mu_star", "sigma")}


def sensitivity(st: pd.DataFrame, method: str, path: str):
    shown = SENSITIVITY_SHOWN.get(method)
    if shown and st["index"].isin(shown).any():
        st = st[st["index"].isin(shown)]
    metrics = list(dict.fromkeys(st.metric))
    fig, axes = _grid(len(metrics), ncols=min(3, len(metrics)), w=4.0, h=0.8 + 0.35 * max(3, st.param.nunique()))
    for ax, m in zip(axes, metrics):
        d = st[st.metric == m]
        idxs = list(dict.fromkeys(d["index"]))
        params = list(dict.fromkeys(d.param))
        h = 0.8 / max(1, len(idxs))
        for k, ix in enumerate(idxs):
            dd = d[d["index"] == ix].set_index("param").reindex(params)
            y = np.arange(len(params))[::-1] + (k - (len(idxs) - 1) / 2) * h
            err = None
            if dd["lo"].notna().any():
                err = [dd["value"] - dd["lo"], dd["hi"] - dd["value"]]
            ax.barh(y, dd["value"], height=h, xerr=err, color=f"C{k}", alpha=0.8, label=ix,
                    error_kw={"lw": 0.8, "capsize": 2})
        ax.set_yticks(np.arange(len(params))[::-1])
        ax.set_yticklabels([param_label(p) for p in params])
        ax.set_title(f"{method}: {_TR.short(m)}")
        ax.legend(frameon=False, fontsize=7)
        ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return _save(fig, path)


def file_ok(path) -> bool:
    return os.path.isfile(path) and os.path.getsize(path) > 0
