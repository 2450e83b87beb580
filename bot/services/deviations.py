"""What went off plan, found for many projects at once in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import Date, Float, cast, func, literal, select
from sqlalchemy.orm import Session

from bot.services.deviation_rules import Deviation, of_project
from bot.services.earned_value import EarnedValue
from bot.services.health import dialect_of, earned_values, planned_share_sql
from bot.services.project_settings import ProjectSettings
from bot.store.models import TASK_CLOSED, Member, Milestone, Project, Task

# Only the columns the rules read: plain rows load ~10× faster than ORM objects.
TASK_COLUMNS = (
    Task.project_id, Task.number, Task.title, Task.owner_id, Task.status, Task.start_date,
    Task.due_date, Task.baseline_start, Task.baseline_due, Task.estimate_hours, Task.progress,
    Task.milestone_id, Task.blocked_at, Task.blocked_reason,
)  # fmt: skip
CHUNK = 2000  # project ids per IN list, well under every backend's bound-parameter limit


def find(session: Session, projects: list[Project], now: datetime) -> list[Deviation]:
    """Every deviation of these projects at `now`, each in its project's own calendar.

    Projects are grouped by their local date (two or three at any instant), and per group the
    database sums earned value and returns only the tasks that may be off plan: a fixed number
    of queries, and rows that grow with the deviations rather than with the tasks.
    """
    if not projects:
        return []
    margin = min(ProjectSettings.of(p.settings).behind_margin for p in projects)
    by_day: dict[date, list[int]] = defaultdict(list)
    for p in projects:
        by_day[p.today(now)].append(p.id)
    rows: dict[int, list] = defaultdict(list)
    values: dict[int, EarnedValue] = {}
    for today, all_ids in by_day.items():
        for i in range(0, len(all_ids), CHUNK):
            ids = all_ids[i : i + CHUNK]
            values.update(earned_values(session, ids, today))
            for row in session.execute(_candidates(session, ids, today, margin)):
                rows[row[0]].append(row)
    ids = [p.id for p in projects]
    ends: dict[int, date] = {}
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    owners: dict[int, list[str]] = defaultdict(list)
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        ends.update(
            (mid, _as_date(end))
            for mid, end in session.execute(
                select(Task.milestone_id, func.max(Task.due_date))
                .where(
                    Task.project_id.in_(chunk),
                    Task.milestone_id.is_not(None),
                    Task.status.not_in(TASK_CLOSED),
                )
                .group_by(Task.milestone_id)
            )
            if end is not None
        )
        for ms in session.scalars(
            select(Milestone).where(Milestone.project_id.in_(chunk), Milestone.done_at.is_(None))
        ):
            milestones[ms.project_id].append(ms)
        for pid, uid in session.execute(
            select(Member.project_id, Member.user_id)
            .where(Member.project_id.in_(chunk), Member.role == "owner")
            .order_by(Member.id)
        ):
            owners[pid].append(uid)
    found: list[Deviation] = []
    for project in projects:
        found.extend(
            of_project(
                project,
                rows[project.id],
                milestones[project.id],
                ends,
                values.get(project.id, EarnedValue(0.0, 0.0, 0.0, 0.0)),
                tuple(owners[project.id]),
                project.today(now),
            )
        )
    return found


def _as_date(value) -> date:
    # Aggregates lose the column type on SQLite, which hands back ISO text.
    return value if isinstance(value, date) else date.fromisoformat(value)


def _candidates(session: Session, ids: list[int], today: date, margin: float):
    """Open tasks that may be off plan: overdue, blocked, or behind by more than the smallest margin."""
    day = literal(today, Date)
    behind = (
        Task.start_date.is_not(None)
        & Task.due_date.is_not(None)
        & (Task.start_date < day)
        & (planned_share_sql(dialect_of(session), Task.start_date, Task.due_date, day)
           - cast(Task.progress, Float) / 100 > margin)
    )  # fmt: skip
    return select(*TASK_COLUMNS).where(
        Task.project_id.in_(ids),
        Task.status.not_in(TASK_CLOSED),
        (Task.due_date < day) | (Task.status == "blocked") | behind,
    )
