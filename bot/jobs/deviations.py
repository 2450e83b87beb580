"""The hourly deviations sweep: what went off plan, posted once per severity level in the project channel."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, datetime

from bot.blocks.alerts import deviations_message
from bot.jobs import delivery, job, served, speaker
from bot.jobs.delivery import Post, RunKey
from bot.runtime import Runtime
from bot.services import alert_hours
from bot.services import deviations as devs
from bot.services.deviation_alerts import alerts_view, posted_levels, record, worse
from bot.services.deviation_rules import Deviation
from bot.services.project_settings import ProjectSettings, channel_tr
from bot.services.projects import active_projects
from bot.store.models import Project

log = logging.getLogger(__name__)

NAME = "deviations"
PER_MESSAGE = 20


@job(NAME)
def deviations(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """Post every deviation not posted yet, or worse than when it was; returns messages posted.

    Only projects inside their alert window (alert_hours) are swept: outside it nothing is
    posted or recorded, and the first sweep inside the next window posts what is pending.
    """
    with rt.db.session() as session:
        projects = [
            p
            for p in active_projects(session, project_key)
            if ProjectSettings.of(p.settings).alerts and alert_hours.is_open(p, now)
        ]
    live = served(rt, {p.team_id for p in projects})
    projects = [p for p in projects if p.team_id in live]
    if not projects:
        return 0
    # Once an hour per sweep scope, and again when a project's window opens within the hour;
    # in between only when a post failed and waits for a retry.
    sweep = RunKey(
        f"{NAME}-sweep", None, _period(projects, now),
        item=f"sweep:{project_key.upper() if project_key else 'all'}",
    )  # fmt: skip
    return delivery.periodic(rt, sweep, now=now, work=lambda: _sweep(rt, projects, now), retry=NAME)


def _sweep(rt: Runtime, projects: list[Project], now: datetime) -> int:
    with rt.db.session() as session:
        found = devs.find(session, projects, now)
        todo = worse(found, posted_levels(session, [p.id for p in projects]))
    by_project: dict[int, list[Deviation]] = defaultdict(list)
    for d in todo:
        by_project[d.project_id].append(d)
    projects_by_id = {p.id: p for p in projects}
    posts = [
        _post(rt, projects_by_id[pid], items[i : i + PER_MESSAGE], now)
        for pid, items in by_project.items()
        for i in range(0, len(items), PER_MESSAGE)
    ]
    return delivery.deliver(rt, posts, now=now)


def _period(projects: list[Project], now: datetime) -> str:
    """The UTC hour, marked with the latest window that opened within it (`…T01+30`)."""
    hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    opened = [
        span[0]
        for p in projects
        if (span := alert_hours.window(p, now)) is not None and hour < span[0] <= now
    ]
    key = hour.strftime("%Y-%m-%dT%H")
    return f"{key}+{max(opened).astimezone(UTC):%M}" if opened else key


def _key(d: Deviation) -> RunKey:
    return RunKey(NAME, d.project_id, d.period, item=f"{d.kind}:{d.subject}")


def _post(rt: Runtime, project: Project, items: list[Deviation], now: datetime) -> Post:
    """One message of up to PER_MESSAGE deviations; it lists those whose run this caller won."""
    # In key order, as the message has always listed them.
    by_key = dict(sorted(((_key(d), d) for d in items), key=lambda kv: kv[0].row))

    def send(won: list[RunKey]) -> str | None:
        view = alerts_view(project, [by_key[k] for k in won])
        text, blocks = deviations_message(view, channel_tr(project, now))
        client = speaker(rt, project.team_id).client
        return client.chat_postMessage(
            channel=project.channel_id, text=text, blocks=blocks, metadata=delivery.metadata(won)
        )["ts"]

    def after(session, won: list[RunKey], ts: str | None) -> None:
        # The ts lands with the outcome, so a later look at the alert finds the message.
        record(session, [by_key[k] for k in won], now=now, ts=ts)

    return Post(list(by_key), project.team_id, send, after)
