"""The report's languages: English (default) and Simplified Chinese (`--lang zh`).

Every sentence, heading, caption, axis label and table header of the report goes through a
`Tr` object: ``tr("Time series")`` or ``tr("Effects vs {base}", base=arm)``. The English text is
the key; analysis/i18n_zh.py maps it to Chinese. A key without a Chinese entry is recorded in
``tr.missing`` and shown in English (the tests build a Chinese report and fail on any miss).

The countermeasures and institutions keep the field's own terms (model spec section 1):
一委三中心, 居民夜话, 双报到, 积分制, 大党委, 网格, ... ; the English text names them too, so
that an English reader can match the Chinese sources.
"""
from __future__ import annotations

from . import metrics as M

LANGS = ("en", "zh")


class Tr:
    """Translator for one report language."""

    def __init__(self, lang: str = "en"):
        if lang not in LANGS:
            raise ValueError(f"unknown report language '{lang}' (choose one of {', '.join(LANGS)})")
        self.lang = lang
        self.missing: set[str] = set()
        if lang == "zh":
            from .i18n_zh import ZH
            self._table = ZH
        else:
            self._table = {}

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def __call__(self, text: str, **kw) -> str:
        if self.lang != "en":
            got = self._table.get(text)
            if got is None:
                self.missing.add(text)
            else:
                text = got
        return text.format(**kw) if kw else text

    # metric names
    def label(self, name: str) -> str:
        return M.label(name, self.lang)

    def short(self, name: str) -> str:
        return M.short_label(name, self.lang)

    def group(self, group: str) -> str:
        return M.group_label(group, self.lang)

    # punctuation that differs between the languages
    @property
    def sep(self) -> str:
        return "；" if self.zh else "; "

    @property
    def comma(self) -> str:
        return "、" if self.zh else ", "

    @property
    def stop(self) -> str:
        return "。" if self.zh else "."

    @property
    def colon(self) -> str:
        return "：" if self.zh else ": "

    def html_lang(self) -> str:
        return "zh-Hans" if self.zh else "en"


# Countermeasure types (models/governance/countermeasures.*) -> the names a reader in Sanming
# uses: (English, Chinese). The English names carry the Chinese term.
COUNTERMEASURES: dict[str, tuple[str, str]] = {
    "coordination_structure": ("one Party committee, three centers (一委三中心)", "一委三中心"),
    "resident_participation": ("residents' participation, night talks (居民夜话)", "居民参与（居民夜话）"),
    "service_capability": ("service capability, in-service members (双报到)", "党组织服务能力（双报到）"),
    "party_building_innovation": ("innovation in grassroots Party building", "基层党建创新"),
    "law_and_virtue": ("law and virtue, co-governance (大党委)", "法治德治、共建共治（大党委）"),
}
ALL_FIVE = ("all five countermeasures", "五项措施并举")
BASELINE_NAME = ("today's practice, no countermeasure", "现行做法（无新措施）")
COST_MATCHED = ("cost-matched: design only", "等成本：仅看设计")


def countermeasure_name(kind: str, lang: str) -> str:
    en, zh = COUNTERMEASURES.get(kind, (kind, kind))
    return zh if lang == "zh" else en


def arm_description(arm: str, doc: dict | None, baseline: str | None, lang: str) -> str:
    """'residents' participation, night talks (居民夜话)' for an arm, from the countermeasures
    of its resolved scenario (`doc`, a dict); '' when nothing is known."""
    i = 1 if lang == "zh" else 0
    if arm == baseline:
        return BASELINE_NAME[i]
    doc = doc or {}
    kinds = []
    for c in doc.get("countermeasures", []) or []:
        if isinstance(c, dict) and c.get("type") and c.get("type") not in kinds:
            kinds.append(c.get("type"))
    if len(kinds) >= 5:
        text = ALL_FIVE[i]
    else:
        text = ("、" if lang == "zh" else " + ").join(countermeasure_name(k, lang) for k in kinds)
    params = doc.get("params", {}) or {}
    if params.get("cost_matched") is True or M.is_cost_matched(arm):
        text = (text + ("，" if lang == "zh" else "; ") if text else "") + COST_MATCHED[i]
    return text
