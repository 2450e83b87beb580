"""One font setup for every chart: DejaVu Sans for Latin text, Noto Sans CJK for Chinese."""

from __future__ import annotations

import dataclasses
import logging
import threading

log = logging.getLogger(__name__)

# Tried in order for each glyph (matplotlib's per-glyph fallback): Latin from DejaVu Sans, the
# rest from Noto Sans CJK. SC is the Simplified Chinese face of the collection; JP is the face
# matplotlib < 3.11 sees in a .ttc (same Han coverage, Japanese glyph shapes).
CJK_FACES = ("Noto Sans CJK SC", "Noto Sans CJK JP")
_lock = threading.Lock()
_family: list[str] = []


def setup() -> list[str]:
    """Register the CJK font shipped by the `noto-cjk-sans-otc` package (once); the family list."""
    with _lock:
        if _family:
            return _family
        import matplotlib
        from matplotlib import font_manager

        try:
            import noto_cjk_sans_otc
        except ImportError:  # a broken install: Chinese shows as boxes, Latin still draws
            log.warning("noto-cjk-sans-otc is not installed; Chinese text in charts will not show")
        else:
            font_manager.fontManager.addfont(str(noto_cjk_sans_otc.FONT_PATH))
        entries = font_manager.fontManager.ttflist
        known = {f.name for f in entries}
        cjk = next((face for face in CJK_FACES if face in known), None)
        # Only the Regular weight ships; bold text uses it as it is rather than warn on every chart.
        regular = [f for f in entries if f.name == cjk and f.weight in (400, "normal", "regular")]
        entries.extend(dataclasses.replace(f, weight=700) for f in regular[:1])
        _family.extend(["DejaVu Sans", *([cjk] if cjk else [])])
        matplotlib.rcParams["font.family"] = list(_family)
        return _family
