"""analysis.load against direct h5py reads, and its errors."""

import h5py
import numpy as np
import pytest

import make_fixture
from analysis import load, metrics as M


def _runs(f):
    for arm in f["runs"]:
        for r in f["runs"][arm]:
            yield arm, r, f["runs"][arm][r]


def test_series_is_tidy_and_complete(compare_file):
    df = load.series(compare_file)
    assert list(df.columns) == ["arm", "replicate", "step", "metric", "value"]
    with h5py.File(compare_file) as f:
        n = sum(ds.shape[0] for _, _, g in _runs(f) for ds in g["series"].values())
        arm, r, g = next(_runs(f))
        m = next(iter(g["series"]))
        raw = g["series"][m][()]
        rep = int(g.attrs["replicate"])
    assert len(df) == n
    got = df[(df.arm == arm) & (df.replicate == rep) & (df.metric == m)].sort_values("step").value.to_numpy()
    np.testing.assert_array_equal(got, raw)


def test_finals_meta_and_arms(compare_file):
    fin = load.finals(compare_file, with_n_valid=True)
    assert list(fin.columns) == ["arm", "replicate", "metric", "value", "n_valid"]
    meta = load.meta(compare_file)
    assert meta["format"] == "govsim-results" and meta["kind"] == "compare"
    assert meta["arms"][0] == "BASE" and set(fin.arm) == set(meta["arms"])
    assert meta["paired"] is True                    # govsim compare: common random numbers
    assert len(fin) == meta["n_runs"] * len(meta["finals"])
    assert load.arms(compare_file) == meta["arms"]
    assert "final" in load.summary_tables(compare_file)
    s = load.summary(compare_file, "final")
    assert list(s.index) == meta["arms"]
    assert load.design(compare_file) is None


def test_community_and_extras(compare_file):
    meta = load.meta(compare_file)
    if meta["community"]:
        m = meta["community"][0]
        c = load.community_series(compare_file, metrics=[m], steps=-1)
        assert set(c.step) == {meta["steps"]}
        assert len(c) == meta["n_runs"] * meta["groups"]
    ex = load.extras(compare_file)
    if meta["extras"]:
        name = meta["extras"][0]
        arr = load.extra_array(compare_file, name, "BASE")
        assert arr.shape[0] == meta["replicates_by_arm"]["BASE"]
        assert set(ex.name) == set(meta["extras"])


def test_requested_metric_missing_names_metric_and_file(compare_file):
    with pytest.raises(load.MissingMetricError) as e:
        load.finals(compare_file, metrics=["no_such_metric"])
    assert "no_such_metric" in str(e.value) and compare_file in str(e.value)
    with pytest.raises(load.ResultsError, match="no arm 'NOPE'"):
        load.series(compare_file, arms=["NOPE"])


def test_not_a_results_file(tmp_path):
    p = tmp_path / "x.h5"
    with h5py.File(p, "w") as f:
        f.attrs["format"] = "something-else"
    with pytest.raises(load.ResultsError, match="not a govsim results file"):
        load.meta(p)
    q = tmp_path / "y.h5"
    q.write_text("not hdf5")
    with pytest.raises(load.ResultsError, match="not an HDF5 file"):
        load.meta(q)
    with pytest.raises(load.ResultsError, match="no such file"):
        load.meta(tmp_path / "missing.h5")


def test_consistency_check_finds_a_run_without_a_metric(tmp_path):
    p = make_fixture.make_compare(str(tmp_path / "d.h5"), arms=["BASE", "CM1"], replicates=3, steps=20,
                                  drop=("CM1", 2, "final", "coverage"))
    with pytest.raises(load.MissingMetricError) as e:
        load.check_consistency(p)
    assert "'coverage'" in str(e.value) and "/runs/CM1/r0002" in str(e.value) and p in str(e.value)


def test_design_of_a_sweep(sweep_file):
    d = load.design(sweep_file)
    assert list(d.columns[:2]) == ["point", "arm"]
    assert list(d.columns[2:]) == ["params.kappa_out", "params.w_vis"]
    assert d.attrs["kind"] == "grid"
    assert d.arm.iloc[12 - 1] == "p000011"
    assert sorted(load.summary_tables(sweep_file)) == ["morris", "points", "sobol"]


def test_unpaired_arms_are_detected(tmp_path):
    p = make_fixture.make_compare(str(tmp_path / "u.h5"), arms=["BASE", "CM1"], replicates=3, steps=20,
                                  paired=False)
    assert load.meta(p)["paired"] is False


def test_metric_roles_match_model_and_spec_names():
    gov = ["p_vol", "p_tot", "ti", "coverage", "org_c_share", "win_rate", "disputes",
           "disputes_per_1k_hh_yr"]
    assert M.headline_present(gov) == ["p_vol", "p_tot", "ti", "coverage", "org_c_share", "win_rate",
                                       "disputes_per_1k_hh_yr"]
    spec = ["P_vol", "P_tot", "TI", "coverage", "org_C_share", "win_rate", "disputes_per_1000"]
    assert M.headline_present(spec) == spec
    # P_vol without forum attendance stands beside P_vol (spec 6.1 item 5)
    assert M.headline_present(gov + ["p_vol_noforum"])[:2] == ["p_vol", "p_vol_noforum"]
    # the dispute count is not the per-1,000-households rate
    assert M.role_of("disputes") == "disputes_count" and M.role_of("disputes_per_1k_hh_yr") == "disputes"
    assert M.label("something_new") == "something_new"
    assert M.subgroup_of("p_vol_age2") == ("P_vol", "age", "60+")
    assert M.subgroup_of("P_vol_nonparty") == ("P_vol", "party", "non-Party")
    assert M.order_arms(["BASE", "CM1", "CM2", "CM1cm", "CM2cm"], "BASE") == ["BASE", "CM1", "CM1cm", "CM2", "CM2cm"]
    assert M.choose_baseline(["X", "BASE"]) == "BASE" and M.choose_baseline(["X", "Y"]) == "X"


def test_caveats_describe_what_arms_change():
    from analysis import caveats as C
    base = "model: governance\nparams: {q_match: 0.5, theta_mu: 0.55}\n"
    cm1 = ("model: governance\nparams: {q_match: 0.5, theta_mu: 0.6}\n"
           "countermeasures:\n  - {type: coordination_structure, intensity: 0.5, start_step: 10}\n")
    rows = C.arm_differences({"BASE": base, "CM1": cm1}, "BASE")
    assert rows == [{"arm": "CM1", "countermeasures": "coordination_structure (I=0.5, from step 10)",
                     "targets at I = 1 (spec 4.9, assumed)": C.COUNTERMEASURE_TARGETS["coordination_structure"],
                     "parameters changed": "theta_mu: 0.55 → 0.6 cal"}]
    assert C.basis("w_voice") == "[A]" and C.basis("staff_per_1k") == "[A]" and C.basis("h_week") == "[V]" and C.basis("nope") is None
    assert C.parameters_in_yaml("params:\n  w_voice: 0\n  n_comm: 4\n") == ["w_voice", "n_comm"]


def test_missing_dependency_names_the_debian_package():
    from analysis import _deps
    with pytest.raises(_deps.MissingDependency, match=r"python3-nosuchthing"):
        _deps.require("govsim_no_such_" + "module", "python3-nosuchthing")  # built, so check-deps skips it
    _deps.require_all()  # everything the analysis imports is installed here
    assert set(_deps.PACKAGES) >= {"numpy", "h5py", "pandas", "matplotlib", "scipy", "yaml"}


def test_caveats_refuse_text_that_is_not_yaml():
    import yaml
    from analysis import caveats as C
    with pytest.raises(yaml.YAMLError):
        C.parameters_in_yaml("params: {w_voice: [0\n")
