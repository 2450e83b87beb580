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
from bot.i18n import Mrkdwn, Tr
from bot.views.task import TaskForm

TASK_MODAL = "task_new"
EDIT_MODAL = "task_edit"
EN = Tr("en")


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


def task_modal(form: TaskForm, tr: Tr = EN) -> dict[str, Any]:
    """Title, owner (a user picker), start and due (date pickers), estimate, priority, milestone, depends on.

    Given a task to edit (`form.task_id`), the same fields filled in; its dependencies are left
    to `/task depend`.
    """
    editing = form.task_id is not None
    prio = [Option(text=tr.plain(f"task.prio.{p}"), value=p) for p in form.priorities]
    chosen = prio[form.priorities.index(form.priority)]
    est = f"{form.estimate:g}h" if form.estimate is not None else None
    blocks: list[Any] = [
        _text(
            "title",
            tr.plain("task.modal.title"),
            tr.plain("task.modal.title_hint"),
            form.title,
            optional=False,
            max_length=300,
        ),  # fmt: skip
        InputBlock(
            block_id="owner",
            label=PlainTextObject(text=tr.plain("task.modal.owner")),
            optional=True,
            element=UserSelectElement(action_id="value", initial_user=form.owner),
        ),
        _date("start", tr.plain("task.modal.start"), form.start),
        _date("due", tr.plain("task.modal.due"), form.due),
        _text("est", tr.plain("task.modal.estimate"), "8h", est),
        InputBlock(
            block_id="prio",
            label=PlainTextObject(text=tr.plain("task.modal.priority")),
            optional=True,
            element=StaticSelectElement(action_id="value", options=prio, initial_option=chosen),
        ),
        _text("milestone", tr.plain("task.modal.milestone"), "M-1", form.milestone),
    ]
    if not editing:
        blocks.append(_text("after", tr.plain("task.modal.after"), "T-3, T-4"))
    if form.permalink:
        blocks.append(context(tr("task.modal.from_message", link=Mrkdwn(form.permalink))))
    meta: dict[str, Any] = {"project_id": form.project_id, "channel_id": form.channel_id, "permalink": form.permalink}  # fmt: skip
    close = tr.plain("task.modal.close")
    if editing:
        meta["task_id"] = form.task_id
        title = tr.plain("task.modal.edit", ref=f"T-{form.number}")
        return modal(EDIT_MODAL, title, tr.plain("task.modal.save"), meta, blocks, close=close)
    title = tr.plain("task.modal.new", key=form.key)
    return modal(TASK_MODAL, title, tr.plain("task.modal.add"), meta, blocks, close=close)
