"""Kept answers: a repeated /project info or /task list costs one statement, and is never stale.

Project versions are bumped by the session factory's commit hook (bot/store/versions.py); the
answers are kept per process (bot/services/answers.py) and checked against that version and the
project's day. These tests go through the signed HTTP endpoint, on every database backend.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, literal, select, text

from bot.app import create_app
from bot.services.answers import Answers
from bot.store.models import Project, ProjectVersion, Task, Workspace
from bot.testing.signed import SlackSender
from bot.testing.wsgi import ThreadedServer
from bot.web import WebApp
from tests.conftest import SECRET, TEAM, make_settings


def shown(reply) -> str:
    return reply.text + json.dumps(reply.json.get("blocks", []), ensure_ascii=False)


@contextmanager
def statements(db) -> Iterator[tuple[list[str], list[str] | None]]:
    """What the app sends while the block runs: through SQLAlchemy, and to SQLite's own driver.

    The second list is None on PostgreSQL, whose driver has no statement trace.
    """
    through_sqlalchemy: list[str] = []
    to_driver: list[str] | None = [] if db.is_sqlite else None

    def record(_conn, _cursor, statement, *_args) -> None:
        through_sqlalchemy.append(statement)

    def trace(dbapi_connection, _record) -> None:
        dbapi_connection.set_trace_callback(to_driver.append)

    engines = (db.engine, db.reads)  # sessions, and first_row's autocommit reads
    db.dispose()  # new connections from here on, so each gets the trace
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
        if to_driver is not None:
            event.listen(engine, "connect", trace)
    try:
        yield through_sqlalchemy, to_driver
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
            if to_driver is not None:
                event.remove(engine, "connect", trace)
        db.dispose()


def without_replay_guard(sent: list[str]) -> list[str]:
    """The statements less the one insert (in its own transaction) every request makes so that a
    replayed request has no second effect; asserts it was made once."""
    at = [i for i, s in enumerate(sent) if "INSERT INTO handled_requests" in s]
    assert len(at) == 1, sent
    i = at[0]
    lo = i - 1 if i > 0 and sent[i - 1].strip().startswith("BEGIN") else i  # BEGIN IMMEDIATE
    hi = i + 1 if i + 1 < len(sent) and sent[i + 1].strip() == "COMMIT" else i
    return sent[:lo] + sent[hi + 1 :]


def version(db, key: str = "MP") -> int:
    with db.session() as s:
        query = select(ProjectVersion.version).join(Project).where(Project.key == key)
        return s.scalar(query) or 0


def two_projects(slack) -> None:
    slack.project()
    slack.project("new Other key:OT", channel="C0002")


# -- versions ----------------------------------------------------------------------------------


def test_a_commit_bumps_only_the_projects_whose_rows_it_changed(slack):
    two_projects(slack)
    mp, ot = version(slack.rt.db), version(slack.rt.db, "OT")
    slack.command("/task", 'add "Schema" due:2026-12-04')
    after_add = version(slack.rt.db)
    assert after_add > mp and version(slack.rt.db, "OT") == ot
    with slack.rt.db.session() as s:  # a change made outside any command counts just the same
        s.scalar(select(Task).where(Task.title == "Schema")).title = "Schema v2"
    assert version(slack.rt.db) == after_add + 1


def test_one_commit_bumps_each_project_it_changed_once(slack):
    """The bump runs one prepared upsert with a parameter set per project, in id order."""
    two_projects(slack)
    slack.command("/task", 'add "Ours" due:2026-12-04')
    slack.command("/task", 'add "Theirs" due:2026-12-04', channel="C0002")
    mp, ot = version(slack.rt.db), version(slack.rt.db, "OT")
    with slack.rt.db.session() as s:
        for task in s.scalars(select(Task)):
            task.title += " v2"  # one task in each project, one commit
    assert (version(slack.rt.db), version(slack.rt.db, "OT")) == (mp + 1, ot + 1)


def test_a_rolled_back_or_empty_transaction_bumps_nothing(slack):
    slack.project()
    before = version(slack.rt.db)
    bad = slack.command("/task", 'add "Schema" est:-3h')  # refused: nothing written
    assert ":warning:" in bad.text
    with slack.rt.db.session() as s:
        s.scalar(select(Project))  # read only
        s.add(Workspace(team_id="T0002", created_at=datetime(2026, 11, 23, tzinfo=UTC)))
    assert version(slack.rt.db) == before


# -- kept answers -------------------------------------------------------------------------------


def test_a_repeated_info_or_list_is_answered_after_one_statement(slack):
    slack.project()
    slack.command("/task", 'add "Schema" due:2026-12-04')
    for verb in ("info", "list"):
        command = "/project" if verb == "info" else "/task"
        first = slack.command(command, verb)
        with statements(slack.rt.db) as (through_sqlalchemy, to_driver):
            again = slack.command(command, verb)
        # no ORM, no session: the stamp goes to the driver
        assert without_replay_guard(through_sqlalchemy) == []
        if to_driver is not None:
            to_driver = without_replay_guard(to_driver)
            assert len(to_driver) == 1 and "version" in to_driver[0], to_driver
        assert again.json == first.json


def test_the_stamp_is_found_by_the_channels_index_not_a_scan_of_the_workspace(slack):
    """Every kept answer reads its stamp; with hundreds of projects in a workspace, it must not
    read them all (the partial unique index covers only active projects)."""
    if not slack.rt.db.is_sqlite:
        pytest.skip("the plan is read with SQLite's EXPLAIN QUERY PLAN")
    slack.project()
    slack.command("/project", "info")
    with statements(slack.rt.db) as (_, to_driver):
        slack.command("/project", "info")
    (sql,) = without_replay_guard(to_driver)
    with slack.rt.db.engine.connect() as conn:
        plan = " ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert "projects USING INDEX ix_projects_channel (team_id=? AND channel_id=?)" in plan, plan


def test_every_kind_of_change_shows_at_once(slack):
    slack.project()
    slack.command("/project", "members add <@U0002|alice>")
    assert "2 · 0" in shown(slack.command("/project", "info"))  # people · open tasks
    slack.command("/task", 'add "Schema" <@U0002|alice> due:2026-12-04')
    assert "2 · 1" in shown(slack.command("/project", "info"))
    assert "Schema" in shown(slack.command("/task", "list"))
    with slack.rt.db.session() as s:
        task = s.scalar(select(Task))
    card = slack.fake.find_message(task.message_channel, task.message_ts)
    slack.sender.block_action("task_done", str(task.id), user="U0002", message=card)
    slack.rt.drain()
    assert "2 · 0" in shown(slack.command("/project", "info"))
    assert "Schema" not in shown(slack.command("/task", "list"))
    slack.command("/project", 'milestone "Beta launch" due:2027-01-15')
    assert "Beta launch" in shown(slack.command("/project", "info"))
    slack.command("/risk", 'add "Vendor late" likelihood:4 impact:5')
    assert "Vendor late" in shown(slack.command("/project", "info"))


def test_a_new_day_makes_yesterdays_due_task_overdue(slack):
    slack.project()
    slack.command("/task", 'add "Schema" due:2026-11-24')
    assert "overdue" not in shown(slack.command("/task", "list")).lower()
    slack.clock.advance(timedelta(days=2))
    assert "overdue" in shown(slack.command("/task", "list")).lower()


def test_answers_are_per_person(slack):
    slack.project()
    slack.command("/project", "members add <@U0002|alice>")
    slack.command("/task", 'add "Mine" <@U0001|lead> due:2026-12-04')
    slack.command("/task", 'add "Hers" <@U0002|alice> due:2026-12-04')
    lead = shown(slack.command("/task", "list mine"))
    alice = shown(slack.command("/task", "list mine", user="U0002"))
    assert "Mine" in lead and "Hers" not in lead
    assert "Hers" in alice and "Mine" not in alice


def test_a_change_made_by_another_replica_shows_at_once(slack, fake, db):
    """Two apps on one database, as two gunicorn workers or two replicas are."""
    other = create_app(make_settings(fake, db), db=db, clock=slack.clock, home_refresh_seconds=0)
    server = ThreadedServer(WebApp(other.app, db)).start()
    try:
        there = SlackSender(f"{server.url}/slack/events", SECRET, fake=fake, team_id=TEAM)
        slack.project()
        assert "· 0" in shown(slack.command("/project", "info"))
        there.command("/task", 'add "Schema" due:2026-12-04')
        other.runtime.drain()
        assert "· 1" in shown(slack.command("/project", "info"))
    finally:
        other.runtime.drain()
        server.stop()


def test_kept_answers_follow_the_project_the_channel_finds(slack):
    two_projects(slack)
    here = shown(slack.command("/project", "info"))
    there = shown(slack.command("/project", "info", channel="C0002"))
    by_key = shown(slack.command("/project", "info in:ot"))
    assert "MP ·" in here and "OT ·" in there and "OT ·" in by_key
    slack.close()
    slack.project("new Next key:NX")
    assert "NX ·" in shown(slack.command("/project", "info"))


def test_the_cache_is_bounded_and_can_be_switched_off():
    answers = Answers(size=2)
    for n in range(3):
        answers.put(("q", n), "s", n)
    assert len(answers) == 2 and answers.get(("q", 0), "s") is None
    assert answers.get(("q", 2), "s") == 2 and answers.get(("q", 2), "other stamp") is None
    off = Answers(size=0)
    off.put("q", "s", 1)
    assert off.get("q", "s") is None and len(off) == 0


def test_the_version_bump_waits_for_no_one_holding_the_project_row(slack, db):
    """/task add holds the project row (its ref counter) until it commits; a change to another
    row of the project meanwhile must commit without waiting for it, or the two could deadlock."""
    if db.is_sqlite:
        pytest.skip("SQLite has one writer at a time and no row locks; this is PostgreSQL's case")
    slack.project()
    slack.command("/task", 'add "Schema" due:2026-12-04')
    before = version(db)
    with db.engine.connect() as holder:
        holder.execute(select(Project).with_for_update())  # as next_number does, mid-transaction
        with db.session() as s:
            s.execute(text("SET LOCAL lock_timeout = '2s'"))  # waiting would fail the test
            s.scalar(select(Task)).title = "Schema v2"
        holder.rollback()
    assert version(db) == before + 1


def test_on_sqlite_a_thread_takes_its_read_connection_from_the_pool_once(db):
    """Stamps are read on SQLite through a connection each thread keeps: one checkout, however
    many reads; dispose() closes it and the next read takes a new one."""
    if not db.is_sqlite:
        pytest.skip("PostgreSQL reads go through the pool, to retry a dropped connection")
    checkouts: list[object] = []
    event.listen(db.reads, "checkout", lambda dbapi, *_: checkouts.append(dbapi))
    one = select(literal(1).label("one"))
    assert [db.first_row(one) for _ in range(3)] == [(1,)] * 3
    assert len(checkouts) == 1
    held = checkouts[0]
    db.dispose()
    with pytest.raises(Exception, match="closed"):
        held.execute("SELECT 1")  # type: ignore[attr-defined]
    assert db.first_row(one) == (1,)
    assert len(checkouts) == 2 and checkouts[1] is not held


def test_a_stamp_read_outlives_a_connection_the_server_dropped(db):
    """Stamps are read unpinged on PostgreSQL: a connection the server has closed (a restart, an
    idle timeout) fails its statement, is thrown away, and the read goes through on a new one."""
    if db.is_sqlite:
        pytest.skip("no server drops a SQLite connection; this is PostgreSQL's case")
    one = select(literal(1).label("one"))
    assert db.first_row(one) == (1,)
    pooled = db.reads.raw_connection()  # the connection first_row just gave back
    cursor = pooled.cursor()
    cursor.execute("SELECT pg_backend_pid()")
    pid = cursor.fetchone()[0]
    cursor.close()
    pooled.close()
    with db.engine.connect() as other:
        assert other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    assert db.first_row(one) == (1,)


def test_kept_answers_never_cross_workspaces(slack):
    """Same channel id and key in another workspace: its own project or none, never ours."""
    slack.project()
    slack.command("/task", 'add "Ours" due:2026-12-04')
    assert "Ours" in shown(slack.command("/task", "list"))
    theirs = slack.command("/task", "list", team_id="T0002")
    assert ":warning:" in theirs.text and "Ours" not in shown(theirs)
    by_key = slack.command("/project", "info in:mp", team_id="T0002")
    assert "no project with key `MP`" in by_key.text and "Portal" not in shown(by_key)
