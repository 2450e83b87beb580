"""The database part of one `/task add`, five ways: what the app costs over its statements.

Run: .venv/bin/python bench/bench_add_statements.py [--adds 1000] [--rounds 3]

On a copy of the seeded SQLite file (`bench/load.py`'s, project BIG with 10,000 tasks), each way
adds tasks with the same statements the app sends for `/task add Bench load task N due:… est:4h`:
look for the replay key, resolve the channel's project, take the next ref (membership checked in
the same UPDATE), insert the task, its three audit rows, record the key, bump the project's
version, commit. What differs is what sends them:

- `driver`: sqlite3's cursor, SQL compiled once by SQLAlchemy, the parameters put in order by
  hand: the least these statements cost from Python.
- `core`: SQLAlchemy Core on a Connection (`engine.begin()`), the same prebuilt statements.
- `sessionless`: the app's prebuilt statements on its driver (`bot.store.driver`) inside one
  Core transaction (`engine.begin()`): no Session, no ORM objects. What a `/task add` written
  without the ORM could save is `app` minus this.
- `session`: the app's services on an ORM Session (`Database.transact`, `projects.resolve`,
  `tasks.create`, `replays.record`, the version bump on commit), as every command ran before
  commands got a unit.
- `app`: the app's own code as `/task add` runs it now (`replays.seen`, `Database.run_unit`, the
  same services on the unit, which opens no Session on this path).

CPU of this thread per add; rounds alternate the ways and the median is printed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from bench.load import seed_template  # noqa: E402
from bench.procs import cpu_per_call  # noqa: E402
from bot.services import projects, replays, tasks  # noqa: E402
from bot.store import driver, versions  # noqa: E402
from bot.store.db import Database  # noqa: E402
from bot.store.models import Change, Project  # noqa: E402

ACTOR, CHANNEL = "U0001", "C0002"
DUE = date(2026, 12, 11)


class Driver:
    """Statements compiled once, with their fixed values; each run puts its parameters in order."""

    def __init__(self, db: Database) -> None:
        self.dialect = db.engine.dialect
        self._compiled: dict[Any, tuple[str, tuple[str, ...], dict[str, Any]]] = {}

    def args(self, statement: Any, params: dict[str, Any], keys: list[str] | None = None) -> tuple[str, tuple]:  # fmt: skip
        cache_key = (statement, tuple(keys or ()))
        found = self._compiled.get(cache_key)
        if found is None:
            compiled = statement.compile(dialect=self.dialect, column_keys=keys)
            fixed = compiled.construct_params(_check=False)
            found = self._compiled[cache_key] = (compiled.string, tuple(compiled.positiontup), fixed)  # fmt: skip
        sql, order, fixed = found
        return sql, tuple(_plain(params[n] if n in params else fixed[n]) for n in order)


def _plain(value: Any) -> Any:
    """As SQLAlchemy's SQLite types store them: dates and datetimes as ISO text."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--adds", type=int, default=1000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--tasks", type=int, default=10_000)
    args = p.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="teamtrack-addstmts-"))
    seed_template(tmp / "bench.db", args.tasks, True)
    db = Database(f"sqlite:///{tmp / 'bench.db'}")
    with db.session() as session:
        team = session.scalar(select(Project.team_id).where(Project.channel_id == CHANNEL))
    serial = iter(range(10**9))

    def key() -> str:
        return f"t:{next(serial)}.addstmts"

    # -- app: the services as /task add calls them, and on a Session as before --------------
    def services(target: Any, connection: Any, now: datetime, k: str) -> None:
        project = projects.resolve(target, team, CHANNEL)
        spec = tasks.NewTask(title="Bench load task", due=DUE, estimate=4.0)
        tasks.create(target, project, actor=ACTOR, now=now, spec=spec)
        assert replays.record(connection, k, now)

    def session_add() -> None:
        now, k = datetime.now(UTC), key()
        assert not replays.seen(db, k)
        db.transact(lambda session: services(session, session.connection(), now, k))

    def app_add() -> None:
        now, k = datetime.now(UTC), key()
        assert not replays.seen(db, k)
        db.run_unit(lambda unit: services(unit, unit.connection, now, k))

    # -- core: the same statements on a SQLAlchemy Connection -------------------------------
    project_row = Project.__table__
    resolve_core = (
        select(project_row)
        .where(project_row.c.team_id == team, project_row.c.channel_id == CHANNEL)
        .order_by(project_row.c.status, project_row.c.id.desc())
        .limit(1)
    )
    audit = Change.__table__.insert()
    upsert = versions._UPSERT["sqlite"]
    record = replays._RECORD["sqlite"]

    def rows_for(project_id: int, task_id: int, number: int, now: datetime) -> list[dict]:
        base = {"team_id": team, "project_id": project_id, "entity": "task", "entity_id": task_id}
        fields = [("created", f"T-{number} Bench load task"), ("due", str(DUE)), ("estimate", "4.0")]  # fmt: skip
        return [{**base, "field": f, "old": None, "new": v, "actor": ACTOR, "at": now} for f, v in fields]  # fmt: skip

    def task_row(project_id: int, number: int, now: datetime) -> dict[str, Any]:
        row = dict.fromkeys(tasks._COLUMNS)
        row.update(team_id=team, project_id=project_id, number=number, title="Bench load task",
                   status="open", priority="normal", due_date=DUE, estimate_hours=4.0,
                   spent_hours=0.0, progress=0, reopened_count=0, created_by=ACTOR, created_at=now)  # fmt: skip
        return row

    def core_add() -> None:
        now, k = datetime.now(UTC), key()
        assert not replays.seen(db, k)
        with db.engine.begin() as c:
            project = c.execute(resolve_core).first()
            number = c.execute(tasks._TAKE_NUMBER, {"project": project.id, "actor": ACTOR}).scalar()
            row = task_row(project.id, number, now)
            task_id = c.execute(tasks._INSERT, row).scalar_one()
            c.execute(audit, rows_for(project.id, task_id, number, now))
            assert c.execute(record, {"key": k, "at": now}).first() is not None
            c.execute(upsert, [{"project_id": project.id, "team_id": team, "version": 1}])

    # -- driver: the cursor, SQL compiled once ------------------------------------------------
    drv = Driver(db)
    seen_sql = drv.args(replays._SEEN, {"key": ""})[0]

    def driver_add() -> None:
        now, k = datetime.now(UTC), key()
        raw = db.engine.raw_connection()
        try:
            cur = raw.cursor()
            assert cur.execute(seen_sql, (k,)).fetchone() is None
            sql, a = drv.args(resolve_core, {})
            project_id = cur.execute(sql, a).fetchone()[0]
            sql, a = drv.args(tasks._TAKE_NUMBER, {"project": project_id, "actor": ACTOR})
            number = cur.execute(sql, a).fetchone()[0]
            row = task_row(project_id, number, now)
            sql, a = drv.args(tasks._INSERT, row, list(row))
            task_id = cur.execute(sql, a).fetchone()[0]
            changes = rows_for(project_id, task_id, number, now)
            sql, _ = drv.args(audit, changes[0], list(changes[0]))
            cur.executemany(sql, [drv.args(audit, r, list(r))[1] for r in changes])
            sql, a = drv.args(record, {"key": k, "at": now})
            assert cur.execute(sql, a).fetchone() is not None
            sql, a = drv.args(upsert, {"project_id": project_id, "team_id": team, "version": 1}, ["project_id", "team_id", "version"])  # fmt: skip
            cur.execute(sql, a)
            cur.close()
            raw.commit()
        finally:
            raw.close()

    # -- sessionless: the app's driver statements in a Core transaction, no Session -----------
    def sessionless_add() -> None:
        now, k = datetime.now(UTC), key()
        assert not replays.seen(db, k)
        with db.engine.begin() as c:
            project_id = driver.first(c, projects._RESOLVE[False], team=team, channel=CHANNEL)[0]  # type: ignore[index]
            [number] = driver.first(c, tasks._TAKE_NUMBER, project=project_id, actor=ACTOR) or ()
            row = task_row(project_id, number, now)
            [task_id] = driver.first(c, tasks._INSERT, **row) or ()
            driver.run_many(c, audit, rows_for(project_id, task_id, number, now))
            assert replays.record(c, k, now)
            driver.run_many(c, upsert, [{"project_id": project_id, "team_id": team, "version": 1}])  # fmt: skip

    ways = {"driver": driver_add, "core": core_add, "sessionless": sessionless_add, "session": session_add, "app": app_add}  # fmt: skip
    cpu_per_call(ways, rounds=args.rounds, calls=args.adds, warm=50, unit="add")
    db.dispose()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
