"""/task edit, cancel and delete: the edit modal, inline edits, the delete confirmation buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.blocks import task_edit as views
from bot.blocks.common import Reply
from bot.blocks.task_modal import EDIT_MODAL, task_modal
from bot.commands.base import Request, team_of
from bot.commands.submission import Accepted, Submission, run_submission
from bot.commands.task_actions import (
    on_changed,
    parse_estimate,
    parse_fields,
    parse_milestone,
)
from bot.errors import FieldErrors, NotFound, UserError
from bot.home_publisher import refresh_homes
from bot.i18n import Mrkdwn
from bot.option_values import parse_choice
from bot.runtime import Runtime
from bot.services import task_changes, task_deps, task_edit, task_views, tasks
from bot.services.project_settings import ProjectSettings, channel_tr
from bot.services.task_edit import UNSET, TaskEdit
from bot.store.models import PRIORITIES, Milestone, Project, Task

EDIT_KEYS = ("title", "est", "prio", "milestone", "start", "due")
EDIT_EXAMPLE = '/task edit T-7 title:"New title" est:6h prio:high'
# A value that clears an optional field: `milestone:none`, `est:none`.
CLEAR = ("none", "-", "无")


def quoted(text: str, limit: int = 40) -> str:
    """User text to quote inside a `code` span of a message: one line, short, no backticks."""
    text = text.replace("`", "'").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        listed = Mrkdwn(", ".join(f"`{k}:`" for k in EDIT_KEYS))
        raise UserError("task.unknown_edit_option", EDIT_EXAMPLE, key=quoted(sorted(unknown)[0]), options=listed)  # fmt: skip
    if req.text:
        raise UserError("task.title_in_option", EDIT_EXAMPLE, text=quoted(req.text))
    if len(req.cmd.refs) > 1:
        raise UserError("task.edit_one", EDIT_EXAMPLE)
    if len(req.cmd.mentions) > 1:
        raise UserError("task.one_owner", EDIT_EXAMPLE)
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
        task_changes.require_member_change(req.session, project, req.user_id, "access.do.edit_tasks")  # fmt: skip
        task_changes.require_not_canceled(task)
        milestone = req.session.get(Milestone, task.milestone_id) if task.milestone_id else None
        ref = f"M-{milestone.number}" if milestone else None
        waits = ", ".join(f"T-{t.number}" for t in task_deps.predecessors(req.session, task))
        form = task_views.form(project, req.channel_id, task=task, milestone=ref, after=waits or None)  # fmt: skip
        req.client.views_open(trigger_id=req.trigger_id, view=task_modal(form, req.reader(project)))  # fmt: skip
        return Reply(text="")
    today = project.today(req.now)
    result = task_edit.edit(
        req.session, project, task, spec, actor=req.user_id, now=req.now, today=today
    )
    reply = views.edited(f"T-{task.number}", result.fields, result.notes, req.reader(project))
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
    reply = views.canceled(f"T-{task.number}", reason, req.reader(project))
    reply.after += on_changed(req.rt, req.team_id, task.id, changed.users | {req.user_id}, dependants=True)  # fmt: skip
    return reply


def delete(req: Request, project: Project, task: Task) -> Reply:
    """`/task delete T-7`: checked now, asked to confirm; nothing is removed until the click."""
    left = task_edit.check_delete(req.session, project, task, req.user_id)
    question = task_views.delete_question(project, task, left)
    return views.confirm_delete(question, req.reader(project))


# -- the modal and the buttons ------------------------------------------------------------


def _save(sub: Submission) -> Accepted:
    """The edit modal: every field as submitted (an emptied one is cleared), checked onto its field."""
    project = sub.project
    _, task = tasks.get_by_id(sub.session, sub.team_id, int(sub.meta.get("task_id") or 0), lock=True)  # fmt: skip
    if project is None or task.project_id != project.id:
        raise NotFound("task.gone")
    parsed = parse_fields(sub.values)
    spec = TaskEdit(
        title=sub.values.get("title") or "",
        owner=sub.values.get("owner") or UNSET,
        priority=sub.values.get("prio") or task.priority,
        **{k: parsed[k] for k in ("start", "due", "estimate", "milestone")},
    )
    today = project.today(sub.now)
    result = task_edit.edit(sub.session, project, task, spec, actor=sub.user_id, now=sub.now, today=today)  # fmt: skip
    if "after" in sub.values:  # a modal opened before the field was there leaves them be
        _save_after(sub, project, task, parsed["after"], result.notes)
    after = on_changed(sub.rt, sub.team_id, task.id, result.users | {sub.user_id})
    if result.notes:
        text = "\n".join(sub.reader()(n.key, **n.params) for n in result.notes)
        channel, user, client = sub.channel_id, sub.user_id, sub.client
        after.append(lambda: client.chat_postEphemeral(channel=channel, user=user, text=text))
    return Accepted(after=after)


def _save_after(sub: Submission, project: Project, task: Task, numbers: list[int], notes: list) -> None:  # fmt: skip
    """The modal's "depends on": exactly these now (emptied: none); audited, with the warnings
    for due dates out of order. A ref that is no task, or a cycle, goes onto the field."""
    before = ", ".join(f"T-{t.number}" for t in task_deps.predecessors(sub.session, task)) or None
    try:
        wanted = [tasks.get(sub.session, project, n) for n in dict.fromkeys(numbers)]
        changed = task_deps.set_dependencies(sub.session, task, wanted)
    except UserError as exc:
        raise FieldErrors({"after": exc.at("after")}) from None
    if changed:
        waits = (
            ", ".join(f"T-{t.number}" for t in task_deps.predecessors(sub.session, task)) or None
        )
        task_changes.record_change(sub.session, project, task, sub.user_id, sub.now, after=(before, waits))  # fmt: skip
    said = {(n.key, repr(n.params)) for n in notes}  # a new due date has warned of these already
    notes += [
        n for n in task_deps.out_of_order(sub.session, task) if (n.key, repr(n.params)) not in said
    ]


def on_modal(ack, body, view, context) -> None:
    """The edit modal, through the one submission path: a mistake goes onto its field."""
    run_submission(ack, body, view, context, handle=_save, field="title")


def on_delete(ack, body, action, respond, context) -> None:
    """ "Delete T-7" confirmed: checked again, removed, its card replaced, the question answered."""
    ack()
    rt: Runtime = context["rt"]
    team_id, user = team_of(body, context), body["user"]["id"]
    lang: str | None = None
    try:
        with rt.db.session() as session:
            project, task = tasks.get_by_id(session, team_id, int(action.get("value") or 0), lock=True)  # fmt: skip
            lang = ProjectSettings.lang_of(project)
            now = rt.clock()
            gone = task_edit.delete(session, project, task, actor=user, now=now)
            card = views.gone_card(project.key, gone, user, channel_tr(project, now))
    except (UserError, ValueError) as exc:
        error = exc if isinstance(exc, UserError) else UserError("task.gone")
        text = ":warning: " + rt.reader(team_id, user, lang).error(error)
        rt.defer(lambda: respond(text=text, response_type="ephemeral", replace_original=True))
        return
    done = views.deleted(gone, rt.reader(team_id, user, lang))
    rt.defer(lambda: respond(text=done, response_type="ephemeral", replace_original=True))
    if gone.message_ts:
        where: dict[str, Any] = {"channel": gone.message_channel, "ts": gone.message_ts}
        rt.defer(lambda: rt.client.chat_update(**where, **card))
    rt.defer(lambda: refresh_homes(rt, team_id, [gone.owner, gone.creator, user]))


def on_keep(ack, body, action, respond, context) -> None:
    """Cancel on the delete question: the question goes, the task stays."""
    ack()
    rt: Runtime = context["rt"]
    tr = rt.reader(team_of(body, context), body["user"]["id"])
    text = views.kept(action.get("value") or "", tr)
    rt.defer(lambda: respond(text=text, response_type="ephemeral", replace_original=True))


def register(app: App) -> None:
    app.view(EDIT_MODAL)(on_modal)
    app.action(views.DELETE)(on_delete)
    app.action(views.KEEP)(on_keep)
