"""/project timeline: the Gantt picture, drawn and uploaded to the channel after the ack."""

from __future__ import annotations

import functools

from bot.blocks import timeline as words
from bot.blocks.common import Reply
from bot.commands.base import Request
from bot.errors import UserError
from bot.grammar import parse_ref
from bot.runtime import Runtime
from bot.services import projects
from bot.services import timeline as service

EXAMPLE = "/project timeline milestone:M-1 weeks:8"
HELP = (
    "timeline milestone:M-1 weeks:8",
    "a Gantt picture of the tasks (progress, baseline, dependencies, milestones, today); "
    "`weeks:N` shows N weeks from the later of the first start and 2 weeks ago, "
    "else the whole span",
)


def timeline(req: Request) -> Reply:
    unknown = sorted(set(req.cmd.options) - {"milestone", "weeks", "in"})
    if unknown:
        raise UserError(
            f"`{unknown[0]}:` is not an option of `timeline`; it takes `milestone:` and `weeks:`.",
            EXAMPLE,
        )
    ref = req.opt("milestone")
    milestone = parse_ref(ref, "M", key="milestone") if ref else None
    weeks = service.parse_weeks(req.opt("weeks"))
    project = projects.resolve(
        req.session, req.team_id, req.channel_id, req.opt("in"), include_closed=True
    )
    data = service.build(
        req.session, project, req.today(project.timezone), milestone=milestone, weeks=weeks
    )
    if not data.bars:
        return Reply(text=words.empty(data, project.key))
    lead = f"<@{req.user_id}> asked for it. "
    upload = upload_after(req.rt, req.channel_id, data, project.key, lead)
    return Reply(text=f"Drawing the timeline of *{project.key}*…", after=[upload])


def upload_after(rt: Runtime, channel_id: str, data: service.Timeline, key: str, lead: str = ""):
    """The upload to run after the ack (rendering is slow); data is plain, so threads may hold it."""
    return functools.partial(upload, rt, channel_id, data, key, lead)


def upload(rt: Runtime, channel_id: str, data: service.Timeline, key: str, lead: str = "") -> None:
    """Render the timeline and share it in `channel_id` with what it leaves out in the comment."""
    from bot.charts.timeline import render

    rt.client.files_upload_v2(
        content=render(data),
        filename=words.filename(data, key),
        channel=channel_id,
        title=words.title(data, key),
        initial_comment=words.comment(data, key, lead),
        alt_txt=words.alt_text(data, key),
    )


def for_report(req: Request, project) -> list:
    """The report's timeline (the whole span), to upload after the report; none without dates."""
    data = service.build(req.session, project, req.today(project.timezone))
    if not data.bars:
        return []
    lead = f"The timeline of the report <@{req.user_id}> asked for. "
    return [upload_after(req.rt, req.channel_id, data, project.key, lead)]
