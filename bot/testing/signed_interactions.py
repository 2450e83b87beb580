"""What a person does, as the app receives it: slash commands, clicks, submissions, shortcuts."""

from __future__ import annotations

from typing import Any

from bot.testing.fake_records import Message, View
from bot.testing.signed_http import Reply
from bot.testing.signed_parts import Org, PayloadParts
from bot.testing.signed_values import option_object


class Interactions(PayloadParts):
    """Slash commands and interactions (block_actions, view_submission, message_action)."""

    def command(
        self,
        command: str,
        text: str = "",
        *,
        user: str = "U0001",
        channel: str = "C0001",
        team_id: str | None = None,
        user_name: str | None = None,
        channel_name: str | None = None,
        org: Org | None = None,
    ) -> Reply:
        """A slash command; with a fake, the ack's text is shown as Slack would show it."""
        org = org or Org()
        fields = {
            "token": "verification-token",
            "team_id": team_id or self.team_id,
            "team_domain": "teamtrack",
            "channel_id": channel,
            "channel_name": channel_name or self._channel(channel)["name"],
            "user_id": user,
            "user_name": user_name or self._user(user, team_id)["name"],
            "command": command,
            "text": text,
            "api_app_id": self.api_app_id,
            "is_enterprise_install": "true" if org.is_enterprise_install else "false",
            "response_url": self._response_url(channel, user),
            "trigger_id": self._trigger(user),
        }
        if org.enterprise_id:
            fields.update(enterprise_id=org.enterprise_id, enterprise_name="Org")
        # The ack goes above what the app posts after answering, whenever this thread reads it.
        ack_ts = self.fake.new_ts() if self.fake else None
        reply = self._command(fields)
        if self.fake and reply.status == 200 and reply.body:
            ack = reply.json
            self.fake.show_command_ack(
                channel, user, ack if ack is not None else {"text": reply.text}, ts=ack_ts
            )
        return reply

    def block_action(
        self,
        action_id: str,
        value: str | None = None,
        *,
        user: str = "U0001",
        channel: str = "C0001",
        message_ts: str | None = None,
        message: dict[str, Any] | Message | None = None,
        view: dict[str, Any] | View | None = None,
        block_id: str = "b",
        selected_option: str | dict[str, Any] | None = None,
        team_id: str | None = None,
        values: dict[str, Any] | None = None,
        action: dict[str, Any] | None = None,
        installed_team_id: str | None = None,
        org: Org | None = None,
    ) -> Reply:
        """A click in a message, or in a modal/App Home when `view` is given; `action` adds fields.

        `team_id` is the clicker's workspace; `installed_team_id` the installation's when the click is
        a Slack Connect partner's in a view the installation opened.
        """
        act: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "type": "button"}
        if value is not None:
            act["value"] = value
        if selected_option is not None:
            option = (
                option_object(selected_option)
                if isinstance(selected_option, str)
                else selected_option
            )
            act.update(type="static_select", selected_option=option)
        act.update(action or {}, action_ts=self._ts())
        payload = {**self._common("block_actions", user, team_id, org or Org()), "actions": [act]}
        if view is not None:
            shown = self._view(view, values, team_id, installed_team_id)
            payload.update(container={"type": "view", "view_id": shown["id"]}, view=shown)
            return self._payload(payload)
        if isinstance(message, Message):
            channel, message = message.channel, message.to_dict()
        ts = message_ts or (message or {}).get("ts")
        stored = (
            self.fake.find_message(channel, ts, include_ephemeral=True)
            if self.fake and ts
            else None
        )
        ts = ts or self._ts()
        message = message or (
            stored.to_dict() if stored else {"type": "message", "ts": ts, "text": ""}
        )
        ephemeral = stored is not None and stored.ephemeral_to is not None
        payload.update(
            container={
                "type": "message",
                "message_ts": ts,
                "channel_id": channel,
                "is_ephemeral": ephemeral,
            },
            channel=self._channel(channel),
            state={"values": values or {}},
            response_url=self._response_url(channel, user, ts),
        )
        if not ephemeral:  # Slack leaves an ephemeral message out of the payload
            payload["message"] = message
        return self._payload(payload)

    def view_submission(
        self,
        view: dict[str, Any] | View,
        values: dict[str, Any],
        *,
        user: str = "U0001",
        team_id: str | None = None,
        installed_team_id: str | None = None,
        org: Org | None = None,
    ) -> Reply:
        """Submit a modal; values is state.values or {block_id|action_id: state}; the ack drives the fake's modals.

        `team_id` is the submitter's workspace; `installed_team_id` the installation's when a Slack
        Connect partner submits a modal the installation opened (Slack's `view.app_installed_team_id`).
        """
        shown = self._view(view, values, team_id, installed_team_id)
        payload = {
            **self._common("view_submission", user, team_id, org or Org()),
            "view": shown,
            "response_urls": [],
        }
        reply = self._payload(payload)
        if self.fake and reply.status == 200:
            self.fake.apply_view_ack(shown["id"], reply.json)
        return reply

    def message_shortcut(
        self,
        callback_id: str,
        message: dict[str, Any] | Message,
        *,
        user: str = "U0001",
        channel: str | None = None,
        team_id: str | None = None,
    ) -> Reply:
        """A message shortcut (message_action) on a message; channel defaults to the message's."""
        if isinstance(message, Message):
            channel, message = channel or message.channel, message.to_dict()
        channel = channel or "C0001"
        payload = {
            **self._common("message_action", user, team_id, Org()),
            "callback_id": callback_id,
            "action_ts": self._ts(),
            "channel": self._channel(channel),
            "message_ts": message["ts"],
            "message": message,
            "response_url": self._response_url(channel, user, message["ts"]),
        }
        return self._payload(payload)
