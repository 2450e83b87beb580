"""The audit trail every change writes: burn-up, slips and the report read it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.store.models import Change


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def record(
    session: Session,
    *,
    team_id: str,
    project_id: int,
    entity: str,
    entity_id: int,
    actor: str,
    at: datetime,
    changes: dict[str, tuple[Any, Any]],
) -> None:
    """Add one row per changed field (old → new); unchanged fields are skipped."""
    session.add_all(
        Change(
            team_id=team_id,
            project_id=project_id,
            entity=entity,
            entity_id=entity_id,
            field=name,
            old=_text(old),
            new=_text(new),
            actor=actor,
            at=at,
        )
        for name, (old, new) in changes.items()
        if _text(old) != _text(new)
    )
