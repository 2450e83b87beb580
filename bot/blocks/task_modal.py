"""The task modal: new (bare `/task`, the "Create task from message" shortcut) or edit (`/task edit`)."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import context, modal
from bot.blocks.inputs import date_field, options, select_field, text_field, user_field
from bot.i18n import Mrkdwn, Tr
from bot.views.task import TaskForm

TASK_MODAL = "task_new"
EDIT_MODAL = "task_edit"
EN = Tr("en")


def task_modal(form: TaskForm, tr: Tr = EN) -> dict[str, Any]:
    """Title, owner (a user picker), start and due (date pickers), estimate, priority, milestone, depends on.

    Given a task to edit (`form.task_id`), the same fields filled in, what it waits on too.
    """
    editing = form.task_id is not None
    label = tr.plain
    prio = options([(p, tr.plain(f"task.prio.{p}")) for p in form.priorities])
    est = f"{form.estimate:g}h" if form.estimate is not None else None
    blocks: list[Any] = [
        text_field(
            "title",
            label("task.modal.title"),
            hint=label("task.modal.title_hint"),
            initial=form.title,
            optional=False,
            max_length=300,
        ),
        user_field("owner", label("task.modal.owner"), initial=form.owner),
        date_field("start", label("task.modal.start"), initial=form.start),
        date_field("due", label("task.modal.due"), initial=form.due),
        text_field("est", label("task.modal.estimate"), hint="8h", initial=est),
        select_field("prio", label("task.modal.priority"), prio, initial=form.priority),
        text_field("milestone", label("task.modal.milestone"), hint="M-1", initial=form.milestone),
    ]
    blocks.append(
        text_field("after", label("task.modal.after"), hint="T-3, T-4", initial=form.after)
    )
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
