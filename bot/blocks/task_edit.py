"""Block Kit for editing, canceling and deleting a task: replies, the delete confirmation, the gone card."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.blocks.common import Reply, context, dicts, safe, section, user
from bot.services.task_edit import Deleted, Deletion
from bot.store.models import Project, Task

DELETE, KEEP = "task_delete", "task_delete_keep"


def _value(name: str, value: Any) -> str:
    if value is None:
        return "none"
    if name == "owner":
        return user(value)
    if name == "estimate":
        return f"{value:g} h"
    return safe(str(value))


def edited(task: Task, fields: list[tuple[str, Any]], notes: list[str]) -> Reply:
    """`/task edit` done: what changed, to what (user text escaped)."""
    ref = f"T-{task.number}"
    if not fields:
        return Reply(text=f"{ref} is unchanged: those are already its values.")
    shown = [f"{name} → {_value(name, value)}" for name, value in fields]
    return Reply(text="\n".join([f"{ref} updated: " + " · ".join(shown) + ".", *notes]))


def canceled(task: Task, reason: str) -> Reply:
    why = f" ({safe(' '.join(reason.split()))})" if reason.strip() else ""
    return Reply(
        text=f"T-{task.number} canceled{why}. It stays in history, out of progress and earned value; "
        f"`/task reopen T-{task.number}` brings it back."
    )


def _left_behind(left: Deletion) -> list[str]:
    """What stays after the task is gone, no longer naming it."""
    out = []
    if left.claims:
        claims = ", ".join(f"C-{n}" for n in left.claims)
        out.append(f"{claims} stay{'s' if len(left.claims) == 1 else ''} booked, for no task")
    if left.blockers:
        out.append(f"{left.blockers} standup blocker{'s' if left.blockers > 1 else ''} no longer name it")  # fmt: skip
    if left.costs:
        out.append(f"{left.costs} cost entr{'ies' if left.costs > 1 else 'y'} stay in the budget, for no task")  # fmt: skip
    return out


def confirm_delete(project: Project, task: Task, left: Deletion) -> Reply:
    """The ephemeral question: "Delete T-7" (danger) or Cancel."""
    ref = f"T-{task.number}"
    text = (
        f"Delete *{project.key} {ref}* · {safe(task.title)}? It can't be undone; "
        f"its history stays in the audit trail."
    )
    if left.detached:
        text += "\n" + "; ".join(_left_behind(left)) + "."
    value = str(task.id)
    buttons = ActionsBlock(
        block_id=f"task-delete-{task.id}",
        elements=[
            ButtonElement(text=f"Delete {ref}", action_id=DELETE, value=value, style="danger"),
            ButtonElement(text="Cancel", action_id=KEEP, value=ref),
        ],
    )
    return Reply(text=text, blocks=dicts([section(text), buttons]))


def gone_card(project: Project, gone: Deleted, actor: str) -> dict[str, Any]:
    """What the task's own message becomes: a line saying who deleted it, no buttons."""
    text = f"{project.key} T-{gone.number} was deleted by <@{actor}>."
    blocks = [section(f":wastebasket: {text}"), context(safe(gone.title))]
    return {"text": text, "blocks": dicts(blocks)}


def deleted(gone: Deleted) -> str:
    line = f"Deleted T-{gone.number} · {safe(gone.title)}."
    left = _left_behind(gone.left)
    return line + (" " + "; ".join(left) + "." if left else "")
