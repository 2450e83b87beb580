"""Changes to the risk register: add, update, close or mark occurred, each checked and audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import Denied, UserError
from bot.i18n import Mrkdwn, Phrase
from bot.services import access, audit, critical_risks
from bot.services.names import validate_name
from bot.services.projects import next_number
from bot.services.risks import ADD_EXAMPLE, get, plain
from bot.services.scoring import band, score
from bot.store.models import TASK_CLOSED, Project, Risk, Task
from bot.views.risk import Escalation


@dataclass
class Saved:
    """A risk just written, what changed (old, new), and the escalation to send, if any."""

    risk: Risk
    escalation: Escalation | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


def check_owner(session: Session, project: Project, user_id: str) -> str:
    """A risk owner must be a member or owner of the project (the rule for every owner)."""
    return access.require_assignable(session, project, user_id, "risk", example="owner:@bob")


def _may_change(session: Session, project: Project, risk: Risk, actor: str, close: bool) -> None:
    member = access.membership(session, project, actor)
    if member and (member.role == "owner" or (member.role == "member" and risk.owner_id == actor)):
        return
    owners = access.owners(session, project)
    raise Denied(
        f"risk.only_owner{'_close' if close else ''}",
        number=risk.number,
        key=project.key,
        holder=_people([risk.owner_id] if risk.owner_id else []),
        owners=_people(owners),
    )


def _people(user_ids: list[str]) -> Mrkdwn | Phrase:
    """People named in an error: their mentions, or the reader's word for nobody."""
    return Mrkdwn(", ".join(f"<@{u}>" for u in user_ids)) if user_ids else Phrase("risk.nobody")


def _check_review(project: Project, now: datetime, review: date | None) -> None:
    if review is not None and review < project.today(now):
        raise UserError("risk.review_past", 'review:"next monday"', field="review", day=review)


def _snapshot(risk: Risk) -> dict[str, Any]:
    """The audited fields of a risk, score and band included."""
    value = score(risk.likelihood, risk.impact)
    return {
        "title": risk.title,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "score": value,
        "band": band(value),
        "owner": risk.owner_id,
        "mitigation": risk.mitigation,
        "review": risk.review_date,
    }


@dataclass
class NewRisk:
    title: str
    likelihood: int = 3
    impact: int = 3
    owner_id: str | None = None
    mitigation: str | None = None
    review: date | None = None


def add(session: Session, project: Project, *, actor: str, now: datetime, spec: NewRisk) -> Saved:
    """Register a risk (members only); entering the critical band escalates it."""
    access.require_member(session, project, actor, "add risks")
    title = plain(validate_name(spec.title, "risk title", ADD_EXAMPLE), "risk title", ADD_EXAMPLE)
    mitigation = plain(spec.mitigation, "mitigation", 'mitigation:"second vendor on standby"')
    owner = check_owner(session, project, spec.owner_id or actor)
    _check_review(project, now, spec.review)
    risk = Risk(
        team_id=project.team_id,
        project_id=project.id,
        number=next_number(session, project, "next_risk"),
        title=title,
        likelihood=spec.likelihood,
        impact=spec.impact,
        owner_id=owner,
        mitigation=mitigation,
        review_date=spec.review,
        status="open",
        created_by=actor,
        created_at=now,
    )
    session.add(risk)
    session.flush()
    changes = {"created": (None, title)} | {
        k: (None, v) for k, v in _snapshot(risk).items() if k != "title"
    }
    audit.log(session, risk, "risk", risk.id, changes, actor=actor, at=now)
    return Saved(risk, critical_risks.track_band(session, project, risk, actor, now), changes)


def update_risk(
    session: Session,
    project: Project,
    number: int,
    *,
    actor: str,
    now: datetime,
    title: str | None = None,
    likelihood: int | None = None,
    impact: int | None = None,
    owner_id: str | None = None,
    mitigation: str | None = None,
    review: date | None = None,
) -> Saved:
    """Change an open risk (its owner or a project owner); every change lands in the audit trail."""
    risk = get(session, project, number)
    _may_change(session, project, risk, actor, close=False)
    _require_status(risk, "changed")
    old = _snapshot(risk)
    if title is not None:
        risk.title = plain(validate_name(title, "risk title", ADD_EXAMPLE), "risk title", "")
    if likelihood is not None:
        risk.likelihood = likelihood
    if impact is not None:
        risk.impact = impact
    if owner_id is not None:
        risk.owner_id = check_owner(session, project, owner_id)
    if mitigation is not None:
        risk.mitigation = plain(mitigation, "mitigation", f'/risk mitigate R-{number} "plan"')
    if review is not None:
        _check_review(project, now, review)
        risk.review_date = review
    new = _snapshot(risk)
    changes = {k: (old[k], new[k]) for k in new if old[k] != new[k]}
    if not changes:
        raise UserError(
            "risk.nothing_to_change",
            f'/risk update R-{number} likelihood:2 impact:4 review:"next monday"',
            number=number,
        )
    # Touching a risk is reviewing it: its review date stops being due.
    risk.reviewed_on = project.today(now)
    audit.log(session, risk, "risk", risk.id, changes, actor=actor, at=now)
    return Saved(risk, critical_risks.track_band(session, project, risk, actor, now), changes)


def _require_status(risk: Risk, doing: str) -> None:
    """Only an open risk changes; `doing` is `changed`, `closed` or `occurred`. An occurred one
    may still be closed: the issue it became is dealt with."""
    if risk.status != "open" and not (risk.status == "occurred" and doing == "closed"):
        why = {"why": risk.close_reason} if risk.close_reason else {}
        raise UserError(
            f"risk.already{'_why' if why else ''}",
            "/risk list all",
            number=risk.number,
            status=Phrase(f"risk.status.{risk.status}"),
            doing=Phrase(f"risk.doing.{doing}"),
            **why,
        )


def _require_dealt_with(session: Session, risk: Risk) -> None:
    """An occurred risk closes once the issue it became is dealt with: a task that tracks it
    (the "make a task" button) is done or canceled. Until then it heads Top risks."""
    task = session.scalar(
        select(Task)
        .where(Task.risk_id == risk.id, Task.status.not_in(TASK_CLOSED))
        .order_by(Task.number)
        .limit(1)
    )
    if task is not None:
        raise UserError(
            "risk.task_still_open",
            number=risk.number,
            task=task.number,
            status=Phrase(f"task.status.{task.status}"),
        )


def close(
    session: Session,
    project: Project,
    number: int,
    *,
    actor: str,
    now: datetime,
    reason: str | None,
    status: str = "closed",
) -> Saved:
    """Close a risk (`closed`, with a reason) or mark that it happened (`occurred`)."""
    risk = get(session, project, number)
    _may_change(session, project, risk, actor, close=status == "closed")
    _require_status(risk, "closed" if status == "closed" else "occurred")
    if risk.status == "occurred":
        _require_dealt_with(session, risk)
    reason = plain(reason, "reason", f"/risk close R-{number} vendor confirmed the date")
    changes = {"status": (risk.status, status), "close_reason": (risk.close_reason, reason)}
    risk.status, risk.close_reason, risk.closed_at = status, reason, now
    audit.log(session, risk, "risk", risk.id, changes, actor=actor, at=now)
    critical_risks.track_band(session, project, risk, actor, now)
    return Saved(risk, None, changes)
