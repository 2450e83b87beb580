"""conversations.* and users.*: channels, DMs, history, threads and members."""

from __future__ import annotations

import time
from typing import Any

from bot.testing.fake_records import Channel, SlackError
from bot.testing.fake_state import Workspace
from bot.testing.web_api.checks import Args, required, truthy


def _page(items: list[Any], a: Args, key: str, default_limit: int) -> Args:
    """Cursor pagination: the cursor is the offset as a string."""
    start = int(a.get("cursor") or 0)
    limit = int(a.get("limit") or 0) or default_limit or len(items) or 1
    end = start + limit
    return {
        key: items[start:end],
        "response_metadata": {"next_cursor": str(end) if end < len(items) else ""},
    }


def conversations_open(ws: Workspace, a: Args) -> Args:
    users = a.get("users") or ""
    users = users.split(",") if isinstance(users, str) else list(users)
    users = [u.strip() for u in users if u.strip()]
    if len(users) != 1:
        # Group DMs are not modelled; TeamTrack only ever DMs one person.
        raise SlackError("not_enough_users" if not users else "too_many_users")
    channel = ws.dm_channel(users[0])
    body = ws.channels[channel].to_dict() if truthy(a.get("return_im")) else {"id": channel}
    return {"no_op": True, "already_open": True, "channel": body}


def _channel(ws: Workspace, a: Args) -> Channel:
    ch = ws.channels.get(str(a.get("channel") or ""))
    if ch is None:
        raise SlackError("channel_not_found")
    return ch


def conversations_info(ws: Workspace, a: Args) -> Args:
    return {"channel": _channel(ws, a).to_dict()}


def conversations_members(ws: Workspace, a: Args) -> Args:
    return _page(list(_channel(ws, a).members), a, "members", 100)


def history(ws: Workspace, a: Args) -> Args:
    ch = _channel(ws, a)
    top = [
        m
        for m in ws.channel_messages(ch.id)
        if m.ephemeral_to is None and (not m.thread_ts or m.thread_ts == m.ts or m.reply_broadcast)
    ]
    return {"has_more": False, **_page([m.to_dict() for m in reversed(top)], a, "messages", 100)}


def replies(ws: Workspace, a: Args) -> Args:
    ch, ts = _channel(ws, a), required(a, "ts", "thread_not_found")
    thread = [
        m
        for m in ws.channel_messages(ch.id)
        if m.ephemeral_to is None and (m.ts == ts or m.thread_ts == ts)
    ]
    if not thread:
        raise SlackError("thread_not_found")
    return {"has_more": False, **_page([m.to_dict() for m in thread], a, "messages", 100)}


def users_info(ws: Workspace, a: Args) -> Args:
    user = ws.users.get(str(a.get("user") or ""))
    if user is None:
        raise SlackError("user_not_found")
    wants_locale = str(a.get("include_locale", "")).lower() in ("1", "true")
    return {"user": user.to_dict(ws.team_id, include_locale=wants_locale)}


def users_list(ws: Workspace, a: Args) -> Args:
    return {
        "cache_ts": int(time.time()),
        **_page([u.to_dict(ws.team_id) for u in ws.users.values()], a, "members", 0),
    }
