"""Synthetic govsim results files, written with h5py in exactly the layout of
docs/output-format.md (format version 1) and sim/output/result_file.cpp: the same groups,
dataset shapes, attribute names and attribute types (vlen UTF-8 strings, int32 format_version,
uint64 seeds, uint32 replicate/steps/groups, int64 point and n_valid).

The numbers imitate the governance model (its metric names): each arm shifts the outcomes and
replicate r draws the same noise in every arm (common random numbers), so paired differences
are much tighter than independent ones. Used by the tests only when no govsim binary exists,
and to make files with known defects (a run missing a metric).

    /usr/bin/python3 tests/analysis/make_fixture.py compare out.h5 [--replicates R]
"""
from __future__ import annotations

import argparse
import sys

import h5py
import numpy as np

STR = h5py.string_dtype("utf-8")

DEFAULT_ARMS = ["BASE", "CM1", "CM1cm", "CM2", "CM2cm", "CM3", "CM4", "CM5"]
# arm -> effect on (P_vol, TI, coverage, org_C)
EFFECTS = {
    "BASE": (0.0, 0.0, 0.0, 0.0), "CM1": (0.005, 0.03, 0.08, 0.02), "CM1cm": (0.004, 0.02, 0.05, 0.01),
    "CM2": (0.03, 0.04, 0.01, 0.02), "CM2cm": (0.02, 0.03, 0.0, 0.01), "CM3": (0.01, 0.05, 0.12, 0.03),
    "CM4": (0.015, 0.01, 0.02, 0.0), "CM5": (0.02, 0.03, 0.02, 0.25), "ALL5": (0.05, 0.1, 0.15, 0.3),
}

# arm -> extra hours a week of the cost ledger (whole population) against BASE
EXTRA_HOURS = {"BASE": 0.0, "CM1": 0.1, "CM1cm": -147.0, "CM2": 11.0, "CM2cm": -15.0, "CM3": 461.0,
               "CM4": 0.0, "CM5": 31.0, "ALL5": 514.0}
# arm -> drift per year of P_vol (final p_vol_drift): CM4's P_vol still climbs at the horizon
DRIFT_P_VOL = {"CM4": 0.05}
# Countermeasure types of the arms (their resolved scenarios name them)
CM_TYPES = {"CM1": ["coordination_structure"], "CM2": ["resident_participation"],
            "CM3": ["service_capability"], "CM4": ["party_building_innovation"], "CM5": ["law_and_virtue"]}
CM_TYPES["ALL5"] = [t for k in ("CM1", "CM2", "CM3", "CM4", "CM5") for t in CM_TYPES[k]]
HEADLINE_FINALS = ["P_vol", "P_vol_noforum", "P_tot", "TI", "coverage", "org_C_share", "win_rate",
                   "disputes_per_1000"]


def arm_yaml(arm, groups, pop_comm=500):
    """The resolved scenario of a fixture arm: its size and countermeasures (as govsim writes them)."""
    plain = arm[:-2] if arm.endswith("cm") else arm
    y = f"model: governance\nname: {arm}\nparams:\n  n_comm: {groups}\n  pop_comm: {pop_comm}\n"
    if arm.endswith("cm"):
        y += "  cost_matched: true\n"
    types = CM_TYPES.get(plain, [])
    if types:
        y += "countermeasures:\n" + "".join(f"  - {{type: {t}, intensity: 1.0}}\n" for t in types)
    return y


# Names as the governance model writes them (models/governance/governance_model.cpp); the
# simulation below uses the spec's spelling (4.10) and renames at the end. names={} keeps the
# spec's spelling (to test the matching of names to roles).
GOV_NAMES = {
    "P_vol": "p_vol", "P_vol_noforum": "p_vol_noforum", "P_mob": "p_mob", "P_tot": "p_tot", "TI": "ti", "TS": "ts",
    "org_C_share": "org_c_share", "disputes_per_1000": "disputes_per_1k_hh_yr",
    "P_vol_P_tot": "pvol_ptot", "P_vol_age_18_39": "p_vol_age0", "P_vol_age_40_59": "p_vol_age1",
    "P_vol_age_60p": "p_vol_age2", "P_vol_party": "p_vol_party", "P_vol_nonparty": "p_vol_nonparty",
    "cv_coverage": "cv_coverage_grids",
}
SPEC_NAMES: dict = {}


def _attr_str(obj, name, value):
    obj.attrs.create(name, value, dtype=STR)


def _write_header(f, kind, name, model, yaml, seed, replicates):
    _attr_str(f, "format", "govsim-results")
    f.attrs.create("format_version", 1, dtype="<i4")
    _attr_str(f, "govsim_version", "0.0.0-fixture")
    _attr_str(f, "kind", kind)
    _attr_str(f, "name", name)
    _attr_str(f, "model", model)
    _attr_str(f, "scenario_yaml", yaml)
    _attr_str(f, "created", "2026-01-01T00:00:00Z")
    f.attrs.create("seed", seed, dtype="<u8")
    f.attrs.create("replicates", replicates, dtype="<u4")
    prov = f.create_group("provenance")
    for k, v in [("git_commit", "fixture"), ("compiler", "none"), ("cxx_flags", ""),
                 ("build_type", "Release"), ("libraries", "hdf5 (h5py)"),
                 ("command_line", "make_fixture.py"), ("hostname", "fixture")]:
        _attr_str(prov, k, v)
    prov.attrs.create("threads", 1, dtype="<i4")
    prov.attrs.create("mpi_ranks", 1, dtype="<i4")
    f.create_group("runs")


def _write_strings(g, name, items):
    g.create_dataset(name, data=np.array(items, dtype=object), dtype=STR)


def _write_table(f, path, rows, cols, values):
    g = f.require_group(path)
    g.create_dataset("values", data=np.asarray(values, dtype="<f8").reshape(len(rows), len(cols)))
    _write_strings(g, "rows", rows)
    _write_strings(g, "columns", cols)


def _simulate(arm_eff, rep_rng_seed, steps, groups, window, scale=1.0, names=None, arm_key=0,
              arm="", drift=True):
    """One run: series [steps+1], community [steps+1, groups], finals, extras.

    Noise = a replicate part shared by every arm (common random numbers) plus a smaller part of
    the arm's own (the arms' paths diverge once their decisions differ)."""
    rng = np.random.default_rng(rep_rng_seed)   # common random numbers: same stream per replicate
    own = np.random.default_rng([rep_rng_seed, arm_key])
    dv, dti, dcov, dorg = arm_eff
    t = np.arange(steps + 1) / max(steps, 1)
    g_noise = rng.normal(0, 0.01, size=(4, groups))
    walk = np.cumsum(rng.normal(0, 0.002, size=(5, steps + 1)), axis=1)
    if arm_key:
        walk += np.cumsum(own.normal(0, 0.0008, size=(5, steps + 1)), axis=1)
    ramp = 1 - np.exp(-5 * t)
    p_vol = 0.10 + dv * ramp + walk[0] * scale
    p_mob = 0.05 + 0.02 * ramp - 0.5 * dv * ramp + walk[1] * scale
    p_tot = p_vol + p_mob - 0.01
    ti = 0.60 - 0.2 * t + dti * ramp + walk[2] * scale
    ts = 0.45 + 0.05 * t + 0.5 * dti * ramp + walk[3] * scale
    cov_true = np.clip(0.48 + dcov * ramp + walk[4] * scale, 0.01, 0.99)
    needs = 20 + rng.poisson(5, size=steps + 1)
    served = np.round(needs * cov_true)
    expired = needs - served
    served[0] = expired[0] = 0
    org = np.clip(0.1 + dorg * ramp + rng.normal(0, 0.01, steps + 1), 0, 1)
    disputes = rng.poisson(3 * (1 - 2 * dorg), size=steps + 1).astype(float)
    p_vol_nf = 0.65 * p_vol
    extra_h = EXTRA_HOURS.get(arm, 0.0)
    cost = {"cost_staff_h": 800.0 + 0.8 * extra_h, "cost_inserv_h": 11.0 + 0.1 * extra_h,
            "cost_cobuild_h": 50.0 + 0.1 * max(extra_h, 0.0), "cost_org_h": 0.25 + 30 * dorg}
    cost["cost_total_h"] = sum(cost.values())
    series = {"P_vol": p_vol, "P_vol_noforum": p_vol_nf, "P_mob": p_mob, "P_tot": p_tot, "TI": ti, "TS": ts,
              "served": served, "expired": expired, "org_C_share": org, "disputes": disputes}
    community = {}
    for i, m in enumerate(["P_vol", "P_mob", "P_tot", "TI"]):
        community[m] = series[m][:, None] + g_noise[i][None, :] - g_noise[i].mean()
    community["TS"] = np.repeat(ts[:, None], groups, axis=1)
    community["served"] = np.repeat(served[:, None], groups, axis=1) / groups
    community["expired"] = np.repeat(expired[:, None], groups, axis=1) / groups
    w = slice(steps + 1 - window, steps + 1)
    sw = served[w].sum()
    ew = expired[w].sum()
    finals = {
        "P_vol": (p_vol[w].mean(), -1), "P_vol_noforum": (p_vol_nf[w].mean(), -1),
        "P_mob": (p_mob[w].mean(), -1), "P_tot": (p_tot[w].mean(), -1),
        "served": (served[w].mean(), -1),
        "TI": (ti[w].mean(), -1), "TS": (ts[w].mean(), -1),
        "coverage": (sw / (sw + ew) if sw + ew > 0 else np.nan, int(window)),
        "org_C_share": (org[w].mean(), -1),
        "win_rate": (0.2 + 0.5 * dv + rng.normal(0, 0.02) + own.normal(0, 0.01), int(window)),
        "disputes": (disputes[w].mean(), -1),
        "disputes_per_1000": (disputes[w].sum() * 1000 / 400.0, int(window)),
        "P_vol_P_tot": (p_vol[w].sum() / p_tot[w].sum(), int(window)),
        "gini_cum_vol": (0.6 - dv + rng.normal(0, 0.01) + own.normal(0, 0.005), -1),
        "P_vol_age_18_39": (p_vol[w].mean() - 0.05 + rng.normal(0, 0.005), -1),
        "P_vol_age_40_59": (p_vol[w].mean() + rng.normal(0, 0.005), -1),
        "P_vol_age_60p": (p_vol[w].mean() + 0.06 + rng.normal(0, 0.005), -1),
        "P_vol_party": (p_vol[w].mean() + 0.08 + rng.normal(0, 0.01), -1),
        "P_vol_nonparty": (p_vol[w].mean() - 0.005 + rng.normal(0, 0.005), -1),
        "f_mand": (0.6 - 2 * dv + rng.normal(0, 0.01) + own.normal(0, 0.005), -1),
    }
    for k, v in cost.items():   # window means of the cost ledger (h/week, whole population)
        finals[k] = (v + rng.normal(0, 0.5), -1)
    if drift:                   # spec 6.1 item 6: <headline>_drift, per year
        for k in HEADLINE_FINALS:
            d = DRIFT_P_VOL.get(arm, 0.0) if k in ("P_vol", "P_tot") else 0.0
            finals[k + "_drift"] = (d + rng.normal(0, 0.002) + own.normal(0, 0.001), -1)
    # final TI histogram (20 bins on [0, 1]): a mixture, more bimodal with lower coverage
    x = np.concatenate([rng.beta(2, 6, 600), rng.beta(6, 2, 400 + int(3000 * dti))])
    hist = np.histogram(x, bins=20, range=(0, 1))[0].astype(float)
    cum_vol = rng.gamma(max(0.1, 0.5 + 10 * dv), 1.0, 500)
    cum_vol = np.sort(cum_vol)
    lor = np.concatenate([[0.0], np.cumsum(cum_vol) / cum_vol.sum()])
    lor = np.interp(np.linspace(0, 1, 101), np.linspace(0, 1, lor.size), lor)
    extras = {"ti_histogram": (hist, "final TI: counts in 20 bins of width 0.05 on [0, 1]"),
              "lorenz_cum_vol": (lor, "Lorenz curve of cum_vol at 101 population shares 0..1"),
              "grid_coverage_window": (np.append(np.clip(cov_true[-1] + rng.normal(0, 0.1, 5), 0, 1), np.nan),
                                       "per grid: window sum served / window sum open (NaN if none open)")}
    names = GOV_NAMES if names is None else names
    series = {names.get(k, k): v for k, v in series.items()}
    community = {names.get(k, k): v for k, v in community.items()}
    finals = {(names.get(k[:-6], k[:-6]) + "_drift") if k.endswith("_drift") else names.get(k, k): v
              for k, v in finals.items()}
    return series, community, finals, extras


# The governance model's materiality margins (models/governance/materiality.hpp, spec 6.1 item 4)
# as govsim writes them: /summary/materiality, rows = finals, column margin.
MARGINS = {"p_vol": 0.01, "p_vol_noforum": 0.01, "p_mob": 0.01, "p_tot": 0.01, "ti": 0.01, "ts": 0.01,
           "coverage": 0.01, "org_c_share": 0.01, "win_rate": 0.02, "disputes_per_1k_hh_yr": 2.0}


def _summaries(f, finals_by_arm, arms, baseline):
    """/summary/materiality, /summary/final and /summary/paired_vs_<BASE>, computed as govsim's
    C++ does."""
    _write_table(f, "summary/materiality", list(MARGINS), ["margin"], [[v] for v in MARGINS.values()])
    sys.path.insert(0, __file__.rsplit("/tests/", 1)[0])
    from analysis import stats
    metrics = list(finals_by_arm[arms[0]][0].keys())
    cols, vals = [], []
    for m in metrics:
        cols += [f"{m}.{s}" for s in ("mean", "ci_lo", "ci_hi", "n")]
    for arm in arms:
        row = []
        for m in metrics:
            iv = stats.mean_interval([r[m][0] for r in finals_by_arm[arm]])
            row += [iv.mean, iv.lo, iv.hi, iv.n]
        vals.append(row)
    _write_table(f, "summary/final", arms, cols, vals)
    if baseline is None:
        return
    rows, dvals, ps = [], [], []
    dcols = [f"{m}.{s}" for m in metrics for s in ("diff", "ci_lo", "ci_hi", "n", "p", "p_holm")]
    for arm in arms:
        if arm == baseline:
            continue
        rows.append(arm)
        row = []
        for m in metrics:
            a = [r[m][0] for r in finals_by_arm[arm]]
            b = [r[m][0] for r in finals_by_arm[baseline]]
            d = stats.paired_difference(a, b)
            p = stats.paired_p_value(a, b)
            ps.append(p)
            row += [d.mean, d.lo, d.hi, d.n, p, 0.0]
        dvals.append(row)
    # two Holm families as in govsim: the finals, and the supplementary (drift) finals
    supp = [m.endswith("_drift") for m in metrics] * len(rows)
    main_adj = iter(stats.holm([p for p, s_ in zip(ps, supp) if not s_]))
    supp_adj = iter(stats.holm([p for p, s_ in zip(ps, supp) if s_]))
    adj = [next(supp_adj) if s_ else next(main_adj) for s_ in supp]
    flat = np.asarray(dvals, dtype=float).ravel()
    flat[5::6] = adj
    if rows:
        _write_table(f, f"summary/paired_vs_{baseline}", rows, dcols, flat)


def _write_run(f, arm, rep, seed, run_seed, point, steps, groups, series, community, finals, extras):
    g = f.require_group(f"runs/{arm}/r{rep:04d}")
    _attr_str(g, "arm", arm)
    g.attrs.create("replicate", rep, dtype="<u4")
    g.attrs.create("seed", seed, dtype="<u8")
    g.attrs.create("run_seed", run_seed, dtype="<u8")
    g.attrs.create("point", point, dtype="<i8")
    g.attrs.create("steps", steps, dtype="<u4")
    g.attrs.create("groups", groups, dtype="<u4")
    s = g.create_group("series")
    for name, v in series.items():
        ds = s.create_dataset(name, data=np.asarray(v, dtype="<f8"))
        _attr_str(ds, "unit", "")
        _attr_str(ds, "doc", name)
    if community:
        c = g.create_group("community")
        for name, v in community.items():
            c.create_dataset(name, data=np.asarray(v, dtype="<f8"))
    fin = g.create_group("final")
    for name, (v, nv) in finals.items():
        ds = fin.create_dataset(name, data=np.asarray([v], dtype="<f8"))
        ds.attrs.create("n_valid", nv, dtype="<i8")
    if extras:
        ex = g.create_group("extras")
        for name, (v, doc) in extras.items():
            ds = ex.create_dataset(name, data=np.asarray(v, dtype="<f8"))
            _attr_str(ds, "doc", doc)


def make_compare(path, arms=None, replicates=6, steps=60, groups=4, window=20, seed=1,
                 noise=1.0, names=None, kind="compare", drop=None, paired=True, drift=True,
                 p_best=False):
    """A comparison file (govsim compare's layout, /summary tables included).

    `names`: None = the governance model's names (GOV_NAMES: p_vol, ti, ...), SPEC_NAMES = the
    spec's spelling (P_vol, TI, ...), or any mapping. `drop=(arm, replicate, 'final'|'series'|
    'extras', name)` leaves one object out (and the /summary tables, as an interrupted file
    would). `paired=False` gives every arm its own random numbers and run seeds. `drift` writes the
    finals <headline>_drift (spec 6.1 item 6; CM4's P_vol drifts by 0.05 a year); `p_best` a
    /summary/p_best table as the robust comparison (issue 16) would."""
    arms = list(arms or DEFAULT_ARMS)
    baseline = arms[0] if len(arms) > 1 else None
    yaml = "compare:\n  name: fixture\n  seed: %d\n  replicates: %d\n  arms:\n" % (seed, replicates)
    yaml += "".join(f"    - {{name: {a}, scenario: {a.lower()}.yaml}}\n" for a in arms)
    with h5py.File(path, "w") as f:
        _write_header(f, kind, "fixture" if kind != "run" else arms[0], "governance", yaml, seed,
                      replicates)
        finals_by_arm = {}
        for r in range(replicates):          # replicate-major, like govsim compare
            for ai, arm in enumerate(arms):
                rs = 1000 * seed + r if paired else 1000 * seed + r + 100000 * (ai + 1)
                sr, cm, fn, ex = _simulate(EFFECTS.get(arm, (0.01 * ai,) * 4), rs, steps, groups,
                                           window, noise, names, arm_key=ai, arm=arm, drift=drift)
                if drop and drop[0] == arm and drop[1] == r:
                    {"final": fn, "series": sr, "extras": ex}[drop[2]].pop(drop[3])
                if r == 0:
                    ag = f.require_group(f"runs/{arm}")
                    _attr_str(ag, "scenario_yaml", arm_yaml(arm, groups))
                    _attr_str(ag, "model", "governance")
                _write_run(f, arm, r, seed, rs, -1, steps, groups, sr, cm, fn, ex)
                finals_by_arm.setdefault(arm, []).append(fn)
        if drop is None:
            _summaries(f, finals_by_arm, arms, baseline)
        if p_best:
            hl = [(names or GOV_NAMES).get(k, k) for k in HEADLINE_FINALS]
            vals = np.full((len(arms), len(hl)), 0.0)
            vals[-1, :] = 0.7                     # the last arm is best in 70% of the draws
            vals[-2 if len(arms) > 1 else -1, :] += 0.3
            _write_table(f, "summary/p_best", arms, hl, vals)
        _attr_str(f, "complete", "true")
        _write_strings(f, "arms", arms)
    return path


def make_run(path, replicates=4, steps=40, groups=3, seed=1):
    """A `govsim run` file: one arm named after the scenario."""
    return make_compare(path, arms=["baseline"], replicates=replicates, steps=steps, groups=groups,
                        window=10, seed=seed, kind="run")


def make_sweep(path, replicates=3, steps=30, groups=2, seed=1, with_design=True,
               with_sensitivity=True, design_type="grid", n_points=40):
    """A sweep in govsim's layout (sim/sweep/assemble.cpp, sweep_summary.cpp): runs p000000...,
    /design (kind, columns = parameter paths, rows = arm names, values [points, columns], lo,
    hi), /summary/points, and /summary/sobol and /summary/morris (rows = parameters; columns
    <final>.S1, .S1_lo, .S1_hi, .ST, .ST_lo, .ST_hi, .n and <final>.mu, .mu_star, .mu_star_lo,
    .mu_star_hi, .sigma, .sigma_lo, .sigma_hi, .n).
    design_type "grid": a 4 x 3 grid of (kappa_out, w_vis); "lhs": n_points random points."""
    cols = ["params.kappa_out", "params.w_vis"]
    if design_type == "grid":
        design = np.array([(k, w) for k in [0.0, 0.03, 0.06, 0.1] for w in [0.0, 0.5, 1.0]], dtype=float)
        yaml = ("sweep:\n  name: fixture-sweep\n  base: baseline.yaml\n  design:\n    type: grid\n"
                "    parameters:\n      params.kappa_out: [0, 0.03, 0.06, 0.1]\n      params.w_vis: [0, 0.5, 1]\n")
    else:
        u = np.random.default_rng(seed).random((n_points, 2))
        design = np.column_stack([0.1 * u[:, 0], u[:, 1]])
        yaml = ("sweep:\n  name: fixture-lhs\n  base: baseline.yaml\n  design:\n    type: lhs\n    n: %d\n"
                "    parameters:\n      params.kappa_out: {from: 0, to: 0.1}\n      params.w_vis: {from: 0, to: 1}\n"
                % n_points)
    arms = [f"p{i:06d}" for i in range(len(design))]
    finals_by_arm = {}
    with h5py.File(path, "w") as f:
        _write_header(f, "sweep", "fixture-sweep", "governance", yaml, seed, replicates)
        for r in range(replicates):
            for i, (k, w) in enumerate(design):
                eff = (-0.5 * k, -0.05 * w, -0.06 * w, 0.0)
                sr, cm, fn, ex = _simulate(eff, 1000 * seed + r, steps, groups, 10, arm_key=i + 1)
                fn["cv_coverage_grids"] = (0.2 + 0.3 * w + 0.02 * r, 10)
                if r == 0:
                    ag = f.require_group(f"runs/{arms[i]}")
                    _attr_str(ag, "scenario_yaml", f"model: governance\nparams: {{kappa_out: {k}, w_vis: {w}}}\n")
                    _attr_str(ag, "model", "governance")
                _write_run(f, arms[i], r, seed, 1000 * seed + r, i, steps, groups, sr, cm, fn, ex)
                finals_by_arm.setdefault(arms[i], []).append(fn)
        if with_design:
            d = f.create_group("design")
            d.attrs.create("seed", seed, dtype="<u8")
            d.attrs.create("replicates", replicates, dtype="<u8")
            _attr_str(d, "crn", "true")
            d.create_dataset("kind", data=design_type, dtype=STR)
            _write_strings(d, "columns", cols)
            _write_strings(d, "rows", arms)
            d.create_dataset("values", data=design)
            d.create_dataset("lo", data=design.min(axis=0))
            d.create_dataset("hi", data=design.max(axis=0))
        metrics = list(finals_by_arm[arms[0]][0].keys())
        pcols, pvals = [], []
        for m in metrics:
            pcols += [f"{m}.{x}" for x in ("mean", "ci_lo", "ci_hi", "n")]
        sys.path.insert(0, __file__.rsplit("/tests/", 1)[0])
        from analysis import stats
        for a in arms:
            row = []
            for m in metrics:
                iv = stats.mean_interval([fn[m][0] for fn in finals_by_arm[a]])
                row += [iv.mean, iv.lo, iv.hi, iv.n]
            pvals.append(row)
        _write_table(f, "summary/points", arms, pcols, pvals)
        if with_sensitivity:
            params = cols
            scols = []
            for m in ("p_vol", "coverage"):
                scols += [f"{m}.{x}" for x in ("S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi", "n")]
            svals = [[0.7, 0.6, 0.8, 0.75, 0.65, 0.85, 64, 0.05, 0.0, 0.1, 0.1, 0.05, 0.15, 64],
                     [0.2, 0.12, 0.28, 0.25, 0.15, 0.35, 64, 0.85, 0.75, 0.95, 0.9, 0.8, 1.0, 64]]
            _write_table(f, "summary/sobol", params, scols, svals)
            mcols = []
            for m in ("p_vol", "coverage"):
                mcols += [f"{m}.{x}" for x in ("mu", "mu_star", "mu_star_lo", "mu_star_hi", "sigma",
                                                "sigma_lo", "sigma_hi", "n")]
            mvals = [[-0.05, 0.05, 0.04, 0.06, 0.01, 0.005, 0.015, 10, -0.01, 0.01, 0.005, 0.015, 0.002, 0.001, 0.003, 10],
                     [-0.01, 0.01, 0.006, 0.014, 0.002, 0.001, 0.003, 10, -0.06, 0.06, 0.05, 0.07, 0.01, 0.005, 0.015, 10]]
            _write_table(f, "summary/morris", params, mcols, mvals)
        _attr_str(f, "complete", "true")
        _write_strings(f, "arms", arms)
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=["compare", "run", "sweep"])
    ap.add_argument("output")
    ap.add_argument("--replicates", type=int, default=6)
    a = ap.parse_args(argv)
    {"compare": make_compare, "run": make_run, "sweep": make_sweep}[a.kind](a.output, replicates=a.replicates)
    print(a.output)


if __name__ == "__main__":
    main()
