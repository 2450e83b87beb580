"""The weekly digest: to the digest channel, or by DM to each stakeholder, with the burn-up chart."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.blocks import timeline as timeline_words
from bot.blocks.digest import digest_message
from bot.i18n import Tr
from bot.jobs import delivery, job, served, speaker
from bot.jobs.delivery import Post, RunKey
from bot.jobs.run_key import project_scope
from bot.runtime import Runtime
from bot.services import burnup, digest, timeline
from bot.services.project_settings import ProjectSettings
from bot.services.projects import active_projects
from bot.store.models import Project

log = logging.getLogger(__name__)

NAME = "digest"
CHART = "digest-chart"
TIMELINE = "digest-timeline"
AHEAD = timedelta(weeks=4)  # the digest's timeline: this week's Monday to four weeks ahead
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
        live = served(rt, {p.team_id for p, _ in due})
        due = [(p, week) for p, week in due if p.team_id in live]
        if not due:
            return 0
        # One look at what was already sent, so the rest of the week costs a single query a tick.
        sent = delivery.done(session, [RunKey(WEEK, p.id, week) for p, week in due])
        due = [(p, week) for p, week in due if RunKey(WEEK, p.id, week) not in sent]
    posts = 0
    for project, week in due:
        try:
            posts += _send(rt, project, week, now)
        except Exception:
            log.exception("digest of %s failed; tried again on the next tick", project.key)
    return posts


def _send(rt: Runtime, project: Project, week: str, now: datetime) -> int:
    rt = speaker(rt, project.team_id)
    with rt.db.session() as session:
        since, until = digest.span(
            session, project, week, now, job=NAME, scope=project_scope(project.id)
        )
        data = digest.build(session, project, now, since=since, until=until)
        targets = digest.recipients(session, project)
        series = burnup.series(session, project, data.today)
        window = (timeline.monday(data.today), data.today + AHEAD)
        plan = timeline.build(session, project, data.today, window=window)
    view, lang = digest.to_view(data), ProjectSettings.lang_of(project)
    drawing = _Timeline(rt, plan, project.key)
    chart: dict[str, bytes] = {}  # drawn at most once a language, only if some upload is to do

    def png(tr: Tr) -> bytes:
        if tr.lang not in chart:
            from bot.charts.burnup import render

            title = tr.plain("digest.chart_title", key=project.key, name=project.name, week=week)
            chart[tr.lang] = render(series, title=title, tr=tr)
        return chart[tr.lang]

    def key(job_name: str, target: str) -> RunKey:
        return RunKey(job_name, project.id, week, recipient=target)

    def deliver(job_name: str, target: str, send) -> int:
        return delivery.deliver(rt, [Post([key(job_name, target)], project.team_id, send)], now=now)

    posts = 0
    for kind, target in targets:
        where = _Destination(rt, kind, target)
        # A stakeholder's DM in their own language, else the project's; a channel in the project's.
        tr = (
            rt.reader(project.team_id, target, lang, today=data.today)
            if kind == "user"
            else Tr(lang, data.today)  # type: ignore[arg-type]
        )
        text, blocks = digest_message(view, tr)
        posts += deliver(
            NAME, target,
            lambda won, where=where, text=text, blocks=blocks: rt.client.chat_postMessage(
                channel=where.channel(), text=text, blocks=blocks, metadata=delivery.metadata(won)
            )["ts"],
        )  # fmt: skip
        if not _done(rt, key(NAME, target)):
            continue  # the chart follows its text, never comes before it
        # The chart is its own run: a failed upload is retried without posting the text twice.
        deliver(
            CHART, target,
            lambda _won, where=where, tr=tr: rt.client.files_upload_v2(
                channel=where.channel(), content=png(tr),
                filename=f"{project.key.lower()}-burnup-{week}.png",
                title=tr.plain("digest.chart_file_title", key=project.key, week=week),
                initial_comment=tr.plain("digest.chart_comment", key=project.key, week=week),
            ),
        )  # fmt: skip
        # The timeline too, on its own run; a project with nothing to draw sends nothing.
        deliver(
            TIMELINE, target, lambda _won, where=where, tr=tr: drawing.upload(where.channel(), tr)
        )
    # Marks the project's week delivered, so the rest of the week costs one query a tick.
    every = [key(n, t) for _, t in targets for n in (NAME, CHART, TIMELINE)]
    if _done(rt, *every):
        delivery.settle(rt, [RunKey(WEEK, project.id, week)], now=now, team_id=project.team_id)
    return posts


class _Timeline:
    """The next weeks' timeline, drawn at most once however many recipients it goes to."""

    def __init__(self, rt: Runtime, plan: timeline.Timeline, key: str) -> None:
        self.rt, self.plan, self.key = rt, plan, key
        self._png: dict[str, bytes] = {}  # drawn once a language

    def upload(self, channel: str, tr: Tr) -> None:
        if not self.plan.bars:
            return
        if tr.lang not in self._png:
            from bot.charts.timeline import render

            self._png[tr.lang] = render(self.plan, tr)
        p, key = self.plan, self.key
        self.rt.client.files_upload_v2(
            channel=channel, content=self._png[tr.lang], filename=timeline_words.filename(p, key),
            title=timeline_words.title(p, key, tr),
            initial_comment=timeline_words.comment(p, key, tr=tr),
            alt_txt=timeline_words.alt_text(p, key, tr),
        )  # fmt: skip


class _Destination:
    """A channel, or a person whose DM channel is opened on first use."""

    def __init__(self, rt: Runtime, kind: str, target: str) -> None:
        self.rt, self.kind, self.target = rt, kind, target
        self._id: str | None = target if kind == "channel" else None

    def channel(self) -> str:
        if self._id is None:
            self._id = self.rt.client.conversations_open(users=self.target)["channel"]["id"]
        return self._id


def _done(rt: Runtime, *keys: RunKey) -> bool:
    """Whether every one of these runs is posted (or skipped)."""
    with rt.db.session() as session:
        return len(delivery.done(session, keys)) == len(set(keys))
