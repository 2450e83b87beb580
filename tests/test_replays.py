"""A replayed signed request has one effect: commands, button clicks and events, on every backend."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import func, select

from bot.services import replays
from bot.store.models import Change, HandledRequest, StandupReply, Task
from bot.testing.signed import sign
from tests.conftest import SECRET
from tests.test_standup_jobs import at, parents, run, setup_team
from tests.test_task import task_row, team


def _count(slack, model) -> int:
    with slack.rt.db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _cards(slack) -> list:
    posts = slack.fake.calls_to("chat.postMessage")
    return [c for c in posts if c.args.get("channel") == "C0001" and c.args.get("blocks")]


def test_the_same_signed_command_twice_adds_one_task_and_one_card(slack):
    team(slack)
    first = slack.command("/task", "add Replayed once due:2026-12-04")
    assert "T-1" in first.text
    cards = len(_cards(slack))
    again = slack.sender.replay()
    slack.rt.drain()
    assert (again.status, again.body) == (200, b"")
    assert _count(slack, Task) == 1 and len(_cards(slack)) == cards


def test_a_replayed_refusal_stays_refused_after_the_person_may_add(slack):
    """The refusal rolls back the add and its key with it; the key is then recorded on its own."""
    team(slack)
    refused = slack.command("/task", "add Not yet", user="U0005")
    assert "members" in refused.text and _count(slack, Task) == 0
    sent = slack.sender.last_sent
    slack.command("/project", "members add <@U0005|late>")
    again = slack.sender.raw(*sent)
    slack.rt.drain()
    assert (again.status, again.body) == (200, b"")
    assert _count(slack, Task) == 0
    assert "T-1" in slack.command("/task", "add Now then", user="U0005").text


def test_a_replayed_list_or_help_answers_nothing(slack):
    team(slack)
    slack.command("/task", "add Listed")
    for text in ("list", "help"):
        first = slack.command("/task", text)
        assert first.status == 200 and first.body, text
        again = slack.sender.replay()
        assert (again.status, again.body) == (200, b""), text


def test_copies_of_one_command_sent_at_once_add_one_task(slack):
    """Copies in flight together may all pass the first look; the key recorded before the
    commit lets one through and rolls the others back, with their cards."""
    team(slack)
    slack.command("/task", "add Template")
    template, headers = slack.sender.last_sent
    fields = dict(parse_qsl(template.decode()))
    body = urlencode({**fields, "text": "add Sent in copies", "trigger_id": "9.9.copies"}).encode()
    headers = {**headers, **sign(SECRET, body, int(time.time()))}
    cards = len(_cards(slack))
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: slack.sender.raw(body, headers), range(6)))
    slack.rt.drain()
    assert all(a.status == 200 for a in answers)
    assert sum(b"T-2" in a.body for a in answers) == 1
    assert sum(a.body == b"" for a in answers) == 5
    assert _count(slack, Task) == 2 and len(_cards(slack)) == cards + 1


def test_two_different_commands_add_two_tasks(slack):
    team(slack)
    slack.command("/task", "add Same title")
    slack.command("/task", "add Same title")
    assert _count(slack, Task) == 2
    assert [t.title for t in (task_row(slack, 1), task_row(slack, 2))] == ["Same title"] * 2


def test_the_same_button_click_twice_moves_progress_once(slack):
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice>")
    task = task_row(slack, 1)
    card = slack.fake.find_message(task.message_channel, task.message_ts)
    assert slack.sender.block_action("task_progress", str(task.id), user="U0002", message=card).status == 200  # fmt: skip
    slack.rt.drain()
    changes = _count(slack, Change)
    again = slack.sender.replay()
    slack.rt.drain()
    assert (again.status, again.body) == (200, b"")
    assert task_row(slack, 1).progress == 25
    assert _count(slack, Change) == changes
    assert len(slack.fake.calls_to("chat.update")) == 1
    # A second click is a new request (a new trigger_id): it counts.
    slack.sender.block_action("task_progress", str(task.id), user="U0002", message=card)
    slack.rt.drain()
    assert task_row(slack, 1).progress == 50


def test_the_same_event_twice_or_redelivered_is_handled_once(slack):
    setup_team(slack)
    assert run(slack, "standup", at(23, 9, 30)) == 1
    [prompt] = parents(slack)
    _, first = slack.sender.message("C0001", "did things", user="U0002", thread_ts=prompt.ts)
    assert first.status == 200
    slack.rt.drain()
    assert _count(slack, StandupReply) == 1
    again = slack.sender.replay()
    # Slack's redelivery: the same event_id, signed again, with X-Slack-Retry-Num.
    body, sent = slack.sender.last_sent
    redelivered = slack.sender.raw(
        body, {**sent, **sign(SECRET, body, int(time.time()) + 1), "X-Slack-Retry-Num": "1"}
    )
    slack.rt.drain()
    assert (again.status, again.body, redelivered.status, redelivered.body) == (200, b"", 200, b"")
    assert _count(slack, StandupReply) == 1
    with slack.rt.db.session() as s:
        assert s.scalar(select(StandupReply.text)) == "did things"


def test_the_same_app_home_event_publishes_once(slack):
    team(slack)
    assert slack.sender.app_home_opened("U0002").status == 200
    slack.rt.drain()
    published = len(slack.fake.calls_to("views.publish"))
    assert published >= 1
    assert slack.sender.replay().status == 200
    slack.rt.drain()
    assert len(slack.fake.calls_to("views.publish")) == published


def test_keys_are_kept_for_the_window_then_pruned(db):
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    assert replays.first_time(db, "t:1", now) is True
    assert replays.first_time(db, "t:1", now + timedelta(minutes=4)) is False
    assert replays.first_time(db, "t:2", now + timedelta(minutes=10)) is True
    assert replays.prune(db, now + timedelta(minutes=14)) == 0
    assert replays.prune(db, now + timedelta(minutes=16)) == 1
    with db.session() as s:
        assert s.scalars(select(HandledRequest.key)).all() == ["t:2"]
    assert replays.first_time(db, "t:1", now + timedelta(minutes=16)) is True


def test_the_key_is_the_trigger_the_event_or_the_signature():
    assert replays.request_key({"trigger_id": "1.2.ab", "event_id": "Ev1"}, "v0=aa") == "t:1.2.ab"
    assert replays.request_key({"event_id": "Ev1"}, "v0=aa") == "e:Ev1"
    by_signature = replays.request_key({"type": "view_closed"}, "v0=aa")
    assert by_signature.startswith("s:") and by_signature != replays.request_key({}, "v0=bb")
    assert len(replays.request_key({"trigger_id": "x" * 500}, None) or "") <= 100
    assert replays.request_key({"type": "view_closed"}, None) is None  # Socket Mode
