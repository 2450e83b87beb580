"""Slack requests already handled, so a replayed or redelivered one has one effect.

Bolt rejects a signature older than 5 minutes and Slack redelivers an event within about 6, so a
key is kept for a quarter of an hour and then deleted.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from bot.store.db import Database
from bot.store.models import HandledRequest

KEEP = timedelta(minutes=15)
_MAX_KEY = 100


def request_key(body: dict[str, Any], signature: str | None) -> str | None:
    """What identifies a request: its trigger_id, its event_id, or else its signature.

    None for an unsigned request with neither id (Socket Mode's view_closed, say): nothing to
    tell a replay by, and nothing signed to replay.
    """
    if trigger := body.get("trigger_id"):
        key = f"t:{trigger}"
    elif event_id := body.get("event_id"):
        key = f"e:{event_id}"
    elif signature:  # it covers the timestamp and the body: only a replay has the same one
        key = "s:" + hashlib.sha256(signature.encode()).hexdigest()
    else:
        return None
    if len(key) > _MAX_KEY:
        key = "h:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def first_time(db: Database, key: str, now: datetime) -> bool:
    """Record `key`; False when it was recorded before (one INSERT … ON CONFLICT DO NOTHING)."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(HandledRequest)
        .values(key=key, created_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(HandledRequest.key)  # a row comes back only when this insert made it
    )
    with db.engine.begin() as connection:
        return connection.execute(statement).first() is not None


def prune(db: Database, now: datetime, keep: timedelta = KEEP) -> int:
    """Delete keys older than `keep`; returns how many."""
    with db.engine.begin() as connection:
        result = connection.execute(
            delete(HandledRequest).where(HandledRequest.created_at < now - keep)
        )
        return result.rowcount
