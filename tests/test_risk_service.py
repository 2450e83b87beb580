"""The risk service on its own: levels, reviews due per project time zone, escalation delivery."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from bot.errors import UserError
from bot.jobs import run_job
from bot.services import critical_risks, risk_changes, risk_reviews, risks
from bot.store.models import Project, Risk


@pytest.mark.parametrize(
    ("text", "key", "level"),
    [
        ("1", "likelihood", 1),
        (" 5 ", "impact", 5),
        ("５", "impact", 5),
        ("LOW", "impact", 2),
        ("medium", "likelihood", 3),
        ("high", "impact", 4),
        ("almost certain", "likelihood", 5),
        ("Almost-Certain", "likelihood", 5),
        ("almost_certain", "likelihood", 5),
        ("rare", "likelihood", 1),
        ("likely", "likelihood", 4),
        ("insignificant", "impact", 1),
        ("major", "impact", 4),
        ("severe", "impact", 5),
    ],
)
def test_levels(text, key, level):
    assert risks.parse_level(text, key) == level


@pytest.mark.parametrize(
    ("text", "key"),
    [("0", "impact"), ("6", "likelihood"), ("huge", "impact"), ("1.5", "impact"),
     ("severe", "likelihood"), ("likely", "impact"), ("", "impact")],
)  # fmt: skip
def test_levels_off_the_scale_name_the_scale(text, key):
    with pytest.raises(UserError) as err:
        risks.parse_level(text, key)
    assert "1–5" in err.value.message and key in err.value.message


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def due(slack, now: datetime, project_ids=None) -> list[str]:
    with slack.rt.db.session() as s:
        return [
            f"{p.key} R-{r.number}" for p, r in risk_reviews.due_for_review(s, now, project_ids)
        ]


def test_reviews_come_due_in_each_projects_own_time_zone(slack):
    slack.project()  # MP, Asia/Shanghai, in C0001
    slack.command("/project", "new Yonder key:NY tz:America/New_York", channel="C0002")
    slack.command("/risk", "add Shanghai review:2026-11-24")
    slack.command("/risk", "add Later review:2026-11-25")
    slack.command("/risk", "add Closed review:2026-11-24")
    slack.command("/risk", "close R-3 not needed")
    slack.command("/risk", "add No review date")
    slack.command("/risk", "add York review:2026-11-24", channel="C0002")
    assert due(slack, at(23, 15)) == []  # 23:00 in Shanghai, 10:00 in New York
    assert due(slack, at(23, 16, 30)) == ["MP R-1"]  # Shanghai's 24th has begun
    assert due(slack, at(24, 5)) == ["MP R-1", "NY R-1"]  # New York's too
    assert due(slack, at(26, 0)) == ["MP R-1", "MP R-2", "NY R-1"]
    with slack.rt.db.session() as s:
        ny = s.scalar(select(Project.id).where(Project.key == "NY"))
    assert due(slack, at(26, 0), [ny]) == ["NY R-1"]
    assert due(slack, at(26, 0), []) == []


def test_a_risk_touched_on_or_after_its_review_date_is_reviewed_and_closed_projects_drop_out(slack):
    slack.project()
    slack.command("/risk", "add Vendor review:2026-11-24")
    slack.command("/risk", "add Tester review:2026-11-24")
    slack.clock.set(at(24, 2))
    slack.command("/risk", 'mitigate R-1 "call them"')
    assert due(slack, at(24, 3)) == ["MP R-2"]
    slack.command("/risk", 'update R-1 review:"in 1 week"')
    assert due(slack, at(24, 3)) == ["MP R-2"] and due(slack, at(30, 17)) == ["MP R-2", "MP R-1"]
    with slack.rt.db.session() as s:
        s.execute(update(Project).values(status="closed"))
    assert due(slack, at(30, 17)) == []


def test_without_stakeholders_the_other_owners_hear_of_a_critical_risk(slack):
    slack.project()
    slack.command("/project", "members add <@U0002|alice> role:owner")
    slack.command("/project", "members add <@U0003|bob>")
    reply = slack.command("/risk", "add Vendor slips likelihood:5 impact:4", user="U0003")
    assert "<@U0001>" in reply.text or "<@U0001>" in str(reply.json)
    told = {c.args["channel"] for c in slack.fake.calls_to("chat.postMessage")}
    assert told == {"U0001", "U0002"}
    alone = slack.command("/risk", "add Alone likelihood:5 impact:5", user="U0002")
    assert len(slack.fake.calls_to("chat.postMessage")) == 3  # only U0001: not the one who added it
    assert "U0001" in slack.fake.calls_to("chat.postMessage")[-1].args["channel"]
    assert alone.json["response_type"] == "in_channel"


def test_a_failed_escalation_stays_pending_and_the_tick_delivers_it_once(slack):
    slack.project()
    slack.command("/project", "members add <@U0004|s> <@U0003|b> role:stakeholder")
    slack.fake.inject("chat.postMessage", "not_ok", error="internal_error")  # the first DM fails
    slack.command("/risk", "add Vendor slips likelihood:5 impact:4")
    with slack.rt.db.session() as s:
        assert [(p.key, r.number) for p, r in critical_risks.unescalated(s)] == [("MP", 1)]
    delivered = [c.args["channel"] for c in slack.fake.calls_to("chat.postMessage") if c.ok]
    assert delivered == ["U0003"]
    assert run_job(slack.rt, "risk-escalation", slack.clock()) == 1  # only the one that failed
    assert run_job(slack.rt, "risk-escalation", slack.clock()) == 0
    with slack.rt.db.session() as s:
        assert critical_risks.unescalated(s) == []
        assert s.scalar(select(Risk.escalated_at)) is not None
    delivered = [c.args["channel"] for c in slack.fake.calls_to("chat.postMessage") if c.ok]
    assert sorted(delivered) == ["U0003", "U0004"]


def test_an_escalation_slack_refuses_for_good_is_not_retried_forever(slack):
    slack.project()
    slack.command("/project", "members add <@U0004|s> role:stakeholder")
    slack.fake.inject("chat.postMessage", "not_ok", error="channel_not_found")
    slack.command("/risk", "add Vendor slips likelihood:5 impact:4")
    assert run_job(slack.rt, "risk-escalation", slack.clock()) == 0
    with slack.rt.db.session() as s:
        assert critical_risks.unescalated(s) == []


def test_two_changes_racing_into_the_critical_band_announce_it_once(slack):
    slack.project()
    slack.command("/risk", "add Vendor likelihood:3 impact:4")
    with slack.rt.db.session() as a:
        project_a = a.scalar(select(Project))
        risks.get(a, project_a, 1)  # a has read the risk while it was still high
        with slack.rt.db.session() as b:
            project_b = b.scalar(select(Project))
            first = risk_changes.update_risk(
                b, project_b, 1, actor="U0001", now=at(23, 3), likelihood=5
            )
            assert first.escalation is not None
        second = risk_changes.update_risk(a, project_a, 1, actor="U0001", now=at(23, 4), impact=5)
        assert second.escalation is None
    with slack.rt.db.session() as s:
        r = s.scalar(select(Risk))
        assert (r.likelihood, r.impact, r.critical_since) == (5, 5, at(23, 3))
