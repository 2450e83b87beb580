"""Block Kit for `/project close`: the owner's question, the channel's announcement, the answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ConfirmObject

from bot.blocks.common import Reply, dicts, section
from bot.blocks.project import mention
from bot.i18n import Mrkdwn, Tr
from bot.views.project import ProjectCard
from bot.views.survey import SentSurvey

CLOSE, CLOSE_CANCEL = "project_close", "project_close_cancel"


def _sent(tr: Tr, sent: SentSurvey) -> dict[str, Any]:
    """The parameters the close messages give a survey that already went out."""
    until = f"{tr.day(sent.closes)} {tr.time(sent.closes)}"
    return {"opened": sent.opened, "closes": sent.closes, "until": until, "asked": sent.asked}


def close_prompt(p: ProjectCard, surveyed: int, tr: Tr, sent: SentSurvey | None = None) -> Reply:
    """`/project close` asks first: Close project (owners) or Cancel. It names who the survey
    goes to, or, when the end date passed first, when it went out and how many answered."""
    if sent is None:
        question = tr("project.close_question", key=p.key, n=surveyed)
        confirm_text = tr.plain("project.close_confirm_text", key=p.key)
    else:
        said = _sent(tr, sent)
        asked = "project.close_question_over" if sent.over else "project.close_question_sent"
        question = tr(asked, key=p.key, n=sent.answered, **said)
        confirm_text = tr.plain("project.close_confirm_text_sent", key=p.key)
    confirm = ConfirmObject(
        title=tr.plain("project.close_confirm_title"),
        text=confirm_text,
        confirm=tr.plain("project.close_button"),
        deny=tr.plain("project.close_not_yet"),
        style="danger",
    )
    value = str(p.id)
    buttons = [
        ButtonElement(
            text=tr.plain("project.close_button"),
            action_id=CLOSE,
            value=value,
            style="danger",
            confirm=confirm,
        ),
        ButtonElement(text=tr.plain("project.cancel"), action_id=CLOSE_CANCEL, value=value),
    ]
    explain = tr("project.close_explain", question=Mrkdwn(question), name=p.name)
    if sent is not None:
        after = "project.close_survey_over" if sent.over else "project.close_survey_open"
        explain += "\n" + tr(after, until=_sent(tr, sent)["until"])
    blocks = [
        section(explain),
        ActionsBlock(block_id="project_close", elements=buttons),
    ]
    return Reply(text=question, blocks=dicts(blocks))


def project_closed(
    p: ProjectCard, actor: str, survey_closes: datetime, tr: Tr, sent: SentSurvey | None = None
) -> Reply:
    """The channel's announcement that a project closed (and of its survey, sent now or before)."""
    if sent is None:
        closes = f"{tr('project.date', day=survey_closes)} {survey_closes:%H:%M}"
        text = tr("project.closed_announce", actor=mention(actor), key=p.key, closes=closes)
    else:
        said = "project.closed_announce_over" if sent.over else "project.closed_announce_sent"
        text = tr(said, actor=mention(actor), key=p.key, **_sent(tr, sent))
    return Reply(text=text, in_channel=True)


def close_done(p: ProjectCard, surveyed: int, tr: Tr, sent: SentSurvey | None = None) -> str:
    """What replaces the owner's question once the project is closed."""
    if sent is None:
        return tr("project.close_done", key=p.key, n=surveyed)
    return tr("project.close_done_sent", key=p.key, n=sent.answered, **_sent(tr, sent))


def not_closed(tr: Tr) -> str:
    return tr("project.not_closed")
