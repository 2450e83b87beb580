"""The weekly digest: to the digest channel, or by DM to each stakeholder, with the burn-up chart."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.blocks.digest import digest_message
from bot.jobs import job
from bot.jobs.claims import DONE, find_posted, once, settled, status
from bot.runtime import Runtime
from bot.services import burnup, digest
from bot.services.deviations import active_projects
from bot.store.models import Project

log = logging.getLogger(__name__)

NAME = "digest"
CHART = "digest-chart"
WEEK = "digest-week"


@job(NAME)
def weekly_digest(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """Send each due project's digest for its week once per recipient; returns messages posted."""
    with rt.db.session() as session:
        due = [
            (p, week)
            for p in active_projects(session, project_key)
            if (week := digest.due_week(p, now)) is not None
        ]
        if not due:
            return 0
        # One look at what was already sent, so the rest of the week costs a single query a tick.
        sent = settled(session, job=WEEK, scopes=[str(p.id) for p, _ in due])
        due = [(p, week) for p, week in due if (str(p.id), week) not in sent]
    posts = 0
    for project, week in due:
        try:
            posts += _send(rt, project, week, now)
        except Exception:
            log.exception("digest of %s failed; tried again on the next tick", project.key)
    return posts


def _send(rt: Runtime, project: Project, week: str, now: datetime) -> int:
    with rt.db.session() as session:
        since, until = digest.span(session, project, week, now, job=NAME)
        data = digest.build(session, project, now, since=since, until=until)
        targets = digest.recipients(session, project)
        series = burnup.series(session, project, data.today)
    text, blocks = digest_message(data)
    chart: list[bytes] = []  # drawn at most once, and only if some upload is still to do

    def png() -> bytes:
        if not chart:
            from bot.charts.burnup import render

            chart.append(render(series, title=f"{project.key} · {project.name} — burn-up ({week})"))
        return chart[0]

    posts = 0
    for kind, target in targets:
        scope = f"{project.id}:{target}"
        where = _Destination(rt, kind, target)
        posts += bool(
            once(
                rt, job=NAME, keys=[(scope, week)], now=now, team_id=project.team_id,
                send=lambda _won, where=where: rt.client.chat_postMessage(
                    channel=where.channel(), text=text, blocks=blocks
                )["ts"],
                # A channel post whose answer was lost is found in the channel's history; DMs
                # are not looked up (a rare repeated DM is the accepted cost).
                recover=(lambda _won, c=target: find_posted(rt, c, text))
                if kind == "channel" else None,
            )
        )  # fmt: skip
        if _state(rt, NAME, scope, week) not in DONE:
            continue  # the chart follows its text, never comes before it
        # The chart is its own claim: a failed upload is retried without posting the text twice.
        once(
            rt, job=CHART, keys=[(scope, week)], now=now, team_id=project.team_id,
            send=lambda _won, where=where: rt.client.files_upload_v2(
                channel=where.channel(), content=png(),
                filename=f"{project.key.lower()}-burnup-{week}.png",
                title=f"{project.key} burn-up {week}",
                initial_comment=f"{project.key} burn-up, {week}",
            ),
        )  # fmt: skip
    # Marks the project's week delivered, so the rest of the week costs one query a tick.
    if all(
        _state(rt, n, f"{project.id}:{t}", week) in DONE for _, t in targets for n in (NAME, CHART)
    ):
        once(
            rt, job=WEEK, keys=[(str(project.id), week)], now=now, team_id=project.team_id,
            send=lambda _won: None,
        )  # fmt: skip
    return posts


class _Destination:
    """A channel, or a person whose DM channel is opened on first use."""

    def __init__(self, rt: Runtime, kind: str, target: str) -> None:
        self.rt, self.kind, self.target = rt, kind, target
        self._id: str | None = target if kind == "channel" else None

    def channel(self) -> str:
        if self._id is None:
            self._id = self.rt.client.conversations_open(users=self.target)["channel"]["id"]
        return self._id


def _state(rt: Runtime, job_name: str, scope: str, period: str) -> str | None:
    with rt.db.session() as session:
        return status(session, job=job_name, scope=scope, period=period)
