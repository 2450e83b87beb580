"""The burn-up chart as PNG bytes (matplotlib, Agg backend, imported only when a chart is drawn)."""

from __future__ import annotations

import io
from datetime import date

from bot.charts import fonts
from bot.i18n import Tr
from bot.services.burnup import BurnUp


def render(burnup: BurnUp, *, title: str, tr: Tr | None = None) -> bytes:
    """Scope and done lines over the days, titled (the digest puts the project key in the title).

    Labels and dates are written in `tr`'s language (English when none is given).
    """
    tr = tr or Tr("en")
    fonts.setup()
    # Imported here: matplotlib costs ~0.5 s to import and only the digest needs it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, num2date
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    # A bare Figure (not pyplot) keeps no global state, so threads can draw at once.
    fig = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.plot(
        burnup.days,
        burnup.scope,
        label=tr.plain("digest.chart_scope"),
        color="#888888",
        linestyle="--",
    )
    ax.plot(
        burnup.days, burnup.done, label=tr.plain("digest.chart_done"), color="#2eb67d", linewidth=2
    )
    ax.fill_between(burnup.days, burnup.done, color="#2eb67d", alpha=0.15)
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    if tr.lang == "en":
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    else:  # matplotlib writes English month names: the days as the reader writes them

        class Days(FuncFormatter):
            def format_ticks(self, values):
                return day_labels(tr, [num2date(v).date() for v in values])

        ax.xaxis.set_major_formatter(Days(lambda x, _: tr.month_day(num2date(x).date())))
    ax.set_ylim(bottom=0, top=max([*burnup.scope, *burnup.done, 1.0]) * 1.1)
    ax.set_ylabel(tr.plain("digest.chart_hours"))
    # A `$` in a project name would start matplotlib's math mode (and can fail to parse).
    ax.set_title(title.replace("$", r"\$"))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left")
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def day_labels(tr: Tr, days: list[date]) -> list[str]:
    """An axis's days as the reader writes them: when any is outside the reader's year, the
    first and each that starts another year carry the year (`2026年12月1日`, `1月1日` … `2027年1月1日`)."""
    years = any(tr.needs_year(d) for d in days)
    return [
        tr.month_day(d, year=years and (i == 0 or d.year != days[i - 1].year))
        for i, d in enumerate(days)
    ]
