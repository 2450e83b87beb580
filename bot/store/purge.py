"""`teamtrack workspace purge`: every row a workspace owns, children before parents."""

from __future__ import annotations

import re

from sqlalchemy import Table, delete, func, or_, select
from sqlalchemy.engine import Connection, Engine

from bot.store.installations import store_metadata
from bot.store.models import Base

TEAM_ID = re.compile(r"^[TE][A-Z0-9]{2,31}$")


def _tables() -> list[Table]:
    """Tables with a team_id, in an order that deletes children first (FK-safe)."""
    ours = [t for t in reversed(Base.metadata.sorted_tables) if "team_id" in t.c]
    store = store_metadata()
    return [*ours, store.tables["slack_bots"], store.tables["slack_installations"]]


def _owned(table: Table, team_id: str):
    if "enterprise_id" in table.c and team_id.startswith("E"):
        # An org-wide install's rows are the org's.
        return or_(table.c.team_id == team_id, table.c.enterprise_id == team_id)
    return table.c.team_id == team_id


def _counts(conn: Connection, team_id: str) -> dict[str, int]:
    return {
        t.name: conn.scalar(select(func.count()).select_from(t).where(_owned(t, team_id))) or 0
        for t in _tables()
    }


def counts(engine: Engine, team_id: str) -> dict[str, int]:
    """How many rows of each table the workspace owns (what a purge would delete)."""
    with engine.connect() as conn:
        return _counts(conn, team_id)


def purge(engine: Engine, team_id: str) -> dict[str, int]:
    """Delete every row the workspace owns, its installation included, in one transaction."""
    with engine.begin() as conn:
        found = _counts(conn, team_id)
        for table in _tables():
            conn.execute(delete(table).where(_owned(table, team_id)))
    return found
