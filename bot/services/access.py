"""Who may do what: members change a project, owners change its settings, stakeholders read."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.errors import Denied, ProjectClosed
from bot.store.models import Member, Project

_MEMBERSHIP = select(Member).where(
    Member.project_id == bindparam("project"), Member.user_id == bindparam("user")
)  # built once: every change asks it


def membership(session: Session, project: Project, user_id: str) -> Member | None:
    return session.scalar(_MEMBERSHIP, {"project": project.id, "user": user_id})


def owners(session: Session, project: Project) -> list[str]:
    return list(
        session.scalars(
            select(Member.user_id)
            .where(Member.project_id == project.id, Member.role == "owner")
            .order_by(Member.id)
        )
    )


def _owner_list(session: Session, project: Project) -> str:
    return ", ".join(f"<@{u}>" for u in owners(session, project)) or "nobody"


def require_member(session: Session, project: Project, user_id: str, doing: str) -> Member:
    """Members and owners may change the project; stakeholders and others are told who can."""
    member = membership(session, project, user_id)
    if member is None or member.role == "stakeholder":
        raise Denied(
            f"Only members of *{project.key}* can {doing}. "
            f"Ask an owner ({_owner_list(session, project)}) to add you with `/project members add @you`."
        )
    return member


def require_owner(session: Session, project: Project, user_id: str, doing: str) -> Member:
    member = membership(session, project, user_id)
    if member is None or member.role != "owner":
        raise Denied(
            f"Only an owner of *{project.key}* can {doing}. Owners: {_owner_list(session, project)}."
        )
    return member


def closed_on(project: Project) -> date | None:
    """The day the project closed, in its time zone; None while it is open."""
    if project.status != "closed":
        return None
    return (
        project.closed_at.astimezone(ZoneInfo(project.timezone)).date()
        if project.closed_at
        else None
    )


def require_open(project: Project) -> None:
    """The one rule for closed projects: they are read, never changed (`projects.resolve` and
    `projects.get` apply it to every lookup that is not for reading)."""
    if project.status != "active":
        raise ProjectClosed(project.key, closed_on(project))
