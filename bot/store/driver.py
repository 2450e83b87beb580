"""Prebuilt Core statements on the driver's own cursor, for the few that every request runs.

SQLAlchemy's execution (a context, a result, the ORM's loading) costs ~0.1 ms a statement over
the ~0.03 ms the driver needs; every command reads its project and `/task add` writes six more.
Here a statement is compiled once per dialect, with the bind and result processors of its
columns (SQLite stores dates as text), and run on the driver's cursor of the Connection it is
given, or a Session's, in its transaction: it commits or rolls back with the ORM's work. When
anything listens, SQLAlchemy's cursor events fire around each, so a trace of the engine's SQL
(logging, `tests/test_answers.py`) still sees every statement. `persistent` makes the ORM object
of a row read this way, in the session as if a query had loaded it.

A failure is raised as SQLAlchemy raises it (`exc.DBAPIError.instance`): an `IntegrityError` is
still an `IntegrityError`, and a connection found dropped is invalidated and says so
(`connection_invalidated`), so `Database.transact` tries once more on a new one.

Not for statements whose SQL depends on their values (`IN` lists): each is compiled once.

A slash command runs in a `Unit`: its transaction's Connection, with an ORM Session bound to it
only once something asks for one (`session_of`). `/task add`'s usual path never does: a Session,
its begin, flush and commit and the two objects put in it cost a quarter of the add's database
work, ~0.26 ms of CPU (`bench/bench_add_statements.py`, `bench/RESULTS.md`). Objects made from rows before a session opens are attached when it does,
or, if changed meanwhile, at the end (`Database.run_unit`), so no change is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Executable, exc, inspect
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.orm import Session, make_transient_to_detached, sessionmaker

T = TypeVar("T")
Processor = Callable[[Any], Any]


class Unit:
    """One command's transaction: a Core Connection, and an ORM Session on it when asked for."""

    __slots__ = ("connection", "made", "touched", "_factory", "_session")

    def __init__(self, connection: Connection, factory: sessionmaker[Session]) -> None:
        self.connection = connection
        # Objects made from rows (`persistent`) while no session was open, by identity.
        self.made: dict[Any, Any] = {}
        self.touched: dict[int, str] = {}  # projects changed by statements (`versions.touch`)
        self._factory = factory
        self._session: Session | None = None

    @property
    def opened(self) -> Session | None:
        """The session, if one has been opened."""
        return self._session

    @property
    def session(self) -> Session:
        """The ORM Session in this transaction, opened now if none is: it joins the transaction
        (its commit flushes but leaves the transaction to `Database.run_unit`), and the objects
        made before it are put in it, as if it had loaded them."""
        if self._session is None:
            session = self._factory(bind=self.connection)
            for obj in self.made.values():
                session.add(obj)
            self.made = {}
            self._session = session
        return self._session


Target = Session | Connection | Unit


def session_of(target: Session | Unit) -> Session:
    """The ORM Session of `target`: itself, or its unit's (opened if need be)."""
    return target if isinstance(target, Session) else target.session


class Compiled:
    """One statement's SQL for one dialect, and how its values go in and come out."""

    __slots__ = ("sql", "names", "positional", "fixed", "binds", "_columns", "_results")

    def __init__(self, dialect: Dialect, statement: Executable, keys: tuple[str, ...]) -> None:
        done = statement.compile(dialect=dialect, column_keys=list(keys) or None)  # type: ignore[call-arg]
        if done.literal_execute_params or done.post_compile_params or done.escaped_bind_names:
            raise ValueError("a statement whose SQL depends on its values can't be prebuilt")
        self.sql = done.string
        self.positional = bool(dialect.positional)
        by_name = {name: param for param, name in done.bind_names.items()}
        # Its parameters, in order for a positional driver (sqlite3), and their processors.
        self.names = tuple(done.positiontup or ()) if self.positional else tuple(by_name)
        self.binds: tuple[tuple[int, Processor], ...] = tuple(
            (at, process)
            for at, name in enumerate(self.names)
            if (process := by_name[name].type.dialect_impl(dialect).bind_processor(dialect))
        )
        params = done.construct_params(_check=False)
        self.fixed = {k: v for k, v in params.items() if v is not None}  # values it carries
        # A SELECT's columns, or what DML returns; their processors need the driver's type
        # codes (PostgreSQL's numerics), so they are looked up at the first row.
        self._columns = [(c.type.dialect_impl(dialect), dialect) for c in getattr(statement, "exported_columns", ())]  # fmt: skip
        self._results: tuple[Processor | None, ...] | None = None

    def args(self, params: dict[str, Any]) -> Any:
        fixed = self.fixed
        values = [params[n] if n in params else fixed[n] for n in self.names]
        for at, process in self.binds:
            if values[at] is not None:
                values[at] = process(values[at])
        return values if self.positional else dict(zip(self.names, values, strict=True))

    def row(self, raw: Sequence[Any], description: Sequence[Any]) -> tuple[Any, ...]:
        results = self._results
        if results is None:
            found = tuple(t.result_processor(d, code[1]) for (t, d), code in zip(self._columns, description, strict=True))  # fmt: skip
            results = self._results = found if any(found) else ()
        if not results:
            return tuple(raw)
        return tuple(
            v if p is None or v is None else p(v) for p, v in zip(results, raw, strict=True)
        )


_KEPT = "teamtrack.driver_connection"
# By the dialect's class and parameter style (what the SQL depends on), not by engine.
_cache: dict[tuple[type, str, Executable, tuple[str, ...]], Compiled] = {}


def compiled(dialect: Dialect, statement: Executable, keys: Iterable[str] = ()) -> Compiled:
    """`statement` compiled for `dialect`; `keys`: the columns an `insert()` gets values for."""
    keys = tuple(keys)
    key = (type(dialect), dialect.paramstyle, statement, keys)
    found = _cache.get(key)
    if found is None:
        found = _cache[key] = Compiled(dialect, statement, keys)
    return found


def run(target: Target, statement: Executable, **params: Any) -> int:
    """Run `statement` once in `target`'s transaction; the rows it changed."""
    connection, done = _prepared(target, statement, params)
    return _on_cursor(connection, done, done.args(params), lambda cursor: cursor.rowcount)


def first(target: Target, statement: Executable, **params: Any) -> tuple[Any, ...] | None:  # fmt: skip
    """The first row `statement` returns (a SELECT, or DML's RETURNING), or None."""
    connection, done = _prepared(target, statement, params)

    def fetch(cursor: Any) -> tuple[Any, ...] | None:
        raw = cursor.fetchone()
        return None if raw is None else done.row(raw, cursor.description)

    return _on_cursor(connection, done, done.args(params), fetch)


def run_many(target: Target, statement: Executable, rows: list[dict[str, Any]]) -> None:  # fmt: skip
    """Run `statement` once per row (all with the same keys) in `target`'s transaction."""
    if rows:
        connection, done = _prepared(target, statement, rows[0])
        _on_cursor(connection, done, [done.args(row) for row in rows], None)


def _prepared(target: Target, statement: Executable, params: dict[str, Any]) -> tuple[Connection, Compiled]:  # fmt: skip
    if isinstance(target, Unit):
        connection = target.connection
    else:
        connection = _connection_of(target) if isinstance(target, Session) else target
    keys = tuple(params) if getattr(statement, "is_insert", False) else ()
    return connection, compiled(connection.dialect, statement, keys)


def _connection_of(session: Session) -> Connection:
    """The session's connection, kept for its transaction: `Session.connection()` costs a
    tenth of a statement each time it is asked."""
    transaction = session.get_transaction()
    kept = session.info.get(_KEPT)
    if kept is None or transaction is None or kept[0] is not transaction:
        connection = session.connection()
        session.info[_KEPT] = (session.get_transaction(), connection)
        return connection
    return kept[1]


def _on_cursor(connection: Connection, done: Compiled, args: Any, fetch: Callable[[Any], T] | None) -> T | None:  # fmt: skip
    """Execute (`fetch` None: once per set of `args`), then `fetch(cursor)`. SQLAlchemy's
    cursor events fire around it, so whatever traces the engine's SQL sees these too."""
    pooled = connection.connection
    dialect = connection.dialect
    cursor = pooled.dbapi_connection.cursor()  # type: ignore[union-attr]
    many = fetch is None
    # SQLAlchemy's own test before it looks at its listeners (which costs more than a statement's
    # parameters); a version without the flags gets the listeners looked at.
    events = connection.dispatch if _has_events(connection) else None
    try:
        if events is not None and events.before_cursor_execute:
            events.before_cursor_execute(connection, cursor, done.sql, args, None, many)
        if many:
            cursor.executemany(done.sql, args)
        else:
            cursor.execute(done.sql, args)
        if events is not None and events.after_cursor_execute:
            events.after_cursor_execute(connection, cursor, done.sql, args, None, many)
        return None if fetch is None else fetch(cursor)
    except dialect.loaded_dbapi.Error as error:
        gone = dialect.is_disconnect(error, pooled.dbapi_connection, cursor)
        if gone:
            connection.invalidate(error)
        raise exc.DBAPIError.instance(
            done.sql,
            args,
            error,
            dialect.loaded_dbapi.Error,
            connection_invalidated=gone,
            dialect=dialect,
        ) from error
    finally:
        cursor.close()


def _has_events(connection: Connection) -> bool:
    return getattr(connection, "_has_events", True) or getattr(connection.engine, "_has_events", True)  # fmt: skip


def persistent(target: Session | Unit, cls: type[T], values: dict[str, Any]) -> T:
    """The `cls` object with these column values (all of them), in the session as if a query had
    loaded it: no SQL, and later changes flush as updates. One already there is returned as is.
    In a unit with no session open, it waits in `unit.made` for one (or for the unit's end)."""
    session = target.opened if isinstance(target, Unit) else target
    mapper = inspect(cls)
    key = mapper.identity_key_from_primary_key([values[c.key] for c in mapper.primary_key])
    found = target.made.get(key) if session is None else session.identity_map.get(key)  # type: ignore[union-attr]
    if found is not None:
        return found  # type: ignore[no-any-return]
    obj = mapper.class_manager.new_instance()
    obj.__dict__.update(values)  # the instance's state dict: as loading sets it, no events
    make_transient_to_detached(obj)
    if session is None:
        target.made[key] = obj  # type: ignore[union-attr]
    else:
        session.add(obj)
    return obj  # type: ignore[return-value]
