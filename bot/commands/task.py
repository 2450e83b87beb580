"""/task: add, list, show and every change to a task; the bare command opens the modal."""

from __future__ import annotations

from bot.blocks import task as views
from bot.blocks.common import Reply, help_reply
from bot.blocks.task_modal import task_modal
from bot.commands import task_actions as after
from bot.commands import task_edit as edits
from bot.commands.base import Request, closed_noted, run_command
from bot.commands.task_actions import due_notes, parse_after, parse_estimate, parse_milestone
from bot.errors import UserError
from bot.i18n import Mrkdwn, Phrase, Tr
from bot.option_values import parse_choice, parse_duration_hours, parse_percent
from bot.services import (
    milestones,
    projects,
    task_changes,
    task_deps,
    task_edit,
    task_list,
    task_views,
    tasks,
)
from bot.store.models import PRIORITIES, Project, Task
from bot.views.task import ListShown

ADD_KEYS = {"due", "start", "est", "prio", "milestone", "after", "in"}
FILTERS = ("mine", "overdue", "blocked", "open", "done", "all")
EN = Tr("en")
# `/task help`: each verb's usage (as typed, in any language) and what it does (`task.help.*`).
HELP = [
    (
        'add "Design member schema" @alice due:"next friday" est:8h prio:high milestone:M-1 after:T-3',
        "add",
    ),  # fmt: skip
    ("list [mine|@bob|overdue|blocked|open|done|all] [milestone:M-1]", "list"),
    ("show T-7", "show"),
    ("assign T-7 @bob", "assign"),
    ("start T-7", "start"),
    ("progress T-7 60%", "progress"),
    ("done T-7", "done"),
    ("reopen T-7", "reopen"),
    ('block T-7 "waiting for API keys"', "block"),
    ("unblock T-7", "unblock"),
    ('due T-7 "next friday"', "due"),
    ("log T-7 3h", "log"),
    ("depend T-7 after:T-3", "depend"),
    ("depend T-7 remove:T-3", "undepend"),
    ("edit T-7", "edit"),
    ('edit T-7 title:"Design schema v2" est:6h prio:high milestone:M-2', "edit_inline"),
    ("cancel T-7 duplicate of T-3", "cancel"),
    ("delete T-7", "delete"),
]


def usage(tr: Tr = EN) -> Reply:
    verbs = [(example, tr(f"task.help.{what}")) for example, what in HELP]
    intro = tr("task.help.intro") + "\n" + tr("task.help.dates")
    return help_reply("/task", verbs, intro, title=tr.plain("project.help.title", command="/task"))


def _project(req: Request, *, read: bool = False) -> Project:
    """The project to change (a closed one is refused), or with `read` to look at (closed too)."""
    return projects.resolve(
        req.session, req.team_id, req.channel_id, req.opt("in"), include_closed=read
    )


def quoted(text: str, limit: int = 40) -> str:
    """User text to quote inside a `code` span of a message: one line, short, no backticks."""
    text = text.replace("`", "'").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _task(req: Request, project: Project, example: str, *, lock: bool = False) -> Task:
    refs = [r for r in req.cmd.refs]
    if not refs and req.text:
        raise UserError("task.which_not_ref", example, text=quoted(req.text))
    if not refs:
        raise UserError("task.which", example)
    if refs[0].kind != "T":
        raise UserError("task.not_task_ref", example, ref=str(refs[0]))
    return tasks.get(req.session, project, refs[0].number, lock=lock)


def add(req: Request) -> Reply:
    # On the unit, not `req.session`: the usual add (no owner, milestone or `after:`) opens none.
    project = projects.resolve(req.unit, req.team_id, req.channel_id, req.opt("in"))
    unknown = set(req.cmd.options) - ADD_KEYS
    if unknown:
        listed = Mrkdwn(", ".join(f"`{k}:`" for k in sorted(ADD_KEYS - {"in"})))
        raise UserError("task.unknown_add_option", tasks.ADD_EXAMPLE, key=quoted(sorted(unknown)[0]), options=listed)  # fmt: skip
    if len(req.cmd.mentions) > 1:
        raise UserError("task.one_owner", tasks.ADD_EXAMPLE)
    if req.cmd.refs:
        raise UserError("task.after_option", tasks.ADD_EXAMPLE, ref=str(req.cmd.refs[0]))
    tz = project.timezone
    due, start = req.opt("due"), req.opt("start")
    spec = tasks.NewTask(
        title=req.text,
        owner=req.cmd.mentions[0] if req.cmd.mentions else None,
        due=req.rt.dates.parse_date(due, now=req.now, tz=tz, key="due") if due else None,
        start=req.rt.dates.parse_date(start, now=req.now, tz=tz, key="start") if start else None,
        estimate=parse_estimate(req.opt("est")),
        priority=parse_choice(req.opt("prio"), PRIORITIES, key="prio")
        if req.opt("prio")
        else "normal",  # fmt: skip
        milestone=parse_milestone(req.opt("milestone")),
        after=parse_after(req.opt("after")),
    )
    task = tasks.create(req.unit, project, actor=req.user_id, now=req.now, spec=spec)
    today = project.today(req.now)
    view = task_views.added(project, task, today)
    notes = due_notes(project, task, today)
    if spec.after:  # the session is open already: the predecessors were looked up in it
        notes += task_deps.out_of_order(req.session, task)
    reply = views.added(view, notes, req.reader(project))
    reply.after += after.on_added(req.rt, req.unit, project, task)
    return reply


def _filter(req: Request, project: Project) -> tuple[task_list.ListFilter, ListShown]:
    words = req.cmd.text.lower().split()
    unknown = [w for w in words if w not in FILTERS]
    if unknown or len(words) > 1 or len(req.cmd.mentions) > 1:
        raise UserError(
            "task.bad_filter",
            "/task list overdue milestone:M-1",
            text=quoted(" ".join(words)),
            filters=Mrkdwn(", ".join(f"`{f}`" for f in FILTERS)),
        )
    word = words[0] if words else "open"
    owner = req.cmd.mentions[0] if req.cmd.mentions else req.user_id if word == "mine" else None
    milestone = None
    if req.opt("milestone"):
        number = parse_milestone(req.opt("milestone"))
        assert number is not None
        milestone = milestones.get_milestone(req.session, project, number)
    status = "open" if word == "mine" else word
    number = milestone.number if milestone else None
    mine = owner is not None and owner == req.user_id
    said = ListShown(status, owner, mine, number, closed=project.status == "closed")
    return task_list.ListFilter(status, owner, milestone.id if milestone else None), said


def list_(req: Request) -> Reply:
    project = _project(req, read=True)
    flt, said = _filter(req, project)
    today = project.as_of(project.today(req.now))  # a closed project's tasks stop falling due
    tr = req.reader(project)
    return closed_noted(after.list_reply(req.session, project, flt, said, today, tr), project, tr)


def show(req: Request) -> Reply:
    project = _project(req, read=True)
    task = _task(req, project, "/task show T-7")
    view = task_views.detail(req.session, project, task, project.as_of(project.today(req.now)))
    return views.detail(view, req.reader(project))


def _change(req: Request, example: str, what: str, fn, *, said: dict | None = None, **kwargs) -> Reply:  # fmt: skip
    """Change the task named by the ref; `what` is the `task.changed.*` reply (with `said`)."""
    project = _project(req)
    task = _task(req, project, example, lock=True)
    changed = fn(req.session, project, task, actor=req.user_id, now=req.now, **kwargs)
    done = Phrase(f"task.changed.{what}", ref=f"T-{task.number}", **(said or {}))
    reply = views.changed(done, changed.notes, req.reader(project))
    # Done, reopened: the tasks waiting on it wait no more, or again.
    dependants = what in ("done", "reopen")
    reply.after += after.on_changed(req.rt, req.team_id, task.id, changed.users | {req.user_id}, dependants=dependants)  # fmt: skip
    return reply


def assign(req: Request) -> Reply:
    req.require_mentions(req.text.split())
    if not req.cmd.mentions:
        raise UserError("task.owner_missing", "/task assign T-7 @bob")
    owner = req.cmd.mentions[0]
    return _change(req, "/task assign T-7 @bob", "assign", task_changes.assign, said={"owner": owner}, owner=owner)  # fmt: skip


def start(req: Request) -> Reply:
    return _change(req, "/task start T-7", "start", task_changes.start)


def progress(req: Request) -> Reply:
    if not req.text:
        raise UserError("task.progress_missing", "/task progress T-7 60%")
    percent = parse_percent(req.text, usage="/task progress T-7 60%")
    return _change(req, "/task progress T-7 60%", "progress", task_changes.progress, said={"percent": percent}, percent=percent)  # fmt: skip


def done(req: Request) -> Reply:
    return _change(req, "/task done T-7", "done", task_changes.done)


def reopen(req: Request) -> Reply:
    return _change(req, "/task reopen T-7", "reopen", task_edit.reopen_any)


def block(req: Request) -> Reply:
    return _change(req, '/task block T-7 "waiting for API keys"', "block", task_changes.block, reason=req.text)  # fmt: skip


def unblock(req: Request) -> Reply:
    return _change(req, "/task unblock T-7", "unblock", task_changes.unblock)


def due(req: Request) -> Reply:
    project = _project(req)
    if not req.text:
        raise UserError("task.due_missing", '/task due T-7 "next friday"')
    when = req.rt.dates.parse_date(req.text, now=req.now, tz=project.timezone, key=None)
    today = project.today(req.now)
    return _change(req, '/task due T-7 "next friday"', "due", task_changes.set_due, said={"due": when}, due=when, today=today)  # fmt: skip


def log(req: Request) -> Reply:
    if not req.text:
        raise UserError("task.log_missing", "/task log T-7 3h")
    hours = parse_duration_hours(req.text, key="log", allow_zero=False, usage="/task log T-7 3h")
    return _change(req, "/task log T-7 3h", "log", task_changes.log_effort, said={"hours": float(hours)}, hours=hours)  # fmt: skip


def depend(req: Request) -> Reply:
    """`after:T-3` (or refs after the task's) adds what it waits on; `remove:T-3` takes it away."""
    project = _project(req)
    task = _task(req, project, "/task depend T-7 after:T-3")
    removing = parse_after(req.opt("remove"), key="remove")
    numbers = parse_after(req.opt("after")) or [r.number for r in req.cmd.refs[1:] if r.kind == "T"]
    if not numbers and not removing:
        raise UserError("task.depend_missing", "/task depend T-7 after:T-3")
    task_changes.require_member_change(req.session, project, req.user_id, "access.do.change_dependencies")  # fmt: skip
    before = ", ".join(f"T-{t.number}" for t in task_deps.predecessors(req.session, task)) or None
    if removing:
        gone = [tasks.get(req.session, project, n) for n in removing]
        task_deps.remove_dependencies(req.session, task, gone)
    task_deps.add_dependencies(req.session, task, [tasks.get(req.session, project, n) for n in numbers])  # fmt: skip
    waits = ", ".join(f"T-{t.number}" for t in task_deps.predecessors(req.session, task))
    if (waits or None) != before:
        task_changes.record_change(req.session, project, task, req.user_id, req.now, after=(before, waits or None))  # fmt: skip
    ref = f"T-{task.number}"
    said = Phrase("task.depends", ref=ref, refs=waits) if waits else Phrase("task.waits_on_nothing", ref=ref)  # fmt: skip
    reply = views.changed(said, task_deps.out_of_order(req.session, task), req.reader(project))
    reply.after += after.on_changed(req.rt, req.team_id, task.id, {req.user_id})  # its card waits
    return reply


def edit(req: Request) -> Reply:
    project = _project(req)
    return edits.edit(req, project, _task(req, project, edits.EDIT_EXAMPLE, lock=True))


def cancel(req: Request) -> Reply:
    project = _project(req)
    return edits.cancel(req, project, _task(req, project, "/task cancel T-7 added by mistake", lock=True))  # fmt: skip


def delete(req: Request) -> Reply:
    project = _project(req)
    return edits.delete(req, project, _task(req, project, "/task delete T-7"))


def bare(req: Request) -> Reply:
    project = _project(req)
    form = task_views.form(project, req.channel_id)
    req.client.views_open(trigger_id=req.trigger_id, view=task_modal(form, req.reader(project)))
    return Reply(text="")


VERBS = {
    "add": add,
    "list": list_,
    "show": show,
    "assign": assign,
    "start": start,
    "progress": progress,
    "done": done,
    "reopen": reopen,
    "block": block,
    "unblock": unblock,
    "due": due,
    "log": log,
    "depend": depend,
    "edit": edit,
    "cancel": cancel,
    "delete": delete,
}


def on_command(ack, body, context) -> None:
    run_command(ack, body, context, verbs=VERBS, usage=usage, bare=bare, reads=("list",))


COMMANDS = {"/task": on_command}
