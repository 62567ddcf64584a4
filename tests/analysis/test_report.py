"""The report: files written, links valid, numbers equal recomputation, clear errors."""
import html as htmllib
import math
import os
import re
import shutil
import subprocess

import h5py
import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

import make_fixture
from analysis import compute, load, metrics as M, stats as S
from conftest import GOVSIM, ROOT, run_cli


def _read(index):
    return htmllib.unescape(open(index, encoding="utf-8").read())


def _links(index):
    html = open(index, encoding="utf-8").read()
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    return html, [r for r in refs if not r.startswith(("#", "http://", "https://", "data:", "mailto:"))]


def _t(x):
    x = np.asarray(x, float)
    x = x[np.isfinite(x)]
    n = x.size
    m = x.mean() if n else math.nan
    if n < 2:
        return m, m, m, n
    h = st.t.ppf(0.975, n - 1) * x.std(ddof=1) / math.sqrt(n)
    return m, m - h, m + h, n


# ------------------------------------------------------------------------------------ files

def test_every_figure_written_and_non_empty(compare_report):
    figs = os.listdir(os.path.join(compare_report, "figures"))
    assert figs, "no figures"
    for f in figs:
        assert os.path.getsize(os.path.join(compare_report, "figures", f)) > 1000, f
    html, refs = _links(os.path.join(compare_report, "index.html"))
    imgs = {r for r in refs if r.startswith("figures/")}
    assert imgs == {f"figures/{f}" for f in figs}, "every figure on the page and every page figure on disk"
    for expected in ("effects_headline.png", "effects_heatmap.png"):
        assert expected in figs


def test_html_references_only_existing_files(compare_report, sweep_report, run_report):
    for d in (compare_report, sweep_report, run_report[1]):
        _, refs = _links(os.path.join(d, "index.html"))
        assert refs
        for r in refs:
            assert os.path.isfile(os.path.join(d, r)), f"{d}: {r} does not exist"


def test_tables_index_lists_the_csv_files(compare_report, compare_file):
    idx = pd.read_csv(os.path.join(compare_report, "tables.csv"))
    assert {"timeseries", "final_values", "effects", "precision", "assumptions"} <= set(idx.table)
    if any(M.better(m) for m in M.headline_present(load.meta(compare_file)["finals"])):
        assert "ranking" in set(idx.table)
    for _, r in idx.iterrows():
        df = pd.read_csv(os.path.join(compare_report, r.file))
        assert len(df) == r.rows


def test_page_has_provenance_findings_and_caveats(compare_report, compare_file):
    html = _read(os.path.join(compare_report, "index.html"))
    meta = load.meta(compare_file)
    assert meta["govsim_version"] in html
    assert "<details><summary>Resolved compare file (YAML)" in html
    assert 'id=findings' in html and 'id="caveats"' in html and "[A]" in html
    assert "Check: the final-value means and intervals equal the file's /summary/final" in html
    assert "Check: paired differences, p and Holm p equal the file's /summary/paired_vs_BASE" in html


# ------------------------------------------------------------------------------------ numbers

def test_timeseries_table_equals_recomputation(compare_report, compare_file):
    tt = pd.read_csv(os.path.join(compare_report, "tables", "timeseries.csv"))
    assert not tt.empty
    with h5py.File(compare_file) as f:
        checked = 0
        for (arm, metric), d in tt.groupby(["arm", "metric"]):
            runs = f["runs"][arm]
            if metric.endswith("_derived"):
                served = M.find(list(next(iter(runs.values()))["series"]), "served")
                expired = M.find(list(next(iter(runs.values()))["series"]), "expired")
                with np.errstate(invalid="ignore", divide="ignore"):
                    rows = [np.where((g["series"][served][()] + g["series"][expired][()]) > 0,
                                     g["series"][served][()] / (g["series"][served][()] + g["series"][expired][()]),
                                     np.nan) for g in runs.values()]
            else:
                rows = [g["series"][metric][()] for g in runs.values()]
            raw = np.stack(rows)
            for step in (0, raw.shape[1] // 2, raw.shape[1] - 1):
                r = d[d.step == step].iloc[0]
                m, lo, hi, n = _t(raw[:, step])
                assert r["n"] == n
                for got, want in ((r["mean"], m), (r["lo"], lo), (r["hi"], hi)):
                    assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, rel=1e-9, abs=1e-12)
                checked += 1
    assert checked > 0


def test_final_and_effect_tables_equal_recomputation(compare_report, compare_file):
    ft = pd.read_csv(os.path.join(compare_report, "tables", "final_values.csv"))
    eff = pd.read_csv(os.path.join(compare_report, "tables", "effects.csv"))
    raw = {}
    with h5py.File(compare_file) as f:
        for arm in f["runs"]:
            for rname, g in f["runs"][arm].items():
                for m, ds in g["final"].items():
                    raw.setdefault((arm, m), {})[int(g.attrs["replicate"])] = float(ds[0])
    for _, r in ft.iterrows():
        m, lo, hi, n = _t(list(raw[(r.arm, r.metric)].values()))
        assert r["n"] == n
        for got, want in ((r["mean"], m), (r["lo"], lo), (r["hi"], hi)):
            assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, rel=1e-9, abs=1e-12)
    # paired differences with scipy, then Holm over every row by hand
    ps = []
    for _, r in eff.iterrows():
        a, b = raw[(r.arm, r.metric)], raw[("BASE", r.metric)]
        reps = sorted(set(a) & set(b))
        av = np.array([a[k] for k in reps])
        bv = np.array([b[k] for k in reps])
        ok = np.isfinite(av) & np.isfinite(bv)
        d = av[ok] - bv[ok]
        assert r["n"] == d.size
        if d.size >= 2 and d.std(ddof=1) > 1e-9 * max(1.0, np.abs(av[ok]).max()):
            res = st.ttest_rel(av[ok], bv[ok])
            ci = res.confidence_interval(0.95)
            assert r["diff"] == pytest.approx(d.mean(), rel=1e-9, abs=1e-12)
            assert (r["lo"], r["hi"]) == pytest.approx((ci.low, ci.high), rel=1e-8, abs=1e-12)
            assert r["p"] == pytest.approx(res.pvalue, rel=1e-8, abs=1e-300)
        ps.append(r["p"])
    p = np.array(ps)
    order = [i for i in np.argsort(p, kind="stable") if np.isfinite(p[i])]
    m = len(order)
    running, holm = 0.0, np.full(p.size, np.nan)
    for k, i in enumerate(order):
        running = max(running, min(1.0, (m - k) * p[i]))
        holm[i] = running
    np.testing.assert_allclose(eff["p_holm"].to_numpy(), holm, rtol=1e-9, equal_nan=True)


def test_holm_within_families(compare_report):
    eff = pd.read_csv(os.path.join(compare_report, "tables", "effects.csv"))
    for fam, d in eff.groupby("family"):
        np.testing.assert_allclose(d.p_holm_family.to_numpy(), S.holm(d.p.to_numpy()), equal_nan=True)
    # a family's correction is never stricter than the correction over everything
    ok = np.isfinite(eff.p_holm)
    assert (eff.p_holm_family[ok] <= eff.p_holm[ok] + 1e-15).all()


def test_tables_equal_the_summary_govsim_stored(compare_file):
    """The report's statistics and govsim's C++ /summary tables agree (same definitions)."""
    fin = load.finals(compare_file)
    ft = compute.finals_table(fin)
    stored = load.summary(compare_file, "final")
    assert compute.compare_with_stored(ft, stored, "arm", {"mean": "mean", "lo": "ci_lo", "hi": "ci_hi", "n": "n"}) == []
    meta = load.meta(compare_file)
    eff = compute.effects_table(fin, "BASE", meta["arms"], True)
    stored = load.summary(compare_file, "paired_vs_BASE")
    assert compute.compare_with_stored(eff, stored, "arm", {"diff": "diff", "lo": "ci_lo", "hi": "ci_hi", "n": "n",
                                                            "p": "p", "p_holm": "p_holm"}) == []


def test_confidence_intervals_shrink_with_more_replicates(compare_file, compare_file_many):
    few = compute.finals_table(load.finals(compare_file))
    many = compute.finals_table(load.finals(compare_file_many))
    j = few.merge(many, on=["arm", "metric"], suffixes=("_4", "_16"))
    j = j[(j.sd_4 > 0) & (j.sd_16 > 0) & (j.n_4 >= 2)]
    assert len(j) >= 5
    ratio = ((j.hi_16 - j.lo_16) / (j.hi_4 - j.lo_4)).to_numpy()
    # expected ratio t(.975,15)/4 / (t(.975,3)/2) = 0.27; allow for sd estimates from 4 values
    assert np.median(ratio) < 0.6, ratio
    assert np.mean(ratio < 1) > 0.8
    e4 = compute.effects_table(load.finals(compare_file), "BASE", load.arms(compare_file), True)
    e16 = compute.effects_table(load.finals(compare_file_many), "BASE", load.arms(compare_file_many), True)
    je = e4.merge(e16, on=["arm", "metric"], suffixes=("_4", "_16"))
    je = je[(je.sd_4 > 0) & (je.sd_16 > 0)]
    assert np.median(je.half_16 / je.half_4) < 0.6


# ------------------------------------------------------------------------------------ errors

def test_missing_metric_is_a_clear_error(compare_file, tmp_path):
    bad = str(tmp_path / "missing.h5")
    shutil.copy(compare_file, bad)
    with h5py.File(bad, "r+") as f:
        g = f["runs"][list(f["runs"])[-1]]
        run = g[sorted(g)[-1]]
        metric = sorted(run["final"])[0]
        del run["final"][metric]
    r = run_cli("report", bad, "-o", str(tmp_path / "rep"), check=False)
    assert r.returncode == 2, r.stderr
    assert f"'{metric}'" in r.stderr and bad in r.stderr and r.stderr.startswith("error:")
    r = run_cli("report", compare_file, "-o", str(tmp_path / "rep2"), "--metrics", "not_a_metric", check=False)
    assert r.returncode == 2 and "'not_a_metric'" in r.stderr and compare_file in r.stderr


def test_derived_coverage_series():
    ser = pd.DataFrame({"arm": "A", "replicate": 0, "step": [0, 1, 0, 1], "metric": ["served", "served", "expired", "expired"],
                        "value": [0.0, 3.0, 0.0, 1.0]})
    out, notes = compute.derive_series(ser, ["served", "expired"])
    cov = out[out.metric == "coverage_derived"].sort_values("step").value.to_numpy()
    assert math.isnan(cov[0]) and cov[1] == 0.75 and "coverage_derived" in notes
    # not wanted, or parts not loaded: nothing derived, no error
    assert compute.derive_series(ser, ["served", "expired"], wanted=["p_vol"])[1] == {}
    assert compute.derive_series(ser[ser.metric == "served"], ["served", "expired"])[1] == {}


def test_bad_inputs_exit_2(tmp_path):
    r = run_cli("report", str(tmp_path / "nope.h5"), "-o", str(tmp_path / "r"), check=False)
    assert r.returncode == 2 and "no such file" in r.stderr
    txt = tmp_path / "t.h5"
    txt.write_text("hello")
    r = run_cli("report", str(txt), "-o", str(tmp_path / "r"), check=False)
    assert r.returncode == 2 and "not an HDF5 file" in r.stderr
    small = make_fixture.make_compare(str(tmp_path / "s.h5"), arms=["BASE", "CM1"], replicates=2, steps=10, window=5)
    r = run_cli("report", small, "-o", str(tmp_path / "r"), "--baseline", "NOPE", check=False)
    assert r.returncode == 2 and "baseline arm 'NOPE'" in r.stderr


# ------------------------------------------------------------------------------------ other kinds

def test_sweep_report(sweep_report):
    figs = set(os.listdir(os.path.join(sweep_report, "figures")))
    assert {"sweep_response_kappa_out.png", "sweep_response_w_vis.png", "sweep_heatmap_kappa_out__w_vis.png",
            "sensitivity_sobol.png", "sensitivity_morris.png"} <= figs
    rt = pd.read_csv(os.path.join(sweep_report, "tables", "sweep_response.csv"))
    sens = pd.read_csv(os.path.join(sweep_report, "tables", "sensitivity_sobol.csv"))
    r = sens[(sens.param == "params.w_vis") & (sens.metric == "coverage") & (sens["index"] == "S1")].iloc[0]
    assert (r.value, r.lo, r.hi) == pytest.approx((0.85, 0.75, 0.95))
    assert "n" not in set(sens["index"])
    assert set(rt.param) == {"params.kappa_out", "params.w_vis"}
    html = _read(os.path.join(sweep_report, "index.html"))
    assert "Check: the point means equal the file's /summary/points." in html


def test_sweep_response_equals_recomputation(sweep_file, sweep_report):
    rt = pd.read_csv(os.path.join(sweep_report, "tables", "sweep_response.csv"))
    fin = load.finals(sweep_file)
    des = load.design(sweep_file)
    d = fin[fin.metric == "coverage"].merge(des, on="arm")
    per_rep = d[d["params.w_vis"] == 0.5].groupby("replicate").value.mean()
    m, lo, hi, n = _t(per_rep)
    r = rt[(rt.param == "params.w_vis") & (rt.metric == "coverage") & (rt.value == 0.5)].iloc[0]
    assert (r["mean"], r["lo"], r["hi"], r["n"]) == pytest.approx((m, lo, hi, n), rel=1e-9)


def test_sampled_sweep_bins_the_response(tmp_path):
    p = make_fixture.make_sweep(str(tmp_path / "lhs.h5"), replicates=2, design_type="lhs", n_points=40)
    fin = load.finals(p, metrics=["coverage"])
    des = load.design(p)
    rt = compute.response_table(fin, des, ["params.w_vis"])
    assert set(rt.method) == {"bins"} and rt.points.sum() == 40
    pm = fin.groupby("arm").value.mean()
    assert rt["mean"].iloc[0] == pytest.approx(
        pm[des.sort_values("params.w_vis").arm.iloc[:rt.points.iloc[0]]].mean())


def test_sensitivity_table_reads_conf_and_lo_hi_columns():
    t = pd.DataFrame({"y.S1": [0.5], "y.S1_conf": [0.1], "y.ST": [0.6], "y.ST_lo": [0.4], "y.ST_hi": [0.7],
                      "y.n": [32]}, index=["params.a"])
    st_ = compute.sensitivity_table(t, "sobol").set_index("index")
    assert (st_.loc["S1", "lo"], st_.loc["S1", "hi"]) == pytest.approx((0.4, 0.6))
    assert (st_.loc["ST", "lo"], st_.loc["ST", "hi"]) == pytest.approx((0.4, 0.7))
    assert "n" not in st_.index


def test_sweep_without_design_or_sensitivity(tmp_path):
    p = make_fixture.make_sweep(str(tmp_path / "s.h5"), replicates=2, with_design=False, with_sensitivity=False)
    out = str(tmp_path / "rep")
    r = run_cli("report", p, "-o", out)
    html = _read(os.path.join(out, "index.html"))
    assert "sweep design matrix" in html and "sensitivity tables" in html
    assert "not in the file: sweep design matrix" in r.stdout


def test_report_on_a_govsim_sweep(govsim_sweep_file, tmp_path):
    out = str(tmp_path / "gsweep")
    run_cli("report", govsim_sweep_file, "-o", out)
    design = load.design(govsim_sweep_file)
    assert design is not None and len(design) == 6
    figs = os.listdir(os.path.join(out, "figures"))
    assert any(f.startswith("sweep_response_") for f in figs) and any(f.startswith("sweep_heatmap_") for f in figs)
    _, refs = _links(os.path.join(out, "index.html"))
    assert all(os.path.isfile(os.path.join(out, r)) for r in refs)
    html = _read(os.path.join(out, "index.html"))
    if "points" in load.summary_tables(govsim_sweep_file):
        assert "Check: the point means equal the file's /summary/points." in html


def test_run_report(run_report):
    path, out = run_report
    html = _read(os.path.join(out, "index.html"))
    assert "Countermeasures compared" not in html
    assert os.listdir(os.path.join(out, "figures"))


def test_spec_names_partial_file_and_embed(tmp_path):
    """Metric names in the spec's spelling resolve to the same roles; a partial file is flagged;
    --embed puts the figures into the page."""
    p = make_fixture.make_compare(str(tmp_path / "p.h5"), arms=["BASE", "CM2", "CM2cm"], replicates=3, steps=24,
                                  window=8, names=make_fixture.SPEC_NAMES)
    with h5py.File(p, "r+") as f:
        del f.attrs["complete"]
        f.attrs.create("complete", "false", dtype=h5py.string_dtype())
    out = str(tmp_path / "rep")
    run_cli("report", p, "-o", out, "--embed")
    html = _read(os.path.join(out, "index.html"))
    assert "Partial results file" in html
    assert "headline final values" not in html          # all headline roles found
    assert html.count("data:image/png;base64,") == len(os.listdir(os.path.join(out, "figures")))
    eff = pd.read_csv(os.path.join(out, "tables", "effects.csv"))
    assert {"P_vol", "TI", "disputes_per_1000"} <= set(eff.metric)
    assert "Only 3 replicate(s) per arm" in html


def test_independent_arms_use_welch(tmp_path):
    p = make_fixture.make_compare(str(tmp_path / "u.h5"), arms=["BASE", "CM1"], replicates=5, steps=20,
                                  paired=False)
    eff = compute.effects_table(load.finals(p), "BASE", ["BASE", "CM1"], load.meta(p)["paired"])
    assert set(eff.method) == {"welch"} and set(eff.effect_size_kind) == {"g"}
    fin = load.finals(p)
    a = fin[(fin.arm == "CM1") & (fin.metric == "ti")].value
    b = fin[(fin.arm == "BASE") & (fin.metric == "ti")].value
    r = eff[eff.metric == "ti"].iloc[0]
    assert r.p == pytest.approx(st.ttest_ind(a, b, equal_var=False).pvalue, rel=1e-9)


# ------------------------------------------------------------------------------------ govsim

@pytest.mark.skipif(GOVSIM is None, reason="no govsim binary (set GOVSIM_BIN)")
def test_govsim_report_command_runs_the_package(tmp_path):
    """`govsim report` execs /usr/bin/python3 -m analysis with the package on PYTHONPATH and passes
    its exit status on (a small file without figures keeps this quick; the figures are tested
    above)."""
    small = make_fixture.make_sweep(str(tmp_path / "small.h5"), replicates=1, with_design=False,
                                    with_sensitivity=False)
    out = str(tmp_path / "via_govsim")
    env = dict(os.environ, GOVSIM_ANALYSIS_PATH=ROOT)
    r = subprocess.run([GOVSIM, "report", small, "-o", out], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert os.path.isfile(os.path.join(out, "index.html"))
    r = subprocess.run([GOVSIM, "report", str(tmp_path / "missing.h5"), "-o", out], capture_output=True,
                       text=True, env=env, timeout=300)
    assert r.returncode == 2 and "no such file" in r.stderr


@pytest.mark.skipif(GOVSIM is None, reason="no govsim binary (set GOVSIM_BIN)")
def test_fixture_layout_matches_govsim(compare_file, tmp_path):
    """The synthetic fixture has govsim's attribute names and types (so tests without a binary
    exercise the same code paths)."""
    fx = make_fixture.make_compare(str(tmp_path / "fx.h5"), arms=["BASE", "CM1"], replicates=2, steps=10)

    def sig(path):
        out = {}
        with h5py.File(path) as f:
            out["/"] = {k: f.attrs[k].dtype.kind if hasattr(f.attrs[k], "dtype") else type(f.attrs[k]).__name__
                        for k in f.attrs}
            out["/provenance"] = {k: type(v).__name__ for k, v in f["provenance"].attrs.items()}
            arm = f["runs"][list(f["runs"])[0]]
            out["arm"] = sorted(arm.attrs)
            run = arm[sorted(arm)[0]]
            out["run"] = {k: np.asarray(run.attrs[k]).dtype.str for k in run.attrs if k != "arm"}
            out["groups"] = sorted(k for k in run)
            ds = run["final"][sorted(run["final"])[0]]
            out["final"] = (ds.shape, ds.dtype.str, sorted(ds.attrs))
            s = run["series"][sorted(run["series"])[0]]
            out["series"] = (s.ndim, s.dtype.str, sorted(s.attrs))
            out["arms"] = f["arms"].dtype.kind
        return out

    g, x = sig(compare_file), sig(fx)
    assert set(x["/"]) == set(g["/"])
    assert set(x["/provenance"]) == set(g["/provenance"])
    for k in ("arm", "run", "final", "series", "arms"):
        assert x[k] == g[k], k
    assert set(x["groups"]) >= {"series", "final"} and set(g["groups"]) >= {"series", "final"}


def test_make_figures_script_is_valid_bash():
    r = subprocess.run(["bash", "-n", os.path.join(ROOT, "scripts", "make-figures")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
