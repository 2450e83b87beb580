"""Block Kit for editing, canceling and deleting a task: replies, the delete confirmation, the gone card."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.blocks.common import Reply, context, dicts, section
from bot.blocks.task import EN, field_name, owner
from bot.i18n import Mrkdwn, Phrase, Tr, escape_mrkdwn
from bot.views.task import Deleted, DeleteQuestion, Deletion

DELETE, KEEP = "task_delete", "task_delete_keep"


def _value(tr: Tr, name: str, value: Any) -> str:
    if value is None:
        return tr("task.none")
    if name == "owner":
        return owner(tr, value)
    if name == "estimate":
        return tr.hours(value)
    if isinstance(value, date):
        return tr("task.edited_day", day=value)
    if name == "priority" and tr.has(f"task.prio.{value}"):
        return tr(f"task.prio.{value}")
    return escape_mrkdwn(str(value))


def edited(ref: str, fields: list[tuple[str, Any]], notes: list[Phrase], tr: Tr = EN) -> Reply:
    """`/task edit` done: what changed, to what (user text escaped)."""
    if not fields:
        return Reply(text=tr("task.unchanged", ref=ref))
    shown = " · ".join(f"{field_name(tr, name)} → {_value(tr, name, v)}" for name, v in fields)
    said = [tr("task.updated", ref=ref, changes=Mrkdwn(shown)), *(tr(n.key, **n.params) for n in notes)]  # fmt: skip
    return Reply(text="\n".join(said))


def canceled(ref: str, reason: str, tr: Tr = EN) -> Reply:
    reason = " ".join(reason.split())
    if reason:
        return Reply(text=tr("task.canceled_because", ref=ref, reason=reason))
    return Reply(text=tr("task.canceled", ref=ref))


def _left_behind(left: Deletion, tr: Tr) -> list[str]:
    """What stays after the task is gone, no longer naming it."""
    out = []
    if left.claims:
        claims = ", ".join(f"C-{n}" for n in left.claims)
        out.append(tr("task.left.claims", claims=claims, n=len(left.claims)))
    if left.blockers:
        out.append(tr("task.left.blockers", n=left.blockers))
    if left.costs:
        out.append(tr("task.left.costs", n=left.costs))
    return out


def _with_left(text: str, left: Deletion, tr: Tr, sep: str) -> str:
    if not left.detached:
        return text
    return text + sep + tr("task.left", items=Mrkdwn(tr("task.left.sep").join(_left_behind(left, tr))))  # fmt: skip


def confirm_delete(view: DeleteQuestion, tr: Tr = EN) -> Reply:
    """The ephemeral question: "Delete T-7" (danger) or Cancel."""
    ref = f"T-{view.number}"
    text = _with_left(tr("task.delete_question", key=view.key, ref=ref, title=view.title), view.left, tr, "\n")  # fmt: skip
    value = str(view.task_id)
    buttons = ActionsBlock(
        block_id=f"task-delete-{view.task_id}",
        elements=[
            ButtonElement(
                text=tr.plain("task.button.delete", ref=ref),
                action_id=DELETE,
                value=value,
                style="danger",
            ),  # fmt: skip
            ButtonElement(text=tr.plain("task.button.keep"), action_id=KEEP, value=ref),
        ],
    )
    return Reply(text=text, blocks=dicts([section(text), buttons]))


def gone_card(key: str, gone: Deleted, actor: str, tr: Tr = EN) -> dict[str, Any]:
    """What the task's own message becomes: a line saying who deleted it, no buttons."""
    text = tr("task.gone_card", key=key, ref=f"T-{gone.number}", actor=actor)
    blocks = [section(f":wastebasket: {text}"), context(escape_mrkdwn(gone.title))]
    return {"text": text, "blocks": dicts(blocks)}


def deleted(gone: Deleted, tr: Tr = EN) -> str:
    said = tr("task.deleted", ref=f"T-{gone.number}", title=gone.title)
    return _with_left(said, gone.left, tr, " ")


def kept(ref: str, tr: Tr = EN) -> str:
    return tr("task.kept", ref=ref)
