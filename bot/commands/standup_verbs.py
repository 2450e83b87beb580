"""`/standup away`, `back` and `report`: absences and the compiled report (answers are in
`bot.commands.standup`)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.blocks import standup as views
from bot.blocks.common import Reply
from bot.commands.base import Request, closed_noted
from bot.errors import NotFound, UserError
from bot.services import absences, projects
from bot.services.project_settings import ProjectSettings
from bot.services.standup_summary import report as compile_report
from bot.services.standup_summary import report_view
from bot.store.models import Project


def _lang(project: Project | None) -> str | None:
    return ProjectSettings.lang_of(project) if project is not None else None


def _home(req: Request) -> tuple[str, Project | None]:
    """The time zone (and project) an absence is read in: the channel's project's, else ours."""
    try:
        channel, key = req.channel_id, req.opt("in")
        project = projects.resolve(req.session, req.team_id, channel, key, include_closed=True)
        return project.timezone, project
    except NotFound:
        return req.rt.settings.teamtrack_timezone, None


def away(req: Request) -> Reply:
    tz, project = _home(req)
    today = req.now.astimezone(ZoneInfo(tz)).date()
    until = req.opt("until")
    if until is None:
        raise UserError("standup.away_until_missing", absences.AWAY_EXAMPLE)
    end = req.rt.dates.parse_date(until, now=req.now, tz=tz, key="until")
    start_text = req.opt("from")
    start = (
        req.rt.dates.parse_date(start_text, now=req.now, tz=tz, key="from") if start_text else today
    )
    absence = absences.add(
        req.session,
        team_id=req.team_id,
        user_id=req.user_id,
        start=start,
        end=end,
        note=req.text or None,
        today=today,
        now=req.now,
    )
    tr = req.rt.reader(req.team_id, req.user_id, _lang(project))
    span = {"start": absence.start_date, "end": absence.end_date}
    if absence.note:
        return Reply(text=tr("standup.away_set_note", note=absence.note, **span))
    return Reply(text=tr("standup.away_set", **span))


def back(req: Request) -> Reply:
    tz, project = _home(req)
    today = req.now.astimezone(ZoneInfo(tz)).date()
    ended = absences.back(req.session, team_id=req.team_id, user_id=req.user_id, today=today)
    tr = req.rt.reader(req.team_id, req.user_id, _lang(project))
    return Reply(text=tr("standup.welcome_back" if ended else "standup.not_away"))


def report(req: Request) -> Reply:
    project = projects.resolve(
        req.session, req.team_id, req.channel_id, req.opt("in"), include_closed=True
    )
    today = project.today(req.now)
    what = req.text.lower()
    week = False
    if what in ("", "today", "今天"):
        start = end = today
    elif what in ("week", "this week", "本周", "这周"):
        start, end, week = today - timedelta(days=today.weekday()), today, True
    elif what in ("last week", "上周"):
        end = today - timedelta(days=today.weekday() + 1)
        start, week = end - timedelta(days=6), True
    else:
        start = req.rt.dates.parse_date(req.text, now=req.now, tz=project.timezone, key=None)
        if start > today:
            # Dates prefer the future ("monday" is the coming one); a report looks back.
            if (start - today).days > 7:
                raise UserError("standup.report_not_yet", "/standup report yesterday", day=start)
            start -= timedelta(days=7)
        end = start
    summaries = compile_report(req.session, project, start, end)
    tr = req.reader(project)
    reply = views.report_reply(report_view(project, summaries, start, week), tr)
    return closed_noted(reply, project, tr)
