"""Every date option refuses a day that is not on the calendar, through the signed endpoint."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.store.models import (
    Absence,
    Change,
    Claim,
    Milestone,
    Project,
    Risk,
    StandupReply,
    Task,
)
from tests.test_task import team

TABLES = (Absence, Change, Claim, Milestone, Project, Risk, StandupReply, Task)


def _counts(slack) -> tuple[int, ...]:
    with slack.rt.db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in TABLES)


def test_an_impossible_due_date_is_refused_and_nothing_is_written(slack):
    team(slack)
    before, posts = _counts(slack), len(slack.fake.calls_to("chat.postMessage"))
    reply = slack.command("/task", "add Broken date due:31/02")
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    assert reply.text == ":warning: `due:31/02` is not a date: February has no 31st."
    assert _counts(slack) == before
    assert len(slack.fake.calls_to("chat.postMessage")) == posts


@pytest.mark.parametrize(
    ("command", "text", "reason"),
    [
        ("/task", "add Thing due:31/02", "February has no 31st"),
        ("/task", "add Thing start:2027-02-29", "2027 is not a leap year: February has 28 days"),
        ("/task", "add Thing due:2月31日", "February has no 31st"),
        ("/task", "due T-1 Feb 30", "February has no 30th"),
        ("/project", "new Other key:OT start:13/13", "There is no 13th month"),
        ("/project", 'new Other key:OT end:"31 Apr"', "April has no 31st"),
        ("/project", "milestone Beta due:2027年2月29日", "2027 is not a leap year"),
        ("/risk", "add Vendor review:31/06", "June has no 31st"),
        ("/resource", "claim projector from:31/02 to:2027-03-02", "February has no 31st"),
        ("/resource", "claim projector from:2027-03-01 to:32/3", "March has no 32nd"),
        ("/resource", "load week:30/2", "February has no 30th"),
        ("/standup", "away from:31/11 until:2027-01-10", "November has no 31st"),
        ("/standup", "away until:2026-11-31", "November has no 31st"),
        ("/standup", "report 2月30日", "February has no 30th"),
    ],
)
def test_every_date_option_refuses_an_impossible_day(slack, command, text, reason):
    team(slack)
    slack.command("/task", "add Existing due:2026-12-04")
    slack.command("/resource", "add projector kind:equipment")
    before = _counts(slack)
    reply = slack.command(command, text, channel="C0002" if command == "/project" and "new" in text else "C0001")  # fmt: skip
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral", reply.text
    assert reason in reply.text and "is not a date" in reply.text, reply.text
    assert _counts(slack) == before


def test_a_day_far_away_needs_its_year(slack):
    team(slack)
    reply = slack.command("/task", 'add Someday due:"in 300 weeks"')
    assert "more than 5 years away; write the year if you mean it" in reply.text
    reply = slack.command("/task", "add Someday due:2035-06-01")
    assert "T-1" in reply.text and "2035-06-01" in reply.text


def test_task_help_says_how_dates_are_read(slack):
    body = slack.command("/task", "help").body.decode()
    assert "month first" in body and "`31/02`" in body and "more than 5 years away" in body
