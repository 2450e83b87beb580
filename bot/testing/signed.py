"""Send requests to the app exactly as Slack does: signed, with Slack's payload shapes."""

from __future__ import annotations

import itertools
import secrets
import time
from collections.abc import Callable
from typing import Any

from bot.testing.fake_records import Message
from bot.testing.fake_slack import FakeSlack

# `name as name`: re-exported, for the tests that import it from here.
from bot.testing.signed_http import Reply as Reply
from bot.testing.signed_http import sign as sign
from bot.testing.signed_interactions import Interactions
from bot.testing.signed_parts import Org as Org
from bot.testing.signed_values import channel_value as channel_value
from bot.testing.signed_values import checkbox_value as checkbox_value
from bot.testing.signed_values import date_value as date_value
from bot.testing.signed_values import initial_values as initial_values
from bot.testing.signed_values import number_value as number_value
from bot.testing.signed_values import option_value as option_value
from bot.testing.signed_values import options_value as options_value
from bot.testing.signed_values import radio_value as radio_value
from bot.testing.signed_values import text_value as text_value
from bot.testing.signed_values import time_value as time_value
from bot.testing.signed_values import user_value as user_value
from bot.testing.signed_values import users_value as users_value
from bot.testing.signed_values import values_for as values_for


class SlackSender(Interactions):
    """Posts slash commands, interactions and events to the app's endpoint, signed like Slack."""

    def __init__(
        self,
        events_url: str,
        signing_secret: str,
        *,
        fake: FakeSlack | None = None,
        team_id: str = "T0001",
        clock: Callable[[], float] = time.time,
        timeout: float = 10.0,
    ) -> None:
        self.events_url, self.signing_secret = events_url, signing_secret
        self.fake, self.team_id, self.clock, self.timeout = fake, team_id, clock, timeout
        self.api_app_id = fake.app_id if fake else "A0001"
        self.bot_user_id = fake.bot_user_id if fake else "UBOT"
        self._seq = itertools.count(1)
        self.last_sent: tuple[bytes, dict[str, str]] | None = None

    # -- events -----------------------------------------------------------------------------

    def event_body(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        team_id: str | None = None,
        installed_team_id: str | None = None,
        org: Org | None = None,
    ) -> dict[str, Any]:
        """The event_callback Slack wraps an event in (the body over HTTP, the payload over Socket Mode).

        `team_id` is the envelope's team (in a Slack Connect channel, the acting partner's);
        `installed_team_id` makes it a shared channel's event, authorized for that installation;
        `org` an Enterprise Grid one (org-wide: `authorizations[0].team_id` is null).
        """
        org = org or Org()
        team = team_id or self.team_id
        installed = installed_team_id or team
        event = {**event, "event_ts": event.get("event_ts") or event.get("ts") or self._ts()}
        envelope = {
            "token": "verification-token",
            "team_id": team,
            "api_app_id": self.api_app_id,
            "event": event,
            "type": "event_callback",
            # Random, so two senders never reuse an id the app would drop as a redelivery.
            "event_id": event_id or f"Ev{secrets.token_hex(5).upper()}",
            "event_time": int(self.clock()),
            "authorizations": [
                {
                    # The installation's org: in a shared channel, not the actor's.
                    "enterprise_id": org.installed_enterprise_id
                    if installed != team
                    else org.enterprise_id,
                    "team_id": None if org.is_enterprise_install else installed,
                    "user_id": self.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": org.is_enterprise_install,
                }
            ],
            "is_ext_shared_channel": installed != team,
        }
        if org.enterprise_id:
            envelope["enterprise_id"] = org.enterprise_id
        if installed != team:
            envelope["context_team_id"] = installed
            envelope["context_enterprise_id"] = org.installed_enterprise_id
        return envelope

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        team_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
        installed_team_id: str | None = None,
        org: Org | None = None,
    ) -> Reply:
        """An Events API event_callback over HTTP; retry_num adds Slack's redelivery headers."""
        body = self.event_body(
            event, event_id=event_id, team_id=team_id, installed_team_id=installed_team_id, org=org
        )
        return self._event(body, retry_num, retry_reason)

    def message(
        self,
        channel: str,
        text: str,
        *,
        user: str = "U0001",
        thread_ts: str | None = None,
        team_id: str | None = None,
        installed_team_id: str | None = None,
        org: Org | None = None,
    ) -> tuple[Message | None, Reply]:
        """A human posts a message: stored in the fake (when given) and sent as a message event.

        `team_id` is the poster's workspace; with `installed_team_id` it is a Slack Connect partner's.
        """
        stored = self.fake.post_user_message(channel, user, text, thread_ts) if self.fake else None
        channel = stored.channel if stored else channel
        event: dict[str, Any] = {
            "type": "message",
            "channel": channel,
            "user": user,
            "text": text,
            "ts": stored.ts if stored else self._ts(),
            "team": team_id or self.team_id,
            "channel_type": {"D": "im", "G": "group"}.get(channel[:1], "channel"),
            "client_msg_id": secrets.token_hex(16),
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        if installed_team_id and team_id:
            event["user_team"] = event["source_team"] = team_id
        sent = self.event(event, team_id=team_id, installed_team_id=installed_team_id, org=org)
        return stored, sent

    def app_home_opened(self, user: str = "U0001") -> Reply:
        """The user opens the app's Home tab."""
        channel = self.fake.dm_channel(user) if self.fake else "D" + user[1:]
        return self.event(
            {"type": "app_home_opened", "user": user, "channel": channel, "tab": "home"}
        )
