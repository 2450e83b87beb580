"""`/task list`'s pages: tasks filtered by status, owner and milestone, sorted by due date
(undated last) and keyset-paged, with a count capped so a page costs the same at any size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from bot.services.tasks import OPEN
from bot.store.models import Project, Task

COUNT_CAP = 1000


@dataclass(frozen=True)
class ListFilter:
    """Which tasks `/task list` shows."""

    status: str = "open"  # open | done | all | blocked | overdue
    owner: str | None = None
    milestone_id: int | None = None


@dataclass
class Page:
    tasks: list[Task]
    total: int  # at most COUNT_CAP + 1, meaning "more than COUNT_CAP"
    cursor: str | None  # where the next page starts, None on the last page


def _where(project: Project, flt: ListFilter, today: date) -> list:
    conds = [Task.project_id == project.id]
    if flt.status == "open":
        conds.append(Task.status.in_(OPEN))
    elif flt.status == "done":
        conds.append(Task.status == "done")
    elif flt.status == "blocked":
        conds.append(Task.status == "blocked")
    elif flt.status == "overdue":
        conds += [Task.status.in_(OPEN), Task.due_date < today]
    if flt.owner:
        conds.append(Task.owner_id == flt.owner)
    if flt.milestone_id:
        conds.append(Task.milestone_id == flt.milestone_id)
    return conds


def list_page(
    session: Session,
    project: Project,
    flt: ListFilter,
    today: date,
    *,
    cursor: str | None = None,
    limit: int = 15,
) -> Page:
    """One page sorted by due date (undated last), keyset-paged: a fixed number of queries at any size."""
    conds = _where(project, flt, today)
    # Counted up to a cap, so even the total costs the same at 10,000 tasks as at 1,000.
    capped = select(Task.id).where(*conds).limit(COUNT_CAP + 1).subquery()
    total = session.scalar(select(func.count()).select_from(capped)) or 0
    kind, due, number = _decode(cursor)
    tasks: list[Task] = []
    if kind == "d":
        dated = [*conds, Task.due_date.is_not(None)]
        if due is not None:
            dated.append(or_(Task.due_date > due, and_(Task.due_date == due, Task.number > number)))
        tasks = list(
            session.scalars(
                select(Task).where(*dated).order_by(Task.due_date, Task.number).limit(limit + 1)
            )
        )
        number = 0
    if len(tasks) <= limit:
        undated = [*conds, Task.due_date.is_(None), Task.number > number]
        tasks += session.scalars(
            select(Task).where(*undated).order_by(Task.number).limit(limit + 1 - len(tasks))
        )
    more = len(tasks) > limit
    tasks = tasks[:limit]
    next_cursor = None
    if more and tasks:
        last = tasks[-1]
        next_cursor = (
            f"d:{last.due_date.isoformat()}:{last.number}" if last.due_date else f"n:{last.number}"
        )
    return Page(tasks=tasks, total=total, cursor=next_cursor)


def _decode(cursor: str | None) -> tuple[str, date | None, int]:
    if not cursor:
        return "d", None, 0
    parts = cursor.split(":")
    if parts[0] == "d" and len(parts) == 3:
        return "d", date.fromisoformat(parts[1]), int(parts[2])
    return "n", None, int(parts[-1])
