"""govsim analysis: loaders, statistics and the HTML report for govsim results files.

    from analysis import load
    df = load.series("results.h5")        # arm, replicate, step, metric, value
    fin = load.finals("results.h5")       # arm, replicate, metric, value

Command line (what `govsim report` runs): /usr/bin/python3 -m analysis report results.h5 -o report/
See docs/analysis.md.
"""
from . import load, metrics, stats  # noqa: F401

__all__ = ["load", "metrics", "stats"]
