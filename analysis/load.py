"""Loaders for govsim results files (layout: docs/output-format.md).

Three lines in a notebook::

    from analysis import load
    df = load.series("results.h5")                     # arm, replicate, step, metric, value
    df.groupby(["arm", "step", "metric"]).value.mean()

Every function takes the path of a results file. Filters (`metrics`, `arms`) restrict what is
read; a requested metric or arm that is not in the file raises ``MissingMetricError`` (or
``ResultsError``) naming it and the file. Arms come in the file's run order (``/arms``),
replicates in ascending order.
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager

import h5py
import numpy as np
import pandas as pd

SUPPORTED_FORMAT_VERSION = 1
_RUN_RE = re.compile(r"^r(\d+)$")
_POINT_RE = re.compile(r"^p(\d+)$")


class ResultsError(Exception):
    """A results file that cannot be read or does not have the expected layout."""


class MissingMetricError(ResultsError):
    """A metric that was asked for, or that some runs have and others lack, is missing."""


def _s(v):
    """h5py attribute/dataset value -> str (variable-length strings may come back as bytes)."""
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, np.ndarray) and v.shape == ():
        return _s(v[()])
    return v


def _py(v):
    v = _s(v)
    if isinstance(v, np.generic):
        return v.item()
    return v


@contextmanager
def open_results(path):
    """Opens a results file read-only after checking that it is a govsim results file."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise ResultsError(f"{path}: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise ResultsError(f"{path}: not an HDF5 file ({e})") from None
    try:
        fmt = _s(f.attrs.get("format", ""))
        if fmt != "govsim-results":
            raise ResultsError(f"{path}: not a govsim results file (root attribute format = {fmt!r}, "
                               "expected 'govsim-results')")
        ver = int(f.attrs.get("format_version", 0))
        if ver > SUPPORTED_FORMAT_VERSION:
            raise ResultsError(f"{path}: format_version {ver} is newer than this analysis package "
                               f"reads ({SUPPORTED_FORMAT_VERSION}); update analysis/")
        if "runs" not in f:
            raise ResultsError(f"{path}: no /runs group")
        yield f
    finally:
        f.close()


def _arms(f) -> list[str]:
    runs = f["runs"]
    if "arms" in f:
        names = [_s(x) for x in f["arms"][()]]
        names = [n for n in names if n in runs]
        extra = [k for k in runs.keys() if k not in names]
        return names + extra
    return list(runs.keys())


def _runs(f, arms=None):
    """Yields (arm, replicate, group) in run order."""
    for arm in _arms(f) if arms is None else arms:
        g = f["runs"][arm]
        reps = []
        for k in g.keys():
            m = _RUN_RE.match(k)
            if m and isinstance(g[k], h5py.Group):
                rep = int(g[k].attrs.get("replicate", int(m.group(1))))
                reps.append((rep, k))
        for rep, k in sorted(reps):
            yield arm, rep, g[k]


def _check_arms(f, path, arms):
    if arms is None:
        return None
    if isinstance(arms, str):
        arms = [arms]
    have = _arms(f)
    for a in arms:
        if a not in have:
            raise ResultsError(f"{path}: no arm '{a}' (arms: {', '.join(have)})")
    return list(arms)


def _names_in(f, sub):
    names = []
    seen = set()
    for _, _, g in _runs(f):
        if sub in g:
            for k in g[sub].keys():
                if k not in seen:
                    seen.add(k)
                    names.append(k)
    return names


def _check_metrics(path, metrics, have, what):
    if metrics is None:
        return None
    if isinstance(metrics, str):
        metrics = [metrics]
    for m in metrics:
        if m not in have:
            listing = ", ".join(have) if have else "none"
            raise MissingMetricError(f"{path}: metric '{m}' is not in the file ({what} there: {listing})")
    return list(metrics)


def arms(path) -> list[str]:
    """Arm (or sweep point) names in run order."""
    with open_results(path) as f:
        return _arms(f)


def meta(path) -> dict:
    """Root attributes, provenance, arms and what each run holds.

    Keys: the root attributes (format, format_version, govsim_version, kind, name, model,
    scenario_yaml, created, seed, replicates, complete), ``provenance`` (dict), ``arms`` (list),
    ``arm_yaml`` and ``arm_model`` (dicts by arm), ``replicates_by_arm`` (dict), ``steps``,
    ``groups`` (of the first run), ``series``, ``community``, ``finals``, ``extras`` (names found
    in any run), ``summary_tables`` (names under /summary), ``has_design``, ``paired`` (True when
    replicate r has the same run_seed in every arm: common random numbers), ``path``.
    """
    path = os.fspath(path)
    with open_results(path) as f:
        d = {k: _py(v) for k, v in f.attrs.items()}
        d["path"] = path
        d["provenance"] = {k: _py(v) for k, v in f["provenance"].attrs.items()} if "provenance" in f else {}
        d["arms"] = _arms(f)
        d["arm_yaml"] = {a: _s(f["runs"][a].attrs.get("scenario_yaml", "")) for a in d["arms"]}
        d["arm_model"] = {a: _s(f["runs"][a].attrs.get("model", "")) for a in d["arms"]}
        reps = {}
        seeds = {}
        steps = groups = None
        for arm, rep, g in _runs(f):
            reps[arm] = reps.get(arm, 0) + 1
            seeds.setdefault(rep, set()).add(int(g.attrs.get("run_seed", -1)))
            if steps is None:
                steps = int(g.attrs.get("steps", -1))
                groups = int(g.attrs.get("groups", 0))
        d["replicates_by_arm"] = reps
        d["steps"] = steps
        d["groups"] = groups
        d["n_runs"] = sum(reps.values())
        d["series"] = _names_in(f, "series")
        d["community"] = _names_in(f, "community")
        d["finals"] = _names_in(f, "final")
        d["extras"] = _names_in(f, "extras")
        d["summary_tables"] = _summary_names(f)
        d["has_design"] = "design" in f and "values" in f["design"]
        d["paired"] = bool(len(d["arms"]) > 1 and seeds and all(len(s) == 1 for s in seeds.values())
                           and -1 not in set().union(*seeds.values()))
        d.setdefault("kind", "run")
        d.setdefault("replicates", max(reps.values()) if reps else 0)
        d["complete"] = str(d.get("complete", "true")).lower() != "false"
        return d


def _summary_names(f) -> list[str]:
    out = []
    if "summary" not in f:
        return out

    def visit(name, obj):
        if isinstance(obj, h5py.Group) and "values" in obj and "columns" in obj:
            out.append(name)
    f["summary"].visititems(visit)
    return out


def check_consistency(path) -> None:
    """Raises MissingMetricError when a run lacks a series, final value or extra others have."""
    path = os.fspath(path)
    with open_results(path) as f:
        for sub, what in (("series", "series"), ("final", "final value"), ("extras", "extra")):
            union = _names_in(f, sub)
            if not union:
                continue
            first_has = {}
            for arm, rep, g in _runs(f):
                have = set(g[sub].keys()) if sub in g else set()
                for m in union:
                    if m in have:
                        first_has.setdefault(m, g.name)
                        continue
                    other = first_has.get(m)
                    if other is None:
                        for _, _, g2 in _runs(f):
                            if sub in g2 and m in g2[sub]:
                                other = g2.name
                                break
                    raise MissingMetricError(
                        f"{path}: run {g.name} has no {what} '{m}' (run {other} has it); "
                        "the file is incomplete or was written by mismatched models")


def require(path, metrics=None, baseline=None) -> dict:
    """Checks that `path` is a complete, consistent results file holding every name in
    `metrics` (final values or series) and the arm `baseline`; returns meta(path). Raises
    ResultsError / MissingMetricError naming the file and the metric or arm."""
    path = os.fspath(path)
    m = meta(path)
    check_consistency(path)
    if m["n_runs"] == 0:
        raise ResultsError(f"{path}: the file holds no runs")
    for name in metrics or []:
        if name not in m["finals"] and name not in m["series"]:
            raise MissingMetricError(
                f"{path}: metric '{name}' is not in the file (final values: {', '.join(m['finals']) or 'none'}; "
                f"series: {', '.join(m['series']) or 'none'})")
    if baseline is not None and baseline not in m["arms"]:
        raise ResultsError(f"{path}: baseline arm '{baseline}' is not in the file (arms: {', '.join(m['arms'])})")
    return m


def series(path, metrics=None, arms=None) -> pd.DataFrame:
    """Tidy per-step series: columns arm, replicate, step, metric, value (row k = after k steps)."""
    path = os.fspath(path)
    with open_results(path) as f:
        arms = _check_arms(f, path, arms)
        metrics = _check_metrics(path, metrics, _names_in(f, "series"), "series")
        cols = {"arm": [], "replicate": [], "step": [], "metric": [], "value": []}
        for arm, rep, g in _runs(f, arms):
            if "series" not in g:
                continue
            s = g["series"]
            for m in (metrics if metrics is not None else s.keys()):
                if m not in s:
                    raise MissingMetricError(f"{path}: run {g.name} has no series '{m}'")
                v = np.asarray(s[m][()], dtype=float).ravel()
                cols["arm"].append(np.full(v.size, arm, dtype=object))
                cols["replicate"].append(np.full(v.size, rep, dtype=np.int64))
                cols["step"].append(np.arange(v.size, dtype=np.int64))
                cols["metric"].append(np.full(v.size, m, dtype=object))
                cols["value"].append(v)
    if not cols["value"]:
        return pd.DataFrame({"arm": pd.Series(dtype=object), "replicate": pd.Series(dtype=np.int64),
                             "step": pd.Series(dtype=np.int64), "metric": pd.Series(dtype=object),
                             "value": pd.Series(dtype=float)})
    return pd.DataFrame({k: np.concatenate(v) for k, v in cols.items()})


def community_series(path, metrics=None, arms=None, steps=None) -> pd.DataFrame:
    """Tidy per-community series: arm, replicate, step, community, metric, value.

    `steps` (an int, a list, or a slice; negative counts from the end, -1 = last row) limits the
    rows read: per-community series can be large (steps x communities x metrics x runs).
    """
    path = os.fspath(path)
    with open_results(path) as f:
        arms = _check_arms(f, path, arms)
        metrics = _check_metrics(path, metrics, _names_in(f, "community"), "per-community series")
        parts = []
        for arm, rep, g in _runs(f, arms):
            if "community" not in g:
                continue
            c = g["community"]
            for m in (metrics if metrics is not None else c.keys()):
                if m not in c:
                    raise MissingMetricError(f"{path}: run {g.name} has no per-community series '{m}'")
                ds = c[m]
                rows = ds.shape[0]
                if steps is None:
                    idx = np.arange(rows)
                elif isinstance(steps, slice):
                    idx = np.arange(rows)[steps]
                else:
                    idx = np.atleast_1d(np.asarray(steps, dtype=int))
                    idx = np.where(idx < 0, idx + rows, idx)
                idx = np.unique(idx)
                v = np.asarray(ds[idx, :] if idx.size != rows else ds[()], dtype=float)
                v = v.reshape(idx.size, -1)
                ng = v.shape[1]
                parts.append(pd.DataFrame({
                    "arm": arm, "replicate": rep, "step": np.repeat(idx, ng),
                    "community": np.tile(np.arange(ng), idx.size), "metric": m, "value": v.ravel()}))
    if not parts:
        return pd.DataFrame(columns=["arm", "replicate", "step", "community", "metric", "value"])
    return pd.concat(parts, ignore_index=True)


def finals(path, metrics=None, arms=None, with_n_valid: bool = False) -> pd.DataFrame:
    """Final values: columns arm, replicate, metric, value (plus n_valid if asked)."""
    path = os.fspath(path)
    rows = []
    with open_results(path) as f:
        arms = _check_arms(f, path, arms)
        metrics = _check_metrics(path, metrics, _names_in(f, "final"), "final values")
        for arm, rep, g in _runs(f, arms):
            if "final" not in g:
                continue
            fin = g["final"]
            for m in (metrics if metrics is not None else fin.keys()):
                if m not in fin:
                    raise MissingMetricError(f"{path}: run {g.name} has no final value '{m}'")
                ds = fin[m]
                v = np.asarray(ds[()], dtype=float).ravel()
                nv = int(ds.attrs.get("n_valid", -1)) if with_n_valid else -1
                rows.append((arm, rep, m, float(v[0]) if v.size else np.nan, nv))
    df = pd.DataFrame(rows, columns=["arm", "replicate", "metric", "value", "n_valid"])
    return df if with_n_valid else df.drop(columns="n_valid")


def extras(path, names=None, arms=None) -> pd.DataFrame:
    """Extra arrays: one row per run and extra, columns arm, replicate, name, value, doc.

    ``value`` holds the numpy array itself; ``np.stack(df[df.name == "x"].value)`` gives
    [runs, ...]. See also ``extra_array``.
    """
    path = os.fspath(path)
    rows = []
    with open_results(path) as f:
        arms = _check_arms(f, path, arms)
        names = _check_metrics(path, names, _names_in(f, "extras"), "extras")
        for arm, rep, g in _runs(f, arms):
            if "extras" not in g:
                continue
            ex = g["extras"]
            for n in (names if names is not None else ex.keys()):
                if n not in ex:
                    continue
                rows.append((arm, rep, n, np.asarray(ex[n][()], dtype=float),
                             _s(ex[n].attrs.get("doc", ""))))
    return pd.DataFrame(rows, columns=["arm", "replicate", "name", "value", "doc"])


def extra_array(path, name, arm) -> np.ndarray:
    """The extra `name` of every replicate of `arm`, stacked: [replicates, ...]."""
    df = extras(path, names=[name], arms=[arm])
    if df.empty:
        raise MissingMetricError(f"{os.fspath(path)}: arm '{arm}' has no extra '{name}'")
    return np.stack(df.value.to_list())


def summary(path, table="final") -> pd.DataFrame:
    """A /summary table as a DataFrame (index = rows, columns as stored)."""
    path = os.fspath(path)
    with open_results(path) as f:
        key = "summary/" + table
        if key not in f:
            raise ResultsError(f"{path}: no table /{key} (tables: {', '.join(_summary_names(f)) or 'none'})")
        g = f[key]
        vals = np.asarray(g["values"][()], dtype=float)
        cols = [_s(c) for c in g["columns"][()]] if g["columns"].shape != (0,) else []
        rows = [_s(r) for r in g["rows"][()]] if "rows" in g and g["rows"].shape != (0,) else []
        vals = vals.reshape(len(rows) if rows else vals.shape[0], len(cols))
        return pd.DataFrame(vals, index=rows or None, columns=cols)


def summary_tables(path) -> list[str]:
    """Names of the tables under /summary (e.g. 'final', 'paired_vs_BASE', 'sobol')."""
    with open_results(path) as f:
        return _summary_names(f)


def design(path):
    """Sweep design: DataFrame with point, arm and one column per design column, or None.

    Reads /design/values [points, columns] and /design/columns (parameter paths such as
    ``params.kappa_out``); ``arm`` is the run group of the point: /design/rows when present,
    else the runs' ``point`` attribute, else ``p000012`` for point 12. The design type
    (/design/kind: grid, list, lhs, sobol, morris) is in ``df.attrs["kind"]``.
    """
    path = os.fspath(path)
    with open_results(path) as f:
        if "design" not in f or "values" not in f["design"]:
            return None
        g = f["design"]
        vals = np.asarray(g["values"][()], dtype=float)
        if vals.ndim == 1:
            vals = vals.reshape(-1, 1)
        if "columns" in g:
            cols = [_s(c) for c in g["columns"][()]]
        else:
            cols = [f"x{i}" for i in range(vals.shape[1])]
        df = pd.DataFrame(vals, columns=cols)
        df.insert(0, "point", np.arange(len(df)))
        if "rows" in g and g["rows"].shape[0] == len(df):
            names = [_s(r) for r in g["rows"][()]]
        else:
            by_point = {}
            for arm in _arms(f):
                pt = None
                for _, _, rg in _runs(f, [arm]):
                    pt = int(rg.attrs.get("point", -1))
                    break
                if pt is None or pt < 0:
                    m = _POINT_RE.match(arm)
                    pt = int(m.group(1)) if m else None
                if pt is not None:
                    by_point[pt] = arm
            names = [by_point.get(p, f"p{p:06d}") for p in df.point]
        df.insert(1, "arm", names)
        kind = _s(g["kind"][()]) if "kind" in g else ""
        df.attrs["kind"] = kind if isinstance(kind, str) else ""
        return df


# The robust comparison's P(best) (model spec 6.3; `govsim compare --posterior`, issue 16): a
# /summary table named p_best with rows = arms and columns = headline final names, values =
# the probability, over the plausible parameter sets, that the arm is the best on that outcome.
# The report's summary shows it in its "how sure" column when the table is present.
P_BEST_TABLE = "p_best"


def p_best(path) -> pd.DataFrame | None:
    """The /summary/p_best table (rows = arms, columns = final names), or None when absent."""
    with open_results(path) as f:
        if "summary/" + P_BEST_TABLE not in f:
            return None
    return summary(path, P_BEST_TABLE)
