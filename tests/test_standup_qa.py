"""Standup blockers redraw the cards of the tasks they block; a closed round's reminder DMs say it
closed and answer no more; the day's report lists blockers still open from earlier days."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.store.models import Change, StandupReply
from bot.testing.signed import text_value
from tests.test_standup_reminder_answered import at, run
from tests.test_task import task_row
from tests.test_task_changes import card_message


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
    assert "open" in shown(card_message(slack, 3)) and "Blocked" not in shown(
        card_message(slack, 3)
    )
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
    assert task_row(slack, 3).status == "open" and card_message(slack, 3).updated_count == 0
    updated = {n: card_message(slack, n).updated_count for n in (1, 2, 3, 4, 5)}

    assert run(slack, "standup-summary", at(9, 17)) == 1
    for number, reason in ((3, "T-3 needs DB access from IT"),
                           (5, "waiting on brand guidelines for T-5")):  # fmt: skip
        task = task_row(slack, number)
        assert task.status == "blocked"
        body = shown(card_message(slack, number))
        assert f":no_entry: Blocked: {reason}" in body, body
        assert card_message(slack, number).updated_count == updated[number] + 1
    # The others are left as they were.
    assert [card_message(slack, n).updated_count for n in (1, 2, 4)] == [
        updated[n] for n in (1, 2, 4)
    ]
    with slack.rt.db.session() as s:
        blocked = s.scalars(select(Change.old).where(Change.field == "status", Change.new == "blocked")).all()  # fmt: skip
        assert sorted(blocked) == ["in_progress", "open"]
    # A summary run again (the next minute) redraws nothing more.
    assert run(slack, "standup-summary", at(9, 17, 1)) == 0
    assert card_message(slack, 3).updated_count == updated[3] + 1


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
    body = shown(card_message(slack, 1))
    assert ":no_entry: 受阻：T-1 等品牌规范" in body and "Blocked" not in body


# -- a round closes with its summary ------------------------------------------------------


def dms(slack, user: str) -> list:
    return [m for m in slack.fake.channel_messages(user) if m.user == slack.fake.bot_user_id]


def buttons(message) -> list[str]:
    return [e["action_id"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]]


def answers(slack) -> int:
    with slack.rt.db.session() as s:
        return len(s.scalars(select(StandupReply)).all())


def wednesday(slack, *, zh: bool = False):
    """MP with the lead, alice and carol (all in Shanghai); Wed Dec 9's prompt posted, the lead
    and carol answered, alice reminded at 11:00 and opening the form at 16:00 without sending it.
    Returns her reminder DM and the form."""
    slack.fake.add_user("U0006", "carol", tz="Asia/Shanghai")
    slack.clock.set(at(8, 9))
    if zh:
        slack.fake.users["U0002"].locale = "zh-CN"
        slack.command("/project", "new 门户 key:MP start:2026-12-01 end:2027-03-31 lang:zh")
    else:
        slack.project()
    slack.command("/project", "members add <@U0002|alice> <@U0006|carol>")
    assert run(slack, "standup", at(9, 9, 30)) == 1
    slack.clock.set(at(9, 10))
    for user in ("U0001", "U0006"):
        assert slack.command("/standup", "today: reviews", user=user).status == 200
    assert run(slack, "standup-reminder", at(9, 11)) == 1
    [dm] = dms(slack, "U0002")
    assert buttons(dm) == ["standup_answer"]
    slack.clock.set(at(9, 16))
    value = dm.blocks[-1]["elements"][0]["value"]
    slack.sender.block_action("standup_answer", value, user="U0002", channel=dm.channel, message_ts=dm.ts)  # fmt: skip
    form = slack.fake.calls_to("views.open")[-1].args["view"]
    form = json.loads(form) if isinstance(form, str) else form
    return dm, value, form


def test_the_summary_closes_the_reminders_and_an_old_button_or_form_answers_nothing(slack):
    dm, value, form = wednesday(slack)
    # Before the summary the DM still asks.
    assert run(slack, "standup-summary", at(9, 16, 59)) == 0
    assert dms(slack, "U0002")[0].updated_count == 0
    assert run(slack, "standup-summary", at(9, 17)) == 1
    summary = [m for m in slack.fake.channel_messages("C0001") if m.text.startswith("Standup summary")]  # fmt: skip
    assert "2 of 3 answered" in summary[-1].text
    [closed] = dms(slack, "U0002")
    assert closed.ts == dm.ts and closed.updated_count == 1 and not buttons(closed)
    assert closed.text == (
        ":lock: *MP*'s standup for Wed Dec 9 has closed: its summary is in the channel. "
        "Answers now go to today's standup (`/standup`)."
    )
    # The others' DMs: the lead and carol answered first and were never reminded.
    assert not dms(slack, "U0001") and not dms(slack, "U0006")
    # Done once: the next run touches it no more.
    assert run(slack, "standup-summary", at(9, 17, 1)) == 0
    assert dms(slack, "U0002")[0].updated_count == 1

    # Thursday: the Wednesday button is refused, in her DM, and opens no form.
    opened = len(slack.fake.calls_to("views.open"))
    slack.clock.set(at(10, 9, 40))
    slack.sender.block_action("standup_answer", value, user="U0002", channel=dm.channel, message_ts=dm.ts)  # fmt: skip
    slack.rt.drain()
    assert len(slack.fake.calls_to("views.open")) == opened
    [note] = [c for c in slack.fake.calls_to("chat.postEphemeral") if c.args["user"] == "U0002"]
    assert note.args["channel"] == dm.channel
    assert "*MP*'s standup for Wed Dec 9 has closed" in note.args["text"]
    assert "Answer today's standup instead, with `/standup`" in note.args["text"]
    # The form left open since Wednesday is refused too: nothing stored, nothing in the thread.
    thread_before = len(slack.fake.channel_messages("C0001"))
    refused = slack.sender.view_submission(form, {"today": text_value("late")}, user="U0002")
    assert refused.json["response_action"] == "errors"
    assert "has closed" in refused.json["errors"]["today"]
    slack.rt.drain()
    assert answers(slack) == 2 and len(slack.fake.channel_messages("C0001")) == thread_before
    report = slack.command("/standup", "report 2026-12-09")
    assert "2 of 3 answered" in json.dumps(report.json["blocks"])
    # Thursday's own standup takes her answer as ever.
    assert run(slack, "standup", at(10, 9, 30)) == 1
    assert slack.command("/standup", "today: logo", user="U0002").status == 200
    assert answers(slack) == 3


def test_the_closed_reminder_and_the_refusal_are_in_the_readers_language(slack):
    dm, value, _ = wednesday(slack, zh=True)
    assert run(slack, "standup-summary", at(9, 17)) == 1
    [closed] = dms(slack, "U0002")
    assert closed.text == (
        ":lock: *MP* 12月9日 周三 的站会已结束，小结已发在频道里。现在请回答今天的站会（`/standup`）。"
    )
    assert not buttons(closed)
    slack.clock.set(at(10, 9, 40))
    slack.sender.block_action("standup_answer", value, user="U0002", channel=dm.channel, message_ts=dm.ts)  # fmt: skip
    slack.rt.drain()
    [note] = [c for c in slack.fake.calls_to("chat.postEphemeral") if c.args["user"] == "U0002"]
    assert "12月9日 周三 的站会已结束（小结已发出），你的回答没有保存" in note.args["text"]


# -- the day's report before its summary ----------------------------------------------------


def test_todays_report_lists_blockers_still_open_from_earlier_days(slack):
    slack.clock.set(at(8, 9))
    slack.project()
    slack.command("/project", "members add <@U0002|alice>")
    assert run(slack, "standup", at(8, 9, 30)) == 1
    slack.clock.set(at(8, 10))
    slack.command("/standup", "today: logo; blockers: waiting on <brand> guidelines", user="U0002")
    assert run(slack, "standup-summary", at(8, 17)) == 1
    # Wednesday: the prompt carries it; the report of the day, before its summary, too.
    assert run(slack, "standup", at(9, 9, 30)) == 1
    assert "waiting on &lt;brand&gt; guidelines" in shown(prompt_of(slack, "Standup · MP"))
    slack.clock.set(at(9, 10))
    body = json.dumps(slack.command("/standup", "report").json["blocks"], ensure_ascii=False)
    assert "*Still blocked from earlier days*" in body
    assert "<@U0002>: waiting on &lt;brand&gt; guidelines — open 1 day" in body
    assert "none reported" not in body
    # Named again today: listed as today's (her answer and the blockers), not twice over.
    slack.command("/standup", "today: logo; blockers: waiting on <brand> guidelines", user="U0002")
    body = json.dumps(slack.command("/standup", "report").json["blocks"], ensure_ascii=False)
    assert body.count("waiting on &lt;brand&gt; guidelines") == 2
    assert "Still blocked" not in body and "open 1 day" not in body
    # Cleared at Wednesday's summary (she answered with none): Thursday's report says none.
    slack.command("/standup", "today: logo; blockers: none", user="U0002")
    assert run(slack, "standup-summary", at(9, 17)) == 1
    assert run(slack, "standup", at(10, 9, 30)) == 1
    slack.clock.set(at(10, 10))
    body = json.dumps(slack.command("/standup", "report").json["blocks"], ensure_ascii=False)
    assert "*Blockers*: none reported." in body and "guidelines" not in body


def test_todays_report_lists_earlier_blockers_in_chinese(slack):
    slack.fake.users["U0002"].locale = "zh-CN"
    slack.clock.set(at(8, 9))
    slack.command("/project", "new 门户 key:MP start:2026-12-01 end:2027-03-31 lang:zh")
    slack.command("/project", "members add <@U0002|alice>")
    assert run(slack, "standup", at(8, 9, 30)) == 1
    slack.clock.set(at(8, 10))
    slack.command("/standup", "今天：画图；阻塞：等品牌规范", user="U0002")
    assert run(slack, "standup-summary", at(8, 17)) == 1
    assert run(slack, "standup", at(9, 9, 30)) == 1
    slack.clock.set(at(9, 10))
    said = slack.command("/standup", "report", user="U0002")
    body = json.dumps(said.json["blocks"], ensure_ascii=False)
    assert "*前几天遗留的阻塞*" in body and "<@U0002>：等品牌规范" in body
    assert "无人报告" not in body
