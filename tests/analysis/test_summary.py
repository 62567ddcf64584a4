"""The first screen (analysis/summary.py), materiality, p_vol_noforum beside p_vol, drift and the
P(best) slot (issue 15 items 4-6, issue 17)."""
import html as htmllib
import math
import os
import pathlib
import re

import h5py
import numpy as np
import pandas as pd
import pytest

import make_fixture
from analysis import compute, load, margins as G, metrics as M, report, summary as SUM


def _build(path, out, **kw):
    return report.build(path, str(out), log=lambda *a: None, **kw)


def _page(out):
    return open(os.path.join(out, "index.html"), encoding="utf-8").read()


def _summary_html(page):
    i = page.index('<section id="summary"')
    return page[i:page.index("</section>", i)]


def _text(fragment):
    t = htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return re.sub(r" +([:;,)])", r"\1", re.sub(r"[ \t]+", " ", t))


# ------------------------------------------------------------------------------------ margins

def test_margins_come_from_the_results_file(fixture_file, tmp_path):
    # one source of truth: govsim writes the model's margins to /summary/materiality
    assert G.use_file(fixture_file)
    assert G.MATERIALITY == {"p_vol": 0.01, "p_vol_noforum": 0.01, "p_mob": 0.01, "p_tot": 0.01, "coverage": 0.01,
                             "org_c_share": 0.01, "ti": 0.01, "ts": 0.01, "win_rate": 0.02,
                             "disputes_per_1k_hh_yr": 2.0}
    # other spellings find their margin through their role; the raw dispute count has none
    assert G.margin("P_vol") == G.margin("pvol") == 0.01 and G.margin("TI") == 0.01
    assert G.margin("disputes_per_1000") == 2.0
    assert math.isnan(G.margin("disputes")) and math.isnan(G.margin("gini_cum_vol"))


@pytest.mark.parametrize("diff,lo,hi,p,better,m,want", [
    (0.05, 0.04, 0.06, 0.001, +1, 0.01, "improves"),       # beyond +m
    (-0.05, -0.06, -0.04, 0.001, +1, 0.01, "worsens"),
    (-5.0, -6.0, -4.0, 0.001, -1, 2.0, "improves"),        # fewer disputes
    (0.005, 0.004, 0.006, 1e-6, +1, 0.01, "negligible"),   # significant, inside ±m
    (0.012, 0.005, 0.019, 0.001, +1, 0.01, "negligible"),  # significant, interval does not exclude +m
    (0.001, -0.004, 0.006, 0.5, +1, 0.01, "negligible"),   # not significant, inside ±m: equivalent
    (0.01, -0.02, 0.04, 0.5, +1, 0.01, "unclear"),         # not significant and wide
    (0.05, 0.04, 0.06, 0.001, 0, 0.01, "changes"),         # no preferred direction
    (0.05, 0.04, 0.06, 0.001, +1, math.nan, "improves"),   # no margin: significance alone
    (0.05, 0.04, 0.06, 0.2, +1, math.nan, "unclear"),
])
def test_verdicts(diff, lo, hi, p, better, m, want):
    assert G.verdict(diff, lo, hi, p, better, m) == want


def _finals_frame(effects: dict, reps=6, seed=3):
    """Tidy finals: BASE and arms with the given (metric -> mean shift) and small paired noise."""
    rng = np.random.default_rng(seed)
    rows = []
    base = {"p_vol": 0.10, "ti": 0.40, "coverage": 0.5}
    noise = {m: rng.normal(0, 0.01, reps) for m in base}
    for arm, eff in [("BASE", {})] + list(effects.items()):
        for m, b in base.items():
            own = rng.normal(0, 0.0003, reps)
            for r in range(reps):
                rows.append((arm, r, m, b + eff.get(m, 0.0) + noise[m][r] + own[r]))
    return pd.DataFrame(rows, columns=["arm", "replicate", "metric", "value"])


def test_significant_but_small_effect_is_negligible_and_not_counted():
    fin = _finals_frame({"A": {"ti": 0.004, "p_vol": 0.05}, "B": {"coverage": 0.03}})
    hl = ["p_vol", "ti", "coverage"]
    eff = compute.effects_table(fin, "BASE", ["BASE", "A", "B"], True, headline=hl)
    r = eff.set_index(["arm", "metric"])
    assert r.loc[("A", "ti"), "p_holm_family"] < 0.05          # statistically significant ...
    assert r.loc[("A", "ti"), "verdict"] == "negligible"       # ... but inside ±0.01
    assert r.loc[("A", "p_vol"), "verdict"] == "improves" and r.loc[("B", "coverage"), "verdict"] == "improves"
    rank = compute.ranking_table(eff, hl, ["BASE", "A", "B"]).set_index("arm")
    assert rank.loc["A", "improves"] == 1 and rank.loc["A", "negligible"] >= 1
    assert rank.loc["B", "improves"] == 1


def test_report_says_negligible(tmp_path):
    """A significant effect inside ±m: the findings call it negligible, not an improvement, and
    the summary does not pick it."""
    p = make_fixture.make_compare(str(tmp_path / "n.h5"), arms=["BASE", "CM1", "CM4"], replicates=6, steps=40)
    with h5py.File(p, "r+") as f:       # CM4's TI = BASE's + 0.004 (+ tiny noise): significant, < m
        rng = np.random.default_rng(1)
        for r in sorted(f["runs/BASE"]):
            v = f[f"runs/BASE/{r}/final/ti"][0]
            f[f"runs/CM4/{r}/final/ti"][0] = v + 0.004 + rng.normal(0, 1e-4)
            f[f"runs/CM1/{r}/final/ti"][0] = v + 0.003 + rng.normal(0, 1e-4)
    out = tmp_path / "rep"
    _build(p, out)
    eff = pd.read_csv(out / "tables" / "effects.csv").set_index(["arm", "metric"])
    assert eff.loc[("CM4", "ti"), "p_holm_family"] < 0.05 and eff.loc[("CM4", "ti"), "verdict"] == "negligible"
    li = _text(re.search(r"<li><b>CM4</b>(.*?)</li>", _page(out)).group(1))
    assert "negligible" in li and re.search(r"negligible[^:]*:.*TI \+0\.4", li), li
    assert not re.search(r"improves[^.]*TI", li.split("negligible")[0]), li
    s = pd.read_csv(out / "tables" / "summary.csv").set_index("metric")
    assert s.loc["ti", "verdict"] == "negligible"
    assert "No countermeasure improves it by more than ±1" in _text(_summary_html(_page(out)))


# ------------------------------------------------------------------------------------ summary

def test_summary_numbers_equal_recomputation(fixture_file, fixture_report):
    out = pathlib.Path(fixture_report)
    s = pd.read_csv(out / "tables" / "summary.csv").set_index("metric")
    fin = load.finals(fixture_file)
    mean = fin.groupby(["arm", "metric"]).value.mean()
    eff = pd.read_csv(out / "tables" / "effects.csv").set_index(["arm", "metric"])
    plain = ["CM1", "CM2", "CM3", "CM4", "CM5"]
    pop = 4 * 500
    for m, row in s.iterrows():
        # the best arm: the largest oriented effect among the plain arms, never a cost-matched one
        scores = {a: M.better(m) * eff.loc[(a, m), "diff"] for a in plain}
        assert row.best_arm == max(scores, key=scores.get), m
        assert not row.best_arm.endswith("cm")
        assert row["diff"] == pytest.approx(eff.loc[(row.best_arm, m), "diff"])
        extra = (mean[(row.best_arm, "cost_total_h")] - mean[("BASE", "cost_total_h")])
        assert row.extra_hours_week_per_1k == pytest.approx(extra / pop * 1000, rel=1e-9)
        if m in ("p_vol", "p_tot") and row.verdict == "improves":
            assert row.effect_per_1000h == pytest.approx(row["diff"] * pop / extra * 1000, rel=1e-9)
        if m == "coverage" and row.verdict == "improves":
            d_served = mean[(row.best_arm, "served")] - mean[("BASE", "served")]
            assert row.effect_per_1000h == pytest.approx(d_served / extra * 1000, rel=1e-9)
    # P_vol's best arm is CM2 (the fixture's largest P_vol effect), in plain words
    assert s.loc["p_vol", "best_arm"] == "CM2" and s.loc["p_vol", "verdict"] == "improves"
    text = _text(_summary_html(_page(out)))
    x = SUM.num(100 * s.loc["p_vol", "diff"])
    assert f"about {x} more residents in 100 volunteer in a month" in text
    assert "Extra hours a week per 1,000 residents" in text and "design only" in text
    assert "CM1cm" in text.split("design only")[1]            # cost-matched arms: design only
    assert set(re.findall(r"[+−-]?\d[\d.,]*%", text)) == {"95%"}   # never a percentage of a share


def test_no_percentages_for_shares_in_findings(compare_report):
    page = _text(_page(compare_report))
    findings = page[page.index("Findings"):page.index("Scenario and provenance", page.index("Findings"))]
    for line in findings.split(";"):
        if re.search(r"\b(P_vol|P_tot|TI|coverage|org_C_share|win_rate)\b", line):
            assert "%" not in line.split("(d_z")[0].replace("95%", ""), line
    assert not re.search(r"[+-]\d{4,}%", page)                # no "+13179%" anywhere


def test_p_vol_noforum_beside_p_vol(fixture_file, fixture_report):
    out = pathlib.Path(fixture_report)
    eff = pd.read_csv(out / "tables" / "effects.csv")
    assert set(eff[eff.family == "headline"].metric) >= {"p_vol", "p_vol_noforum"}
    rank = pd.read_csv(out / "tables" / "ranking.csv")
    ranked = [c[:-5] for c in rank.columns if c.endswith(".rank")]
    assert ranked[:2] == ["p_vol", "p_vol_noforum"]           # beside P_vol
    counted = [c for c in rank.columns if c.endswith(".rank") and not c.startswith("p_vol_noforum")]
    np.testing.assert_allclose(rank.mean_rank, rank[counted].mean(axis=1))
    page = _text(_page(out))
    assert "P_vol_noforum is shown beside P_vol and not counted in the mean rank" in page
    finding = page[page.index("CM2:", page.index("Findings")):]
    assert finding.index("P_vol ") < finding.index("P_vol_noforum")
    # the summary shows it inside P_vol's row
    summ = _text(_summary_html(_page(out)))
    assert "volunteer outside the night talks" in summ


# ------------------------------------------------------------------------------------ drift

def test_drift_marks_arms_whose_value_depends_on_the_horizon(fixture_file, fixture_report):
    out = pathlib.Path(fixture_report)
    d = pd.read_csv(out / "tables" / "drift.csv")
    flagged = set(map(tuple, d[d.flag][["arm", "metric"]].to_numpy()))
    assert ("CM4", "p_vol") in flagged and ("CM4", "p_tot") in flagged
    assert not d[(d.arm != "CM4")].flag.any()
    fin = load.finals(fixture_file, metrics=["p_vol_drift"])
    want = fin[fin.arm == "CM4"].value.mean()
    assert d[(d.arm == "CM4") & (d.metric == "p_vol")].drift.iloc[0] == pytest.approx(want)
    page = _text(_page(out))
    assert "These values depend on the horizon" in page and "CM4 P_vol +0.05" in page
    # the drift finals are not compared as outcomes of their own
    eff = pd.read_csv(out / "tables" / "effects.csv")
    assert not eff.metric.str.endswith("_drift").any()


def test_summary_warns_when_the_best_arm_drifts(tmp_path, monkeypatch):
    monkeypatch.setattr(make_fixture, "DRIFT_P_VOL", {"CM2": 0.05})
    p = make_fixture.make_compare(str(tmp_path / "d.h5"), arms=["BASE", "CM1", "CM2", "CM3"], replicates=5, steps=40)
    out = tmp_path / "rep"
    _build(p, out)
    s = pd.read_csv(out / "tables" / "summary.csv").set_index("metric")
    assert s.loc["p_vol", "best_arm"] == "CM2"
    assert "drifts CM2 +5" in s.loc["p_vol", "warnings"] and "depends on the horizon" in s.loc["p_vol", "warnings"]
    assert "depends on the horizon" not in str(s.loc["coverage", "warnings"])


def test_no_drift_finals_is_listed_as_absent(tmp_path):
    p = make_fixture.make_compare(str(tmp_path / "nd.h5"), arms=["BASE", "CM1"], replicates=3, steps=30, drift=False)
    r = _build(p, tmp_path / "rep")
    assert any("_drift" in a for a in r["absent"])


# ------------------------------------------------------------------------------------ P(best) slot

def test_p_best_from_a_robust_comparison_slots_in(tmp_path):
    arms = ["BASE", "CM1", "CM2", "CM3"]
    p = make_fixture.make_compare(str(tmp_path / "pb.h5"), arms=arms, replicates=4, steps=30, p_best=True)
    out = tmp_path / "rep"
    _build(p, out)
    s = pd.read_csv(out / "tables" / "summary.csv").set_index("metric")
    pb = load.p_best(p)
    for m, row in s.iterrows():
        assert row.p_best == pytest.approx(pb.loc[row.best_arm, m])
    page = _page(out)
    assert "P(best)" in _text(_summary_html(page)) and 'id="robust"' in page
    assert "How sure is the ranking" in page
    # without the table: the interval, and a note on where P(best) comes from
    p2 = make_fixture.make_compare(str(tmp_path / "nopb.h5"), arms=arms, replicates=4, steps=30)
    out2 = tmp_path / "rep2"
    _build(p2, out2)
    page2 = _page(out2)
    assert "P(best)" not in _summary_html(page2) and "govsim compare --posterior" in page2
    assert 'id="robust"' not in page2


def test_population_of_an_arm(tmp_path):
    nodes = tmp_path / "nodes.csv"
    nodes.write_text("id,community,grid\n# a comment\na,1,1\nb,1,1\nc,2,1\n")
    meta = {"arm_yaml": {
        "gen": "model: governance\nparams: {n_comm: 4, pop_comm: 2500}\n",
        "nb": "model: governance\nnetwork: {type: neighbourhood, n_comm: 3, pop_comm: 200}\n",
        "real": f"model: governance\nnetwork: {{type: edge_list, path: e.csv, nodes: {nodes}}}\n",
        "missing": "model: governance\nnetwork: {type: edge_list, path: e.csv, nodes: /no/such.csv}\n",
        "other": "model: threshold_cascade\nnetwork: {type: erdos_renyi, n: 100, k_mean: 4}\n"}}
    assert SUM.population(meta, "gen") == 10000 and SUM.population(meta, "nb") == 600
    assert SUM.population(meta, "real") == 3
    assert math.isnan(SUM.population(meta, "missing")) and math.isnan(SUM.population(meta, "other"))
