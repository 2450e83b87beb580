"""Slack requests already handled, so a replayed or redelivered one has one effect.

Bolt rejects a signature older than 5 minutes and Slack redelivers an event within about 6, so a
key is kept for a quarter of an hour and then deleted.

A slash command's key is recorded by the command itself (`Pending`, `bot/commands/base.py`): looked
for before it runs (`seen`, one read outside any transaction) and recorded as the last statement
of the transaction that makes its change, so the change and the record commit together, at the
cost of one statement and a read instead of a transaction of their own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.store import driver
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


class Replayed(Exception):
    """The request was handled before: whatever it began is rolled back, and it is answered empty."""


def _record(dialect: Any) -> Any:
    table = HandledRequest.__table__
    return (
        dialect.insert(table)
        .values(key=bindparam("key"), created_at=bindparam("at"))
        .on_conflict_do_nothing(index_elements=[table.c.key])
        .returning(table.c.key)  # a row comes back only when this insert made it
    )


# Built once: constructing the statement costs more than running it.
_RECORD = {"postgresql": _record(postgresql), "sqlite": _record(sqlite)}


def record(connection: Connection, key: str, now: datetime) -> bool:
    """Record `key` in the connection's transaction; False when it was recorded before.

    On PostgreSQL a second insert of a key not yet committed waits for the first transaction:
    it records nothing if that one commits, and records the key if that one rolls back.
    """
    statement = _RECORD[connection.dialect.name]
    return driver.first(connection, statement, key=key, at=now) is not None


_SEEN = select(HandledRequest.key).where(HandledRequest.key == bindparam("key", None))


def seen(db: Database, key: str) -> bool:
    """Whether `key` is recorded already (committed): a read on the driver's cursor."""
    return db.first_row(_SEEN, key=key) is not None


def first_time(db: Database, key: str, now: datetime) -> bool:
    """Record `key` in a transaction of its own; False when it was recorded before."""
    with db.engine.begin() as connection:
        return record(connection, key, now)


@dataclass
class Pending:
    """A slash command's key, for the command to record with its own change (module doc)."""

    key: str
    at: datetime
    recorded: bool = False

    def record_apart(self, db: Database) -> bool:
        """Record the key on its own (a command that changes nothing, or that failed and rolled
        back); False when it was recorded before: then the request is a replay."""
        if not self.recorded:
            if not first_time(db, self.key, self.at):
                return False
            self.recorded = True
        return True


def prune(db: Database, now: datetime, keep: timedelta = KEEP) -> int:
    """Delete keys older than `keep`; returns how many."""
    with db.engine.begin() as connection:
        result = connection.execute(
            delete(HandledRequest).where(HandledRequest.created_at < now - keep)
        )
        return result.rowcount
