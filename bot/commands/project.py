"""/project: planning — a project bound to its channel, milestones, members, settings, baseline."""

from __future__ import annotations

from bot.blocks import project as views
from bot.blocks import project_members as member_views
from bot.blocks.common import Reply, help_reply
from bot.blocks.report import report_blocks, report_csv
from bot.commands import project_timeline
from bot.commands.base import Request, run_command
from bot.commands.project_close import close
from bot.commands.project_new import bare, new
from bot.commands.project_settings import settings
from bot.errors import NotFound, UserError
from bot.grammar import parse_ref
from bot.i18n import Mrkdwn, Tr
from bot.option_values import parse_amount, parse_choice, parse_duration_hours
from bot.services import (
    access,
    costs,
    membership,
    milestones,
    plan_dates,
    profiles,
    project_changes,
    project_info,
    projects,
    report,
)
from bot.services import project_views as pv
from bot.store.models import Project

HELP = [
    (
        'new "Member Portal v2" key:MP goal:"…" start:today end:"in 3 months" budget:50000 currency:USD tz:Asia/Shanghai lang:zh',
        "project.help.new",
    ),
    ("info", "project.help.info"),
    ('milestone "Beta launch" due:"in 6 weeks"', "project.help.milestone"),
    ("milestone done M-2", "project.help.milestone_done"),
    ("members add @alice @bob role:member capacity:32h", "project.help.members_add"),
    ("members remove @bob", "project.help.members_remove"),
    ("members", "project.help.members"),
    (
        'settings standup:09:30 days:mon-fri digest:"fri 16:00" digest-to:#proj-updates alerts:on tz:Asia/Shanghai survey:anonymous lang:zh',
        "project.help.settings",
    ),
    ('settings end:"in 6 weeks"', "project.help.settings_dates"),
    ("baseline", "project.help.baseline"),
    ('spend 1200 "design agency" task:T-3', "project.help.spend"),
    ("list", "project.help.list"),
    ("close", "project.help.close"),
    ("report", "project.help.report"),
    project_timeline.HELP,
]


def usage(tr: Tr | None = None) -> Reply:
    tr = tr or Tr()
    verbs = [(example, tr(what)) for example, what in HELP]
    return help_reply(
        "/project",
        verbs,
        tr("project.help.intro"),
        title=tr.plain("project.help.title", command="/project"),
    )


def _project(req: Request, *, change: bool = False):
    """The project this command acts on: a closed one to read; to `change` it, `ProjectClosed`."""
    return projects.resolve(
        req.session, req.team_id, req.channel_id, req.opt("in"), include_closed=not change
    )


def info(req: Request) -> Reply:
    return _info(req, _project(req))


def _info(req: Request, project: Project) -> Reply:
    data = project_info.info(req.session, project, req.today(project.timezone))
    return views.project_info(pv.info(data), req.reader(project))


def bare_or_info(req: Request) -> Reply:
    """Bare `/project`: the new-project form, or in a channel that already runs a project, what
    `/project info` shows (a second one can't start here; the form would only refuse at the end)."""
    try:
        running = _project(req)
    except NotFound:
        return bare(req)
    return _info(req, running) if running.status == "active" else bare(req)


def milestone(req: Request) -> Reply:
    project = _project(req, change=True)
    access.require_member(req.session, project, req.user_id, "add or finish milestones")
    args = req.cmd.args
    if args and args[0].lower() == "done":
        if not req.cmd.refs:
            raise UserError("project.say_which_milestone", "/project milestone done M-2")
        number = parse_ref(str(req.cmd.refs[0]), "M")
        done = milestones.complete_milestone(
            req.session, project, actor=req.user_id, now=req.now, number=number
        )
        return views.milestone_done(pv.milestone(done), req.channel(project))
    due = req.date_opt("due", project.timezone)
    if due is None:
        raise UserError(
            "project.milestone_needs_due", '/project milestone "Beta launch" due:"in 6 weeks"'
        )
    added = milestones.add_milestone(
        req.session, project, actor=req.user_id, now=req.now, name=req.text, due=due
    )
    notes = plan_dates.after_end(project, added.due_date, f"M-{added.number}")
    return views.milestone_added(project.key, pv.milestone(added), notes, req.channel(project))


def members(req: Request) -> Reply:
    action = req.cmd.args[0].lower() if req.cmd.args else "list"
    project = _project(req, change=action != "list")
    if action == "list":
        found = membership.members(req.session, project)
        return member_views.members_list(project.key, pv.members(found), req.reader(project))
    access.require_owner(req.session, project, req.user_id, "change members")
    if action in ("add", "remove"):
        req.require_mentions(req.cmd.args[1:])
    if action == "add":
        role = (
            parse_choice(req.opt("role"), ("member", "stakeholder", "owner"), key="role")
            if req.opt("role")
            else "member"
        )
        capacity = req.opt("capacity")
        hours = parse_duration_hours(capacity, key="capacity") if capacity is not None else None
        if hours is not None and hours > 168:
            raise UserError("project.capacity_max", "capacity:32h", field="capacity")
        added = membership.add_members(
            req.session,
            project,
            actor=req.user_id,
            now=req.now,
            user_ids=req.cmd.mentions,
            role=role,
            capacity=hours,
        )
        return member_views.members_added(project.key, added, role, req.channel(project))
    if action == "remove":
        if not req.cmd.mentions:
            raise UserError("project.name_who_to_remove", "/project members remove @bob")
        still_own = {
            user_id: membership.remove_member(
                req.session, project, actor=req.user_id, now=req.now, user_id=user_id
            )
            for user_id in req.cmd.mentions
        }
        return member_views.members_removed(project.key, still_own, req.channel(project))
    raise UserError("project.bad_members_verb", "/project members add @alice", action=action)


def baseline(req: Request) -> Reply:
    project = _project(req, change=True)
    access.require_owner(req.session, project, req.user_id, "set the baseline")
    count = project_changes.set_baseline(req.session, project, actor=req.user_id, now=req.now)
    return views.baseline_set(project.key, count, req.channel(project))


def spend(req: Request) -> Reply:
    project = _project(req, change=True)
    access.require_member(req.session, project, req.user_id, "record spending")
    if not req.cmd.args:
        raise UserError("project.say_spend", costs.EXAMPLE)
    amount = parse_amount(req.cmd.args[0], key="amount", usage=costs.EXAMPLE)
    note = " ".join(req.cmd.args[1:])
    task = req.opt("task")
    spent = costs.record_spend(
        req.session,
        project,
        actor=req.user_id,
        now=req.now,
        amount=amount,
        note=note,
        task_number=parse_ref(task, "T") if task else None,
    )
    return views.spend_recorded(pv.spend(project, spent), req.channel(project))


def list_(req: Request) -> Reply:
    found = projects.in_workspace(req.session, req.team_id)
    return views.project_list([pv.card(p) for p in found], req.reader())


def report_verb(req: Request) -> Reply:
    project = _project(req)
    built = report.build(req.session, project, req.today(project.timezone))
    if req.cmd.args and req.cmd.args[0].lower() == "csv":
        # The file is the channel's: the project's language; the reply is the person's.
        words = req.channel(project)
        view = report.to_view(built)
        channel, user_id, rt, team_id = req.channel_id, req.user_id, req.rt, req.team_id
        filename = f"{project.key}-report.csv"
        title = words.plain("report.csv_file_title", key=project.key)
        comment = words("report.csv_comment", who=Mrkdwn(f"<@{user_id}>"), key=project.key)

        def upload() -> None:
            # Names for a reader of the spreadsheet: users.info, kept a week, off the request path.
            with rt.db.session() as session:
                ids = [p.user_id for p in view.people]
                names = profiles.names(session, team_id, ids, lookup=rt.user_lookup(team_id), now=rt.clock())  # fmt: skip
            rt.client.files_upload_v2(
                content=report_csv(view, words, names),
                filename=filename,
                title=title,
                channel=channel,
                initial_comment=comment,
            )

        text = req.reader(project)("report.csv_exporting", filename=filename)
        return Reply(text=text, after=[upload])
    # Only the asker sees the report, and Slack has no ephemeral files: its timeline is not
    # uploaded to the channel unasked; the report says `/project timeline` posts one.
    return report_blocks(report.to_view(built), req.reader(project), timeline_hint=True)


VERBS = {
    "new": new,
    "info": info,
    "milestone": milestone,
    "members": members,
    "settings": settings,
    "baseline": baseline,
    "spend": spend,
    "close": close,
    "report": report_verb,
    "timeline": project_timeline.timeline,
    "list": list_,
}


def on_command(ack, body, context) -> None:
    run_command(
        ack,
        body,
        context,
        verbs=VERBS,
        usage=usage,
        bare=bare_or_info,
        reads=("info",),
    )


COMMANDS = {"/project": on_command}
