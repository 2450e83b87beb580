"""/risk's verbs: add, list, show, update, mitigate, close, occurred, matrix; bare opens the modal."""

from __future__ import annotations

import functools
from datetime import date

from bot.blocks import risk as views
from bot.blocks import risk_matrix, risk_modal, risk_replies
from bot.blocks.common import Reply
from bot.commands.base import Request, closed_noted, run_command
from bot.commands.risk_actions import send_escalation
from bot.errors import UserError
from bot.grammar import parse_ref
from bot.i18n import Mrkdwn, Phrase, Tr
from bot.runtime import Runtime
from bot.services import access, projects, risk_changes, risk_views, risks
from bot.store.models import Project

FIELDS = ("likelihood", "impact", "owner", "mitigation", "review", "title")


HELP = risk_modal.help_entries()


ENGLISH = Tr("en")


def usage(tr: Tr = ENGLISH) -> Reply:
    return risk_modal.help_reply(tr)


def _project(req: Request, *, read: bool = False) -> Project:
    """The project to change (a closed one is refused), or with `read` to look at (closed too)."""
    return projects.resolve(
        req.session, req.team_id, req.channel_id, req.opt("in"), include_closed=read
    )


def _only(req: Request, allowed: tuple[str, ...], example: str) -> None:
    unknown = sorted(set(req.cmd.options) - {*allowed, "in"})
    if unknown:
        listed = Mrkdwn(", ".join(f"`{k}:`" for k in (*allowed, "in")))
        raise UserError("risk.bad_option", example, key=risks.quoted(unknown[0]), options=listed)


def _number(req: Request, verb: str) -> int:
    """The risk a verb names (`show`, `update`, `mitigate`, `close`, `occurred`)."""
    example = f"/risk {verb} R-3"
    if not req.cmd.refs:
        raise UserError("risk.say_which", example, verb=Phrase(f"risk.verb.{verb}"))
    return parse_ref(str(req.cmd.refs[0]), "R")


def _owner(req: Request) -> str | None:
    if req.opt("owner"):
        return req.user_opt("owner")
    if len(req.cmd.mentions) > 1:
        raise UserError("risk.one_owner", "owner:@bob", field="owner")
    return req.cmd.mentions[0] if req.cmd.mentions else None


def _review(req: Request, project: Project) -> date | None:
    text = req.opt("review")
    if text is None:
        return None
    return req.rt.dates.parse_date(text, now=req.now, tz=project.timezone, key="review")


def _level(req: Request, key: str) -> int | None:
    text = req.opt(key)
    return None if text is None else risks.parse_level(text, key)


def _escalate(req: Request, saved: risk_changes.Saved) -> list:
    esc = saved.escalation
    return [functools.partial(send_escalation, req.rt, esc)] if esc else []


def add(req: Request) -> Reply:
    _only(req, FIELDS[:-1], risks.ADD_EXAMPLE)
    project = _project(req)
    spec = risk_changes.NewRisk(
        title=req.text,
        likelihood=_level(req, "likelihood") or 3,
        impact=_level(req, "impact") or 3,
        owner_id=_owner(req),
        mitigation=req.opt("mitigation"),
        review=_review(req, project),
    )
    saved = risk_changes.add(req.session, project, actor=req.user_id, now=req.now, spec=spec)
    reply = risk_replies.risk_added(
        req.channel(project), project.key, risk_views.saved_view(saved, project)
    )
    reply.after = _escalate(req, saved)
    return reply


def list_(req: Request) -> Reply:
    _only(req, (), "/risk list mine")
    which = req.cmd.args[0].lower() if req.cmd.args else "open"
    if which not in ("open", "mine", "all"):
        raise UserError("risk.bad_list", "/risk list mine", which=risks.quoted(which))
    project = _project(req, read=True)
    found = risks.listing(req.session, project, which, req.user_id, occurred=True)
    shown = [risk_views.view(r, project.timezone) for r in found]
    tr, closed = req.reader(project), project.status == "closed"
    return closed_noted(views.risk_list(tr, project.key, shown, which, closed=closed), project, tr)


def show(req: Request) -> Reply:
    project = _project(req, read=True)
    risk = risks.get(req.session, project, _number(req, "show"))
    return views.risk_show(req.reader(project), risk_views.detail(req.session, project, risk))


def update(req: Request) -> Reply:
    example = '/risk update R-3 likelihood:2 impact:4 review:"next monday"'
    _only(req, FIELDS, example)
    number = _number(req, "update")
    if not set(req.cmd.options) - {"in"}:
        raise UserError("risk.say_what_changes", example, number=number)
    project = _project(req)
    saved = risk_changes.update_risk(
        req.session,
        project,
        number,
        actor=req.user_id,
        now=req.now,
        title=req.opt("title"),
        likelihood=_level(req, "likelihood"),
        impact=_level(req, "impact"),
        owner_id=req.user_opt("owner"),
        mitigation=req.opt("mitigation"),
        review=_review(req, project),
    )
    reply = _changed(req, project, saved)
    reply.after = _escalate(req, saved)
    return reply


def mitigate(req: Request) -> Reply:
    _only(req, ("mitigation",), '/risk mitigate R-3 "second vendor on standby"')
    number = _number(req, "mitigate")
    plan = req.text or req.opt("mitigation")
    if not plan:
        raise UserError(
            "risk.give_plan", f'/risk mitigate R-{number} "second vendor"', field="mitigation"
        )
    project = _project(req)
    saved = risk_changes.update_risk(
        req.session, project, number, actor=req.user_id, now=req.now, mitigation=plan
    )
    return _changed(req, project, saved)


def _changed(req: Request, project: Project, saved: risk_changes.Saved) -> Reply:
    shown = risk_views.saved_view(saved, project)
    return risk_replies.risk_changed(req.channel(project), shown, req.user_id)


def close(req: Request) -> Reply:
    _only(req, ("reason",), "/risk close R-3 vendor confirmed the date")
    number = _number(req, "close")
    project = _project(req)
    reason = req.text or req.opt("reason")
    saved = risk_changes.close(
        req.session, project, number, actor=req.user_id, now=req.now, reason=reason or None
    )
    shown = risk_views.saved_view(saved, project)
    return _announce(
        req, project, risk_replies.risk_closed(req.channel(project), shown, req.user_id)
    )


def occurred(req: Request) -> Reply:
    _only(req, ("reason",), "/risk occurred R-3 the vendor went bust")
    number = _number(req, "occurred")
    project = _project(req)
    reason = req.text or req.opt("reason")
    saved = risk_changes.close(
        req.session,
        project,
        number,
        actor=req.user_id,
        now=req.now,
        reason=reason or None,
        status="occurred",
    )
    shown = risk_views.saved_view(saved, project)
    return _announce(
        req, project, risk_replies.risk_occurred(req.channel(project), shown, req.user_id)
    )


def _announce(req: Request, project: Project, reply: Reply) -> Reply:
    """A risk closed or occurred is the team's news: said in the project's channel. Typed
    elsewhere (the app's DM, another channel, with `in:`), it is posted there and the person is
    told where, as closing it in the channel would have been seen."""
    if req.channel_id == project.channel_id:
        return reply
    client, channel, text, blocks = req.client, project.channel_id, reply.text, reply.blocks

    def post() -> None:
        client.chat_postMessage(channel=channel, text=text, blocks=blocks)

    told = req.reader(project)("risk.announced_in", channel=channel)
    return Reply(text=f"{text}\n{told}", after=[post, *reply.after])


def matrix(req: Request) -> Reply:
    _only(req, (), "/risk matrix")
    project = _project(req, read=True)
    shown = risk_views.matrix(req.session, project)
    tr = req.channel(project)
    reply = risk_matrix.matrix(tr, shown)
    upload = functools.partial(upload_matrix, req.rt, req.channel_id, shown.cells, project.key, tr)
    reply.after = [upload]
    return reply


def upload_matrix(
    rt: Runtime,
    channel_id: str,
    cells: dict[tuple[int, int], list[str]],
    key: str,
    tr: Tr | None = None,
) -> None:
    """Render the heat map and share it in the channel (after the ack: rendering is slow)."""
    from bot.charts.risk_matrix import render

    tr = tr or Tr("en")
    title = tr.plain("risk.matrix_title", key=key)
    rt.client.files_upload_v2(
        content=render(cells, title, tr),
        filename=f"risk-matrix-{key.lower()}.png",
        channel=channel_id,
        title=title,
        alt_txt=tr.plain("risk.chart_alt", title=title),
    )


def bare(req: Request) -> Reply:
    if req.cmd.refs:
        return show(req)
    project = _project(req)
    access.require_member(req.session, project, req.user_id, "add risks")
    view = risk_modal.risk_modal(req.reader(project), project.key, project.id, req.channel_id)
    req.client.views_open(trigger_id=req.trigger_id, view=view)
    return Reply(text="")


VERBS = {
    "add": add,
    "list": list_,
    "show": show,
    "update": update,
    "mitigate": mitigate,
    "close": close,
    "occurred": occurred,
    "matrix": matrix,
}


def on_command(ack, body, context) -> None:
    run_command(ack, body, context, verbs=VERBS, usage=usage, bare=bare)


COMMANDS = {"/risk": on_command}
