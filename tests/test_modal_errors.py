"""Every modal's field errors read as plain text: Slack shows them without mrkdwn."""

from __future__ import annotations

import json

import pytest

from bot.blocks.plain import field_error, plain_text
from bot.blocks.survey import survey_modal
from bot.i18n import Tr
from bot.testing.signed import date_value, option_value, text_value, user_value
from bot.views.survey import SurveyForm

MARKUP = ("&lt;", "&gt;", "&amp;", "`", "*")


def opened_view(slack) -> dict:
    view = slack.fake.calls_to("views.open")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def refusals(slack, view, submissions, user="U0001") -> list[str]:
    """Each submission is refused; its errors, all of them plain text."""
    messages = []
    for values in submissions:
        reply = slack.sender.view_submission(view, values, user=user)
        assert reply.json and reply.json["response_action"] == "errors", (values, reply.body)
        messages += reply.json["errors"].values()
    for message in messages:
        assert not any(m in message for m in MARKUP), message
        assert message == message.strip() and "\n" not in message
    return messages


@pytest.fixture
def team(slack):
    slack.project()
    slack.command("/project", "members add <@U0002|alice> <@U0003|bob>")
    slack.command("/project", "members add <@U0004|s> role:stakeholder")
    return slack


def test_task_modal_errors_are_plain(team):
    team.command("/task", "")
    view = opened_view(team)
    said = refusals(
        team,
        view,
        [
            {"title": text_value("Tell <!channel> & co")},
            {"title": text_value("X"), "est": text_value("lots"), "after": text_value("T-9")},
            {"title": text_value("X"), "milestone": text_value("M-x")},
            {"title": text_value("X"), "start": date_value("2026-12-10"), "due": date_value("2026-12-01")},
        ],
    )  # fmt: skip
    assert "<!channel>" in said[0]


def test_risk_modal_errors_are_plain(team):
    team.command("/risk", "")
    view = opened_view(team)
    said = refusals(
        team,
        view,
        [
            {"title": text_value("Tell <!channel>")},
            {"title": text_value("Late"), "review": date_value("2026-11-01")},
            {"title": text_value("Mine"), "owner": user_value("U0005")},
        ],
    )
    assert "<!channel>" in said[0]
    assert refusals(team, view, [{"title": text_value("Mine")}], user="U0004")


def test_project_modal_errors_are_plain(slack):
    slack.command("/project", "")
    view = opened_view(slack)
    refusals(
        slack,
        view,
        [
            {"name": text_value("Portal"), "tz": text_value("Mars/Base"), "budget": text_value("-3")},
            {"name": text_value("Portal"), "key": text_value("<b>&1")},
            {"name": text_value("Portal"), "start": date_value("2027-02-01"), "end": date_value("2027-01-01")},
        ],
    )  # fmt: skip


def test_claim_modal_errors_are_plain(team):
    team.command("/resource", "add Projector kind:equipment capacity:20h")
    team.command("/resource", "claim Projector from:2026-12-07 to:2026-12-11 hours:16")
    team.command("/resource", "")
    view = opened_view(team)
    when = {"from": date_value("2026-12-07")}
    said = refusals(
        team,
        view,
        [
            {"resource": text_value("<!channel> & co"), **when},
            {"resource": text_value("Projector"), "from": date_value("2026-12-09"), "hours": text_value("8h")},
            {"resource": text_value("Projector"), "hours": text_value("-3h"), **when},
            {"resource": text_value("Projector"), "task": text_value("T-99"), **when},
        ],
    )  # fmt: skip
    assert "<!channel> & co" in said[0]


def test_standup_modal_errors_are_plain(team):
    team.command("/standup", "", user="U0002")
    view = opened_view(team)
    refusals(team, view, [{"today": text_value(None)}], user="U0002")
    refusals(team, view, [{"today": text_value("lurk")}], user="U0004")


def test_survey_modal_errors_are_plain(team):
    team.close()
    view = survey_modal(SurveyForm(1, 1, "MP"), Tr("en"))
    refusals(team, view, [{"schedule": option_value("4")}], user="U0002")
    ratings = {n: option_value("4") for n in ("schedule", "cost", "quality", "collaboration")}
    refusals(team, view, [ratings], user="U0005")


def test_plain_text_reads_what_mrkdwn_shows():
    assert plain_text("A title can't say `&lt;!here&gt;` &amp; *more*") == (
        "A title can't say <!here> & more"
    )
    assert plain_text("<@U1|ann> and <@U2> in <#C1|dev>, <!channel>, <https://x.io|docs>") == (
        "@ann and @U2 in #dev, @channel, docs"
    )
    assert plain_text("_held_ by ~them~; snake_case and 2*3 stay") == (
        "held by them; snake_case and 2*3 stay"
    )
    assert plain_text("```one\ntwo```\n> quoted") == "one two quoted"
    long = field_error("x" * 400)
    assert len(long) == 150 and long.endswith("…")


def test_every_modal_refusal_goes_through_the_one_renderer():
    """Listeners refuse a submission only by refuse_fields, so no error skips the plain-text step."""
    from pathlib import Path

    commands = Path(__file__).parents[1] / "bot" / "commands"
    acks = [p.name for p in commands.glob("*.py") if 'response_action="errors"' in p.read_text()]
    assert acks == ["modal_state.py"]
