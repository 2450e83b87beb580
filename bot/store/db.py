"""Engines, sessions and migrations."""

from __future__ import annotations

import logging
import select as io_select
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, Executable, create_engine, event, exc, text
from sqlalchemy.orm import Session, sessionmaker

from bot.store import driver, versions
from bot.store.sqlite_writes import WriterConnection

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
T = TypeVar("T")
MIGRATIONS = Path(__file__).parent / "migrations"
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


def hold_writes(session: Session) -> None:
    """On SQLite, take the database's write lock now, for the rest of the transaction.

    SQLite ignores `FOR UPDATE`: two clicks on "+25 %" at once both read 0 and both write 25.
    A write that changes nothing takes the lock, so the second click reads only after the first
    has committed, as a row lock makes it on PostgreSQL, where this does nothing.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("UPDATE workspaces SET team_id = team_id WHERE 0"))


class Database:
    """One engine and its session factory; sessions are opened per request or job run."""

    def __init__(self, url: str, **engine_kwargs: object) -> None:
        self.url = normalize_url(url)
        self.engine = make_engine(self.url, **engine_kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        versions.track(self._sessions)
        # first_row's reads, one statement each, on their own autocommit connections: on
        # PostgreSQL no BEGIN and ROLLBACK round trips around them (SQLite begins none for a read);
        # first_row retries a read whose connection was dropped.
        self.reads = make_engine(self.url, isolation_level="AUTOCOMMIT", **engine_kwargs)
        self._outage = _Outage()
        for engine in (self.engine, self.reads):
            event.listen(engine, "connect", self._outage.over)
        # On SQLite each thread keeps one read connection, taken from that pool once and detached
        # from it: the pool's checkout and return cost more than the read itself (a tenth of a
        # kept answer's time, sampled). dispose() closes them; the next read takes a new one.
        self._held_by_thread = threading.local() if self.url.startswith("sqlite") else None
        self._held: weakref.WeakSet[Any] = weakref.WeakSet()
        self._held_lock = threading.Lock()
        self._held_generation = 0

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends and rolls back if it raises."""
        with self._sessions() as session, session.begin():
            yield session

    def transact(self, work: Callable[[Session], T]) -> T:
        """`work(session)` in a session, run once more on a new connection if its connection
        turned out to be dropped (a server restart) before anything was committed."""
        return self._retried(self.session, work)

    def run_unit(self, work: Callable[[driver.Unit], T]) -> T:
        """`work(unit)` in one transaction, as `transact`, with an ORM Session only if it asks
        for one (`driver.Unit`); the versions of the projects it changed are bumped last."""
        return self._retried(self._unit, work)

    @contextmanager
    def _unit(self) -> Iterator[driver.Unit]:
        with self.engine.begin() as connection:
            unit = driver.Unit(connection, self._sessions)
            try:
                yield unit
                versions.end_unit(unit)
            finally:
                if unit.opened is not None:
                    unit.opened.close()  # joined: leaves the transaction to commit or roll back

    def _retried(self, scope: Callable[[], AbstractContextManager[Any]], work: Callable[[Any], T]) -> T:  # fmt: skip
        retries = 1
        while True:
            committing = False
            try:
                with scope() as target:
                    result = work(target)
                    committing = True  # a failure from here on may have committed
                return result
            except exc.DBAPIError as error:
                if committing or not retries or not error.connection_invalidated:
                    raise
                log.info("database connection was dropped; trying again on a new one")
                retries -= 1

    def unavailable(self, error: BaseException) -> bool:
        """Whether `error` says the database can't be reached right now (down, restarting,
        connection cut), rather than anything about the statement. The first such error of an
        outage is logged, once per process, and the first new connection after it."""
        if not _unreachable(error, self.engine.dialect.loaded_dbapi):
            return False
        self._outage.began(error)
        return True

    def first_row(self, statement: Executable, **params: Any) -> tuple[Any, ...] | None:
        """The first row of a small read that every request makes, run on the driver's cursor.

        Compiled once per statement; no ORM, no result objects: SQLAlchemy's execution adds
        ~0.1 ms to the ~0.035 ms the driver needs, which is a third of a kept answer's cost.
        """
        sql, args = self._bound(statement, params)
        if self._held_by_thread is not None:
            return _first(self._held_connection(), sql, args)
        dialect, retries = self.reads.dialect, 1
        while True:
            # The pool's connection itself, without a Connection around it; closing returns it.
            connection = self.reads.raw_connection()
            try:
                return _first(connection, sql, args)
            except dialect.loaded_dbapi.Error as error:
                # A connection the server dropped after checkout (a restart, an idle timeout)
                # fails here first: it is thrown away and the read tried once on a new one.
                if not retries or not dialect.is_disconnect(error, connection.dbapi_connection, None):  # fmt: skip
                    raise
                connection.invalidate(error)
                retries -= 1
            finally:
                connection.close()

    def write_one(self, statement: Executable, **params: Any) -> int:
        """One write in a transaction of its own, on the driver's cursor; the rows it changed
        (or, with RETURNING, the rows it returned).

        For a write after the answer (where a posted card is, say): a SQLAlchemy Connection and
        its transaction cost twice what the statement does. On SQLite the writer takes its turn
        (`sqlite_writes`) as any other; a connection found dropped is replaced and the write
        tried once more, as nothing was committed.
        """
        sql, args = self._bound(statement, params)
        dialect, retries = self.engine.dialect, 1
        while True:
            connection = self.engine.raw_connection()
            try:
                cursor = connection.cursor()
                try:
                    cursor.execute(sql, args)
                    # With RETURNING, what came back: sqlite3 counts rows only as they are read.
                    changed = len(cursor.fetchall()) if cursor.description else cursor.rowcount
                finally:
                    cursor.close()
                connection.commit()
                return changed
            except dialect.loaded_dbapi.Error as error:
                connection.rollback()
                if not retries or not dialect.is_disconnect(error, connection.dbapi_connection, None):  # fmt: skip
                    raise
                connection.invalidate(error)
                retries -= 1
            finally:
                connection.close()

    def _bound(self, statement: Executable, params: dict[str, Any]) -> tuple[str, Any]:
        """The statement's SQL (compiled once) and its parameters in the driver's form."""
        done = driver.compiled(self.engine.dialect, statement)
        return done.sql, done.args(params)

    def _held_connection(self) -> Any:
        """This thread's SQLite read connection (the driver's own), taken from the pool once."""
        held = self._held_by_thread.__dict__  # type: ignore[union-attr]
        if held.get("generation") != self._held_generation:
            connection = self.reads.raw_connection()
            connection.detach()  # the pool forgets it; the thread's end or dispose() closes it
            held.update(connection=connection, generation=self._held_generation)
            with self._held_lock:
                self._held.add(connection)
        return held["connection"].dbapi_connection

    def upgrade(self) -> None:
        """Apply every migration not yet applied."""
        upgrade(self.url, engine=self.engine)

    def ping(self) -> None:
        """One round trip to the database; raises when it can't be reached."""
        self.transact(lambda session: session.execute(text("SELECT 1")))

    def dispose(self) -> None:
        with self._held_lock:
            self._held_generation += 1
            held, self._held = list(self._held), weakref.WeakSet()
        for connection in held:
            connection.close()
        self.engine.dispose()
        self.reads.dispose()


def _unreachable(error: BaseException, dbapi: Any) -> bool:
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


class _Outage:
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


def _first(connection: Any, sql: str, args: Any) -> tuple[Any, ...] | None:
    cursor = connection.cursor()
    try:
        cursor.execute(sql, args)
        return cursor.fetchone()
    finally:
        cursor.close()  # ends the statement, and with it a SQLite read's snapshot


def alembic_config(url: str) -> Config:
    from alembic.config import (
        Config,
    )  # Alembic and Mako only where migrations run (~11 MB a process)

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str, *, engine: Engine | None = None) -> None:
    """Run Alembic up to head, reusing `engine` when given."""
    from alembic import command

    cfg = alembic_config(url)
    if engine is None:
        command.upgrade(cfg, "heads")
        return
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "heads")
