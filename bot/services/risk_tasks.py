"""The task an occurred risk becomes: made once (the `risk_to_task` button), and found again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import NotFound, UserError
from bot.i18n import Phrase, Tr
from bot.services import access, audit, projects
from bot.services.project_settings import ProjectSettings
from bot.services.projects import next_number
from bot.store.models import Project, Risk, Task


def task_from_risk(
    session: Session, team_id: str, risk_id: int, *, actor: str, now: datetime
) -> tuple[Project, Risk, Task]:
    """The blocked task that tracks an occurred risk (the `risk_to_task` button), made once."""
    risk = session.scalar(select(Risk).where(Risk.id == risk_id, Risk.team_id == team_id))
    if risk is None:
        raise NotFound("risk.gone")
    project = projects.get(session, team_id, risk.project_id)
    access.require_member(session, project, actor, "create tasks")
    if risk.status != "occurred":
        raise UserError(
            "risk.not_occurred", number=risk.number, status=Phrase(f"risk.status.{risk.status}")
        )
    existing = linked_task(session, risk)
    if existing is not None:
        raise UserError(
            "risk.already_tracked", f"/task show T-{existing}", task=existing, number=risk.number
        )
    # The task is the team's own text: written once, in the project's language.
    tr = Tr(ProjectSettings.lang_of(project))  # type: ignore[arg-type]
    reason = tr.plain("risk.task_reason", number=risk.number, title=risk.title)
    task = Task(
        team_id=risk.team_id,
        project_id=project.id,
        number=next_number(session, project, "next_task"),
        title=reason[:300],
        owner_id=risk.owner_id,
        status="blocked",
        blocked_reason=reason,
        blocked_at=now,
        risk_id=risk.id,
        created_by=actor,
        created_at=now,
    )
    session.add(task)
    session.flush()
    changes = {
        "created": (None, task.title),
        "status": (None, "blocked"),
        "risk": (None, f"R-{risk.number}"),
    }
    audit.log(session, task, "task", task.id, changes, actor=actor, at=now)
    changes = {"task": (None, f"T-{task.number}")}
    audit.log(session, risk, "risk", risk.id, changes, actor=actor, at=now)
    return project, risk, task


def linked_task(session: Session, risk: Risk) -> int | None:
    """The number of the task made when the risk occurred, if one was."""
    return session.scalar(select(Task.number).where(Task.risk_id == risk.id).limit(1))
