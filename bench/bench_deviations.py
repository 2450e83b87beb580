"""Deviations over 1,000 projects × 100 tasks: time and number of queries (which must not grow with tasks).

Run: .venv/bin/python bench/bench_deviations.py [--projects 1000] [--tasks 100] [--post]
PostgreSQL too: TEAMTRACK_BENCH_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/scratch
(a scratch database: its TeamTrack tables are emptied first).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event, insert, text

from bot.clock import ManualClock
from bot.config import Settings
from bot.jobs.deviations import deviations
from bot.runtime import Runtime
from bot.services import deviations as devs
from bot.services.deviation_alerts import posted_levels, record, worse
from bot.services.projects import active_projects
from bot.slack_client import make_client
from bot.store.db import Database
from bot.store.models import Base, Member, Milestone, Project, Task, Workspace
from bot.testing.fake_slack import FakeSlack

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
TODAY = date(2026, 11, 23)


@contextmanager
def counted(db: Database):
    """Count the SQL statements sent while the block runs."""
    box = [0]

    def count(*_args) -> None:
        box[0] += 1

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield box
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def seed(db: Database, projects: int, tasks: int) -> None:
    """`projects` projects, each with `tasks` tasks: a tenth overdue, a tenth behind, some blocked."""
    tables = [t.name for t in Base.metadata.sorted_tables]
    with db.engine.begin() as conn:
        if db.is_sqlite:
            for name in reversed(tables):
                conn.execute(text(f"DELETE FROM {name}"))
        else:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        conn.execute(insert(Workspace), [{"team_id": "T0001", "created_at": NOW}])
        conn.execute(
            insert(Project),
            [
                dict(id=p + 1, team_id="T0001", key=f"P{p}", name=f"Project {p}",
                     channel_id=f"C{p:06d}", status="active", timezone=("Asia/Shanghai", "Europe/London", "America/New_York")[p % 3],
                     settings={}, created_by="U0001", created_at=NOW, currency="CNY")
                for p in range(projects)
            ],
        )  # fmt: skip
        conn.execute(
            insert(Member),
            [dict(team_id="T0001", project_id=p + 1, user_id="U0001", role="owner",
                  capacity_hours=40.0, added_at=NOW) for p in range(projects)],
        )  # fmt: skip
        conn.execute(
            insert(Milestone),
            [dict(id=p + 1, team_id="T0001", project_id=p + 1, number=1, name="Beta",
                  due_date=TODAY + timedelta(days=5), created_at=NOW) for p in range(projects)],
        )  # fmt: skip
        rows = []
        for p in range(projects):
            for n in range(tasks):
                kind = n % 20
                start = TODAY - timedelta(days=10)
                due = TODAY + timedelta(days=10 + n % 7)
                status, progress, blocked_at = "in_progress", 60, None
                if kind in (0, 1):  # overdue
                    due = TODAY - timedelta(days=1 + n % 9)
                elif kind in (2, 3):  # behind
                    progress = 5
                elif kind == 4:  # blocked a week
                    status, blocked_at = "blocked", NOW - timedelta(days=7)
                elif kind == 5:  # done
                    status, progress = "done", 100
                rows.append(
                    dict(team_id="T0001", project_id=p + 1, number=n + 1, title=f"Task {n}",
                         owner_id=f"U{n % 7:04d}", status=status, priority="normal",
                         start_date=start, due_date=due, estimate_hours=8.0, spent_hours=0.0,
                         progress=progress, blocked_at=blocked_at, reopened_count=0,
                         milestone_id=p + 1 if n % 10 == 0 else None, created_by="U0001",
                         created_at=NOW - timedelta(days=20))
                )  # fmt: skip
        for i in range(0, len(rows), 10_000):
            conn.execute(insert(Task), rows[i : i + 10_000])


def compute(db: Database) -> tuple[float, int, int]:
    """Seconds, queries and deviations for one full computation (what the hourly sweep does)."""
    with counted(db) as queries, db.session() as session:
        start = time.perf_counter()
        projects = active_projects(session)
        found = devs.find(session, projects, NOW)
        todo = worse(found, posted_levels(session, [p.id for p in projects]))
        seconds = time.perf_counter() - start
    return seconds, queries[0], len(todo)


def job_runs(db: Database, post: bool) -> None:
    """The whole job against the fake Slack: the first sweep posts (with --post), the next hour's posts nothing."""
    fake = FakeSlack().start()
    try:
        settings = Settings(_env_file=None, slack_bot_token="xoxb-bench", slack_signing_secret="s",
                            slack_api_url=fake.api_url, database_url=db.url)  # fmt: skip
        rt = Runtime(settings=settings, db=db, client=make_client(settings), clock=ManualClock(NOW))
        if post:
            start = time.perf_counter()
            posts = deviations(rt, NOW)
            print(f"   job, first sweep to the fake Slack: {time.perf_counter() - start:6.2f} s,"
                  f" {posts:,} messages")  # fmt: skip
        else:
            # As if the first sweep had posted everything: the alerts are on record.
            with db.session() as session:
                projects = active_projects(session)
                record(session, devs.find(session, projects, NOW), now=NOW, ts="1.0")
        with counted(db) as queries:
            start = time.perf_counter()
            again = deviations(rt, NOW + timedelta(hours=1))
            steady = time.perf_counter() - start
        assert again == 0, again
        print(f"   job, next hour (nothing new to post): {steady:6.2f} s, {queries[0]} queries")
    finally:
        fake.stop()


def bench(label: str, db: Database, projects: int, tasks: int, post: bool) -> None:
    print(f"\n== {label}: {projects} projects × {tasks} tasks")
    for n in sorted({max(tasks // 10, 1), tasks}):
        seed(db, projects, n)
        compute(db)  # warm-up: caches, statistics
        runs = [compute(db) for _ in range(3)]
        seconds, queries, found = min(runs)
        print(f"   compute, {projects * n:>7,} tasks: {seconds:6.2f} s (best of 3), {queries} queries,"
              f" {found:,} deviations")  # fmt: skip
    job_runs(db, post)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--post", action="store_true", help="also time the first sweep's posts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/bench.db")
        db.upgrade()
        bench("SQLite", db, args.projects, args.tasks, args.post)
        db.dispose()
    if url := os.environ.get("TEAMTRACK_BENCH_PG_URL"):
        db = Database(url)
        db.upgrade()
        bench("PostgreSQL", db, args.projects, args.tasks, args.post)
        db.dispose()


if __name__ == "__main__":
    main()
