"""Seed a bench database: a project bound to a channel, its members, milestones, risks and N tasks.

Run: .venv/bin/python bench/seed.py sqlite:////tmp/bench.db --upgrade --tasks 10000 --channel C0002 --key BIG
The project goes through `project_changes.create` (the real path); the bulk rows are written
through the SQLAlchemy models in batches of 2,000, which is fine for a bench (10,000 tasks: ~3 s).
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, update  # noqa: E402

from bot.services import project_changes  # noqa: E402
from bot.store.db import Database  # noqa: E402
from bot.store.models import Member, Milestone, Project, Risk, Task  # noqa: E402

TEAM = "T0001"
BATCH = 2000
PEOPLE = ("U0001", "U0002", "U0003")
STATUSES = ("open", "open", "open", "in_progress", "in_progress", "blocked", "done", "done")
PRIORITIES = ("low", "normal", "normal", "normal", "high", "urgent")


def seed(
    db: Database,
    *,
    key: str,
    channel: str,
    owner: str = "U0001",
    tasks: int = 0,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> int:
    """Create project `key` in `channel` (owner `owner`, members U0002/U0003) with `tasks` tasks; its id."""
    now = now or datetime.now(UTC)
    rng = rng or random.Random(key)
    today = now.date()
    with db.session() as session:
        spec = project_changes.NewProject(
            name=f"Bench project {key}",
            key=key,
            goal="Measure how fast TeamTrack answers",
            start=today - timedelta(days=60),
            end=today + timedelta(days=120),
            budget=None,
            timezone="Asia/Shanghai",
        )
        project = project_changes.create(
            session, team_id=TEAM, channel_id=channel, user_id=owner, now=now, spec=spec
        )
        pid = project.id
        for user in PEOPLE:
            if user != owner:
                session.add(
                    Member(team_id=TEAM, project_id=pid, user_id=user, role="member", added_at=now)
                )
        milestones = []
        for n in range(1, 4):
            milestone = Milestone(
                team_id=TEAM,
                project_id=pid,
                number=n,
                name=f"Milestone {n}",
                due_date=today + timedelta(days=30 * n),
                created_at=now,
            )
            session.add(milestone)
            milestones.append(milestone)
        for n in range(1, 6):
            session.add(
                Risk(
                    team_id=TEAM,
                    project_id=pid,
                    number=n,
                    title=f"Risk {n}",
                    likelihood=rng.randint(1, 5),
                    impact=rng.randint(1, 4),
                    owner_id=rng.choice(PEOPLE),
                    created_by=owner,
                    created_at=now,
                )
            )
        session.flush()
        milestone_ids = [m.id for m in milestones]
        session.execute(
            update(Project)
            .where(Project.id == pid)
            .values(next_task=tasks + 1, next_risk=6, next_milestone=4)
        )
    for start in range(0, tasks, BATCH):
        rows = [
            _task(rng, pid, number, today, now, milestone_ids)
            for number in range(start + 1, min(start + BATCH, tasks) + 1)
        ]
        with db.session() as session:
            session.execute(insert(Task), rows)
    return pid


def _task(rng, pid, number, today, now, milestone_ids) -> dict:
    status = rng.choice(STATUSES)
    start = today + timedelta(days=rng.randint(-60, 60))
    due = start + timedelta(days=rng.randint(1, 30))
    return {
        "team_id": TEAM,
        "project_id": pid,
        "number": number,
        "title": f"Seeded task {number}: {rng.choice(['fix', 'build', 'review', 'ship'])} part {rng.randint(1, 999)}",
        "owner_id": rng.choice((*PEOPLE, None)),
        "status": status,
        "priority": rng.choice(PRIORITIES),
        "start_date": start,
        "due_date": due,
        "estimate_hours": float(rng.choice((2, 4, 8, 16))),
        "spent_hours": float(rng.randint(0, 8)),
        "progress": 100 if status == "done" else rng.choice((0, 0, 25, 50, 75)),
        "milestone_id": rng.choice((*milestone_ids, None)),
        "blocked_reason": "waiting on review" if status == "blocked" else None,
        "blocked_at": now if status == "blocked" else None,
        "created_by": "U0001",
        "created_at": now,
        "done_at": now if status == "done" else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="database URL, e.g. sqlite:////tmp/bench.db")
    parser.add_argument("--key", default="MP")
    parser.add_argument("--channel", default="C0001")
    parser.add_argument("--owner", default="U0001")
    parser.add_argument("--tasks", type=int, default=0)
    parser.add_argument("--upgrade", action="store_true", help="apply migrations first")
    args = parser.parse_args()
    db = Database(args.url)
    if args.upgrade:
        db.upgrade()
    pid = seed(db, key=args.key, channel=args.channel, owner=args.owner, tasks=args.tasks)
    db.dispose()
    print(f"project {args.key} (id {pid}) in {args.channel} with {args.tasks} tasks")


if __name__ == "__main__":
    main()
