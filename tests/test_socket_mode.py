"""Socket Mode end to end: Bolt's handler on slack_sdk's client, over a real WebSocket to the fake."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import func, select

from bot.app import create_app
from bot.clock import ManualClock
from bot.jobs import run_job
from bot.socket_mode import socket_handler
from bot.store.db import Database
from bot.store.models import Member, Project, Risk, StandupReply, Task, Workspace
from bot.testing.fake_slack import FakeSlack
from bot.testing.fake_socket import FakeSocketMode
from bot.testing.signed import text_value, user_value
from bot.testing.socket_sender import SocketSender
from tests.conftest import START, Slack, make_settings
from tests.test_task import task_row, team
from tests.test_task_changes import card_message
from tests.test_task_modal import opened_view

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def socket_mode(fake: FakeSlack) -> Iterator[FakeSocketMode]:
    with FakeSocketMode(fake) as sm:
        yield sm


@pytest.fixture
def sock(fake: FakeSlack, db: Database, socket_mode: FakeSocketMode) -> Iterator[Slack]:
    """The app connected over Socket Mode; its `sender` delivers envelopes and returns their acks."""
    clock = ManualClock(START)
    settings = make_settings(fake, db).model_copy(update={"slack_app_token": socket_mode.app_token})
    built = create_app(settings, db=db, clock=clock, home_refresh_seconds=0)
    # A short ping interval: a dropped connection is noticed within a second, not five.
    handler = socket_handler(built.app, socket_mode.app_token, ping_interval=1)
    handler.connect()
    socket_mode.wait_connected(1)
    yield Slack(fake=fake, sender=SocketSender(socket_mode), rt=built.runtime, clock=clock, url="")
    handler.close()
    built.runtime.drain()


def count(slack: Slack, model) -> int:
    with slack.rt.db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_connections_open_takes_only_the_app_token(fake, socket_mode):
    client = WebClient(base_url=fake.api_url)
    url = client.apps_connections_open(app_token=socket_mode.app_token)["url"]
    assert url.startswith(f"ws://127.0.0.1:{socket_mode.port}/link/?ticket=")
    for token, error in (("xapp-1-A0001-1-wrong", "invalid_auth"), ("xoxb-test", "not_allowed_token_type")):  # fmt: skip
        with pytest.raises(SlackApiError) as refused:
            client.apps_connections_open(app_token=token)
        assert refused.value.response["error"] == error


def test_a_slash_command_is_answered_in_its_ack_within_3_seconds(sock, socket_mode):
    started = time.monotonic()
    reply = sock.command("/project", "new Portal key:MP start:2026-12-01 end:2027-03-31")
    assert time.monotonic() - started < 3
    env = sock.sender.last
    assert env.type == "slash_commands" and env.accepts_response_payload
    assert env.ack["envelope_id"] == env.envelope_id
    assert "started" in env.ack["payload"]["text"] and "started" in reply.text
    with sock.rt.db.session() as s:
        assert s.scalar(select(Project.key)) == "MP"
    # The fake shows the ack to its author, as Slack does.
    assert any("started" in m.text for m in sock.fake.channel_messages("C0001"))


def test_a_task_cards_start_button_over_the_socket(sock):
    team(sock)
    sock.command("/task", "add Schema <@U0002|alice>")
    task = task_row(sock, 1)
    reply = sock.sender.block_action("task_start", str(task.id), user="U0002", message=card_message(sock))  # fmt: skip
    sock.rt.drain()
    env = sock.sender.last
    assert env.type == "interactive" and env.payload["type"] == "block_actions"
    assert not env.accepts_response_payload and env.acked.is_set() and reply.status == 200
    assert task_row(sock, 1).status == "in_progress"
    assert "in progress" in card_message(sock).text


def test_a_modal_submission_answers_errors_in_its_ack_then_adds_the_task(sock):
    team(sock)
    sock.command("/task", "")
    view = opened_view(sock)
    bad = sock.sender.view_submission(view, {"title": text_value("Schema"), "owner": user_value("U0005")})  # fmt: skip
    assert sock.sender.last.accepts_response_payload
    assert bad.json["response_action"] == "errors" and set(bad.json["errors"]) == {"owner"}
    good = sock.sender.view_submission(view, {"title": text_value("Design schema"), "owner": user_value("U0002")})  # fmt: skip
    sock.rt.drain()
    assert good.status == 200 and not good.body
    assert task_row(sock, 1).title == "Design schema" and task_row(sock, 1).owner_id == "U0002"


def standup_thread(sock: Slack) -> str:
    sock.project()
    sock.command("/project", "members add <@U0002|alice>")
    monday_0930 = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)
    sock.clock.set(monday_0930)
    assert run_job(sock.rt, "standup", monday_0930) == 1
    sock.rt.drain()
    return next(m.ts for m in sock.fake.channel_messages("C0001") if m.text.startswith("Standup"))


def test_a_standup_thread_reply_arrives_as_an_events_api_envelope_and_is_stored(sock):
    ts = standup_thread(sock)
    sock.sender.message("C0001", "today: tests; blockers: none", user="U0002", thread_ts=ts)
    env = sock.sender.last
    assert env.type == "events_api" and env.payload["event"]["thread_ts"] == ts
    assert env.frame().count('"retry_attempt": 0') == 1
    sock.rt.drain()
    with sock.rt.db.session() as s:
        [answer] = s.scalars(select(StandupReply)).all()
    assert answer.user_id == "U0002" and answer.source_ts != "modal"
    assert "tests" in (answer.today or "") + (answer.text or "")


def test_refresh_requested_reconnects_and_the_next_command_is_handled(sock, socket_mode):
    sock.project()
    socket_mode.disconnect("refresh_requested")
    socket_mode.wait_connected(2)
    # The first envelope after a refresh is acknowledged within Slack's 3 s (bot/socket_mode.py's
    # PromptClient; slack_sdk's own client took 3.1 s).
    reply = sock.command("/task", "add Schema")
    assert "T-1" in reply.text and sock.sender.last.sent_on == [2]
    assert count(sock, Task) == 1


def test_link_disabled_also_moves_the_app_to_a_new_connection(sock, socket_mode):
    socket_mode.disconnect("link_disabled")
    socket_mode.wait_connected(2)
    assert "started" in sock.project().text


def test_a_dropped_socket_loses_no_event_and_handles_a_redelivery_once(sock, socket_mode):
    ts = standup_thread(sock)
    # The app handles the reply but its ack is lost with the connection: Slack redelivers the event.
    socket_mode.ignore_acks = True
    stored = sock.fake.post_user_message("C0001", "U0002", "today: docs", ts)
    event = {"type": "message", "channel": "C0001", "user": "U0002", "text": stored.text,
             "ts": stored.ts, "thread_ts": ts, "team": "T0001", "channel_type": "channel"}  # fmt: skip
    env = socket_mode.deliver("events_api", sock.sender.event_body(event), accepts_response_payload=False)  # fmt: skip
    socket_mode.wait_for_stray(env.envelope_id)  # the app's ack, sent once it has handled it
    assert count(sock, StandupReply) == 1
    socket_mode.ignore_acks = False
    socket_mode.drop()
    socket_mode.wait_connected(2)
    assert env.acked.wait(10)
    assert env.retry_attempt == 1 and env.retry_reason == "timeout" and env.sent_on == [2]
    sock.rt.drain()
    assert count(sock, StandupReply) == 1
    # An envelope sent right after the reconnection is handled at once.
    reply = sock.command("/task", "add After the drop")
    assert "T-1" in reply.text and count(sock, Task) == 1


def test_a_command_sent_while_the_socket_is_down_is_delivered_on_the_next_connection(sock, socket_mode):  # fmt: skip
    sock.project()
    socket_mode.drop()
    sock.sender.timeout = 10
    reply = sock.command("/task", "add Queued")
    assert "T-1" in reply.text and sock.sender.last.sent_on[-1] >= 2
    assert count(sock, Task) == 1


# -- `teamtrack socket` as a process -----------------------------------------------------------


def seed_due_review(path: Path) -> None:
    """A project whose risk came up for review yesterday: the scheduler's first tick DMs its owner."""
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    now = datetime.now(UTC)
    with db.session() as s:
        s.add(Workspace(team_id="T0001", name="TeamTrack", created_at=now))
        s.flush()
        p = Project(team_id="T0001", key="MP", name="Portal", channel_id="C0001",
                    timezone="Asia/Shanghai", created_by="U0001", created_at=now, settings={})  # fmt: skip
        s.add(p)
        s.flush()
        s.add(Member(team_id="T0001", project_id=p.id, user_id="U0001", role="owner", added_at=now))  # fmt: skip
        s.add(Risk(team_id="T0001", project_id=p.id, number=1, title="Vendor may slip",
                   likelihood=3, impact=3, owner_id="U0002", created_by="U0001", created_at=now,
                   review_date=date.today() - timedelta(days=1)))  # fmt: skip
    db.dispose()


def start_process(tmp_path: Path, fake: FakeSlack, app_token: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "unused-in-socket-mode",
        "SLACK_APP_TOKEN": app_token,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'socket.db'}",
        "LOG_LEVEL": "INFO",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "socket"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_teamtrack_socket_answers_runs_the_scheduler_and_stops_on_sigterm(tmp_path, fake, socket_mode):  # fmt: skip
    seed_due_review(tmp_path / "socket.db")
    proc = start_process(tmp_path, fake, socket_mode.app_token)
    try:
        socket_mode.wait_connected(1, timeout=30)
        # The scheduler runs in the same process: its first tick sends the due risk review.
        fake.wait_until(
            lambda: any(c.ok and "review" in str(c.args.get("text")).lower() and
                        c.response["channel"] == "D0002" for c in fake.calls_to("chat.postMessage")),
            10, "the risk review DM (the first tick runs at start, not at the next minute)",
        )  # fmt: skip
        reply = SocketSender(socket_mode, timeout=5).command("/project", "info")
        assert "Portal" in reply.body.decode()
        proc.send_signal(signal.SIGTERM)
        stopped = time.monotonic()
        _, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert time.monotonic() - stopped < 5
    assert "Socket Mode: stopped" in err


def test_teamtrack_socket_with_a_wrong_app_token_says_so(tmp_path, fake, socket_mode):
    proc = start_process(tmp_path, fake, "xapp-1-A0001-1-wrong")
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert "Slack refused SLACK_APP_TOKEN for Socket Mode (invalid_auth)" in err
