"""The evaluation survey's buttons (answer, change my answers), its modal, and the thank-you."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.blocks.survey import CHANGE_ACTION, MODAL, OPEN_ACTION, survey_modal, thank_you
from bot.commands.base import team_of
from bot.commands.submission import Accepted, Submission, run_submission
from bot.errors import FieldErrors, UserError
from bot.runtime import Runtime
from bot.services import survey
from bot.services.project_settings import ProjectSettings
from bot.services.survey import RATINGS

log = logging.getLogger(__name__)


def on_open(ack, body, context, client, respond) -> None:
    """The Answer and Change-my-answers buttons: the modal, filled in with any earlier answer."""
    rt = context["rt"]
    ack()
    survey_id = int(body["actions"][0]["value"])
    team_id, user_id = team_of(body, context), body["user"]["id"]
    with rt.db.session() as session:
        seat = survey.seat(session, team_id=team_id, survey_id=survey_id, user_id=user_id)
    if seat is None:
        return
    # The modal and this refusal are the member's own: their language, else the project's.
    tr = rt.reader(team_id, user_id, ProjectSettings.lang_of(seat.project))
    if not survey.is_open(seat.survey, rt.clock()):
        respond(
            text=tr("survey.closed_report_out", key=seat.project.key),
            response_type="ephemeral",
            replace_original=False,
        )
        return
    container = body.get("container") or {}
    clicked = (container.get("channel_id"), container.get("message_ts"))
    form = survey.form_view(seat, clicked if all(clicked) else None)
    client.views_open(trigger_id=body["trigger_id"], view=survey_modal(form, tr))


def _answer(sub: Submission) -> Accepted:
    missing = [name for name in RATINGS if not sub.values.get(name)]
    if missing:
        raise FieldErrors({name: UserError("survey.rate_1_to_5", field=name) for name in missing})
    survey_id = int(sub.meta["survey_id"])
    survey.of_project(sub.session, survey_id, sub.project)
    survey.record_answer(
        sub.session,
        team_id=sub.team_id,
        survey_id=survey_id,
        user_id=sub.user_id,
        now=sub.now,
        ratings={name: int(sub.values[name]) for name in RATINGS},
        went_well=sub.values.get("went_well"),
        to_improve=sub.values.get("to_improve"),
    )
    seat = survey.seat(sub.session, team_id=sub.team_id, survey_id=survey_id, user_id=sub.user_id)
    dms = survey.messages_of(sub.session, seat.survey.id, sub.user_id)
    message = thank_you(survey.thank_you_view(seat), sub.reader())
    clicked = tuple(sub.meta["message"]) if sub.meta.get("message") else None
    where = list(dict.fromkeys([*dms, *([clicked] if clicked else [])]))
    rt = sub.rt
    return Accepted(after=[lambda: _replace_dms(rt, where, message)])


def on_submit(ack, body, view, context) -> None:
    # The survey runs once its project is closed: closed projects are looked up too.
    run_submission(ack, body, view, context, handle=_answer, field=RATINGS[0], include_closed=True)


def _replace_dms(rt: Runtime, where: list[tuple[str, str]], message: dict) -> None:
    """The survey DMs become the thank-you, so no "Answer" button is left behind."""
    for channel, ts in where:
        try:
            rt.client.chat_update(channel=channel, ts=ts, **message)
        except SlackApiError as exc:  # a DM deleted meanwhile: the answer is stored all the same
            log.warning("survey thank-you not shown in %s %s: %s", channel, ts, exc)


def register(app: App) -> None:
    app.action(OPEN_ACTION)(on_open)
    app.action(CHANGE_ACTION)(on_open)
    app.view(MODAL)(on_submit)
