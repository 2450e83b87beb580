"""The /risk surfaces' view models, read from the register's rows (`bot.views.risk`)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.services.risk_changes import Saved
from bot.services.risk_tasks import linked_task
from bot.services.risks import grid, history, listing
from bot.services.scoring import band, score
from bot.store.models import Project, Risk
from bot.views.risk import ChangeView, Matrix, RiskDetail, RiskSaved, RiskView


def view(risk: Risk, tz: str = "UTC") -> RiskView:
    """One risk as its card and its line show it."""
    value = score(risk.likelihood, risk.impact)
    escalated = risk.escalated_at.astimezone(ZoneInfo(tz)) if risk.escalated_at else None
    return RiskView(
        number=risk.number,
        title=risk.title,
        likelihood=risk.likelihood,
        impact=risk.impact,
        score=value,
        band=band(value),
        owner_id=risk.owner_id,
        status=risk.status,
        review_date=risk.review_date,
        mitigation=risk.mitigation,
        close_reason=risk.close_reason,
        created_by=risk.created_by,
        escalated_at=escalated,
        risk_id=risk.id,
    )


def saved_view(saved: Saved, project: Project) -> RiskSaved:
    changes = tuple((k, old, new) for k, (old, new) in saved.changes.items())
    return RiskSaved(view(saved.risk, project.timezone), changes, saved.escalation)


def detail(session: Session, project: Project, risk: Risk) -> RiskDetail:
    """One risk with its history (score lines left out: the band says it) and its task."""
    tz = project.zone
    lines = tuple(
        ChangeView(c.at.astimezone(tz), c.actor, c.field, c.old, c.new)
        for c in history(session, risk)
        if c.field != "score"
    )
    return RiskDetail(view(risk, project.timezone), lines, linked_task(session, risk))


def matrix(session: Session, project: Project) -> Matrix:
    """The project's open risks on the 5×5 grid."""
    open_risks = listing(session, project, "open")
    views = tuple(view(r, project.timezone) for r in open_risks)
    return Matrix(project.key, views, grid(open_risks))
