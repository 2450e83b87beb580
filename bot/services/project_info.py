"""What `/project info` shows: health, counts, the next milestones and the top risks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services import access
from bot.services.health import Health, project_health
from bot.services.risks import standing
from bot.store.models import TASK_CLOSED, Member, Milestone, Project, Risk, Task


@dataclass
class ProjectInfo:
    project: Project
    health: Health
    member_count: int
    open_tasks: int
    next_milestones: list[Milestone]
    top_risks: list[Risk]
    today: date
    closed_on: date | None = None


def info(session: Session, project: Project, today: date) -> ProjectInfo:
    counts = select(
        select(func.count())
        .select_from(Task)
        .where(Task.project_id == project.id, Task.status.not_in(TASK_CLOSED))
        .scalar_subquery(),
        select(func.count())  # the people who do the work: stakeholders follow it
        .select_from(Member)
        .where(Member.project_id == project.id, Member.role != "stakeholder")
        .scalar_subquery(),
    )
    open_tasks, member_count = session.execute(counts).one()
    milestones = list(
        session.scalars(
            select(Milestone)
            .where(Milestone.project_id == project.id, Milestone.done_at.is_(None))
            .order_by(Milestone.due_date)
            .limit(3)
        )
    )
    risks = list(session.scalars(standing(Risk.project_id == project.id).limit(3)))
    return ProjectInfo(
        project=project,
        health=project_health(session, project, today),
        member_count=member_count or 0,
        open_tasks=open_tasks or 0,
        next_milestones=milestones,
        top_risks=risks,
        today=today,
        closed_on=access.closed_on(project),
    )
