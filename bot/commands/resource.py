"""/resource: people, equipment, rooms and licences claimed for a time window."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from slack_bolt import App
from sqlalchemy.orm import Session

from bot.blocks import resource as views
from bot.blocks.common import Reply, help_reply
from bot.commands.base import Request, field_for, refuse_fields, run_command, team_of, view_values
from bot.errors import UserError
from bot.grammar import GrammarError, parse_choice, parse_duration_hours, parse_ref
from bot.runtime import Runtime
from bot.services import access, projects, resources
from bot.store.models import RESOURCE_KINDS, Project, Resource

HELP = [
    (
        "add projector kind:equipment capacity:40h",
        "a resource that can be claimed (members are people automatically)",
    ),
    (
        "claim projector for:T-12 from:2026-12-07 to:2026-12-11 hours:16",
        "claim hours of a resource or @person",
    ),
    ("release C-5", "give a claim back"),
    ("list", "the project's claims"),
    ("load week:2026-12-07", "hours claimed and assigned per resource and person against capacity"),
]


def usage() -> Reply:
    return help_reply(
        "/resource", HELP, "Capacity is hours per week; claims spread evenly over working days."
    )


def _project(req: Request, *, read: bool = False) -> Project:
    """The project to change (a closed one is refused), or with `read` to look at (closed too)."""
    return projects.resolve(
        req.session, req.team_id, req.channel_id, req.opt("in"), include_closed=read
    )


def add(req: Request) -> Reply:
    project = _project(req)
    access.require_member(req.session, project, req.user_id, "add resources")
    kind = (
        parse_choice(req.opt("kind"), RESOURCE_KINDS, key="kind")
        if req.opt("kind")
        else "equipment"
    )
    if kind == "person":
        raise UserError(
            "People become resources when they are made members.",
            "/project members add @alice capacity:32h",
        )
    capacity = (
        parse_duration_hours(req.opt("capacity"), key="capacity") if req.opt("capacity") else 40.0
    )
    resource = resources.add_resource(
        req.session, req.team_id, name=req.text, kind=kind, capacity=capacity, now=req.now
    )
    return views.resource_added(resource)


def _what(
    session: Session, project: Project, person: str | None, name: str | None, now: datetime
) -> Resource:
    """The resource a claim names: a member as a person, else a resource of the workspace."""
    if person and name:
        raise UserError("Claim a resource or a person, not both.", resources.CLAIM_EXAMPLE)
    if person:
        if access.membership(session, project, person) is None:
            raise UserError(
                f"<@{person}> is not a member of *{project.key}*.", "/project members add @alice"
            )
        return resources.get_or_make_person(session, project.team_id, person, now)
    if name:
        return resources.find_resource(session, project.team_id, name)
    raise UserError("Say what to claim.", resources.CLAIM_EXAMPLE)


def claim(req: Request) -> Reply:
    project = _project(req)
    access.require_member(req.session, project, req.user_id, "claim resources")
    person = req.cmd.mentions[0] if req.cmd.mentions else None
    resource = _what(req.session, project, person, None if person else req.text, req.now)
    today = req.today(project.timezone)
    start = req.date_opt("from", project.timezone) or today
    end = req.date_opt("to", project.timezone) or start
    hours = parse_duration_hours(req.opt("hours"), key="hours") if req.opt("hours") else None
    task = req.opt("for")
    result = resources.claim(
        req.session,
        project,
        resource,
        actor=req.user_id,
        now=req.now,
        start=start,
        end=end,
        hours=hours,
        task_number=parse_ref(task, "T", key="for") if task else None,
    )
    return views.claimed(project, resource, result)


def release(req: Request) -> Reply:
    project = _project(req)
    access.require_member(req.session, project, req.user_id, "release claims")
    if not req.cmd.refs:
        raise UserError("Say which claim to release.", "/resource release C-5")
    number = parse_ref(str(req.cmd.refs[0]), "C")
    found = resources.release(req.session, project, number=number, actor=req.user_id, now=req.now)
    return views.released(found)


def list_claims(req: Request) -> Reply:
    project = _project(req, read=True)
    return views.claim_list(
        project, resources.active_claims(req.session, project, req.today(project.timezone))
    )


def load(req: Request) -> Reply:
    project = _project(req, read=True)
    week = req.date_opt("week", project.timezone) or req.today(project.timezone)
    week = week - timedelta(days=week.weekday())
    return views.load_report(project, week, resources.load(req.session, project, week))


def bare(req: Request) -> Reply:
    """A bare `/resource` opens the claim modal."""
    project = _project(req)
    access.require_member(req.session, project, req.user_id, "claim resources")
    today = req.today(project.timezone)
    req.client.views_open(
        trigger_id=req.trigger_id, view=views.claim_modal(project, req.channel_id, today)
    )
    return Reply(text="")


VERBS = {"add": add, "claim": claim, "release": release, "list": list_claims, "load": load}


def on_command(ack, body, context) -> None:
    run_command(ack, body, context, verbs=VERBS, usage=usage, bare=bare)


# Which modal field a mistake is about, by the phrase that names it.
_ERROR_BLOCKS = {
    "not a member": "person",
    "no task": "task",
    "`for:": "task",
    "`hours:": "hours",
    "0 hours": "hours",
    "window ends": "to",
    "no working days": "from",
}


def on_modal(ack, body, view, context) -> None:
    """Claim from the modal; a mistake goes back onto its field, a refusal names what fits."""
    rt: Runtime = context["rt"]
    values = view_values(view)
    meta = json.loads(view.get("private_metadata") or "{}")
    team_id = team_of(body, context)
    user_id, now = body["user"]["id"], rt.clock()
    try:
        with rt.db.session() as session:
            project = projects.get(session, team_id, int(meta.get("project_id") or 0))
            access.require_member(session, project, user_id, "claim resources")
            resource = _what(session, project, values.get("person"), values.get("resource"), now)
            start = date.fromisoformat(values["from"])
            end = date.fromisoformat(values["to"]) if values.get("to") else start
            hours = values.get("hours")
            task = values.get("task")
            result = resources.claim(
                session,
                project,
                resource,
                actor=user_id,
                now=now,
                start=start,
                end=end,
                hours=parse_duration_hours(hours, key="hours") if hours else None,
                task_number=parse_ref(task, "T", key="for") if task else None,
            )
            reply = views.claimed(project, resource, result)
            channel = meta.get("channel_id") or project.channel_id
    except resources.Refused as exc:
        # The field shows what fits; the whole refusal, with the holders, comes as a note.
        block = "person" if values.get("person") else "resource"
        refuse_fields(ack, {block: exc.message.splitlines()[-1]})
        text = f":warning: {exc.message}"
        where = meta.get("channel_id")
        rt.defer(lambda: rt.client.chat_postEphemeral(channel=where, user=user_id, text=text))
        return
    except (UserError, GrammarError) as exc:
        default = "person" if values.get("person") else "resource"
        block = field_for(exc.message, _ERROR_BLOCKS, default)
        refuse_fields(ack, {block: exc.message})
        return
    ack()
    rt.defer(lambda: rt.client.chat_postMessage(channel=channel, text=reply.text))


COMMANDS = {"/resource": on_command}


def register(app: App) -> None:
    app.view(views.CLAIM_MODAL)(on_modal)
