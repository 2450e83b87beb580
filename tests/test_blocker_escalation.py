"""Blocker escalation, its own job, through `teamtrack jobs run blocker-escalation --at`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.cli import main
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
    return Blocker(team_id="T0001", project_id=pid, user_id="U0002", text=text,
                   opened_on=date(2026, 11, 25), last_seen_on=date(2026, 11, 27),
                   standups_open=standups, **fields)  # fmt: skip


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
