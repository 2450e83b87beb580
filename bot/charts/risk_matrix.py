"""The 5×5 likelihood × impact heat map with each risk's ref in its cell, as PNG bytes."""

from __future__ import annotations

import io

from bot.charts import fonts
from bot.i18n import Tr
from bot.services.scoring import band, score

COLOURS = {"low": "#8fd18f", "medium": "#f7e07a", "high": "#f5a35c", "critical": "#e5534b"}
_PER_CELL = 3


def _label(refs: list[str], tr: Tr) -> str:
    shown = refs[:_PER_CELL]
    extra = len(refs) - len(shown)
    return "\n".join(shown + ([tr.plain("risk.chart_more", n=extra)] if extra else []))


def _name(tr: Tr, key: str, level: int) -> str:
    """A scale's level name, capitalised in English (`Almost certain`), as is in Chinese."""
    name = tr.plain(f"risk.{key}.{level}")
    return name[:1].upper() + name[1:]


def render(
    cells: dict[tuple[int, int], list[str]], title: str | None = None, tr: Tr | None = None
) -> bytes:
    """PNG of the grid; `cells` maps (likelihood, impact) to the refs placed there.

    Labels are in the reader's language (`tr`, English by default); the title is given as written.
    """
    tr = tr or Tr("en")
    title = title if title is not None else tr.plain("risk.chart_title")
    fonts.setup()
    # Imported here: matplotlib takes ~0.5 s to load and slash commands must ack fast.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    # The object API, not pyplot: no global figure state, so threads can render at once.
    fig = Figure(figsize=(7.5, 6), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            value = score(likelihood, impact)
            ax.add_patch(
                Rectangle(
                    (impact - 0.5, likelihood - 0.5),
                    1,
                    1,
                    facecolor=COLOURS[band(value)],
                    edgecolor="white",
                    linewidth=2,
                )
            )
            ax.text(
                impact + 0.42,
                likelihood - 0.42,
                str(value),
                ha="right",
                va="bottom",
                fontsize=7,
                color="#555555",
            )
            refs = cells.get((likelihood, impact), [])
            if refs:
                ax.text(
                    impact,
                    likelihood,
                    _label(refs, tr),
                    ha="center",
                    va="center",
                    fontsize=9,
                    fontweight="bold",
                    color="#1d1c1d",
                )
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    impact_names = [f"{i}\n{_name(tr, 'impact', i)}" for i in range(1, 6)]
    likelihood_names = [f"{_name(tr, 'likelihood', i)} {i}" for i in range(1, 6)]
    ax.set_xticks(range(1, 6), impact_names, fontsize=8)
    ax.set_yticks(range(1, 6), likelihood_names, fontsize=8)
    ax.set_xlabel(tr.plain("risk.chart_impact"))
    ax.set_ylabel(tr.plain("risk.chart_likelihood"))
    ax.set_title(title)
    ax.set_aspect("equal")
    for side in ax.spines.values():
        side.set_visible(False)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
