"""govsim analysis: loaders, statistics and the HTML report for govsim results files.

    from analysis import load
    df = load.series("results.h5")        # arm, replicate, step, metric, value
    fin = load.finals("results.h5")       # arm, replicate, metric, value

Command line (what `govsim report` runs): /usr/bin/python3 -m analysis report results.h5 -o report/
[--lang zh]; /usr/bin/python3 -m analysis.browser report/ checks the page in headless Chromium;
/usr/bin/python3 -m analysis district census.csv -o district.yaml writes a scenario from a census
table. See docs/analysis.md and docs/tutorial.md.
"""
from . import load, metrics, stats  # noqa: F401

__all__ = ["load", "metrics", "stats"]
