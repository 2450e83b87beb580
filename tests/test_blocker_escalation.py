"""Blocker escalation, its own job, through `teamtrack jobs run blocker-escalation --at`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.jobs import run_job
from bot.store.models import Blocker, Member, Project

MON = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """Shanghai local time on day `day` of the test weeks (0 = Mon 23, 5 = Sat 28, 7 = Mon 30)."""
    return MON + timedelta(days=day, hours=hour - 10, minutes=minute)


@pytest.fixture
def jobs_run(slack, monkeypatch, tmp_path, capsys):
    """`teamtrack jobs run …` as an operator types it; returns what it printed."""
    monkeypatch.chdir(tmp_path)  # no .env
    for name, value in {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "test-signing-secret",
        "SLACK_API_URL": slack.fake.api_url,
        "DATABASE_URL": slack.rt.db.url,
        "TEAMTRACK_TIMEZONE": "Asia/Shanghai",
    }.items():
        monkeypatch.setenv(name, value)

    def run(*args: str) -> str:
        capsys.readouterr()
        main(["jobs", "run", *args])
        return capsys.readouterr().out.strip()

    return run


def blocker(pid: int, text: str, standups: int, **fields) -> Blocker:
    """A blocker its owner named in each of `standups` standups."""
    return Blocker(team_id="T0001", project_id=pid, user_id="U0002", text=text,
                   opened_on=date(2026, 11, 25), last_seen_on=date(2026, 11, 27),
                   standups_open=standups, standups_reported=standups, **fields)  # fmt: skip


def escalations(slack, user: str) -> list:
    return [
        m
        for m in slack.fake.channel_messages(user)
        if m.user == slack.fake.bot_user_id and "standups in a row" in m.text
    ]


def test_escalation_goes_to_each_owner_once_inside_the_alert_window(slack, jobs_run):
    slack.project()
    with slack.rt.db.session() as s:
        pid = s.scalar(select(Project.id))
        for user, role in (("U0002", "member"), ("U0003", "owner"), ("U0004", "stakeholder")):
            s.add(Member(team_id="T0001", project_id=pid, user_id=user, role=role, added_at=MON))
        due = blocker(pid, "waiting on keys", 3)
        s.add_all([
            due,
            blocker(pid, "two standups only", 2),
            blocker(pid, "cleared already", 5, cleared_on=date(2026, 11, 27)),
            blocker(pid, "escalated already", 4, escalated_at=MON),
        ])  # fmt: skip
        s.flush()
        due_id = due.id

    # Friday night, the weekend, Monday before the standup time: outside the alert window.
    for when in (local(4, 23), local(5, 10), local(6, 10), local(7, 9, 29)):
        assert jobs_run("blocker-escalation", "--at", when.isoformat()) == (
            "blocker-escalation: 0 posts"
        ), when
    assert not escalations(slack, "U0001") and not escalations(slack, "U0003")

    # Monday 09:30: one DM to each owner, about the due blocker only; then never again.
    assert jobs_run("blocker-escalation", "--at", local(7, 9, 30).isoformat()) == (
        "blocker-escalation: 2 posts"
    )
    assert jobs_run("blocker-escalation", "--at", local(7, 9, 31).isoformat()) == (
        "blocker-escalation: 0 posts"
    )
    for owner in ("U0001", "U0003"):
        [dm] = escalations(slack, owner)
        assert dm.text == (
            ":rotating_light: In *MP*, <@U0002> has been blocked for 3 standups in a row"
            " (since 2026-11-25): waiting on keys"
        )
        [button] = [e for b in dm.blocks if b["type"] == "actions" for e in b["elements"]]
        assert (button["action_id"], button["value"]) == ("blocker_to_risk", str(due_id))
    # Not to the member who is blocked, nor the stakeholder; nothing about the other blockers.
    assert not escalations(slack, "U0002") and not escalations(slack, "U0004")
    shown = [m.text for u in ("U0001", "U0003") for m in slack.fake.channel_messages(u)]
    assert not [t for t in shown if "only" in t or "already" in t]
    posts = [c for c in slack.fake.calls_to("chat.postMessage") if c.ok]
    assert {c.args["metadata"]["event_payload"]["key"] for c in posts} == {
        f"blocker-escalation/p{pid}/blocker:{due_id}/to:{owner}@open"
        for owner in ("U0001", "U0003")
    }
    with slack.rt.db.session() as s:
        assert s.get(Blocker, due_id).escalated_at == local(7, 9, 30)


def on(day: int, hh: int, mm: int = 0) -> datetime:
    """Shanghai wall time on 2026-11-<day> as UTC (Mon 23 … Fri 27)."""
    return datetime(2026, 11, day, hh, mm, tzinfo=UTC) - timedelta(hours=8)


def standup_day(slack, day: int, answers: dict[str, str]) -> None:
    """The day's prompt, the answers in its thread, the summary and the escalation at 17:00."""
    for name, when in (("standup", on(day, 9, 30)), ("standup-summary", on(day, 17, 0))):
        slack.clock.set(when)
        run_job(slack.rt, name, when)
        slack.rt.drain()
        if name == "standup":
            prompt = [
                m for m in slack.fake.channel_messages("C0001") if m.text.startswith("Standup")
            ]
            for user, text in answers.items():
                slack.sender.message("C0001", text, user=user, thread_ts=prompt[-1].ts)
    run_job(slack.rt, "blocker-escalation", on(day, 17, 0))
    slack.rt.drain()


def alarms(slack, user: str) -> list[str]:
    return [
        m.text
        for m in slack.fake.channel_messages(user)
        if m.user == slack.fake.bot_user_id and ":rotating_light:" in m.text
    ]


def test_escalation_says_in_how_many_standups_the_blocker_was_reported(slack):
    """alice names her blocker at each standup; carol once, then does not answer; dave names his,
    then answers naming another. All three are open 3 standups: each is escalated, and only
    alice's is "blocked for 3 standups in a row"."""
    for uid, name in (("U0006", "carol"), ("U0007", "dave")):
        slack.fake.add_user(uid, name, tz="Asia/Shanghai")
    slack.fake.users["U0005"].locale = "zh-CN"
    slack.clock.set(on(20, 9))
    slack.project()
    slack.command("/project", "members add <@U0002|alice> <@U0006|carol> <@U0007|dave>")
    slack.command("/project", "members add <@U0005|lin> role:owner")
    standup_day(slack, 23, {
        "U0002": "blockers: waiting on keys",
        "U0006": "blockers: staging is down",
        "U0007": "blockers: no design yet",
    })  # fmt: skip
    standup_day(slack, 24, {
        "U0002": "blockers: waiting on keys",
        "U0007": "blockers: the build is red",
    })  # fmt: skip
    assert not alarms(slack, "U0001")  # 2 standups: not yet
    standup_day(slack, 25, {"U0002": "still; blockers: waiting on keys"})
    with slack.rt.db.session() as s:
        tallies = {
            b.text: (b.standups_open, b.standups_reported, b.standups_unanswered)
            for b in s.scalars(select(Blocker))
        }
    assert tallies == {
        "waiting on keys": (3, 3, 0),
        "staging is down": (3, 1, 2),
        "no design yet": (3, 1, 1),
        "the build is red": (2, 1, 1),
    }
    assert sorted(alarms(slack, "U0001")) == sorted([
        ":rotating_light: In *MP*, <@U0002> has been blocked for 3 standups in a row"
        " (since 2026-11-23): waiting on keys",
        ":rotating_light: In *MP*, <@U0006> reported a blocker on 2026-11-23 and hasn't cleared"
        " it since: staging is down\n_Open for 3 standups: reported in 1, no answer in 2._",
        ":rotating_light: In *MP*, <@U0007> reported a blocker on 2026-11-23 and hasn't cleared"
        " it since: no design yet\n_Open for 3 standups: reported in 1, no answer in 1,"
        " answered without naming it in 1._",
    ])  # fmt: skip
    # The owner who reads Chinese: the same facts in Chinese.
    assert sorted(alarms(slack, "U0005")) == sorted([
        ":rotating_light: 在 *MP* 中，<@U0002> 已连续 3 次站会被阻塞（自 11月23日 起）：waiting on keys",
        ":rotating_light: 在 *MP* 中，<@U0006> 于 11月23日 报告了一个阻塞，至今未解除：staging is down"
        "\n_已持续 3 次站会：其中 1 次报告了它，2 次未回答。_",
        ":rotating_light: 在 *MP* 中，<@U0007> 于 11月23日 报告了一个阻塞，至今未解除：no design yet"
        "\n_已持续 3 次站会：其中 1 次报告了它，1 次未回答，1 次回答了但没有提到它。_",
    ])  # fmt: skip
    # Not to those who are blocked; "the build is red" (2 standups) waits its turn.
    assert not alarms(slack, "U0002") and not alarms(slack, "U0006") and not alarms(slack, "U0007")
