"""The app as Slack meets it: events it has no listener for, and a quiet start."""

from __future__ import annotations

import logging

import pytest

from bot.app import create_app
from tests.conftest import make_settings


@pytest.mark.parametrize(
    "event",
    [
        {"type": "reaction_added", "user": "U0002", "reaction": "tada",
         "item": {"type": "message", "channel": "C0001", "ts": "1700000000.000100"},
         "item_user": "U0001", "event_ts": "1700000001.000200"},
        {"type": "member_joined_channel", "user": "U0005", "channel": "C0001",
         "channel_type": "C", "team": "T0001", "event_ts": "1700000001.000300"},
    ],
)  # fmt: skip
def test_an_event_with_no_listener_is_acknowledged_not_refused(slack, event, caplog):
    with caplog.at_level(logging.WARNING):
        reply = slack.sender.event(event)
    assert reply.status == 200
    assert "Unhandled request" not in caplog.text


def test_a_token_in_the_environment_and_our_client_start_without_boltts_warning(
    fake, db, monkeypatch, caplog
):
    # Bolt reads SLACK_BOT_TOKEN itself; `teamtrack serve` has it in the environment.
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    with caplog.at_level(logging.WARNING):
        built = create_app(make_settings(fake, db), db=db)
    assert "will be unused" not in caplog.text
    assert built.app.client.token == "xoxb-test"
