"""Changes to projects: creating one in its channel, its settings and its baseline, each audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.errors import UserError
from bot.services import audit
from bot.services.names import validate_name
from bot.services.projects import is_direct_message, resolve
from bot.store.models import Member, Milestone, Project, Task, Workspace

KEY_RE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")


def ensure_workspace(session: Session, team_id: str, now: datetime) -> None:
    if session.get(Workspace, team_id) is None:
        session.add(Workspace(team_id=team_id, created_at=now))
        session.flush()


def derive_key(session: Session, team_id: str, name: str) -> str:
    """Initials of the name's words (or its first letters), made unique in the workspace."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    base = "".join(w[0] for w in words).upper() if len(words) > 1 else "".join(words)[:4].upper()
    base = re.sub(r"^[0-9]+", "", base)[:6] or "P"
    if len(base) < 2:
        base = (base + "P")[:2]
    taken = set(
        session.scalars(
            select(Project.key).where(Project.team_id == team_id, Project.key.like(f"{base}%"))
        )
    )
    if base not in taken:
        return base
    return next(f"{base}{n}" for n in range(2, 10_000) if f"{base}{n}" not in taken)


@dataclass
class NewProject:
    name: str
    key: str | None = None
    goal: str | None = None
    scope: str | None = None
    start: date | None = None
    end: date | None = None
    budget: Decimal | None = None
    currency: str = "CNY"
    timezone: str = "UTC"
    lang: str = "en"


def create(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    now: datetime,
    spec: NewProject,
) -> Project:
    """Bind a new project to the channel; its creator becomes its owner."""
    if is_direct_message(channel_id):
        raise UserError("project.not_in_dm", field="name")
    name = validate_name(spec.name)
    ensure_workspace(session, team_id, now)
    if session.scalar(
        select(Project.key).where(
            Project.team_id == team_id, Project.channel_id == channel_id, Project.status == "active"
        )
    ):
        existing = resolve(session, team_id, channel_id, include_closed=True)
        raise UserError("project.channel_taken", "/project close", field="name", key=existing.key)
    key = spec.key.upper() if spec.key else derive_key(session, team_id, name)
    if not KEY_RE.match(key):
        raise UserError("project.bad_key", "key:MP2", field="key", key=key)
    if session.scalar(select(Project.id).where(Project.team_id == team_id, Project.key == key)):
        raise UserError("project.key_taken", "key:MP2", field="key", key=key)
    if spec.start and spec.end and spec.end < spec.start:
        raise UserError(
            "project.ends_before_start",
            'start:today end:"in 3 months"',
            field="end",
            start=spec.start,
            end=spec.end,
        )
    if spec.budget is not None and spec.budget < 0:
        raise UserError("project.negative_budget", "budget:50000", field="budget")
    project = Project(
        team_id=team_id,
        key=key,
        name=name,
        goal=spec.goal,
        scope=spec.scope,
        channel_id=channel_id,
        start_date=spec.start,
        end_date=spec.end,
        budget=spec.budget,
        currency=spec.currency.upper(),
        timezone=spec.timezone,
        settings={"lang": spec.lang} if spec.lang != "en" else {},
        created_by=user_id,
        created_at=now,
    )
    session.add(project)
    session.flush()
    session.add(
        Member(team_id=team_id, project_id=project.id, user_id=user_id, role="owner", added_at=now)
    )
    audit.log(
        session, project, "project", project.id, {"created": (None, name)}, actor=user_id, at=now
    )
    return project


def update_settings(
    session: Session, project: Project, *, actor: str, now: datetime, changes: dict[str, Any]
) -> dict[str, tuple[Any, Any]]:
    """Apply validated setting changes; returns what changed (old, new)."""
    from bot.services.project_settings import ProjectSettings

    current = ProjectSettings.of(project.settings)
    diff: dict[str, tuple[Any, Any]] = {}
    start = changes.pop("start_date", project.start_date)
    end = changes.pop("end_date", project.end_date)
    if start and end and end < start:
        raise UserError(
            "project.ends_before_start",
            'start:today end:"in 3 months"',
            field="end",
            start=start,
            end=end,
        )
    # The project's span (a baseline keeps the end it had: the report measures against that).
    for name, value in (("start_date", start), ("end_date", end)):
        if getattr(project, name) != value:
            diff[name] = (getattr(project, name), value)
            setattr(project, name, value)
    if "timezone" in changes:
        diff["timezone"] = (project.timezone, changes.pop("timezone"))
        project.timezone = diff["timezone"][1]
    updated = current.model_copy(update=changes)
    for name in changes:
        diff[name] = (getattr(current, name), getattr(updated, name))
    project.settings = updated.dump()
    audit.log(session, project, "project", project.id, diff, actor=actor, at=now)
    return diff


def set_baseline(session: Session, project: Project, *, actor: str, now: datetime) -> int:
    """Freeze today's dates as the plan; returns how many tasks were baselined."""
    count = session.execute(
        update(Task)
        .where(Task.project_id == project.id)
        .values(baseline_start=Task.start_date, baseline_due=Task.due_date)
    ).rowcount
    session.execute(
        update(Milestone)
        .where(Milestone.project_id == project.id)
        .values(baseline_due=Milestone.due_date)
    )
    changes = {"baseline": (project.baselined_at, now.isoformat())}
    audit.log(session, project, "project", project.id, changes, actor=actor, at=now)
    project.baseline_end = project.end_date
    project.baselined_at = now
    return count or 0
