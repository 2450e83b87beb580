"""The risk register: scored risks with owners, mitigation, review dates, escalation and history."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from bot.errors import Denied, NotFound, UserError
from bot.grammar import show_text
from bot.services import access, audit, projects
from bot.services.project_settings import ProjectSettings
from bot.services.projects import next_number, validate_name
from bot.services.scoring import band, score
from bot.store.models import Change, Member, Project, Risk, Task

LIKELIHOOD = ("rare", "unlikely", "possible", "likely", "almost certain")
IMPACT = ("insignificant", "minor", "moderate", "major", "severe")
_COMMON = {"low": 2, "medium": 3, "med": 3, "high": 4, "低": 2, "中": 3, "高": 4}
_BROADCAST = re.compile(r"<!(?:here|channel|everyone|subteam)[^>]*>", re.IGNORECASE)
ADD_EXAMPLE = '/risk add "Payment vendor API may slip" likelihood:4 impact:5 owner:@bob'
TEXT_MAX = 2000


def local_today(project: Project, now: datetime) -> date:
    """The calendar day it is at `now` in the project's time zone."""
    return now.astimezone(ZoneInfo(project.timezone)).date()


def scale(key: str) -> str:
    """The named 1–5 scale of `likelihood` or `impact`, for help and errors."""
    names = LIKELIHOOD if key == "likelihood" else IMPACT
    return ", ".join(f"{i} {name}" for i, name in enumerate(names, 1))


def parse_level(text: str, key: str) -> int:
    """1–5 from a digit, low/medium/high (2/3/4), or the 5×5 names (`almost certain`, `severe`)."""
    names = LIKELIHOOD if key == "likelihood" else IMPACT
    words = " ".join(unicodedata.normalize("NFKC", text).lower().replace("-", " ").split())
    if words.isdigit() and 1 <= int(words) <= 5:
        return int(words)
    known = {name: i for i, name in enumerate(names, 1)} | _COMMON
    if words.replace("_", " ") in known:
        return known[words.replace("_", " ")]
    raise UserError(
        f"`{key}:{show_text(text)}` is not on the scale: use 1–5 ({scale(key)}) "
        "or low/medium/high (2/3/4).",
        f"{key}:4",
    )


def plain(text: str | None, what: str, example: str) -> str | None:
    """User text that may not broadcast: `<!here>` and friends would ping the whole channel."""
    if text is None:
        return None
    text = text.strip()
    if m := _BROADCAST.search(text):
        raise UserError(
            f"The {what} contains `{show_text(m[0])}`, which would notify everyone; "
            "write it without the angle brackets.",
            example,
        )
    if len(text) > TEXT_MAX:
        raise UserError(f"The {what} is {len(text)} characters; keep it to {TEXT_MAX}.", example)
    return text or None


@dataclass
class Escalation:
    """A risk that has just entered the critical band, and who must be told (sent after commit)."""

    risk_id: int
    since: datetime
    project_key: str
    project_name: str
    ref: str
    title: str
    likelihood: int
    impact: int
    owner_id: str | None
    mitigation: str | None
    actor: str
    digest_channel: str | None
    user_ids: list[str] = field(default_factory=list)
    team_id: str | None = None  # the workspace whose installation announces it
    project_id: int | None = None


@dataclass
class Saved:
    """A risk just written, what changed (old, new), and the escalation to send, if any."""

    risk: Risk
    escalation: Escalation | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


def get(session: Session, project: Project, number: int) -> Risk:
    """Risk R-`number` of the project, or a NotFound naming it."""
    risk = session.scalar(select(Risk).where(Risk.project_id == project.id, Risk.number == number))
    if risk is None:
        raise NotFound(f"*{project.key}* has no risk R-{number}.", "/risk list all")
    return risk


def check_owner(session: Session, project: Project, user_id: str) -> str:
    """A risk owner must be a member or owner of the project; stakeholders watch, they don't own."""
    member = access.membership(session, project, user_id)
    if member is None or member.role == "stakeholder":
        why = "a stakeholder" if member else "not a member"
        raise UserError(
            f"<@{user_id}> can't own a risk in *{project.key}*: they are {why}. "
            "Risk owners are members or owners of the project "
            "(an owner adds people with `/project members add @bob`).",
            "owner:@bob",
        )
    return user_id


def _may_change(session: Session, project: Project, risk: Risk, actor: str, doing: str) -> None:
    member = access.membership(session, project, actor)
    if member and (member.role == "owner" or (member.role == "member" and risk.owner_id == actor)):
        return
    owners = ", ".join(f"<@{u}>" for u in access.owners(session, project)) or "nobody"
    holder = f"<@{risk.owner_id}>" if risk.owner_id else "nobody"
    raise Denied(
        f"Only the owner of R-{risk.number} ({holder}) or an owner of *{project.key}* "
        f"({owners}) can {doing}."
    )


def _audience(session: Session, project: Project, actor: str) -> tuple[str | None, list[str]]:
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


def _track_band(session: Session, project: Project, risk: Risk, actor: str, now: datetime):
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
    channel, users = _audience(session, project, actor)
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
    )


def _open_in_active(project_ids: list[int] | None = None) -> Select[tuple[Project, Risk]]:
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
        _open_in_active(project_ids)
        .where(
            Risk.critical_since.is_not(None),
            Risk.escalated_at.is_(None) | (Risk.escalated_at < Risk.critical_since),
        )
        .order_by(Project.id, Risk.number)
    )
    return [(project, risk) for project, risk in session.execute(query)]


def _check_review(project: Project, now: datetime, review: date | None) -> None:
    if review is not None and review < local_today(project, now):
        raise UserError(
            f"The review date {review.isoformat()} is in the past; pick today or later.",
            'review:"next monday"',
        )


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
    return Saved(risk, _track_band(session, project, risk, actor, now), changes)


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
    _may_change(session, project, risk, actor, f"change R-{number}")
    _require_status(risk, "open", "changed")
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
            f"Nothing to change on R-{number}: give what changes.",
            f'/risk update R-{number} likelihood:2 impact:4 review:"next monday"',
        )
    # Touching a risk is reviewing it: its review date stops being due.
    risk.reviewed_on = local_today(project, now)
    audit.log(session, risk, "risk", risk.id, changes, actor=actor, at=now)
    return Saved(risk, _track_band(session, project, risk, actor, now), changes)


def _require_status(risk: Risk, status: str, doing: str) -> None:
    if risk.status != status:
        why = f" ({risk.close_reason})" if risk.close_reason else ""
        raise UserError(
            f"R-{risk.number} is already {risk.status}{why}, so it can't be {doing}.",
            "/risk list all",
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
    _may_change(
        session, project, risk, actor, f"{'close' if status == 'closed' else 'change'} R-{number}"
    )
    _require_status(risk, "open", "closed" if status == "closed" else "marked occurred")
    reason = plain(reason, "reason", f"/risk close R-{number} vendor confirmed the date")
    changes = {"status": ("open", status), "close_reason": (None, reason)}
    risk.status, risk.close_reason, risk.closed_at = status, reason, now
    audit.log(session, risk, "risk", risk.id, changes, actor=actor, at=now)
    _track_band(session, project, risk, actor, now)
    return Saved(risk, None, changes)


def task_from_risk(
    session: Session, team_id: str, risk_id: int, *, actor: str, now: datetime
) -> tuple[Project, Risk, Task]:
    """The blocked task that tracks an occurred risk (the `risk_to_task` button), made once."""
    risk = session.scalar(select(Risk).where(Risk.id == risk_id, Risk.team_id == team_id))
    if risk is None:
        raise NotFound("That risk no longer exists.")
    project = projects.get(session, team_id, risk.project_id)
    access.require_member(session, project, actor, "create tasks")
    if risk.status != "occurred":
        raise UserError(f"R-{risk.number} is {risk.status}, not occurred; no task was made.")
    existing = session.scalar(select(Task.number).where(Task.risk_id == risk.id).limit(1))
    if existing is not None:
        raise UserError(f"T-{existing} already tracks R-{risk.number}.", f"/task show T-{existing}")
    reason = f"Risk R-{risk.number} occurred: {risk.title}"
    task = Task(
        team_id=risk.team_id,
        project_id=project.id,
        number=next_number(session, project, "next_task"),
        title=reason[:300],
        owner_id=risk.owner_id,
        status="blocked",
        blocked_reason=reason,
        blocked_at=now,
        risk_id=risk.id,
        created_by=actor,
        created_at=now,
    )
    session.add(task)
    session.flush()
    changes = {
        "created": (None, task.title),
        "status": (None, "blocked"),
        "risk": (None, f"R-{risk.number}"),
    }
    audit.log(session, task, "task", task.id, changes, actor=actor, at=now)
    changes = {"task": (None, f"T-{task.number}")}
    audit.log(session, risk, "risk", risk.id, changes, actor=actor, at=now)
    return project, risk, task


def listing(
    session: Session, project: Project, which: str = "open", user_id: str = ""
) -> list[Risk]:
    """Risks by score, highest first: `open`, `mine` (open, owned by user_id) or `all`."""
    query = select(Risk).where(Risk.project_id == project.id)
    if which != "all":
        query = query.where(Risk.status == "open")
    if which == "mine":
        query = query.where(Risk.owner_id == user_id)
    risks = list(session.scalars(query.order_by(Risk.number)))
    return sorted(
        risks, key=lambda r: (r.status != "open", -score(r.likelihood, r.impact), r.number)
    )


def history(session: Session, risk: Risk) -> list[Change]:
    """The risk's audit trail, oldest first."""
    return list(
        session.scalars(
            select(Change)
            .where(
                Change.project_id == risk.project_id,
                Change.entity == "risk",
                Change.entity_id == risk.id,
            )
            .order_by(Change.at, Change.id)
        )
    )


def linked_task(session: Session, risk: Risk) -> int | None:
    """The number of the task made when the risk occurred, if one was."""
    return session.scalar(select(Task.number).where(Task.risk_id == risk.id).limit(1))


def grid(risks: list[Risk]) -> dict[tuple[int, int], list[str]]:
    """(likelihood, impact) -> refs in that cell, highest score first: the 5×5 matrix."""
    cells: dict[tuple[int, int], list[str]] = {}
    for risk in risks:
        cells.setdefault((risk.likelihood, risk.impact), []).append(f"R-{risk.number}")
    return cells


def mark_escalated(session: Session, risk_id: int, since: datetime, at: datetime) -> None:
    """Record that the escalation for this entry into the band was delivered."""
    session.execute(
        update(Risk)
        .where(Risk.id == risk_id, Risk.critical_since == since)
        .values(escalated_at=at)
        .execution_options(synchronize_session=False)
    )


def due_for_review(
    session: Session, now: datetime, project_ids: list[int] | None = None
) -> list[tuple[Project, Risk]]:
    """Open risks of active projects whose review date has come in the project's own time zone.

    A risk touched (updated or mitigated) on or after its review date counts as reviewed.
    """
    # No zone is more than a day ahead of UTC, so this bound is safe; the exact day is per project.
    horizon = now.astimezone(ZoneInfo("UTC")).date() + timedelta(days=1)
    query = (
        _open_in_active(project_ids)
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
        if risk.review_date <= local_today(project, now)
    ]


def open_for_user(session: Session, team_id: str, user_id: str) -> list[tuple[Project, Risk]]:
    """A person's open risks across the workspace's active projects, highest score first."""
    query = _open_in_active().where(Risk.team_id == team_id, Risk.owner_id == user_id)
    rows = [(project, risk) for project, risk in session.execute(query)]
    return sorted(rows, key=lambda pr: (-score(pr[1].likelihood, pr[1].impact), pr[0].key))
