"""Who may do what: members change a project, owners change its settings, stakeholders read."""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.errors import Denied, ProjectClosed, UserError
from bot.i18n import CATALOG, Mrkdwn, Phrase
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


def people(user_ids: list[str]) -> Mrkdwn | Phrase:
    """Users as a parameter of a message: their mentions, or "nobody"."""
    return Mrkdwn(", ".join(f"<@{u}>" for u in user_ids)) if user_ids else Phrase("access.nobody")


def _owner_list(session: Session, project: Project) -> Mrkdwn | Phrase:
    return people(owners(session, project))


def _doing(doing: str, params: dict[str, object]) -> Phrase:
    """What was refused, as a catalogue phrase: an `access.do.*` id (with its params); a caller's
    words name one too (`"add risks"` is `access.do.add_risks`; tests/test_catalog.py checks)."""
    key = doing if doing.startswith("access.do.") else "access.do." + "_".join(doing.split())
    if key not in CATALOG:
        raise KeyError(f"{key} is not in the catalogue: add it to bot/i18n/messages/task.py")
    return Phrase(key, **params)


def require_member(
    session: Session, project: Project, user_id: str, doing: str, **params: object
) -> Member:
    """Members and owners may change the project; stakeholders (who follow it) and others are
    told who can make them members.

    `doing` names the refused action: `access.do.add_tasks`, or with params
    (`"access.do.delete_task", ref="T-7"`)."""
    member = membership(session, project, user_id)
    if member is None or member.role == "stakeholder":
        who = _owner_list(session, project)
        phrase = _doing(doing, params)
        if member is None:
            raise Denied("access.members_only", key=project.key, doing=phrase, owners=who)
        raise Denied("access.stakeholders_follow", key=project.key, doing=phrase, owners=who)
    return member


def require_owner(
    session: Session, project: Project, user_id: str, doing: str, **params: object
) -> Member:
    member = membership(session, project, user_id)
    if member is None or member.role != "owner":
        who = _owner_list(session, project)
        phrase = _doing(doing, params)
        raise Denied("access.owners_only", key=project.key, doing=phrase, owners=who)
    return member


OWNABLE = ("task", "risk")


def require_assignable(
    session: Session,
    project: Project,
    user_id: str,
    thing: str = "task",
    *,
    example: str = "/project members add @alice",
) -> str:
    """The one rule for who may own a task or a risk: a member or owner of the project;
    stakeholders watch, they don't own. Gives the user id back."""
    member = membership(session, project, user_id)
    if member is None or member.role == "stakeholder":
        role = "access.stakeholder_of" if member else "access.not_member_of"
        raise UserError(
            "access.cannot_own",
            example,
            field="owner",
            user=user_id,
            role=Phrase(role, key=project.key),
            thing=Phrase(f"access.thing.{thing}"),
        )
    return user_id


def closed_on(project: Project) -> date | None:
    """The day the project closed, in its time zone; None while it is open."""
    if project.status != "closed":
        return None
    return project.today(project.closed_at) if project.closed_at else None


def require_open(project: Project) -> None:
    """The one rule for closed projects: they are read, never changed (`projects.resolve` and
    `projects.get` apply it to every lookup that is not for reading)."""
    if project.status != "active":
        raise ProjectClosed(project.key, closed_on(project))
