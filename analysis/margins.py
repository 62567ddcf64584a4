"""Materiality margins m of the headline outcomes (model spec 6.1 items 4 and 6).

An effect is *material* when its 95% interval excludes ±m (lies wholly above +m or below −m).
The report says "improves" / "worsens" only for material effects that are significant after
Holm's correction; an effect whose interval does not exclude ±m is "negligible", even when it
is statistically significant. A headline's drift (its final ``<name>_drift``: mean of the last
26 weeks minus the mean of the 26 before, times 2, per year) larger than m per year means that
its value depends on the horizon.

The margins have one source: the model's table in C++ (models/governance/materiality.hpp,
ModelInfo::materiality), which govsim writes to every results file as the table
/summary/materiality (rows = final names, column ``margin``). ``use_file(path)`` reads it into
``MATERIALITY`` (name -> m; keys are the model's final names, as ``govsim compare`` prints
them); the report calls it when it opens a file. A file without the table (written before model
v2.2, or by a model without margins) leaves ``MATERIALITY`` empty: every outcome then has no
margin (NaN) and a significant effect counts as material. Other spellings of the same outcome
(``P_vol``, ``TI``, ...) find their margin through their role (analysis/metrics.py).
"""
from __future__ import annotations

import math

from . import metrics as M

TABLE = "materiality"  # /summary/materiality

# name -> m, in the outcome's own unit (spec 6.1 item 4), as read from the results file.
MATERIALITY: dict[str, float] = {}

DRIFT_SUFFIX = "_drift"

_BY_ROLE: dict[str, float] = {}


def _index_roles() -> None:
    _BY_ROLE.clear()
    for name, m in MATERIALITY.items():
        r = M.role_of(name)
        if r is not None:
            _BY_ROLE.setdefault(r, m)


def set_margins(table: dict[str, float]) -> None:
    """Replaces the margins (name -> m)."""
    MATERIALITY.clear()
    MATERIALITY.update({str(k): float(v) for k, v in table.items()})
    _index_roles()


def read_margins(path) -> dict[str, float]:
    """The /summary/materiality table of a results file as name -> m ({} when absent)."""
    from . import load as L  # load does not import this module; keep the import local anyway
    if TABLE not in L.summary_tables(path):
        return {}
    df = L.summary(path, TABLE)
    return {str(name): float(m) for name, m in df["margin"].items()}


def use_file(path) -> bool:
    """Takes the margins from a results file; False (and no margins) when it has none."""
    table = read_margins(path)
    set_margins(table)
    return bool(table)


def margin(name: str) -> float:
    """The materiality margin of a final value (its own name or its role's), NaN if it has none."""
    if name in MATERIALITY:
        return MATERIALITY[name]
    r = M.role_of(name)
    return _BY_ROLE.get(r, math.nan) if r is not None else math.nan


def is_material(lo: float, hi: float, m: float) -> bool:
    """True when the interval [lo, hi] excludes ±m: lo > m or hi < −m (m NaN: never)."""
    if not (math.isfinite(m) and math.isfinite(lo) and math.isfinite(hi)):
        return False
    return lo > m or hi < -m


def within(lo: float, hi: float, m: float) -> bool:
    """True when the interval lies inside [−m, m] (equivalent to no effect at margin m)."""
    return math.isfinite(m) and math.isfinite(lo) and math.isfinite(hi) and -m <= lo and hi <= m


# Verdicts of an effect (effects.csv column `verdict`).
IMPROVES, WORSENS, CHANGES, NEGLIGIBLE, UNCLEAR = "improves", "worsens", "changes", "negligible", "unclear"


def verdict(diff: float, lo: float, hi: float, p_holm: float, better: int, m: float,
            alpha: float = 0.05) -> str:
    """What the report says about one effect.

    - significant (Holm-adjusted p < alpha) and material (interval excludes ±m): "improves" or
      "worsens" by the outcome's preferred direction, "changes" when it has none;
    - significant but not material, or an interval inside ±m: "negligible";
    - otherwise (not significant, interval reaches beyond ±m): "unclear".
    An outcome without a margin (m NaN) counts every significant effect as material.
    """
    sig = math.isfinite(p_holm) and p_holm < alpha
    material = is_material(lo, hi, m) if math.isfinite(m) else sig
    if sig and material:
        d = better * (1 if diff > 0 else -1 if diff < 0 else 0)
        return IMPROVES if d > 0 else WORSENS if d < 0 else CHANGES
    if sig or within(lo, hi, m):
        return NEGLIGIBLE
    return UNCLEAR


def drift_name(name: str) -> str:
    return name + DRIFT_SUFFIX


def is_drift(name: str) -> bool:
    return name.endswith(DRIFT_SUFFIX) and len(name) > len(DRIFT_SUFFIX)


def drift_of(name: str) -> str:
    """p_vol_drift -> p_vol."""
    return name[: -len(DRIFT_SUFFIX)] if is_drift(name) else name
