"""The records behind FakeSlack (users, channels, files, messages, views, calls), in Web API shape."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


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
