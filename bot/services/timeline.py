"""The timeline (Gantt) of a project as plain data: bars per task, grouped by milestone, with edges.

No Slack and no matplotlib here: `bot/charts/timeline.py` draws what this returns.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import UserError
from bot.services.milestones import get_milestone
from bot.services.tasks import OPEN
from bot.store.models import Milestone, Project, Task, TaskDependency
from bot.views.timeline import Bar, Edge, Group, Timeline

__all__ = ["Bar", "Edge", "Group", "Timeline", "build", "parse_weeks"]

MAX_WEEKS = 52
MAX_ROWS = 80  # tasks drawn at most; beyond that the picture stops being readable
LOOK_BACK = timedelta(weeks=2)
WEEKS_EXAMPLE = "/project timeline weeks:8"


def parse_weeks(text: str | None) -> int | None:
    """`weeks:N`, a whole number of weeks from 1 to 52."""
    if text is None:
        return None
    value = text.strip().lower().removesuffix("w")
    if not value.isdigit() or not 1 <= int(value) <= MAX_WEEKS:
        raise UserError("project.timeline.bad_weeks", WEEKS_EXAMPLE, max=MAX_WEEKS)
    return int(value)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def build(
    session: Session,
    project: Project,
    today: date,
    *,
    milestone: int | None = None,
    weeks: int | None = None,
    window: tuple[date, date] | None = None,
) -> Timeline:
    """The timeline as of `today` (the project's local date).

    Window: `window` when given; else with `weeks` N, N weeks from the Monday of the later of the
    earliest bar start and today − 2 weeks; else the whole span of bars, milestones and today.
    """
    today = project.as_of(today)  # a closed project's plan stops on its close day
    chosen = get_milestone(session, project, milestone) if milestone is not None else None
    query = select(Task).where(Task.project_id == project.id, Task.status.in_((*OPEN, "done")))
    if chosen is not None:
        query = query.where(Task.milestone_id == chosen.id)
    tasks = list(session.scalars(query.order_by(Task.number)))
    dated = [t for t in tasks if t.due_date is not None]
    waits = _waits(session, project)
    dues = {t.id: t.due_date for t in dated}
    bars = {t.id: _bar(t, waits, dues, today, project.timezone) for t in dated}
    milestones = [chosen] if chosen is not None else _milestones(session, project)
    lo, hi = _window(bars.values(), milestones, today, weeks, window)
    shown = {i: b for i, b in bars.items() if _touches(b, today, lo, hi)}
    by_group = _grouped(dated, shown, milestones, today, (lo, hi))
    drawn, cut = _cap(by_group)
    refs = {b.ref for g in drawn for b in g.bars}
    ids = {t.id: f"T-{t.number}" for t in dated}
    edges = sorted(
        {
            Edge(ids[before], ids[after])
            for after, befores in waits.items()
            for before in befores
            if ids.get(before) in refs and ids.get(after) in refs
        },
        key=lambda e: (e.before, e.after),
    )
    title = f"{project.key} · {project.name} — timeline"
    only = f"M-{chosen.number} {chosen.name}" if chosen is not None else None
    if only is not None:
        title += f" of {only}"
    return Timeline(
        title=title,
        today=today,
        start=lo,
        end=hi,
        groups=tuple(drawn),
        edges=tuple(edges),
        undated=len(tasks) - len(dated),
        outside=len(bars) - len(shown) + cut,
        key=project.key,
        name=project.name,
        milestone=only,
    )


def _waits(session: Session, project: Project) -> dict[int, list[int]]:
    rows = session.execute(
        select(TaskDependency.task_id, TaskDependency.depends_on_id)
        .join(Task, Task.id == TaskDependency.task_id)
        .where(Task.project_id == project.id)
    )
    out: dict[int, list[int]] = {}
    for task_id, before in rows:
        out.setdefault(task_id, []).append(before)
    return out


def _bar(
    task: Task, waits: dict[int, list[int]], dues: dict[int, date | None], today: date, tz: str
) -> Bar:
    due = task.due_date
    assert due is not None
    after = [d for i in waits.get(task.id, ()) if (d := dues.get(i)) is not None]
    created = _local(task.created_at, tz)
    start = task.start_date or (max(after) if after else created)
    baseline_start = None
    if task.baseline_due is not None:
        baseline_start = min(task.baseline_start or start, task.baseline_due)
    done = task.status == "done"
    return Bar(
        ref=f"T-{task.number}",
        title=task.title,
        start=min(start, due),
        end=due,
        progress=100 if done else max(0, min(100, task.progress or 0)),
        baseline_start=baseline_start,
        baseline_end=task.baseline_due,
        overdue=not done and due < today,
        done=done,
    )


def _local(moment: datetime, tz: str) -> date:
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(ZoneInfo(tz or "UTC")).date()


def _milestones(session: Session, project: Project) -> list[Milestone]:
    return list(
        session.scalars(
            select(Milestone)
            .where(Milestone.project_id == project.id)
            .order_by(Milestone.due_date, Milestone.number)
        )
    )


def _reach(bar: Bar, today: date) -> date:
    """Where a bar's extent ends: an overdue bar runs on to today."""
    return max(bar.end, today) if bar.overdue else bar.end


def _touches(bar: Bar, today: date, lo: date, hi: date) -> bool:
    return bar.start < hi and _reach(bar, today) >= lo


def _window(
    bars, milestones: list[Milestone], today: date, weeks: int | None, window
) -> tuple[date, date]:
    if window is not None:
        return window
    bars = list(bars)
    starts = [b.start for b in bars] + [m.due_date for m in milestones]
    earliest = min([*starts, today])
    if weeks is not None:
        lo = monday(max(earliest, today - LOOK_BACK))
        return lo, lo + timedelta(weeks=weeks)
    ends = [_reach(b, today) for b in bars] + [m.due_date for m in milestones]
    latest = max([*ends, today])
    lo = monday(earliest)
    return lo, monday(latest) + timedelta(weeks=1)


def _grouped(
    dated: list[Task],
    shown: dict[int, Bar],
    milestones: list[Milestone],
    today: date,
    window: tuple[date, date],
) -> list[Group]:
    """A group per milestone (by due date) that has bars or falls in the window; loose tasks last."""

    def order(bar: Bar) -> tuple[date, date, int]:
        return (bar.start, bar.end, int(bar.ref[2:]))

    groups = []
    for m in milestones:
        bars = sorted(
            (shown[t.id] for t in dated if t.milestone_id == m.id and t.id in shown), key=order
        )
        if not bars and not window[0] <= m.due_date < window[1]:
            continue
        done = m.done_at is not None
        groups.append(
            Group(
                ref=f"M-{m.number}",
                name=m.name,
                due=m.due_date,
                baseline_due=m.baseline_due,
                done=done,
                overdue=not done and m.due_date < today,
                bars=tuple(bars),
            )
        )
    known = {m.id for m in milestones}
    loose = sorted(
        (shown[t.id] for t in dated if t.milestone_id not in known and t.id in shown), key=order
    )
    if loose:
        groups.append(Group(None, "No milestone", None, None, False, False, tuple(loose)))
    return groups


def _cap(groups: list[Group]) -> tuple[list[Group], int]:
    """At most MAX_ROWS bars, kept in group order; returns the groups and how many were cut."""
    left, out, cut = MAX_ROWS, [], 0
    for group in groups:
        keep = group.bars[: max(left, 0)]
        cut += len(group.bars) - len(keep)
        left -= len(keep)
        out.append(replace(group, bars=keep))
    return out, cut
