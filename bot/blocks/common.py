"""Replies, errors and help shared by every command."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.i18n.markup import escape_mrkdwn


@dataclass
class Reply:
    """What a command answers: ephemeral unless `in_channel`; `after` runs once the change is committed."""

    text: str
    blocks: list[dict[str, Any]] | None = None
    in_channel: bool = False
    after: list[Callable[[], None]] = field(default_factory=list)

    def to_ack(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "response_type": "in_channel" if self.in_channel else "ephemeral",
            "text": self.text,
        }
        if self.blocks:
            body["blocks"] = self.blocks
        return body


def with_closed_note(reply: Reply, note: str) -> Reply:
    """A read reply on a closed project, saying so: under its header, or after its text."""
    line = f":lock: {note}"
    if not reply.blocks:
        reply.text = f"{reply.text}\n{line}" if reply.text else line
        return reply
    at = 1 if reply.blocks[0].get("type") == "header" else 0
    reply.blocks.insert(at, context(line).to_dict())
    return reply


def dicts(blocks: Iterable[Block]) -> list[dict[str, Any]]:
    return [block.to_dict() for block in blocks]


def mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)


def section(text: str, **kwargs: Any) -> SectionBlock:
    return SectionBlock(text=mrkdwn(text), **kwargs)


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=text[:150], emoji=True))


def context(*parts: str) -> ContextBlock:
    return ContextBlock(elements=[mrkdwn(p) for p in parts])


def divider() -> DividerBlock:
    return DividerBlock()


def safe(text: str | None) -> str:
    """User text made inert for mrkdwn: no pings, no fake mentions."""
    return escape_mrkdwn(text or "")


def day_label(day: date) -> str:
    """A day as people say it: `Fri Dec 4`."""
    return f"{day:%a %b} {day.day}"


def user(user_id: str | None) -> str:
    return f"<@{user_id}>" if user_id else "_nobody_"


def error_reply(message: str, example: str | None = None) -> Reply:
    """A refusal: `message` is mrkdwn already in the reader's language (`Tr.error`)."""
    text = f":warning: {message}"
    if example:
        text += f"\nFor example: `{example}`"
    return Reply(text=text)


def help_reply(
    command: str, verbs: list[tuple[str, str]], intro: str, *, title: str | None = None
) -> Reply:
    """A command's help: `verbs` as (usage, what it does, mrkdwn); `title` in the reader's language
    (plain text), else `<command> help`."""
    lines = [f"`{command} {usage}` — {what}" for usage, what in verbs]
    title = title or f"{command} help"
    blocks = [header(title), section(intro), section("\n".join(lines))]
    return Reply(text=title, blocks=dicts(blocks))


def modal(
    callback_id: str,
    title: str,
    submit: str,
    meta: dict[str, Any],
    blocks: list[Any],
    *,
    close: str = "Cancel",
) -> dict[str, Any]:
    """A modal as `views.open` takes it; `meta` comes back as private_metadata on submission."""
    return View(
        type="modal",
        callback_id=callback_id,
        title=PlainTextObject(text=title[:24]),  # Slack's limit
        submit=PlainTextObject(text=submit),
        close=PlainTextObject(text=close),
        private_metadata=json.dumps(meta),
        blocks=blocks,
    ).to_dict()
