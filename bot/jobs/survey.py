"""The survey job: invite every member when a project ends, remind once, then post the report."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.blocks.report import report_blocks
from bot.blocks.survey import invitation
from bot.jobs import claims, job
from bot.runtime import Runtime
from bot.services import report, survey
from bot.store.models import Member, Project, Survey

log = logging.getLogger(__name__)


@job("survey")
def run(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """Invitations, one reminder, and the report when all have answered or the window ends."""
    with rt.db.session() as session:
        survey.open_due_surveys(session, now)
    with rt.db.session() as session:
        query = (
            select(Survey, Project)
            .join(Project, Project.id == Survey.project_id)
            .where(Survey.report_posted_at.is_(None))
        )
        if project_key:
            query = query.where(Project.key == project_key.upper())
        rows = list(session.execute(query))
        people = survey.participants(session, [p.id for _, p in rows])
        replied = survey.answered(session, [s.id for s, _ in rows])
    posts = 0
    for sv, project in rows:
        members = people[project.id]
        if (members and replied[sv.id] >= set(members)) or now >= sv.closes_at:
            posts += _post_report(rt, sv, project, now)
            continue
        invite = invitation(project.key, project.name, sv.id)
        remind = invitation(project.key, project.name, sv.id, reminder=True)
        for user_id in members:
            if user_id in replied[sv.id]:
                continue
            scope = f"survey:{sv.id}:user:{user_id}"
            invited = _once(
                rt, "survey", scope, "invite", project.team_id, now, _dm(rt, user_id, invite)
            )
            posts += invited
            if not invited and now >= sv.opened_at + survey.REMIND_AFTER:
                posts += _once(
                    rt, "survey", scope, "reminder", project.team_id, now, _dm(rt, user_id, remind)
                )
    return posts


def _dm(rt: Runtime, user_id: str, message: dict) -> Callable[[], None]:
    return lambda: rt.client.chat_postMessage(channel=user_id, **message)


def _once(
    rt: Runtime,
    job_name: str,
    scope: str,
    period: str,
    team_id: str,
    now: datetime,
    post: Callable[[], None],
) -> int:
    """Claim, post, record: 1 when posted now, 0 when done before, held elsewhere, or failed (retried next tick)."""
    with rt.db.session() as session:
        if not claims.claim(
            session, job=job_name, scope=scope, period=period, now=now, team_id=team_id
        ):
            return 0
    error = None
    try:
        post()
    except Exception as exc:  # any Slack or network failure: recorded, retried on the next tick
        log.warning("%s %s %s failed: %s", job_name, scope, period, exc)
        error = str(exc) or exc.__class__.__name__
    with rt.db.session() as session:
        claims.finish(session, job=job_name, scope=scope, period=period, now=now, error=error)
    return 0 if error else 1


def _post_report(rt: Runtime, sv: Survey, project: Project, now: datetime) -> int:
    def post() -> None:
        with rt.db.session() as session:
            fresh = session.get(Project, project.id)
            built = report.build(session, fresh, now.astimezone(ZoneInfo(fresh.timezone)).date())
            reply = report_blocks(built)
            stakeholders = list(
                session.scalars(
                    select(Member.user_id).where(
                        Member.project_id == project.id, Member.role == "stakeholder"
                    )
                )
            )
        rt.client.chat_postMessage(channel=project.channel_id, text=reply.text, blocks=reply.blocks)
        for user_id in stakeholders:
            rt.client.chat_postMessage(channel=user_id, text=reply.text, blocks=reply.blocks)
        with rt.db.session() as session:
            session.get(Survey, sv.id).report_posted_at = now

    return _once(rt, "survey-report", f"project:{project.id}", "final", project.team_id, now, post)
