"""Command line: /usr/bin/python3 -m analysis report RESULTS.h5 -o DIR [--lang zh] [options],
/usr/bin/python3 -m analysis check RESULTS.h5, and
/usr/bin/python3 -m analysis district CENSUS.csv -o SCENARIO.yaml (docs/tutorial.md).

Exit status: 0 on success, 2 for a results file that cannot be used (missing, not a govsim
file, a metric missing, an unknown arm), 1 for anything else.
"""
from __future__ import annotations

import argparse
import sys


def _report(a) -> int:
    from . import calibration
    if calibration.is_calibration(a.results):  # a file of govsim calibrate: its own report
        try:
            out = calibration.build(a.results, a.output, embed=a.embed)
        except calibration.CalibrationFileError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        if not a.quiet:
            print(f"report: {out['index']} ({len(out['figures'])} figures, {len(out['tables'])} tables)")
        return 0
    from . import load
    metrics = [m.strip() for m in a.metrics.split(",") if m.strip()] if a.metrics else None
    # fail fast on a file that cannot be used, before importing matplotlib and scipy
    load.require(a.results, metrics, a.baseline)
    from . import report
    out = report.build(a.results, a.output, metrics=metrics, baseline=a.baseline, embed=a.embed,
                       alpha=a.alpha, sweep_link=a.sweep_report, lang=a.lang)
    if not a.quiet:
        print(f"report: {out['index']} ({len(out['figures'])} figures, {len(out['tables'])} tables)")
        for x in dict.fromkeys(out["absent"]):
            print(f"  not in the file: {x}")
    for x in out["missing"]:
        print(f"warning: no {a.lang} translation for: {x}", file=sys.stderr)
    return 0


def _district(a) -> int:
    from . import district
    return district.main(a)


def _check(a) -> int:
    from . import load
    m = load.meta(a.results)
    load.check_consistency(a.results)
    print(f"{a.results}: {m['kind']} '{m['name']}', {len(m['arms'])} arms, {m['n_runs']} runs, "
          f"{len(m['series'])} series, {len(m['finals'])} final values, {len(m['extras'])} extras; "
          f"complete = {m['complete']}, common random numbers = {m['paired']}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m analysis",
                                 description="Reports and checks for govsim results files (docs/analysis.md).")
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("report", help="write an HTML report with figures and CSV tables")
    r.add_argument("results", help="results file (HDF5) written by govsim run/compare/sweep")
    r.add_argument("-o", "--output", default="report", help="report folder (default: report)")
    r.add_argument("--metrics", help="comma-separated final values (and/or series) to use as headline; "
                   "each must be in the file")
    r.add_argument("--baseline", help="arm to compare with (default: the arm named BASE, else the first)")
    r.add_argument("--alpha", type=float, default=0.05, help="1 - confidence level (default 0.05)")
    r.add_argument("--embed", action="store_true", help="embed the figures in index.html (base64)")
    r.add_argument("--sweep-report", help="link (URL or path) to a sensitivity/sweep report for the caveats")
    r.add_argument("--lang", choices=["en", "zh"], default="en",
                   help="language of the report: en (default) or zh (Simplified Chinese)")
    r.add_argument("-q", "--quiet", action="store_true")
    c = sub.add_parser("check", help="check that a results file is complete and consistent")
    c.add_argument("results")
    d = sub.add_parser("district", help="a governance scenario for a district from its census table "
                       "(docs/tutorial.md)")
    from .district import add_arguments
    add_arguments(d)
    a = ap.parse_args(argv)
    from ._deps import MissingDependency, require_all
    try:
        require_all()
    except MissingDependency as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    from .load import ResultsError
    try:
        return {"report": _report, "check": _check, "district": _district}[a.cmd](a)
    except MissingDependency as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except ResultsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
