"""Fixtures of the analysis tests: small results files, written by govsim when a binary exists.

The binary is $GOVSIM_BIN, else the newest build/*/govsim. With a binary, the comparison files
come from `govsim compare` on a small governance comparison (2 communities x 300 residents,
60 weeks; BASE, CM1, CM1cm, CM2) written to a temporary folder; if the governance model cannot
run there (not registered yet, keys renamed), the threshold_cascade model is used instead and
the header says so (GOVSIM_ANALYSIS_STRICT=1 turns that fallback into a failure). Without a
binary the synthetic files of make_fixture.py stand in.
`pytest -rA` prints which source was used (see also the report header line).
The sweep tests use a synthetic sweep in govsim's sweep layout (with known Sobol'/Morris tables);
with a binary whose `govsim sweep` works, one more test reports on a grid sweep made by govsim.
"""
from __future__ import annotations

import glob
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, ROOT)
sys.path.insert(0, HERE)

import make_fixture  # noqa: E402

PY = "/usr/bin/python3"


def find_govsim():
    b = os.environ.get("GOVSIM_BIN")
    if b:
        return b if os.path.isfile(b) and os.access(b, os.X_OK) else None
    cands = [p for p in glob.glob(os.path.join(ROOT, "build", "*", "govsim"))
             if os.path.isfile(p) and os.access(p, os.X_OK)]
    return max(cands, key=os.path.getmtime) if cands else None


GOVSIM = find_govsim()
_SOURCE = {"compare": None, "why": ""}


def pytest_report_header(config):
    if GOVSIM:
        return f"analysis: govsim binary {GOVSIM} (results files made by govsim; sweeps synthetic)"
    if os.environ.get("GOVSIM_BIN"):
        return f"analysis: GOVSIM_BIN={os.environ['GOVSIM_BIN']} is not an executable file: SYNTHETIC fixtures"
    return "analysis: no govsim binary (GOVSIM_BIN unset, no build/*/govsim): SYNTHETIC fixtures"


def pytest_terminal_summary(terminalreporter):
    if _SOURCE["compare"]:
        terminalreporter.write_line(f"analysis results files: {_SOURCE['compare']}{_SOURCE['why']}")


GOV_SCENARIO = """\
model: governance
name: {name}
seed: 1
replicates: 1
steps: 60
params:
  n_comm: 2
  pop_comm: 300
  final_window: 20
{extra}"""

CASCADE_SCENARIO = """\
model: threshold_cascade
name: {name}
seed: 1
replicates: 1
steps: 30
network: {{type: erdos_renyi, n: 2000, k_mean: {k}}}
params:
  threshold: {phi}
  threshold_mode: fractional
  seed_mode: fraction
  seed_fraction: 0.02
  threshold_sd: 0.05
"""


def _write(path, text):
    with open(path, "w") as fh:
        fh.write(text)
    return path


def _gov_arms(d):
    arms = {
        "BASE": "",
        "CM1": "countermeasures:\n  - {type: coordination_structure, intensity: 1}\n",
        "CM1cm": "countermeasures:\n  - {type: coordination_structure, intensity: 1}\n",
        "CM2": "countermeasures:\n  - {type: resident_participation, intensity: 1}\n",
    }
    out = []
    for name, extra in arms.items():
        text = GOV_SCENARIO.format(name=name.lower(), extra=extra)
        if name.endswith("cm"):
            text = text.replace("  final_window: 20\n", "  final_window: 20\n  cost_matched: true\n")
        out.append((name, _write(os.path.join(d, f"{name.lower()}.yaml"), text)))
    return out


def _cascade_arms(d):
    arms = {"BASE": (4, 0.18), "LOWPHI": (4, 0.12), "DENSE": (8, 0.18)}
    return [(n, _write(os.path.join(d, f"{n.lower()}.yaml"), CASCADE_SCENARIO.format(name=n.lower(), k=k, phi=phi)))
            for n, (k, phi) in arms.items()]


def _compare_yaml(d, arms, name):
    body = "".join(f"    - {{name: {n}, scenario: {os.path.basename(p)}}}\n" for n, p in arms)
    return _write(os.path.join(d, f"{name}.yaml"),
                  f"compare:\n  name: {name}\n  seed: 7\n  replicates: 3\n  arms:\n{body}")


def govsim_compare(tmpdir, replicates, out_name):
    """(path, label) of a comparison made by govsim, or raises RuntimeError."""
    errors = []
    for model, make in (("governance", _gov_arms), ("threshold_cascade", _cascade_arms)):
        d = os.path.join(tmpdir, f"scen_{model}")
        os.makedirs(d, exist_ok=True)
        cmp = _compare_yaml(d, make(d), f"test-{model}")
        out = os.path.join(tmpdir, f"{out_name}_{model}.h5")
        if os.path.exists(out):
            return out, f"govsim ({model})"
        r = subprocess.run([GOVSIM, "compare", cmp, "-o", out, "--replicates", str(replicates), "--force"],
                           capture_output=True, text=True, timeout=300)
        if r.returncode == 0 and os.path.exists(out):
            if errors:
                _SOURCE["why"] = " (governance model failed: " + errors[0][:300] + ")"
            return out, f"govsim {GOVSIM} ({model} model)"
        errors.append(f"{model}: exit {r.returncode}: {(r.stderr or r.stdout).strip()[-400:]}")
        if os.environ.get("GOVSIM_ANALYSIS_STRICT") == "1":
            break      # CI may insist on the governance model: no fallback
    raise RuntimeError("govsim could not produce a comparison file: " + " | ".join(errors))


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("analysis"))


def _compare(workdir, replicates, name):
    if GOVSIM:
        path, label = govsim_compare(workdir, replicates, name)
    else:
        path = make_fixture.make_compare(os.path.join(workdir, f"{name}.h5"), arms=["BASE", "CM1", "CM1cm", "CM2"],
                                         replicates=replicates, steps=60, groups=2)
        label = "synthetic fixture (tests/analysis/make_fixture.py)"
    _SOURCE["compare"] = label
    return path


@pytest.fixture(scope="session")
def compare_file(workdir):
    """A comparison (4 replicates) and where it came from."""
    return _compare(workdir, 4, "cmp4")


@pytest.fixture(scope="session")
def compare_file_many(workdir):
    """The same comparison with 16 replicates (for the interval-shrinking test)."""
    return _compare(workdir, 16, "cmp16")


@pytest.fixture(scope="session")
def source_label(compare_file):
    return _SOURCE["compare"]


def run_cli(*args, check=True, env=None):
    e = dict(os.environ)
    e["PYTHONPATH"] = ROOT + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    e["MPLBACKEND"] = "Agg"
    if env:
        e.update(env)
    r = subprocess.run([PY, "-m", "analysis", *args], capture_output=True, text=True, env=e, cwd=ROOT,
                       timeout=300)
    if check and r.returncode != 0:
        raise AssertionError(f"analysis {' '.join(args)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r


@pytest.fixture(scope="session")
def compare_report(compare_file, workdir):
    out = os.path.join(workdir, "report_compare")
    run_cli("report", compare_file, "-o", out)
    return out


@pytest.fixture(scope="session")
def compare_report_zh(compare_file, workdir):
    """The same comparison's report in Chinese (--lang zh)."""
    out = os.path.join(workdir, "report_compare_zh")
    r = run_cli("report", compare_file, "-o", out, "--lang", "zh")
    assert "warning: no zh translation" not in r.stderr, r.stderr
    return out


@pytest.fixture(scope="session")
def fixture_file(workdir):
    """A synthetic comparison with every input the summary reads: the cost ledger, p_vol_noforum,
    drift finals (CM4's P_vol drifts), the arms' countermeasures and sizes."""
    return make_fixture.make_compare(os.path.join(workdir, "fixture_full.h5"),
                                     arms=["BASE", "CM1", "CM1cm", "CM2", "CM2cm", "CM3", "CM4", "CM5"],
                                     replicates=6, steps=60, groups=4)


@pytest.fixture(scope="session")
def fixture_report(fixture_file, workdir):
    """The English report of fixture_file (built once, in-process)."""
    from analysis import report
    out = os.path.join(workdir, "report_fixture")
    report.build(fixture_file, out, log=lambda *a: None)
    return out


def strict() -> bool:
    return os.environ.get("GOVSIM_ANALYSIS_STRICT") == "1"


def have_browser() -> bool:
    """Headless Chromium for analysis/browser.py: chromium, chromium-driver and python3-selenium
    (test_browser.py says which is missing, and fails under GOVSIM_ANALYSIS_STRICT)."""
    if not (os.path.exists("/usr/bin/chromium") and os.path.exists("/usr/bin/chromedriver")):
        return False
    try:
        import selenium  # noqa: F401
    except ImportError:
        return False
    return True


def govsim_sweep(tmpdir):
    """A 3 x 2 grid sweep made by `govsim sweep` (governance, else threshold_cascade), or None
    when this govsim has no working sweep command."""
    errors = []
    for model, base, grid in (
            ("governance", GOV_SCENARIO.format(name="base", extra=""),
             {"params.kappa_out": "[0, 0.05, 0.1]", "params.w_vis": "[0, 1]"}),
            ("threshold_cascade", CASCADE_SCENARIO.format(name="base", k=4, phi=0.18),
             {"params.threshold": "[0.12, 0.18, 0.24]", "network.k_mean": "[3, 6]"})):
        d = os.path.join(tmpdir, f"sweep_{model}")
        os.makedirs(d, exist_ok=True)
        _write(os.path.join(d, "base.yaml"), base)
        params = "".join(f"      {k}: {v}\n" for k, v in grid.items())
        sw = _write(os.path.join(d, "sweep.yaml"),
                    "sweep:\n  name: test-sweep\n  base: base.yaml\n  replicates: 3\n  seed: 5\n"
                    f"  design:\n    type: grid\n    parameters:\n{params}")
        out = os.path.join(tmpdir, f"sweep_{model}.h5")
        try:
            r = subprocess.run([GOVSIM, "sweep", sw, "-o", out, "--force"], capture_output=True, text=True,
                               timeout=300)
        except subprocess.TimeoutExpired:
            return None, "govsim sweep timed out"
        if r.returncode == 0 and os.path.exists(out):
            return out, f"govsim sweep ({model} model)"
        errors.append(f"{model}: exit {r.returncode}: {(r.stderr or r.stdout).strip()[-300:]}")
    return None, " | ".join(errors)


@pytest.fixture(scope="session")
def sweep_file(workdir):
    """The synthetic grid sweep (known design and sensitivity tables, in govsim's layout)."""
    return make_fixture.make_sweep(os.path.join(workdir, "sweep.h5"))


@pytest.fixture(scope="session")
def govsim_sweep_file(workdir):
    if not GOVSIM:
        pytest.skip("no govsim binary (set GOVSIM_BIN)")
    path, why = govsim_sweep(workdir)
    if path is None:
        pytest.skip(f"govsim sweep unavailable: {why}")
    return path


@pytest.fixture(scope="session")
def sweep_report(sweep_file, workdir):
    out = os.path.join(workdir, "report_sweep")
    run_cli("report", sweep_file, "-o", out)
    return out


@pytest.fixture(scope="session")
def run_report(workdir):
    """A single-scenario file (kind run): govsim run when available, else synthetic."""
    if GOVSIM:
        d = os.path.join(workdir, "scen_run")
        os.makedirs(d, exist_ok=True)
        p = _write(os.path.join(d, "base.yaml"), GOV_SCENARIO.format(name="base", extra="").replace(
            "replicates: 1", "replicates: 2"))
        path = os.path.join(workdir, "run.h5")
        r = subprocess.run([GOVSIM, "run", p, "-o", path, "--force"], capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            p = _write(os.path.join(d, "cascade.yaml"), CASCADE_SCENARIO.format(name="cascade", k=4, phi=0.18)
                       .replace("replicates: 1", "replicates: 2"))
            r = subprocess.run([GOVSIM, "run", p, "-o", path, "--force"], capture_output=True, text=True, timeout=300)
            assert r.returncode == 0, r.stderr
    else:
        path = make_fixture.make_run(os.path.join(workdir, "run.h5"))
    out = os.path.join(workdir, "report_run")
    run_cli("report", path, "-o", out)
    return path, out
