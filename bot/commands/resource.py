"""/resource: people, equipment, rooms and licences claimed for a time window."""

from __future__ import annotations

from datetime import timedelta

from bot.blocks import resource as views
from bot.blocks.common import Reply, help_reply
from bot.commands.base import Request, run_command
from bot.errors import UserError
from bot.grammar import parse_choice, parse_duration_hours, parse_ref
from bot.services import access, projects, resources
from bot.store.models import RESOURCE_KINDS

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


def _project(req: Request):
    return projects.resolve(req.session, req.team_id, req.channel_id, req.opt("in"))


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


def claim(req: Request) -> Reply:
    project = _project(req)
    access.require_open(project)
    access.require_member(req.session, project, req.user_id, "claim resources")
    if req.cmd.mentions:
        person = req.cmd.mentions[0]
        if access.membership(req.session, project, person) is None:
            raise UserError(
                f"<@{person}> is not a member of *{project.key}*.", "/project members add @alice"
            )
        resource = resources.get_or_make_person(req.session, req.team_id, person, req.now)
    elif req.text:
        resource = resources.find_resource(req.session, req.team_id, req.text)
    else:
        raise UserError("Say what to claim.", resources.CLAIM_EXAMPLE)
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
    project = _project(req)
    return views.claim_list(
        project, resources.active_claims(req.session, project, req.today(project.timezone))
    )


def load(req: Request) -> Reply:
    project = _project(req)
    week = req.date_opt("week", project.timezone) or req.today(project.timezone)
    week = week - timedelta(days=week.weekday())
    return views.load_report(project, week, resources.load(req.session, project, week))


VERBS = {"add": add, "claim": claim, "release": release, "list": list_claims, "load": load}


def on_command(ack, body, context) -> None:
    run_command(ack, body, context["rt"], verbs=VERBS, usage=usage, bare=lambda req: usage())


COMMANDS = {"/resource": on_command}
