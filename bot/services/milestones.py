"""A project's milestones: added with the next number, found by it, marked done; each change audited."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import NotFound, UserError
from bot.services import audit
from bot.services.names import validate_name
from bot.services.projects import next_number
from bot.store.models import Milestone, Project


def add_milestone(
    session: Session, project: Project, *, actor: str, now: datetime, name: str, due: date
) -> Milestone:
    name = validate_name(
        name, "milestone name", '/project milestone "Beta launch" due:"in 6 weeks"'
    )
    milestone = Milestone(
        team_id=project.team_id,
        project_id=project.id,
        number=next_number(session, project, "next_milestone"),
        name=name,
        due_date=due,
        baseline_due=None,
        created_at=now,
    )
    session.add(milestone)
    session.flush()
    changes = {"created": (None, name), "due": (None, due)}
    audit.log(session, project, "milestone", milestone.id, changes, actor=actor, at=now)
    return milestone


def get_milestone(session: Session, project: Project, number: int) -> Milestone:
    milestone = session.scalar(
        select(Milestone).where(Milestone.project_id == project.id, Milestone.number == number)
    )
    if milestone is None:
        raise NotFound("project.no_milestone", "/project info", key=project.key, number=number)
    return milestone


def complete_milestone(
    session: Session, project: Project, *, actor: str, now: datetime, number: int
) -> Milestone:
    milestone = get_milestone(session, project, number)
    if milestone.done_at is not None:
        raise UserError("project.milestone_already_done", number=number)
    milestone.done_at = now
    changes = {"done": (None, now.isoformat())}
    audit.log(session, project, "milestone", milestone.id, changes, actor=actor, at=now)
    return milestone
