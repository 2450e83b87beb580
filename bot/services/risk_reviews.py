"""Risk reviews: the open risks whose review date has come, and the line each reminder shows."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.services import critical_risks
from bot.services.scoring import band, score
from bot.store.models import Project, Risk
from bot.views.alerts import ReviewLine


def due_for_review(
    session: Session, now: datetime, project_ids: list[int] | None = None
) -> list[tuple[Project, Risk]]:
    """Open risks of active projects whose review date has come in the project's own time zone.

    A risk touched (updated or mitigated) on or after its review date counts as reviewed.
    """
    # No zone is more than a day ahead of UTC, so this bound is safe; the exact day is per project.
    horizon = now.astimezone(ZoneInfo("UTC")).date() + timedelta(days=1)
    query = (
        critical_risks.open_in_active(project_ids)
        .where(
            Risk.review_date.is_not(None),
            Risk.review_date <= horizon,
            (Risk.reviewed_on.is_(None)) | (Risk.reviewed_on < Risk.review_date),
        )
        .order_by(Project.id, Risk.review_date, Risk.number)
    )
    return [
        (project, risk)
        for project, risk in session.execute(query)
        if risk.review_date <= project.today(now)
    ]


def review_view(project: Project, risk: Risk) -> ReviewLine:
    """One risk whose review date has come, as its reminder DM shows it."""
    value = score(risk.likelihood, risk.impact)
    return ReviewLine(
        key=project.key,
        number=risk.number,
        title=risk.title,
        score=value,
        band=band(value),
        likelihood=risk.likelihood,
        impact=risk.impact,
        review_date=risk.review_date,
        mitigation=risk.mitigation or "",
    )
