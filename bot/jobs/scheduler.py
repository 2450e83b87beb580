"""The scheduler: one APScheduler job, a tick each minute, that lives and dies with the process.

Its job store is APScheduler's in-memory one on purpose: APScheduler's stores can't be shared
between processes, so what makes a post happen once across replicas is our `job_runs` claims.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.jobs import tick
from bot.runtime import Runtime

log = logging.getLogger(__name__)


def start_scheduler(rt: Runtime) -> BackgroundScheduler:
    """Tick at once, then at second 0 of every minute, on the runtime's clock; projects' own zones
    decide what is due. The first tick does at start what fell due while the process was down."""
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        lambda: tick(rt, rt.clock()),
        CronTrigger(second=0),
        id="tick",
        # One tick at a time; a tick that overran is not queued up behind itself but merged
        # into the next, which finds the same due work (jobs catch up on their own).
        max_instances=1,
        coalesce=True,
        misfire_grace_time=50,
        next_run_time=datetime.now(UTC),
    )
    scheduler.add_listener(_report, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    scheduler.start()
    log.info("scheduler started")
    return scheduler


def _report(event: JobExecutionEvent) -> None:
    if event.exception is not None:
        log.error("tick failed: %r; the next tick tries again", event.exception)
    else:
        log.warning("tick at %s was missed; the next one catches up", event.scheduled_run_time)
