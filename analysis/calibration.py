"""The calibration report: `govsim report calib.h5 -o DIR` (or
`/usr/bin/python3 -m analysis report calib.h5 -o DIR`) for a file written by `govsim calibrate`
(layout: docs/output-format.md, "Calibration files").

It shows, from the final population (/calibration/posterior) and every generation:
- each free parameter's weighted posterior median and 90% interval, how far it moved from its
  prior (width = posterior 90% width / prior 90% width, shift = median shift in prior widths,
  both in the prior's flat coordinate: x, or ln x for log_uniform), as in `govsim summarize`;
- marginal posteriors against their priors (the parameters that moved most first);
- pairwise plots of the four parameters that moved most;
- each target's posterior predictive (the particles' target values) against its pattern;
- epsilon and acceptance rate by generation, with the effective sample size.
Only h5py, numpy, pandas and matplotlib (Debian's python3).
"""
from __future__ import annotations

import base64
import html
import os

import h5py
import numpy as np
import pandas as pd

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402

DPI = 110


class CalibrationFileError(ValueError):
    """The file is not a usable calibration file (exit status 2)."""


def _s(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def is_calibration(path) -> bool:
    try:
        with h5py.File(path, "r") as f:
            return _s(f.attrs.get("kind", "")) == "calibrate"
    except (OSError, ValueError):
        return False


def load(path) -> dict:
    """Everything of a calibration file as numpy arrays and lists."""
    if not os.path.isfile(path):
        raise CalibrationFileError(f"{path}: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise CalibrationFileError(f"{path}: not an HDF5 file ({e})") from e
    with f:
        if _s(f.attrs.get("kind", "")) != "calibrate":
            raise CalibrationFileError(f"{path}: not a calibration file (kind '{_s(f.attrs.get('kind', ''))}')")
        for need in ("calibration/parameters/names", "calibration/targets/names", "calibration/generations"):
            if need not in f:
                raise CalibrationFileError(f"{path}: /{need} is missing")
        c = f["calibration"]
        d = {"path": path, "name": _s(f.attrs.get("name", "")), "model": _s(f.attrs.get("model", "")),
             "seed": int(f.attrs.get("seed", 0)), "finished": int(f.attrs.get("finished", 0)),
             "stop_reason": _s(f.attrs.get("stop_reason", "")), "input_yaml": _s(f.attrs.get("input_yaml", "")),
             "settings": {k: (_s(v) if isinstance(v, (bytes, str)) else float(v)) for k, v in c.attrs.items()}}
        p = c["parameters"]
        d["params"] = pd.DataFrame({"name": [_s(x) for x in p["names"][:]], "prior": [_s(x) for x in p["prior"][:]],
                                    "lo": p["lo"][:], "hi": p["hi"][:]})
        t = c["targets"]
        d["targets"] = pd.DataFrame({"name": [_s(x) for x in t["names"][:]], "kind": [_s(x) for x in t["kind"][:]],
                                     "lo": t["lo"][:], "hi": t["hi"][:], "value": t["value"][:],
                                     "scale": t["scale"][:], "definition": [_s(x) for x in t["definition"][:]]})
        gens = []
        for key in sorted(c["generations"].keys()):
            g = c["generations"][key]
            gens.append({"generation": int(key), "particles": g["particles"][:], "weights": g["weights"][:],
                         "distances": g["distances"][:], "target_values": g["target_values"][:],
                         **{k: float(v) for k, v in g.attrs.items()}})
        d["generations"] = gens
        if "posterior" in c:
            q = c["posterior"]
            d["posterior"] = {"particles": q["particles"][:], "weights": q["weights"][:],
                              "target_values": q["target_values"][:],
                              "names": [_s(x) for x in q["parameter_names"][:]],
                              **{k: float(v) for k, v in q.attrs.items()}}
        else:
            d["posterior"] = None
    return d


def weighted_quantile(values, weights, q):
    """The smallest value v with (weight of values <= v) >= q * total (as sim/calibrate)."""
    v = np.asarray(values, float)
    w = np.asarray(weights, float)
    ok = np.isfinite(v)
    v, w = v[ok], w[ok]
    if v.size == 0 or w.sum() <= 0:
        return float("nan")
    o = np.argsort(v, kind="stable")
    cw = np.cumsum(w[o])
    i = int(np.searchsorted(cw, q * cw[-1] * (1 - 1e-12), side="left"))
    return float(v[o][min(i, v.size - 1)])


def _kernel(x, prior):
    return np.log(x) if prior == "log_uniform" else np.asarray(x, float)


def parameter_table(d) -> pd.DataFrame:
    post = d["posterior"]
    rows = []
    for k, p in d["params"].iterrows():
        x, w = post["particles"][:, k], post["weights"]
        z = _kernel(x, p.prior)
        zlo, zhi = _kernel(p.lo, p.prior), _kernel(p.hi, p.prior)
        width = zhi - zlo
        z5, z50, z95 = (weighted_quantile(z, w, q) for q in (0.05, 0.5, 0.95))
        rows.append({"parameter": p["name"], "prior": p.prior, "prior_lo": p.lo, "prior_hi": p.hi,
                     "median": weighted_quantile(x, w, 0.5), "q05": weighted_quantile(x, w, 0.05),
                     "q95": weighted_quantile(x, w, 0.95), "width_ratio": (z95 - z5) / (0.9 * width),
                     "shift": (z50 - 0.5 * (zlo + zhi)) / width})
    t = pd.DataFrame(rows)
    t["moved"] = (1 - t.width_ratio).clip(lower=0) + t["shift"].abs()
    return t


def inside(t, v):
    lo = t.value if np.isfinite(t.value) else (t.lo if np.isfinite(t.lo) else -np.inf)
    hi = t.value if np.isfinite(t.value) else (t.hi if np.isfinite(t.hi) else np.inf)
    return (v >= lo) & (v <= hi)


def target_table(d) -> pd.DataFrame:
    post = d["posterior"]
    rows = []
    for k, t in d["targets"].iterrows():
        v, w = post["target_values"][:, k], post["weights"]
        ok = np.isfinite(v)
        rows.append({"target": t["name"], "pattern": t.definition, "median": weighted_quantile(v, w, 0.5),
                     "q05": weighted_quantile(v, w, 0.05), "q95": weighted_quantile(v, w, 0.95),
                     "share_inside": float(w[ok & inside(t, v)].sum() / w.sum()) if w.sum() > 0 else float("nan")})
    return pd.DataFrame(rows)


def generation_table(d) -> pd.DataFrame:
    rows = []
    for g in d["generations"]:
        wall, cal = g.get("wall_seconds", float("nan")), g.get("calibrator_seconds", float("nan"))
        rows.append({"generation": g["generation"], "epsilon": g.get("epsilon", float("nan")),
                     "acceptance_rate": g.get("acceptance_rate", float("nan")),
                     "proposals": int(g.get("proposals", 0)), "ess": g.get("ess", float("nan")),
                     "wall_seconds": wall, "calibrator_seconds": cal,
                     "calibrator_share": cal / wall if wall and wall > 0 else float("nan")})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------- figures

def _save(fig, outdir, name):
    path = os.path.join(outdir, name)
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return path


def fig_marginals(d, ptab, outdir, max_panels=12):
    post = d["posterior"]
    order = ptab.sort_values("moved", ascending=False).index[:max_panels]
    n = len(order)
    cols = min(4, n)
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3.0 * cols, 2.3 * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.axis("off")
    for ax, k in zip(axes.flat, order):
        p = d["params"].iloc[k]
        log = p.prior == "log_uniform"
        bins = np.geomspace(p.lo, p.hi, 21) if log else np.linspace(p.lo, p.hi, 21)
        ax.hist(post["particles"][:, k], bins=bins, weights=post["weights"], density=True, color="#4477aa",
                alpha=0.75, label="posterior")
        xs = np.geomspace(p.lo, p.hi, 200) if log else np.linspace(p.lo, p.hi, 200)
        dens = 1.0 / (xs * np.log(p.hi / p.lo)) if log else np.full_like(xs, 1.0 / (p.hi - p.lo))
        ax.plot(xs, dens, color="#cc6677", lw=1.5, label="prior")
        if log:
            ax.set_xscale("log")
            ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.set_title(f"{p['name']}\nwidth {ptab.width_ratio[k]:.2f}, shift {ptab['shift'][k]:+.2f}", fontsize=8)
        ax.tick_params(labelsize=7)
    axes.flat[0].legend(fontsize=7)
    fig.suptitle("Marginal posteriors (bars) against priors (line), parameters that moved most first")
    fig.tight_layout()
    return _save(fig, outdir, "calibration_marginals.png")


def fig_pairs(d, ptab, outdir, k=4):
    post = d["posterior"]
    idx = list(ptab.sort_values("moved", ascending=False).index[:k])
    n = len(idx)
    if n < 2:
        return None
    fig, axes = plt.subplots(n, n, figsize=(2.2 * n, 2.2 * n), squeeze=False)
    w = post["weights"]
    size = 4 + 60 * w / w.max()
    for i, a in enumerate(idx):
        for j, b in enumerate(idx):
            ax = axes[i][j]
            pa, pb = d["params"].iloc[a], d["params"].iloc[b]
            if i == j:
                ax.hist(post["particles"][:, a], bins=20, weights=w, color="#4477aa", alpha=0.75)
            else:
                ax.scatter(post["particles"][:, b], post["particles"][:, a], s=size, alpha=0.5, color="#4477aa",
                           edgecolors="none")
                ax.set_xlim(pb.lo, pb.hi)
                ax.set_ylim(pa.lo, pa.hi)
                if pb.prior == "log_uniform":
                    ax.set_xscale("log")
                if pa.prior == "log_uniform":
                    ax.set_yscale("log")
            if i == n - 1:
                ax.set_xlabel(pb["name"].replace("params.", ""), fontsize=7)
            if j == 0:
                ax.set_ylabel(pa["name"].replace("params.", ""), fontsize=7)
            ax.tick_params(labelsize=6)
    fig.suptitle("Pairs of the parameters that moved most (point size = weight)")
    fig.tight_layout()
    return _save(fig, outdir, "calibration_pairs.png")


def fig_targets(d, outdir):
    post = d["posterior"]
    tg = d["targets"]
    n = len(tg)
    cols = min(4, n)
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3.0 * cols, 2.3 * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.axis("off")
    for ax, (k, t) in zip(axes.flat, tg.iterrows()):
        v = post["target_values"][:, k]
        ok = np.isfinite(v)
        if ok.any():
            ax.hist(v[ok], bins=20, weights=post["weights"][ok], color="#4477aa", alpha=0.75)
        lo = t.value if np.isfinite(t.value) else t.lo
        hi = t.value if np.isfinite(t.value) else t.hi
        x0, x1 = ax.get_xlim()
        ax.axvspan(lo if np.isfinite(lo) else x0, hi if np.isfinite(hi) else x1, color="#228833", alpha=0.2,
                   label="target")
        for b in (lo, hi):
            if np.isfinite(b):
                ax.axvline(b, color="#228833", lw=1.2)
        ax.set_xlim(min(x0, lo if np.isfinite(lo) else x0), max(x1, hi if np.isfinite(hi) else x1))
        ax.set_title(f"{t['name']}\n{t.definition}", fontsize=7.5)
        ax.tick_params(labelsize=7)
    fig.suptitle("Posterior predictive of each target (bars) against its pattern (green)")
    fig.tight_layout()
    return _save(fig, outdir, "calibration_targets.png")


def fig_generations(gtab, outdir):
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(8, 2.8))
    eps = gtab.epsilon.replace(np.inf, np.nan)
    a1.plot(gtab.generation, eps, "o-", color="#4477aa")
    a1.set_xlabel("generation")
    a1.set_ylabel("epsilon (tolerance)")
    a1.set_title("Tolerance by generation (generation 0: infinite)")
    if (eps.dropna() > 0).all() and eps.notna().sum() > 1:
        a1.set_yscale("log")  # tolerances fall by orders of magnitude; ticks at 1, 2, 5 x 10^k
        a1.yaxis.set_major_locator(matplotlib.ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        a1.yaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
        a1.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    a2.plot(gtab.generation, gtab.acceptance_rate, "o-", color="#cc6677", label="acceptance rate")
    a2.set_ylim(0, 1.05)
    a2.set_xlabel("generation")
    a2.set_ylabel("acceptance rate")
    b = a2.twinx()
    b.plot(gtab.generation, gtab.ess, "s--", color="#228833", label="ESS")
    b.set_ylabel("effective sample size")
    # ESS runs from 0 to the population size: a fixed axis from 0, not one zoomed on a
    # constant ESS (which showed rounding noise with an offset label)
    top = float(np.nanmax(gtab.ess)) if np.isfinite(gtab.ess).any() else 1.0
    b.set_ylim(0, max(top, 1.0) * 1.05)
    for ax in (a1, a2):
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    a2.set_title("Acceptance rate and ESS")
    fig.tight_layout()
    return _save(fig, outdir, "calibration_generations.png")


# ---------------------------------------------------------------------------------- report

def _table_html(df, fmt=None):
    fmt = fmt or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    body = []
    for _, r in df.iterrows():
        cells = []
        for c in df.columns:
            v = r[c]
            if isinstance(v, (float, np.floating)):
                cells.append(f"<td>{format(v, fmt.get(c, '.4g'))}</td>")
            else:
                cells.append(f"<td>{html.escape(str(v))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def build(path, outdir, embed=False) -> dict:
    """Writes DIR/index.html, the figures and the CSV tables; returns their paths."""
    d = load(path)
    if d["posterior"] is None:
        raise CalibrationFileError(f"{path}: /calibration/posterior is missing (no generation finished)")
    os.makedirs(outdir, exist_ok=True)
    ptab, ttab, gtab = parameter_table(d), target_table(d), generation_table(d)
    tables = []
    for name, t in (("calibration_parameters.csv", ptab), ("calibration_targets.csv", ttab),
                    ("calibration_generations.csv", gtab)):
        p = os.path.join(outdir, name)
        t.to_csv(p, index=False)
        tables.append(p)
    figs = [f for f in (fig_marginals(d, ptab, outdir), fig_pairs(d, ptab, outdir), fig_targets(d, outdir),
                        fig_generations(gtab, outdir)) if f]

    def img(p):
        if embed:
            with open(p, "rb") as fh:
                return f'<img src="data:image/png;base64,{base64.b64encode(fh.read()).decode()}">'
        return f'<img src="{html.escape(os.path.basename(p))}">'

    post = d["posterior"]
    s = d["settings"]
    moved = ptab.sort_values("moved", ascending=False)
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>govsim calibration: {html.escape(d['name'])}</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse;"
        "font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}img{max-width:100%}</style>",
        "</head><body>",
        f"<h1>Calibration {html.escape(d['name'])} (model {html.escape(d['model'])})</h1>",
        f"<p>{len(d['params'])} free parameters, {len(d['targets'])} targets; population "
        f"{int(s.get('population', 0))}, {int(s.get('replicates', 0))} replicate(s) per particle, kernel "
        f"{html.escape(str(s.get('kernel', '')))}, seed {d['seed']}. "
        f"{'Finished: ' + html.escape(d['stop_reason']) if d['finished'] else 'Not finished'}; "
        f"{len(d['generations'])} generation(s). Posterior = generation {int(post.get('generation', 0))}: "
        f"epsilon {post.get('epsilon', float('nan')):.4g}, effective sample size {post.get('ess', float('nan')):.1f} "
        f"of {len(post['weights'])}.</p>",
        "<p>How to read it (docs/calibration.md): <b>width</b> is the posterior's 90% width over the prior's "
        "(1 = the targets say nothing about the parameter; it stays at its prior), <b>shift</b> the move of the "
        "median in prior widths. A small effective sample size means the population rests on few particles: "
        "its intervals are not reliable. Patterns constrain combinations of parameters more than single ones: "
        "see the pairs.</p>",
        "<h2>Targets: posterior predictive against the patterns</h2>", _table_html(ttab, {"share_inside": ".1%"}),
        img(figs[2] if len(figs) > 3 else figs[-2]),
        "<h2>Parameters that moved most</h2>",
        _table_html(moved.head(20).drop(columns=["moved"]), {"width_ratio": ".2f", "shift": "+.2f"}),
        img(figs[0]),
    ]
    if len(figs) > 3:
        parts += ["<h2>Pairs</h2>", img(figs[1])]
    parts += ["<h2>Generations: tolerance, acceptance and ESS</h2>",
              _table_html(gtab, {"calibrator_share": ".2%", "acceptance_rate": ".3f"}), img(figs[-1]),
              f"<p>All parameters: calibration_parameters.csv ({len(ptab)} rows).</p>",
              "<details><summary>Calibration file (YAML)</summary><pre>" + html.escape(d["input_yaml"]) +
              "</pre></details>", "</body></html>"]
    index = os.path.join(outdir, "index.html")
    with open(index, "w", encoding="utf-8") as fh:
        fh.write("\n".join(parts))
    return {"index": index, "figures": figs, "tables": tables, "absent": [], "missing": []}
