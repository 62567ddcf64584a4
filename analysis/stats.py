"""Statistics for replicated simulation output.

Conventions (the same as govsim's C++ summary, sim/stats/summary.cpp, so the report's numbers
match the tables govsim stores in /summary):
  - intervals are two-sided Student-t intervals at level 1 - alpha (default 95%);
  - NaN values (undefined ratios, spec E15) are dropped, pairwise for paired statistics, and
    the number of values used is reported as ``n``;
  - with n < 2 an interval collapses to the mean (lo = hi = mean) and sd is NaN.

Paired differences are right for arms run under common random numbers (replicate r of every
arm uses the same random numbers); Welch intervals are for independent arms. Effect sizes:
Cohen's d_z (mean difference / sd of the differences) for paired data, Hedges' g (bias-corrected
standardised mean difference with the pooled sd) for independent samples. Holm's step-down
procedure adjusts p-values over a family of comparisons.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, asdict

import numpy as np
from scipy import stats as _st


@dataclass
class Interval:
    mean: float
    lo: float
    hi: float
    sd: float        # sd of the values (or of the differences); for Welch: the standard error
    n: int           # values (pairs) used
    df: float = math.nan
    p: float = math.nan   # two-sided p-value of mean = 0 (differences only)

    @property
    def half(self) -> float:
        return (self.hi - self.lo) / 2.0

    def as_dict(self, prefix: str = "") -> dict:
        d = asdict(self)
        d["half"] = self.half
        return {prefix + k: v for k, v in d.items()}


def _finite(x) -> np.ndarray:
    x = np.asarray(x, dtype=float).ravel()
    return x[np.isfinite(x)]


def t_quantile(alpha: float, df: float) -> float:
    """Two-sided quantile t_{1-alpha/2, df}."""
    return float(_st.t.ppf(1.0 - alpha / 2.0, df))


def _from_values(v: np.ndarray, alpha: float) -> Interval:
    n = int(v.size)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, math.nan, 0)
    mean = float(np.sum(v) / n)
    if n < 2:
        return Interval(mean, mean, mean, math.nan, n)
    sd = float(np.sqrt(np.sum((v - mean) ** 2) / (n - 1)))
    half = t_quantile(alpha, n - 1) * sd / math.sqrt(n)
    return Interval(mean, mean - half, mean + half, sd, n, df=float(n - 1))


def mean_interval(x, alpha: float = 0.05) -> Interval:
    """Mean of the finite values of x with a Student-t interval."""
    return _from_values(_finite(x), alpha)


def _pairs(a, b):
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    n = min(a.size, b.size)
    a, b = a[:n], b[:n]
    ok = np.isfinite(a) & np.isfinite(b)
    return a[ok], b[ok]


def paired_difference(a, b, alpha: float = 0.05) -> Interval:
    """Mean of a_i - b_i over pairs where both are finite, t-interval and paired t-test p."""
    a, b = _pairs(a, b)
    r = _from_values(a - b, alpha)
    r.p = paired_p_value(a, b)
    return r


def paired_p_value(a, b) -> float:
    """Two-sided p of the paired t-test (NaN if n < 2; sd = 0: 1 when the mean is 0, else 0)."""
    a, b = _pairs(a, b)
    d = a - b
    n = d.size
    if n < 2:
        return math.nan
    sd = float(np.std(d, ddof=1))
    mean = float(np.mean(d))
    if sd == 0.0:
        return 1.0 if mean == 0.0 else 0.0
    t = mean / (sd / math.sqrt(n))
    return float(2.0 * _st.t.sf(abs(t), n - 1))


def welch_difference(a, b, alpha: float = 0.05) -> Interval:
    """mean(a) - mean(b) for independent samples: Welch-Satterthwaite interval and p.

    ``sd`` holds the standard error of the difference; ``n`` the smaller sample size.
    """
    a, b = _finite(a), _finite(b)
    ia, ib = _from_values(a, alpha), _from_values(b, alpha)
    mean = ia.mean - ib.mean
    n = min(ia.n, ib.n)
    if ia.n < 2 or ib.n < 2:
        return Interval(mean, mean, mean, math.nan, n)
    va, vb = ia.sd ** 2 / ia.n, ib.sd ** 2 / ib.n
    se = math.sqrt(va + vb)
    if se == 0.0:
        return Interval(mean, mean, mean, 0.0, n, p=1.0 if mean == 0.0 else 0.0)
    df = (va + vb) ** 2 / (va ** 2 / (ia.n - 1) + vb ** 2 / (ib.n - 1))
    half = t_quantile(alpha, df) * se
    p = float(2.0 * _st.t.sf(abs(mean / se), df))
    return Interval(mean, mean - half, mean + half, se, n, df=df, p=p)


def cohen_dz(a, b) -> float:
    """Cohen's d_z = mean(a - b) / sd(a - b) over finite pairs (NaN if undefined)."""
    a, b = _pairs(a, b)
    d = a - b
    if d.size < 2:
        return math.nan
    sd = float(np.std(d, ddof=1))
    scale = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))), 1e-300)
    if sd <= 1e-12 * scale:  # differences equal up to rounding: no spread
        sd = 0.0
    if sd == 0.0:
        return math.nan if float(np.mean(d)) == 0.0 else math.copysign(math.inf, float(np.mean(d)))
    return float(np.mean(d)) / sd


def hedges_g(a, b) -> float:
    """Hedges' g = J (mean(a) - mean(b)) / s_pooled, J = 1 - 3 / (4 (n_a + n_b) - 9)."""
    a, b = _finite(a), _finite(b)
    na, nb = a.size, b.size
    if na < 2 or nb < 2:
        return math.nan
    sp2 = ((na - 1) * np.var(a, ddof=1) + (nb - 1) * np.var(b, ddof=1)) / (na + nb - 2)
    diff = float(np.mean(a) - np.mean(b))
    if sp2 == 0.0:
        return math.nan if diff == 0.0 else math.copysign(math.inf, diff)
    j = 1.0 - 3.0 / (4.0 * (na + nb) - 9.0)
    return j * diff / math.sqrt(sp2)


def holm(p) -> np.ndarray:
    """Holm-adjusted p-values, same order as the input; NaN stays NaN and is not counted."""
    p = np.asarray(p, dtype=float).ravel()
    out = np.full(p.shape, np.nan)
    idx = [i for i in range(p.size) if np.isfinite(p[i])]
    idx.sort(key=lambda i: p[i])  # stable: ties keep input order
    m = len(idx)
    running = 0.0
    for r, i in enumerate(idx):
        running = max(running, min(1.0, (m - r) * p[i]))
        out[i] = running
    return out


def required_n(sd: float, half_width: float, alpha: float = 0.05, n_max: int = 100000) -> float:
    """Smallest n with t_{1-alpha/2, n-1} sd / sqrt(n) <= half_width (inf if above n_max).

    Used with the observed sd to say how many replicates (pairs) would bring the interval's
    half-width below a target, e.g. half of the observed effect.
    """
    if not (math.isfinite(sd) and math.isfinite(half_width)) or half_width <= 0:
        return math.inf
    if sd == 0:
        return 2.0
    # start from the normal approximation, then step with the t quantile
    n = max(2, int(math.ceil((1.96 * sd / half_width) ** 2)))
    if n > n_max:
        return math.inf
    while n > 2 and t_quantile(alpha, n - 2) * sd / math.sqrt(n - 1) <= half_width:
        n -= 1
    while t_quantile(alpha, n - 1) * sd / math.sqrt(n) > half_width:
        n += 1
        if n > n_max:
            return math.inf
    return float(n)


# Precision rule of the report: an interval "means something" when n >= MIN_N and its half-width
# is at most PRECISION_FRACTION of |effect|.
MIN_N = 5
PRECISION_FRACTION = 0.5


def precision_note(iv: Interval, fraction: float = PRECISION_FRACTION, alpha: float = 0.05,
                   independent: bool = False):
    """(ok, n_needed, text) for an interval of a difference.

    ok is False when n < MIN_N or the half-width exceeds `fraction` of |mean|; n_needed is the
    replicate count that would bring the half-width below fraction * |mean| given the observed
    sd (inf when the effect is 0 or the sd undefined).
    """
    if iv.n < 2 or not math.isfinite(iv.sd):
        return False, math.inf, f"n = {iv.n}: no interval (at least 2 replicates needed)"
    target = fraction * abs(iv.mean)
    sd = iv.sd * math.sqrt(iv.n) if independent else iv.sd
    need = required_n(sd, target, alpha)
    ok = iv.n >= MIN_N and iv.half <= target
    if ok:
        return True, need, ""
    if not math.isfinite(need):
        text = (f"n = {iv.n}: the effect ({iv.mean:+.3g}) is too small to resolve from its sd "
                f"({sd:.3g})")
    elif iv.n < MIN_N and iv.half <= target:
        text = f"n = {iv.n}: fewer than {MIN_N} replicates; the interval rests on few values"
    else:
        text = (f"n = {iv.n}: half-width {iv.half:.3g} > {fraction:.0%} of |effect| "
                f"{abs(iv.mean):.3g}; about n = {int(need)} would do (observed sd {sd:.3g})")
    return False, need, text


def bimodality_coefficient(centers, weights) -> float:
    """Sarle's bimodality coefficient (skew^2 + 1) / kurtosis of a weighted sample.

    Computed from a histogram (bin centres weighted by counts) with population moments; values
    above 5/9 (uniform distribution) suggest bimodality.
    """
    x = np.asarray(centers, dtype=float)
    w = np.asarray(weights, dtype=float)
    ok = np.isfinite(x) & np.isfinite(w) & (w > 0)
    x, w = x[ok], w[ok]
    if w.sum() <= 0 or x.size < 2:
        return math.nan
    w = w / w.sum()
    m = float(np.sum(w * x))
    v = float(np.sum(w * (x - m) ** 2))
    if v <= 0:
        return math.nan
    skew = float(np.sum(w * (x - m) ** 3)) / v ** 1.5
    kurt = float(np.sum(w * (x - m) ** 4)) / v ** 2
    return (skew ** 2 + 1.0) / kurt


def gini(values) -> float:
    """Gini coefficient of non-negative values (0 if the mean is 0)."""
    v = np.sort(_finite(values))
    n = v.size
    if n == 0 or v.sum() == 0:
        return 0.0
    i = np.arange(1, n + 1)
    return float(np.sum((2 * i - n - 1) * v) / (n * v.sum()))


def gini_from_lorenz(x, y) -> float:
    """1 - 2 * area under the Lorenz curve (trapezoids), x and y in [0, 1]."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return float(1.0 - 2.0 * np.trapz(y, x))
