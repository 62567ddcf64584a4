"""docs/tutorial.md runs: every `sh` block, in order, in one bash session (as a reader pastes
them), from the source folder with HOME in a temporary folder; the files it shows match the
files it uses. Also `python3 -m analysis district` (the census helper) on good and bad tables."""
import os
import re
import subprocess

import pytest

from conftest import GOVSIM, PY, ROOT, run_cli, strict

TUTORIAL = os.path.join(ROOT, "docs", "tutorial.md")
DATA = os.path.join(ROOT, "docs", "tutorial")


def blocks(lang):
    text = open(TUTORIAL, encoding="utf-8").read()
    return re.findall(r"^```" + lang + r"\n(.*?)^```", text, flags=re.S | re.M)


def test_the_tutorial_has_commands_and_a_calibration_section():
    sh = blocks("sh")
    assert len(sh) >= 5
    text = open(TUTORIAL, encoding="utf-8").read()
    # The calibration section is real now: its file ships with the tutorial and its commands run.
    assert "Comes with the calibration feature" not in text and "govsim calibrate my-calibration.yaml" in text
    shown = [b for b in blocks("yaml") if b.startswith("# my-calibration.yaml")]
    assert shown and shown[0] == open(os.path.join(DATA, "my-calibration.yaml"), encoding="utf-8").read()


def test_the_files_shown_are_the_files_used():
    shown = [b for b in blocks("yaml") if b.startswith("compare:")]
    assert shown, "the tutorial shows compare.yaml"
    used = "".join(l for l in open(os.path.join(DATA, "compare.yaml"), encoding="utf-8") if not l.startswith("#"))
    assert shown[0] == used
    assert "network: {type: edge_list, path: edges.csv, nodes: nodes.csv}\n" in blocks("yaml")
    net = open(os.path.join(DATA, "network.yaml"), encoding="utf-8").read()
    assert "network: {type: edge_list, path: edges.csv, nodes: nodes.csv}" in net
    census = [b for b in blocks("text") if b.startswith("community,residents")][0].splitlines()
    rows = open(os.path.join(DATA, "census.csv"), encoding="utf-8").read().splitlines()
    assert census[:3] == [r for r in rows if not r.startswith("#")][:3]


def test_every_command_of_the_tutorial_runs(tmp_path):
    if GOVSIM is None:
        if strict():
            pytest.fail("no govsim binary (set GOVSIM_BIN)")
        pytest.skip("no govsim binary (set GOVSIM_BIN)")
    sh = blocks("sh")
    script = ["set -euo pipefail", sh[0],
              # the binary under test first on PATH (the tutorial puts build/release there)
              f'export PATH="{os.path.dirname(os.path.abspath(GOVSIM))}:$PATH"',
              'test "$(command -v govsim)" = "%s"' % os.path.abspath(GOVSIM)]
    for i, b in enumerate(sh[1:], start=1):
        script += [f'echo "==== tutorial block {i}"', b]
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), GOVSIM_ANALYSIS_PATH=ROOT)
    env.pop("PYTHONPATH", None)
    r = subprocess.run(["bash", "-c", "\n".join(script)], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=900)
    assert r.returncode == 0, f"{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    d = home / "my-district"
    for f in ("district.yaml", "district.h5", "network.h5", "compare.h5", "report-en/index.html",
              "report-zh/index.html", "first-screen-zh.png", "my-calib.h5"):
        assert (d / f).exists(), f
    assert "n_comm: 5" in (d / "district.yaml").read_text() and "pop_comm: 1100" in (d / "district.yaml").read_text()
    assert "<html lang=zh-Hans>" in (d / "report-zh" / "index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------ census helper

def test_district_from_a_census_table(tmp_path):
    out = tmp_path / "d.yaml"
    r = run_cli("district", os.path.join(DATA, "census.csv"), "-o", str(out), "--steps", "52")
    text = out.read_text()
    assert "n_comm: 5" in text and "pop_comm: 1100" in text and "steps: 52" in text
    assert "age_p: [0.3804, 0.346, 0.2736]" in text and "party_share: 0.0724" in text
    assert "5,500 residents" in r.stdout and "mean household size 2.64" in r.stdout
    # the file exists: refused without --force
    r = run_cli("district", os.path.join(DATA, "census.csv"), "-o", str(out), check=False)
    assert r.returncode == 2 and "use --force" in r.stderr
    if GOVSIM:
        v = subprocess.run([GOVSIM, "validate", str(out)], capture_output=True, text=True, timeout=60)
        assert v.returncode == 0, v.stderr


@pytest.mark.parametrize("table,message", [
    ("community,people\nA,100\n", "no column 'residents'"),
    ("community,residents\nA,1200\nB,lots\n", ":3: error: residents: expected a number, found 'lots'"),
    ("community,residents\nA,1200,7\n", ":2: error: expected 2 fields, found 3"),
    ("community,residents\n", "has no communities"),
    ("community,residents\nA,50\nB,60\n", "needs at least 100"),
])
def test_district_errors_name_the_line(tmp_path, table, message):
    p = tmp_path / "c.csv"
    p.write_text(table)
    r = run_cli("district", str(p), "-o", str(tmp_path / "o.yaml"), check=False)
    assert r.returncode == 2 and message in r.stderr and str(p) in r.stderr, r.stderr
    assert not (tmp_path / "o.yaml").exists()


def test_district_warns_about_unequal_communities(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("community,residents\nA,400\nB,3000\nC,1200\n")
    r = run_cli("district", str(p), "-o", str(tmp_path / "o.yaml"))
    assert "differ a lot in size" in r.stdout and "real" in r.stdout
    assert PY == "/usr/bin/python3"
