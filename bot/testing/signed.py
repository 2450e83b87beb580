"""Send requests to the app exactly as Slack does: signed, with Slack's payload shapes."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from bot.testing.fake_slack import FakeSlack, Message, View

# Local servers only: a proxy from the environment must never see these requests.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def sign(signing_secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    """The X-Slack-* headers Slack sends; the same base string as SignatureVerifier."""
    base = f"v0:{timestamp}:{body.decode('utf-8')}".encode()
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Reply:
    """What the app answered."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def json(self) -> dict[str, Any] | None:
        """The body as a JSON object, or None when it is empty or not JSON."""
        try:
            data = json.loads(self.body)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    @property
    def text(self) -> str:
        """The ack's "text" when it is JSON with one, else the body as text."""
        data = self.json
        if data is not None and isinstance(data.get("text"), str):
            return data["text"]
        return self.body.decode("utf-8", "replace")


@dataclass(frozen=True)
class Org:
    """Enterprise Grid and Slack Connect fields of a payload, as Slack sends them.

    `enterprise_id`: the actor's org; `is_enterprise_install`: the app is installed org-wide;
    `installed_enterprise_id`: the installation's org when it is not the actor's (Slack Connect);
    `user_team_id`: the actor's own workspace when the payload's team is another.
    """

    enterprise_id: str | None = None
    is_enterprise_install: bool = False
    installed_enterprise_id: str | None = None
    user_team_id: str | None = None


# -- state.values helpers -------------------------------------------------------------------


def text_value(value: str | None) -> dict[str, Any]:
    """A plain_text_input's state."""
    return {"type": "plain_text_input", "value": value}


def number_value(value: float | str | None) -> dict[str, Any]:
    """A number_input's state (Slack sends the number as a string)."""
    return {"type": "number_input", "value": None if value is None else str(value)}


def date_value(value: str | None) -> dict[str, Any]:
    """A datepicker's state, e.g. date_value("2026-12-04")."""
    return {"type": "datepicker", "selected_date": value}


def time_value(value: str | None) -> dict[str, Any]:
    """A timepicker's state, e.g. time_value("09:30")."""
    return {"type": "timepicker", "selected_time": value}


def user_value(user: str | None) -> dict[str, Any]:
    """A users_select's state."""
    return {"type": "users_select", "selected_user": user}


def users_value(users: Iterable[str]) -> dict[str, Any]:
    """A multi_users_select's state."""
    return {"type": "multi_users_select", "selected_users": list(users)}


def channel_value(channel: str | None) -> dict[str, Any]:
    """A conversations_select's state."""
    return {"type": "conversations_select", "selected_conversation": channel}


def _option(value: str, text: str | None = None) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text or value, "emoji": True}, "value": value}


def option_value(value: str | None, text: str | None = None) -> dict[str, Any]:
    """A static_select's state, e.g. option_value("high")."""
    return {
        "type": "static_select",
        "selected_option": None if value is None else _option(value, text),
    }


def options_value(values: Iterable[str]) -> dict[str, Any]:
    """A multi_static_select's state."""
    return {"type": "multi_static_select", "selected_options": [_option(v) for v in values]}


def radio_value(value: str | None) -> dict[str, Any]:
    """A radio_buttons' state."""
    return {"type": "radio_buttons", "selected_option": None if value is None else _option(value)}


def checkbox_value(values: Iterable[str]) -> dict[str, Any]:
    """A checkboxes' state."""
    return {"type": "checkboxes", "selected_options": [_option(v) for v in values]}


def initial_values(view: dict[str, Any] | View) -> dict[str, dict[str, Any]]:
    """{block_id: element state} for every input as the view filled it in: what Slack sends for
    fields the user leaves alone (a submission carries every input's state, not only the changed)."""
    blocks = (view.view if isinstance(view, View) else view).get("blocks") or []
    out: dict[str, dict[str, Any]] = {}
    for block in blocks:
        element = block.get("element") if block.get("type") == "input" else None
        if not element or not block.get("block_id"):
            continue
        kind, block_id = element.get("type"), block["block_id"]
        if kind == "plain_text_input":
            out[block_id] = text_value(element.get("initial_value"))
        elif kind == "datepicker":
            out[block_id] = date_value(element.get("initial_date"))
        elif kind == "users_select":
            out[block_id] = user_value(element.get("initial_user"))
        elif kind == "static_select":
            out[block_id] = {"type": kind, "selected_option": element.get("initial_option")}
    return out


def values_for(view: dict[str, Any] | View, by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """state.values from {action_id or input block_id: element state}; the other id is looked up."""
    blocks = (view.view if isinstance(view, View) else view).get("blocks") or []
    where: dict[str, tuple[str, str]] = {}  # id -> (block_id, action_id)
    for block in blocks:
        elements = [block["element"]] if "element" in block else block.get("elements") or []
        for element in elements:
            if isinstance(element, dict) and "action_id" in element:
                pair = (block.get("block_id") or element["action_id"], element["action_id"])
                where[element["action_id"]] = pair
                if "element" in block and block.get("block_id"):
                    where.setdefault(block["block_id"], pair)  # an action_id wins a clash
    missing = sorted(set(by_id) - set(where))
    if missing:
        raise KeyError(f"no input {missing} in the view; it has {sorted(where)}")
    values: dict[str, Any] = {}
    for key, state in by_id.items():
        block_id, action_id = where[key]
        values.setdefault(block_id, {})[action_id] = state
    return values


def _expand(view: dict[str, Any], values: dict[str, Any] | None) -> dict[str, Any]:
    """Full state.values, accepting the values_for shorthand ({id: element state}) too."""
    values = values or {}
    short = {
        k: v for k, v in values.items() if isinstance(v, dict) and isinstance(v.get("type"), str)
    }
    if not short:
        return values
    out = {k: dict(v) for k, v in values.items() if k not in short}
    for block_id, actions in values_for(view, short).items():
        out.setdefault(block_id, {}).update(actions)
    return out


# -- the sender ---------------------------------------------------------------------------


class SlackSender:
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

    # -- transport -------------------------------------------------------------------------

    def raw(self, body: bytes, headers: dict[str, str]) -> Reply:
        """POST body with exactly these headers (unsigned, badly signed, stale...)."""
        req = urllib.request.Request(self.events_url, data=body, headers=headers, method="POST")
        try:
            with _opener.open(req, timeout=self.timeout) as resp:
                return Reply(resp.status, resp.read(), dict(resp.headers.items()))
        except urllib.error.HTTPError as e:
            return Reply(e.code, e.read(), dict(e.headers.items()))

    def _signed(
        self, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> Reply:
        signature = sign(self.signing_secret, body, int(self.clock()))
        self.last_sent = (body, {"Content-Type": content_type, **signature, **(headers or {})})
        return self.raw(*self.last_sent)

    def replay(self, headers: dict[str, str] | None = None) -> Reply:
        """Send the last signed request again, byte for byte (plus `headers`), as an attacker could."""
        assert self.last_sent is not None, "nothing sent yet"
        body, sent = self.last_sent
        return self.raw(body, {**sent, **(headers or {})})

    # The three ways Slack delivers; SocketSender sends the same payloads over Socket Mode instead.

    def _payload(self, payload: dict[str, Any]) -> Reply:
        """An interaction (block_actions, view_submission, message_action...)."""
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self._signed(body, "application/x-www-form-urlencoded")

    def _command(self, fields: dict[str, str]) -> Reply:
        """A slash command's form fields."""
        return self._signed(urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def _event(
        self, envelope: dict[str, Any], retry_num: int | None, retry_reason: str | None
    ) -> Reply:
        """An Events API event_callback; retry_num adds Slack's redelivery headers."""
        headers = {}
        if retry_num is not None:
            headers = {
                "X-Slack-Retry-Num": str(retry_num),
                "X-Slack-Retry-Reason": retry_reason or "http_timeout",
            }
        return self._signed(json.dumps(envelope).encode(), "application/json", headers)

    # -- the parts every payload shares --------------------------------------------------

    def _ts(self) -> str:
        return self.fake.new_ts() if self.fake else f"{time.time():.6f}"

    def _trigger(self, user: str) -> str:
        if self.fake:
            return self.fake.issue_trigger(user)
        return f"{next(self._seq)}.{int(self.clock())}.{secrets.token_hex(8)}"

    def _response_url(self, channel: str, user: str, ts: str | None = None) -> str:
        if self.fake:
            return self.fake.new_response_url(
                (channel, ts) if ts else None, channel=channel, user=user
            )
        return f"http://127.0.0.1:9/respond/{next(self._seq)}"  # the discard port: fails fast

    def _user(self, user: str, team_id: str | None) -> dict[str, Any]:
        known = self.fake.users.get(user) if self.fake else None
        name = known.name if known else user.lower()
        return {"id": user, "username": name, "name": name, "team_id": team_id or self.team_id}

    def _team(self, team_id: str | None) -> dict[str, Any]:
        return {"id": team_id or self.team_id, "domain": "teamtrack"}

    def _channel(self, channel: str) -> dict[str, str]:
        known = self.fake.channels.get(channel) if self.fake else None
        if channel.startswith("D"):
            return {"id": channel, "name": "directmessage"}
        return {"id": channel, "name": known.name if known else channel.lower()}

    def _common(self, kind: str, user: str, team_id: str | None, org: Org) -> dict[str, Any]:
        """Fields every interaction shares; `org` adds Enterprise Grid's as Slack sends them."""
        team: dict[str, Any] | None = self._team(team_id)
        enterprise = {"id": org.enterprise_id, "name": "Org"} if org.enterprise_id else None
        if org.enterprise_id and team is not None:
            team["enterprise_id"] = org.enterprise_id
        if org.is_enterprise_install and team_id is None:
            team = (
                None  # an org-wide install's interaction may carry no team; user.team_id names it
            )
        return {
            "type": kind,
            "token": "verification-token",
            "team": team,
            "user": self._user(user, org.user_team_id or team_id),
            "api_app_id": self.api_app_id,
            "trigger_id": self._trigger(user),
            "is_enterprise_install": org.is_enterprise_install,
            "enterprise": enterprise,
        }

    def _view(
        self,
        view: dict[str, Any] | View,
        values: dict[str, Any] | None,
        team_id: str | None = None,
        installed_team_id: str | None = None,
    ) -> dict[str, Any]:
        """The view as Slack would send it back (found in the fake when it opened it), with state.

        From another workspace (`team_id`) the view is that workspace's own installation's, unless
        `installed_team_id` says it was opened by the installation in a shared channel (Slack Connect).
        """
        found = view if isinstance(view, View) else None
        if found is None and self.fake:
            found = self.fake.views.get(view.get("id") or "")  # type: ignore[union-attr]
            if found is None:
                same = [v for v in self.fake.views.values() if v.view == view]
                found = next((v for v in reversed(same) if v.is_open), same[-1] if same else None)
        if found is None:
            assert isinstance(view, dict)
            vid = view.get("id") or f"V{next(self._seq):08d}"
            kind = view.get("type", "modal")
            found = View(vid, None, view, view.get("hash", ""), kind, team_id=self.team_id)
        shown = found.payload()
        shown["state"]["values"] = _expand(shown, values)
        if team_id and team_id != self.team_id:
            shown["team_id"] = team_id
            shown["app_installed_team_id"] = installed_team_id or team_id
        return shown

    # -- what a user does ------------------------------------------------------------------

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
                _option(selected_option) if isinstance(selected_option, str) else selected_option
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
