"""Risk reviews: a DM to the owner on the review date (in the project's morning), once per date."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.jobs import run_job
from bot.store.models import JobRun, Project, Risk

MON = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return MON + timedelta(days=day, hours=hour - 10, minutes=minute)


def add_risk(slack, number: int, **fields) -> int:
    with slack.rt.db.session() as s:
        pid = s.scalar(select(Project.id).where(Project.key == "MP"))
        values = dict(team_id="T0001", project_id=pid, number=number, title=f"Risk {number}",
                      likelihood=4, impact=4, owner_id="U0002", mitigation="Second vendor",
                      review_date=date(2026, 11, 25), created_by="U0001", created_at=MON)  # fmt: skip
        values.update(fields)
        risk = Risk(**values)
        s.add(risk)
        s.flush()
        return risk.id


def dms(fake, user: str) -> list[str]:
    return [
        m.text + json.dumps(m.blocks)
        for m in fake.channel_messages(user)
        if m.user == fake.bot_user_id
    ]


def run(slack, when: datetime) -> int:
    return run_job(slack.rt, "risk-review", when)


def test_owner_gets_one_dm_on_the_review_morning(slack):
    slack.project()
    add_risk(slack, 1, title="Vendor <@U0005> late")
    assert run(slack, local(0, 10)) == 0
    assert run(slack, local(2, 9, 29)) == 0  # review day, before the team's morning
    assert run(slack, local(2, 9, 30)) == 1
    assert run(slack, local(2, 9, 30)) == 0
    assert run(slack, local(3, 10)) == 0
    sent = dms(slack.fake, "U0002")
    assert len(sent) == 1
    assert "MP R-1" in sent[0] and "16 (high)" in sent[0] and "Second vendor" in sent[0]
    assert "<@U0005>" not in sent[0]  # the title is escaped


def test_a_new_review_date_sends_again_and_closed_risks_stay_quiet(slack):
    slack.project()
    rid = add_risk(slack, 1)
    add_risk(slack, 2, status="closed")
    assert run(slack, local(2, 10)) == 1
    with slack.rt.db.session() as s:
        s.get(Risk, rid).review_date = date(2026, 11, 27)
    assert run(slack, local(3, 10)) == 0
    assert run(slack, local(4, 10)) == 1
    assert len(dms(slack.fake, "U0002")) == 2
    assert not [d for d in dms(slack.fake, "U0002") if "R-2" in d]


def test_missed_reviews_catch_up_and_ownerless_risks_go_to_project_owners(slack):
    slack.project()
    add_risk(slack, 1, owner_id=None, review_date=date(2026, 11, 20))
    # Past review dates are due at any hour: the scheduler was down when they came.
    assert run(slack, local(0, 3)) == 1
    assert len(dms(slack.fake, "U0001")) == 1


def test_a_member_who_left_is_skipped_with_a_log_line_not_retried(slack, caplog):
    caplog.set_level(logging.INFO, logger="bot.jobs.delivery")
    slack.project()
    add_risk(slack, 1, owner_id="U0009")
    slack.fake.inject("conversations.open", "not_ok", error="user_not_found")
    assert run(slack, local(2, 10)) == 0
    assert "user_not_found" in caplog.text
    assert run(slack, local(2, 10, 1)) == 0
    with slack.rt.db.session() as s:
        runs = dict(s.execute(select(JobRun.scope, JobRun.status)).all())
    assert [status for scope, status in runs.items() if scope.endswith(":U0009")] == ["skipped"]
    assert len(slack.fake.calls_to("conversations.open")) == 1


def test_several_reviews_due_for_one_person_come_in_one_dm(slack):
    slack.project()
    ids = [add_risk(slack, n, title=f"Risk number {n}") for n in range(1, 4)]
    ids.append(add_risk(slack, 4, owner_id="U0003"))
    assert run(slack, local(2, 9, 30)) == 2  # one DM to alice, one to bob
    assert run(slack, local(2, 9, 31)) == 0
    [alice] = dms(slack.fake, "U0002")
    assert "3 risks" in alice and all(f"MP R-{n}" in alice for n in (1, 2, 3))
    [bob] = dms(slack.fake, "U0003")
    assert "MP R-4" in bob and "MP R-1" not in bob
    with slack.rt.db.session() as s:  # and each risk's review is recorded as done, once
        done = list(s.scalars(select(JobRun.scope).where(JobRun.status == "posted")))
        pid = s.scalar(select(Project.id))
    assert sorted(scope for scope in done if "/to:" not in scope) == sorted(
        f"p{pid}/risk:{i}" for i in ids
    )


def test_a_long_list_of_reviews_stays_within_slacks_block_limit(slack):
    slack.project()
    for n in range(1, 31):
        add_risk(slack, n)
    assert run(slack, local(2, 9, 30)) == 1
    [message] = [
        m for m in slack.fake.channel_messages("U0002") if m.user == slack.fake.bot_user_id
    ]
    assert len(message.blocks) <= 50
    assert "30 risks" in message.text and "MP R-30" in json.dumps(message.blocks)
