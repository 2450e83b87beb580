"""The evaluation survey's button and modal."""

from __future__ import annotations

import json

from slack_bolt import App
from sqlalchemy import select

from bot.blocks.survey import MODAL, OPEN_ACTION, survey_modal
from bot.commands.base import team_of, view_values
from bot.errors import UserError
from bot.services import survey
from bot.services.report import RATINGS
from bot.store.models import Project, Survey


def on_open(ack, body, context, client) -> None:
    rt = context["rt"]
    ack()
    survey_id = int(body["actions"][0]["value"])
    team_id = team_of(body, context)
    with rt.db.session() as session:
        key = session.scalar(
            select(Project.key)
            .join(Survey, Survey.project_id == Project.id)
            .where(Survey.id == survey_id, Survey.team_id == team_id)
        )
    if key is None:
        return
    client.views_open(trigger_id=body["trigger_id"], view=survey_modal(survey_id, key))


def on_submit(ack, body, view, context) -> None:
    rt = context["rt"]
    values = view_values(view)
    missing = {name: "Choose a rating from 1 to 5." for name in RATINGS if not values.get(name)}
    if missing:
        ack(response_action="errors", errors=missing)
        return
    meta = json.loads(view.get("private_metadata") or "{}")
    team_id = team_of(body, context)
    try:
        with rt.db.session() as session:
            survey.record_answer(
                session,
                team_id=team_id,
                survey_id=int(meta["survey_id"]),
                user_id=body["user"]["id"],
                now=rt.clock(),
                ratings={name: int(values[name]) for name in RATINGS},
                went_well=values.get("went_well"),
                to_improve=values.get("to_improve"),
            )
    except UserError as exc:
        ack(response_action="errors", errors={RATINGS[0]: exc.message[:150]})
        return
    ack()


def register(app: App) -> None:
    app.action(OPEN_ACTION)(on_open)
    app.view(MODAL)(on_submit)
