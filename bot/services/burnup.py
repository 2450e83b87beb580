"""The burn-up series of a project: scope (total estimate) and done (estimate of finished tasks) per day.

Both lines are rebuilt from the audit trail (`Change` rows of tasks: `estimate` and `status`), so
a scope added mid-project shows as a step in the scope line rather than as if it was always there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import Change, Project, Task

MAX_DAYS = 366


@dataclass(frozen=True)
class BurnUp:
    days: list[date]
    scope: list[float]
    done: list[float]


def _hours(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text.rstrip("h"))
    except ValueError:
        return None


def series(session: Session, project: Project, today: date) -> BurnUp:
    """Scope and done hours for each day from the project's start (or first task) to `today`."""
    tz = project.zone

    def local(at: datetime) -> date:
        return at.astimezone(tz).date()

    tasks = list(session.scalars(select(Task).where(Task.project_id == project.id)))
    history: dict[tuple[int, str], list[tuple[date, str | None, str | None]]] = defaultdict(list)
    for entity_id, field, old, new, at in session.execute(
        select(Change.entity_id, Change.field, Change.old, Change.new, Change.at)
        .where(
            Change.project_id == project.id,
            Change.entity == "task",
            Change.field.in_(("estimate", "status")),
        )
        .order_by(Change.at, Change.id)
    ):
        history[(entity_id, field)].append((local(at), old, new))
    firsts = [local(t.created_at) for t in tasks]
    start = project.start_date or min(firsts, default=today)
    start = min([start, *firsts]) if firsts else start
    start = max(start, today - timedelta(days=MAX_DAYS - 1))
    days = [start + timedelta(days=i) for i in range((today - start).days + 1)] or [today]
    scope: list[float] = []
    done: list[float] = []
    for day in days:
        total = finished = 0.0
        for t in tasks:
            if local(t.created_at) > day:
                continue
            est_hist = history.get((t.id, "estimate"))
            if est_hist:
                estimate = _hours(_as_of_value(est_hist, day)) or 0.0
            else:
                estimate = t.estimate_hours or 0.0
            status_hist = history.get((t.id, "status"))
            if status_hist:
                status = _as_of_value(status_hist, day)
                if status == "canceled":
                    continue  # out of scope from the day it was canceled
                is_done = status == "done"
            else:
                is_done = t.status == "done" and t.done_at is not None and local(t.done_at) <= day
            total += estimate
            finished += estimate if is_done else 0.0
        scope.append(total)
        done.append(finished)
    return BurnUp(days=days, scope=scope, done=done)


def _as_of_value(history: list[tuple[date, str | None, str | None]], day: date) -> str | None:
    """A field's value at the end of `day`: the last change by then, else the old value of the first."""
    before = [new for when, _old, new in history if when <= day]
    return before[-1] if before else history[0][1]
