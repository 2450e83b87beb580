"""The workspace behind FakeSlack: users, channels, messages, views and files, and their rules."""

from __future__ import annotations

import itertools
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

Listener = Callable[[str, object], None]


def _ts_key(ts: str) -> tuple[int, int]:
    """A message ts ("1764000000.000100") as numbers, so ts order is time order."""
    seconds, _, micros = ts.partition(".")
    return int(seconds), int(micros or 0)


class SlackError(Exception):
    """A Web API failure, answered as {"ok": false, "error": code, **extra}."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.extra = extra


@dataclass
class Call:
    """One Web API request as the fake saw it; status is 0 when the connection was dropped."""

    method: str
    args: dict[str, Any]
    token: str | None
    status: int
    at: float
    response: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """True when Slack answered 200 with ok: true."""
        return self.status == 200 and bool(self.response and self.response.get("ok"))


@dataclass
class User:
    """A workspace member."""

    id: str
    name: str
    real_name: str
    tz: str = "Asia/Shanghai"
    is_bot: bool = False
    deleted: bool = False
    locale: str = "en-US"

    def to_dict(self, team_id: str, *, include_locale: bool = False) -> dict[str, Any]:
        """The user object users.info returns."""
        try:
            now = datetime.now(ZoneInfo(self.tz))
        except ZoneInfoNotFoundError:
            now = datetime.now(ZoneInfo("UTC"))
        offset = now.utcoffset()
        profile = {
            "real_name": self.real_name,
            "real_name_normalized": self.real_name,
            "display_name": self.name,
            "display_name_normalized": self.name,
            "team": team_id,
            "image_48": "",
        }
        found = {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "deleted": self.deleted,
            "real_name": self.real_name,
            "tz": self.tz,
            "tz_label": now.tzname() or self.tz,
            "tz_offset": int(offset.total_seconds()) if offset else 0,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "profile": profile,
            "updated": 0,
        }
        if include_locale:  # as Slack: the locale only when asked for
            found["locale"] = self.locale
        return found


@dataclass
class Channel:
    """A channel, or a DM when im_user is set."""

    id: str
    name: str
    members: list[str] = field(default_factory=list)
    is_private: bool = False
    im_user: str | None = None  # set for a DM channel: the human on the other side
    created: int = field(default_factory=lambda: int(time.time()))

    def to_dict(self) -> dict[str, Any]:
        """The conversation object conversations.info returns."""
        if self.im_user:
            return {"id": self.id, "is_im": True, "user": self.im_user, "created": self.created}
        return {
            "id": self.id,
            "name": self.name,
            "is_channel": not self.is_private,
            "is_group": self.is_private,
            "is_im": False,
            "is_private": self.is_private,
            "is_member": True,
            "is_archived": False,
            "created": self.created,
            "num_members": len(self.members),
        }


@dataclass
class File:
    """A file uploaded through files.getUploadURLExternal and shared by completeUploadExternal."""

    id: str
    title: str
    filename: str
    content: bytes = field(default=b"", repr=False)
    channel: str | None = None
    thread_ts: str | None = None
    initial_comment: str | None = None
    length: int = 0  # as announced to files.getUploadURLExternal
    uploaded: bool = False
    shared: bool = False
    user: str = ""
    url_private: str = ""
    created: int = field(default_factory=lambda: int(time.time()))

    def to_dict(self) -> dict[str, Any]:
        """The file object files.info returns."""
        ext = self.filename.rsplit(".", 1)[-1].lower() if "." in self.filename else ""
        return {
            "id": self.id,
            "created": self.created,
            "timestamp": self.created,
            "name": self.filename,
            "title": self.title,
            "filetype": ext,
            "user": self.user,
            "size": len(self.content),
            "url_private": self.url_private,
            "url_private_download": self.url_private,
            "channels": [self.channel] if self.channel else [],
        }


@dataclass
class Message:
    """A posted message, thread reply or ephemeral; kept (flagged) when deleted."""

    channel: str
    ts: str
    user: str
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    thread_ts: str | None = None
    files: list[File] = field(default_factory=list)
    updated_count: int = 0
    ephemeral_to: str | None = None
    deleted: bool = False
    bot_id: str | None = None
    reply_broadcast: bool = False
    reply_count: int = 0
    reactions: dict[str, list[str]] = field(default_factory=dict)
    attachments: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The message object as the Web API and interaction payloads show it."""
        out: dict[str, Any] = {
            "type": "message",
            "ts": self.ts,
            "user": self.user,
            "text": self.text,
        }
        if self.bot_id:
            out["bot_id"] = self.bot_id
        if self.blocks:
            out["blocks"] = self.blocks
        if self.attachments:
            out["attachments"] = self.attachments
        if self.thread_ts:
            out["thread_ts"] = self.thread_ts
        if self.reply_broadcast:
            out["subtype"] = "thread_broadcast"
        if self.reply_count:
            out.update(thread_ts=self.ts, reply_count=self.reply_count)
        if self.files:
            out["files"] = [f.to_dict() for f in self.files]
        if self.updated_count:
            out["edited"] = {"user": self.user, "ts": self.ts}
        if self.reactions:
            out["reactions"] = [
                {"name": n, "users": list(us), "count": len(us)} for n, us in self.reactions.items()
            ]
        return out


@dataclass(frozen=True)
class Install:
    """An installation the fake issued a token for: what auth.test and the bot's posts say."""

    team_id: str | None  # None for an org-wide Enterprise Grid install
    enterprise_id: str | None
    is_enterprise_install: bool
    bot_id: str


@dataclass
class View:
    """A modal or App Home view; view is the dict as the app posted it."""

    id: str
    user: str | None
    view: dict[str, Any]
    hash: str
    kind: str  # "modal" | "home"
    root_view_id: str | None = None
    previous_view_id: str | None = None
    is_open: bool = True  # a modal closes when its submission is acked without a view change
    team_id: str = ""
    app_id: str = ""
    bot_id: str = ""

    @property
    def external_id(self) -> str:
        """The app's own id for the view, if it gave one."""
        return self.view.get("external_id") or ""

    def payload(self, values: dict[str, Any] | None = None) -> dict[str, Any]:
        """The view object as Slack sends it in responses and interaction payloads."""
        v = self.view
        return {
            "id": self.id,
            "team_id": self.team_id,
            "type": v.get("type", self.kind),
            "title": v.get("title"),
            "submit": v.get("submit"),
            "close": v.get("close"),
            "blocks": v.get("blocks", []),
            "private_metadata": v.get("private_metadata", ""),
            "callback_id": v.get("callback_id", ""),
            "state": {"values": values or {}},
            "hash": self.hash,
            "clear_on_close": bool(v.get("clear_on_close", False)),
            "notify_on_close": bool(v.get("notify_on_close", False)),
            "root_view_id": self.root_view_id or self.id,
            "previous_view_id": self.previous_view_id,
            "app_id": self.app_id,
            "external_id": self.external_id,
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }


@dataclass
class ResponseUrlPost:
    """A POST the app made to a response_url."""

    url: str
    body: dict[str, Any]
    for_message: tuple[str, str] | None
    channel: str | None
    user: str | None
    at: float
    message: Message | None = None  # the message it created, replaced or deleted


class Workspace:
    """Workspace state under one lock; listeners hear of changes after the lock is released."""

    def __init__(self, *, team_id: str, bot_user_id: str, bot_id: str, app_id: str) -> None:
        self.team_id, self.bot_user_id, self.bot_id, self.app_id = (
            team_id,
            bot_user_id,
            bot_id,
            app_id,
        )
        self.root_url = ""
        # An org-wide Enterprise Grid install: auth.test names the org, not one workspace.
        self.enterprise_id: str | None = None
        self.is_enterprise_install = False
        # OAuth installs: codes waiting for oauth.v2.access, and the bot token each team got.
        self.install_codes: dict[str, Install] = {}
        self.tokens: dict[str, str] = {}
        self.installs: dict[str, Install] = {}  # by team id (org id for an org-wide install)
        self.revoked: set[str] = set()
        self._acting: Install | None = None  # the installation whose token the current call has
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: list[Message] = []
        self.views: dict[str, View] = {}
        self.files: dict[str, File] = {}
        self.responses: list[ResponseUrlPost] = []
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        # Dispatch is serialised so listeners see changes in the order they happened.
        self._dispatch_lock = threading.RLock()
        self._pending: list[tuple[str, object]] = []
        self._depth = 0
        self._listeners: list[Listener] = []
        self._ids = itertools.count(1)
        self._last_ts = 0
        self._triggers: dict[str, tuple[str | None, float, bool]] = {}
        self.trigger_ttl: float | None = 3.0  # Slack expires trigger_ids after 3 s
        self.users[bot_user_id] = User(bot_user_id, "teamtrack", "TeamTrack", is_bot=True)

    # -- locking and notification --------------------------------------------------------

    @contextmanager
    def _mutate(self) -> Iterator[None]:
        # Only the outermost change flushes, so listeners never run while the lock is held.
        self._lock.acquire()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            outermost = self._depth == 0
            self._lock.release()
            if outermost:
                self._flush()

    def _emit(self, kind: str, obj: object) -> None:
        self._pending.append((kind, obj))
        self._changed.notify_all()

    def _flush(self) -> None:
        with self._dispatch_lock:
            with self._lock:
                events, self._pending = self._pending, []
            for kind, obj in events:
                for fn in list(self._listeners):
                    try:
                        fn(kind, obj)
                    except Exception:  # a broken listener must not break the Web API
                        log.exception("FakeSlack listener failed on %s", kind)

    def subscribe(self, fn: Listener) -> None:
        """Call fn(kind, obj) after each change: call, message, message_changed, view, file, response, user, channel."""
        self._listeners.append(fn)

    def wait_until(
        self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = ""
    ) -> None:
        """Block until predicate() holds (checked on every change); AssertionError on timeout."""
        with self._changed:
            if not self._changed.wait_for(predicate, timeout):
                raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")

    # -- ids -------------------------------------------------------------------------------

    def new_ts(self) -> str:
        """A message ts from the wall clock, strictly increasing."""
        with self._lock:
            self._last_ts = max(int(time.time() * 1_000_000), self._last_ts + 1)
            return f"{self._last_ts // 1_000_000}.{self._last_ts % 1_000_000:06d}"

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08d}"

    def _new_hash(self) -> str:
        return f"{int(time.time())}.{next(self._ids):08x}"

    def issue_trigger(self, user: str | None = None) -> str:
        """A fresh trigger_id, remembered with its user and time so views.open can check it."""
        with self._lock:
            n = next(self._ids)
            # Unique across restarts too, as Slack's are: a counter alone repeats after one.
            trigger = f"{n}.{int(time.time())}.{secrets.token_hex(8)}"
            self._triggers[trigger] = (user, time.monotonic(), False)
            return trigger

    def _use_trigger(self, trigger: str) -> str | None:
        user, issued, used = self._triggers.get(trigger, (None, time.monotonic(), False))
        if used:
            raise SlackError("exchanged_trigger_id")
        if self.trigger_ttl is not None and time.monotonic() - issued > self.trigger_ttl:
            raise SlackError("expired_trigger_id")
        self._triggers[trigger] = (user, issued, True)
        return user

    # -- users and channels ------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        real_name: str | None = None,
        tz: str = "Asia/Shanghai",
        is_bot: bool = False,
        deleted: bool = False,
        locale: str = "en-US",
    ) -> User:
        """Add (or replace) a workspace member."""
        with self._mutate():
            user = User(user_id, name, real_name or name, tz, is_bot, deleted, locale)
            self.users[user_id] = user
            self._emit("user", user)
        return user

    def set_locale(self, user_id: str, locale: str) -> User:
        """A person picks another language in Slack's preferences (Slack then sends `user_change`)."""
        with self._mutate():
            user = self.users[user_id]
            user.locale = locale
            self._emit("user", user)
        return user

    def add_channel(
        self, channel_id: str, name: str, *, members: Iterable[str] = (), is_private: bool = False
    ) -> Channel:
        """Add (or replace) a channel; the bot is always a member."""
        ids = list(members)
        ids += [] if self.bot_user_id in ids else [self.bot_user_id]
        with self._mutate():
            ch = Channel(channel_id, name, ids, is_private)
            self.channels[channel_id] = ch
            self._emit("channel", ch)
        return ch

    def dm_channel(self, user_id: str) -> str:
        """The stable DM channel id between the bot and a user, created on first use."""
        with self._mutate():
            channel_id = "D" + user_id[1:]
            if channel_id not in self.channels:
                ch = Channel(
                    channel_id, user_id, [user_id, self.bot_user_id], True, im_user=user_id
                )
                self.channels[channel_id] = ch
                self._emit("channel", ch)
        return channel_id

    def resolve_channel(self, channel: Any) -> str:
        """A channel id for a channel id, a #name or a user id (meaning the DM), as Slack does."""
        if not channel or not isinstance(channel, str):
            raise SlackError("channel_not_found")
        if channel[0] in "UW":
            return self.dm_channel(channel)
        name = channel.lstrip("#")
        for ch in self.channels.values():
            if ch.name == name and not ch.im_user:
                return ch.id
        if channel[0] in "CGD" and channel[1:].isalnum() and channel.isupper():
            if channel not in self.channels:
                # Unknown ids are accepted so tests need not declare every channel first.
                self.add_channel(channel, channel.lower())
            return channel
        raise SlackError("channel_not_found")

    # -- messages ------------------------------------------------------------------------

    def add_message(
        self,
        channel: str,
        user: str,
        text: str,
        *,
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
        ephemeral_to: str | None = None,
        reply_broadcast: bool = False,
        files: list[File] | None = None,
        attachments: list[dict[str, Any]] | None = None,
        ts: str | None = None,
    ) -> Message:
        """Store a message (a thread reply when thread_ts is set) with a fresh ts, or with `ts`
        reserved earlier from new_ts(), placed among later messages as Slack orders them: by ts."""
        with self._mutate():
            is_bot = user == self.bot_user_id
            msg = Message(
                channel=channel,
                ts=ts or self.new_ts(),
                user=user,
                text=text,
                blocks=list(blocks or []),
                thread_ts=thread_ts,
                files=list(files or []),
                ephemeral_to=ephemeral_to,
                bot_id=self.acting().bot_id if is_bot else None,
                reply_broadcast=reply_broadcast,
                attachments=list(attachments or []),
            )
            at = len(self.messages)
            while at and _ts_key(self.messages[at - 1].ts) > _ts_key(msg.ts):
                at -= 1
            self.messages.insert(at, msg)
            self._emit("message", msg)
            parent = (
                self.find_message(channel, thread_ts) if thread_ts and not ephemeral_to else None
            )
            if parent is not None and parent is not msg:
                parent.reply_count += 1
                self._emit("message_changed", parent)
        return msg

    def post_user_message(
        self, channel: str, user: str, text: str, thread_ts: str | None = None
    ) -> Message:
        """A message typed by a human (the sandbox's composer)."""
        return self.add_message(self.resolve_channel(channel), user, text, thread_ts=thread_ts)

    def find_message(
        self, channel: str, ts: str | None, *, include_ephemeral: bool = False
    ) -> Message | None:
        """The live message at (channel, ts), or None."""
        with self._lock:
            for msg in reversed(self.messages):
                visible = include_ephemeral or msg.ephemeral_to is None
                if msg.channel == channel and msg.ts == ts and not msg.deleted and visible:
                    return msg
        return None

    def channel_messages(self, channel: str, *, include_deleted: bool = False) -> list[Message]:
        """Messages in a channel (or a user's DM) in ts order, thread replies and ephemerals included."""
        channel = "D" + channel[1:] if channel[:1] in "UW" else channel
        with self._lock:
            return [
                m
                for m in self.messages
                if m.channel == channel and (include_deleted or not m.deleted)
            ]

    def acting(self) -> Install:
        """The installation the current Web API call speaks for: the token's with OAuth, else this
        workspace's own (its bot posts the messages and opens the views)."""
        return self._acting or Install(
            None if self.is_enterprise_install else self.team_id,
            self.enterprise_id,
            self.is_enterprise_install,
            self.bot_id,
        )

    def _changed_message(self, msg: Message, **changes: Any) -> None:
        for key, value in changes.items():
            setattr(msg, key, value)
        self._emit("message_changed", msg)

    # -- views ---------------------------------------------------------------------------

    def _new_view(
        self,
        user: str | None,
        view: dict[str, Any],
        kind: str,
        *,
        root: str | None = None,
        prev: str | None = None,
    ) -> View:
        external_id = view.get("external_id")
        if external_id and any(v.external_id == external_id for v in self.views.values()):
            raise SlackError("duplicate_external_id")
        vid = self._new_id("V")
        v = View(
            vid,
            user,
            view,
            self._new_hash(),
            kind,
            root or vid,
            prev,
            True,
            self.acting().team_id or self.team_id,
            self.app_id,
            self.acting().bot_id,
        )
        self.views[vid] = v
        self._emit("view", v)
        return v

    def modal_stack(self, user: str | None) -> list[View]:
        """The user's open modals, root first."""
        with self._lock:
            return [
                v for v in self.views.values() if v.kind == "modal" and v.user == user and v.is_open
            ]

    def home_view(self, user: str) -> dict[str, Any] | None:
        """The App Home view last published for a user, as posted."""
        with self._lock:
            for v in self.views.values():
                if v.kind == "home" and v.user == user:
                    return v.view
        return None

    def apply_view_ack(self, view_id: str, ack: dict[str, Any] | None) -> None:
        """Do to the modal stack what Slack does with a view_submission ack."""
        with self._mutate():
            v = self.views.get(view_id)
            if v is None or v.kind != "modal":
                return
            action = (ack or {}).get("response_action")
            if action == "errors":
                return
            if action == "update":
                v.view, v.hash = ack["view"], self._new_hash()  # type: ignore[index]
                self._emit("view", v)
            elif action == "push":
                self._new_view(v.user, ack["view"], "modal", root=v.root_view_id, prev=v.id)  # type: ignore[index]
            else:
                closing = self.modal_stack(v.user) if action == "clear" else [v]
                for each in closing:
                    each.is_open = False
                    self._emit("view", each)
