"""Standup blockers redraw the cards of the tasks they block; a closed round's reminder DMs say it
closed and answer no more; the day's report lists blockers still open from earlier days."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.jobs import run_job
from bot.store.models import Change, Task


def at(day: int, hh: int, mm: int = 0) -> datetime:
    """Shanghai wall time on 2026-12-<day> as UTC (Mon 7 … Fri 11)."""
    return datetime(2026, 12, day, hh, mm, tzinfo=UTC) - timedelta(hours=8)


def run(slack, name: str, when: datetime) -> int:
    slack.clock.set(when)
    posted = run_job(slack.rt, name, when)
    slack.rt.drain()
    return posted


def task_row(slack, number: int) -> Task:
    with slack.rt.db.session() as s:
        return s.scalar(select(Task).where(Task.number == number))


def card(slack, number: int):
    task = task_row(slack, number)
    return slack.fake.find_message(task.message_channel, task.message_ts)


def shown(message) -> str:
    return message.text + json.dumps(message.blocks, ensure_ascii=False)


def prompt_of(slack, title: str):
    return [m for m in slack.fake.channel_messages("C0001") if m.text.startswith(title)][-1]


def five_tasks(slack) -> None:
    for title in ("Logo", "Login", "Schema", "Docs", "Landing page"):
        assert slack.command("/task", f"add {title}").status == 200
    slack.command("/task", "start T-5")
    slack.rt.drain()


def test_blockers_from_the_standup_redraw_the_cards_they_block(slack):
    slack.clock.set(at(8, 9))
    slack.project()
    slack.command("/project", "members add <@U0002|alice> <@U0003|bob>")
    five_tasks(slack)
    assert "open" in shown(card(slack, 3)) and "Blocked" not in shown(card(slack, 3))
    assert run(slack, "standup", at(9, 9, 30)) == 1
    prompt = prompt_of(slack, "Standup · MP")
    slack.clock.set(at(9, 10))
    said = slack.command(
        "/standup",
        "yesterday: x; today: y; blockers: waiting on brand guidelines for T-5",
        user="U0002",
    )
    assert said.status == 200
    slack.sender.message(
        "C0001", "blocked by: T-3 needs DB access from IT", user="U0003", thread_ts=prompt.ts
    )
    slack.rt.drain()
    # Nothing is blocked before the summary: no card is redrawn early.
    assert task_row(slack, 3).status == "open" and card(slack, 3).updated_count == 0
    updated = {n: card(slack, n).updated_count for n in (1, 2, 3, 4, 5)}

    assert run(slack, "standup-summary", at(9, 17)) == 1
    for number, reason in ((3, "T-3 needs DB access from IT"),
                           (5, "waiting on brand guidelines for T-5")):  # fmt: skip
        task = task_row(slack, number)
        assert task.status == "blocked"
        body = shown(card(slack, number))
        assert f":no_entry: Blocked: {reason}" in body, body
        assert card(slack, number).updated_count == updated[number] + 1
    # The others are left as they were.
    assert [card(slack, n).updated_count for n in (1, 2, 4)] == [updated[n] for n in (1, 2, 4)]
    with slack.rt.db.session() as s:
        blocked = s.scalars(select(Change.old).where(Change.field == "status", Change.new == "blocked")).all()  # fmt: skip
        assert sorted(blocked) == ["in_progress", "open"]
    # A summary run again (the next minute) redraws nothing more.
    assert run(slack, "standup-summary", at(9, 17, 1)) == 0
    assert card(slack, 3).updated_count == updated[3] + 1


def test_a_chinese_projects_card_is_redrawn_in_chinese(slack):
    slack.clock.set(at(8, 9))
    slack.command("/project", "new 门户 key:MP start:2026-12-01 end:2027-03-31 lang:zh")
    slack.command("/project", "members add <@U0002|alice>")
    slack.command("/task", "add 设计稿")
    slack.rt.drain()
    assert run(slack, "standup", at(9, 9, 30)) == 1
    slack.clock.set(at(9, 10))
    assert slack.command("/standup", "今天：画图；阻塞：T-1 等品牌规范", user="U0002").status == 200
    assert run(slack, "standup-summary", at(9, 17)) == 1
    assert task_row(slack, 1).status == "blocked"
    body = shown(card(slack, 1))
    assert ":no_entry: 受阻：T-1 等品牌规范" in body and "Blocked" not in body
