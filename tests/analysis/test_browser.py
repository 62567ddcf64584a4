"""The report in a real browser (headless Chromium through Selenium, analysis/browser.py), in both
languages: no console error, every image decoded, every link inside the page resolves, the
summary above the fold at 1366 x 768; screenshots saved. And a test of the test: a page with a
broken image, a dangling anchor and a summary pushed below the fold fails.

Screenshots go to $GOVSIM_SCREENSHOTS when set (scripts/make-figures keeps the committed ones in
docs/figures/), else to the test's temporary folder. Without chromium, chromium-driver or
python3-selenium the tests are skipped, or fail under GOVSIM_ANALYSIS_STRICT=1 (scripts/test-all).
"""
import os
import re
import shutil

import pytest

from conftest import have_browser, strict

HAVE = have_browser()


@pytest.fixture(scope="module")
def browser():
    if not HAVE:
        msg = "headless Chromium unavailable: install chromium, chromium-driver and python3-selenium (scripts/install-deps)"
        if strict():
            pytest.fail(msg)
        pytest.skip(msg)
    from analysis import browser as B
    return B


def _shot_dir(tmp_path):
    d = os.environ.get("GOVSIM_SCREENSHOTS") or str(tmp_path)
    os.makedirs(d, exist_ok=True)
    return d


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_in_headless_chromium(browser, lang, compare_report, compare_report_zh, tmp_path):
    rep = compare_report if lang == "en" else compare_report_zh
    shot = os.path.join(_shot_dir(tmp_path), f"report-first-screen-{lang}.png")
    res = browser.check(rep, screenshot=shot)
    assert res.problems == [], "\n".join(res.problems)
    assert res.viewport == (1366, 768)
    assert res.images == len(os.listdir(os.path.join(rep, "figures"))) > 0
    assert res.links > 10
    assert res.summary_rect["top"] >= 0 and res.summary_rect["bottom"] <= 768
    assert os.path.getsize(shot) > 10000


def test_the_browser_test_fails_on_a_broken_page(browser, compare_report, tmp_path):
    bad = str(tmp_path / "broken")
    shutil.copytree(compare_report, bad)
    index = os.path.join(bad, "index.html")
    page = open(index, encoding="utf-8").read()
    first = re.search(r'<img src="(figures/[^"]+)"', page).group(1)
    page = page.replace(f'<img src="{first}"', '<img src="figures/no-such-figure.png"', 1)
    page = page.replace("<nav>", '<nav><a href="#no-such-section">x</a> <a href="tables/no-such.csv">y</a> ', 1)
    page = page.replace('<section id="summary"', '<div style="height:900px"></div><section id="summary"', 1)
    open(index, "w", encoding="utf-8").write(page)
    res = browser.check(bad)
    text = "\n".join(res.problems)
    assert "image not decoded" in text and "no-such-figure.png" in text
    assert "console error" in text
    assert "link does not resolve (no such element): #no-such-section" in text
    assert "link does not resolve (404): tables/no-such.csv" in text
    assert "summary not above the fold" in text
    # the command line says so with exit status 1
    from analysis import browser as B
    assert B.main([bad]) == 1
