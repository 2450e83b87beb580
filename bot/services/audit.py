"""The audit trail every change writes: burn-up, slips and the report read it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import insert
from sqlalchemy.orm import Session

from bot.store import driver, versions
from bot.store.models import Change, Project

Changes = dict[str, tuple[Any, Any]]
_INSERT = insert(Change.__table__)


class Scoped(Protocol):
    """A row of one project: a Task, Risk, Claim, Milestone…"""

    team_id: str
    project_id: int


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def log(
    session: Session | driver.Unit,
    scope: Project | Scoped,
    entity: str,
    entity_id: int,
    changes: Changes,
    *,
    actor: str,
    at: datetime,
) -> None:
    """Audit `changes` ({field: (old, new)}) of one entity in the project of `scope`; unchanged fields are skipped."""
    project_id = scope.id if isinstance(scope, Project) else scope.project_id
    rows = [
        {
            "team_id": scope.team_id,
            "project_id": project_id,
            "entity": entity,
            "entity_id": entity_id,
            "field": name,
            "old": _text(old),
            "new": _text(new),
            "actor": actor,
            "at": at,
        }
        for name, (old, new) in changes.items()
        if _text(old) != _text(new)
    ]
    if rows:
        # One prebuilt INSERT on the table rather than a flush of one object per field, or the
        # ORM's bulk path: nothing reads the rows back as objects. Not flushed objects, so the
        # project's version is marked here.
        driver.run_many(session, _INSERT, rows)  # on the driver, in the session's transaction
        versions.touch(session, project_id, scope.team_id)
