"""The workspace behind FakeSlack: users, channels, messages, views and files, and their rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bot.testing.fake_ids import Ids
from bot.testing.fake_records import Channel, Install, Message, SlackError, User, View

if TYPE_CHECKING:
    from bot.testing.fake_records import File, ResponseUrlPost


def _ts_key(ts: str) -> tuple[int, int]:
    """A message ts ("1764000000.000100") as numbers, so ts order is time order."""
    seconds, _, micros = ts.partition(".")
    return int(seconds), int(micros or 0)


class Workspace(Ids):
    """Workspace state under one lock; listeners hear of changes after the lock is released."""

    def __init__(self, *, team_id: str, bot_user_id: str, bot_id: str, app_id: str) -> None:
        super().__init__()
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
        self.users[bot_user_id] = User(bot_user_id, "teamtrack", "TeamTrack", is_bot=True)

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
