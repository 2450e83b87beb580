"""A project whose end date passed while it is still open: when its channel is told, and what.

It is told once, from the team's morning (the standup time, 09:30 unless set) of the day after the
end date on the project's clock: the day its evaluation survey opens. A tick after downtime still
tells it within LATE of that; a project whose end date passed long before is not told at all.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.services import survey
from bot.services.project_settings import ProjectSettings
from bot.services.tasks import OPEN
from bot.store.models import Member, Project, Survey, Task
from bot.views.survey import EndPassed

LATE = survey.WINDOW


def opens(project: Project) -> datetime:
    """When the channel may first be told: the standup time of the day after the end date."""
    assert project.end_date is not None
    standup = ProjectSettings.of(project.settings).standup_time.replace(tzinfo=None)
    return datetime.combine(project.end_date + timedelta(days=1), standup, project.zone)


def due(session: Session, now: datetime, project_key: str | None = None) -> list[Project]:
    """Active projects with a survey whose end date passed and whose telling is due at `now`."""
    # No zone is more than a day off UTC: a safe bound in SQL, the exact day per project below.
    today = now.astimezone(UTC).date()
    query = (
        select(Project)
        .join(Survey, Survey.project_id == Project.id)
        .where(
            Project.status == "active",
            Project.end_date.is_not(None),
            Project.end_date <= today,
            Project.end_date >= today - LATE - timedelta(days=3),
        )
        .order_by(Project.id)
    )
    if project_key:
        query = query.where(Project.key == project_key.upper())
    return [p for p in session.scalars(query) if opens(p) <= now < opens(p) + LATE]


def passed_view(session: Session, project: Project, now: datetime) -> EndPassed:
    """The post: the end date, the tasks still open (and overdue), who got the survey, the owners."""
    today = project.today(now)
    is_open = Task.status.in_(OPEN)
    open_tasks, overdue, done = session.execute(
        select(
            func.count(case((is_open, 1))),
            func.count(case((is_open & (Task.due_date < today), 1))),
            func.count(case((Task.status == "done", 1))),
        ).where(Task.project_id == project.id)
    ).one()
    owners = session.scalars(
        select(Member.user_id)
        .where(Member.project_id == project.id, Member.role == "owner")
        .order_by(Member.id)
    )
    surveyed = len(survey.participants(session, [project.id])[project.id])
    assert project.end_date is not None
    # A survey opened before this end date passed went out for an earlier one (the date moved).
    sent = session.scalar(select(Survey.opened_at).where(Survey.project_id == project.id))
    earlier = project.local(sent).date() if sent else None
    return EndPassed(
        project.key, project.end_date, open_tasks, overdue, done, surveyed, tuple(owners),
        earlier if earlier is not None and earlier <= project.end_date else None,
    )  # fmt: skip
