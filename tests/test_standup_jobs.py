"""The standup jobs through a compressed week: prompt, replies, reminders, summary, blockers, risks."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, select

from bot.jobs import run_job, tick
from bot.store.models import Blocker, Change, JobRun, Member, Risk, StandupReply, StandupRound, Task

SHANGHAI = timedelta(hours=8)


def at(day: int, hh: int, mm: int = 0) -> datetime:
    """Shanghai wall time on 2026-11-<day> as UTC (Mon 23 … Sun 29)."""
    return datetime(2026, 11, day, hh, mm, tzinfo=UTC) - SHANGHAI


def run(slack, name: str, when: datetime) -> int:
    slack.clock.set(when)
    posted = run_job(slack.rt, name, when)
    slack.rt.drain()
    return posted


def setup_team(slack) -> None:
    slack.project()
    slack.command("/project", "members add <@U0002|alice> <@U0003|bob>")
    with slack.rt.db.session() as s:
        pid = s.scalar(select(Member.project_id))
        for n, (title, owner, due) in enumerate(
            [
                ("Login page", "U0002", date(2026, 11, 24)),
                ("Schema", "U0003", date(2026, 12, 20)),
                ("Payments", "U0001", date(2026, 11, 25)),
            ],
            start=1,
        ):
            s.add(
                Task(
                    team_id="T0001",
                    project_id=pid,
                    number=n,
                    title=title,
                    owner_id=owner,
                    due_date=due,
                    created_by="U0001",
                    created_at=at(23, 8),
                )
            )


def parents(slack) -> list:
    return [
        m
        for m in slack.fake.channel_messages("C0001")
        if m.user == slack.fake.bot_user_id
        and not m.thread_ts
        and m.ephemeral_to is None
        and m.text.startswith("Standup")
    ]


def thread(slack, ts: str) -> list:
    return [m for m in slack.fake.channel_messages("C0001") if m.thread_ts == ts]


def dms(slack, user: str) -> list:
    return [m for m in slack.fake.channel_messages(user) if m.user == slack.fake.bot_user_id]


def shown(message) -> str:
    return message.text + json.dumps(message.blocks, ensure_ascii=False)


def reply(slack, text: str, user: str, ts: str):
    stored, answer = slack.sender.message("C0001", text, user=user, thread_ts=ts)
    assert answer.status == 200
    return stored


def count(slack, model) -> int:
    with slack.rt.db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_a_week_of_standups(slack):
    setup_team(slack)
    # Monday: nothing before 09:30, the prompt at 09:30, once.
    assert run(slack, "standup", at(23, 9, 29)) == 0
    assert run(slack, "standup", at(23, 9, 30)) == 1
    assert run(slack, "standup", at(23, 9, 31)) == 0
    [monday] = parents(slack)
    body = shown(monday)
    assert "T-1" in body and "Login page" in body and "T-3" in body
    assert "Schema" not in body  # due in December, not soon
    assert '"action_id": "standup_answer"' in body
    # How to answer, with nothing in angle brackets (Slack would read `<text>` as a link).
    assert "Answer in the thread, with the button, or with `/standup` and your update." in body

    # alice answers in the thread; Slack delivers it twice; she edits it.
    event_id = "EvALICE1"
    stored, first = slack.sender.message(
        "C0001",
        "fixed the form; today: tests; blockers: waiting on T-1 API",
        user="U0002",
        thread_ts=monday.ts,
    )
    event = {
        "type": "message",
        "channel": "C0001",
        "user": "U0002",
        "ts": stored.ts,
        "thread_ts": monday.ts,
        "text": stored.text,
    }
    assert slack.sender.event(event, event_id=event_id).status == 200
    assert slack.sender.event(event, event_id=event_id, retry_num=1).status == 200
    assert count(slack, StandupReply) == 1
    edited = {
        **event,
        "text": "fixed the form; today: tests and docs; blockers: waiting on T-1 API",
    }
    slack.sender.event(
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": "C0001",
            "message": edited,
            "previous_message": event,
            "ts": slack.fake.new_ts(),
        }
    )
    with slack.rt.db.session() as s:
        saved = s.scalar(select(StandupReply))
        assert saved.today == "tests and docs" and saved.blockers == "waiting on T-1 API"
        assert saved.user_id == "U0002"

    # 11:00 Shanghai: the lead is reminded; alice answered; bob's 11:00 in New York is after
    # the summary, so he gets nothing today.
    assert run(slack, "standup-reminder", at(23, 10, 59)) == 0
    assert run(slack, "standup-reminder", at(23, 11, 0)) == 1
    assert run(slack, "standup-reminder", at(23, 11, 5)) == 0
    assert len(dms(slack, "U0001")) == 1 and not dms(slack, "U0002") and not dms(slack, "U0003")
    assert "standup_answer" in shown(dms(slack, "U0001")[0])

    # 17:00: the summary in the thread; T-1 is blocked with an audit trail.
    assert run(slack, "standup-summary", at(23, 16, 59)) == 0
    assert run(slack, "standup-summary", at(23, 17, 0)) == 1
    assert run(slack, "standup-summary", at(23, 17, 1)) == 0
    [summary] = [m for m in thread(slack, monday.ts) if m.user == slack.fake.bot_user_id]
    text = shown(summary)
    assert "1 of 3 answered" in text and "tests and docs" in text and "waiting on T-1 API" in text
    assert "No answer:* <@U0001>, <@U0003>" in text
    with slack.rt.db.session() as s:
        task = s.scalar(select(Task).where(Task.number == 1))
        assert task.status == "blocked" and task.blocked_reason == "waiting on T-1 API"
        assert task.blocked_at is not None
        fields = set(s.scalars(select(Change.field).where(Change.entity == "task")))
        assert {"status", "blocked"} <= fields  # the same audit fields as `/task block`
    # After the summary time no prompt is posted any more that day.
    assert run(slack, "standup", at(23, 18, 0)) == 0

    # Tuesday and Wednesday alice is still blocked; the prompt carries it with its age.
    for day, age in ((24, "1 day"), (25, "2 days")):
        assert run(slack, "standup", at(day, 9, 30)) == 1
        prompt = parents(slack)[-1]
        assert "waiting on T-1 API" in shown(prompt) and f"open {age}" in shown(prompt)
        reply(slack, "blockers: waiting on T-1 API", "U0002", prompt.ts)
        reply(slack, "all good, blockers: none", "U0001", prompt.ts)
        assert run(slack, "standup-summary", at(day, 17, 0)) == 1
        # Escalation is its own job, after the summary that counted the standups.
        assert run(slack, "blocker-escalation", at(day, 17, 0)) == (day == 25)
    with slack.rt.db.session() as s:
        blocker = s.scalar(select(Blocker))
        assert blocker.standups_open == 3 and blocker.escalated_at is not None
    # The third standup in a row: the owner gets one DM proposing a risk.
    escalations = [m for m in dms(slack, "U0001") if "blocker_to_risk" in shown(m)]
    assert len(escalations) == 1 and "3 standups in a row" in escalations[0].text
    assert run(slack, "standup-summary", at(25, 17, 30)) == 0
    assert run(slack, "blocker-escalation", at(25, 17, 30)) == 0

    # A member who is not an owner may not make it a risk; the owner may, once.
    button = escalations[0]
    slack.sender.block_action(
        "blocker_to_risk",
        str(blocker.id),
        user="U0001",
        channel=button.channel,
        message_ts=button.ts,
    )
    slack.sender.block_action(
        "blocker_to_risk",
        str(blocker.id),
        user="U0001",
        channel=button.channel,
        message_ts=button.ts,
    )
    slack.rt.drain()
    with slack.rt.db.session() as s:
        [risk] = s.scalars(select(Risk)).all()
        assert (risk.number, risk.likelihood, risk.impact, risk.owner_id) == (1, 3, 3, "U0002")
        assert s.scalar(select(func.count()).select_from(Change).where(Change.entity == "risk"))

    # Thursday alice is unblocked: the blocker is cleared and no longer carried.
    assert run(slack, "standup", at(26, 9, 30)) == 1
    reply(slack, "T-1 unblocked; blockers: none", "U0002", parents(slack)[-1].ts)
    run(slack, "standup-summary", at(26, 17, 0))
    assert run(slack, "standup", at(27, 9, 30)) == 1
    assert "waiting on T-1 API" not in shown(parents(slack)[-1])
    # The weekend has no standups.
    assert run(slack, "standup", at(28, 9, 30)) == 0
    assert run(slack, "standup", at(29, 9, 30)) == 0
    with slack.rt.db.session() as s:
        assert s.scalar(select(func.count()).select_from(StandupRound)) == 5


def test_catch_up_posts_a_missed_standup_once_and_not_after_the_summary(slack):
    slack.project()
    # The scheduler was down at 09:30; the tick at 11:00 posts it, the next tick does not.
    slack.clock.set(at(23, 11, 0))
    assert tick(slack.rt, at(23, 11, 0))["standup"] == 1
    assert tick(slack.rt, at(23, 11, 1))["standup"] == 0
    # Tuesday it was down all day until 17:30: the day's standup is skipped, not posted late.
    assert tick(slack.rt, at(24, 17, 30))["standup"] == 0
    slack.rt.drain()
    assert len(parents(slack)) == 1


def test_failed_posts_are_retried_on_the_next_tick_and_arrive_once(slack):
    slack.project()
    # Every attempt the client makes (1 + 2 retries of a 500) fails on the first tick.
    slack.fake.inject("chat.postMessage", "500", times=3)
    assert run(slack, "standup", at(23, 9, 30)) == 0
    with slack.rt.db.session() as s:
        assert s.scalar(select(JobRun.status).where(JobRun.job == "standup")) == "failed"
    assert run(slack, "standup", at(23, 9, 31)) == 1
    assert run(slack, "standup", at(23, 9, 32)) == 0
    # A share of 429s: the client's retries and the next ticks still post each thing once.
    slack.fake.fail_share(0.3, "429", retry_after=0)
    for minute in range(0, 10):
        run(slack, "standup-reminder", at(23, 11, minute))
        run(slack, "standup-summary", at(23, 17, minute))
    slack.fake.fail_share(0)
    assert len(parents(slack)) == 1
    assert len(dms(slack, "U0001")) == 1
    assert len([m for m in thread(slack, parents(slack)[0].ts) if "summary" in m.text]) == 1


def test_a_lost_answer_doubles_a_prompt_at_most_once_and_never_reads_history(slack):
    """The guarantee, measured: nothing lost, and one extra copy at most per answer Slack lost."""
    setup_team(slack)
    # Slack performs the post but the answer never comes back; slack_sdk's retry posts again.
    slack.fake.inject("chat.postMessage", "lost", times=1)
    assert run(slack, "standup", at(23, 9, 30)) == 1
    assert len(parents(slack)) == 2  # 1 lost answer: 1 extra copy
    last = parents(slack)[-1]
    with slack.rt.db.session() as s:
        assert s.scalar(select(StandupRound.message_ts)) == last.ts  # the one whose answer came
    # Every attempt of a run lost (the client's 1 + 2 retries): failed, posted again next tick.
    slack.fake.inject("chat.postMessage", "lost", times=3)
    assert run(slack, "standup", at(24, 9, 30)) == 0
    with slack.rt.db.session() as s:
        assert s.scalar(select(JobRun.status).where(JobRun.period == "2026-11-24")) == "failed"
    assert run(slack, "standup", at(24, 9, 31)) == 1
    assert run(slack, "standup", at(24, 9, 32)) == 0
    assert len(parents(slack)) == 2 + 3 + 1  # 3 lost answers: 3 extra copies, none lost
    assert not slack.fake.calls_to("conversations.history")
    meta = slack.fake.calls_to("chat.postMessage")[-1].args["metadata"]
    assert meta["event_type"] == "teamtrack_run" and meta["event_payload"]["job"] == "standup"
    reply(slack, "today: tests", "U0002", last.ts)  # replies land on the day's round
    assert count(slack, StandupReply) == 1


def test_a_stale_claim_of_a_dead_process_is_taken_over_after_the_lease(slack):
    from bot.jobs import delivery

    slack.project()
    with slack.rt.db.session() as s:
        pid = s.scalar(select(Member.project_id))
        key = delivery.RunKey("standup", pid, "2026-11-23")
        assert delivery.claim(s, [key], now=at(23, 9, 30), owner="dead:1") == {key}
    assert run(slack, "standup", at(23, 9, 31)) == 0  # still leased to the dead process
    # The lease runs on the wall clock, whatever time the jobs are told it is: once it is over,
    # the next run takes the post over.
    with slack.rt.db.session() as s:
        run_ = s.scalar(select(JobRun))
        assert run_.lease_until > datetime.now(UTC)
        run_.lease_until = datetime.now(UTC) - timedelta(seconds=1)
    assert run(slack, "standup", at(23, 9, 32)) == 1
    assert len(parents(slack)) == 1


def test_reminders_use_each_members_own_time_zone_and_cache_users_info(slack):
    slack.project()
    slack.command("/project", "members add <@U0004|s> <@U0009|gone> <@U0006|left>")
    slack.fake.add_user("U0006", "left", tz="Asia/Shanghai", deleted=True)
    slack.command("/project", "settings summary:23:00")
    run(slack, "standup", at(23, 9, 30))
    # 11:00 Shanghai: the lead; London's 11:00 is 19:00 here.
    assert run(slack, "standup-reminder", at(23, 11, 0)) == 1
    assert dms(slack, "U0001") and not dms(slack, "U0004")
    assert run(slack, "standup-reminder", at(23, 18, 59)) == 0
    assert run(slack, "standup-reminder", at(23, 19, 0)) == 1
    assert len(dms(slack, "U0004")) == 1
    # users.info once per member: the profile is cached; U0009 (unknown) and U0006 (deleted) skipped.
    looked_up = [c.args.get("user") for c in slack.fake.calls_to("users.info")]
    assert sorted(looked_up) == ["U0001", "U0004", "U0006", "U0009"]
    assert not dms(slack, "U0006") and not dms(slack, "U0009")


def test_users_info_failing_skips_the_reminder_with_a_log_line_and_never_crashes(slack, caplog):
    slack.project()
    run(slack, "standup", at(23, 9, 30))
    slack.fake.inject("users.info", "500", times=3)
    with caplog.at_level(logging.INFO):
        result = tick(slack.rt, at(23, 11, 0))
    assert result["standup-reminder"] == 0
    assert "users.info failed for U0001" in caplog.text
    assert "no standup reminder for U0001" in caplog.text
    assert run(slack, "standup-reminder", at(23, 11, 1)) == 1  # Slack answers again: reminded


def test_away_members_get_no_prompt_mention_or_reminder(slack):
    slack.project()
    slack.command("/project", "members add <@U0002|alice>")
    reply_ = slack.command("/standup", 'away until:wednesday "dentist"', user="U0002")
    assert "away 2026-11-23 → 2026-11-25" in reply_.text
    run(slack, "standup", at(23, 9, 30))
    assert "<@U0002> — _away_" in shown(parents(slack)[0])
    run(slack, "standup-reminder", at(23, 11, 0))
    assert dms(slack, "U0001") and not dms(slack, "U0002")
    run(slack, "standup-summary", at(23, 17, 0))
    summary = thread(slack, parents(slack)[0].ts)[-1]
    assert "0 of 1 answered" in summary.text and "Away: <@U0002>" in shown(summary)
    # Back on Tuesday: reminded again.
    slack.clock.set(at(24, 8))
    assert "Welcome back" in slack.command("/standup", "back", user="U0002").text
    run(slack, "standup", at(24, 9, 30))
    run(slack, "standup-reminder", at(24, 11, 0))
    assert dms(slack, "U0002")


def test_a_project_with_no_members_still_gets_a_prompt_that_says_so(slack):
    slack.project()
    with slack.rt.db.session() as s:
        s.execute(delete(Member))
    assert run(slack, "standup", at(23, 9, 30)) == 1
    assert "Nobody is a member" in shown(parents(slack)[0])
    assert run(slack, "standup-reminder", at(23, 11, 0)) == 0
    assert run(slack, "standup-summary", at(23, 17, 0)) == 1


def test_project_key_limits_the_run(slack):
    slack.project()
    slack.command("/project", "new Other key:OT", channel="C0002")
    assert run_job(slack.rt, "standup", at(23, 9, 30), project_key="ot") == 1
    assert run_job(slack.rt, "standup", at(23, 9, 30)) == 1
    assert run_job(slack.rt, "standup", at(23, 9, 30)) == 0


def test_a_broken_project_is_logged_and_skipped_and_the_others_still_post(slack, caplog):
    from bot.store.models import Project

    slack.project()
    slack.command("/project", "new Other key:OT", channel="C0002")
    with slack.rt.db.session() as s:
        s.scalar(select(Project).where(Project.key == "OT")).timezone = "Mars/Base"
    with caplog.at_level(logging.ERROR):
        result = tick(slack.rt, at(23, 9, 30))
    slack.rt.drain()
    assert result["standup"] == 1 and len(parents(slack)) == 1
    assert "project OT skipped" in caplog.text


def test_overdue_tasks_are_called_overdue_with_their_age_and_come_first(slack):
    setup_team(slack)  # alice's T-1 is due Tue 24, the lead's T-3 Wed 25
    with slack.rt.db.session() as s:
        pid = s.scalar(select(Member.project_id))
        for number, title, due in ((4, "Docs", date(2026, 11, 28)), (5, "Fix", date(2026, 11, 26))):
            s.add(Task(team_id="T0001", project_id=pid, number=number, title=title,
                       owner_id="U0002", due_date=due, created_by="U0001",
                       created_at=at(23, 8)))  # fmt: skip
    assert run(slack, "standup", at(27, 9, 30)) == 1  # Friday
    [prompt] = parents(slack)
    body = shown(prompt)
    [alice] = [line for line in body.split("\\n") if "<@U0002>" in line]
    assert "`T-1` Login page (overdue 3 days)" in alice and "`T-5` Fix (overdue 1 day)" in alice
    assert "due soon: `T-4` Docs (due 2026-11-28)" in alice
    assert alice.index("T-1") < alice.index("T-5") < alice.index("due soon") < alice.index("T-4")
    [lead] = [line for line in body.split("\\n") if "<@U0001>" in line]
    assert "`T-3` Payments (overdue 2 days)" in lead and "due soon" not in lead
