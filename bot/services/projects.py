"""Projects: creation, channel binding, numbering, settings and the baseline.

Their milestones are in `milestones`, their members in `membership`, `/project info` in `project_info`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, func, select, update
from sqlalchemy.orm import Session

from bot.errors import NotFound, UserError
from bot.services import access, audit
from bot.store import driver
from bot.store.db import Database, hold_writes
from bot.store.models import (
    Member,
    Milestone,
    Project,
    ProjectVersion,
    Task,
    Workspace,
)

KEY_RE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
NAME_MAX = 200
NEW_EXAMPLE = '/project new "Member Portal v2" key:MP start:2026-12-01 end:"march 31"'


def ensure_workspace(session: Session, team_id: str, now: datetime) -> None:
    if session.get(Workspace, team_id) is None:
        session.add(Workspace(team_id=team_id, created_at=now))
        session.flush()


def _bound(by_key: bool) -> list:
    """Where `resolve` and `stamp` look: by upper-case key in the workspace, else the channel's
    projects, closed ones too. Bind parameters `team`, `channel` and `key`, so each statement is
    built once."""
    team = bindparam("team", None)
    if by_key:
        return [Project.team_id == team, Project.key == bindparam("key", None)]
    return [Project.team_id == team, Project.channel_id == bindparam("channel", None)]


# The active project before a closed one, the newest closed one after that.
_PREFERRED = (Project.status, Project.id.desc())


def resolve(
    session: Session | driver.Unit,
    team_id: str,
    channel_id: str,
    key: str | None = None,
    *,
    include_closed: bool = False,
) -> Project:
    """The project named by `in:KEY`, else the channel's: its active one, or the last that closed.

    A closed project stays bound to its channel, but only to read: unless `include_closed` (the
    caller only reads), finding one raises `ProjectClosed`, so no change reaches it. In a unit
    (`driver.Unit`) the project is read without opening its session.
    """
    query = _RESOLVE[key is not None]
    row = driver.first(session, query, team=team_id, channel=channel_id, key=key.upper() if key else None)  # fmt: skip
    project = (
        None
        if row is None
        else driver.persistent(session, Project, dict(zip(_COLUMNS, row, strict=True)))
    )
    if project is None:
        if key:
            raise NotFound("project.no_such_key", "in:MP", key=key.upper())
        raise NotFound("project.none_here", NEW_EXAMPLE)
    if not include_closed:
        access.require_open(project)
    return project


def get(
    session: Session,
    team_id: str,
    project_id: int,
    *,
    include_closed: bool = False,
    lock: bool = False,
) -> Project:
    """The project a button or modal names by id, in this workspace only; closed ones as `resolve`.

    `lock` holds its row until commit, so of two clicks at once the second sees the first's work.
    """
    if lock:
        hold_writes(session)
    project = session.get(Project, project_id, with_for_update=lock)
    if project is None or project.team_id != team_id:
        raise NotFound("project.gone")
    if not include_closed:
        access.require_open(project)
    return project


_COLUMNS = tuple(c.key for c in Project.__table__.columns)


def _resolve_query(by_key: bool) -> Select[tuple[Any, ...]]:
    return select(*Project.__table__.columns).where(*_bound(by_key)).order_by(*_PREFERRED).limit(1)


# Every command resolves its project first: built once, run on the driver (`bot.store.driver`),
# the Project made from its row as the ORM would load it (a tenth of the ORM's cost).
_RESOLVE = {k: _resolve_query(k) for k in (False, True)}


@dataclass(frozen=True)
class Stamp:
    """What a read-only answer about a project depends on: its rows' version and its calendar day."""

    project_id: int
    version: int
    day: date


def _stamp_query(by_key: bool) -> Select[tuple[int, int, str]]:
    version = func.coalesce(ProjectVersion.version, 0)
    return (
        select(Project.id, version, Project.timezone)
        .outerjoin(ProjectVersion, ProjectVersion.project_id == Project.id)
        .where(*_bound(by_key))
        .order_by(*_PREFERRED)
        .limit(1)
    )


# Built and compiled once: constructing a statement costs more than running it.
_STAMP_BY_CHANNEL, _STAMP_BY_KEY = _stamp_query(by_key=False), _stamp_query(by_key=True)


def stamp(
    db: Database, team_id: str, channel_id: str, key: str | None, now: datetime
) -> Stamp | None:
    """The stamp of the project `resolve` finds, in one statement."""
    if key:
        row = db.first_row(_STAMP_BY_KEY, team=team_id, key=key.upper())
    else:
        row = db.first_row(_STAMP_BY_CHANNEL, team=team_id, channel=channel_id)
    if row is None:
        return None
    project_id, version, timezone = row
    return Stamp(project_id, version, now.astimezone(ZoneInfo(timezone)).date())


def next_number(session: Session, project: Project, counter: str) -> int:
    """Take the next ref number (`next_task`, `next_risk`, …) atomically: no gaps, no repeats."""
    # On the table, not the mapped class: the ORM's bulk-update path (matching objects in the
    # session to refresh them) costs more than the statement, and nothing reads the counter back.
    table = Project.__table__
    column = table.c[counter]
    taken = session.execute(
        update(table)
        .where(table.c.id == project.id)
        .values({column: column + 1})
        .returning(column - 1)
    ).scalar_one()
    return int(taken)


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


# The things a name is checked for, and the stem of their messages' ids (`name.<stem>_missing`).
_NAMES = {
    "project name": "project_name",
    "milestone name": "milestone_name",
    "risk title": "risk_title",
    "resource name": "resource_name",
}


def validate_name(
    name: str, what: str = "project name", example: str = NEW_EXAMPLE, *, field: str = "name"
) -> str:
    """The name stripped; refused when empty or over NAME_MAX characters.

    `what` is one of `_NAMES`: the thing named, whose messages the catalogue holds.
    """
    name, stem = name.strip(), _NAMES[what]
    if not name:
        raise UserError(f"name.{stem}_missing", example, field=field)
    if len(name) > NAME_MAX:
        raise UserError(f"name.{stem}_too_long", example, field=field, n=len(name), max=NAME_MAX)
    return name


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
            "start:2026-12-01 end:2027-03-31",
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


def in_workspace(session: Session, team_id: str, limit: int = 100) -> list[Project]:
    """The workspace's projects: open ones by key, then closed ones, the last closed first."""
    return list(
        session.scalars(
            select(Project)
            .where(Project.team_id == team_id)
            .order_by(Project.status, Project.closed_at.desc(), Project.key)
            .limit(limit)
        )
    )
