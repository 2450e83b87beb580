"""The deviations job through a compressed week: each deviation once, again only when worse."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot import cli
from bot.jobs import run_job
from bot.services import deviations as devs
from bot.services.earned_value import earned_value
from bot.services.health import task_values
from bot.store.models import Alert, Blocker, JobRun, Member, Milestone, Project, Task

# Monday 2026-11-23 10:00 in Shanghai (UTC+8), the conftest clock's start.
MON = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def at(day: int, hour: int = 10) -> datetime:
    """Shanghai local `hour` on day `day` of the test week (0 = Monday 2026-11-23)."""
    return MON + timedelta(days=day, hours=hour - 10)


def setup_project(slack, **settings) -> int:
    slack.project()
    with slack.rt.db.session() as s:
        project = s.scalar(select(Project).where(Project.key == "MP"))
        project.settings = {**(project.settings or {}), **settings}
        s.add(Member(team_id="T0001", project_id=project.id, user_id="U0002", added_at=MON))
        return project.id


def add_task(slack, pid: int, number: int, **fields) -> int:
    values = dict(
        team_id="T0001",
        project_id=pid,
        number=number,
        title=f"Task {number}",
        owner_id="U0002",
        status="open",
        created_by="U0001",
        created_at=MON - timedelta(days=14),
    )
    values.update(fields)
    with slack.rt.db.session() as s:
        task = Task(**values)
        s.add(task)
        s.flush()
        return task.id


def posts(fake, channel: str = "C0001") -> list[str]:
    """Bot messages in a channel as text + blocks, oldest first."""
    return [
        m.text + json.dumps(m.blocks)
        for m in fake.channel_messages(channel)
        if m.user == fake.bot_user_id and not m.ephemeral_to
    ]


def run(slack, when: datetime) -> int:
    return run_job(slack.rt, "deviations", when)


def test_each_kind_is_posted_once_mentioning_its_owner(slack):
    pid = setup_project(slack)
    add_task(slack, pid, 1, due_date=date(2026, 11, 20), estimate_hours=10)
    add_task(slack, pid, 2, start_date=date(2026, 11, 16), due_date=date(2026, 11, 27),
             progress=10, owner_id="U0003", estimate_hours=10)  # fmt: skip
    add_task(slack, pid, 3, status="blocked", blocked_reason="waiting for <!channel> keys",
             blocked_at=MON - timedelta(days=5), due_date=date(2026, 12, 20))  # fmt: skip
    with slack.rt.db.session() as s:
        ms = Milestone(team_id="T0001", project_id=pid, number=1, name="Beta",
                       due_date=date(2026, 11, 25), created_at=MON)  # fmt: skip
        s.add(ms)
        s.flush()
        ms_id = ms.id
    add_task(slack, pid, 4, due_date=date(2026, 11, 30), milestone_id=ms_id, owner_id=None)
    before = len(posts(slack.fake))

    assert run(slack, at(0)) == 1
    new = posts(slack.fake)[before:]
    assert len(new) == 1
    body = new[0]
    assert "`T-1`" in body and "<@U0002>" in body and "overdue by 3 days" in body
    assert "`T-2`" in body and "<@U0003>" in body and "Behind plan" in body
    assert "`T-3`" in body and "blocked for 5 days" in body
    assert "<!channel>" not in body and "&lt;!channel&gt;" in body  # the reason is escaped
    assert "`M-1`" in body and "Milestone slipping" in body
    assert "<@U0001>" in body  # the milestone has no owner: the project owner is named
    assert "SPI" in body
    # The same instant again, and later that day: nothing got worse, nothing is posted.
    assert run(slack, at(0)) == 0
    assert run(slack, at(0, 15)) == 0
    assert len(posts(slack.fake)) == before + 1


def test_reposted_only_when_worse_through_the_week(slack):
    pid = setup_project(slack, standup_days=[0, 1, 2, 3, 4, 5, 6])  # a team that works every day
    add_task(slack, pid, 1, due_date=date(2026, 11, 22))  # Sunday: 1 day overdue on Monday
    seen: list[str] = []
    for day in range(0, 8):
        before = len(posts(slack.fake))
        run(slack, at(day))
        seen.extend(f"day{day}:" + p for p in posts(slack.fake)[before:])
    # Overdue by 1 (Mon), 3 (Wed), 7 (Sun); nothing on the days in between.
    assert [s.split(":")[0] for s in seen] == ["day0", "day2", "day6"]
    assert "overdue by 1 day " in seen[0] and "overdue by 3 days" in seen[1]
    assert "overdue by 7 days" in seen[2]
    with slack.rt.db.session() as s:
        alert = s.scalar(select(Alert))
        assert alert.severity == 7 and alert.message_ts  # the message of the last post is kept


def test_a_new_due_date_starts_over_and_done_tasks_are_quiet(slack):
    pid = setup_project(slack)
    t1 = add_task(slack, pid, 1, due_date=date(2026, 11, 20))
    add_task(slack, pid, 2, due_date=date(2026, 11, 20), status="done")
    assert run(slack, at(0)) == 1
    with slack.rt.db.session() as s:
        s.get(Task, t1).due_date = date(2026, 11, 24)
    assert run(slack, at(1)) == 0  # moved out: not overdue any more
    assert run(slack, at(2)) == 1  # overdue again against the new date: a new alert
    assert "due 2026-11-24" in posts(slack.fake)[-1]
    assert "T-2" not in "".join(posts(slack.fake))


def test_alerts_off_posts_nothing(slack):
    pid = setup_project(slack, alerts=False)
    add_task(slack, pid, 1, due_date=date(2026, 11, 20))
    assert run(slack, at(0)) == 0
    assert not [p for p in posts(slack.fake) if "Overdue" in p]


def test_thresholds_are_project_settings(slack):
    pid = setup_project(slack, blocked_days=10, behind_margin=0.9)
    add_task(slack, pid, 1, status="blocked", blocked_at=MON - timedelta(days=5))
    add_task(slack, pid, 2, start_date=date(2026, 11, 16), due_date=date(2026, 11, 27))
    assert run(slack, at(0)) == 0


def test_spi_under_the_red_line_is_posted_to_the_owners(slack):
    pid = setup_project(slack)
    # Planned to be half done by now, 10 % done: SPI well under 0.85.
    add_task(slack, pid, 1, start_date=date(2026, 11, 20), due_date=date(2026, 11, 26),
             estimate_hours=100, progress=45)  # fmt: skip
    with slack.rt.db.session() as s:
        project = s.get(Project, pid)
        found = devs.find(s, [project], at(0))
    spi = [d for d in found if d.kind == "spi"]
    assert spi and spi[0].level == 2 and spi[0].mention == ("U0001",)
    assert "SPI 0.79" in spi[0].detail


def test_jobs_run_cli_posts_once_and_a_second_run_posts_nothing(slack, monkeypatch, capsys):
    pid = setup_project(slack)
    add_task(slack, pid, 1, due_date=date(2026, 11, 20))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "test-signing-secret")
    monkeypatch.setenv("SLACK_API_URL", slack.fake.api_url)
    monkeypatch.setenv("DATABASE_URL", slack.rt.db.url)
    argv = ["jobs", "run", "deviations", "--at", "2026-11-23T10:00:00+08:00", "--project", "mp"]
    cli.main(argv)
    assert "deviations: 1 post" in capsys.readouterr().out
    cli.main(argv)
    assert "deviations: 0 posts" in capsys.readouterr().out
    assert len([p for p in posts(slack.fake) if "Overdue" in p]) == 1


def test_a_failed_post_is_retried_on_the_next_tick_not_the_next_hour(slack):
    pid = setup_project(slack)
    add_task(slack, pid, 1, due_date=date(2026, 11, 20))
    slack.fake.inject("chat.postMessage", "not_ok", times=1, error="internal_error")
    assert run(slack, at(0)) == 0
    with slack.rt.db.session() as s:
        assert s.scalar(select(JobRun.status).where(JobRun.job == "deviations")) == "failed"
    assert run(slack, at(0) + timedelta(minutes=1)) == 1
    assert run(slack, at(0) + timedelta(minutes=2)) == 0
    assert len([p for p in posts(slack.fake) if "Overdue" in p]) == 1


def test_earned_value_summed_in_sql_matches_the_shared_health_function(slack):
    pid = setup_project(slack)
    cases = [
        dict(start_date=date(2026, 11, 16), due_date=date(2026, 11, 27), progress=30),
        dict(start_date=None, due_date=date(2026, 11, 20), progress=50),
        dict(start_date=date(2026, 11, 30), due_date=date(2026, 11, 20)),  # start after due
        dict(start_date=date(2026, 12, 1), due_date=date(2026, 12, 9)),  # not started yet
        dict(due_date=None, progress=80),
        dict(start_date=date(2026, 11, 10), due_date=date(2026, 11, 30), status="done"),
        dict(start_date=date(2026, 11, 20), due_date=date(2026, 11, 30),
             baseline_start=date(2026, 11, 18), baseline_due=date(2026, 11, 24), progress=10),
        dict(estimate_hours=None, due_date=date(2026, 11, 21)),
    ]  # fmt: skip
    for n, fields in enumerate(cases, start=1):
        add_task(slack, pid, n, **{"estimate_hours": 4.0 * n, **fields})
    today = date(2026, 11, 23)
    with slack.rt.db.session() as s:
        in_sql = devs.earned_values(s, [pid], today)[pid]
        shared = earned_value(task_values(s, [pid])[pid], today)
    assert in_sql.bac == pytest.approx(shared.bac)
    assert in_sql.pv == pytest.approx(shared.pv)
    assert in_sql.ev == pytest.approx(shared.ev)


# Alert hours: working days only, from the standup time until 18:00 (or a later summary time).


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """Shanghai local time on day `day` of the test weeks (0 = Mon 23, 5 = Sat 28, 7 = Mon 30)."""
    return MON + timedelta(days=day, hours=hour - 10, minutes=minute)


def marked(slack) -> tuple[int, int]:
    """(alerts recorded, deviations runs claimed): what a run would leave behind."""
    with slack.rt.db.session() as s:
        alerts = len(s.scalars(select(Alert)).all())
        runs = len(s.scalars(select(JobRun).where(JobRun.job.like("deviations%"))).all())
    return alerts, runs


def test_nothing_at_night_before_standup_or_on_the_weekend_then_monday_once(slack):
    pid = setup_project(slack)
    add_task(slack, pid, 1, due_date=date(2026, 11, 27))  # Friday: overdue from Saturday on
    assert run(slack, local(4, 10)) == 0  # due today, not late yet
    before = marked(slack)
    for when in (
        local(5, 0), local(5, 10), local(6, 12),  # Saturday midnight and day, Sunday noon
        local(7, 0), local(7, 9), local(7, 9, 29),  # Monday night, and before the standup
    ):  # fmt: skip
        assert run(slack, when) == 0, when
    assert marked(slack) == before  # nothing recorded as posted, no run claimed
    assert not [p for p in posts(slack.fake) if "Overdue" in p]
    # The first run in Monday's window posts what became pending over the weekend, once.
    assert run(slack, local(7, 9, 30)) == 1
    assert run(slack, local(7, 9, 31)) == 0
    assert run(slack, local(7, 11)) == 0
    alerts = [p for p in posts(slack.fake) if "Overdue" in p]
    assert len(alerts) == 1 and "`T-1`" in alerts[0] and "overdue by 3 days" in alerts[0]


def test_the_window_ends_at_18_00_and_nothing_goes_out_at_night(slack):
    pid = setup_project(slack)
    add_task(slack, pid, 1, due_date=date(2026, 11, 23))  # Monday: overdue from Tuesday on
    assert run(slack, local(1, 18)) == 0  # Tuesday 18:00: the working day is over
    assert run(slack, local(1, 23)) == 0  # at night
    assert marked(slack)[0] == 0
    assert run(slack, local(2, 17, 59)) == 1  # Wednesday 17:59, still in the window
    assert "overdue by 2 days" in posts(slack.fake)[-1]


def test_a_later_summary_time_keeps_the_window_open_until_it(slack):
    pid = setup_project(slack, summary_time="19:00")
    add_task(slack, pid, 1, due_date=date(2026, 11, 23))
    assert run(slack, local(1, 19)) == 0
    assert run(slack, local(2, 18, 30)) == 1


def test_a_project_working_monday_to_thursday_is_quiet_on_friday(slack):
    pid = setup_project(slack, standup_days=[0, 1, 2, 3])
    add_task(slack, pid, 1, due_date=date(2026, 11, 26))  # Thursday
    assert run(slack, local(4, 10)) == 0  # Friday is its day off
    assert run(slack, local(5, 10)) == 0
    assert marked(slack)[0] == 0
    assert run(slack, local(7, 9, 30)) == 1
    assert "overdue by 4 days" in posts(slack.fake)[-1]


def test_alerts_wait_for_a_later_standup_time(slack):
    pid = setup_project(slack, standup_time="11:15")
    add_task(slack, pid, 1, due_date=date(2026, 11, 20))
    assert run(slack, local(0, 10)) == 0  # the default 09:30 has passed, its own 11:15 not
    assert run(slack, local(0, 11)) == 0  # the hour's sweep: still before 11:15
    assert run(slack, local(0, 11, 15)) == 1  # the window opens within the hour: swept again
    assert run(slack, local(0, 11, 16)) == 0


def test_alerts_off_stays_off_inside_the_window(slack):
    pid = setup_project(slack, alerts=False)
    add_task(slack, pid, 1, due_date=date(2026, 11, 20))
    assert run(slack, local(0, 9, 30)) == 0 and run(slack, local(1, 12)) == 0
    assert marked(slack) == (0, 0)


def test_two_projects_in_two_zones_in_one_run(slack):
    pid = setup_project(slack)  # Asia/Shanghai, in #portal
    add_task(slack, pid, 1, due_date=date(2026, 11, 20))
    reply = slack.command("/project", "new Far key:NY tz:America/New_York", channel="C0002")
    assert "started" in reply.text
    with slack.rt.db.session() as s:
        ny = s.scalar(select(Project.id).where(Project.key == "NY"))
    add_task(slack, ny, 1, due_date=date(2026, 11, 20), owner_id="U0001")
    overdue = lambda channel: [p for p in posts(slack.fake, channel) if "Overdue" in p]  # noqa: E731
    # Monday 10:00 in Shanghai is Sunday 21:00 in New York: only MP is in its window.
    assert run(slack, local(0, 10)) == 1
    assert len(overdue("C0001")) == 1 and not overdue("C0002")
    # Monday 22:30 in Shanghai is Monday 09:30 in New York: NY's turn, MP is at night.
    assert run(slack, local(0, 22, 30)) == 1
    assert len(overdue("C0001")) == 1 and len(overdue("C0002")) == 1


def test_a_blocker_escalation_due_at_night_waits_for_the_next_working_morning(slack):
    pid = setup_project(slack)
    with slack.rt.db.session() as s:
        s.add(Blocker(team_id="T0001", project_id=pid, user_id="U0002", text="waiting on keys",
                      opened_on=date(2026, 11, 25), last_seen_on=date(2026, 11, 27),
                      standups_open=3, standups_reported=3))  # fmt: skip

    def escalations() -> list:
        return [
            m
            for m in slack.fake.channel_messages("U0001")
            if m.user == slack.fake.bot_user_id and "standups in a row" in m.text
        ]

    for when in (local(4, 23), local(5, 10), local(6, 10), local(7, 9)):
        assert run_job(slack.rt, "blocker-escalation", when) == 0, when
    assert not escalations()
    with slack.rt.db.session() as s:
        assert s.scalar(select(Blocker.escalated_at)) is None
    assert run_job(slack.rt, "blocker-escalation", local(7, 9, 30)) == 1
    assert len(escalations()) == 1
