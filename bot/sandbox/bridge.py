"""What a person does in the page, sent to the bot exactly as Slack would send it."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from bot.sandbox.store import SLACKBOT
from bot.testing.fake_slack import FakeSlack
from bot.testing.signed import Reply, SlackSender

log = logging.getLogger(__name__)

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"
LOCALES = {"en": "en-US", "zh": "zh-CN"}  # the page's language switch: Slack locales
_MENTION = re.compile(r"(?<![<\w|])@([a-z0-9._-]+)")
_CHANNEL = re.compile(r"(?<![<\w|])#([a-z0-9_-]+)")


def manifest_commands() -> set[str] | None:
    """Slash commands the manifest declares; None when it can't be read (an installed wheel)."""
    try:
        text = MANIFEST.read_text()
    except OSError:
        return None
    return set(re.findall(r"^\s*-\s*command:\s*(/[\w-]+)", text, re.M)) or None


def manifest_shortcuts() -> list[dict[str, str]]:
    """The manifest's message shortcuts: [{name, callback_id}]."""
    try:
        text = MANIFEST.read_text()
    except OSError:
        return []
    found = re.findall(
        r"-\s*name:\s*(.+?)\s*\n\s*type:\s*message\s*\n\s*callback_id:\s*(\S+)", text
    )
    return [{"name": name.strip("\"'"), "callback_id": cid} for name, cid in found]


class Bridge:
    """Turns page actions into signed slash commands, events and interactions."""

    def __init__(self, fake: FakeSlack, sender: SlackSender, *, timeout: float = 3.0) -> None:
        self.fake, self.sender = fake, sender
        self.no_answer = f"the app did not answer within {timeout:g} s"
        self.commands = manifest_commands()
        self.shortcuts = manifest_shortcuts()

    # -- text as the Slack client sends it -----------------------------------------------

    def encode(self, text: str, *, escaped_names: bool) -> str:
        """@name and #channel become Slack's <@U…> and <#C…|name>, as the client does."""
        names = {u.name: u.id for u in self.fake.users.values() if not u.is_bot}
        channels = {c.name: c.id for c in self.fake.channels.values() if not c.im_user}

        def user(m: re.Match[str]) -> str:
            uid = names.get(m.group(1))
            if uid is None:
                return m.group(0)
            return f"<@{uid}|{m.group(1)}>" if escaped_names else f"<@{uid}>"

        def channel(m: re.Match[str]) -> str:
            cid = channels.get(m.group(1))
            return f"<#{cid}|{m.group(1)}>" if cid else m.group(0)

        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return _CHANNEL.sub(channel, _MENTION.sub(user, text))

    def notice(self, channel: str, user: str, text: str) -> None:
        """A Slackbot line only this person sees, as Slack shows dispatch failures."""
        self.fake.add_message(channel, SLACKBOT, text, ephemeral_to=user)

    def _failed(self, what: str, reply: Reply | None) -> str | None:
        if reply is None:
            return f"{what} failed: {self.no_answer}."
        if reply.status != 200:
            return f'{what} failed with the error "dispatch_failed" (the app answered HTTP {reply.status}).'
        return None

    def _call(self, fn, *args: Any, **kwargs: Any) -> Reply | None:
        try:
            return fn(*args, **kwargs)
        except OSError as exc:  # refused, reset or timed out: the app is down or slow
            log.warning("the app did not answer: %s", exc)
            return None

    # -- the composer -----------------------------------------------------------------------

    def send(self, user: str, channel: str, text: str, thread_ts: str | None) -> dict[str, Any]:
        """A slash command when the text starts with /, else a message (and its event)."""
        text = text.strip()
        if not text:
            return {"ok": False, "error": "empty message"}
        if text.startswith("/"):
            command, _, rest = text.partition(" ")
            if self.commands is not None and command not in self.commands:
                msg = f"{command} is not a valid command. In Slack, messages starting with / are commands."
                self.notice(channel, user, msg)
                return {"ok": False, "error": msg}
            reply = self._call(
                self.sender.command,
                command,
                self.encode(rest.strip(), escaped_names=True),
                user=user,
                channel=channel,
            )
            error = self._failed(command, reply)
            if error:
                self.notice(channel, user, error)
            return {"ok": error is None, "error": error}
        stored = self.fake.post_user_message(
            channel, user, self.encode(text, escaped_names=False), thread_ts
        )
        event = {
            "type": "message",
            "channel": stored.channel,
            "user": user,
            "text": stored.text,
            "ts": stored.ts,
            "team": self.sender.team_id,
            "channel_type": "im" if stored.channel.startswith("D") else "channel",
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        # Slack doesn't tell the writer when an event listener fails, and neither do we.
        self._call(self.sender.event, event)
        return {"ok": True, "error": None}

    # -- interactions -----------------------------------------------------------------------

    def click(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        """A button, select or date picker in a message, App Home or modal."""
        action = dict(body.get("action") or {})
        action_id = str(action.pop("action_id", ""))
        block_id = str(action.pop("block_id", "") or "b")
        value = action.pop("value", None)
        view = self.fake.views.get(str(body.get("view_id") or ""))
        if view is not None:
            reply = self._call(
                self.sender.block_action,
                action_id,
                value,
                user=user,
                view=view,
                values=body.get("values") or {},
                block_id=block_id,
                action=action,
            )
            error = self._failed("That button", reply)
            if error and view.kind == "home":
                self.notice(self.fake.dm_channel(user), user, error)
            return {"ok": error is None, "error": error}
        channel = str(body.get("channel") or "")
        reply = self._call(
            self.sender.block_action,
            action_id,
            value,
            user=user,
            channel=channel,
            message_ts=body.get("ts"),
            block_id=block_id,
            action=action,
        )
        error = self._failed("That button", reply)
        if error:
            self.notice(channel, user, error)
        return {"ok": error is None, "error": error}

    def shortcut(self, user: str, channel: str, ts: str, callback_id: str) -> dict[str, Any]:
        """A message shortcut from a message's "More actions" menu: message_action."""
        msg = self.fake.find_message(channel, ts)
        if msg is None:
            return {"ok": False, "error": "That message is gone."}
        reply = self._call(self.sender.message_shortcut, callback_id, msg, user=user)
        error = self._failed("That shortcut", reply)
        if error:
            self.notice(channel, user, error)
        return {"ok": error is None, "error": error}

    def submit(self, user: str, view_id: str, values: dict[str, Any]) -> dict[str, Any]:
        """A modal's submit button: view_submission; field errors come back to the page."""
        view = self.fake.views.get(view_id)
        if view is None or not view.is_open:
            return {"ok": False, "error": "This modal is closed."}
        reply = self._call(self.sender.view_submission, view, values, user=user)
        error = self._failed("Submitting", reply)
        if error:
            return {"ok": False, "error": error}
        ack = reply.json if reply else None
        if ack and ack.get("response_action") == "errors":
            return {"ok": False, "errors": ack.get("errors") or {}}
        return {"ok": True}

    def close(self, view_id: str) -> dict[str, Any]:
        """Cancel: the modal (and only it) closes, as Slack does without notify_on_close."""
        self.fake.apply_view_ack(view_id, None)
        return {"ok": True}

    def set_language(self, user: str, lang: str) -> dict[str, Any]:
        """The person picks English or 中文 in their Slack preferences: their locale changes and
        Slack sends `user_change` with their profile, as it does for any profile change."""
        locale = LOCALES.get(lang)
        if locale is None:
            return {"ok": False, "error": f"unknown language {lang!r}"}
        changed = self.fake.set_locale(user, locale)
        profile = changed.to_dict(self.sender.team_id, include_locale=True)
        event = {"type": "user_change", "user": profile, "cache_ts": int(self.sender.clock())}
        reply = self._call(self.sender.event, event)
        return {"ok": reply is not None, "error": None if reply else self.no_answer}

    def open_home(self, user: str) -> dict[str, Any]:
        """The person opens the App Home tab: app_home_opened."""
        reply = self._call(self.sender.app_home_opened, user)
        return {"ok": reply is not None, "error": None if reply else self.no_answer}
