"""Block Kit for `/risk matrix`: the 5×5 grid as monospaced text (Chinese labels two columns
wide), with each band's risks listed under it."""

from __future__ import annotations

import unicodedata

from bot.blocks.common import Reply, context, dicts, header
from bot.blocks.risk import BANDS, EMOJI, band_name, clip, level_name, section
from bot.i18n import Tr, escape_mrkdwn
from bot.views.risk import Matrix

_CELL = 12
_LABEL = 17
_EN = Tr("en")


def _cell(refs: list[str]) -> str:
    out = ""
    for i, ref in enumerate(refs):
        more = f"+{len(refs) - i}"
        candidate = ref if not out else f"{out},{ref}"
        if len(candidate) > _CELL - 1 or (i < len(refs) - 1 and len(candidate) + 3 > _CELL - 1):
            return f"{out},{more}" if out else more
        out = candidate
    return out or "·"


def _width(text: str) -> int:
    """Columns a monospaced font gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(1, width - _width(text))


def matrix_grid(cells: dict[tuple[int, int], list[str]], tr: Tr = _EN) -> str:
    """The 5×5 grid as monospaced text: likelihood rows (5 on top) × impact columns."""
    pad = " " * _LABEL
    short = [
        tr.plain("risk.short_impact.1") if i == 1 else level_name(tr, "impact", i)
        for i in range(1, 6)
    ]
    head = "".join(_pad(f"{i} {name}", _CELL) for i, name in enumerate(short, 1))
    rows = [pad + tr.plain("risk.grid_impact"), (pad + head).rstrip()]
    for likelihood in range(5, 0, -1):
        label = f"{likelihood} {level_name(tr, 'likelihood', likelihood)}"
        row = "".join(_pad(_cell(cells.get((likelihood, i), [])), _CELL) for i in range(1, 6))
        rows.append(f"{_pad(label, _LABEL)}{row}".rstrip())
    rows.append(tr.plain("risk.grid_likelihood"))
    return "\n".join(rows)


def matrix(tr: Tr, m: Matrix) -> Reply:
    by_band: dict[str, list[str]] = {}
    for r in m.risks:
        by_band.setdefault(r.band, []).append(f"`R-{r.number}` {escape_mrkdwn(clip(r.title, 60))}")
    sep = "；" if tr.lang == "zh" else "; "
    legend = [
        f"{EMOJI[b]} *{band_name(tr, b)}*: "
        + sep.join(by_band[b][:8])
        + (" …" if len(by_band[b]) > 8 else "")
        for b in BANDS
        if b in by_band
    ]
    blocks = [
        header(tr.plain("risk.matrix_title", key=m.key)),
        section(f"```{matrix_grid(m.cells, tr)}```"),
        section("\n".join(legend) or tr("risk.matrix_none")),
        context(tr("risk.matrix_note")),
    ]
    return Reply(
        text=tr("risk.matrix_text", key=m.key, n=len(m.risks)),
        blocks=dicts(blocks),
        in_channel=True,
    )
