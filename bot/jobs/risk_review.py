"""Risk reviews: a DM to each risk's owner (or the project owners) when its review date has come."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.blocks.alerts import risk_review_message
from bot.jobs import job
from bot.jobs.claims import DONE, once, settled, status
from bot.runtime import Runtime
from bot.services.project_settings import ProjectSettings
from bot.services.risks import due_for_review
from bot.store.models import Member, Project, Risk

log = logging.getLogger(__name__)

NAME = "risk-review"


def _morning(project: Project, risk: Risk, now: datetime) -> bool:
    """On the review day itself, wait for the team's morning (standup time); later days are overdue."""
    local = now.astimezone(ZoneInfo(project.timezone or "UTC"))
    if risk.review_date is not None and risk.review_date < local.date():
        return True
    return local.time() >= ProjectSettings.of(project.settings).standup_time.replace(tzinfo=None)


@job(NAME)
def risk_review(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """Send each risk due for review to its owner once per review date; returns DMs sent."""
    with rt.db.session() as session:
        ids = None
        if project_key:
            ids = list(
                session.scalars(select(Project.id).where(Project.key == project_key.upper()))
            )
        due = [(p, r) for p, r in due_for_review(session, now, ids) if _morning(p, r, now)]
        if not due:
            return 0
        sent = settled(session, job=NAME, scopes=[str(r.id) for _, r in due])
        due = [(p, r) for p, r in due if (str(r.id), str(r.review_date)) not in sent]
        owners: dict[int, list[str]] = defaultdict(list)
        for pid, uid in session.execute(
            select(Member.project_id, Member.user_id)
            .where(Member.project_id.in_({p.id for p, _ in due}), Member.role == "owner")
            .order_by(Member.id)
        ):
            owners[pid].append(uid)
    posts = 0
    for project, risk in due:
        # An owner-less risk goes to the project owners, so no review date passes unseen.
        people = [risk.owner_id] if risk.owner_id else owners[project.id]
        text, blocks = risk_review_message(project, risk)
        for person in people:
            sent_now = once(
                rt,
                job=NAME,
                keys=[(f"{risk.id}:{person}", str(risk.review_date))],
                now=now,
                team_id=project.team_id,
                send=lambda _won, person=person, text=text, blocks=blocks: _dm(
                    rt, person, text, blocks
                ),
            )
            posts += bool(sent_now)
        if people and all(_posted(rt, f"{risk.id}:{p}", str(risk.review_date)) for p in people):
            once(
                rt, job=NAME, keys=[(str(risk.id), str(risk.review_date))], now=now,
                team_id=project.team_id, send=lambda _won: None,
            )  # fmt: skip
    return posts


def _dm(rt: Runtime, user_id: str, text: str, blocks: list) -> str:
    channel = rt.client.conversations_open(users=user_id)["channel"]["id"]
    return rt.client.chat_postMessage(channel=channel, text=text, blocks=blocks)["ts"]


def _posted(rt: Runtime, scope: str, period: str) -> bool:
    with rt.db.session() as session:
        return status(session, job=NAME, scope=scope, period=period) in DONE
