"""`/project new` and the bare `/project` modal: a new project, bound to its channel."""

from __future__ import annotations

from datetime import date

from slack_bolt import App

from bot.blocks import project as views
from bot.blocks import project_modal
from bot.blocks.common import Reply
from bot.commands.base import Request
from bot.commands.project_settings import parse_lang
from bot.commands.submission import Accepted, Submission, run_submission
from bot.errors import FieldErrors, UserError
from bot.option_values import parse_amount, parse_timezone
from bot.services import project_changes, projects
from bot.services import project_views as pv
from bot.services.project_settings import channel_tr


def new(req: Request) -> Reply:
    tz = parse_timezone(req.opt("tz")) if req.opt("tz") else req.rt.settings.teamtrack_timezone
    budget = req.opt("budget")
    spec = project_changes.NewProject(
        name=req.text,
        key=req.opt("key"),
        goal=req.opt("goal"),
        scope=req.opt("scope"),
        start=req.date_opt("start", tz),
        end=req.date_opt("end", tz),
        budget=parse_amount(budget, key="budget") if budget is not None else None,
        currency=req.opt("currency") or "CNY",
        timezone=tz,
        lang=parse_lang(req.opt("lang")) if req.opt("lang") else "en",
    )
    project = project_changes.create(
        req.session,
        team_id=req.team_id,
        channel_id=req.channel_id,
        user_id=req.user_id,
        now=req.now,
        spec=spec,
    )
    return views.project_created(pv.card(project), req.channel(project))


def bare(req: Request) -> Reply:
    if projects.is_direct_message(req.channel_id):
        raise UserError("project.not_in_dm")  # before a form that could only be refused
    view = project_modal.project_modal(
        req.channel_id, req.rt.settings.teamtrack_timezone, req.reader()
    )
    req.client.views_open(trigger_id=req.trigger_id, view=view)
    return Reply(text="")


def on_modal(ack, body, view, context) -> None:
    """The bare `/project` modal: mistakes go back onto their fields, in the reader's language."""
    run_submission(ack, body, view, context, handle=create_from_modal, field="name", project=False)


def create_from_modal(sub: Submission) -> Accepted:
    values, errors = sub.values, {}
    tz = budget = None
    try:
        tz = parse_timezone(values["tz"]) if values.get("tz") else None
    except UserError as exc:
        errors["tz"] = exc.at("tz")
    try:
        budget = parse_amount(values["budget"], key="budget") if values.get("budget") else None
    except UserError as exc:
        errors["budget"] = exc.at("budget")
    start = date.fromisoformat(values["start"]) if values.get("start") else None
    end = date.fromisoformat(values["end"]) if values.get("end") else None
    if start and end and end < start:
        errors["end"] = UserError("project.end_before_start", field="end")
    if errors:
        raise FieldErrors(errors)
    spec = project_changes.NewProject(
        name=values.get("name") or "",
        key=values.get("key"),
        goal=values.get("goal"),
        scope=values.get("scope"),
        start=start,
        end=end,
        budget=budget,
        currency=values.get("currency") or "CNY",
        timezone=tz or sub.rt.settings.teamtrack_timezone or "UTC",
        lang=values.get("lang") or "en",
    )
    channel_id = sub.meta.get("channel_id", "")
    project = project_changes.create(
        sub.session,
        team_id=sub.team_id,
        channel_id=channel_id,
        user_id=sub.user_id,
        now=sub.now,
        spec=spec,
    )
    reply = views.project_created(pv.card(project), channel_tr(project, sub.now))
    client = sub.client

    def post() -> None:
        client.chat_postMessage(channel=channel_id, text=reply.text, blocks=reply.blocks)

    return Accepted(after=[post])


def register(app: App) -> None:
    app.view(project_modal.PROJECT_MODAL)(on_modal)
