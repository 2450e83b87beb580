"""`/project close`: an owner is asked first; the "Close project" button closes, Cancel does not."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.blocks import project_close as views
from bot.blocks.common import Reply, error_reply
from bot.commands.base import Request, team_of
from bot.errors import UserError
from bot.home_publisher import refresh_homes
from bot.runtime import Runtime
from bot.services import access, membership, projects, survey
from bot.services import project_views as pv
from bot.services.project_settings import ProjectSettings, channel_tr

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
    surveyed = _surveyed(req.session, project)
    # Its end date passed before: the survey went out then, and closing sends no other.
    sent = survey.already_sent(req.session, project, req.now)
    return views.close_prompt(pv.card(project), surveyed, req.reader(project), sent)


def on_close(ack, body: dict[str, Any], action: dict[str, Any], respond, context) -> None:
    """Close the project, if the clicker owns it and it is still open (a second click is refused)."""
    ack()
    rt: Runtime = context["rt"]
    user_id, team = body["user"]["id"], team_of(body, context)
    lang: dict[str, str] = {}
    try:
        with rt.db.session() as session:
            project = projects.get(session, team, int(action.get("value") or 0), lock=True)
            lang["project"] = ProjectSettings.lang_of(project)
            access.require_owner(session, project, user_id, "close the project")
            now = rt.clock()
            sent = survey.already_sent(session, project, now)
            opened = survey.close_project(session, project, actor=user_id, now=now)
            closes = opened.closes_at.astimezone(project.zone)
            card = pv.card(project)
            channel_words, today = channel_tr(project, now), project.today(now)
            announce = views.project_closed(card, user_id, closes, channel_words, sent)
            surveyed = _surveyed(session, project)
            channel, team_id = project.channel_id, project.team_id
            people = [m.user_id for m in membership.members(session, project)]
    except (UserError, ValueError) as exc:
        tr = rt.reader(team, user_id, lang.get("project"))
        err = error_reply(
            tr.error(exc) if isinstance(exc, UserError) else tr("project.button_broken")
        )
        rt.defer(lambda: respond(text=err.text, response_type="ephemeral", replace_original=False))
        return
    done = views.close_done(card, surveyed, rt.reader(team, user_id, lang["project"], today=today), sent)  # fmt: skip
    rt.defer(lambda: respond(text=done, blocks=[], replace_original=True))
    rt.defer(lambda: rt.client.chat_postMessage(channel=channel, text=announce.text))
    rt.defer(lambda: refresh_homes(rt, team_id, people))  # its tasks are no longer open work


def on_cancel(ack, body: dict[str, Any], respond, context) -> None:
    ack()
    rt: Runtime = context["rt"]
    tr = rt.reader(team_of(body, context), body["user"]["id"])
    rt.defer(lambda: respond(text=views.not_closed(tr), blocks=[], replace_original=True))


def register(app: App) -> None:
    app.action(views.CLOSE)(on_close)
    app.action(views.CLOSE_CANCEL)(on_cancel)
