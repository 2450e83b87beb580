"""The database: its engines (`bot.store.engines`), sessions, units, small reads and writes, and migrations."""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, Executable, event, exc, text
from sqlalchemy.orm import Session, sessionmaker

from bot.store import driver, versions
from bot.store.engines import Outage, make_engine, normalize_url, unreachable

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
T = TypeVar("T")
MIGRATIONS = Path(__file__).parent / "migrations"


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
        self._outage = Outage()
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
        if not unreachable(error, self.engine.dialect.loaded_dbapi):
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
