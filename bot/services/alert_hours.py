"""When a project's alerts may go out: on its working days, from its standup time to the end of its day.

The rule, in the project's time zone: on a standup day (`days:`), from the standup time (09:30
unless set) until END_OF_DAY (18:00) or the summary time if that is later; never before, never
after, never on a day off. A run outside the window posts nothing and marks nothing; the first run
inside the next window posts what became pending meanwhile.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.services.project_settings import ProjectSettings
from bot.store.models import Project

END_OF_DAY = time(18, 0)


def window(project: Project, now: datetime) -> tuple[datetime, datetime] | None:
    """The alert window [opens, closes) of the local day `now` falls on; None on a day off."""
    settings = ProjectSettings.of(project.settings)
    zone = project.zone
    today = now.astimezone(zone).date()
    if today.weekday() not in settings.standup_days:
        return None
    start = settings.standup_time.replace(tzinfo=None)
    end = max(settings.summary_time.replace(tzinfo=None), END_OF_DAY)
    opens = datetime.combine(today, start, zone)
    # A standup set after the end of the day still gets the rest of its own day.
    closes = (
        datetime.combine(today, end, zone)
        if end > start
        else datetime.combine(today + timedelta(days=1), time(0), zone)
    )
    return opens, closes


def is_open(project: Project, now: datetime) -> bool:
    """Whether alerts of this project may be posted at `now`."""
    span = window(project, now)
    return span is not None and span[0] <= now < span[1]
