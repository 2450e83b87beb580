"""Health in SQL equals health in Python, in one statement at any size; App Home refresh debounce."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, insert, select

from bot.home_publisher import REFRESH_SECONDS, Debouncer, refresh_window
from bot.services.earned_value import totals_of
from bot.services.health import (
    earned_values,
    health_of,
    project_health,
    project_healths,
    task_totals,
    task_values,
)
from bot.store.db import Database
from bot.store.models import CostEntry, Project, Risk, Task, Workspace

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
DAY = date(2026, 11, 23)
TEAM = "T0001"


def new_project(s, key: str, **fields) -> Project:
    if s.get(Workspace, TEAM) is None:
        s.add(Workspace(team_id=TEAM, created_at=NOW))
        s.flush()
    project = Project(
        team_id=TEAM, key=key, name=key, channel_id=f"C{key}", created_by="U0001",
        created_at=NOW, **fields,
    )  # fmt: skip
    s.add(project)
    s.flush()
    return project


def task_rows(pid: int, count: int, seed: int, first: int = 1) -> list[dict]:
    """Tasks of every shape: with and without baselines, done, canceled, undated, unstarted, overdue, slipped."""
    rng = random.Random(seed)
    rows = []
    for n in range(first, first + count):
        start = DAY + timedelta(days=rng.randint(-30, 20)) if rng.random() < 0.7 else None
        due = DAY + timedelta(days=rng.randint(-20, 40)) if rng.random() < 0.85 else None
        b_due = b_start = None
        if due and rng.random() < 0.4:
            b_due = due - timedelta(days=rng.randint(-3, 10))  # mostly slipped, some early
            b_start = b_due - timedelta(days=rng.randint(0, 15)) if rng.random() < 0.8 else None
        rows.append(
            dict(
                team_id=TEAM,
                project_id=pid,
                number=n,
                title=f"T{n}",
                created_by="U0001",
                created_at=NOW,
                status=rng.choice(["open", "open", "in_progress", "blocked", "done", "canceled"]),
                start_date=start,
                due_date=due,
                baseline_start=b_start,
                baseline_due=b_due,
                estimate_hours=rng.choice([None, 0.0, 1.5, 4.0, 8.0, 16.0]),
                spent_hours=rng.choice([0.0, 0.0, 2.0, 6.5, 12.0]),
                progress=rng.choice([0, 10, 50, 90, 100]),
            )  # fmt: skip
        )
    # The edges spelled out: start after due, start without due, the window ending today.
    rows += [
        dict(rows[0], number=first + count, start_date=DAY + timedelta(days=5), due_date=DAY,
             baseline_start=None, baseline_due=None, status="open", estimate_hours=3.0),
        dict(rows[0], number=first + count + 1, start_date=DAY, due_date=None,
             baseline_start=None, baseline_due=None, status="open", estimate_hours=5.0),
        dict(rows[0], number=first + count + 2, start_date=DAY - timedelta(days=3), due_date=DAY,
             baseline_start=None, baseline_due=DAY - timedelta(days=2), status="blocked"),
    ]  # fmt: skip
    return rows


def seed(db: Database) -> list[int]:
    """Three projects: varied tasks with risks, costs and a budget; few tasks; none at all."""
    with db.session() as s:
        big = new_project(s, "BIG", start_date=DAY - timedelta(days=30),
                          end_date=DAY + timedelta(days=60), budget=Decimal("1000.00"))  # fmt: skip
        small = new_project(s, "SML", settings={"spi_green": 0.99, "red_below": 0.7})
        empty = new_project(s, "NIL")
        s.execute(insert(Task), task_rows(big.id, 300, seed=1) + task_rows(small.id, 6, seed=2))
        for n, (likelihood, impact, status) in enumerate(
            [(5, 4, "open"), (5, 5, "closed"), (2, 2, "open"), (4, 5, "open")], start=1
        ):
            s.add(Risk(team_id=TEAM, project_id=big.id, number=n, title="r", likelihood=likelihood,
                       impact=impact, status=status, created_by="U0001", created_at=NOW))  # fmt: skip
        for amount in ("120.50", "300.25", "99.99"):
            s.add(CostEntry(team_id=TEAM, project_id=big.id, amount=Decimal(amount), note="x",
                            created_by="U0001", at=NOW))  # fmt: skip
        return [big.id, small.id, empty.id]


def python_health(s, project: Project, today: date):
    """The reference: every row loaded, the pure-Python rules."""
    risks = s.scalars(select(Risk).where(Risk.project_id == project.id)).all()
    critical = sum(1 for r in risks if r.status == "open" and r.likelihood * r.impact >= 20)
    costs = s.scalars(select(CostEntry.amount).where(CostEntry.project_id == project.id)).all()
    values = task_values(s, [project.id])[project.id]
    return health_of(project, values, today, critical_risks=critical, spent=sum(costs, Decimal(0)))


TODAYS = [DAY - timedelta(days=40), DAY, DAY + timedelta(days=9), DAY + timedelta(days=90)]


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_sql_totals_equal_the_python_rules(db, today):
    ids = seed(db)
    with db.session() as s:
        in_sql = task_totals(s, ids, today)
        rows = task_values(s, ids)
        shared = earned_values(s, ids, today)
    assert set(in_sql) == set(ids[:2])  # a project without tasks has no row
    for pid in ids[:2]:
        expected = totals_of(rows[pid], today)
        got = in_sql[pid]
        assert (got.overdue, got.days_behind) == (expected.overdue, expected.days_behind)
        for name in ("bac", "pv", "ev", "ac"):
            assert getattr(got.ev, name) == pytest.approx(getattr(expected.ev, name)), name
        # deviations sums earned value with the same statement
        assert dataclasses.astuple(shared[pid]) == pytest.approx(dataclasses.astuple(got.ev))
    assert in_sql[ids[0]].days_behind > 0  # the data set exercises every branch
    assert in_sql[ids[0]].overdue > 0 if today >= DAY else in_sql[ids[0]].ev.pv == 0


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_project_health_in_sql_equals_health_of_loaded_rows(db, today):
    ids = seed(db)
    with db.session() as s:
        for project in s.scalars(select(Project).where(Project.id.in_(ids))):
            got, expected = project_health(s, project, today), python_health(s, project, today)
            assert (got.status, got.reasons) == (expected.status, expected.reasons), project.key
            assert (got.overdue, got.critical_risks, got.days_behind) == (
                expected.overdue, expected.critical_risks, expected.days_behind,
            )  # fmt: skip
            assert got.spent == expected.spent
            assert got.ev.pv == pytest.approx(expected.ev.pv)
            assert got.ev.ev == pytest.approx(expected.ev.ev)
    with db.session() as s:
        big = s.get(Project, ids[0])
        health = project_health(s, big, today)
    assert health.spent == Decimal("520.74") and health.ev.bac > 0


def test_many_projects_on_their_own_days_in_one_statement_per_day(db):
    ids = seed(db)
    later = DAY + timedelta(days=1)
    with db.session() as s:
        projects = list(s.scalars(select(Project).where(Project.id.in_(ids))))
        day_of = {ids[0]: DAY, ids[1]: later, ids[2]: DAY}
        statements = count_statements(
            db, lambda: project_healths(s, projects, lambda p: day_of[p.id])
        )
        many = project_healths(s, projects, lambda p: day_of[p.id])
        for project in projects:
            one = project_health(s, project, day_of[project.id])
            assert (many[project.id].status, many[project.id].reasons) == (one.status, one.reasons)
            # Float sums may add in another order (PostgreSQL): equal up to rounding.
            assert dataclasses.astuple(many[project.id].ev) == pytest.approx(
                dataclasses.astuple(one.ev)
            )
            assert many[project.id].spent == one.spent
    assert statements == 2  # two distinct local days
    assert many[ids[2]].ev.bac == 0 and many[ids[2]].status == "green"


def count_statements(db: Database, fn) -> int:
    seen: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_project_health_costs_the_same_statements_at_10_and_2000_tasks(db):
    pid = seed(db)[2]
    counts = {}
    for size in (10, 2000):
        with db.session() as s:
            have = s.scalar(select(Task.number).where(Task.project_id == pid).order_by(Task.number.desc()).limit(1)) or 0  # fmt: skip
            s.execute(insert(Task), task_rows(pid, size - have - 3, seed=size, first=have + 1))
        with db.session() as s:
            project = s.get(Project, pid)
            assert s.scalar(select(Task.id).where(Task.project_id == pid).limit(1))  # connected
            counts[size] = count_statements(db, lambda p=project: project_health(s, p, DAY))
            assert project_health(s, project, DAY).ev.bac > 0
        with db.session() as s:
            assert len(task_values(s, [pid])[pid]) == size
    assert counts == {10: 1, 2000: 1}


# App Home refresh: at most one publish per person per window, the last change always shown.


class Timeline:
    """A monotonic clock moved by hand and the trailing runs scheduled on it."""

    def __init__(self) -> None:
        self.now = 100.0
        self.scheduled: list[tuple[float, object]] = []

    def later(self, delay: float, fn) -> None:
        self.scheduled.append((self.now + delay, fn))

    def advance_to(self, when: float) -> None:
        self.now = when
        due = [f for at, f in self.scheduled if at <= when]
        self.scheduled = [(at, f) for at, f in self.scheduled if at > when]
        for fn in due:
            fn()


KEY = (1, TEAM, "U0002")


def test_window_zero_publishes_every_change_at_once():
    time, published = Timeline(), []
    debounce = Debouncer(monotonic=lambda: time.now, later=time.later)
    for _ in range(3):
        debounce.run(KEY, lambda: published.append(time.now), 0)
    assert published == [100.0] * 3 and time.scheduled == []


def test_changes_within_the_window_fold_into_one_trailing_publish():
    time, published = Timeline(), []
    debounce = Debouncer(monotonic=lambda: time.now, later=time.later)

    def change() -> None:
        debounce.run(KEY, lambda: published.append(time.now), REFRESH_SECONDS)

    change()  # the first change is shown at once
    assert published == [100.0]
    for t in (101.0, 102.0, 104.9):
        time.now = t
        change()
    assert published == [100.0] and [at for at, _ in time.scheduled] == [105.0]
    time.advance_to(105.0)  # one trailing publish shows the last change
    assert published == [100.0, 105.0]
    time.now = 106.0
    change()
    assert [at for at, _ in time.scheduled] == [110.0]
    time.advance_to(130.0)
    assert published == [100.0, 105.0, 130.0]
    time.now = 140.0  # quiet for longer than the window: at once again
    change()
    assert published == [100.0, 105.0, 130.0, 140.0] and time.scheduled == []


def test_a_change_during_a_publish_gets_a_trailing_run_and_people_are_independent():
    time, published = Timeline(), []
    debounce = Debouncer(monotonic=lambda: time.now, later=time.later)
    other = (1, TEAM, "U0003")

    def publish(key) -> None:
        published.append((key[2], time.now))
        if len(published) == 1:
            debounce.run(KEY, lambda: publish(KEY), REFRESH_SECONDS)  # arrives mid-publish
            debounce.run(other, lambda: publish(other), REFRESH_SECONDS)

    debounce.run(KEY, lambda: publish(KEY), REFRESH_SECONDS)
    assert published == [("U0002", 100.0), ("U0003", 100.0)]
    time.advance_to(105.0)
    assert published[-1] == ("U0002", 105.0) and len(published) == 3


def test_a_failed_publish_does_not_stop_the_next_one():
    time, published = Timeline(), []
    debounce = Debouncer(monotonic=lambda: time.now, later=time.later)

    def fail() -> None:
        raise RuntimeError("slack down")

    with pytest.raises(RuntimeError):
        debounce.run(KEY, fail, REFRESH_SECONDS)
    time.now = 101.0
    debounce.run(KEY, lambda: published.append(time.now), REFRESH_SECONDS)
    time.advance_to(105.0)
    assert published == [105.0]
    time.now = 106.0
    debounce.run(KEY, fail, REFRESH_SECONDS)  # scheduled: the trailing run logs its failure
    time.advance_to(110.0)
    time.now = 120.0
    debounce.run(KEY, lambda: published.append(time.now), REFRESH_SECONDS)
    assert published == [105.0, 120.0]


def test_the_window_is_the_runtimes_setting(slack):
    assert refresh_window(slack.rt) == 0  # the tests' app shows every change at once
    live = dataclasses.replace(slack.rt, home_refresh_seconds=REFRESH_SECONDS)
    assert refresh_window(live) == REFRESH_SECONDS == 5
