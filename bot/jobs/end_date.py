"""Part of the survey job: the channel of a project whose end date passed while it was still open is
told so once, the day its survey opened, mentioning the owners who can close it."""

from __future__ import annotations

from datetime import datetime

from bot.blocks.survey import end_passed
from bot.jobs import delivery, served, speaker
from bot.jobs.delivery import Post, RunKey
from bot.runtime import Runtime
from bot.services import end_date as ends
from bot.services.project_settings import channel_tr
from bot.store.models import Project
from bot.views.survey import EndPassed

NAME = "end-date-passed"


def announce(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """Post each due notice not posted yet; returns how many were posted."""
    with rt.db.session() as session:
        due = ends.due(session, now, project_key)
        live = served(rt, {p.team_id for p in due})
        due = [p for p in due if p.team_id in live]
        if not due:
            return 0
        posted = delivery.done(session, [_key(p) for p in due])
        views = {p.id: ends.passed_view(session, p, now) for p in due if _key(p) not in posted}
    return delivery.deliver(
        rt,
        [
            Post([_key(p)], p.team_id, lambda won, p=p: _post(rt, p, views[p.id], won, now))
            for p in due
            if p.id in views
        ],
        now=now,
    )


def _key(project: Project) -> RunKey:
    """Once per end date: an end date moved later that passes again is told again."""
    assert project.end_date is not None
    return RunKey(NAME, project.id, project.end_date.isoformat())


def _post(rt: Runtime, project: Project, view: EndPassed, keys: list[RunKey], now: datetime) -> str:  # fmt: skip
    message = end_passed(view, channel_tr(project, now))
    client = speaker(rt, project.team_id).client
    return client.chat_postMessage(
        channel=project.channel_id, metadata=delivery.metadata(keys), **message
    )["ts"]
