"""Prebuilt statements on the driver's cursor (`bot.store.driver`): the same values, errors and
transactions as SQLAlchemy's own execution, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import bindparam, exc, func, insert, inspect, select, text, update
from sqlalchemy.orm import Session

from bot.store import driver, versions
from bot.store.db import Database
from bot.store.models import Project, ProjectVersion, Task, Workspace

AT = datetime(2026, 12, 4, 9, 30, 0, tzinfo=UTC)
_PROJECTS = Project.__table__
_INSERT = insert(_PROJECTS).returning(_PROJECTS.c.id)
_BY_KEY = select(*_PROJECTS.columns).where(_PROJECTS.c.key == bindparam("key"))
_PID = select(func.pg_backend_pid())
_RENAME = update(_PROJECTS).where(_PROJECTS.c.key == bindparam("k")).values(name=bindparam("name"))


def _row(key: str, **changes) -> dict:
    row = dict(
        team_id="T0001", key=key, name=f"Project {key}", channel_id="C0001", timezone="UTC",
        status="active", start_date=date(2026, 12, 1), end_date=date(2027, 3, 31),
        created_by="U0001", created_at=AT, next_task=1, next_risk=1, next_milestone=1,
        next_claim=1, currency="CNY", settings={"lang": "zh"}, budget=None,
    )  # fmt: skip
    return {**row, **changes}


@pytest.fixture
def workspace(db: Database) -> Database:
    with db.session() as session:
        session.add(Workspace(team_id="T0001", created_at=AT))
    return db


def test_values_go_in_and_come_out_as_the_orm_writes_and_reads_them(workspace):
    db = workspace
    with db.session() as session:
        [project_id] = driver.first(session, _INSERT, **_row("MP")) or ()
    with db.session() as session:
        loaded = session.get(Project, project_id)  # the ORM reads what the driver wrote
        assert (loaded.start_date, loaded.end_date) == (date(2026, 12, 1), date(2027, 3, 31))
        assert loaded.created_at.replace(tzinfo=UTC) == AT
        row = driver.first(session, _BY_KEY, key="MP")  # and the driver reads as the ORM does
    assert row is not None
    values = dict(zip((c.key for c in _PROJECTS.columns), row, strict=True))
    assert values["start_date"] == date(2026, 12, 1) and values["name"] == "Project MP"
    assert values["settings"] == {"lang": "zh"} and loaded.settings == {"lang": "zh"}
    assert values["created_at"].replace(tzinfo=UTC) == AT
    with db.session() as session:
        assert driver.first(session, _BY_KEY, key="NONE") is None
        assert driver.run(session, _RENAME, k="MP", name="Renamed") == 1
        assert driver.run(session, _RENAME, k="NONE", name="Renamed") == 0


def test_statements_commit_and_roll_back_with_the_session(workspace):
    db = workspace

    def add_then_fail(session):
        driver.first(session, _INSERT, **_row("AB"))
        raise RuntimeError("a mistake after the write")

    with pytest.raises(RuntimeError):
        db.transact(add_then_fail)
    with db.session() as session:
        assert driver.first(session, _BY_KEY, key="AB") is None
        driver.run_many(session, insert(_PROJECTS), [_row("CD"), _row("EF", channel_id="C0002")])
    with db.session() as session:
        keys = session.scalars(select(Project.key).order_by(Project.key)).all()
    assert keys == ["CD", "EF"]


def test_a_failed_statement_is_raised_as_sqlalchemy_raises_it(workspace):
    db = workspace
    with db.session() as session:
        driver.first(session, _INSERT, **_row("MP"))
    with pytest.raises(exc.IntegrityError) as failed, db.session() as session:
        driver.first(session, _INSERT, **_row("MP"))  # (team, key) is unique
    assert not failed.value.connection_invalidated
    with db.session() as session:  # the connection went back to the pool usable
        assert session.scalar(select(Project.key)) == "MP"


def test_an_object_made_from_a_row_is_in_the_session_as_if_loaded(workspace):
    db = workspace
    with db.session() as session:
        [project_id] = driver.first(session, _INSERT, **_row("MP")) or ()
    with db.session() as session:
        row = driver.first(session, _BY_KEY, key="MP")
        values = dict(zip((c.key for c in _PROJECTS.columns), row or (), strict=True))
        project = driver.persistent(session, Project, values)
        assert driver.persistent(session, Project, values) is project
        assert session.get(Project, project_id) is project  # no second object, no query
        assert not session.new and not session.dirty
        project.name = "Changed"  # flushes as an UPDATE of the row
    with db.session() as session:
        assert session.get(Project, project_id).name == "Changed"
        assert session.scalar(select(Task.id)) is None


@pytest.mark.parametrize("way", ["transact", "run_unit"])
def test_a_connection_dropped_under_a_prebuilt_statement_is_retried_once(workspace, way):
    """In a session (`transact`) or a command's unit (`run_unit`) alike: a connection the server
    drops is thrown away and the work run once more on a new one, as nothing was committed."""
    db = workspace
    if db.is_sqlite:
        pytest.skip("no server drops a SQLite connection; this is PostgreSQL's case")
    run = getattr(db, way)
    killer = Database(db.url)
    pids: list[int] = []

    def work(target: Session | driver.Unit, kills: int) -> object:
        [pid] = driver.first(target, _PID) or ()
        pids.append(pid)
        if len(pids) <= kills:
            with killer.engine.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
        return driver.first(target, _BY_KEY, key="MP")

    assert run(lambda target: work(target, kills=1)) is None
    assert len(pids) == 2 and pids[0] != pids[1]
    pids.clear()
    with pytest.raises(exc.DBAPIError) as failed:  # dropped twice: not tried a third time
        run(lambda target: work(target, kills=2))
    assert failed.value.connection_invalidated and db.unavailable(failed.value)
    assert run(lambda target: work(target, kills=0)) is None  # the pool is healthy after
    killer.dispose()


def test_a_statement_whose_sql_depends_on_its_values_is_refused(db):
    listed = select(_PROJECTS.c.id).where(_PROJECTS.c.key.in_(bindparam("keys", expanding=True)))
    with pytest.raises(ValueError, match="depends on its values"), db.session() as session:
        driver.first(session, listed, keys=["MP"])


# -- units: a command's transaction, with an ORM session only when asked for ---------------------

_VERSION = select(ProjectVersion.version).where(ProjectVersion.project_id == bindparam("p"))


def _version(db: Database, project_id: int) -> int:
    with db.session() as session:
        return session.scalar(_VERSION, {"p": project_id}) or 0


def _made(unit: driver.Unit, key: str) -> Project:
    row = driver.first(unit, _BY_KEY, key=key)
    return driver.persistent(unit, Project, dict(zip((c.key for c in _PROJECTS.columns), row or (), strict=True)))  # fmt: skip


def test_a_unit_opens_its_session_only_when_asked_and_puts_in_it_what_it_made(workspace):
    db = workspace

    def work(unit: driver.Unit) -> int:
        [project_id] = driver.first(unit, _INSERT, **_row("MP")) or ()
        project = _made(unit, "MP")
        assert _made(unit, "MP") is project  # one object per row, as a session keeps
        assert unit.opened is None and not inspect(project).modified
        session = unit.session  # opened now, in the same transaction: it sees the new row
        assert unit.opened is session and session.get(Project, project_id) is project
        assert _made(unit, "MP") is project  # later rows come from its identity map
        project.name = "Renamed"
        return project_id

    project_id = db.run_unit(work)
    with db.session() as session:
        assert session.get(Project, project_id).name == "Renamed"
    assert _version(db, project_id) == 1  # the flush saw the change: the version is bumped


def test_a_change_to_an_object_made_before_any_session_is_written(workspace):
    """The one way a unit could lose a change: an object made from a row is changed and no
    session is ever opened. The unit's end opens one for it, so the change is flushed."""
    db = workspace
    with db.session() as session:
        [project_id] = driver.first(session, _INSERT, **_row("MP")) or ()

    def rename(unit: driver.Unit) -> None:
        _made(unit, "MP").name = "Renamed"
        assert unit.opened is None

    db.run_unit(rename)
    with db.session() as session:
        assert session.get(Project, project_id).name == "Renamed"
    assert _version(db, project_id) == 1


def test_a_unit_bumps_the_projects_its_statements_touched_and_rolls_back_whole(workspace):
    db = workspace
    with db.session() as session:
        [project_id] = driver.first(session, _INSERT, **_row("MP")) or ()

    def write(unit: driver.Unit, fail: bool) -> None:
        driver.run(unit, _RENAME, k="MP", name="Renamed")
        versions.touch(unit, project_id, "T0001")
        if fail:
            raise RuntimeError("a mistake after the write")

    with pytest.raises(RuntimeError):
        db.run_unit(lambda unit: write(unit, fail=True))
    with db.session() as session:
        assert session.get(Project, project_id).name == "Project MP"
    assert _version(db, project_id) == 0
    db.run_unit(lambda unit: write(unit, fail=False))
    assert _version(db, project_id) == 1
    db.run_unit(lambda unit: _made(unit, "MP"))  # read only: nothing to bump
    assert _version(db, project_id) == 1
