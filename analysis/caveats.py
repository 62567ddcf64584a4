"""Which parameters are assumptions rather than measurements (model spec 4.7 "Basis" tags).

[V] = checked in a cited public source; [A] = an assumption of the model (no measurement behind
the value); "cal" = set in the v2 calibration (4.8) to reproduce the baseline patterns, i.e. tuned,
not measured; literature = a value or form taken from a cited study, not a local measurement.
The report lists these so that a reader knows which conclusions rest on guesses, and says that
rankings of countermeasures can change with them. Keep in step with models/governance/params.hpp
(the model's own table of bases; `govsim describe governance` prints it).
"""
from __future__ import annotations

import re

from ._deps import require

yaml = require("yaml", "python3-yaml")

# name -> basis note. Tag [A] unless stated otherwise.
ASSUMED: dict[str, str] = {
    # population and networks
    "hh_size_p": "household sizes (mean 2.55 vs census 2.62)", "bldg_hh": "", "grid_hh": "",
    "age_p": "age shares", "k_mean": "", "p_bldg": "", "p_rewire": "", "p_cross": "",
    "party_share": "", "inserv_share": "", "owner_share": "", "oc_exist_p": "cause 1",
    "n_SO": "cause 1", "p_so": "",
    # thresholds and participation
    "theta_max": "", "age_theta": "Shanghai gradient (direction only)",
    "party_theta": "Shanghai gradient (direction only)", "w_TI": "", "w_TS": "", "w_inv": "",
    "w_cost": "", "phi_frame": "", "p_act": "new in v2", "eps_spont": "", "w_mob_signal": "",
    "c_max": "", "so_cost_cut": "", "c_pgg": "", "eta0": "", "e_mob": "", "gamma_serv": "",
    "K_res": "", "L_res": "", "omega_rep": "", "sigma_norm": "", "comply0": "", "comply_TI": "",
    "m_party": "dual-reporting duty", "party_accept": "dual-reporting duty",
    "kappa_commit": "", "autonomy": "",
    # trust
    "TI0": "placeholder (spec open item 3)", "TS0": "placeholder (spec open item 3); cause 1",
    "trust_sd": "", "lam_pos": "", "lam_neg": "negativity bias", "p_talk": "", "lam_S": "",
    "delta_S": "", "omega_wom": "",
    "w_serve": "", "w_voice": "Tyler: voice (form, not size)", "w_win": "", "w_fail": "",
    "w_wait": "", "w_expire": "", "w_burden": "", "w_disp": "", "w_rec": "",
    # services and administration
    "act_inserv": "", "h_org": "", "f_gov": "", "f_fac": "", "f_mand": "cause 2", "f_inc": "",
    "f_min": "", "w_need": "", "w_vis": "cause 2", "vis_lo": "", "vis_hi": "",
    "q_match": "cause 3", "L_route": "cause 3", "pool": "cause 3", "h_mis": "cause 3",
    "L_patience": "", "h_need": "", "q_pen": "",
    # forums (night talks)
    "forum_period": "", "forum_seats": "", "omega_target": "", "seat_SO": "", "h_forum": "",
    "c_eve": "", "beta0": "", "beta1": "", "beta2": "", "beta_K": "", "beta_age": "",
    "beta_party": "", "q_fac": "", "g_fac": "", "g_lead": "",
    "phi_lead": "Ansell & Gash", "lam_K": "Ansell & Gash", "lam_U": "Ansell & Gash",
    "K_c0": "", "U_c0": "",
    # incentives, mandates, learning
    "h_pts": "", "w_pts": "Gneezy & Rustichini 2000 (form)", "kappa_pts": "Gneezy & Rustichini 2000 (form)",
    "h_mob": "", "L_learn": "cause 4", "iota_explore": "cause 4", "iota_peer": "cause 4",
    "sigma_explore": "", "K_party": "", "w_visible": "cause 2", "p_peer_x": "",
    # organisations (stag hunt), law and virtue
    "r_org": "", "beta_mis": "cause 5", "tau_org0": "cause 5", "lam_tau": "", "p_enf": "cause 5",
    "F": "", "psi_meta": "", "omega_rep_org": "", "meet_period": "cause 3", "lam_meet": "",
    "cross_appoint": "cause 3", "b_RC": "", "b_OC": "", "b_PMC": "", "b_SO": "",
}

# Calibrated in v2 (4.8): tuned to reproduce the baseline patterns, not measured.
CALIBRATED: dict[str, str] = {
    "frac_uncond": "was 0.05", "theta_mu": "was 0.30", "theta_sd": "was 0.12", "tau": "was 0.05",
    "theta_recover": "was 0.002", "R_unit": "per 1,000 (was 20/community)",
    "p_need": "", "L_expire": "", "p_disp": "order of magnitude from sec. 1",
    "rho_base": "win rate ~0.2", "g_U": "", "g_org": "", "C_ref": "", "c_C": "",
    "delta_D": "bistable stag hunt; cause 5", "lam_org": "bistable stag hunt",
}

# Forms or values from the literature (not local measurements).
LITERATURE: dict[str, str] = {
    "frac_D0": "Fischbacher et al. 2001", "kappa_out": "Frey & Jegen 2001 (crowding out)",
    "kappa_in": "Frey & Jegen 2001", "d_T": "Deffuant et al. 2000", "mu_T": "Deffuant et al. 2000",
}

# The constants of the 4.6 rules that became parameters in v2.2 (spec 6.1 item 1): their
# defaults are the old constants, chosen, not measured.
ASSUMED.update({
    "g_learn": "trust gain of the committees' objective (was the constant 10)",
    "explore_period_scale": "forum-period exploration step (was 12)",
    "mandate_w0": "base of the mandate weight (was 0.5)",
    "misroute_delay": "extra delay of a misrouted need, x L_route (was 1)",
    "L_signal": "neighbour-signal window in weeks (was 4)",
    "L_inactive": "inactivity window of the forum target set in weeks (was 52)",
})

# staff_per_1k (spec 6.1 item 2): an assumption chosen for coverage, not a measurement.
ASSUMED["staff_per_1k"] = "chosen for coverage ≈ 0.48; Ningde cadres ≈ 0.45 per 1,000 [V]"

# Measured [V] (listed for completeness; the report does not flag them).
MEASURED: list[str] = ["n_comm", "pop_comm", "comm_per_subdistrict", "h_week",
                       "admin_load", "h_inserv"]

# Countermeasure targets (spec 4.9) are assumptions too: the size of each countermeasure.
COUNTERMEASURE_NOTE = (
    "The countermeasures' targets at intensity 1 (spec 4.9: e.g. q_match 0.8 for CM1, "
    "forum_period 4 for CM2) are design assumptions, not observed reforms.")

# Targets at intensity 1 (spec 4.9), by the governance model's countermeasure names. The sizes
# are assumptions [A] of the model (what the reform would achieve), not measured effects.
COUNTERMEASURE_TARGETS: dict[str, str] = {
    "coordination_structure": "CM1: q_match 0.8; L_route 0; pool 1; cross_appoint 0.4; admin_load ×0.85",
    "resident_participation": "CM2: f_fac 0.5; f_mand 0.4; forum_period 4; omega_target 0.4; c_eve ×0.7; "
                              "q_fac 0.8; act_inserv 0.6",
    "service_capability": "CM3: staff_per_1k ×1.5; admin_load 0.4; w_vis 0.3; h_inserv 0.2; R_unit ×2",
    "party_building_innovation": "CM4: iota_explore 0.5; iota_peer 0.3; w_visible 0.3; sigma_explore 0.1; L_learn 8",
    "law_and_virtue": "CM5: p_enf 0.3; F 1.5; omega_rep 0.05; sigma_norm 0.05; omega_rep_org 0.1; meet_period 4; "
                      "phi_lead 0.7; beta_mis 0.2; oc_exist_p 0.6",
}



def target_names(kind: str) -> list[str]:
    """Parameter names a countermeasure type moves (from COUNTERMEASURE_TARGETS)."""
    text = COUNTERMEASURE_TARGETS.get(kind, "")
    text = text.split(":", 1)[1] if ":" in text else text
    return [part.split()[0] for part in text.split(";") if part.split()]


def assumed_in_arm(arm_doc: dict | None, base_doc: dict | None) -> list[str]:
    """Parameters behind an arm's effect that are assumptions ([A]) or calibrated (cal): the
    targets of its countermeasures and the parameters its scenario sets differently from the
    baseline's, in that order, each once."""
    out: list[str] = []
    arm_doc, base_doc = arm_doc or {}, base_doc or {}
    for c in arm_doc.get("countermeasures", []) or []:
        if isinstance(c, dict):
            for k in target_names(str(c.get("type"))):
                if basis(k) in ("[A]", "cal") and k not in out:
                    out.append(k)
    bp = base_doc.get("params", {}) or {}
    for k, v in (arm_doc.get("params", {}) or {}).items():
        if bp.get(k) != v and basis(k) in ("[A]", "cal") and k not in out:
            out.append(k)
    return out


GENERAL: list[str] = [
    "Most behavioural parameters are tagged [A] in the model specification (4.7): chosen to be "
    "plausible, not measured. A ranking of countermeasures holds for these values; it can change "
    "when they change. Check it with a sweep over the [A] parameters (govsim sweep) before citing it.",
    "Calibrated values ('cal') were tuned so that the baseline reproduces the patterns of spec 4.1; "
    "they are fitted, not measured, and the fit is to a few aggregate patterns.",
    "TI0 and TS0 (initial trust) are placeholders until survey data (CGSS or the thesis "
    "questionnaire) replace them (spec open item 3).",
    "The effects of CM3, CM5 and ALL5 are large because they tip the stag hunt and the threshold "
    "cascade; calibrate p_act, lam_org and the countermeasure targets against field data before "
    "citing their size (spec open item 5).",
    "Confidence intervals describe simulation noise (replicate-to-replicate variation) only; they "
    "say nothing about uncertainty in the parameters.",
    COUNTERMEASURE_NOTE,
    "staff_per_1k (2 paid community staff per 1,000 residents) is an assumption chosen so that the "
    "baseline's service coverage is about 0.48; the measured figure, Ningde's 9 cadres for 20,000+ "
    "residents, is about 0.45 per 1,000 (spec 6.1).",
    "The hours of the cost ledger (staff, in-service Party members, co-building units, cooperating "
    "organisations) are model hours at assumed rates, not a budget; the cost-matched arms (CMxcm) "
    "hold the committee's capacity at the baseline's and show what the design alone does.",
]


def basis(name: str) -> str | None:
    """'[A]', 'cal', 'lit' or '[V]' for a known parameter, else None."""
    if name in ASSUMED:
        return "[A]"
    if name in CALIBRATED:
        return "cal"
    if name in LITERATURE:
        return "lit"
    if name in MEASURED:
        return "[V]"
    return None


def parameters_in_yaml(text: str) -> list[str]:
    """Known parameter names that a (resolved) YAML text sets, in order of appearance: the keys
    anywhere in the document (under `params:`, countermeasures and `set:` maps alike).

    Raises yaml.YAMLError when the text is not YAML (govsim writes it, so that is a defect to
    see, not to paper over).
    """
    found: list[str] = []

    def add(k):
        k = str(k).split(".")[-1]
        if basis(k) is not None and k not in found:
            found.append(k)

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                add(k)
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(yaml.safe_load(text or ""))
    return found


def _load_yaml(text):
    """The resolved scenario text of an arm as a dict; a YAML error propagates."""
    doc = yaml.safe_load(text or "")
    if doc is not None and not isinstance(doc, dict):
        raise ValueError(f"an arm's resolved scenario is not a YAML map: {str(text)[:80]!r}")
    return doc or {}


def arm_differences(arm_yaml: dict, baseline: str | None):
    """How each arm differs from the baseline, from the arms' resolved scenarios.

    Returns a list of dicts (arm, countermeasures, changed) where `countermeasures` is
    'type (I=intensity)' text and `changed` lists 'name: base -> arm [tag]' for every parameter
    whose value differs from the baseline's; None when there are no arms.
    """
    docs = {a: _load_yaml(t) for a, t in arm_yaml.items()}
    if not docs:
        return None
    base = docs.get(baseline) if baseline else None
    base_params = (base or {}).get("params", {}) or {}
    out = []
    for arm, d in docs.items():
        if arm == baseline:
            continue
        cms, targets = [], []
        for c in d.get("countermeasures", []) or []:
            if isinstance(c, dict):
                extra = ""
                if c.get("start_step"):
                    extra += f", from step {c['start_step']}"
                if c.get("phase_in"):
                    extra += f", phase-in {c['phase_in']}"
                if c.get("communities"):
                    extra += f", communities {c['communities']}"
                cms.append(f"{c.get('type')} (I={c.get('intensity', 1)}{extra})")
                if c.get("type") in COUNTERMEASURE_TARGETS:
                    targets.append(COUNTERMEASURE_TARGETS[c.get("type")])
        changed = []
        params = d.get("params", {}) or {}
        for k, v in params.items():
            if base is not None and base_params.get(k) != v:
                tag = basis(k)
                changed.append(f"{k}: {base_params.get(k)} → {v}" + (f" {tag}" if tag else ""))
        out.append({"arm": arm, "countermeasures": "; ".join(cms) or "—",
                    "targets at I = 1 (spec 4.9, assumed)": " | ".join(targets) or "—",
                    "parameters changed": "; ".join(changed) or "—"})
    return out
