"""analysis.stats against hand computations and scipy."""
import math

import numpy as np
import pytest
from scipy import stats as st

from analysis import stats as S


def test_mean_interval_matches_scipy():
    x = np.array([0.11, 0.13, 0.09, 0.12, 0.10, 0.14])
    iv = S.mean_interval(x)
    lo, hi = st.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=st.sem(x))
    assert iv.mean == pytest.approx(x.mean(), rel=1e-14)
    assert (iv.lo, iv.hi) == pytest.approx((lo, hi), rel=1e-12)
    assert iv.sd == pytest.approx(x.std(ddof=1), rel=1e-14)
    assert iv.n == 6


def test_mean_interval_drops_nan_and_handles_small_n():
    iv = S.mean_interval([1.0, np.nan, 3.0])
    assert iv.n == 2 and iv.mean == 2.0
    one = S.mean_interval([5.0, np.nan])
    assert one.n == 1 and one.lo == one.hi == 5.0 and math.isnan(one.sd)
    none = S.mean_interval([np.nan])
    assert none.n == 0 and math.isnan(none.mean)


def test_paired_difference_matches_ttest_rel_and_hand():
    rng = np.random.default_rng(3)
    common = rng.normal(0, 1, 10)             # common random numbers
    a = 0.5 + common + rng.normal(0, 0.1, 10)
    b = common + rng.normal(0, 0.1, 10)
    iv = S.paired_difference(a, b)
    d = a - b
    half = st.t.ppf(0.975, 9) * d.std(ddof=1) / math.sqrt(10)
    assert iv.mean == pytest.approx(d.mean(), rel=1e-13)
    assert (iv.lo, iv.hi) == pytest.approx((d.mean() - half, d.mean() + half), rel=1e-12)
    res = st.ttest_rel(a, b)
    assert iv.p == pytest.approx(res.pvalue, rel=1e-10)
    assert S.paired_p_value(a, b) == pytest.approx(res.pvalue, rel=1e-10)
    ci = res.confidence_interval(0.95)
    assert (iv.lo, iv.hi) == pytest.approx((ci.low, ci.high), rel=1e-10)
    # pairing removes the common noise: far narrower than Welch on the same data
    assert iv.half < S.welch_difference(a, b).half / 5


def test_paired_drops_pairs_with_nan():
    a = [1.0, 2.0, np.nan, 4.0]
    b = [0.5, np.nan, 1.0, 3.0]
    iv = S.paired_difference(a, b)
    assert iv.n == 2
    assert iv.mean == pytest.approx(((1 - 0.5) + (4 - 3)) / 2)


def test_paired_zero_sd_p_values():
    assert S.paired_p_value([1, 2, 3], [0, 1, 2]) == 0.0
    assert S.paired_p_value([1, 2, 3], [1, 2, 3]) == 1.0
    assert math.isnan(S.paired_p_value([1], [0]))


def test_welch_matches_scipy_and_hand():
    a = np.array([1.1, 1.9, 2.4, 3.0, 2.2])
    b = np.array([0.2, 0.9, 0.4, 1.4, 0.8, 1.1, 0.3])
    iv = S.welch_difference(a, b)
    va, vb = a.var(ddof=1) / 5, b.var(ddof=1) / 7
    df = (va + vb) ** 2 / (va ** 2 / 4 + vb ** 2 / 6)
    half = st.t.ppf(0.975, df) * math.sqrt(va + vb)
    diff = a.mean() - b.mean()
    assert iv.mean == pytest.approx(diff)
    assert (iv.lo, iv.hi) == pytest.approx((diff - half, diff + half), rel=1e-12)
    assert iv.df == pytest.approx(df)
    assert iv.p == pytest.approx(st.ttest_ind(a, b, equal_var=False).pvalue, rel=1e-10)


def test_holm_by_hand():
    p = [0.01, 0.04, 0.03, 0.005]
    # sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> max(0.06, 0.04)
    assert S.holm(p) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    out = S.holm([0.5, np.nan, 0.01])
    assert math.isnan(out[1])
    assert out[0] == pytest.approx(0.5) and out[2] == pytest.approx(0.02)
    # 0.8 * 2 = 1.6 -> capped at 1; 0.9 * 1 = 0.9 -> raised to 1 (monotone)
    assert S.holm([0.9, 0.8]) == pytest.approx([1.0, 1.0])
    assert S.holm([0.02, 0.5]) == pytest.approx([0.04, 0.5])
    assert S.holm([0.6, 0.7, 0.8]).max() <= 1.0


def test_effect_sizes_by_hand():
    a = np.array([3.0, 4.0, 6.0, 5.0])
    b = np.array([1.0, 3.0, 3.0, 4.0])
    d = a - b
    assert S.cohen_dz(a, b) == pytest.approx(d.mean() / d.std(ddof=1))
    sp = math.sqrt((3 * a.var(ddof=1) + 3 * b.var(ddof=1)) / 6)
    j = 1 - 3 / (4 * 8 - 9)
    assert S.hedges_g(a, b) == pytest.approx(j * (a.mean() - b.mean()) / sp)
    assert math.isnan(S.cohen_dz([1.0], [0.0]))


def test_required_n_is_the_smallest_that_works():
    sd, h = 0.05, 0.01
    n = int(S.required_n(sd, h))
    assert st.t.ppf(0.975, n - 1) * sd / math.sqrt(n) <= h
    assert st.t.ppf(0.975, n - 2) * sd / math.sqrt(n - 1) > h
    assert S.required_n(0.1, 0.0) == math.inf


def test_precision_note_names_the_count_needed():
    rng = np.random.default_rng(1)
    a = 0.01 + rng.normal(0, 0.02, 4)
    iv = S.paired_difference(a, np.zeros(4))
    ok, need, text = S.precision_note(iv)
    assert not ok and need > 4 and f"n = {int(need)}" in text
    big = S.paired_difference(1 + rng.normal(0, 0.01, 20), np.zeros(20))
    assert S.precision_note(big)[0]


def test_intervals_shrink_with_more_replicates():
    rng = np.random.default_rng(11)
    x = rng.normal(0.1, 0.03, 400)
    halves = [S.mean_interval(x[:n]).half for n in (3, 10, 40, 400)]
    assert all(h1 > h2 for h1, h2 in zip(halves, halves[1:]))


def test_gini_lorenz_bimodality():
    assert S.gini([1, 1, 1, 1]) == 0.0
    assert S.gini([0, 0, 0, 4]) == pytest.approx(0.75)
    x = np.linspace(0, 1, 101)
    assert S.gini_from_lorenz(x, x) == pytest.approx(0.0, abs=1e-12)
    assert S.gini_from_lorenz(x, x ** 2) == pytest.approx(1 / 3, abs=1e-4)
    centres = np.linspace(0.025, 0.975, 20)
    two_modes = np.where((centres < 0.2) | (centres > 0.8), 10.0, 0.5)
    one_mode = np.exp(-((centres - 0.5) ** 2) / 0.01)
    assert S.bimodality_coefficient(centres, two_modes) > 5 / 9 > S.bimodality_coefficient(centres, one_mode)
