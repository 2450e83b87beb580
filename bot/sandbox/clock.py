"""The sandbox clock: advancing it runs the jobs that come due, hour by hour, as a real week would."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot import jobs
from bot.clock import ManualClock
from bot.runtime import Runtime
from bot.services.project_settings import ProjectSettings
from bot.store.models import Project

log = logging.getLogger(__name__)
STEP = timedelta(minutes=30)  # project times (standup, reminder, digest) sit on the half hour


def next_standup(rt: Runtime, now: datetime) -> datetime:
    """The next standup instant of any active project; 09:30 on the next weekday without one."""
    with rt.db.session() as session:
        found = list(session.scalars(select(Project).where(Project.status == "active")))
        plans = [
            (ProjectSettings.of(p.settings), p.timezone or rt.settings.teamtrack_timezone)
            for p in found
        ]
    if not plans:
        plans = [(ProjectSettings(), rt.settings.teamtrack_timezone)]
    return min(
        _next_at(now, s.standup_time.hour, s.standup_time.minute, s.standup_days, tz)
        for s, tz in plans
    )


def _next_at(now: datetime, hour: int, minute: int, days: list[int], tz: str) -> datetime:
    local = now.astimezone(ZoneInfo(tz))
    for offset in range(0, 8):
        day = (local + timedelta(days=offset)).date()
        at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(tz))
        if at > now and (not days or day.weekday() in days):
            return at
    return now + timedelta(days=1)  # no standup days at all: a day's step keeps the button useful


def stops(start: datetime, until: datetime) -> list[datetime]:
    """Every :00 and :30 after `start` and before `until`, then `until`: scheduled times fall there."""
    at = start.replace(minute=0, second=0, microsecond=0) + STEP
    out = []
    while at < until:
        if at > start:
            out.append(at)
        at += STEP
    return [*out, until]


def advance(rt: Runtime, clock: ManualClock, until: datetime) -> dict[str, int]:
    """Move the clock to `until`, ticking the jobs at each half hour on the way and at `until`."""
    posted: dict[str, int] = {}
    for at in stops(clock(), until):
        clock.set(at)
        for name, count in jobs.tick(rt, at).items():
            posted[name] = posted.get(name, 0) + count
        rt.drain()  # posts deferred by a job land before the clock moves on
    log.info("sandbox clock now %s; posts: %s", until.isoformat(), posted or "none")
    return posted
