"""Projects found (by channel or key, by id), their stamp and lists, and their ref counters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, func, select, update
from sqlalchemy.orm import Session

from bot.errors import NotFound
from bot.services import access
from bot.store import driver
from bot.store.db import Database, hold_writes
from bot.store.models import Project, ProjectVersion

NEW_EXAMPLE = '/project new "Member Portal v2" key:MP start:today end:"in 3 months"'


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


def is_direct_message(channel_id: str) -> bool:
    """A person's DM with the app (Slack's IM ids start with D): no project lives there."""
    return channel_id.startswith("D")


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
        if is_direct_message(channel_id):
            raise NotFound("project.none_in_dm", "/project list")
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


def active_projects(session: Session, project_key: str | None = None) -> list[Project]:
    """Every active project (of every workspace), or those with this key."""
    stmt = select(Project).where(Project.status == "active").order_by(Project.id)
    if project_key:
        stmt = stmt.where(Project.key == project_key.upper())
    return list(session.scalars(stmt))
