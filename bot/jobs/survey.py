"""The survey job: invite every member when a project ends, remind once, then post the report; and
tell the channel of a project whose end date passed unclosed (`bot.jobs.end_date`)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.blocks import timeline as timeline_words
from bot.blocks.report import report_blocks
from bot.blocks.survey import invitation
from bot.i18n import Tr
from bot.jobs import delivery, end_date, job, served, speaker
from bot.jobs.delivery import Post, RunKey
from bot.runtime import Runtime
from bot.services import report, survey, timeline
from bot.services.project_settings import ProjectSettings
from bot.store.models import Member, Project, Survey

log = logging.getLogger(__name__)

TIMELINE = "survey-timeline"


@job("survey")
def run(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """Invitations, one reminder, and the report when all have answered or the window ends; the
    post that an end date passed, after the invitations it speaks of."""
    with rt.db.session() as session:
        survey.open_due_surveys(session, now)
    with rt.db.session() as session:
        query = (
            select(Survey, Project)
            .join(Project, Project.id == Survey.project_id)
            # Recently reported ones too: their timeline upload may be waiting for a retry.
            .where(
                Survey.report_posted_at.is_(None)
                | (Survey.report_posted_at >= now - delivery.RETRY_WINDOW)
            )
        )
        if project_key:
            query = query.where(Project.key == project_key.upper())
        rows = list(session.execute(query))
        people = survey.participants(session, [p.id for _, p in rows])
        replied = survey.answered(session, [s.id for s, _ in rows])
    posts = 0
    live = served(rt, {p.team_id for _, p in rows})
    for sv, project in rows:
        if project.team_id not in live:
            continue  # uninstalled: nothing sent, its data kept until a purge
        rt_team = speaker(rt, project.team_id)
        members = people[project.id]
        if sv.report_posted_at is not None:
            _post_timeline(rt_team, project, now)
            continue
        if (members and replied[sv.id] >= set(members)) or now >= sv.closes_at:
            posts += _post_report(rt_team, sv, project, now)
            continue
        lang = ProjectSettings.lang_of(project)
        for user_id in members:
            if user_id in replied[sv.id]:
                continue
            # A survey DM is personal: the member's language, else the project's.
            tr = rt_team.reader(project.team_id, user_id, lang, today=project.today(now))
            invite = invitation(survey.invitation_view(project, sv), tr)
            remind = invitation(survey.invitation_view(project, sv, reminder=True), tr)
            invited = _dm(rt_team, sv, project, "invite", now, user_id, invite)
            posts += invited
            if not invited and now >= sv.opened_at + survey.REMIND_AFTER:
                posts += _dm(rt_team, sv, project, "reminder", now, user_id, remind)
    return posts + end_date.announce(rt, now, project_key=project_key)


def _dm(
    rt: Runtime, sv: Survey, project: Project, period: str, now: datetime, user_id: str,
    message: dict,
) -> int:  # fmt: skip
    """1 when sent now; 0 when sent before, held elsewhere, or failed (retried on the next tick)."""

    def kept(session: Session, _keys: list[RunKey], sent) -> None:
        # Where the DM went, so an answer replaces it with the thank-you.
        fresh = session.get(Survey, sv.id)
        survey.remember_message(session, fresh, user_id, sent["channel"], sent["ts"])

    key = RunKey("survey", project.id, period, recipient=user_id, item=f"survey:{sv.id}")
    return delivery.deliver(
        rt,
        [Post([key], sv.team_id, lambda keys: rt.client.chat_postMessage(
            channel=user_id, metadata=delivery.metadata(keys), **message
        ), kept)],
        now=now,
    )  # fmt: skip


def _post_report(rt: Runtime, sv: Survey, project: Project, now: datetime) -> int:
    """The report in the channel and to each stakeholder, each its own run: one that fails is
    retried alone. The survey is reported once every copy is out; then comes the timeline."""
    with rt.db.session() as session:
        fresh = session.get(Project, project.id)
        today = fresh.today(now)
        built = report.build(session, fresh, today)
        view, lang = report.to_view(built), ProjectSettings.lang_of(fresh)
        targets = {project.channel_id: "", **{u: u for u in _stakeholders(session, project.id)}}
    # The channel's copy in the project's language; each stakeholder's in theirs, else the project's.
    replies = {
        t: report_blocks(
            view, rt.reader(project.team_id, r, lang, today=today) if r else Tr(lang, today)
        )
        for t, r in targets.items()
    }
    keys = {
        t: RunKey("survey-report", project.id, "final", recipient=r) for t, r in targets.items()
    }
    posted = delivery.deliver(
        rt,
        [
            Post([key], project.team_id, lambda won, t=t: rt.client.chat_postMessage(
                channel=t, text=replies[t].text, blocks=replies[t].blocks,
                metadata=delivery.metadata(won),
            ))
            for t, key in keys.items()
        ],
        now=now,
    )  # fmt: skip
    with delivery.writing(rt), rt.db.session() as session:
        if len(delivery.done(session, keys.values())) < len(keys):
            return 1 if posted else 0
        session.get(Survey, sv.id).report_posted_at = now
    _post_timeline(rt, project, now)
    return 1 if posted else 0


def _dm_channel(rt: Runtime, user_id: str) -> str:
    """A person's DM channel: files are shared to conversations, not to user ids."""
    return rt.client.conversations_open(users=user_id)["channel"]["id"]


def _stakeholders(session: Session, project_id: int) -> list[str]:
    return list(
        session.scalars(
            select(Member.user_id).where(
                Member.project_id == project_id, Member.role == "stakeholder"
            )
        )
    )


def _post_timeline(rt: Runtime, project: Project, now: datetime) -> None:
    """The report's timeline, to where the report went: each on its own claim, retried; its
    caption says final or so far, as the report's title does."""
    with rt.db.session() as session:
        targets = [project.channel_id, *_stakeholders(session, project.id)]
        keys = {t: RunKey(TIMELINE, project.id, "final", recipient=t) for t in targets}
        done = delivery.done(session, keys.values())
        pending = [t for t in targets if keys[t] not in done]
        if not pending:
            return
        fresh = session.get(Project, project.id)
        today = fresh.today(now)
        plan = timeline.build(session, fresh, today)
        lang = ProjectSettings.lang_of(fresh)
        lead = "report.timeline_lead" if fresh.status == "closed" else "report.timeline_lead_so_far"
    if not plan.bars:
        return
    from bot.charts.timeline import render

    key, pngs = project.key, {}
    for target in pending:
        # The channel's copy in the project's language; a stakeholder's in theirs.
        channel = target == project.channel_id
        tr = Tr(lang, today) if channel else rt.reader(project.team_id, target, lang, today=today)
        png = pngs[tr.lang] = pngs.get(tr.lang) or render(plan, tr)
        delivery.deliver(rt, [Post(
            [keys[target]], project.team_id,
            lambda _keys, t=target, tr=tr, png=png, channel=channel: rt.client.files_upload_v2(
                channel=t if channel else _dm_channel(rt, t), content=png,
                filename=timeline_words.filename(plan, key),
                title=timeline_words.title(plan, key, tr),
                initial_comment=timeline_words.comment(
                    plan, key, tr(lead), tr=tr
                ),
                alt_txt=timeline_words.alt_text(plan, key, tr),
            ),
        )], now=now)  # fmt: skip
