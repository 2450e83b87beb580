"""Deviation alerts: what was posted, what is worse since, remembering a post, and the post itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.deviation_rules import Deviation
from bot.services.deviations import CHUNK
from bot.store.models import Alert, Project
from bot.views.alerts import AlertsView, DeviationLine


def posted_levels(session: Session, project_ids: list[int]) -> dict[tuple[int, str, str], float]:
    """The severity already posted per (project, kind, subject)."""
    out: dict[tuple[int, str, str], float] = {}
    for i in range(0, len(project_ids), CHUNK):
        rows = session.execute(
            select(Alert.project_id, Alert.kind, Alert.subject, Alert.severity).where(
                Alert.project_id.in_(project_ids[i : i + CHUNK])
            )
        )
        out.update(((pid, kind, subject), sev) for pid, kind, subject, sev in rows)
    return out


def worse(found: list[Deviation], posted: dict[tuple[int, str, str], float]) -> list[Deviation]:
    """The deviations never posted, or worse than when they last were."""
    return [
        d
        for d in found
        if d.level > 0 and d.level > posted.get((d.project_id, d.kind, d.subject), 0)
    ]


def record(session: Session, devs: list[Deviation], *, now: datetime, ts: str | None) -> None:
    """Remember what was posted (and the message) so it is posted again only when worse."""
    existing: dict[tuple[int, str, str], Alert] = {}
    for i in range(0, len(devs), 500):
        chunk = devs[i : i + 500]
        existing.update(
            ((a.project_id, a.kind, a.subject), a)
            for a in session.scalars(
                select(Alert).where(
                    Alert.project_id.in_({d.project_id for d in chunk}),
                    Alert.subject.in_({d.subject for d in chunk}),
                )
            )
        )
    for d in devs:
        alert = existing.get((d.project_id, d.kind, d.subject))
        if alert is None:
            session.add(
                Alert(
                    team_id=d.team_id,
                    project_id=d.project_id,
                    kind=d.kind,
                    subject=d.subject,
                    severity=d.level,
                    posted_at=now,
                    message_ts=ts,
                )  # fmt: skip
            )
        elif d.level > alert.severity:
            alert.severity, alert.posted_at, alert.message_ts = d.level, now, ts
    session.flush()


def alerts_view(project: Project, devs: list[Deviation]) -> AlertsView:
    """One post of deviations, as the channel sees it."""
    return AlertsView(
        key=project.key,
        name=project.name,
        items=tuple(DeviationLine(d.kind, d.ref, d.title, d.phrase, d.mention) for d in devs),
    )
