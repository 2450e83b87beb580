"""A standup reminder DM answered late: whichever way the member answers (a thread reply,
`/standup <text>`, the modal), their reminder DM is updated in place to say they answered, with no
button left; a member who answered first is never reminded; the others' reminders stay as they were."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.jobs import run_job
from bot.store.models import StandupReminder, StandupReply
from bot.testing.signed import text_value
from tests.zh import texts, valid_blocks

ANSWERED = ":white_check_mark: You answered *MP*'s standup for {day}. Thanks!"


def at(day: int, hh: int, mm: int = 0) -> datetime:
    """Shanghai wall time on 2026-12-<day> as UTC (Mon 7 … Fri 11)."""
    return datetime(2026, 12, day, hh, mm, tzinfo=UTC) - timedelta(hours=8)


def run(slack, name: str, when: datetime) -> int:
    slack.clock.set(when)
    posted = run_job(slack.rt, name, when)
    slack.rt.drain()
    return posted


def dms(slack, user: str) -> list:
    return [m for m in slack.fake.channel_messages(user) if m.user == slack.fake.bot_user_id]


def buttons(message) -> list[str]:
    return [e["action_id"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]]


def updates(slack) -> list:
    return [c for c in slack.fake.calls_to("chat.update") if c.ok]


def answers(slack, user: str) -> int:
    with slack.rt.db.session() as s:
        return s.scalar(
            select(func.count()).select_from(StandupReply).where(StandupReply.user_id == user)
        )


def team(slack):
    """MP with the lead, alice, carol and dave, all in Shanghai; its prompt of Fri Dec 11 posted."""
    for uid, name in (("U0006", "carol"), ("U0007", "dave")):
        slack.fake.add_user(uid, name, tz="Asia/Shanghai")
    slack.clock.set(at(10, 9))
    slack.project()
    slack.command("/project", "members add <@U0002|alice> <@U0006|carol> <@U0007|dave>")
    assert run(slack, "standup", at(11, 9, 30)) == 1
    return [m for m in slack.fake.channel_messages("C0001") if m.text.startswith("Standup · MP")][
        -1
    ]


def test_each_way_of_answering_late_turns_the_reminder_into_answered(slack):
    prompt = team(slack)
    # alice answers before the reminder time: she is never reminded.
    slack.clock.set(at(11, 10, 30))
    slack.sender.message("C0001", "today: tests", user="U0002", thread_ts=prompt.ts)
    slack.rt.drain()
    assert run(slack, "standup-reminder", at(11, 10, 59)) == 0
    assert run(slack, "standup-reminder", at(11, 11, 0)) == 3
    assert not dms(slack, "U0002")
    reminders = {u: dms(slack, u) for u in ("U0001", "U0006", "U0007")}
    assert all(len(m) == 1 and buttons(m[0]) == ["standup_answer"] for m in reminders.values())

    # The lead answers in the thread: his DM says so, in place; nobody else's changes.
    slack.clock.set(at(11, 11, 30))
    slack.sender.message("C0001", "shipped it; today: reviews", user="U0001", thread_ts=prompt.ts)
    slack.rt.drain()
    [lead] = dms(slack, "U0001")
    assert lead.ts == reminders["U0001"][0].ts and lead.updated_count == 1
    assert lead.text == ANSWERED.format(day="Fri Dec 11")
    assert not buttons(lead) and lead.text in json.dumps(lead.blocks)
    valid_blocks(lead.blocks)
    for other in ("U0006", "U0007"):
        [dm] = dms(slack, other)
        assert dm.updated_count == 0 and buttons(dm) == ["standup_answer"]

    # carol with `/standup <text>`, dave with the modal: each their own DM, once.
    said = slack.command("/standup", "docs; blockers: none", user="U0006")
    assert "Your answer is in the *MP* standup" in said.text
    [carol] = dms(slack, "U0006")
    assert carol.text == ANSWERED.format(day="Fri Dec 11") and not buttons(carol)
    assert dms(slack, "U0007")[0].updated_count == 0
    slack.sender.block_action(
        "standup_answer",
        reminders["U0007"][0].blocks[-1]["elements"][0]["value"],
        user="U0007",
        channel=reminders["U0007"][0].channel,
        message_ts=reminders["U0007"][0].ts,
    )
    view = slack.fake.calls_to("views.open")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    done = slack.sender.view_submission(view, {"today": text_value("deploy")}, user="U0007")
    assert done.status == 200
    slack.rt.drain()
    [dave] = dms(slack, "U0007")
    assert dave.text == ANSWERED.format(day="Fri Dec 11") and not buttons(dave)
    # Updated, not posted again: one DM each, three updates in all.
    assert [len(dms(slack, u)) for u in ("U0001", "U0006", "U0007")] == [1, 1, 1]
    assert len(updates(slack)) == 3

    # Answering again changes nothing more: a reminder is marked answered once.
    slack.command("/standup", "docs and tests", user="U0006")
    slack.sender.message("C0001", "also: lunch", user="U0001", thread_ts=prompt.ts)
    slack.rt.drain()
    assert len(updates(slack)) == 3
    with slack.rt.db.session() as s:
        assert s.scalar(select(func.count()).select_from(StandupReminder)) == 0


def test_a_reminder_slack_will_not_update_leaves_the_answer_stored(slack, caplog):
    prompt = team(slack)
    assert run(slack, "standup-reminder", at(11, 11, 0)) == 4
    slack.fake.inject("chat.update", "not_ok", error="message_not_found")
    slack.clock.set(at(11, 12))
    with caplog.at_level(logging.WARNING):
        reply = slack.sender.message("C0001", "today: tests", user="U0002", thread_ts=prompt.ts)
        slack.rt.drain()
    assert reply[1].status == 200 and answers(slack, "U0002") == 1
    assert "not marked answered" in caplog.text
    [alice] = dms(slack, "U0002")
    assert alice.updated_count == 0 and buttons(alice) == ["standup_answer"]
    # The DM is still on record: her next answer marks it.
    said = slack.command("/standup", "today: tests and docs", user="U0002")
    assert said.status == 200 and answers(slack, "U0002") == 2
    [alice] = dms(slack, "U0002")
    assert alice.text == ANSWERED.format(day="Fri Dec 11") and not buttons(alice)
    assert all(dms(slack, u)[0].updated_count == 0 for u in ("U0001", "U0006", "U0007"))


def test_the_answered_reminder_is_in_the_readers_language(slack):
    slack.fake.users["U0002"].locale = "zh-CN"
    slack.clock.set(at(10, 9))
    slack.command("/project", "new 门户 key:MP start:2026-12-01 end:2027-03-31 lang:zh")
    slack.command("/project", "members add <@U0002|alice> <@U0004|s>")
    slack.command("/project", "settings summary:23:00")
    assert run(slack, "standup", at(11, 9, 30)) == 1
    assert run(slack, "standup-reminder", at(11, 11, 0)) == 2  # the lead and alice
    assert run(slack, "standup-reminder", at(11, 19, 0)) == 1  # 11:00 in London
    [alice] = dms(slack, "U0002")
    assert alice.text == "你还没有回答 *MP* 今天（12月11日 周五）的站会。"
    slack.clock.set(at(11, 20))
    for user, text in (("U0002", "修好了表单；今天：写测试"), ("U0004", "reviewed the plan")):
        assert slack.command("/standup", text, user=user).status == 200
    [alice] = dms(slack, "U0002")
    assert alice.text == ":white_check_mark: 你已回答 *MP* 12月11日 周五 的站会，谢谢！"
    assert texts(alice.blocks) == [alice.text] and not buttons(alice)
    # s reads English: her DM was in English, and says she answered in English.
    [s] = dms(slack, "U0004")
    assert s.text == ANSWERED.format(day="Fri Dec 11") and not buttons(s)
    # The lead (the project's Chinese, his Slack in English) has not answered: his stays.
    [lead] = dms(slack, "U0001")
    assert lead.updated_count == 0 and buttons(lead) == ["standup_answer"]
