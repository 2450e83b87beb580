"""The new-task modal (bare `/task` and the "Create task from message" shortcut)."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
    UserSelectElement,
)

from bot.blocks.common import context, modal
from bot.store.models import PRIORITIES, Project

TASK_MODAL = "task_new"


def _text(block_id: str, label: str, hint: str = "", initial: str | None = None, *, optional: bool = True, max_length: int | None = None) -> InputBlock:  # fmt: skip
    return InputBlock(
        block_id=block_id,
        label=PlainTextObject(text=label),
        optional=optional,
        element=PlainTextInputElement(
            action_id="value",
            placeholder=PlainTextObject(text=hint) if hint else None,
            initial_value=initial or None,
            max_length=max_length,
        ),
    )


def _date(block_id: str, label: str) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=PlainTextObject(text=label),
        optional=True,
        element=DatePickerElement(action_id="value"),
    )


def task_modal(
    project: Project,
    channel_id: str,
    *,
    title: str | None = None,
    permalink: str | None = None,
) -> dict[str, Any]:
    """Title, owner (a user picker), start and due (date pickers), estimate, priority, milestone, depends on."""
    prio = [Option(text=p, value=p) for p in PRIORITIES]
    blocks: list[Any] = [
        _text("title", "Title", "Design member schema", title, optional=False, max_length=300),
        InputBlock(
            block_id="owner",
            label=PlainTextObject(text="Owner"),
            optional=True,
            element=UserSelectElement(action_id="value"),
        ),
        _date("start", "Start"),
        _date("due", "Due"),
        _text("est", "Estimate", "8h"),
        InputBlock(
            block_id="prio",
            label=PlainTextObject(text="Priority"),
            optional=True,
            element=StaticSelectElement(action_id="value", options=prio, initial_option=prio[1]),
        ),
        _text("milestone", "Milestone", "M-1"),
        _text("after", "Depends on", "T-3, T-4"),
    ]
    if permalink:
        blocks.append(context(f":link: From <{permalink}|this message>"))
    meta = {"project_id": project.id, "channel_id": channel_id, "permalink": permalink}
    return modal(TASK_MODAL, f"New task in {project.key}", "Add", meta, blocks)
