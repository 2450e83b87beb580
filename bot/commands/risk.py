"""/risk: the risk register — add, list, show, update, mitigate, close, occurred, matrix, the modal."""

from __future__ import annotations

import functools
import json
import logging
from datetime import date

from slack_bolt import App

from bot.blocks import risk as views
from bot.blocks.common import Reply, error_reply, help_reply
from bot.commands.base import Request, field_for, refuse_fields, run_command, team_of, view_values
from bot.errors import UserError
from bot.grammar import GrammarError, escape_mrkdwn, parse_ref
from bot.jobs import risk_escalation
from bot.runtime import Runtime
from bot.services import access, projects, risks
from bot.store.models import Project

log = logging.getLogger(__name__)

HELP = [
    (
        'add "Payment vendor API may slip" likelihood:4 impact:5 owner:@bob '
        'mitigation:"second vendor on standby" review:"next monday"',
        "register a risk (members); owners are members, not stakeholders",
    ),
    ("list [open|mine|all]", "risks by score with their band; `all` includes closed ones"),
    ("show R-3", "one risk with its history"),
    ('update R-3 likelihood:2 impact:4 owner:@alice review:"in 2 weeks"', "re-score or reassign"),
    ('mitigate R-3 "second vendor signed"', "set the mitigation plan"),
    ("close R-3 vendor confirmed the date", "close it, with a reason"),
    ("occurred R-3", "it became an issue; offers a blocked task linked to it"),
    ("matrix", "the 5×5 likelihood × impact grid, as text and as a heat map"),
]
SCALES = (
    f"*Likelihood:* {risks.scale('likelihood')}. *Impact:* {risks.scale('impact')}. "
    'Both also take low/medium/high (2/3/4); `likelihood:"almost certain"` needs quotes. '
    "Score = likelihood × impact: low 1–4, medium 5–9, high 10–16, critical 20–25 "
    "(critical risks are announced to the project's stakeholders)."
)
FIELDS = ("likelihood", "impact", "owner", "mitigation", "review", "title")


def usage() -> Reply:
    return help_reply("/risk", HELP, SCALES + " `in:KEY` names a project from elsewhere.")


def _project(req: Request, *, read: bool = False) -> Project:
    """The project to change (a closed one is refused), or with `read` to look at (closed too)."""
    return projects.resolve(
        req.session, req.team_id, req.channel_id, req.opt("in"), include_closed=read
    )


def _only(req: Request, allowed: tuple[str, ...], example: str) -> None:
    unknown = sorted(set(req.cmd.options) - {*allowed, "in"})
    if unknown:
        listed = (
            ", ".join(f"`{k}:`" for k in (*allowed, "in")) + "; put text with a colon in quotes"
        )
        raise UserError(f"`{unknown[0]}:` is not an option here. Options: {listed}.", example)


def _number(req: Request, verb: str) -> int:
    example = f"/risk {verb} R-3"
    if not req.cmd.refs:
        raise UserError(f"Say which risk to {verb}.", example)
    return parse_ref(str(req.cmd.refs[0]), "R")


def _owner(req: Request) -> str | None:
    if req.opt("owner"):
        return req.user_opt("owner")
    if len(req.cmd.mentions) > 1:
        raise UserError("A risk has one owner; name one.", "owner:@bob")
    return req.cmd.mentions[0] if req.cmd.mentions else None


def _review(req: Request, project: Project) -> date | None:
    text = req.opt("review")
    if text is None:
        return None
    return req.rt.dates.parse_date(text, now=req.now, tz=project.timezone, key="review")


def _level(req: Request, key: str) -> int | None:
    text = req.opt(key)
    return None if text is None else risks.parse_level(text, key)


def _escalate(req: Request, saved: risks.Saved) -> list:
    esc = saved.escalation
    return [functools.partial(send_escalation, req.rt, esc)] if esc else []


def add(req: Request) -> Reply:
    _only(req, FIELDS[:-1], risks.ADD_EXAMPLE)
    project = _project(req)
    spec = risks.NewRisk(
        title=req.text,
        likelihood=_level(req, "likelihood") or 3,
        impact=_level(req, "impact") or 3,
        owner_id=_owner(req),
        mitigation=req.opt("mitigation"),
        review=_review(req, project),
    )
    saved = risks.add(req.session, project, actor=req.user_id, now=req.now, spec=spec)
    reply = views.risk_added(project, saved)
    reply.after = _escalate(req, saved)
    return reply


def list_(req: Request) -> Reply:
    _only(req, (), "/risk list mine")
    which = req.cmd.args[0].lower() if req.cmd.args else "open"
    if which not in ("open", "mine", "all"):
        raise UserError(f"`list {escape_mrkdwn(which)}`? Use open, mine or all.", "/risk list mine")
    project = _project(req, read=True)
    return views.risk_list(project, risks.listing(req.session, project, which, req.user_id), which)


def show(req: Request) -> Reply:
    project = _project(req, read=True)
    risk = risks.get(req.session, project, _number(req, "show"))
    changes = risks.history(req.session, risk)
    return views.risk_show(project, risk, changes, risks.linked_task(req.session, risk))


def update(req: Request) -> Reply:
    example = '/risk update R-3 likelihood:2 impact:4 review:"next monday"'
    _only(req, FIELDS, example)
    number = _number(req, "update")
    if not set(req.cmd.options) - {"in"}:
        raise UserError(f"Say what changes on R-{number}.", example)
    project = _project(req)
    saved = risks.update_risk(
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
    reply = views.risk_changed(project, saved, req.user_id)
    reply.after = _escalate(req, saved)
    return reply


def mitigate(req: Request) -> Reply:
    _only(req, ("mitigation",), '/risk mitigate R-3 "second vendor on standby"')
    number = _number(req, "mitigate")
    plan = req.text or req.opt("mitigation")
    if not plan:
        raise UserError("Give the mitigation plan.", f'/risk mitigate R-{number} "second vendor"')
    project = _project(req)
    saved = risks.update_risk(
        req.session, project, number, actor=req.user_id, now=req.now, mitigation=plan
    )
    return views.risk_changed(project, saved, req.user_id)


def close(req: Request) -> Reply:
    _only(req, ("reason",), "/risk close R-3 vendor confirmed the date")
    number = _number(req, "close")
    project = _project(req)
    reason = req.text or req.opt("reason")
    saved = risks.close(
        req.session, project, number, actor=req.user_id, now=req.now, reason=reason or None
    )
    return views.risk_closed(saved, req.user_id)


def occurred(req: Request) -> Reply:
    _only(req, ("reason",), "/risk occurred R-3 the vendor went bust")
    number = _number(req, "mark occurred")
    project = _project(req)
    reason = req.text or req.opt("reason")
    saved = risks.close(
        req.session,
        project,
        number,
        actor=req.user_id,
        now=req.now,
        reason=reason or None,
        status="occurred",
    )
    return views.risk_occurred(saved, req.user_id)


def matrix(req: Request) -> Reply:
    _only(req, (), "/risk matrix")
    project = _project(req, read=True)
    open_risks = risks.listing(req.session, project, "open")
    cells = risks.grid(open_risks)
    reply = views.matrix(project, open_risks, cells)
    upload = functools.partial(upload_matrix, req.rt, req.channel_id, cells, project.key)
    reply.after = [upload]
    return reply


def upload_matrix(
    rt: Runtime, channel_id: str, cells: dict[tuple[int, int], list[str]], key: str
) -> None:
    """Render the heat map and share it in the channel (after the ack: rendering is slow)."""
    from bot.charts.risk_matrix import render

    title = f"Risk matrix of {key}"
    rt.client.files_upload_v2(
        content=render(cells, title),
        filename=f"risk-matrix-{key.lower()}.png",
        channel=channel_id,
        title=title,
        alt_txt=f"{title}: likelihood by impact, each open risk's ref in its cell",
    )


def send_escalation(rt: Runtime, esc: risks.Escalation) -> None:
    """Tell the stakeholders (or the digest channel) now; what fails is retried by the scheduler's tick."""
    risk_escalation.deliver(rt, esc, rt.clock())


def bare(req: Request) -> Reply:
    if req.cmd.refs:
        return show(req)
    project = _project(req)
    access.require_member(req.session, project, req.user_id, "add risks")
    req.client.views_open(trigger_id=req.trigger_id, view=views.risk_modal(project, req.channel_id))
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


# Which modal field a service error is about, by the phrase that names it.
_ERROR_BLOCKS = {
    "can't own a risk": "owner",
    "review date": "review",
    "the mitigation": "mitigation",
    "`likelihood:": "likelihood",
    "`impact:": "impact",
}


def on_modal(ack, body, view, context) -> None:
    """Add the risk from the modal; a mistake goes back onto the field it concerns."""
    rt = context["rt"]
    values = view_values(view)
    meta = json.loads(view.get("private_metadata") or "{}")
    team_id = team_of(body, context)
    user_id = body["user"]["id"]
    try:
        with rt.db.session() as session:
            project = projects.get(session, team_id, int(meta.get("project_id") or 0))
            spec = risks.NewRisk(
                title=values.get("title") or "",
                likelihood=risks.parse_level(values.get("likelihood") or "3", "likelihood"),
                impact=risks.parse_level(values.get("impact") or "3", "impact"),
                owner_id=values.get("owner"),
                mitigation=values.get("mitigation"),
                review=date.fromisoformat(values["review"]) if values.get("review") else None,
            )
            saved = risks.add(session, project, actor=user_id, now=rt.clock(), spec=spec)
            reply = views.risk_added(project, saved)
            channel = meta.get("channel_id") or project.channel_id
    except (UserError, GrammarError) as exc:
        block = field_for(exc.message, _ERROR_BLOCKS, "title")
        refuse_fields(ack, {block: exc.message})
        return
    ack()
    rt.defer(
        lambda: rt.client.chat_postMessage(channel=channel, text=reply.text, blocks=reply.blocks)
    )
    if saved.escalation:
        rt.defer(functools.partial(send_escalation, rt, saved.escalation))


def on_to_task(ack, body, respond, context) -> None:
    """The `risk_to_task` button: a blocked task linked to the occurred risk, made once."""
    ack()
    rt = context["rt"]
    team_id = team_of(body, context)
    user_id = body["user"]["id"]
    try:
        risk_id = int(body["actions"][0].get("value") or 0)
        with rt.db.session() as session:
            _, risk, task = risks.task_from_risk(
                session, team_id, risk_id, actor=user_id, now=rt.clock()
            )
            reply = views.task_made(risk, task, user_id)
    except (UserError, ValueError) as exc:
        err = error_reply(
            getattr(exc, "message", "That button is broken."), getattr(exc, "example", None)
        )
        rt.defer(lambda: respond(text=err.text, response_type="ephemeral", replace_original=False))
        return
    rt.defer(
        lambda: respond(
            text=reply.text, blocks=[], replace_original=True, response_type="in_channel"
        )
    )


COMMANDS = {"/risk": on_command}


def register(app: App) -> None:
    app.view(views.RISK_MODAL)(on_modal)
    app.action(views.TO_TASK)(on_to_task)
