"""The timeline (Gantt) picture as PNG bytes: a bar per task, grouped by milestone."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, timedelta

from bot.charts import fonts
from bot.i18n import Tr
from bot.views.timeline import Bar, Group, Timeline

LABEL_MAX = 32
ROW_IN = 0.28  # inches per row
WIDTH_IN = 13.0
LABEL_FRACTION = 0.25  # of the width, for the task names on the left

INK = "#1d1c1d"
GREY = "#616061"
PLAN = "#b9d6f2"  # the part of a bar still to do
DONE_PART = "#1264a3"  # the part done, by progress
LATE_PLAN = "#f4c2c0"
LATE = "#d0332b"  # overdue: not done, due before today
FINISHED = "#c9c9c9"  # done tasks, muted
MILESTONE = "#6c3bb5"
TODAY = "#e8912d"
BASELINE = "#3a3a3a"
ARROW = "#7a7a7a"
BAND = "#f3f1f5"  # group label rows
WEEK_SHADE = "#f8f8f8"


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def short(text: str, limit: int = LABEL_MAX) -> str:
    """One line, cut with an ellipsis past `limit` columns (a Chinese character takes two)."""
    line = " ".join(text.split())
    if sum(map(_width, line)) <= limit:
        return line
    out, used = [], 1
    for char in line:
        used += _width(char)
        if used > limit:
            break
        out.append(char)
    return "".join(out).rstrip() + "…"


def _layout(timeline: Timeline) -> tuple[list[tuple[Group, int]], dict[str, int], int]:
    """Group label rows and bar rows, top to bottom: (group, its row), bar ref -> row, row count."""
    heads, rows, n = [], {}, 0
    for group in timeline.groups:
        heads.append((group, n))
        n += 1
        for bar in group.bars:
            rows[bar.ref] = n
            n += 1
    return heads, rows, n


def render(timeline: Timeline, tr: Tr | None = None) -> bytes:
    """PNG of the timeline: height grows with the rows, the x axis in weeks with their dates.

    Labels (title, weeks, legend, today) are written by `tr`, in English without one.
    """
    tr = tr or Tr()
    fonts.setup()
    # Imported here: matplotlib takes ~0.5 s to load and slash commands must ack fast.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import date2num
    from matplotlib.figure import Figure

    heads, rows, n = _layout(timeline)
    height = 1.45 + max(n, 3) * ROW_IN + 0.55
    # The object API, not pyplot: no global figure state, so threads can render at once.
    fig = Figure(figsize=(WIDTH_IN, height), dpi=100)
    FigureCanvasAgg(fig)
    top = 1 - 1.3 / height
    bottom = 0.5 / height
    ax = fig.add_axes((LABEL_FRACTION, bottom, 0.975 - LABEL_FRACTION, top - bottom))
    lo, hi = date2num(timeline.start), date2num(timeline.end)
    ax.set_xlim(lo, hi)
    ax.set_ylim(max(n, 3) - 0.5, -0.5)
    _weeks(ax, timeline, date2num, tr)
    for group, row in heads:
        _group_row(ax, group, row, date2num, tr)
    for bar in timeline.bars:
        _bar(ax, bar, rows[bar.ref], timeline.today, date2num)
    _edges(ax, timeline, rows, date2num)
    if timeline.start <= timeline.today <= timeline.end:
        x = date2num(timeline.today)
        ax.axvline(x, color=TODAY, linewidth=1.6, zorder=6)
        today = tr.plain("project.chart.today_at", day=timeline.today)
        ax.text(x, -0.45, f" {today} ", color=TODAY,
                fontsize=7.5, va="top", ha="left", zorder=6,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})  # fmt: skip
    ax.set_yticks([])
    for side in ("left", "right"):
        ax.spines[side].set_visible(False)
    for side in ("top", "bottom"):
        ax.spines[side].set_color("#d0d0d0")
    # A `$` in a name would start matplotlib's math mode (and can fail to parse).
    fig.text(0.012, 1 - 0.18 / height, _title(timeline, tr), fontsize=13, fontweight="bold",
             color=INK, va="top", parse_math=False)  # fmt: skip
    _legend(fig, height, tr)
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def _title(timeline: Timeline, tr: Tr) -> str:
    if not timeline.key:
        return timeline.title
    if timeline.milestone:
        return tr.plain(
            "project.chart.title_of",
            key=timeline.key,
            name=timeline.name,
            milestone=timeline.milestone,
        )
    return tr.plain("project.chart.title", key=timeline.key, name=timeline.name)


# Weeks between ticks: the least of these that leaves at most MAX_TICKS labels on the axis.
STEPS = (1, 2, 4, 8, 13, 26, 52, 104, 260)
MAX_TICKS = 16


def week_ticks(start: date, end: date) -> tuple[list[date], int]:
    """The Mondays from `start`'s week to `end`, and how many weeks apart the labelled ones are."""
    first = start + timedelta(days=-start.weekday() % 7)
    mondays = []
    day = first
    while day <= end:
        mondays.append(day)
        day += timedelta(weeks=1)
    step = next((s for s in STEPS if len(mondays) <= s * MAX_TICKS), STEPS[-1])
    return mondays, step


def tick_label(tr: Tr, day: date, step: int) -> str:
    """`Dec 7` over its ISO week; a span of a year or more gets the year instead of the week
    (the summary's range says the years of a shorter one)."""
    return f"{tr.month_day(day, year=False)}\n{day.year if step >= 8 else f'W{day.isocalendar()[1]:02d}'}"


def _weeks(ax, timeline: Timeline, date2num, tr: Tr) -> None:
    """Ticks on Mondays, every `step` weeks on long spans, labelled with the date and ISO week
    (the year on spans of a year or more); the shading and lines follow the ticks then."""
    mondays, step = week_ticks(timeline.start, timeline.end)
    every = 1 if step <= 4 else step  # a line a week over years is a grey smear
    marks = mondays[::every]
    for i, day in enumerate(marks):
        if i % 2 == 0:
            end = min(day + timedelta(weeks=every), timeline.end)
            ax.axvspan(date2num(day), date2num(end), color=WEEK_SHADE, zorder=0, linewidth=0)
        ax.axvline(date2num(day), color="#e6e6e6", linewidth=0.6, zorder=0.5)
    ticks = mondays[::step]
    labels = [tick_label(tr, d, step) for d in ticks]
    ax.set_xticks([date2num(d) for d in ticks], labels, fontsize=8, color=GREY)
    ax.tick_params(axis="x", length=0, pad=4, labeltop=True, labelbottom=True)


def _label(ax, row: int, text: str, **style) -> None:
    ax.text(-0.008, row, text, transform=ax.get_yaxis_transform(), ha="right", va="center",
            clip_on=False, parse_math=False, **style)  # fmt: skip


def _group_row(ax, group: Group, row: int, date2num, tr: Tr) -> None:
    ax.axhspan(row - 0.5, row + 0.5, color=BAND, zorder=0.6, linewidth=0)
    if group.ref:
        name = f"{group.ref}  {short(group.name, LABEL_MAX - 4)}"
    else:
        name = tr.plain("project.chart.no_milestone")
    if group.due is not None:
        name += f"  · {tr.month_day(group.due)}"
    _label(ax, row, name, fontsize=9, fontweight="bold", color=MILESTONE if group.ref else GREY)
    if group.due is None:
        return
    colour = FINISHED if group.done else LATE if group.overdue else MILESTONE
    x = date2num(group.due)
    ax.axvline(x, color=colour, linewidth=0.8, linestyle=(0, (2, 3)), alpha=0.6, zorder=0.7)
    if group.baseline_due is not None and group.baseline_due != group.due:
        ax.plot([date2num(group.baseline_due)], [row], marker="D", markersize=9,
                markerfacecolor="none", markeredgecolor=BASELINE, markeredgewidth=0.9,
                zorder=4)  # fmt: skip
    ax.plot([x], [row], marker="D", markersize=9, color=colour, markeredgecolor="white",
            markeredgewidth=0.8, zorder=5)  # fmt: skip


def _bar(ax, bar: Bar, row: int, today: date, date2num) -> None:
    left, right = date2num(bar.start), date2num(bar.end + timedelta(days=1))
    width = right - left
    plan, part = (
        (FINISHED, FINISHED)
        if bar.done
        else (LATE_PLAN, LATE)
        if bar.overdue
        else (PLAN, DONE_PART)
    )
    y, h = row - 0.08, 0.5
    ax.barh(y, width, left=left, height=h, color=plan, zorder=2, linewidth=0)
    if bar.progress:
        ax.barh(y, width * bar.progress / 100, left=left, height=h, color=part, zorder=3,
                linewidth=0)  # fmt: skip
    if bar.overdue and today > bar.end:
        ax.plot([right, date2num(today)], [y, y], color=LATE, linewidth=1.1,
                linestyle=(0, (2, 2)), zorder=3)  # fmt: skip
    if bar.slipped and bar.baseline_start is not None and bar.baseline_end is not None:
        b_left = date2num(bar.baseline_start)
        b_right = date2num(bar.baseline_end + timedelta(days=1))
        ax.barh(row + 0.3, b_right - b_left, left=b_left, height=0.14, fill=False,
                edgecolor=BASELINE, linewidth=0.8, zorder=3)  # fmt: skip
    ink = GREY if bar.done else LATE if bar.overdue else INK
    _label(ax, row, f"{bar.ref}  {short(bar.title)}", fontsize=8.5, color=ink)
    if 0 < bar.progress < 100:
        x = max(right, date2num(today)) if bar.overdue else right
        ax.text(x + 0.3, y, f"{bar.progress}%", fontsize=7, color=LATE if bar.overdue else GREY,
                va="center", ha="left", zorder=4, clip_on=True)  # fmt: skip


def _edges(ax, timeline: Timeline, rows: dict[str, int], date2num) -> None:
    """An arrow from each predecessor's bar end to its dependant's bar start."""
    from matplotlib.patches import FancyArrowPatch

    bars = {b.ref: b for b in timeline.bars}
    for edge in timeline.edges:
        before, after = bars[edge.before], bars[edge.after]
        start = (date2num(before.end + timedelta(days=1)), rows[edge.before] - 0.08)
        down = rows[edge.after] > rows[edge.before]
        end = (date2num(after.start), rows[edge.after] - 0.08 + (-0.25 if down else 0.25))
        late = after.start <= before.end  # starts before what it waits on ends
        ax.add_patch(
            FancyArrowPatch(
                start,
                end,
                connectionstyle="angle,angleA=0,angleB=90,rad=4",
                arrowstyle="-|>,head_length=3,head_width=2",
                color=LATE if late and not after.done else ARROW,
                linewidth=0.8,
                alpha=0.85,
                zorder=4,
                shrinkA=0,
                shrinkB=0,
            )
        )


def _legend(fig, height: float, tr: Tr) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Patch(color=DONE_PART, label=tr.plain("project.chart.done_part")),
        Patch(color=PLAN, label=tr.plain("project.chart.to_do")),
        Patch(color=LATE, label=tr.plain("project.chart.overdue")),
        Patch(color=FINISHED, label=tr.plain("project.chart.finished")),
        Patch(
            fill=False, edgecolor=BASELINE, linewidth=0.8, label=tr.plain("project.chart.baseline")
        ),
        Line2D(
            [],
            [],
            marker="D",
            linestyle="none",
            color=MILESTONE,
            label=tr.plain("project.chart.milestone"),
        ),
        Line2D(
            [],
            [],
            color=ARROW,
            linewidth=0.8,
            marker=">",
            markersize=4,
            label=tr.plain("project.chart.depends_on"),
        ),
        Line2D([], [], color=TODAY, linewidth=1.6, label=tr.plain("project.chart.today")),
    ]
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.006, 1 - 0.45 / height),
               ncol=len(handles), frameon=False, fontsize=8, handlelength=1.6,
               columnspacing=1.4, handletextpad=0.5)  # fmt: skip
