"""Deferred work starts once the HTTP answer has been written (bot/after_response.py)."""

from __future__ import annotations

import threading
from concurrent.futures import Executor, Future

import pytest

from bot.after_response import Answer, holding, start_after_response, start_all
from bot.app import create_app
from bot.clock import ManualClock
from bot.testing.signed import SlackSender
from bot.testing.wsgi import ThreadedServer
from bot.web import WebApp
from tests.conftest import SECRET, START, TEAM, make_settings


class Inline(Executor):
    """Runs each submitted call on the submitting thread, so when it starts is what it shows."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def test_a_tasks_card_is_posted_once_its_ack_has_been_written(fake, db):
    built = create_app(
        make_settings(fake, db),
        db=db,
        clock=ManualClock(START),
        home_refresh_seconds=0,
        after_work=Inline(),
    )
    server = ThreadedServer(WebApp(built.app, db)).start()
    sender = SlackSender(f"{server.url}/slack/events", SECRET, fake=fake, team_id=TEAM)
    try:
        started = sender.command("/project", "new Portal key:MP start:2026-12-01 end:2027-03-31")
        assert "started" in started.text
        built.runtime.drain()
        acked = threading.Event()
        cards: list[tuple[bool, str]] = []

        def post(args: dict, token: str | None) -> dict:
            # Run on the app's thread: had the card gone out before the ack, it would wait here
            # for an ack that can't leave until it returns, and find it missing.
            cards.append((acked.wait(timeout=5), args.get("text", "")))
            return {"channel": args["channel"], "ts": "1790000000.000100", "message": {}}

        fake.add_method("chat.postMessage", post)
        reply = sender.command("/task", "add Write the brief est:2h")
        acked.set()
        built.runtime.drain()
    finally:
        server.stop()
    assert reply.status == 200 and "Write the brief" in reply.text
    assert len(cards) == 1 and cards[0][0], cards  # posted, and only after the ack had arrived
    assert "Write the brief" in cards[0][1]


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
