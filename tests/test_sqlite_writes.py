"""SQLite writers take turns on a lock that wakes the next one (bot/store/sqlite_writes.py)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import bindparam, func, select, text, update

from bot.store.db import Database
from bot.store.models import Workspace


@pytest.fixture
def sqlite_db(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'writes.db'}")
    db.upgrade()
    yield db
    db.dispose()


def _add(session, team_id: str) -> None:
    session.add(Workspace(team_id=team_id, created_at=datetime(2026, 11, 23, tzinfo=UTC)))


def test_a_second_writer_waits_its_turn_instead_of_failing_on_the_busy_lock(sqlite_db):
    """With SQLite's busy handler off, a writer that meets another's open transaction would fail
    with "database is locked"; here it waits for the commit, then writes."""
    first_wrote, second_done, errors = threading.Event(), threading.Event(), []

    def second() -> None:
        try:
            first_wrote.wait(5)
            with sqlite_db.session() as session:
                session.execute(text("PRAGMA busy_timeout=0"))
                _add(session, "T0002")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            second_done.set()

    thread = threading.Thread(target=second)
    thread.start()
    with sqlite_db.session() as session:
        _add(session, "T0001")
        session.flush()  # the write lock is taken here, and held until commit
        first_wrote.set()
        assert not second_done.wait(0.2)  # the second writer waits for this one
    thread.join(5)
    assert errors == []
    with sqlite_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Workspace)) == 2


def test_a_rolled_back_writer_lets_the_next_one_in(sqlite_db):
    with pytest.raises(RuntimeError), sqlite_db.session() as session:
        _add(session, "T0001")
        session.flush()
        raise RuntimeError("refused")
    done = []
    thread = threading.Thread(target=lambda: done.append(sqlite_db.transact(_add_one)))
    thread.start()
    thread.join(5)
    assert done == ["T0003"]


def _add_one(session) -> str:
    session.execute(text("PRAGMA busy_timeout=0"))
    _add(session, "T0003")
    return "T0003"


_RENAME = (
    update(Workspace)
    .where(Workspace.team_id == bindparam("team", None))
    .values(name=bindparam("name", None))
)


def test_a_write_of_its_own_commits_and_waits_its_turn(sqlite_db):
    """`Database.write_one`: one statement on the driver's cursor, committed; while a session
    holds the write lock it waits for that commit rather than failing on the busy lock."""
    with sqlite_db.session() as session:
        _add(session, "T0001")
    done = threading.Event()
    changed: list[int] = []

    def rename() -> None:
        changed.append(sqlite_db.write_one(_RENAME, team="T0001", name="renamed"))
        done.set()

    with sqlite_db.session() as session:
        _add(session, "T0002")
        session.flush()  # holds the write lock until commit
        thread = threading.Thread(target=rename)
        thread.start()
        assert not done.wait(0.2)
    thread.join(5)
    assert changed == [1]
    assert sqlite_db.write_one(_RENAME, team="T9999", name="nobody") == 0
    with sqlite_db.session() as session:
        assert session.scalar(select(Workspace.name).where(Workspace.team_id == "T0001")) == "renamed"  # fmt: skip
