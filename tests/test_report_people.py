"""The report's strongest contributors: named by a stated rule, with the figures behind each name."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from bot.services.report import Report
from bot.services.report_people import Person
from bot.store.models import Blocker, Project, StandupReply, StandupRound, Task


def _task(s, pid: int, n: int, owner: str, est: float, done_day: int | None, now) -> Task:
    return Task(
        team_id="T0001",
        project_id=pid,
        number=n,
        title=f"Task {n}",
        owner_id=owner,
        status="done" if done_day else "open",
        progress=100 if done_day else 30,
        start_date=date(2026, 11, 2),
        due_date=date(2026, 11, 20),
        estimate_hours=est,
        created_by="U0001",
        created_at=now,
        done_at=now.replace(day=done_day) if done_day else None,
    )


def _blocker(pid: int, user: str, cleared: bool) -> Blocker:
    return Blocker(
        team_id="T0001",
        project_id=pid,
        user_id=user,
        text="waiting on access",
        opened_on=date(2026, 11, 3),
        last_seen_on=date(2026, 11, 4),
        cleared_on=date(2026, 11, 5) if cleared else None,
    )


def test_only_finished_work_or_cleared_blockers_earn_a_name_ranked_by_the_stated_rule(slack):
    slack.project("new Portal key:MP start:2026-11-02 end:2026-11-27")
    slack.command("/project", "members add <@U0002|alice> <@U0003|bob> <@U0005|sam>")
    now = slack.clock()
    with slack.rt.db.session() as s:
        pid = s.scalar(select(Project.id))
        s.add_all(
            [
                _task(s, pid, 1, "U0001", 24, 10, now),  # lead: 24 h on time
                _task(s, pid, 2, "U0002", 16, 12, now),  # alice: 16 + 8 h on time
                _task(s, pid, 3, "U0002", 8, 13, now),
                _task(s, pid, 4, "U0003", 40, None, now),  # bob: nothing finished
                _blocker(pid, "U0001", True),
                _blocker(pid, "U0001", True),
                _blocker(pid, "U0005", True),  # sam: one blocker cleared, no task
                _blocker(pid, "U0003", False),  # bob's blocker is still open
            ]
        )
        for i in range(9):  # bob answered every standup; alice one
            day = date(2026, 11, 2) + timedelta(days=i)
            round_ = StandupRound(team_id="T0001", project_id=pid, day=day, channel_id="C0001")
            s.add(round_)
            s.flush()
            for user in ("U0003", "U0002") if i == 0 else ("U0003",):
                s.add(
                    StandupReply(
                        team_id="T0001",
                        round_id=round_.id,
                        user_id=user,
                        text="on it",
                        created_at=now,
                        updated_at=now,
                    )
                )
    body = json.dumps(slack.command("/project", "report").json["blocks"], ensure_ascii=False)
    assert (
        "Ranked by estimated hours finished on time, then blockers cleared, then standup answers"
        in body
    )
    assert "the top 3 are named (more when tied)" in body
    # What each did; a figure of 0 is left out (sam is named for a blocker, not "0 h on time").
    lead = "• <@U0001> — 24 h finished on time (1 task), 2 blockers cleared\\n"
    alice = "• <@U0002> — 24 h finished on time (2 tasks), 1 standup answer\\n"
    sam = "• <@U0005> — 1 blocker cleared\\n"
    assert lead in body and alice in body and sam in body
    assert body.index(lead) < body.index(alice) < body.index(sam)  # hours tie: blockers decide
    assert "• <@U0003>" not in body  # nine standup answers alone earn no name
    assert "<@U0003>: 0 done (0 on time), 0 blockers cleared, standups 9/9" in body
    assert "<@U0005>: 0 done (0 on time), 1 blocker cleared, standups 0/9" in body


def _report(people: list[Person]) -> Report:
    return Report(
        project=None,
        health=None,
        final=False,
        planned_end=None,
        actual_end=None,
        tasks_total=0,
        tasks_done=0,
        on_time_pct=None,
        avg_slip_days=None,
        spent=0,
        reopened=0,
        standup_rounds=0,
        people=people,
    )


def test_the_top_three_include_everyone_tied_with_the_third():
    people = [
        Person("U1", done=3, on_time=3, hours_on_time=30),
        Person("U2", done=2, on_time=2, hours_on_time=20, blockers_cleared=1),
        Person("U3", done=1, on_time=1, hours_on_time=8, standups_answered=4),
        Person("U4", done=1, on_time=1, hours_on_time=8, standups_answered=4),
        Person("U5", done=1, on_time=1, hours_on_time=8, standups_answered=3),
        Person("U6", standups_answered=40),
    ]
    assert [p.user_id for p in _report(people).contributors] == ["U1", "U2", "U3", "U4"]
    assert _report([Person("U6", standups_answered=40)]).contributors == []
