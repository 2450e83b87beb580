"""/standup through the signed endpoint: one-line answers, the modal, the button, away/back, report,
and thread replies that must not be stored."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.jobs import run_job
from bot.store.models import Absence, StandupReply, StandupRound
from bot.testing.signed import text_value


def at(day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 11, day, hh, mm, tzinfo=UTC) - timedelta(hours=8)


def posted_prompt(slack, when: datetime | None = None):
    when = when or at(23, 9, 30)
    slack.clock.set(when)
    assert run_job(slack.rt, "standup", when) == 1
    slack.rt.drain()
    return [m for m in slack.fake.channel_messages("C0001") if m.text.startswith("Standup")][-1]


def replies(slack) -> list[StandupReply]:
    with slack.rt.db.session() as s:
        return list(s.scalars(select(StandupReply).order_by(StandupReply.id)))


def opened_view(slack) -> dict:
    view = slack.fake.calls_to("views.open")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def team(slack):
    slack.project()
    slack.command("/project", "members add <@U0002|alice> <@U0004|s> role:member")
    slack.command("/project", "members add <@U0003|bob> role:stakeholder")


def test_one_line_answer_is_stored_and_shown_in_the_thread(slack):
    team(slack)
    prompt = posted_prompt(slack)
    reply = slack.command(
        "/standup",
        "shipped the <!channel> login; today: reviews; blockers: waiting on T-4",
        user="U0002",
    )
    assert reply.json["response_type"] == "ephemeral" and "MP" in reply.text
    [saved] = replies(slack)
    assert (saved.text, saved.today, saved.blockers) == (
        "shipped the <!channel> login",
        "reviews",
        "waiting on T-4",
    )
    note = [m for m in slack.fake.channel_messages("C0001") if m.thread_ts == prompt.ts][-1]
    assert "&lt;!channel&gt;" in note.text and "<!channel>" not in note.text
    # Answering again replaces the one-line answer.
    slack.command("/standup", "shipped it all", user="U0002")
    assert [r.text for r in replies(slack)] == ["shipped it all"]


def test_answer_before_the_prompt_is_kept_for_the_day(slack):
    team(slack)
    slack.clock.set(at(23, 8, 0))
    slack.command("/standup", "early bird", user="U0002")
    prompt = posted_prompt(slack)
    with slack.rt.db.session() as s:
        [round_] = s.scalars(select(StandupRound)).all()
        assert round_.message_ts == prompt.ts
    run_job(slack.rt, "standup-summary", at(23, 17, 0))
    slack.rt.drain()
    summary = [m for m in slack.fake.channel_messages("C0001") if m.thread_ts == prompt.ts][-1]
    assert "early bird" in json.dumps(summary.blocks)


def test_bare_command_and_the_button_open_the_modal_and_submissions_are_stored(slack):
    team(slack)
    prompt = posted_prompt(slack)
    slack.command("/standup", "", user="U0002")
    view = opened_view(slack)
    assert view["callback_id"] == "standup_answer"
    empty = slack.sender.view_submission(view, {"today": text_value(None)}, user="U0002")
    assert empty.json["response_action"] == "errors" and "today" in empty.json["errors"]
    done = slack.sender.view_submission(
        view,
        {
            "yesterday": text_value("wrote tests"),
            "today": text_value("more"),
            "blockers": text_value("none"),
        },
        user="U0002",
    )
    assert done.status == 200
    slack.rt.drain()
    [saved] = replies(slack)
    assert (saved.source_ts, saved.yesterday, saved.today, saved.blockers) == (
        "modal",
        "wrote tests",
        "more",
        None,
    )
    # The button in the prompt opens the modal again, prefilled; resubmitting replaces the answer.
    slack.sender.block_action(
        "standup_answer",
        prompt.blocks[-2]["elements"][0]["value"],
        user="U0002",
        message_ts=prompt.ts,
    )
    view = opened_view(slack)
    assert "wrote tests" in json.dumps(view)
    slack.sender.view_submission(
        view, {"yesterday": text_value("wrote tests"), "today": text_value("deploy")}, user="U0002"
    )
    assert [(r.yesterday, r.today) for r in replies(slack)] == [("wrote tests", "deploy")]
    # Outsiders and stakeholders are told they don't answer; nothing opens.
    before = len(slack.fake.calls_to("views.open"))
    slack.sender.block_action(
        "standup_answer",
        prompt.blocks[-2]["elements"][0]["value"],
        user="U0003",
        message_ts=prompt.ts,
    )
    assert len(slack.fake.calls_to("views.open")) == before
    assert "Only members" in slack.fake.calls_to("chat.postEphemeral")[-1].args["text"]


def test_thread_replies_that_are_not_answers_are_not_stored(slack, caplog):
    team(slack)
    prompt = posted_prompt(slack)
    other = slack.fake.post_user_message("C0001", "U0001", "lunch?")
    with caplog.at_level(logging.INFO):
        slack.sender.message("C0001", ":tada: :+1: 🎉", user="U0002", thread_ts=prompt.ts)
        slack.sender.message("C0001", "in another thread", user="U0002", thread_ts=other.ts)
        slack.sender.message("C0001", "not in a thread", user="U0002")
        slack.sender.message("C0001", "a stakeholder's note", user="U0003", thread_ts=prompt.ts)
        file_event = {
            "type": "message",
            "subtype": "file_share",
            "channel": "C0001",
            "user": "U0002",
            "text": "",
            "ts": slack.fake.new_ts(),
            "thread_ts": prompt.ts,
            "files": [{"id": "F1", "name": "shot.png"}],
        }
        assert slack.sender.event(file_event).status == 200
    assert replies(slack) == []
    assert "only emoji" in caplog.text and "a file" in caplog.text
    # A real answer, then deleted: gone.
    stored, _ = slack.sender.message("C0001", "did things", user="U0002", thread_ts=prompt.ts)
    assert len(replies(slack)) == 1
    slack.sender.event(
        {
            "type": "message",
            "subtype": "message_deleted",
            "channel": "C0001",
            "deleted_ts": stored.ts,
            "ts": slack.fake.new_ts(),
            "previous_message": {
                "type": "message",
                "user": "U0002",
                "ts": stored.ts,
                "thread_ts": prompt.ts,
                "text": "did things",
            },
        }
    )
    assert replies(slack) == []


def test_away_and_back_and_their_errors(slack):
    slack.project()
    past = slack.command("/standup", "away until:yesterday", user="U0002")
    assert past.json["response_type"] == "ephemeral" and "already passed" in past.text
    assert "Say until when" in slack.command("/standup", "away holiday", user="U0002").text
    assert "blorp" in slack.command("/standup", "away until:blorp", user="U0002").text
    backwards = slack.command("/standup", "away from:friday until:wednesday", user="U0002")
    assert "before" in backwards.text
    ok = slack.command("/standup", 'away from:2026-11-30 until:2026-12-04 "offsite"', user="U0002")
    assert "2026-11-30 → 2026-12-04" in ok.text and "offsite" in ok.text
    assert "weren't marked away" in slack.command("/standup", "back", user="U0002").text
    with slack.rt.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Absence)) == 1

    from bot.services.absences import absent_days

    with slack.rt.db.session() as s:
        days = absent_days(
            s,
            "T0001",
            ["U0002", "U0003"],
            datetime(2026, 12, 3).date(),
            datetime(2026, 12, 8).date(),
        )
    assert sorted(d.day for d in days["U0002"]) == [3, 4] and days["U0003"] == set()


def test_report_for_a_day_and_a_week_names_who_did_not_answer(slack):
    team(slack)
    for day in (23, 24):
        prompt = posted_prompt(slack, at(day, 9, 30))
        slack.sender.message("C0001", f"worked on day {day}", user="U0002", thread_ts=prompt.ts)
    slack.clock.set(at(24, 12, 0))
    today = slack.command("/standup", "report")
    body = today.text + json.dumps(today.json.get("blocks"))
    assert "worked on day 24" in body and "worked on day 23" not in body
    assert "No answer:* <@U0001>, <@U0004>" in body
    week = slack.command("/standup", "report week")
    body = json.dumps(week.json.get("blocks"))
    assert "worked on day 23" in body and "worked on day 24" in body
    monday = slack.command("/standup", "report 2026-11-23")
    assert "worked on day 24" not in json.dumps(monday.json.get("blocks"))
    elsewhere = slack.command("/standup", "report", channel="C0002")
    assert elsewhere.json["response_type"] == "ephemeral" and "in:KEY" in elsewhere.text
    assert "worked on day 24" in json.dumps(
        slack.command("/standup", "report in:MP", channel="C0002").json.get("blocks")
    )


def test_help_and_weekend_and_non_members(slack):
    slack.project()
    assert "/standup away" in json.dumps(slack.command("/standup", "help").json)
    slack.clock.set(at(28, 10, 0))  # Saturday
    assert "no standup on Saturdays" in slack.command("/standup", "did stuff").text
    slack.clock.set(at(23, 10, 0))
    assert "Only members" in slack.command("/standup", "did stuff", user="U0005").text
    assert "in words" in slack.command("/standup", ":tada:").text
