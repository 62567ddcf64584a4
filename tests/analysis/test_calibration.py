"""The calibration report (analysis/calibration.py) on a synthetic calib.h5 in the layout of
docs/output-format.md with known numbers, and on one written by `govsim calibrate` when a
binary exists."""
from __future__ import annotations

import os
import subprocess

import h5py
import numpy as np
import pytest

from analysis import calibration as C
from conftest import PY, ROOT, find_govsim


def _strings(g, name, items):
    g.create_dataset(name, data=np.array(items, dtype=object), dtype=h5py.string_dtype())


def make_calibration(path, finished=True):
    rng = np.random.default_rng(5)
    n = 200
    with h5py.File(path, "w") as f:
        f.attrs.update({"kind": "calibrate", "format_version": 1, "model": "toy", "name": "toy", "seed": 3,
                        "finished": int(finished), "stop_reason": "max generations", "input_yaml": "calibrate: {}",
                        "scenario_yaml": "model: toy"})
        c = f.create_group("calibration")
        c.attrs.update({"population": n, "replicates": 2, "quantile": 0.5, "kernel": "reflected"})
        p = c.create_group("parameters")
        _strings(p, "names", ["params.a", "params.b"])
        _strings(p, "prior", ["uniform", "log_uniform"])
        p["lo"] = [0.0, 0.1]
        p["hi"] = [1.0, 10.0]
        t = c.create_group("targets")
        _strings(t, "names", ["y", "z"])
        _strings(t, "kind", ["interval", "above"])
        _strings(t, "definition", ["y in [0.4, 0.6] (scale 0.2)", "z > 0 (scale 0.1)"])
        t["lo"] = [0.4, 0.0]
        t["hi"] = [0.6, np.nan]
        t["value"] = [np.nan, np.nan]
        t["scale"] = [0.2, 0.1]
        a = rng.normal(0.5, 0.05, n).clip(0, 1)          # informed: prior sd 0.29 -> narrow
        b = np.exp(rng.uniform(np.log(0.1), np.log(10), n))  # uninformed: as the prior
        parts = np.column_stack([a, b])
        w = np.full(n, 1.0 / n)
        tv = np.column_stack([a, rng.normal(0.1, 0.05, n)])
        gens = c.create_group("generations")
        for g, eps in enumerate([np.inf, 0.3]):
            G = gens.create_group(f"{g:03d}")
            G["particles"], G["weights"], G["distances"], G["target_values"] = parts, w, np.zeros(n), tv
            G.attrs.update({"epsilon": eps, "acceptance_rate": 1.0 / (g + 1), "proposals": n * (g + 1),
                            "ess": float(n), "wall_seconds": 10.0, "calibrator_seconds": 0.1})
        P = c.create_group("posterior")
        P["particles"], P["weights"], P["distances"], P["target_values"] = parts, w, np.zeros(n), tv
        _strings(P, "parameter_names", ["params.a", "params.b"])
        P.attrs.update({"generation": 1, "epsilon": 0.3, "ess": float(n)})
    return parts, tv


def test_weighted_quantile_is_the_inverse_of_the_weighted_cdf():
    v = [3.0, 1.0, 2.0, np.nan]
    w = [0.2, 0.5, 0.3, 1.0]
    assert C.weighted_quantile(v, w, 0.5) == 1.0
    assert C.weighted_quantile(v, w, 0.51) == 2.0
    assert C.weighted_quantile(v, w, 0.9) == 3.0


def test_tables_say_which_parameter_moved(tmp_path):
    parts, tv = make_calibration(tmp_path / "c.h5")
    d = C.load(str(tmp_path / "c.h5"))
    p = C.parameter_table(d).set_index("parameter")
    assert p.loc["params.a", "median"] == pytest.approx(np.sort(parts[:, 0])[99], abs=1e-12)
    assert p.loc["params.a", "width_ratio"] < 0.3   # informed
    assert 0.8 < p.loc["params.b", "width_ratio"] < 1.1  # its prior, in ln coordinates
    t = C.target_table(d).set_index("target")
    inside = np.mean((tv[:, 0] >= 0.4) & (tv[:, 0] <= 0.6))
    assert t.loc["y", "share_inside"] == pytest.approx(inside)
    assert t.loc["z", "share_inside"] == pytest.approx(np.mean(tv[:, 1] >= 0))
    g = C.generation_table(d)
    assert list(g.generation) == [0, 1]
    assert g.calibrator_share[0] == pytest.approx(0.01)


def test_report_writes_page_figures_and_tables(tmp_path):
    make_calibration(tmp_path / "c.h5")
    out = subprocess.run([PY, "-m", "analysis", "report", str(tmp_path / "c.h5"), "-o", str(tmp_path / "rep")],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    for f in ("index.html", "calibration_marginals.png", "calibration_pairs.png", "calibration_targets.png",
              "calibration_generations.png", "calibration_parameters.csv"):
        assert os.path.getsize(tmp_path / "rep" / f) > 0, f
    page = (tmp_path / "rep" / "index.html").read_text()
    assert "Parameters that moved most" in page and "params.a" in page


def test_a_file_without_posterior_is_refused(tmp_path):
    make_calibration(tmp_path / "c.h5")
    with h5py.File(tmp_path / "c.h5", "a") as f:
        del f["calibration/posterior"]
    out = subprocess.run([PY, "-m", "analysis", "report", str(tmp_path / "c.h5"), "-o", str(tmp_path / "rep")],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    assert "/calibration/posterior is missing" in out.stderr


def test_report_of_a_govsim_calibration(tmp_path):
    gov = find_govsim()
    if not gov or subprocess.run([gov, "calibrate", "--help"], capture_output=True).returncode != 0:
        pytest.skip("no govsim binary with the calibrate command")
    (tmp_path / "base.yaml").write_text("model: threshold_cascade\nsteps: 30\nparams: {mixing: well_mixed, n: 400, "
                                        "threshold_mode: fractional, threshold: 0.25, threshold_sd: 0.12, "
                                        "seed_mode: none, absorbing: true}\n")
    (tmp_path / "cal.yaml").write_text(
        "calibrate:\n  base: base.yaml\n  population: 20\n  replicates: 1\n  max_generations: 2\n"
        "  free: {params.threshold: {lo: 0.1, hi: 0.5}}\n"
        "  targets: {share: {final: final_active_share, interval: [0.3, 0.9]}}\n")
    r = subprocess.run([gov, "calibrate", str(tmp_path / "cal.yaml"), "-o", str(tmp_path / "c.h5"), "-q"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    env = dict(os.environ, GOVSIM_ANALYSIS_PATH=ROOT)
    r = subprocess.run([gov, "report", str(tmp_path / "c.h5"), "-o", str(tmp_path / "rep")], capture_output=True,
                       text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "rep" / "calibration_targets.png").exists()
