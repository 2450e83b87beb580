"""Refs stay dense and unique when several people add tasks at the same instant."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import event, select

from bot.services import task_list
from bot.store.models import Change, Project, Task
from tests.test_task import team

THREADS, EACH = 8, 5


def test_parallel_adds_get_refs_without_gaps_or_repeats(slack):
    team(slack)
    users = ["U0001", "U0002", "U0003"]

    def add(i: int) -> list[str]:
        out = []
        for j in range(EACH):
            reply = slack.sender.command("/task", f"add Job-{i}-{j}", user=users[i % 3])
            assert reply.status == 200, reply.body
            out.append(reply.text)
        return out

    with ThreadPoolExecutor(THREADS) as pool:
        texts = [t for batch in pool.map(add, range(THREADS)) for t in batch]
    slack.rt.drain()
    refs = sorted(int(m[1]) for t in texts if (m := re.search(r"MP T-(\d+)", t)))
    total = THREADS * EACH
    assert refs == list(range(1, total + 1)), texts
    with slack.rt.db.session() as s:
        assert sorted(s.scalars(select(Task.number))) == list(range(1, total + 1))
        assert s.scalar(select(Project.next_task)) == total + 1
        titles = set(s.scalars(select(Task.title)))
        assert len(titles) == total
        created = s.scalars(select(Change).where(Change.field == "created")).all()
        assert len([c for c in created if c.entity == "task"]) == total


def test_list_reads_one_page_in_a_fixed_number_of_queries(slack):
    team(slack)
    now = slack.clock()
    with slack.rt.db.session() as s:
        project = s.scalar(select(Project))
        project_id = project.id

    def fill(n: int) -> None:
        with slack.rt.db.session() as s:
            project = s.get(Project, project_id)
            start = project.next_task
            s.add_all(
                Task(
                    team_id="T0001",
                    project_id=project_id,
                    number=start + k,
                    title=f"Bulk {start + k}",
                    created_by="U0001",
                    created_at=now,
                    due_date=None if k % 7 == 0 else now.date().replace(day=1 + k % 28),
                )  # fmt: skip
                for k in range(n)
            )
            project.next_task = start + n

    def queries_for_pages(pages: int) -> list[int]:
        counts: list[int] = []
        statements: list[str] = []

        def seen(conn, cursor, statement, params, context, executemany):
            statements.append(statement)

        event.listen(slack.rt.db.engine, "before_cursor_execute", seen)
        try:
            cursor = None
            with slack.rt.db.session() as s:
                project = s.get(Project, project_id)
                for _ in range(pages):
                    statements.clear()
                    page = task_list.list_page(s, project, task_list.ListFilter(), now.date(), cursor=cursor)  # fmt: skip
                    counts.append(len(statements))
                    assert len(page.tasks) == 15
                    cursor = page.cursor
        finally:
            event.remove(slack.rt.db.engine, "before_cursor_execute", seen)
        return counts

    fill(40)
    small = queries_for_pages(2)
    fill(3000)
    large = queries_for_pages(3)
    assert max(small + large) <= 3, (small, large)
    # The /task list command itself: the project, then the page, whatever the size.
    reply = slack.command("/task", "list")
    assert "1–15 of 1,000+" in reply.text


def test_keyset_pages_cover_every_task_once_in_order(slack):
    team(slack)
    for day in (5, 3, 3, 9):
        slack.command("/task", f"add D{day} due:2026-12-{day:02d}")
    slack.command("/task", "add Undated1")
    slack.command("/task", "add Undated2")
    with slack.rt.db.session() as s:
        project = s.scalar(select(Project))
        seen, cursor = [], None
        while True:
            page = task_list.list_page(s, project, task_list.ListFilter("all"), slack.clock().date(), cursor=cursor, limit=2)  # fmt: skip
            seen += [t.number for t in page.tasks]
            if not page.cursor:
                break
            cursor = page.cursor
    assert seen == [2, 3, 1, 4, 5, 6]


def test_simultaneous_progress_clicks_all_count(slack):
    """Row locks on PostgreSQL; on SQLite the database's write lock, taken before the read."""
    team(slack)
    slack.command("/task", "add Shared <@U0002|alice>")
    with slack.rt.db.session() as s:
        task = s.scalar(select(Task))
    msg = slack.fake.find_message(task.message_channel, task.message_ts)

    def click(user: str) -> int:
        return slack.sender.block_action("task_progress", str(task.id), user=user, message=msg).status  # fmt: skip

    with ThreadPoolExecutor(3) as pool:
        assert list(pool.map(click, ["U0001", "U0002", "U0003"])) == [200, 200, 200]
    slack.rt.drain()
    with slack.rt.db.session() as s:
        assert s.scalar(select(Task.progress)) == 75
