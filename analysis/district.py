"""`python3 -m analysis district CENSUS.csv -o district.yaml`: a governance scenario for a
district from its census table (docs/tutorial.md).

The census table is CSV with a header line and one row per community. Columns (names are
matched case-insensitively; other columns are ignored):
  community          name of the community (optional)
  residents          residents of the community (required)
  households         households (optional: the mean household size is reported)
  age_18_39, age_40_59, age_60_plus
                     adult residents per age band (optional, all three: sets age_p)
  party_members      Party members living in the community (optional: sets party_share)

The governance model's built-in network gives every community the same size, so the scenario
takes n_comm = the number of rows and pop_comm = the mean number of residents; the command
says how much the communities differ and, when they differ a lot, suggests a real network (an
edge list with a node table) instead. Errors name the file, line and column, exit status 2.
"""
from __future__ import annotations

import csv
import datetime
import math
import os
import sys

AGE_COLUMNS = ["age_18_39", "age_40_59", "age_60_plus"]
MODEL_MEAN_HH = 2.55    # mean of the model's default hh_size_p (shares of sizes 1..5)
MIN_POP_COMM = 100      # the domain of pop_comm
SPREAD_WARN = 0.25      # coefficient of variation of community sizes above which to warn


class CensusError(Exception):
    """A census table that cannot be used: 'file:line: error: message'."""


def add_arguments(p) -> None:
    p.add_argument("census", help="census table: CSV, one row per community (see docs/tutorial.md)")
    p.add_argument("-o", "--output", required=True, help="scenario file to write (YAML)")
    p.add_argument("--name", help="scenario name (default: the output file's stem)")
    p.add_argument("--steps", type=int, default=260, help="weeks to simulate (default 260, 5 years)")
    p.add_argument("--replicates", type=int, default=20, help="replicates (default 20)")
    p.add_argument("--force", action="store_true", help="replace an existing output file")


def _number(path, line, col, text) -> float:
    try:
        v = float(text)
    except ValueError:
        raise CensusError(f"{path}:{line}: error: {col}: expected a number, found '{text}'") from None
    if not math.isfinite(v) or v < 0:
        raise CensusError(f"{path}:{line}: error: {col}: expected a number >= 0, found '{text}'")
    return v


def read_census(path: str) -> list[dict]:
    """Rows of the census table as dicts of floats (and 'community' as text)."""
    try:
        fh = open(path, newline="", encoding="utf-8-sig")
    except OSError as e:
        raise CensusError(f"{path}: error: cannot open the census table: {e.strerror}") from None
    with fh:
        reader = csv.reader(fh)
        header = None
        rows = []
        for line, rec in enumerate(reader, start=1):
            if not rec or not "".join(rec).strip() or rec[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [c.strip().lower() for c in rec]
                if "residents" not in header:
                    raise CensusError(f"{path}:{line}: error: no column 'residents' (columns: {', '.join(header)})")
                continue
            if len(rec) != len(header):
                raise CensusError(f"{path}:{line}: error: expected {len(header)} fields, found {len(rec)}")
            d = {}
            for col, text in zip(header, rec):
                text = text.strip()
                if col == "community":
                    d[col] = text
                elif col in ("residents", "households", "party_members", *AGE_COLUMNS):
                    if text == "" and col != "residents":
                        continue
                    d[col] = _number(path, line, col, text)
            rows.append(d)
    if header is None or not rows:
        raise CensusError(f"{path}: error: the census table has no communities")
    return rows


def scenario(rows: list[dict], name: str, steps: int, replicates: int, source: str) -> tuple[str, list[str]]:
    """(YAML text, notes) for the census rows."""
    notes = []
    pop = [r["residents"] for r in rows]
    n = len(pop)
    mean = sum(pop) / n
    pop_comm = int(round(mean))
    if pop_comm < MIN_POP_COMM:
        raise CensusError(f"{source}: error: residents: the mean community has {mean:.0f} residents; the model "
                          f"needs at least {MIN_POP_COMM}")
    sd = math.sqrt(sum((x - mean) ** 2 for x in pop) / n)
    cv = sd / mean if mean else 0.0
    notes.append(f"{n} communities, {int(sum(pop)):,} residents: n_comm = {n}, pop_comm = {pop_comm} "
                 f"(community sizes {int(min(pop)):,} to {int(max(pop)):,}, coefficient of variation {cv:.2f})")
    if cv > SPREAD_WARN:
        notes.append("the communities differ a lot in size; the built-in network makes them equal: give a real "
                     "network (an edge list with a node table) to keep their sizes")
    lines = [f"# Written by `python3 -m analysis district {os.path.basename(source)}` on "
             f"{datetime.date.today().isoformat()}: {n} communities from the census table.",
             "model: governance", f"name: {name}",
             f'description: "{name}: {n} communities x {pop_comm} residents (census {os.path.basename(source)})"',
             "seed: 1", f"replicates: {replicates}", f"steps: {steps}", "params:",
             f"  n_comm: {n}", f"  pop_comm: {pop_comm}"]
    if all(all(c in r for c in AGE_COLUMNS) for r in rows):
        tot = [sum(r[c] for r in rows) for c in AGE_COLUMNS]
        s = sum(tot)
        if s > 0:
            shares = [round(t / s, 4) for t in tot]
            shares[-1] = round(1 - shares[0] - shares[1], 4)
            lines.append(f"  age_p: [{', '.join(f'{x:g}' for x in shares)}]   # adults 18-39, 40-59, 60+")
            notes.append(f"age_p = {shares} from the age columns")
    if all("party_members" in r for r in rows):
        share = sum(r["party_members"] for r in rows) / sum(pop)
        lines.append(f"  party_share: {share:.4f}")
        notes.append(f"party_share = {share:.4f} from party_members")
    if all("households" in r and r["households"] > 0 for r in rows):
        hh = sum(pop) / sum(r["households"] for r in rows)
        notes.append(f"mean household size {hh:.2f} (the model's hh_size_p gives {MODEL_MEAN_HH}); edit hh_size_p "
                     "if they differ much")
    return "\n".join(lines) + "\n", notes


def main(a) -> int:
    try:
        rows = read_census(a.census)
        if os.path.exists(a.output) and not a.force:
            raise CensusError(f"{a.output}: error: the file exists (use --force to replace it)")
        name = a.name or os.path.splitext(os.path.basename(a.output))[0]
        text, notes = scenario(rows, name, a.steps, a.replicates, a.census)
    except CensusError as e:
        print(str(e), file=sys.stderr)
        return 2
    tmp = a.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, a.output)
    for x in notes:
        print(f"district: {x}")
    print(f"district: wrote {a.output}")
    return 0
