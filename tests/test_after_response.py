"""Deferred work starts once the HTTP answer has been written (bot/after_response.py)."""

from __future__ import annotations

import threading
from concurrent.futures import Executor, Future

import pytest

from bot.after_response import Answer, holding, start_after_response, start_all
from bot.app import create_app
from bot.clock import ManualClock
from bot.runtime import Runtime
from bot.socket_mode import socket_handler
from bot.testing.fake_slack import FakeSlack
from bot.testing.fake_socket import FakeSocketMode
from bot.testing.signed import Reply, SlackSender
from bot.testing.socket_sender import SocketSender
from bot.testing.wsgi import ThreadedServer
from bot.web import WebApp
from tests.conftest import SECRET, START, TEAM, make_settings


class Inline(Executor):
    """Runs each submitted call on the submitting thread, so when it starts is what it shows.

    Once `answered` is set up, a submitted call first waits for the test to say it has its answer,
    and `waited` records whether it had: True for work started after the answer arrived.
    """

    def __init__(self) -> None:
        self.answered: threading.Event | None = None
        self.waited: list[bool] = []

    def submit(self, fn, /, *args, **kwargs) -> Future:
        if self.answered is not None:
            # Work started inside the request would wait here for an answer that can't leave.
            self.waited.append(self.answered.wait(timeout=5))
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def add_a_task(sender: SlackSender | SocketSender, rt: Runtime, after: Inline) -> Reply:
    """Start a project, then add a task with its after-work waiting for the ack to arrive here."""
    started = sender.command("/project", "new Portal key:MP start:2026-12-01 end:2027-03-31")
    assert "started" in started.text
    rt.drain()
    after.answered = threading.Event()
    reply = sender.command("/task", "add Write the brief est:2h")
    after.answered.set()
    rt.drain()
    return reply


def assert_posted_after_the_ack(fake: FakeSlack, reply: Reply, after: Inline) -> None:
    assert "Write the brief" in reply.text
    assert after.waited and all(after.waited), after.waited  # started once the ack had arrived
    assert "Write the brief" in fake.calls_to("chat.postMessage")[-1].args["text"]


def test_a_tasks_card_is_posted_once_its_ack_has_been_written(fake, db):
    after = Inline()
    built = create_app(
        make_settings(fake, db),
        db=db,
        clock=ManualClock(START),
        home_refresh_seconds=0,
        after_work=after,
    )
    server = ThreadedServer(WebApp(built.app, db)).start()
    sender = SlackSender(f"{server.url}/slack/events", SECRET, fake=fake, team_id=TEAM)
    try:
        reply = add_a_task(sender, built.runtime, after)
    finally:
        server.stop()
    assert reply.status == 200
    assert_posted_after_the_ack(fake, reply, after)


class SlowReader(SlackSender):
    """A sender that reads a command's answer only once the app has posted after it, as a busy
    browser or a slow network may: what Slack shows must not depend on it."""

    def _command(self, fields: dict[str, str]) -> Reply:
        reply = super()._command(fields)
        title = fields["text"].removeprefix("add ").split(" est:")[0]
        if fields["text"].startswith("add "):
            self.fake.wait_until(lambda: self._card_posted(title), what=f"the card of {title!r}")
        return reply

    def _card_posted(self, title: str) -> bool:
        return any(title in c.args.get("text", "") for c in self.fake.calls_to("chat.postMessage"))


def test_a_commands_ack_shows_above_the_card_however_late_its_answer_is_read(fake, db):
    built = create_app(
        make_settings(fake, db), db=db, clock=ManualClock(START), home_refresh_seconds=0
    )
    server = ThreadedServer(WebApp(built.app, db)).start()
    sender = SlowReader(f"{server.url}/slack/events", SECRET, fake=fake, team_id=TEAM)
    try:
        sender.command("/project", "new Portal key:MP start:2026-12-01 end:2027-03-31")
        built.runtime.drain()
        reply = sender.command("/task", "add Write the brief est:2h")
        built.runtime.drain()
    finally:
        server.stop()
    shown = [m for m in fake.channel_messages("C0001") if "Write the brief" in m.text]
    assert [m.ephemeral_to for m in shown] == ["U0001", None], shown  # the ack, then the card
    assert shown[0].text == reply.text and float(shown[0].ts) < float(shown[1].ts)


def test_work_deferred_outside_an_http_answer_starts_at_once():
    started: list[str] = []
    start_after_response(lambda: started.append("job"))
    assert started == ["job"]


def test_an_answer_starts_what_its_request_held_when_closed_in_order():
    started: list[str] = []
    closed: list[bool] = []

    class Body(list):
        def close(self) -> None:
            closed.append(True)

    with holding() as held:
        start_after_response(lambda: started.append("card"))
        start_after_response(lambda: started.append("home"))
    start_after_response(lambda: started.append("after the block"))
    answer = Answer(Body([b"{}"]), held)
    assert started == ["after the block"] and len(answer) == 1 and list(answer) == [b"{}"]
    answer.close()
    assert started == ["after the block", "card", "home"] and closed == [True]


def test_held_work_still_starts_when_the_body_fails_to_close():
    started: list[str] = []

    class Body(list):
        def close(self) -> None:
            raise OSError("client went away")

    with holding() as held:
        start_after_response(lambda: started.append("card"))
    with pytest.raises(OSError):
        Answer(Body([b""]), held).close()
    assert started == ["card"]
    start_all(held)  # nothing is started twice
    assert started == ["card"]


def test_over_socket_mode_a_tasks_card_is_posted_once_its_ack_has_been_sent(fake, db):
    after = Inline()
    with FakeSocketMode(fake) as socket_mode:
        settings = make_settings(fake, db).model_copy(
            update={"slack_app_token": socket_mode.app_token}
        )
        built = create_app(
            settings, db=db, clock=ManualClock(START), home_refresh_seconds=0, after_work=after
        )
        handler = socket_handler(built.app, socket_mode.app_token, ping_interval=1)
        handler.connect()
        socket_mode.wait_connected(1)
        sender = SocketSender(socket_mode)
        try:
            reply = add_a_task(sender, built.runtime, after)
        finally:
            handler.close()
    assert_posted_after_the_ack(fake, reply, after)
