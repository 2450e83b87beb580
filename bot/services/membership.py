"""A project's members and their roles: added, changed and removed, never leaving it without an owner."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.errors import NotFound, UserError
from bot.i18n import Mrkdwn
from bot.services import audit
from bot.store.models import ROLES, TASK_CLOSED, Member, Project, Task
from bot.views.project import Joined


def members(session: Session, project: Project) -> list[Member]:
    return list(
        session.scalars(
            select(Member).where(Member.project_id == project.id).order_by(Member.role, Member.id)
        )
    )


def add_members(
    session: Session,
    project: Project,
    *,
    actor: str,
    now: datetime,
    user_ids: list[str],
    role: str = "member",
    capacity: float | None = None,
) -> list[Joined]:
    """Add people, or change the role and capacity of those already in; who was which."""
    if not user_ids:
        raise UserError("project.name_someone", "/project members add @alice @bob role:member")
    if role not in ROLES:
        roles = Mrkdwn(", ".join(f"`{r}`" for r in ROLES))
        raise UserError("project.bad_role", "role:stakeholder", role=role, roles=roles)
    existing = {
        m.user_id: m
        for m in session.scalars(
            select(Member).where(Member.project_id == project.id, Member.user_id.in_(user_ids))
        )
    }
    out = []
    for user_id in dict.fromkeys(user_ids):
        member = existing.get(user_id)
        if member is None:
            member = Member(
                team_id=project.team_id,
                project_id=project.id,
                user_id=user_id,
                role=role,
                capacity_hours=capacity if capacity is not None else 40.0,
                added_at=now,
            )
            session.add(member)
            old_role, old_capacity = None, None
        else:
            old_role, old_capacity = member.role, member.capacity_hours
            member.role = role
            if capacity is not None:
                member.capacity_hours = capacity
        session.flush()
        out.append(Joined(user_id, role, member.capacity_hours, old_role, old_capacity))
        changes = {"role": (old_role, role), "capacity": (old_capacity, member.capacity_hours)}
        audit.log(session, project, "member", member.id, changes, actor=actor, at=now)
    _keep_an_owner(session, project)
    return out


def remove_member(
    session: Session, project: Project, *, actor: str, now: datetime, user_id: str
) -> list[int]:
    """Take `user_id` out of the project; the numbers of the open tasks they still own there,
    which keep them as owner (and their history) until someone reassigns them."""
    member = session.scalar(
        select(Member).where(Member.project_id == project.id, Member.user_id == user_id)
    )
    if member is None:
        raise NotFound(
            "project.not_member", "/project members", user=Mrkdwn(f"<@{user_id}>"), key=project.key
        )
    audit.log(
        session, project, "member", member.id, {"role": (member.role, None)}, actor=actor, at=now
    )
    session.delete(member)
    session.flush()
    _keep_an_owner(session, project)
    owned = select(Task.number).where(
        Task.project_id == project.id, Task.owner_id == user_id, Task.status.not_in(TASK_CLOSED)
    )
    return list(session.scalars(owned.order_by(Task.number)))


def _keep_an_owner(session: Session, project: Project) -> None:
    owners = session.scalar(
        select(func.count())
        .select_from(Member)
        .where(Member.project_id == project.id, Member.role == "owner")
    )
    if not owners:
        raise UserError(
            "project.no_owner_left", "/project members add @bob role:owner", key=project.key
        )
