"""chat.* and reactions.add: the bot's messages, posted, changed, deleted, linked, reacted to."""

from __future__ import annotations

from typing import Any

from bot.testing.fake_records import Message, SlackError
from bot.testing.fake_state import Workspace
from bot.testing.web_api.checks import Args, check_blocks, required, truthy

Content = tuple[str, list[dict[str, Any]], list[dict[str, Any]]]  # text, blocks, attachments


def _content(a: Args) -> Content:
    text = str(a.get("text") or "")
    blocks = check_blocks(a.get("blocks"), 50)
    attachments = a.get("attachments") or []
    if not (text or blocks or attachments):
        raise SlackError("no_text")
    if len(text) > 40_000:
        raise SlackError("msg_too_long")
    return text, blocks, attachments


def _own_message(ws: Workspace, a: Args, ts_key: str = "ts") -> Message:
    msg = ws.find_message(ws.resolve_channel(a.get("channel")), a.get(ts_key))
    if msg is None:
        raise SlackError("message_not_found")
    return msg


def _bot_message(ws: Workspace, channel: str, a: Args, content: Content, **extra: Any) -> Message:
    """The bot's message from a chat.post* call's checked content, in its thread if it names one."""
    text, blocks, attachments = content
    return ws.add_message(
        channel,
        ws.bot_user_id,
        text,
        blocks=blocks,
        attachments=attachments,
        thread_ts=a.get("thread_ts") or None,
        **extra,
    )


def post_message(ws: Workspace, a: Args) -> Args:
    channel = ws.resolve_channel(a.get("channel"))
    content = _content(a)
    msg = _bot_message(ws, channel, a, content, reply_broadcast=truthy(a.get("reply_broadcast")))
    return {"channel": channel, "ts": msg.ts, "message": msg.to_dict()}


def post_ephemeral(ws: Workspace, a: Args) -> Args:
    channel = ws.resolve_channel(a.get("channel"))
    user = required(a, "user", "user_not_found")
    content = _content(a)
    ch = ws.channels.get(channel)
    # Membership is only known for channels declared with members (more than just the bot).
    if ch and not ch.im_user and len(ch.members) > 1 and user not in ch.members:
        raise SlackError("user_not_in_channel")
    msg = _bot_message(ws, channel, a, content, ephemeral_to=user)
    return {"message_ts": msg.ts}


def update(ws: Workspace, a: Args) -> Args:
    msg = _own_message(ws, a)
    if msg.user != ws.bot_user_id:
        raise SlackError("cant_update_message")
    if all(a.get(k) is None for k in ("text", "blocks", "attachments")):
        raise SlackError("no_text")
    # Like Slack, fields left out keep their old value; an empty list clears blocks.
    blocks = check_blocks(a["blocks"], 50) if a.get("blocks") is not None else msg.blocks
    text = str(a["text"]) if a.get("text") is not None else msg.text
    ws._changed_message(msg, text=text, blocks=blocks, updated_count=msg.updated_count + 1)
    return {"channel": msg.channel, "ts": msg.ts, "text": msg.text, "message": msg.to_dict()}


def delete(ws: Workspace, a: Args) -> Args:
    msg = _own_message(ws, a)
    if msg.user != ws.bot_user_id:
        raise SlackError("cant_delete_message")
    ws._changed_message(msg, deleted=True)
    return {"channel": msg.channel, "ts": msg.ts}


def permalink(ws: Workspace, a: Args) -> Args:
    msg = _own_message(ws, a, "message_ts")
    link = f"{ws.root_url}/archives/{msg.channel}/p{msg.ts.replace('.', '')}"
    if msg.thread_ts:
        link += f"?thread_ts={msg.thread_ts}&cid={msg.channel}"
    return {"channel": msg.channel, "permalink": link}


def reactions_add(ws: Workspace, a: Args) -> Args:
    msg = _own_message(ws, a, "timestamp")
    name = str(required(a, "name", "invalid_name")).strip(":")
    users = msg.reactions.get(name, [])
    if ws.bot_user_id in users:
        raise SlackError("already_reacted")
    ws._changed_message(msg, reactions={**msg.reactions, name: [*users, ws.bot_user_id]})
    return {}
