"""Engines: how TeamTrack connects to SQLite or PostgreSQL, and how it tells an outage."""

from __future__ import annotations

import logging
import select as io_select
import threading
import time
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc

from bot.store.sqlite_writes import WriterConnection

log = logging.getLogger(__name__)
# Seconds to wait for PostgreSQL to accept a connection: a request answers inside Slack's 3 s.
CONNECT_TIMEOUT = 2
# SQLSTATEs that mean the server is going away or not yet back (admin/crash shutdown, starting).
_GOING_AWAY = frozenset({"57P01", "57P02", "57P03"})


def normalize_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs that name no driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, **kwargs: object) -> Engine:
    """An engine tuned for the database behind `url`."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        # Writers take turns on a lock that wakes the next, not in the busy handler (sqlite_writes).
        connect_args = {"timeout": 30, "check_same_thread": False, "factory": WriterConnection}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No pre-ping (a round trip per checkout): a connection the server has closed is refused
    # at checkout by looking at its socket, and one dropped later fails on first use, which
    # invalidates the pool's older connections; Database.transact() then tries once more.
    options: dict[str, Any] = {
        "pool_size": 5,
        "max_overflow": 10,
        "connect_args": {"connect_timeout": CONNECT_TIMEOUT},
    }
    engine = create_engine(url, **{**options, **kwargs})
    event.listen(engine, "checkout", _refuse_closed)
    return engine


def _refuse_closed(dbapi_connection: Any, _record: object, _proxy: object) -> None:
    """Make the pool replace a connection the server has closed while it sat idle.

    A restart, a failover or an idle timeout ends the server's side of every connection; the
    goodbye (an error message, then end of file) waits unread in the socket. An idle connection
    has nothing to read otherwise, so a readable socket is a dead one: no round trip to find out.
    """
    if dbapi_connection.closed or dbapi_connection.broken:
        raise exc.DisconnectionError("connection closed")
    poller = io_select.poll()
    poller.register(dbapi_connection.fileno(), io_select.POLLIN)
    if poller.poll(0):
        raise exc.DisconnectionError("the server closed the connection")


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # WAL lets readers and one writer work at once across gunicorn workers and the scheduler.
    # It is stored in the file, so set it only once: asking for it again needs a lock that
    # connections opening at the same moment can be refused ("database is locked").
    if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def unreachable(error: BaseException, dbapi: Any) -> bool:
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        error = error.orig  # type: ignore[assignment]
    # psycopg's errors carry a SQLSTATE; SQLite's don't, and a locked file is no outage.
    if not isinstance(error, dbapi.OperationalError) or not hasattr(error, "sqlstate"):
        return False
    state = error.sqlstate
    # None: libpq's own (refused, timed out, closed); class 08: connection exception.
    return state is None or state.startswith("08") or state in _GOING_AWAY


class Outage:
    """Says once that the database went away, and once that it came back, not per request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._since: float | None = None

    def began(self, error: BaseException) -> None:
        with self._lock:
            if self._since is not None:
                return
            self._since = time.monotonic()
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0][:200]
        log.warning("database unreachable (%s); answering 'try again' until it returns", reason)

    def over(self, *_args: object) -> None:
        if self._since is None:  # every new connection passes here: no lock in the usual case
            return
        with self._lock:
            since, self._since = self._since, None
        if since is not None:
            log.warning("database reachable again after %.0f s", time.monotonic() - since)
