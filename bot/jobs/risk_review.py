"""Risk reviews: a DM to each risk's owner (or the project owners) when its review date has come."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from sqlalchemy import select

from bot.blocks.alerts import risk_review_message
from bot.jobs import delivery, job, served, speaker
from bot.jobs.delivery import Post, RunKey
from bot.runtime import Runtime
from bot.services.project_settings import ProjectSettings
from bot.services.risk_reviews import due_for_review, review_view
from bot.store.models import Member, Project, Risk

log = logging.getLogger(__name__)

NAME = "risk-review"


def _morning(project: Project, risk: Risk, now: datetime) -> bool:
    """On the review day itself, wait for the team's morning (standup time); later days are overdue."""
    local = project.local(now)
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
        live = served(rt, {p.team_id for p, _ in due})
        due = [(p, r) for p, r in due if p.team_id in live]
        if not due:
            return 0
        sent = delivery.done(session, [_key(p, r) for p, r in due])
        due = [(p, r) for p, r in due if _key(p, r) not in sent]
        owners: dict[int, list[str]] = defaultdict(list)
        for pid, uid in session.execute(
            select(Member.project_id, Member.user_id)
            .where(Member.project_id.in_({p.id for p, _ in due}), Member.role == "owner")
            .order_by(Member.id)
        ):
            owners[pid].append(uid)
    # An owner-less risk goes to the project owners, so no review date passes unseen.
    people = {
        risk.id: [risk.owner_id] if risk.owner_id else owners[project.id] for project, risk in due
    }
    # One DM a person a tick, listing every risk of theirs that is due, however many there are.
    reviews: dict[tuple[str, str], dict[RunKey, tuple[Project, Risk]]] = defaultdict(dict)
    for project, risk in due:
        for person in people[risk.id]:
            reviews[(project.team_id, person)][_key(project, risk, person)] = (project, risk)
    posts = delivery.deliver(
        rt,
        [
            Post(list(items), team_id, lambda won, person=person, items=items, team_id=team_id: _dm(
                speaker(rt, team_id), person, won,
                *_message(rt, team_id, person, [items[k] for k in won], now),
            ))
            for (team_id, person), items in reviews.items()
        ],
        now=now,
    )  # fmt: skip
    # A risk's review is done once every person it went to has it.
    with rt.db.session() as session:
        told = delivery.done(session, [k for items in reviews.values() for k in items])
    for project, risk in due:
        if people[risk.id] and all(_key(project, risk, p) in told for p in people[risk.id]):
            delivery.settle(rt, [_key(project, risk)], now=now, team_id=project.team_id)
    return posts


def _message(
    rt: Runtime, team_id: str, person: str, due: list[tuple[Project, Risk]], now: datetime
):
    """The reminder in the person's language, else their (first) project's, on that one's day."""
    first = due[0][0]
    tr = rt.reader(team_id, person, ProjectSettings.lang_of(first), today=first.today(now))
    return risk_review_message([review_view(p, r) for p, r in due], tr)


def _key(project: Project, risk: Risk, person: str = "") -> RunKey:
    """A review DM to `person`; without one, the risk's review done (every DM went out)."""
    return RunKey(NAME, project.id, str(risk.review_date), recipient=person, item=f"risk:{risk.id}")


def _dm(rt: Runtime, user_id: str, keys: list[RunKey], text: str, blocks: list) -> str:
    channel = rt.client.conversations_open(users=user_id)["channel"]["id"]
    return rt.client.chat_postMessage(
        channel=channel, text=text, blocks=blocks, metadata=delivery.metadata(keys)
    )["ts"]
