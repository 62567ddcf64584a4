"""The Chinese report (--lang zh): every sentence translated, the field's own terms, a CJK font in
the figures with no missing glyph."""
import html as htmllib
import logging
import os
import re
import subprocess
import warnings

import pytest

import make_fixture
from analysis import figures as F, fonts, i18n, report
from analysis.i18n_zh import ZH
from conftest import GOVSIM, ROOT

GLYPH = re.compile(r"missing from (current )?font|findfont: Font family .* not found", re.I)


def _build_capturing(path, out, lang, caplog):
    """Builds a report in-process; returns (result, font warnings seen)."""
    caplog.set_level(logging.WARNING, logger="matplotlib")
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        res = report.build(path, str(out), lang=lang, log=lambda *a: None)
    seen = [str(x.message) for x in w if GLYPH.search(str(x.message))]
    seen += [r.getMessage() for r in caplog.records if GLYPH.search(r.getMessage())]
    return res, seen


def _visible_text(page):
    page = re.sub(r"<(style|pre|code)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", page))


def test_missing_glyph_detection_works(tmp_path, caplog):
    """A test of the test: Chinese text with only DejaVu Sans does warn, and we catch it."""
    import matplotlib.pyplot as plt
    old = list(plt.rcParams["font.family"])
    caplog.set_level(logging.WARNING, logger="matplotlib")
    try:
        plt.rcParams["font.family"] = ["DejaVu Sans"]
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            fig, ax = plt.subplots()
            ax.set_title("居民夜话")
            fig.savefig(tmp_path / "x.png")
            plt.close(fig)
        assert any(GLYPH.search(str(x.message)) for x in w)
    finally:
        plt.rcParams["font.family"] = old


def test_chinese_report_is_complete_and_has_every_glyph(fixture_file, tmp_path, caplog):
    out = tmp_path / "zh"
    res, seen = _build_capturing(fixture_file, out, "zh", caplog)
    assert res["missing"] == [], f"sentences without a Chinese translation: {res['missing']}"
    assert seen == [], seen
    page = open(out / "index.html", encoding="utf-8").read()
    assert "<html lang=zh-Hans>" in page
    text = _visible_text(page)
    # headings, the summary and the field's own terms
    for word in ("概要：哪项措施、有多可靠、代价多大", "主要发现", "时间序列", "注意：这些结果背后的假设",
                 "居民夜话", "双报到", "大党委", "每千名居民每周增加的工时", "等成本方案（仅看设计）", "漂移"):
        assert word in text, word
    # no English sentence of the catalogue is left on the page
    for en in ZH:
        if len(en.split()) >= 5 and "{" not in en:
            assert en not in text, en
    # the figures' fonts: DejaVu Sans with the Simplified Chinese face as fallback
    import matplotlib.pyplot as plt
    assert plt.rcParams["font.family"][:2] == ["DejaVu Sans", fonts.CJK_FAMILY]
    assert os.path.isfile(fonts.cjk_font())


def test_chinese_report_of_a_govsim_comparison(compare_report_zh):
    page = open(os.path.join(compare_report_zh, "index.html"), encoding="utf-8").read()
    text = _visible_text(page)
    assert "概要" in text and "最佳措施及其效果" in text
    assert "居民夜话" in text       # CM2's name (居民参与（居民夜话）) or the win-rate label
    assert "Voluntary participation" not in text and "Time series" not in text


def test_english_stays_the_default(compare_report):
    page = open(os.path.join(compare_report, "index.html"), encoding="utf-8").read()
    assert "<html lang=en>" in page and "In short: which countermeasure, how sure, at what cost" in page


def test_arm_names_use_the_field_terms():
    doc = {"countermeasures": [{"type": "coordination_structure"}]}
    assert i18n.arm_description("CM1", doc, "BASE", "zh") == "一委三中心"
    assert "一委三中心" in i18n.arm_description("CM1", doc, "BASE", "en")
    doc5 = {"countermeasures": [{"type": t} for t in i18n.COUNTERMEASURES]}
    assert i18n.arm_description("ALL5", doc5, "BASE", "zh") == "五项措施并举"
    cm = {"countermeasures": [{"type": "resident_participation"}], "params": {"cost_matched": True}}
    assert i18n.arm_description("CM2cm", cm, "BASE", "zh") == "居民参与（居民夜话），等成本：仅看设计"
    with pytest.raises(ValueError):
        i18n.Tr("fr")


@pytest.mark.skipif(GOVSIM is None, reason="no govsim binary (set GOVSIM_BIN)")
def test_govsim_report_passes_lang_on(tmp_path):
    small = make_fixture.make_compare(str(tmp_path / "s.h5"), arms=["BASE", "CM2"], replicates=2, steps=20, window=8)
    env = dict(os.environ, GOVSIM_ANALYSIS_PATH=ROOT)
    r = subprocess.run([GOVSIM, "report", small, "-o", str(tmp_path / "zh"), "--lang", "zh"], capture_output=True,
                       text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "<html lang=zh-Hans>" in open(tmp_path / "zh" / "index.html", encoding="utf-8").read()
    r = subprocess.run([GOVSIM, "report", small, "-o", str(tmp_path / "x"), "--lang", "fr"], capture_output=True,
                       text=True, env=env, timeout=60)
    assert r.returncode == 2 and "fr" in r.stderr


def test_missing_font_package_is_named(monkeypatch):
    monkeypatch.setattr(fonts, "COLLECTIONS", ["/nonexistent/NotoSansCJK-Regular.ttc"])
    monkeypatch.setattr(fonts, "_registered", None)
    rc = {}
    with pytest.raises(fonts.MissingDependency, match="fonts-noto-cjk"):
        fonts.configure(rc, "zh")
    fonts.configure(rc, "en")                 # English figures need no CJK font
    assert rc["font.family"] == ["DejaVu Sans"]
    F.use_language(i18n.Tr("en"))
