"""Task buttons, the list's "More", the new-task modal and the message shortcut; card posting."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from slack_bolt import App
from sqlalchemy.orm import Session

from bot.blocks import task as views
from bot.blocks.common import Reply
from bot.blocks.task_modal import TASK_MODAL, task_modal
from bot.commands.base import field_for, refuse_fields, team_of, tell, view_values
from bot.errors import UserError
from bot.grammar import GrammarError, parse_duration_hours, parse_ref, unescape_slack
from bot.home_publisher import refresh_homes
from bot.runtime import Runtime
from bot.services import projects, task_changes, tasks
from bot.store.models import Milestone, Project, Task

log = logging.getLogger(__name__)
SHORTCUT = "create_task_from_message"


def parse_estimate(text: str | None) -> float | None:
    return None if text is None else parse_duration_hours(text, key="est")


def parse_milestone(text: str | None) -> int | None:
    return None if text is None else parse_ref(text, "M", key="milestone")


def parse_after(text: str | None) -> list[int]:
    """Task numbers from `T-3`, `T-3,T-4` or `T-3 T-4`."""
    parts = [p for p in re.split(r"[\s,，、]+", text or "") if p]
    return [parse_ref(p, "T", key="after") for p in parts]


def overdue_note(task: Task, today: date) -> list[str]:
    """The warning for a due date already past: accepted, since teams back-fill work."""
    if task.due_date and task.due_date < today:
        days = (today - task.due_date).days
        return [
            f":warning: Due {task.due_date} has passed: T-{task.number} is overdue at once "
            f"({days} d). Recorded anyway, for back-filled work."
        ]
    return []


# -- after a change is committed -----------------------------------------------------------


def _card(session: Session, rt: Runtime, project: Project, task: Task) -> dict[str, Any]:
    milestone = session.get(Milestone, task.milestone_id) if task.milestone_id else None
    return views.card(project, task, tasks.today_in(project, rt.clock()), milestone)


def post_card(rt: Runtime, team_id: str, task_id: int, channel: str, card: dict[str, Any]) -> None:
    """Post the task's own message (the bot owns it, so it can update it) and remember where."""
    resp = rt.client.chat_postMessage(channel=channel, **card)
    with rt.db.engine.begin() as connection:
        tasks.remember_message(connection, team_id, task_id, resp["channel"], resp["ts"])


def update_card(rt: Runtime, team_id: str, task_id: int) -> None:
    """Redraw the task's message in place (chat.update), if it has one."""
    with rt.db.session() as session:
        project, task = tasks.get_by_id(session, team_id, task_id, include_closed=True)
        if not task.message_ts:
            return
        card = _card(session, rt, project, task)
        where = {"channel": task.message_channel, "ts": task.message_ts}
    rt.client.chat_update(**where, **card)


def on_added(rt: Runtime, session: Session, project: Project, task: Task) -> list[Callable[[], None]]:  # fmt: skip
    """After a task is added: its card, drawn from the rows in hand, and the homes.

    The card is drawn on the deferred thread, from the objects the commit left loaded: not
    while the transaction holds SQLite's one write lock, and not on the way to the ack.
    """
    milestone = session.get(Milestone, task.milestone_id) if task.milestone_id else None
    team_id, channel, task_id = project.team_id, project.channel_id, task.id
    owner, creator = task.owner_id, task.created_by

    def post() -> None:
        card = views.card(project, task, tasks.today_in(project, rt.clock()), milestone)
        post_card(rt, team_id, task_id, channel, card)

    return [post, lambda: refresh_homes(rt, team_id, [owner, creator])]


def on_changed(rt: Runtime, team_id: str, task_id: int, users: set[str]) -> list[Callable[[], None]]:  # fmt: skip
    return [
        lambda: update_card(rt, team_id, task_id),
        lambda: refresh_homes(rt, team_id, sorted(users)),
    ]


def list_reply(session: Session, project: Project, flt: tasks.ListFilter, label: str, today, cursor: str | None = None, shown: int = 0, empty: str | None = None) -> Reply:  # fmt: skip
    """One page of the list; "More" carries the filter and where the next page starts."""
    page = tasks.list_page(session, project, flt, today, cursor=cursor)
    more = None
    if page.cursor:
        more = {"p": project.id, "s": flt.status, "o": flt.owner, "m": flt.milestone_id,
                "c": page.cursor, "n": shown + len(page.tasks), "l": label}  # fmt: skip
    return views.page(project, page.tasks, page.total, today, label, more, shown, empty)


# -- buttons -------------------------------------------------------------------------------


def on_button(ack, body, action, context) -> None:
    """Start, +25 % and Done: change the task, then redraw its message and the owners' homes."""
    ack()
    rt: Runtime = context["rt"]
    team_id, user = team_of(body, context), body["user"]["id"]
    kind = action["action_id"]
    try:
        with rt.db.session() as session:
            project, task = tasks.get_by_id(
                session, team_id, int(action.get("value") or 0), lock=True
            )
            args = {"actor": user, "now": rt.clock()}
            if kind == views.START:
                changed = task_changes.start(session, project, task, **args)
            elif kind == views.PROGRESS:
                percent = min(task.progress + 25, 100)
                changed = task_changes.progress(session, project, task, percent=percent, **args)
            else:
                changed = task_changes.done(session, project, task, **args)
            task_id, notes = task.id, changed.notes
            users = changed.users | {user}
    except (UserError, ValueError) as exc:
        note = f":warning: {getattr(exc, 'message', 'That task no longer exists.')}"
        rt.defer(lambda: tell(rt, body, note))
        return
    for fn in on_changed(rt, team_id, task_id, users):
        rt.defer(fn)
    if notes:
        rt.defer(lambda: tell(rt, body, "\n".join(notes)))


def on_more(ack, body, action, respond, context) -> None:
    """The next page of a list, as a new ephemeral message."""
    ack()
    rt: Runtime = context["rt"]
    more = json.loads(action["value"])
    with rt.db.session() as session:
        project = session.get(Project, int(more["p"]))
        if project is None or project.team_id != team_of(body, context):
            return
        flt = tasks.ListFilter(more["s"], more.get("o"), more.get("m"))
        today = tasks.today_in(project, rt.clock())
        reply = list_reply(session, project, flt, more["l"], today, more["c"], int(more["n"]))
    respond(text=reply.text, blocks=reply.blocks, response_type="ephemeral", replace_original=False)


# -- the modal and the shortcut -----------------------------------------------------------


def on_shortcut(ack, body, shortcut, context) -> None:
    """ "Create task from message": the modal, prefilled with the message and linking back to it."""
    ack()
    rt: Runtime = context["rt"]
    channel, user = body["channel"]["id"], body["user"]["id"]
    message = body.get("message") or {}
    try:
        with rt.db.session() as session:
            project = projects.resolve(session, team_of(body, context), channel)
    except UserError as exc:
        rt.client.chat_postEphemeral(channel=channel, user=user, text=f":warning: {exc.message}")
        return
    link = rt.client.chat_getPermalink(channel=channel, message_ts=body["message_ts"])["permalink"]
    text = unescape_slack(message.get("text") or "").strip()
    # Prefilled without @channel-style pings, which a title may not hold.
    text = tasks.BROADCAST.sub("", text).strip()
    title = " ".join(text.splitlines()[0].split())[:300] if text else ""
    view = task_modal(project, channel, title=title, permalink=link)
    rt.client.views_open(trigger_id=body["trigger_id"], view=view)


def parse_fields(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The modal's fields as NewTask arguments, and the errors by block id."""
    errors: dict[str, str] = {}
    parsed: dict[str, Any] = {}
    fields = [
        ("est", "estimate", parse_estimate),
        ("milestone", "milestone", parse_milestone),
        ("after", "after", parse_after),
    ]
    for block_id, name, fn in fields:
        try:
            parsed[name] = fn(values.get(block_id))
        except (UserError, GrammarError) as exc:
            errors[block_id] = exc.message
    for key in ("start", "due"):
        parsed[key] = date.fromisoformat(values[key]) if values.get(key) else None
    if parsed["start"] and parsed["due"] and parsed["due"] < parsed["start"]:
        errors["due"] = "The due date is before the start."
    return parsed, errors


# Which modal field a mistake is about, by the phrase that names it.
_ERROR_BLOCKS = {"own a task": "owner", "milestone": "milestone", "wait": "after", "cycle": "after", "has no task": "after"}  # fmt: skip


def on_modal(ack, body, view, context) -> None:
    """Validate the new-task modal onto its fields; on success add the task and post its card."""
    rt: Runtime = context["rt"]
    values = view_values(view)
    meta = json.loads(view.get("private_metadata") or "{}")
    team_id, user = team_of(body, context), body["user"]["id"]
    try:
        with rt.db.session() as session:
            project = projects.get(session, team_id, int(meta.get("project_id") or 0))
            parsed, errors = parse_fields(values)
            if errors:
                refuse_fields(ack, errors)
                return
            spec = tasks.NewTask(
                title=values.get("title") or "",
                owner=values.get("owner"),
                priority=values.get("prio") or "normal",
                source_permalink=meta.get("permalink"),
                **parsed,
            )
            task = tasks.create(session, project, actor=user, now=rt.clock(), spec=spec)
            followups = on_added(rt, session, project, task)
            notes = overdue_note(task, tasks.today_in(project, rt.clock()))
            channel = project.channel_id
    except UserError as exc:
        refuse_fields(ack, {field_for(exc.message, _ERROR_BLOCKS, "title"): exc.message})
        return
    ack()
    for fn in followups:
        rt.defer(fn)
    if notes:
        text = "\n".join(notes)
        rt.defer(lambda: rt.client.chat_postEphemeral(channel=channel, user=user, text=text))


def register(app: App) -> None:
    for action_id in (views.START, views.PROGRESS, views.DONE):
        app.action(action_id)(on_button)
    app.action(views.MORE)(on_more)
    app.shortcut(SHORTCUT)(on_shortcut)
    app.view(TASK_MODAL)(on_modal)
