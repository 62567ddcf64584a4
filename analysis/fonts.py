"""Fonts of the figures: DejaVu Sans (matplotlib's own) with Noto Sans CJK SC as the fallback for
Chinese, from Debian's fonts-noto-cjk.

fonts-noto-cjk ships the CJK faces in one collection file (NotoSansCJK-Regular.ttc) whose first
face is the Japanese one; matplotlib 3.6 reads only a collection's first face, which would draw
Chinese text with Japanese glyph forms. `cjk_font()` therefore extracts the Simplified Chinese
face (with fontTools, which matplotlib itself depends on) once into matplotlib's cache folder
and registers it. Without the package a Chinese report stops with a message naming it.
"""
from __future__ import annotations

import os

from ._deps import MissingDependency, require

CJK_FAMILY = "Noto Sans CJK SC"
COLLECTIONS = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
               "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf"]
PACKAGE = "fonts-noto-cjk"
BASE_FAMILY = "DejaVu Sans"

_registered: str | None = None


def _cache_dir() -> str:
    import matplotlib
    d = os.path.join(matplotlib.get_cachedir(), "govsim-fonts")
    os.makedirs(d, exist_ok=True)
    return d


def cjk_font() -> str:
    """Path of a font file with the Simplified Chinese face, registered with matplotlib.
    Raises MissingDependency (naming fonts-noto-cjk) when the Debian package is absent."""
    global _registered
    if _registered:
        return _registered
    from matplotlib import font_manager
    src = next((p for p in COLLECTIONS if os.path.isfile(p)), None)
    if src is None:
        raise MissingDependency(f"Chinese figures need the font '{CJK_FAMILY}': install the Debian package "
                                f"{PACKAGE} (apt-get install {PACKAGE}, or run scripts/install-deps)")
    if src.endswith(".otf"):
        path = src
    else:
        path = os.path.join(_cache_dir(), f"NotoSansCJKsc-Regular-{int(os.path.getmtime(src))}.otf")
        if not os.path.isfile(path):
            ttlib = require("fontTools.ttLib", "python3-fonttools")
            coll = ttlib.TTCollection(src, lazy=True)
            face = next((f for f in coll.fonts if f["name"].getDebugName(1) == CJK_FAMILY), None)
            if face is None:
                raise MissingDependency(f"{src} has no face '{CJK_FAMILY}'; reinstall {PACKAGE}")
            tmp = f"{path}.{os.getpid()}.tmp"
            face.save(tmp)
            os.replace(tmp, path)
    font_manager.fontManager.addfont(path)
    _registered = path
    return path


def configure(rc, lang: str) -> None:
    """Sets rc['font.family']: DejaVu Sans, with Noto Sans CJK SC as fallback for Chinese text
    (required for lang 'zh'; added for English too when the package is installed)."""
    try:
        cjk_font()
        rc["font.family"] = [BASE_FAMILY, CJK_FAMILY]
    except MissingDependency:
        if lang == "zh":
            raise
        rc["font.family"] = [BASE_FAMILY]
