"""The scheduler: one APScheduler job, a tick each minute, that lives and dies with the process."""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.jobs import tick
from bot.runtime import Runtime

log = logging.getLogger(__name__)


def start_scheduler(rt: Runtime) -> BackgroundScheduler:
    """Tick at second 0 of every minute on the runtime's clock; projects' own zones decide what is due."""
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        lambda: tick(rt, rt.clock()),
        CronTrigger(second=0),
        id="tick",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=50,
    )
    scheduler.start()
    log.info("scheduler started")
    return scheduler
