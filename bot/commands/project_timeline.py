"""/project timeline: the Gantt picture, drawn and uploaded to the channel after the ack."""

from __future__ import annotations

import functools

from bot.blocks import timeline as words
from bot.blocks.common import Reply
from bot.commands.base import Request
from bot.errors import UserError
from bot.grammar import parse_ref
from bot.i18n import Mrkdwn, Tr
from bot.runtime import Runtime
from bot.services import projects
from bot.services import timeline as service
from bot.views.timeline import Timeline

EXAMPLE = "/project timeline milestone:M-1 weeks:8"
HELP = ("timeline milestone:M-1 weeks:8", "project.help.timeline")


def timeline(req: Request) -> Reply:
    unknown = sorted(set(req.cmd.options) - {"milestone", "weeks", "in"})
    if unknown:
        raise UserError("project.timeline.bad_option", EXAMPLE, option=unknown[0])
    ref = req.opt("milestone")
    milestone = parse_ref(ref, "M", key="milestone") if ref else None
    weeks = service.parse_weeks(req.opt("weeks"))
    project = projects.resolve(
        req.session, req.team_id, req.channel_id, req.opt("in"), include_closed=True
    )
    data = service.build(
        req.session, project, req.today(project.timezone), milestone=milestone, weeks=weeks
    )
    reader = req.reader(project)
    if not data.bars:
        return Reply(text=words.empty(data, project.key, reader))
    tr = req.channel(project)
    lead = tr("project.timeline.asked", user=Mrkdwn(f"<@{req.user_id}>"))
    upload = upload_after(req.rt, req.channel_id, data, project.key, lead, tr)
    return Reply(text=reader("project.timeline.drawing", key=project.key), after=[upload])


def upload_after(
    rt: Runtime, channel_id: str, data: Timeline, key: str, lead: str = "", tr: Tr | None = None
):
    """The upload to run after the ack (rendering is slow); data is plain, so threads may hold it."""
    return functools.partial(upload, rt, channel_id, data, key, lead, tr or Tr())


def upload(
    rt: Runtime, channel_id: str, data: Timeline, key: str, lead: str = "", tr: Tr | None = None
) -> None:
    """Render the timeline and share it in `channel_id` with what it leaves out in the comment."""
    from bot.charts.timeline import render

    tr = tr or Tr()
    rt.client.files_upload_v2(
        content=render(data, tr),
        filename=words.filename(data, key),
        channel=channel_id,
        title=words.title(data, key, tr),
        initial_comment=words.comment(data, key, lead, tr),
        alt_txt=words.alt_text(data, key, tr),
    )
