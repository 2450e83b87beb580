"""The task modal: new (bare `/task`, the "Create task from message" shortcut) or edit (`/task edit`)."""

from __future__ import annotations

from datetime import date
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
from bot.store.models import PRIORITIES, Project, Task

TASK_MODAL = "task_new"
EDIT_MODAL = "task_edit"


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


def _date(block_id: str, label: str, initial: date | None = None) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=PlainTextObject(text=label),
        optional=True,
        element=DatePickerElement(
            action_id="value", initial_date=initial.isoformat() if initial else None
        ),
    )


def task_modal(
    project: Project,
    channel_id: str,
    *,
    title: str | None = None,
    permalink: str | None = None,
    task: Task | None = None,
    milestone: str | None = None,
) -> dict[str, Any]:
    """Title, owner (a user picker), start and due (date pickers), estimate, priority, milestone, depends on.

    Given a `task` (and its milestone's ref), the same fields filled in to edit it; its
    dependencies are left to `/task depend`.
    """
    prio = [Option(text=p, value=p) for p in PRIORITIES]
    chosen = prio[PRIORITIES.index(task.priority)] if task else prio[1]
    est = f"{task.estimate_hours:g}h" if task and task.estimate_hours is not None else None
    blocks: list[Any] = [
        _text(
            "title",
            "Title",
            "Design member schema",
            task.title if task else title,
            optional=False,
            max_length=300,
        ),  # fmt: skip
        InputBlock(
            block_id="owner",
            label=PlainTextObject(text="Owner"),
            optional=True,
            element=UserSelectElement(
                action_id="value", initial_user=task.owner_id if task else None
            ),
        ),
        _date("start", "Start", task.start_date if task else None),
        _date("due", "Due", task.due_date if task else None),
        _text("est", "Estimate", "8h", est),
        InputBlock(
            block_id="prio",
            label=PlainTextObject(text="Priority"),
            optional=True,
            element=StaticSelectElement(action_id="value", options=prio, initial_option=chosen),
        ),
        _text("milestone", "Milestone", "M-1", milestone),
    ]
    if task is None:
        blocks.append(_text("after", "Depends on", "T-3, T-4"))
    if permalink:
        blocks.append(context(f":link: From <{permalink}|this message>"))
    meta = {"project_id": project.id, "channel_id": channel_id, "permalink": permalink}
    if task is not None:
        meta["task_id"] = task.id
        return modal(EDIT_MODAL, f"Edit T-{task.number}", "Save", meta, blocks)
    return modal(TASK_MODAL, f"New task in {project.key}", "Add", meta, blocks)
