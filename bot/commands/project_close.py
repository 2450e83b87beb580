"""`/project close`: an owner is asked first; the "Close project" button closes, Cancel does not."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import App

from bot.blocks import project as views
from bot.blocks.common import Reply, error_reply
from bot.commands.base import Request, team_of
from bot.errors import UserError
from bot.home_publisher import refresh_homes
from bot.runtime import Runtime
from bot.services import access, projects, survey

log = logging.getLogger(__name__)


def _surveyed(session, project) -> int:
    """How many people the evaluation survey goes to (the survey job's own list)."""
    return len(survey.participants(session, [project.id])[project.id])


def close(req: Request) -> Reply:
    """Ask the owner, ephemerally; nothing closes until the button is clicked."""
    project = projects.resolve(
        req.session, req.team_id, req.channel_id, req.opt("in"), include_closed=False
    )
    access.require_owner(req.session, project, req.user_id, "close the project")
    return views.close_prompt(project, _surveyed(req.session, project))


def on_close(ack, body: dict[str, Any], action: dict[str, Any], respond, context) -> None:
    """Close the project, if the clicker owns it and it is still open (a second click is refused)."""
    ack()
    rt: Runtime = context["rt"]
    user_id = body["user"]["id"]
    try:
        with rt.db.session() as session:
            project = projects.get(
                session, team_of(body, context), int(action.get("value") or 0), lock=True
            )
            access.require_owner(session, project, user_id, "close the project")
            opened = survey.close_project(session, project, actor=user_id, now=rt.clock())
            closes = opened.closes_at.astimezone(ZoneInfo(project.timezone))
            announce = views.project_closed(project, user_id, f"{closes:%Y-%m-%d %H:%M}")
            done = views.close_done(project, _surveyed(session, project))
            channel, team_id = project.channel_id, project.team_id
            people = [m.user_id for m in projects.members(session, project)]
    except (UserError, ValueError) as exc:
        err = error_reply(getattr(exc, "message", "That button is broken."))
        rt.defer(lambda: respond(text=err.text, response_type="ephemeral", replace_original=False))
        return
    rt.defer(lambda: respond(text=done, blocks=[], replace_original=True))
    rt.defer(lambda: rt.client.chat_postMessage(channel=channel, text=announce.text))
    rt.defer(lambda: refresh_homes(rt, team_id, people))  # its tasks are no longer open work


def on_cancel(ack, respond, context) -> None:
    ack()
    rt: Runtime = context["rt"]
    rt.defer(lambda: respond(text="Not closed.", blocks=[], replace_original=True))


def register(app: App) -> None:
    app.action(views.CLOSE)(on_close)
    app.action(views.CLOSE_CANCEL)(on_cancel)
