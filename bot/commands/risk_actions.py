"""/risk's modal submission and the occurred risk's "make a task" button; the escalation sent after."""

from __future__ import annotations

import functools
from datetime import date

from slack_bolt import App

from bot.blocks import risk_modal, risk_replies
from bot.blocks.common import error_reply
from bot.commands import task_actions
from bot.commands.base import team_of
from bot.commands.submission import Accepted, Submission, run_submission
from bot.errors import UserError
from bot.jobs import risk_escalation
from bot.runtime import Runtime
from bot.services import risk_changes, risk_tasks, risk_views, risks
from bot.services.project_settings import channel_tr
from bot.views.risk import Escalation, TaskMade


def send_escalation(rt: Runtime, esc: Escalation) -> None:
    """Tell the stakeholders (or the digest channel) now; what fails is retried by the scheduler's tick."""
    risk_escalation.deliver(rt, esc, rt.clock())


def on_modal(ack, body, view, context) -> None:
    """Add the risk from the modal; a mistake goes back onto the field it concerns."""
    run_submission(ack, body, view, context, handle=_submit, field="title")


def _submit(sub: Submission) -> Accepted:
    project, values, rt = sub.project, sub.values, sub.rt
    assert project is not None
    review = values.get("review")
    spec = risk_changes.NewRisk(
        title=values.get("title") or "",
        likelihood=risks.parse_level(values.get("likelihood") or "3", "likelihood"),
        impact=risks.parse_level(values.get("impact") or "3", "impact"),
        owner_id=values.get("owner"),
        mitigation=values.get("mitigation"),
        review=date.fromisoformat(review) if review else None,
    )
    saved = risk_changes.add(sub.session, project, actor=sub.user_id, now=sub.now, spec=spec)
    tr = channel_tr(project, sub.now)
    reply = risk_replies.risk_added(tr, project.key, risk_views.saved_view(saved, project))
    channel = sub.channel_id
    after = [
        lambda: rt.client.chat_postMessage(channel=channel, text=reply.text, blocks=reply.blocks)
    ]
    if saved.escalation:
        after.append(functools.partial(send_escalation, rt, saved.escalation))
    return Accepted(after=after)


def on_to_task(ack, body, respond, context) -> None:
    """The `risk_to_task` button: a blocked task linked to the occurred risk, made once, with its
    card in the project's channel as `/task add` posts."""
    ack()
    rt = context["rt"]
    team_id = team_of(body, context)
    user_id = body["user"]["id"]
    try:
        risk_id = int(body["actions"][0].get("value") or 0)
        with rt.db.session() as session:
            project, risk, task = risk_tasks.task_from_risk(
                session, team_id, risk_id, actor=user_id, now=rt.clock()
            )
            made = TaskMade(
                risk=risk_views.view(risk, project.timezone),
                task_number=task.number,
                task_owner=task.owner_id,
                reason=task.blocked_reason or "",
            )
            reply = risk_replies.task_made(channel_tr(project, rt.clock()), made, user_id)
            # Like every new task, it gets its card in the channel (redrawn when it is done).
            after = task_actions.on_added(rt, session, project, task)
    except (UserError, ValueError) as exc:
        tr = rt.reader(team_id, user_id)
        typed = exc if isinstance(exc, UserError) else UserError("risk.broken_button")
        err = error_reply(tr.error(typed))
        rt.defer(lambda: respond(text=err.text, response_type="ephemeral", replace_original=False))
        return
    rt.defer(
        lambda: respond(
            text=reply.text, blocks=[], replace_original=True, response_type="in_channel"
        )
    )
    for fn in after:
        rt.defer(fn)


def register(app: App) -> None:
    app.view(risk_modal.RISK_MODAL)(on_modal)
    app.action(risk_replies.TO_TASK)(on_to_task)
