"""Engines, sessions and migrations."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Executable, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from bot.store import versions

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


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
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    options: dict[str, Any] = {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10}
    return create_engine(url, **{**options, **kwargs})


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
        # PostgreSQL no BEGIN and ROLLBACK round trips around them (SQLite begins none for a read),
        # and no ping at checkout either: first_row retries a read whose connection was dropped.
        reads = {"isolation_level": "AUTOCOMMIT", **engine_kwargs}
        if not self.url.startswith("sqlite"):
            reads["pool_pre_ping"] = False
        self.reads = make_engine(self.url, **reads)
        # On SQLite each thread keeps one read connection, taken from that pool once and detached
        # from it: the pool's checkout and return cost more than the read itself (a tenth of a
        # kept answer's time, sampled). dispose() closes them; the next read takes a new one.
        self._held_by_thread = threading.local() if self.url.startswith("sqlite") else None
        self._held: weakref.WeakSet[Any] = weakref.WeakSet()
        self._held_lock = threading.Lock()
        self._held_generation = 0
        self._compiled: dict[Executable, tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends and rolls back if it raises."""
        with self._sessions() as session, session.begin():
            yield session

    def first_row(self, statement: Executable, **params: Any) -> tuple[Any, ...] | None:
        """The first row of a small read that every request makes, run on the driver's cursor.

        Compiled once per statement; no ORM, no result objects: SQLAlchemy's execution adds
        ~0.1 ms to the ~0.035 ms the driver needs, which is a third of a kept answer's cost.
        """
        compiled = self._compiled.get(statement)
        if compiled is None:
            compiled = self._compiled[statement] = self._compile(statement)
        sql, order, fixed = compiled
        values = {**fixed, **params}
        args = tuple(values[name] for name in order) if order is not None else values
        if self._held_by_thread is not None:
            return _first(self._held_connection(), sql, args)
        dialect, retries = self.reads.dialect, 1
        while True:
            # The pool's connection itself, without a Connection around it; closing returns it.
            connection = self.reads.raw_connection()
            try:
                return _first(connection, sql, args)
            except dialect.loaded_dbapi.Error as exc:
                # Unpinged, a connection the server has dropped (a restart, an idle timeout)
                # fails here first: it is thrown away and the read tried once on a new one.
                if not retries or not dialect.is_disconnect(exc, connection.dbapi_connection, None):
                    raise
                connection.invalidate(exc)
                retries -= 1
            finally:
                connection.close()

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

    def _compile(self, statement: Executable) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
        compiled = statement.compile(
            dialect=self.engine.dialect, compile_kwargs={"render_postcompile": True}
        )
        fixed = {k: v for k, v in compiled.construct_params().items() if v is not None}
        order = tuple(compiled.positiontup or ()) if self.engine.dialect.positional else None
        return compiled.string, order, fixed

    def upgrade(self) -> None:
        """Apply every migration not yet applied."""
        upgrade(self.url, engine=self.engine)

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

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
