"""Scheduled work. Every job is a plain function `job(rt, now, project_key=None) -> int` (posts made),
callable directly with an explicit `now`: the scheduler's tick, `teamtrack jobs run --at`, the sandbox's
clock and the tests all call it the same way."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

JobFn = Callable[..., int]
JOBS: dict[str, JobFn] = {}
ORDER = (
    "standup",
    "standup-reminder",
    "standup-summary",
    "blocker-escalation",  # after the summary, which counts the standups a blocker stayed open
    "deviations",
    "digest",
    "risk-review",
    "survey",
)


def job(name: str) -> Callable[[JobFn], JobFn]:
    """Register a job function under its CLI name."""

    def register(fn: JobFn) -> JobFn:
        JOBS[name] = fn
        return fn

    return register


def load() -> dict[str, JobFn]:
    """Import the job modules so they register themselves."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if info.name not in ("delivery", "run_key", "scheduler", "process"):
            importlib.import_module(f"{__name__}.{info.name}")
    return JOBS


def run_job(rt: Runtime, name: str, now: datetime, project_key: str | None = None) -> int:
    """Run one job at `now`; unknown names raise KeyError."""
    jobs = load()
    return jobs[name](rt, now, project_key=project_key)


def tick(rt: Runtime, now: datetime) -> dict[str, int]:
    """Do all the work due at `now`, job by job; one job failing never stops the others."""
    done: dict[str, int] = {}
    jobs = load()
    for name in sorted(jobs, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER)):
        try:
            done[name] = jobs[name](rt, now, project_key=None)
        except Exception as exc:
            if rt.db.unavailable(exc):
                # Nothing can be claimed or posted: the work waits for a tick that finds the database.
                log.info("tick at %s skipped: the database is unreachable", now.isoformat())
                break
            log.exception(
                "job %s failed at %s; it is tried again on the next tick", name, now.isoformat()
            )
            done[name] = 0
    return done


class NotInstalled(LookupError):
    """The workspace has no active installation (uninstalled, or its tokens revoked)."""


def speaker(rt: Runtime, team_id: str | None) -> Runtime:
    """`rt` speaking as the team's installation; NotInstalled (the run fails) when it has none."""
    team = rt.for_team(team_id)
    if team is None:
        raise NotInstalled(f"{team_id} has no active installation")
    return team


def served(rt: Runtime, team_ids: Iterable[str | None]) -> set[str | None]:
    """The teams whose work jobs do: all in token mode; with OAuth, those with an installation."""
    teams = set(team_ids)
    if rt.installations is None:
        return teams
    return {t for t in teams if rt.for_team(t) is not None}
