"""/task edit, cancel and delete: the edit modal, inline edits, the delete confirmation buttons."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import App

from bot.blocks import task_edit as views
from bot.blocks.common import Reply
from bot.blocks.task_modal import EDIT_MODAL, task_modal
from bot.commands.base import Request, field_for, refuse_fields, team_of, view_values
from bot.commands.task_actions import on_changed, parse_estimate, parse_fields, parse_milestone
from bot.errors import UserError
from bot.grammar import parse_choice, show_text
from bot.home_publisher import refresh_homes
from bot.runtime import Runtime
from bot.services import task_changes, task_edit, tasks
from bot.services.task_edit import UNSET, TaskEdit
from bot.store.models import PRIORITIES, Milestone, Project, Task

EDIT_KEYS = ("title", "est", "prio", "milestone", "start", "due")
EDIT_EXAMPLE = '/task edit T-7 title:"New title" est:6h prio:high'
# A value that clears an optional field: `milestone:none`, `est:none`.
CLEAR = ("none", "-", "无")
# Which modal field a refusal is about, by the phrase that names it.
_ERROR_BLOCKS = {"own a task": "owner", "reassign": "owner", "milestone": "milestone", "due": "due",
                 "estimate": "est", "priority": "prio"}  # fmt: skip


def _optional(req: Request, key: str, parse) -> Any:
    """An option's parsed value, None for `key:none`, UNSET when it isn't given."""
    text = req.opt(key)
    if text is None:
        return UNSET
    return None if text.lower() in CLEAR else parse(text)


def _inline(req: Request, project: Project) -> TaskEdit:
    """The changes typed after the ref; every one is read before anything is written."""
    unknown = set(req.cmd.options) - {*EDIT_KEYS, "in"}
    if unknown:
        listed = ", ".join(f"`{k}:`" for k in EDIT_KEYS)
        raise UserError(f"`{show_text(sorted(unknown)[0])}:` is not an option of edit. Options: {listed}, or @owner.", EDIT_EXAMPLE)  # fmt: skip
    if req.text:
        raise UserError(f'Put the new title in `title:"…"`, e.g. `title:"{show_text(req.text)}"`.', EDIT_EXAMPLE)  # fmt: skip
    if len(req.cmd.refs) > 1:
        raise UserError("Edit one task at a time; dependencies change with `/task depend`.", EDIT_EXAMPLE)  # fmt: skip
    if len(req.cmd.mentions) > 1:
        raise UserError("A task has one owner; mention one person.", EDIT_EXAMPLE)
    tz = project.timezone

    def day(key: str):
        return lambda text: req.rt.dates.parse_date(text, now=req.now, tz=tz, key=key)

    return TaskEdit(
        title=req.opt("title") if req.opt("title") is not None else UNSET,
        owner=req.cmd.mentions[0] if req.cmd.mentions else UNSET,
        estimate=_optional(req, "est", parse_estimate),
        priority=parse_choice(req.opt("prio"), PRIORITIES, key="prio")
        if req.opt("prio")
        else UNSET,  # fmt: skip
        milestone=_optional(req, "milestone", parse_milestone),
        start=_optional(req, "start", day("start")),
        due=_optional(req, "due", day("due")),
    )


def edit(req: Request, project: Project, task: Task) -> Reply:
    """`/task edit T-7` opens the modal filled in; with options, changes them at once."""
    spec = _inline(req, project)
    if not spec.given():
        task_changes.require_member_change(req.session, project, req.user_id, "edit tasks")
        task_changes.require_not_canceled(task)
        milestone = req.session.get(Milestone, task.milestone_id) if task.milestone_id else None
        ref = f"M-{milestone.number}" if milestone else None
        view = task_modal(project, req.channel_id, task=task, milestone=ref)
        req.client.views_open(trigger_id=req.trigger_id, view=view)
        return Reply(text="")
    today = tasks.today_in(project, req.now)
    result = task_edit.edit(
        req.session, project, task, spec, actor=req.user_id, now=req.now, today=today
    )
    reply = views.edited(task, result.fields, result.notes)
    if result.fields:
        reply.after += on_changed(req.rt, req.team_id, task.id, result.users | {req.user_id})
    return reply


def cancel(req: Request, project: Project, task: Task) -> Reply:
    """`/task cancel T-7 [reason]`: the reason is everything after the ref, other refs included."""
    words = list(req.cmd.args)
    ref = f"T-{task.number}"
    words.pop(next(i for i, w in enumerate(words) if w.upper() == ref))
    reason = " ".join(words)
    changed = task_edit.cancel(
        req.session, project, task, reason=reason, actor=req.user_id, now=req.now
    )
    reply = views.canceled(task, reason)
    reply.after += on_changed(req.rt, req.team_id, task.id, changed.users | {req.user_id})
    return reply


def delete(req: Request, project: Project, task: Task) -> Reply:
    """`/task delete T-7`: checked now, asked to confirm; nothing is removed until the click."""
    left = task_edit.check_delete(req.session, project, task, req.user_id)
    return views.confirm_delete(project, task, left)


# -- the modal and the buttons ------------------------------------------------------------


def on_modal(ack, body, view, context) -> None:
    """The edit modal: every field as submitted (an emptied one is cleared), checked onto its field."""
    rt: Runtime = context["rt"]
    values = view_values(view)
    meta = json.loads(view.get("private_metadata") or "{}")
    team_id, user = team_of(body, context), body["user"]["id"]
    try:
        with rt.db.session() as session:
            project, task = tasks.get_by_id(session, team_id, int(meta.get("task_id") or 0), lock=True)  # fmt: skip
            parsed, errors = parse_fields(values)
            if errors:
                refuse_fields(ack, errors)
                return
            spec = TaskEdit(
                title=values.get("title") or "",
                owner=values.get("owner") or UNSET,
                priority=values.get("prio") or task.priority,
                **{k: parsed[k] for k in ("start", "due", "estimate", "milestone")},
            )
            now = rt.clock()
            today = tasks.today_in(project, now)
            result = task_edit.edit(session, project, task, spec, actor=user, now=now, today=today)
            task_id, users, notes = task.id, result.users | {user}, result.notes
            channel = meta.get("channel_id") or project.channel_id
    except UserError as exc:
        refuse_fields(ack, {field_for(exc.message, _ERROR_BLOCKS, "title"): exc.message})
        return
    ack()
    for fn in on_changed(rt, team_id, task_id, users):
        rt.defer(fn)
    if notes:
        text = "\n".join(notes)
        rt.defer(lambda: rt.client.chat_postEphemeral(channel=channel, user=user, text=text))


def on_delete(ack, body, action, respond, context) -> None:
    """ "Delete T-7" confirmed: checked again, removed, its card replaced, the question answered."""
    ack()
    rt: Runtime = context["rt"]
    team_id, user = team_of(body, context), body["user"]["id"]
    try:
        with rt.db.session() as session:
            project, task = tasks.get_by_id(session, team_id, int(action.get("value") or 0), lock=True)  # fmt: skip
            gone = task_edit.delete(session, project, task, actor=user, now=rt.clock())
            card = views.gone_card(project, gone, user)
    except (UserError, ValueError) as exc:
        text = f":warning: {getattr(exc, 'message', 'That task no longer exists.')}"
        rt.defer(lambda: respond(text=text, response_type="ephemeral", replace_original=True))
        return
    done = views.deleted(gone)
    rt.defer(lambda: respond(text=done, response_type="ephemeral", replace_original=True))
    if gone.message_ts:
        where: dict[str, Any] = {"channel": gone.message_channel, "ts": gone.message_ts}
        rt.defer(lambda: rt.client.chat_update(**where, **card))
    rt.defer(lambda: refresh_homes(rt, team_id, [gone.owner, gone.creator, user]))


def on_keep(ack, action, respond, context) -> None:
    """Cancel on the delete question: the question goes, the task stays."""
    ack()
    text = f"Kept {action.get('value') or 'the task'}; nothing was deleted."
    context["rt"].defer(lambda: respond(text=text, response_type="ephemeral", replace_original=True))  # fmt: skip


def register(app: App) -> None:
    app.view(EDIT_MODAL)(on_modal)
    app.action(views.DELETE)(on_delete)
    app.action(views.KEEP)(on_keep)
