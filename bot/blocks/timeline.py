"""Words around the timeline picture: the upload's comment, title and alt text."""

from __future__ import annotations

from bot.services.timeline import Timeline


def _tasks(n: int) -> str:
    return f"{n} task{'' if n == 1 else 's'}"


def title(tl: Timeline, key: str) -> str:
    return f"{key} timeline {tl.start:%Y-%m-%d} – {tl.end:%Y-%m-%d}"


def filename(tl: Timeline, key: str) -> str:
    return f"{key.lower()}-timeline-{tl.today:%Y-%m-%d}.png"


def comment(tl: Timeline, key: str, lead: str = "") -> str:
    """What the picture shows and what it leaves out (tasks without dates, outside the weeks)."""
    bars = tl.bars
    parts = [
        f"{lead}Timeline of *{key}*, {tl.start:%b} {tl.start.day} – {tl.end:%b} {tl.end.day}: "
        f"{_tasks(len(bars))}, {sum(b.overdue for b in bars)} overdue."
    ]
    if tl.undated:
        were = "is" if tl.undated == 1 else "are"
        parts.append(f"{_tasks(tl.undated)} without dates {were} not shown.")
    if tl.outside:
        were = "is" if tl.outside == 1 else "are"
        parts.append(f"{_tasks(tl.outside)} outside these weeks {were} not shown.")
    return " ".join(parts)


def alt_text(tl: Timeline, key: str) -> str:
    return (
        f"Gantt chart of {key}: {_tasks(len(tl.bars))} as bars from start to due date, "
        "grouped by milestone, progress filled, baseline outlined, dependencies as arrows, "
        "milestones as diamonds, today as a vertical line"
    )


def empty(tl: Timeline, key: str) -> str:
    """The ephemeral answer when there is nothing to draw."""
    if tl.outside:
        return (
            f"No tasks of *{key}* fall in those weeks ({_tasks(tl.outside)} lie outside them): "
            "try more `weeks:`, or none for the whole span."
        )
    return (
        f"No tasks with dates yet in *{key}*: the timeline draws tasks that have a due date "
        '(`/task add "Design schema" start:monday due:friday`).'
    )
