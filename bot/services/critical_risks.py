"""Risks in the critical band: entering it (announced once, even when changes race), whom to
tell, and the announcements Slack has not taken yet, retried by the escalation job."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from bot.services.project_settings import ProjectSettings
from bot.services.scoring import band, score
from bot.store.models import Member, Project, Risk
from bot.views.risk import Escalation


def audience(session: Session, project: Project, actor: str) -> tuple[str | None, list[str]]:
    """Where an escalation goes: the digest channel if set, else stakeholders by DM.

    A project with neither falls back to its other owners (not the one who made the change),
    so someone accountable hears of it even before stakeholders are named.
    """
    channel = ProjectSettings.of(project.settings).digest_channel
    if channel:
        return channel, []
    rows = session.execute(
        select(Member.user_id, Member.role)
        .where(Member.project_id == project.id, Member.role.in_(("stakeholder", "owner")))
        .order_by(Member.id)
    ).all()
    stakeholders = [u for u, role in rows if role == "stakeholder"]
    return None, stakeholders or [u for u, role in rows if role == "owner" and u != actor]


def track_band(session: Session, project: Project, risk: Risk, actor: str, now: datetime):
    """Start or end the risk's stay in the critical band; an entry returns an Escalation."""
    critical = risk.status == "open" and band(score(risk.likelihood, risk.impact)) == "critical"
    if not critical:
        risk.critical_since = None  # leaving resets, so a later entry escalates again
        return None
    if risk.critical_since is not None:
        return None
    session.flush()
    # Conditional, so two changes racing into the band announce it once.
    entered = session.execute(
        update(Risk)
        .where(Risk.id == risk.id, Risk.critical_since.is_(None))
        .values(critical_since=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not entered:
        session.refresh(risk)
        return None
    risk.critical_since = now
    return escalation(session, project, risk, actor)


def escalation(session: Session, project: Project, risk: Risk, actor: str) -> Escalation:
    """What to announce for the risk's current stay in the critical band, and to whom."""
    assert risk.critical_since is not None
    channel, users = audience(session, project, actor)
    return Escalation(
        risk_id=risk.id,
        since=risk.critical_since,
        project_key=project.key,
        project_name=project.name,
        ref=f"R-{risk.number}",
        title=risk.title,
        likelihood=risk.likelihood,
        impact=risk.impact,
        owner_id=risk.owner_id,
        mitigation=risk.mitigation,
        actor=actor,
        digest_channel=channel,
        user_ids=users,
        team_id=project.team_id,
        project_id=project.id,
        lang=ProjectSettings.lang_of(project),
    )


def open_in_active(project_ids: list[int] | None = None) -> Select[tuple[Project, Risk]]:
    """(project, risk) for open risks of active projects, of these projects only if given."""
    query = (
        select(Project, Risk)
        .join(Risk, Risk.project_id == Project.id)
        .where(Project.status == "active", Risk.status == "open")
    )
    return query if project_ids is None else query.where(Project.id.in_(project_ids))


def unescalated(
    session: Session, project_ids: list[int] | None = None
) -> list[tuple[Project, Risk]]:
    """Open critical risks whose announcement never got through (Slack failed): retry these."""
    query = (
        open_in_active(project_ids)
        .where(
            Risk.critical_since.is_not(None),
            Risk.escalated_at.is_(None) | (Risk.escalated_at < Risk.critical_since),
        )
        .order_by(Project.id, Risk.number)
    )
    return [(project, risk) for project, risk in session.execute(query)]


def mark_escalated(session: Session, risk_id: int, since: datetime, at: datetime) -> None:
    """Record that the escalation for this entry into the band was delivered."""
    session.execute(
        update(Risk)
        .where(Risk.id == risk_id, Risk.critical_since == since)
        .values(escalated_at=at)
        .execution_options(synchronize_session=False)
    )
