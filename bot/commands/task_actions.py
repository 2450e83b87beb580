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
from bot.commands.base import team_of, tell
from bot.commands.submission import Accepted, Submission, run_submission
from bot.errors import FieldErrors, UserError
from bot.grammar import parse_ref, unescape_slack
from bot.home_publisher import refresh_homes
from bot.i18n import Phrase, Tr
from bot.option_values import parse_duration_hours
from bot.runtime import Runtime
from bot.services import plan_dates, projects, task_changes, task_deps, task_list, task_views, tasks
from bot.services.project_settings import ProjectSettings, channel_tr
from bot.store.driver import Unit
from bot.store.models import Project, Task
from bot.task_cards import post_card, update_card
from bot.views.task import ListShown

log = logging.getLogger(__name__)
SHORTCUT = "create_task_from_message"


def parse_estimate(text: str | None) -> float | None:
    return None if text is None else parse_duration_hours(text, key="est")


def parse_milestone(text: str | None) -> int | None:
    return None if text is None else parse_ref(text, "M", key="milestone")


def parse_after(text: str | None, key: str = "after") -> list[int]:
    """Task numbers from `T-3`, `T-3,T-4` or `T-3 T-4`; errors quote them as `key:`."""
    parts = [p for p in re.split(r"[\s,，、]+", text or "") if p]
    return [parse_ref(p, "T", key=key) for p in parts]


def due_notes(project: Project, task: Task, today: date) -> list[Phrase]:
    """Warnings for a new task's due date, accepted all the same: already past (teams back-fill
    work) or after the project's end (plans change)."""
    ref = f"T-{task.number}"
    notes = plan_dates.after_end(project, task.due_date, ref)
    if task.due_date and task.due_date < today:
        days = (today - task.due_date).days
        notes.insert(0, Phrase("task.overdue_added", due=task.due_date, ref=ref, n=days))
    return notes


# -- after a change is committed -----------------------------------------------------------


def on_added(rt: Runtime, session: Session | Unit, project: Project, task: Task) -> list[Callable[[], None]]:  # fmt: skip
    """After a task is added: its card, drawn from the rows in hand, and the homes.

    The card is drawn on the deferred thread, from the objects the commit left loaded: not
    while the transaction holds SQLite's one write lock, and not on the way to the ack.
    """
    team_id, channel, task_id = project.team_id, project.channel_id, task.id
    owner, creator = task.owner_id, task.created_by
    now = rt.clock()
    view = task_views.card_of(session, project, task, project.today(now))
    tr = channel_tr(project, now)

    def post() -> None:
        post_card(rt, team_id, task_id, channel, views.card(view, tr))

    return [post, lambda: refresh_homes(rt, team_id, [owner, creator])]


def on_changed(rt: Runtime, team_id: str, task_id: int, users: set[str], *, dependants: bool = False) -> list[Callable[[], None]]:  # fmt: skip
    """After a change: the task's card (and its dependants', see `update_card`) and the homes."""
    return [
        lambda: update_card(rt, team_id, task_id, dependants=dependants),
        lambda: refresh_homes(rt, team_id, sorted(users)),
    ]


def list_reply(session: Session, project: Project, flt: task_list.ListFilter, said: ListShown, today: date, tr: Tr, cursor: str | None = None, shown: int = 0) -> Reply:  # fmt: skip
    """One page of the list; "More" carries the filter and where the next page starts."""
    page = task_list.list_page(session, project, flt, today, cursor=cursor)
    more = None
    if page.cursor:
        more = {"p": project.id, "s": flt.status, "o": flt.owner, "m": flt.milestone_id,
                "c": page.cursor, "n": shown + len(page.tasks),
                "me": said.mine, "mn": said.milestone}  # fmt: skip
    view = task_views.page(project, page, today, said, shown_before=shown, more=more)
    return views.page(view, tr)


# -- buttons -------------------------------------------------------------------------------


def on_button(ack, body, action, context) -> None:
    """Start, +25 % and Done: change the task, then redraw its message and the owners' homes."""
    ack()
    rt: Runtime = context["rt"]
    team_id, user = team_of(body, context), body["user"]["id"]
    kind = action["action_id"]
    lang: str | None = None
    try:
        with rt.db.session() as session:
            project, task = tasks.get_by_id(
                session, team_id, int(action.get("value") or 0), lock=True
            )
            lang = ProjectSettings.lang_of(project)
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
        error = exc if isinstance(exc, UserError) else UserError("task.gone")
        rt.defer(lambda: tell(rt, body, ":warning: " + rt.reader(team_id, user, lang).error(error)))
        return
    for fn in on_changed(rt, team_id, task_id, users, dependants=kind == views.DONE):
        rt.defer(fn)
    if notes:
        rt.defer(
            lambda: tell(
                rt, body, views.changed(notes[0], notes[1:], rt.reader(team_id, user, lang)).text
            )
        )


def on_more(ack, body, action, respond, context) -> None:
    """The next page of a list, as a new ephemeral message."""
    ack()
    rt: Runtime = context["rt"]
    more = json.loads(action["value"])
    with rt.db.session() as session:
        project = session.get(Project, int(more["p"]))
        if project is None or project.team_id != team_of(body, context):
            return
        flt = task_list.ListFilter(more["s"], more.get("o"), more.get("m"))
        said = ListShown(flt.status, flt.owner, bool(more.get("me")), more.get("mn"))
        today = project.as_of(project.today(rt.clock()))  # a closed project: its close day
        tr = rt.reader(project.team_id, body["user"]["id"], ProjectSettings.lang_of(project))
        reply = list_reply(session, project, flt, said, today, tr, more["c"], int(more["n"]))
    respond(text=reply.text, blocks=reply.blocks, response_type="ephemeral", replace_original=False)


# -- the modal and the shortcut -----------------------------------------------------------


def on_shortcut(ack, body, shortcut, context) -> None:
    """ "Create task from message": the modal, prefilled with the message and linking back to it."""
    ack()
    rt: Runtime = context["rt"]
    channel, user = body["channel"]["id"], body["user"]["id"]
    message = body.get("message") or {}
    team_id = team_of(body, context)
    try:
        with rt.db.session() as session:
            project = projects.resolve(session, team_id, channel)
            lang = ProjectSettings.lang_of(project)
    except UserError as exc:
        text = ":warning: " + rt.reader(team_id, user).error(exc)
        rt.client.chat_postEphemeral(channel=channel, user=user, text=text)
        return
    link = rt.client.chat_getPermalink(channel=channel, message_ts=body["message_ts"])["permalink"]
    text = unescape_slack(message.get("text") or "").strip()
    # Prefilled without @channel-style pings, which a title may not hold.
    text = tasks.BROADCAST.sub("", text).strip()
    title = " ".join(text.splitlines()[0].split())[:300] if text else ""
    form = task_views.form(project, channel, title=title, permalink=link)
    view = task_modal(form, rt.reader(team_id, user, lang))
    rt.client.views_open(trigger_id=body["trigger_id"], view=view)


def parse_fields(values: dict[str, Any]) -> dict[str, Any]:
    """The modal's fields as NewTask arguments; every field's mistake at once, each on its field."""
    errors: dict[str, UserError] = {}
    parsed: dict[str, Any] = {}
    fields = [
        ("est", "estimate", parse_estimate),
        ("milestone", "milestone", parse_milestone),
        ("after", "after", parse_after),
    ]
    for block_id, name, fn in fields:
        try:
            parsed[name] = fn(values.get(block_id))
        except UserError as exc:
            errors[block_id] = exc.at(block_id)
    for key in ("start", "due"):
        parsed[key] = date.fromisoformat(values[key]) if values.get(key) else None
    if parsed["start"] and parsed["due"] and parsed["due"] < parsed["start"]:
        errors["due"] = UserError("task.due_before_start_field", field="due")
    if errors:
        raise FieldErrors(errors)
    return parsed


def _add(sub: Submission) -> Accepted:
    project = sub.project
    assert project is not None
    parsed = parse_fields(sub.values)
    spec = tasks.NewTask(
        title=sub.values.get("title") or "",
        owner=sub.values.get("owner"),
        priority=sub.values.get("prio") or "normal",
        source_permalink=sub.meta.get("permalink"),
        **parsed,
    )
    task = tasks.create(sub.session, project, actor=sub.user_id, now=sub.now, spec=spec)
    after = on_added(sub.rt, sub.session, project, task)
    notes = due_notes(project, task, project.today(sub.now))
    if spec.after:
        notes += task_deps.out_of_order(sub.session, task)
    if notes:
        text = views.changed(notes[0], notes[1:], sub.reader()).text
        channel, user, client = project.channel_id, sub.user_id, sub.client
        after.append(lambda: client.chat_postEphemeral(channel=channel, user=user, text=text))
    return Accepted(after=after)


def on_modal(ack, body, view, context) -> None:
    """Validate the new-task modal onto its fields; on success add the task and post its card."""
    run_submission(ack, body, view, context, handle=_add, field="title")


def register(app: App) -> None:
    for action_id in (views.START, views.PROGRESS, views.DONE):
        app.action(action_id)(on_button)
    app.action(views.MORE)(on_more)
    app.shortcut(SHORTCUT)(on_shortcut)
    app.view(TASK_MODAL)(on_modal)
