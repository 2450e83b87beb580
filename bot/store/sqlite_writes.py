"""SQLite writers take turns on a lock that wakes the next one, not in SQLite's busy handler.

SQLite has one writer at a time. A connection that finds the write lock taken sleeps in the busy
handler (1, 2, 5, 10 … ms) and tries again, so under load a write waits milliseconds after the
lock is free. Here the first write of a transaction first takes this process's lock for the file
(threads), then an exclusive `flock` on a file beside it (processes: gunicorn workers, the
scheduler), then `BEGIN IMMEDIATE`; commit or rollback lets go, and the next writer wakes at
once. Reads take nothing (WAL: they never wait for the writer).

A writer that can't have the lock within `WAIT` seconds (a thread that writes on a second
connection while its first holds the lock) goes ahead without it, as before: SQLite's own lock
and busy handler still keep the writes apart.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from typing import Any

WAIT = 10.0
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_locks: dict[tuple[int, str], tuple[threading.Lock, int | None]] = {}
_locks_guard = threading.Lock()


def _lock_for(database: str) -> tuple[threading.Lock, int | None]:
    """This process's lock and lock file for `database` (made again after a fork)."""
    key = (os.getpid(), database)
    found = _locks.get(key)
    if found is None:
        with _locks_guard:
            found = _locks.get(key)
            if found is None:
                fd = None
                if database and database != ":memory:" and not database.startswith("file:"):
                    fd = os.open(f"{database}-writer", os.O_RDWR | os.O_CREAT, 0o644)
                found = _locks[key] = (threading.Lock(), fd)
    return found


class WriterConnection(sqlite3.Connection):
    """sqlite3's connection, whose first write of a transaction waits its turn (module doc)."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self._database = os.path.realpath(os.fspath(database)) if database != ":memory:" else ""
        self._held: tuple[threading.Lock, int | None] | None = None

    def cursor(self, factory: Any = None) -> sqlite3.Cursor:  # type: ignore[override]
        return super().cursor(factory or WriterCursor)

    def begin_write(self) -> None:
        """Take the turn and begin the transaction, unless one is open already."""
        if self.in_transaction or self._held is not None:
            return
        lock, fd = _lock_for(self._database)
        if lock.acquire(timeout=WAIT):
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)  # releases the GIL while it waits
            self._held = (lock, fd)
        try:
            super().execute("BEGIN IMMEDIATE")
        except BaseException:
            self._let_go()
            raise

    def _let_go(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            lock, fd = held
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
            lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            if not self.in_transaction:
                self._let_go()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            if not self.in_transaction:
                self._let_go()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._let_go()


class WriterCursor(sqlite3.Cursor):
    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:  # type: ignore[override]
        if sql.lstrip()[:7].upper().startswith(_WRITES):
            self.connection.begin_write()  # type: ignore[attr-defined]
        return super().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> sqlite3.Cursor:  # type: ignore[override]
        if sql.lstrip()[:7].upper().startswith(_WRITES):
            self.connection.begin_write()  # type: ignore[attr-defined]
        return super().executemany(sql, seq_of_parameters)
