"""The survey's answers: lessons grouped and attributed (or anonymous), and a thank-you that lets you change them."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, select

from bot.jobs import run_job
from bot.store.models import SurveyMessage, SurveyResponse
from bot.testing.signed import option_value, text_value
from tests.test_evaluation import answer, team

RATINGS = ("schedule", "cost", "quality", "collaboration")


def _blocks(call) -> list:
    blocks = call.args.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def _lessons(slack) -> str:
    post = next(
        c
        for c in slack.fake.calls_to("chat.postMessage")
        if "Final report" in c.args.get("text", "")
    )
    body = json.dumps(_blocks(post), ensure_ascii=False)
    return body[body.index("*Lessons*") :]


def _view(call) -> dict:
    view = call.args["view"]
    return json.loads(view) if isinstance(view, str) else view


def _dm(slack, user: str):
    return slack.fake.channel_messages(slack.fake.dm_channel(user))[-1]


def _answer_all(slack) -> None:
    answer(slack, "U0001", went="Ship smaller releases", improve="Estimate <!channel> & <@U0002>")
    answer(slack, "U0002", went="  ship SMALLER releases \n", improve="Estimate better")
    answer(slack, "U0003", went="Ship smaller releases", improve="estimate better")


def test_lessons_are_grouped_once_and_attributed_with_mentions(slack):
    team(slack)
    slack.close()
    now = slack.clock()
    run_job(slack.rt, "survey", now)
    assert "report quotes your written answers with your name" in json.dumps(
        _blocks(slack.fake.calls_to("chat.postMessage")[-1])
    )
    _answer_all(slack)
    assert run_job(slack.rt, "survey", now + timedelta(hours=1)) == 1
    lessons = _lessons(slack)
    assert "• Ship smaller releases (×3) — <@U0001>, <@U0002>, <@U0003>" in lessons
    assert "• Estimate better (×2) — <@U0002>, <@U0003>" in lessons
    assert "• Estimate &lt;!channel&gt; &amp; &lt;@U0002&gt; — <@U0001>" in lessons
    assert "(U000" not in lessons and "<!channel>" not in lessons
    assert lessons.count("Ship smaller") == 1


def test_an_anonymous_survey_says_so_and_its_lessons_name_nobody(slack):
    team(slack)
    bad = slack.command("/project", "settings survey:secret")
    assert "`named`, `anonymous`" in bad.text and "survey:named" in bad.text
    changed = slack.command("/project", "settings survey:anonymous")
    assert changed.json["response_type"] == "in_channel"
    assert "*Survey:* anonymous answers" in changed.text
    assert "*Survey:* anonymous answers" in slack.command("/project", "settings").text
    assert "survey:anonymous" in json.dumps(slack.command("/project", "help").json)

    slack.close()
    now = slack.clock()
    run_job(slack.rt, "survey", now)
    invite = json.dumps(_blocks(slack.fake.calls_to("chat.postMessage")[-1]))
    assert "answers are anonymous" in invite
    slack.sender.block_action("survey_open", "1", message=_dm(slack, "U0002"), user="U0002")
    assert "answers are anonymous" in json.dumps(_view(slack.fake.calls_to("views.open")[-1]))

    _answer_all(slack)
    assert run_job(slack.rt, "survey", now + timedelta(hours=1)) == 1
    lessons = _lessons(slack)
    assert "• Ship smaller releases (×3)" in lessons and "• Estimate better (×2)" in lessons
    assert "<@U000" not in lessons and "— " not in lessons
    assert "anonymous" in lessons


def _values(ratings, went: str | None, improve: str | None) -> dict:
    values = {name: option_value(str(r)) for name, r in zip(RATINGS, ratings, strict=True)}
    return values | {"went_well": text_value(went), "to_improve": text_value(improve)}


def test_send_replaces_the_dm_with_a_thank_you_that_lets_you_change_your_answers(slack):
    team(slack)
    slack.close()
    now = slack.clock()
    run_job(slack.rt, "survey", now)
    dm = _dm(slack, "U0002")
    assert "Answer the survey" in json.dumps(dm.blocks)
    with slack.rt.db.session() as s:
        kept = s.execute(
            select(SurveyMessage.channel_id, SurveyMessage.message_ts).where(
                SurveyMessage.user_id == "U0002"
            )
        ).all()
    assert kept == [(dm.channel, dm.ts)]

    slack.sender.block_action("survey_open", "1", message=dm, user="U0002")
    opened = slack.fake.calls_to("views.open")[-1]
    sent = slack.sender.view_submission(
        _view(opened), _values((4, 3, 5, 2), "Clear <b>ownership</b>", None), user="U0002"
    )
    assert sent.status == 200 and not sent.body.strip(b"{}")
    slack.rt.drain()
    updates = [c for c in slack.fake.calls_to("chat.update") if c.args.get("ts") == dm.ts]
    assert len(updates) == 1 and updates[0].args["channel"] == dm.channel
    thanks = json.dumps(_blocks(updates[0]), ensure_ascii=False)
    assert "Thank you" in thanks and "Schedule 4 — good" in thanks and "Collaboration 2" in thanks
    assert "Clear &lt;b&gt;ownership&lt;/b&gt;" in thanks
    assert "survey_change" in thanks and "Answer the survey" not in thanks
    dm = _dm(slack, "U0002")
    assert "Answer the survey" not in json.dumps(dm.blocks)  # the DM itself now reads thank-you

    slack.sender.block_action("survey_change", "1", message=dm, user="U0002")
    view = _view(slack.fake.calls_to("views.open")[-1])
    blocks = {b.get("block_id"): b.get("element", {}) for b in view["blocks"]}
    assert blocks["schedule"]["initial_option"]["value"] == "4"
    assert blocks["collaboration"]["initial_option"]["value"] == "2"
    assert blocks["went_well"]["initial_value"] == "Clear <b>ownership</b>"
    assert "initial_value" not in blocks["to_improve"]

    slack.clock.advance(timedelta(hours=1))
    again = slack.sender.view_submission(
        view, _values((4, 3, 5, 5), "Clear ownership", "Smaller PRs"), user="U0002"
    )
    assert again.status == 200
    slack.rt.drain()
    with slack.rt.db.session() as s:
        rows = s.scalars(select(SurveyResponse).where(SurveyResponse.user_id == "U0002")).all()
        assert len(rows) == 1
        assert (rows[0].collaboration, rows[0].to_improve) == (5, "Smaller PRs")
    assert "Smaller PRs" in json.dumps(_blocks(slack.fake.calls_to("chat.update")[-1]))

    # Nobody else has answered: the report waits; alice's answer counts once.
    answer(slack, "U0001")
    answer(slack, "U0003")
    assert run_job(slack.rt, "survey", slack.clock()) == 1
    with slack.rt.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SurveyResponse)) == 3


def test_change_my_answers_is_refused_once_the_survey_has_closed(slack):
    team(slack)
    slack.close()
    now = slack.clock()
    run_job(slack.rt, "survey", now)
    answer(slack, "U0002")
    slack.rt.drain()
    opened = len(slack.fake.calls_to("views.open"))
    slack.clock.advance(timedelta(days=5, minutes=1))
    assert run_job(slack.rt, "survey", slack.clock()) == 1  # the window ended: the report is out
    dm = _dm(slack, "U0002")
    reply = slack.sender.block_action("survey_change", "1", message=dm, user="U0002")
    assert reply.status == 200
    slack.rt.drain()
    assert len(slack.fake.calls_to("views.open")) == opened
    notes = [
        m
        for m in slack.fake.channel_messages(dm.channel)
        if m.ephemeral_to == "U0002" and "survey has closed" in m.text
    ]
    assert notes, slack.fake.channel_messages(dm.channel)
