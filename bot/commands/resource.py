"""/resource: people, equipment, rooms and licences claimed for a time window."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from slack_bolt import App
from sqlalchemy.orm import Session

from bot.blocks import resource as views
from bot.blocks.common import Reply
from bot.commands.base import Request, closed_noted, run_command
from bot.commands.modal_state import view_values
from bot.commands.submission import Accepted, Submission, run_submission
from bot.errors import UserError
from bot.grammar import parse_ref
from bot.i18n import Tr
from bot.option_values import parse_choice, parse_duration_hours
from bot.services import access, projects, resource_claims, resources
from bot.services.project_settings import channel_tr
from bot.store.models import RESOURCE_KINDS, Project, Resource

HELP = views.help_entries()


ENGLISH = Tr("en")


def usage(tr: Tr = ENGLISH) -> Reply:
    return views.help_reply(tr)


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
        raise UserError("resource.person_kind", "/project members add @alice capacity:32h")
    capacity = (
        parse_duration_hours(req.opt("capacity"), key="capacity") if req.opt("capacity") else 40.0
    )
    resource = resources.add_resource(
        req.session, req.team_id, name=req.text, kind=kind, capacity=capacity, now=req.now
    )
    return views.resource_added(req.channel(project), resources.view(resource))


def _what(
    session: Session, project: Project, person: str | None, name: str | None, now: datetime
) -> Resource:
    """The resource a claim names: a member as a person, else a resource of the workspace."""
    if person and name:
        raise UserError("resource.not_both", resources.CLAIM_EXAMPLE, field="person")
    if person:
        if access.membership(session, project, person) is None:
            raise UserError(
                "resource.not_member",
                "/project members add @alice",
                field="person",
                user=person,
                key=project.key,
            )
        return resources.get_or_make_person(session, project.team_id, person, now)
    if name:
        return resources.find_resource(session, project.team_id, name)
    raise UserError("resource.say_what", resources.CLAIM_EXAMPLE, field="resource")


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
    result = resource_claims.claim(
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
    claim = resource_claims.claim_view(result.claim, resource, result)
    return views.claimed(req.channel(project), claim)


def release(req: Request) -> Reply:
    project = _project(req)
    access.require_member(req.session, project, req.user_id, "release claims")
    if not req.cmd.refs:
        raise UserError("resource.say_which", "/resource release C-5")
    number = parse_ref(str(req.cmd.refs[0]), "C")
    found = resource_claims.release(
        req.session, project, number=number, actor=req.user_id, now=req.now
    )
    return views.released(req.channel(project), found.number)


def list_claims(req: Request) -> Reply:
    project = _project(req, read=True)
    found = resource_claims.active_claims(req.session, project, req.today(project.timezone))
    shown = [resource_claims.claim_view(c, r) for c, r in found]
    return views.claim_list(req.reader(project), project.key, shown)


def load(req: Request) -> Reply:
    project = _project(req, read=True)
    today = req.today(project.timezone)
    week = req.date_opt("week", project.timezone) or today
    week = week - timedelta(days=week.weekday())
    loads = resources.load(req.session, project, week, today)
    tr = req.reader(project)
    return closed_noted(views.load_report(tr, project.key, week, loads), project, tr)


def bare(req: Request) -> Reply:
    """A bare `/resource` opens the claim modal."""
    project = _project(req)
    access.require_member(req.session, project, req.user_id, "claim resources")
    today = req.today(project.timezone)
    view = views.claim_modal(req.reader(project), project.key, project.id, req.channel_id, today)
    req.client.views_open(trigger_id=req.trigger_id, view=view)
    return Reply(text="")


VERBS = {"add": add, "claim": claim, "release": release, "list": list_claims, "load": load}


def on_command(ack, body, context) -> None:
    run_command(ack, body, context, verbs=VERBS, usage=usage, bare=bare)


def on_modal(ack, body, view, context) -> None:
    """Claim from the modal; a mistake goes back onto its field, a refusal names what fits."""
    # A mistake with no field of its own goes under what is claimed: the person, else the thing.
    default = "person" if view_values(view).get("person") else "resource"
    run_submission(ack, body, view, context, handle=_submit, field=default)


def _at(field: str, parse, *args, **kwargs):
    """A parser's mistake, said to be about a modal field."""
    try:
        return parse(*args, **kwargs)
    except UserError as exc:
        raise exc.at(field) from None


def _submit(sub: Submission) -> Accepted:
    project, values, rt, session = sub.project, sub.values, sub.rt, sub.session
    assert project is not None
    access.require_member(session, project, sub.user_id, "claim resources")
    resource = _what(session, project, values.get("person"), values.get("resource"), sub.now)
    start = date.fromisoformat(values["from"])
    end = date.fromisoformat(values["to"]) if values.get("to") else start
    hours, task = values.get("hours"), values.get("task")
    try:
        result = resource_claims.claim(
            session,
            project,
            resource,
            actor=sub.user_id,
            now=sub.now,
            start=start,
            end=end,
            hours=_at("hours", parse_duration_hours, hours, key="hours") if hours else None,
            task_number=_at("task", parse_ref, task, "T", key="for") if task else None,
        )
    except resource_claims.Refused as exc:
        # The field shows what fits; the whole refusal, with the holders, comes as a note.
        note = ":warning: " + sub.reader().error(exc)
        where, user = sub.meta.get("channel_id"), sub.user_id
        rt.defer(lambda: rt.client.chat_postEphemeral(channel=where, user=user, text=note))
        block = "person" if values.get("person") else "resource"
        raise exc.fit_error(block) from None
    tr = channel_tr(project, sub.now)
    reply = views.claimed(tr, resource_claims.claim_view(result.claim, resource, result))
    channel = sub.channel_id
    return Accepted(after=[lambda: rt.client.chat_postMessage(channel=channel, text=reply.text)])


COMMANDS = {"/resource": on_command}


def register(app: App) -> None:
    app.view(views.CLAIM_MODAL)(on_modal)
