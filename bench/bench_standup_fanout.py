"""Standup fan-out: 1,000 projects' prompts to the fake Slack, clean and with 10 % of calls answered 429.

Run: .venv/bin/python bench/bench_standup_fanout.py [--projects 1000] [--database-url URL]
Prints the seconds each run took and how many prompts each channel received.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, text

from bot.config import Settings
from bot.jobs import run_job
from bot.runtime import Runtime
from bot.slack_client import make_client
from bot.store.db import Database
from bot.store.models import Base, Member, Project, Task, Workspace
from bot.testing.fake_slack import FakeSlack

AT = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)  # Monday 09:30 in Shanghai
LIMIT_S = 30.0


def seed(db: Database, n: int) -> None:
    """n projects in their own channels, three members each, a task due tomorrow per member."""
    now = datetime(2026, 11, 20, tzinfo=UTC)
    with db.session() as s:
        s.execute(insert(Workspace), [{"team_id": "T0001", "created_at": now}])
        s.execute(
            insert(Project),
            [
                {
                    "id": i,
                    "team_id": "T0001",
                    "key": f"P{i}",
                    "name": f"Project {i}",
                    "channel_id": f"C{i:06d}",
                    "status": "active",
                    "timezone": "Asia/Shanghai",
                    "settings": {},
                    "currency": "CNY",
                    "created_by": "U0001",
                    "created_at": now,
                }
                for i in range(1, n + 1)
            ],
        )
        users = ("U0001", "U0002", "U0003")
        s.execute(
            insert(Member),
            [
                {
                    "team_id": "T0001",
                    "project_id": i,
                    "user_id": u,
                    "role": "owner" if u == "U0001" else "member",
                    "capacity_hours": 40.0,
                    "added_at": now,
                }
                for i in range(1, n + 1)
                for u in users
            ],
        )
        s.execute(
            insert(Task),
            [
                {
                    "team_id": "T0001",
                    "project_id": i,
                    "number": k,
                    "title": f"Task {k}",
                    "owner_id": u,
                    "status": "open",
                    "priority": "normal",
                    "due_date": date(2026, 11, 24),
                    "spent_hours": 0.0,
                    "progress": 0,
                    "reopened_count": 0,
                    "created_by": "U0001",
                    "created_at": now,
                }
                for i in range(1, n + 1)
                for k, u in enumerate(users, start=1)
            ],
        )


def fresh_db(url: str | None, folder: Path, name: str) -> Database:
    if url is None:
        db = Database(f"sqlite:///{folder / name}")
        db.upgrade()
        return db
    db = Database(url)
    db.upgrade()
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return db


def runtime(fake: FakeSlack, db: Database) -> Runtime:
    settings = Settings(
        _env_file=None,
        slack_bot_token="xoxb-bench",
        slack_signing_secret="bench",
        slack_api_url=fake.api_url,
        database_url=db.url,
    )
    return Runtime(settings=settings, db=db, client=make_client(settings))


def prompts_per_channel(fake: FakeSlack) -> Counter[str]:
    return Counter(c.args["channel"] for c in fake.calls_to("chat.postMessage") if c.ok)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument(
        "--database-url", help="PostgreSQL URL (its tables are emptied); default SQLite"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    n = args.projects
    with tempfile.TemporaryDirectory() as tmp:
        # 1. Clean: one tick posts every prompt.
        db = fresh_db(args.database_url, Path(tmp), "clean.db")
        seed(db, n)
        with FakeSlack() as fake:
            rt = runtime(fake, db)
            start = time.perf_counter()
            posted = run_job(rt, "standup", AT)
            clean_s = time.perf_counter() - start
            again = run_job(rt, "standup", AT)
            per_channel = prompts_per_channel(fake)
        db.dispose()
        ok = (
            posted == n
            and again == 0
            and len(per_channel) == n
            and set(per_channel.values()) == {1}
        )
        print(
            f"clean:  {posted} of {n} prompts in {clean_s:.2f} s "
            f"({n / clean_s:.0f}/s; limit {LIMIT_S:.0f} s); rerun posted {again}; "
            f"channels with exactly one prompt: {sum(1 for v in per_channel.values() if v == 1)}"
        )

        # 2. 10 % of calls answered 429 (Retry-After: 0): client retries, then the next ticks.
        db = fresh_db(args.database_url, Path(tmp), "faulty.db")
        seed(db, n)
        with FakeSlack() as fake:
            fake.fail_share(0.1, "429", retry_after=0)
            rt = runtime(fake, db)
            start = time.perf_counter()
            ticks, total = 0, 0
            while ticks < 10:
                total += run_job(rt, "standup", AT.replace(minute=30 + ticks))
                ticks += 1
                if total >= n:
                    break
            faulty_s = time.perf_counter() - start
            per_channel = prompts_per_channel(fake)
            rejected = sum(1 for c in fake.calls_to("chat.postMessage") if c.status == 429)
        db.dispose()
        once = sum(1 for v in per_channel.values() if v == 1)
        print(
            f"10% 429: {total} of {n} prompts in {faulty_s:.2f} s over {ticks} tick(s); "
            f"{rejected} calls answered 429; channels with exactly one prompt: {once}; "
            f"with more than one: {sum(1 for v in per_channel.values() if v > 1)}"
        )
        ok = ok and total == n and once == n and len(per_channel) == n and clean_s < LIMIT_S
        print("PASS" if ok else "FAIL")
        raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
