"""/task's database side at 10,000 tasks: statements and time per list page and per add.

Run: .venv/bin/python bench/bench_tasks_db.py [DATABASE_URL]   (default: a temporary SQLite file)
A PostgreSQL URL must name a scratch database: its public schema is dropped and rebuilt.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime

from sqlalchemy import event, text

from bot.services import task_list, tasks
from bot.store.db import Database
from bot.store.models import Member, Project, Task, Workspace

SIZE, ROUNDS = 10_000, 100
NOW = datetime(2026, 11, 23, 2, tzinfo=UTC)


def seed(db: Database) -> int:
    with db.session() as s:
        s.add(Workspace(team_id="T1", created_at=NOW))
        s.flush()
        p = Project(team_id="T1", key="MP", name="P", channel_id="C1", created_by="U1",
                    created_at=NOW, timezone="Asia/Shanghai", settings={})  # fmt: skip
        s.add(p)
        s.flush()
        s.add(Member(team_id="T1", project_id=p.id, user_id="U1", role="owner", added_at=NOW))
        s.add_all(
            Task(
                team_id="T1",
                project_id=p.id,
                number=i,
                title=f"t{i}",
                created_by="U1",
                created_at=NOW,
                status=("open", "in_progress", "blocked", "done")[i % 4],
                due_date=date(2026, 1 + i % 12, 1 + i % 28) if i % 9 else None,
            )  # fmt: skip
            for i in range(1, SIZE + 1)
        )
        p.next_task = SIZE + 1
        return p.id


def measure(db: Database, name: str, fn) -> None:
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    samples, counts = [], []
    for i in range(ROUNDS):
        statements.clear()
        start = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - start) * 1000)
        counts.append(len(statements))
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"{name:<28} statements {min(counts)}–{max(counts)}  "
          f"p50 {statistics.median(samples):6.2f} ms  p99 {p99:6.2f} ms")  # fmt: skip


def main(url: str) -> None:
    db = Database(url)
    if not db.is_sqlite:
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.upgrade()
    project_id = seed(db)
    if not db.is_sqlite:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE tasks"))
    today = date(2026, 11, 23)

    def page(cursor_pages: int):
        def run(_: int) -> None:
            with db.session() as s:
                project = s.get(Project, project_id)
                cursor = None
                for _ in range(cursor_pages):
                    cursor = task_list.list_page(s, project, task_list.ListFilter(), today, cursor=cursor).cursor  # fmt: skip

        return run

    def add(i: int) -> None:
        with db.session() as s:
            project = s.get(Project, project_id)
            spec = tasks.NewTask(title=f"bench {i}", due=date(2026, 12, 4), estimate=8)
            tasks.create(s, project, actor="U1", now=NOW, spec=spec)

    print(f"{db.engine.dialect.name}, {SIZE:,} tasks in one project, {ROUNDS} rounds")
    measure(db, "list: first page", page(1))
    measure(db, "list: first three pages", page(3))
    measure(db, "add (service, one transaction)", add)
    db.dispose()


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(sys.argv[1])
    else:
        with tempfile.TemporaryDirectory() as tmp:
            main(f"sqlite:///{tmp}/bench.db")
