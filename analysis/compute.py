"""The numbers behind every chart of the report, as tidy DataFrames (written to CSV as they are).

Each function takes tidy frames from analysis.load and returns a table; the figures draw only
what these tables hold, so the CSV files contain every number a chart shows.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from scipy import stats as _st

from . import margins as G
from . import metrics as M
from . import stats as S

ALPHA = 0.05


# ---------------------------------------------------------------------------------------------
# means over replicates

def interval_columns(values: pd.DataFrame, keys: list[str], alpha=ALPHA) -> pd.DataFrame:
    """Vectorised t-intervals of `value` grouped by `keys` (NaN dropped); same numbers as
    stats.mean_interval for every group."""
    v = values[np.isfinite(values["value"].to_numpy(dtype=float))]
    g = v.groupby(keys, sort=False)["value"]
    out = pd.DataFrame({"mean": g.mean(), "sd": g.std(ddof=1), "n": g.count()})
    # groups whose values are all NaN vanish above: put them back with n = 0
    allkeys = values[keys].drop_duplicates().set_index(keys).index
    out = out.reindex(allkeys)
    out["n"] = out["n"].fillna(0).astype(int)
    n = out["n"].to_numpy()
    sd = out["sd"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        tq = np.where(n >= 2, _st.t.ppf(1 - alpha / 2, np.maximum(n - 1, 1)), np.nan)
        half = np.where(n >= 2, tq * sd / np.sqrt(np.maximum(n, 1)), 0.0)
    out["sd"] = np.where(n >= 2, sd, np.nan)
    out["lo"] = out["mean"] - half
    out["hi"] = out["mean"] + half
    out = out.reset_index()
    return out[keys + ["mean", "lo", "hi", "sd", "n"]]


def timeseries_table(series: pd.DataFrame, alpha=ALPHA) -> pd.DataFrame:
    """arm, metric, step, mean, lo, hi, sd, n over replicates."""
    if series.empty:
        return pd.DataFrame(columns=["arm", "metric", "step", "mean", "lo", "hi", "sd", "n"])
    return interval_columns(series, ["arm", "metric", "step"], alpha)


def derive_series(series: pd.DataFrame, names: list[str], wanted=None) -> tuple[pd.DataFrame, dict]:
    """Adds derived per-step series (metrics.DERIVED_SERIES) for roles the file lacks: name
    '<role>_derived', only those in `wanted` (None = all), from the parts present in `series`.

    Returns (frame with the derived rows appended, {derived name: description}).
    """
    notes = {}
    out = [series]
    loaded = list(dict.fromkeys(series.metric))
    for role, (num, den) in M.DERIVED_SERIES.items():
        if M.find(names, role) is not None:
            continue
        if wanted is not None and f"{role}_derived" not in wanted:
            continue
        num_n = M.find(loaded, num)
        den_n = [M.find(loaded, d) for d in den]
        if num_n is None or any(d is None for d in den_n):
            continue
        w = series[series.metric.isin({num_n, *den_n})].pivot_table(
            index=["arm", "replicate", "step"], columns="metric", values="value", aggfunc="first")
        total = sum(w[d] for d in den_n)
        with np.errstate(invalid="ignore", divide="ignore"):
            v = np.where(total.to_numpy() > 0, w[num_n].to_numpy() / total.to_numpy(), np.nan)
        name = f"{role}_derived"
        d = w.index.to_frame(index=False)
        d["metric"] = name
        d["value"] = v
        out.append(d[["arm", "replicate", "step", "metric", "value"]])
        notes[name] = (f"{M.ROLES[role].label}, derived per step as {num_n} / ({' + '.join(den_n)}); "
                       "NaN where the denominator is 0")
    return pd.concat(out, ignore_index=True), notes


def finals_table(finals: pd.DataFrame, alpha=ALPHA) -> pd.DataFrame:
    """arm, metric, mean, lo, hi, sd, n over replicates (NaN dropped)."""
    if finals.empty:
        return pd.DataFrame(columns=["arm", "metric", "mean", "lo", "hi", "sd", "n"])
    return interval_columns(finals, ["arm", "metric"], alpha)


# ---------------------------------------------------------------------------------------------
# comparisons with the baseline

def _by_rep(finals: pd.DataFrame, arm: str, metric: str) -> pd.Series:
    d = finals[(finals.arm == arm) & (finals.metric == metric)]
    return d.set_index("replicate")["value"].sort_index()


def effects_table(finals: pd.DataFrame, baseline: str, arms: list[str], paired: bool,
                  alpha=ALPHA, headline: list[str] | None = None) -> pd.DataFrame:
    """Every arm x final value against the baseline.

    paired=True: differences over replicates present in both arms (common random numbers),
    Cohen's d_z; paired=False: Welch interval, Hedges' g. Holm's correction runs over every
    arm x metric row of the table (p_holm, as govsim's /summary/paired_vs_<BASE> does) and,
    in p_holm_family, within each family: the headline outcomes (the confirmatory family that
    the findings, stars and ranking use) and the other final values. Also the relative change
    (diff / baseline mean) and a precision note (stats.precision_note).
    """
    cols = ["arm", "metric", "method", "base_mean", "arm_mean", "diff", "lo", "hi", "half", "sd",
            "n", "df", "p", "p_holm", "family", "p_holm_family", "effect_size", "effect_size_kind", "rel_diff", "better",
            "precise", "n_needed", "note"]
    rows = []
    metrics_ = list(dict.fromkeys(finals.metric))
    series = {k: d.set_index("replicate")["value"].sort_index()
              for k, d in finals.groupby(["arm", "metric"], sort=False)}
    empty = pd.Series(dtype=float)
    for arm in arms:
        if arm == baseline:
            continue
        for m in metrics_:
            a = series.get((arm, m), empty)
            b = series.get((baseline, m), empty)
            if paired:
                common = a.index.intersection(b.index)
                av, bv = a.loc[common].to_numpy(), b.loc[common].to_numpy()
                iv = S.paired_difference(av, bv, alpha)
                es, kind = S.cohen_dz(av, bv), "d_z"
            else:
                av, bv = a.to_numpy(), b.to_numpy()
                iv = S.welch_difference(av, bv, alpha)
                es, kind = S.hedges_g(av, bv), "g"
            base_mean = S.mean_interval(bv).mean
            arm_mean = S.mean_interval(av).mean
            ok, need, note = S.precision_note(iv, alpha=alpha, independent=not paired)
            rel = iv.mean / base_mean if base_mean not in (0.0,) and math.isfinite(base_mean) else math.nan
            rows.append([arm, m, "paired" if paired else "welch", base_mean, arm_mean, iv.mean,
                         iv.lo, iv.hi, iv.half, iv.sd, iv.n, iv.df, iv.p, math.nan,
                         "headline" if headline and m in headline else "other", math.nan, es, kind, rel,
                         M.better(m), ok, need, note])
    df = pd.DataFrame(rows, columns=cols)
    if not df.empty:
        # Drift finals (<name>_drift, spec 6.1 item 6) are a Holm family of their own, as in
        # govsim's /summary/paired_vs_<BASE>, so that adding them changed no other p_holm.
        drift = df["metric"].str.endswith("_drift")
        for part in (~drift, drift):
            if part.any():
                df.loc[part, "p_holm"] = S.holm(df.loc[part, "p"].to_numpy())
        for fam, idx in df.groupby("family").groups.items():
            df.loc[idx, "p_holm_family"] = S.holm(df.loc[idx, "p"].to_numpy())
    add_verdicts(df, alpha)
    return df


def add_verdicts(eff: pd.DataFrame, alpha=ALPHA) -> pd.DataFrame:
    """Adds the materiality columns (spec 6.1 item 4) to an effects table in place:
    margin (m of analysis/margins.py, NaN when the outcome has none), material (the interval
    excludes ±m) and verdict (improves / worsens / changes / negligible / unclear, from the
    family's Holm p, see margins.verdict)."""
    if eff.empty:
        for c in ("margin", "material", "verdict"):
            eff[c] = pd.Series(dtype=object)
        return eff
    m = eff.metric.map(G.margin).astype(float)
    eff["margin"] = m
    eff["material"] = [G.is_material(lo, hi, mm) for lo, hi, mm in zip(eff["lo"], eff["hi"], m)]
    eff["verdict"] = [G.verdict(d, lo, hi, p, b, mm, alpha) for d, lo, hi, p, b, mm in
                      zip(eff["diff"], eff["lo"], eff["hi"], eff["p_holm_family"], eff["better"], m)]
    return eff


def ranking_table(effects: pd.DataFrame, headline: list[str], arms: list[str],
                  alpha=ALPHA) -> pd.DataFrame:
    """Ranks arms on each headline metric with a preferred direction (1 = best).

    Score = better x diff. Also: mean rank over the ranked outcomes that are not companions
    (metrics.COMPANIONS, e.g. P_vol without forum attendance, shown beside P_vol), and how many
    headline outcomes each arm improves / worsens materially (verdict "improves"/"worsens":
    Holm-significant within the headline family and the interval excludes ±m) and on how many
    its effect is negligible. Metrics without a direction are not ranked.
    """
    ranked = [m for m in headline if M.better(m) != 0 and m in set(effects.metric)]
    if effects.empty or not ranked:
        return pd.DataFrame()
    out = pd.DataFrame({"arm": [a for a in arms if a in set(effects.arm)]})
    for m in ranked:
        e = effects[effects.metric == m].set_index("arm")
        score = M.better(m) * e["diff"]
        out[f"{m}.diff"] = out.arm.map(e["diff"])
        out[f"{m}.lo"] = out.arm.map(e["lo"])
        out[f"{m}.hi"] = out.arm.map(e["hi"])
        out[f"{m}.verdict"] = out.arm.map(e["verdict"]) if "verdict" in e else ""
        out[f"{m}.rank"] = out.arm.map(score.rank(ascending=False, method="min"))
    counted = [m for m in ranked if M.role_of(m) not in M.COMPANIONS] or ranked
    e = effects[effects.metric.isin(counted)]
    if "verdict" not in e:
        e = add_verdicts(e.copy(), alpha)
    for col, v in (("improves", G.IMPROVES), ("worsens", G.WORSENS), ("negligible", G.NEGLIGIBLE)):
        out[col] = out.arm.map(e[e.verdict == v].groupby("arm").size()).fillna(0).astype(int)
    out["mean_rank"] = out[[f"{m}.rank" for m in counted]].mean(axis=1)
    out = out.sort_values(["mean_rank", "improves"], ascending=[True, False]).reset_index(drop=True)
    out.insert(1, "overall", np.arange(1, len(out) + 1))
    return out


def drift_table(finals: pd.DataFrame, headline: list[str], alpha=ALPHA) -> pd.DataFrame:
    """Drift of each headline final X whose final X_drift is in the file (spec 6.1 item 6:
    mean of the last 26 weeks minus the mean of the 26 before, times 2: per year).

    Columns arm, metric, drift (mean over replicates), lo, hi, n, margin, flag: flag is True
    when |drift| > m per year, i.e. the arm's value of X depends on the horizon. Empty when the
    file has no drift finals."""
    names = set(finals.metric)
    rows = []
    for m in headline:
        dn = G.drift_name(m)
        if dn not in names:
            continue
        d = finals[finals.metric == dn]
        iv = interval_columns(d, ["arm"], alpha)
        mm = G.margin(m)
        for _, r in iv.iterrows():
            rows.append({"arm": r.arm, "metric": m, "drift": r["mean"], "lo": r["lo"], "hi": r["hi"],
                         "n": int(r["n"]), "margin": mm,
                         "flag": bool(math.isfinite(mm) and np.isfinite(r["mean"]) and abs(r["mean"]) > mm)})
    return pd.DataFrame(rows, columns=["arm", "metric", "drift", "lo", "hi", "n", "margin", "flag"])


def compare_with_stored(ours: pd.DataFrame, stored: pd.DataFrame, key_col: str,
                        stat_map: dict, tol: float = 1e-9) -> list[str]:
    """Differences between our table and a govsim /summary table (rows = arms, columns
    '<metric>.<stat>'). Returns messages for cells that disagree by more than tol (relative)."""
    msgs = []
    for _, r in ours.iterrows():
        arm, m = r[key_col], r["metric"]
        if arm not in stored.index:
            continue
        for ours_col, stat in stat_map.items():
            col = f"{m}.{stat}"
            if col not in stored.columns:
                continue
            a, b = float(r[ours_col]), float(stored.loc[arm, col])
            if (math.isnan(a) and math.isnan(b)) or a == b:
                continue
            if math.isnan(a) or math.isnan(b) or abs(a - b) > tol * max(1.0, abs(a), abs(b)):
                msgs.append(f"{arm} {col}: report {a:.6g}, file {b:.6g}")
    return msgs


# ---------------------------------------------------------------------------------------------
# distributions

def lorenz_table(extras: pd.DataFrame, name: str, alpha=ALPHA) -> pd.DataFrame:
    """Mean Lorenz curve per arm: arm, x, mean, lo, hi, n.

    Accepted shapes: [k] (cumulative shares at population shares 0..1 evenly; a 0 is prepended
    when the first value is not 0) or [k, 2] (x, y columns).
    """
    rows = []
    for arm, d in extras[extras.name == name].groupby("arm", sort=False):
        curves = []
        for v in d.value:
            x, y = lorenz_xy(v)
            curves.append((x, y))
        grid = curves[0][0]
        ys = np.stack([np.interp(grid, x, y) for x, y in curves])
        t = pd.DataFrame({"arm": arm, "x": np.repeat(grid[None, :], ys.shape[0], 0).ravel(),
                          "value": ys.ravel()})
        iv = interval_columns(t, ["arm", "x"], alpha)
        rows.append(iv)
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def lorenz_xy(v: np.ndarray):
    v = np.asarray(v, dtype=float)
    if v.ndim == 2 and v.shape[1] == 2:
        return v[:, 0], v[:, 1]
    y = v.ravel()
    if y.size == 0:
        return np.array([0.0, 1.0]), np.array([0.0, 1.0])
    if y[0] != 0:
        y = np.concatenate([[0.0], y])
    return np.linspace(0, 1, y.size), y


def histogram_table(extras: pd.DataFrame, name: str, lo=0.0, hi=1.0, alpha=ALPHA):
    """Histogram extra as shares per bin, mean over replicates: arm, bin, bin_lo, bin_hi, mean,
    lo, hi, n; and per arm Sarle's bimodality coefficient (mean and interval over replicates).

    Accepted shapes: [bins] (equal bins on [lo, hi]), [bins, 2] (bin centre, count) or
    [bins, 3] (bin lo, bin hi, count).
    """
    rows, bc_rows = [], []
    for arm, d in extras[extras.name == name].groupby("arm", sort=False):
        shares, bcs = [], []
        edges = None
        for v in d.value:
            e, c = hist_parts(v, lo, hi)
            edges = e if edges is None else edges
            tot = c.sum()
            s = c / tot if tot > 0 else np.full(c.shape, np.nan)
            shares.append(s)
            bcs.append(S.bimodality_coefficient((e[:-1] + e[1:]) / 2, c))
        sh = np.stack(shares)
        t = pd.DataFrame({"arm": arm, "bin": np.tile(np.arange(sh.shape[1]), sh.shape[0]),
                          "value": sh.ravel()})
        iv = interval_columns(t, ["arm", "bin"], alpha)
        iv.insert(2, "bin_lo", edges[:-1][iv["bin"].to_numpy()])
        iv.insert(3, "bin_hi", edges[1:][iv["bin"].to_numpy()])
        rows.append(iv)
        b = S.mean_interval(bcs, alpha)
        bc_rows.append({"arm": arm, "bimodality_coefficient": b.mean, "lo": b.lo, "hi": b.hi,
                        "n": b.n, "share_replicates_above_5/9": float(np.mean(np.asarray(bcs) > 5 / 9))})
    return (pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(),
            pd.DataFrame(bc_rows))


def hist_parts(v, lo=0.0, hi=1.0):
    v = np.asarray(v, dtype=float)
    if v.ndim == 2 and v.shape[1] == 3:
        return np.concatenate([v[:, 0], v[-1:, 1]]), v[:, 2]
    if v.ndim == 2 and v.shape[1] == 2:
        c = v[:, 0]
        w = np.diff(c).mean() if c.size > 1 else hi - lo
        return np.concatenate([c - w / 2, [c[-1] + w / 2]]), v[:, 1]
    c = v.ravel()
    return np.linspace(lo, hi, c.size + 1), c


def community_distribution(comm: pd.DataFrame, bins=20, lo=0.0, hi=1.0) -> pd.DataFrame:
    """Fallback for a missing trust histogram: the distribution of community means at the last
    step, pooled over replicates: arm, bin_lo, bin_hi, share, n_values."""
    rows = []
    edges = np.linspace(lo, hi, bins + 1)
    for arm, d in comm.groupby("arm", sort=False):
        v = d["value"].to_numpy(dtype=float)
        v = v[np.isfinite(v)]
        c = np.histogram(np.clip(v, lo, hi), bins=edges)[0].astype(float)
        s = c / c.sum() if c.sum() > 0 else c
        rows.append(pd.DataFrame({"arm": arm, "bin_lo": edges[:-1], "bin_hi": edges[1:],
                                  "share": s, "n_values": v.size}))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def subgroup_tables(finals: pd.DataFrame, alpha=ALPHA):
    """Participation by age band and Party status.

    Returns (levels, gaps): levels = arm, base, dimension, group, metric, mean, lo, hi, sd, n;
    gaps = within-run differences 60+ − 18–39 and Party − non-Party (paired within a run, spec
    4.12 C2/C3): arm, base, gap, diff, lo, hi, n, p.
    """
    names = list(dict.fromkeys(finals.metric))
    info = {n: M.subgroup_of(n) for n in names}
    info = {n: v for n, v in info.items() if v is not None}
    if not info:
        return pd.DataFrame(), pd.DataFrame()
    sub = finals[finals.metric.isin(info)]
    lv = interval_columns(sub, ["arm", "metric"], alpha)
    lv.insert(1, "base", lv.metric.map(lambda n: info[n][0]))
    lv.insert(2, "dimension", lv.metric.map(lambda n: info[n][1]))
    lv.insert(3, "group", lv.metric.map(lambda n: info[n][2]))
    order = {lab: i for i, (_, lab) in enumerate(M.AGE_BANDS + M.PARTY_GROUPS)}
    lv["_o"] = lv.group.map(order)
    arms_order = {a: i for i, a in enumerate(dict.fromkeys(finals.arm))}
    lv["_a"] = lv.arm.map(arms_order)
    lv = lv.sort_values(["_a", "base", "dimension", "_o"]).drop(columns=["_o", "_a"]).reset_index(drop=True)
    gaps = []
    pairs = [("age", "60+", "18–39"), ("party", "Party", "non-Party")]
    for base in dict.fromkeys(v[0] for v in info.values()):
        for dim, hi_g, lo_g in pairs:
            nh = [n for n, v in info.items() if v == (base, dim, hi_g)]
            nl = [n for n, v in info.items() if v == (base, dim, lo_g)]
            if not nh or not nl:
                continue
            for arm in dict.fromkeys(finals.arm):
                a = _by_rep(finals, arm, nh[0])
                b = _by_rep(finals, arm, nl[0])
                common = a.index.intersection(b.index)
                iv = S.paired_difference(a.loc[common].to_numpy(), b.loc[common].to_numpy(), alpha)
                gaps.append({"arm": arm, "base": base, "gap": f"{hi_g} − {lo_g}",
                             "metric_a": nh[0], "metric_b": nl[0], "diff": iv.mean, "lo": iv.lo,
                             "hi": iv.hi, "n": iv.n, "p": iv.p})
    return lv, pd.DataFrame(gaps)


# ---------------------------------------------------------------------------------------------
# sweeps

def sweep_point_table(finals: pd.DataFrame, design: pd.DataFrame, alpha=ALPHA) -> pd.DataFrame:
    """Mean of each final over the replicates of each point: point, <params>, metric, mean, lo, hi, n."""
    t = interval_columns(finals, ["arm", "metric"], alpha)
    t = design.merge(t, on="arm", how="inner")
    return t


MAX_LEVELS = 12      # more distinct values than this: a sampled design, binned
N_BINS = 8


def response_table(finals: pd.DataFrame, design: pd.DataFrame, params: list[str],
                   alpha=ALPHA) -> pd.DataFrame:
    """Response of each final to each swept parameter: param, value, metric, mean, lo, hi, n,
    points, method.

    Levelled designs (grid, list; at most MAX_LEVELS values): for each value of the parameter,
    each replicate's values are averaged over the points with that value (a main effect over
    the other parameters' levels), then the t-interval runs over replicates (method "levels").
    Sampled designs (lhs, sobol, morris): the points' means over replicates are grouped into
    N_BINS quantile bins of the parameter; value = mean parameter value in the bin and the
    t-interval runs over the points of the bin, so it includes the spread caused by the other
    parameters (method "bins").
    """
    d = finals.merge(design, on="arm", how="inner")
    out = []
    for p in params:
        if design[p].nunique() <= MAX_LEVELS:
            g = d.groupby([p, "metric", "replicate"], sort=True)["value"].mean().reset_index()
            iv = interval_columns(g.rename(columns={p: "level_"}), ["level_", "metric"], alpha)
            pts = design.groupby(p).size()
            iv["points"] = iv["level_"].map(pts).astype(int)
            iv = iv.rename(columns={"level_": "value"})
            iv["method"] = "levels"
        else:
            pm = d.groupby(["arm", "metric"])["value"].mean().reset_index().merge(design[["arm", p]], on="arm")
            edges = np.unique(np.quantile(design[p].to_numpy(dtype=float), np.linspace(0, 1, N_BINS + 1)))
            pm["bin_"] = np.clip(np.searchsorted(edges, pm[p].to_numpy(dtype=float), side="right") - 1,
                                 0, len(edges) - 2)
            iv = interval_columns(pm, ["bin_", "metric"], alpha)
            centre = pm.groupby("bin_")[p].mean()
            pts = pm.groupby(["bin_", "metric"]).size()
            iv["points"] = [int(pts.get((b, m), 0)) for b, m in zip(iv["bin_"], iv["metric"])]
            iv.insert(0, "value", iv["bin_"].map(centre))
            iv = iv.drop(columns="bin_")
            iv["method"] = "bins"
        iv.insert(0, "param", p)
        out.append(iv[["param", "value", "metric", "mean", "lo", "hi", "sd", "n", "points", "method"]])
    if not out:
        return pd.DataFrame()
    return pd.concat(out, ignore_index=True).sort_values(["param", "metric", "value"]).reset_index(drop=True)


def short_param(path: str) -> str:
    """params.kappa_out -> kappa_out (other paths unchanged)."""
    return path[len("params."):] if path.startswith("params.") else path


def grid_pairs(design: pd.DataFrame, params: list[str], max_levels=25) -> list[tuple[str, str]]:
    """Parameter pairs that form a full grid (every combination of their levels occurs)."""
    pairs = []
    for i, a in enumerate(params):
        for b in params[i + 1:]:
            la, lb = design[a].nunique(), design[b].nunique()
            if la < 2 or lb < 2 or la > max_levels or lb > max_levels:
                continue
            if design[[a, b]].drop_duplicates().shape[0] == la * lb:
                pairs.append((a, b))
    return pairs


def heatmap_table(finals: pd.DataFrame, design: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Mean of each final over runs for every (a, b) cell: param_a, a, param_b, b, metric, mean, n."""
    d = finals.merge(design, on="arm", how="inner")
    d = d[np.isfinite(d["value"])]
    g = d.groupby([a, b, "metric"])["value"].agg(["mean", "count"]).reset_index()
    g = g.rename(columns={a: "a", b: "b", "count": "n"})
    g.insert(0, "param_a", a)
    g.insert(2, "param_b", b)
    return g


def sensitivity_table(table: pd.DataFrame, method: str) -> pd.DataFrame:
    """A /summary/sobol or /summary/morris table (rows = parameters, columns '<metric>.<stat>'
    with optional '<stat>_conf' (half-width) or '<stat>_lo'/'<stat>_hi') as tidy rows:
    method, param, metric, index, value, lo, hi."""
    rows = []
    cols = list(table.columns)
    parsed = {}
    for c in cols:
        if "." not in c:
            continue
        m, stat = c.rsplit(".", 1)
        parsed[c] = (m, stat)
    for c, (m, stat) in parsed.items():
        if re.search(r"_(conf|lo|hi|ci_lo|ci_hi)$", stat) or stat in ("n", "samples"):
            continue
        for param in table.index:
            v = float(table.loc[param, c])
            lo = hi = math.nan
            if f"{m}.{stat}_conf" in table.columns:
                h = float(table.loc[param, f"{m}.{stat}_conf"])
                lo, hi = v - h, v + h
            for a, b in (("_lo", "_hi"), ("_ci_lo", "_ci_hi")):
                if f"{m}.{stat}{a}" in table.columns and f"{m}.{stat}{b}" in table.columns:
                    lo = float(table.loc[param, f"{m}.{stat}{a}"])
                    hi = float(table.loc[param, f"{m}.{stat}{b}"])
            rows.append({"method": method, "param": str(param), "metric": m, "index": stat,
                         "value": v, "lo": lo, "hi": hi})
    return pd.DataFrame(rows)
