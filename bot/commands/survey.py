"""The evaluation survey's buttons (answer, change my answers), its modal, and the thank-you."""

from __future__ import annotations

import json
import logging

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.blocks.survey import CHANGE_ACTION, MODAL, OPEN_ACTION, survey_modal, thank_you
from bot.commands.base import refuse_fields, team_of, view_values
from bot.errors import UserError
from bot.runtime import Runtime
from bot.services import survey
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
    if not survey.is_open(seat.survey, rt.clock()):
        respond(
            text=f":lock: The *{seat.project.key}* survey has closed and its report is out: "
            "answers can no longer be given or changed.",
            response_type="ephemeral",
            replace_original=False,
        )
        return
    container = body.get("container") or {}
    clicked = (container.get("channel_id"), container.get("message_ts"))
    view = survey_modal(
        survey_id,
        seat.project.key,
        anonymous=seat.anonymous,
        given=seat.given,
        message=clicked if all(clicked) else None,
    )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def on_submit(ack, body, view, context) -> None:
    rt = context["rt"]
    values = view_values(view)
    missing = {name: "Choose a rating from 1 to 5." for name in RATINGS if not values.get(name)}
    if missing:
        refuse_fields(ack, missing)
        return
    meta = json.loads(view.get("private_metadata") or "{}")
    team_id, user_id = team_of(body, context), body["user"]["id"]
    try:
        with rt.db.session() as session:
            survey.record_answer(
                session,
                team_id=team_id,
                survey_id=int(meta["survey_id"]),
                user_id=user_id,
                now=rt.clock(),
                ratings={name: int(values[name]) for name in RATINGS},
                went_well=values.get("went_well"),
                to_improve=values.get("to_improve"),
            )
            seat = survey.seat(
                session, team_id=team_id, survey_id=int(meta["survey_id"]), user_id=user_id
            )
            dms = survey.messages_of(session, seat.survey.id, user_id)
            message = thank_you(
                seat.project.key,
                seat.survey.id,
                seat.given,
                seat.survey.closes_at,
                anonymous=seat.anonymous,
            )
    except UserError as exc:
        refuse_fields(ack, {RATINGS[0]: exc.message})
        return
    ack()
    clicked = tuple(meta["message"]) if meta.get("message") else None
    where = list(dict.fromkeys([*dms, *([clicked] if clicked else [])]))
    rt.defer(lambda: _replace_dms(rt, where, message))


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
