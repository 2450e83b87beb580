"""The risk register: scored risks with owners, mitigation, review dates and history.

Entering the critical band and its escalation are in `critical_risks`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import Denied, NotFound, UserError
from bot.i18n import Mrkdwn, Phrase, Tr
from bot.services import access, audit, critical_risks, projects
from bot.services.project_settings import ProjectSettings
from bot.services.projects import next_number, validate_name
from bot.services.scoring import band, score
from bot.store.models import Change, Project, Risk, Task
from bot.views.risk import Escalation

__all__ = ["Escalation"]  # kept here too: `commands/risk.py` names it `risks.Escalation`

LIKELIHOOD = ("rare", "unlikely", "possible", "likely", "almost certain")
IMPACT = ("insignificant", "minor", "moderate", "major", "severe")
_COMMON = {"low": 2, "medium": 3, "med": 3, "high": 4, "低": 2, "中": 3, "高": 4}
# The Chinese names of the scales, as the catalogue writes them (`likelihood:很可能`).
_ZH = {
    "likelihood": ("罕见", "不太可能", "可能", "很可能", "几乎确定"),
    "impact": ("可忽略", "较小", "中等", "重大", "严重"),
}
# The modal field each kind of text is typed in (and its messages' ids: `risk.title_long`).
_TEXT_FIELDS = {"risk title": "title", "mitigation": "mitigation", "reason": "reason"}
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
    known |= {name: i for i, name in enumerate(_ZH[key], 1)}
    if words.replace("_", " ") in known:
        return known[words.replace("_", " ")]
    raise UserError(f"risk.bad_{key}", f"{key}:4", field=key, text=quoted(text))


def quoted(text: str, limit: int = 40) -> str:
    """User text cut to quote inside a `code` span of an error (escaping is the reader's)."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("`", "'").replace("\n", " ")


def plain(text: str | None, what: str, example: str) -> str | None:
    """User text that may not broadcast: `<!here>` and friends would ping the whole channel.

    `what` is `risk title`, `mitigation` or `reason`; a mistake is about that modal field.
    """
    if text is None:
        return None
    text = text.strip()
    where = _TEXT_FIELDS[what]
    if m := _BROADCAST.search(text):
        raise UserError(f"risk.{where}_broadcast", example or None, field=where, found=quoted(m[0]))
    if len(text) > TEXT_MAX:
        raise UserError(
            f"risk.{where}_long", example or None, field=where, n=len(text), max=TEXT_MAX
        )
    return text or None


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
        raise NotFound("risk.not_found", "/risk list all", key=project.key, number=number)
    return risk


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
    if review is not None and review < local_today(project, now):
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
    risk.reviewed_on = local_today(project, now)
    audit.log(session, risk, "risk", risk.id, changes, actor=actor, at=now)
    return Saved(risk, critical_risks.track_band(session, project, risk, actor, now), changes)


def _require_status(risk: Risk, doing: str) -> None:
    """Only an open risk changes; `doing` is `changed`, `closed` or `occurred`."""
    if risk.status != "open":
        why = {"why": risk.close_reason} if risk.close_reason else {}
        raise UserError(
            f"risk.already{'_why' if why else ''}",
            "/risk list all",
            number=risk.number,
            status=Phrase(f"risk.status.{risk.status}"),
            doing=Phrase(f"risk.doing.{doing}"),
            **why,
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
    reason = plain(reason, "reason", f"/risk close R-{number} vendor confirmed the date")
    changes = {"status": ("open", status), "close_reason": (None, reason)}
    risk.status, risk.close_reason, risk.closed_at = status, reason, now
    audit.log(session, risk, "risk", risk.id, changes, actor=actor, at=now)
    critical_risks.track_band(session, project, risk, actor, now)
    return Saved(risk, None, changes)


def task_from_risk(
    session: Session, team_id: str, risk_id: int, *, actor: str, now: datetime
) -> tuple[Project, Risk, Task]:
    """The blocked task that tracks an occurred risk (the `risk_to_task` button), made once."""
    risk = session.scalar(select(Risk).where(Risk.id == risk_id, Risk.team_id == team_id))
    if risk is None:
        raise NotFound("risk.gone")
    project = projects.get(session, team_id, risk.project_id)
    access.require_member(session, project, actor, "create tasks")
    if risk.status != "occurred":
        raise UserError(
            "risk.not_occurred", number=risk.number, status=Phrase(f"risk.status.{risk.status}")
        )
    existing = session.scalar(select(Task.number).where(Task.risk_id == risk.id).limit(1))
    if existing is not None:
        raise UserError(
            "risk.already_tracked", f"/task show T-{existing}", task=existing, number=risk.number
        )
    # The task is the team's own text: written once, in the project's language.
    tr = Tr(ProjectSettings.lang_of(project))  # type: ignore[arg-type]
    reason = tr.plain("risk.task_reason", number=risk.number, title=risk.title)
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
        if risk.review_date <= local_today(project, now)
    ]


def open_for_user(session: Session, team_id: str, user_id: str) -> list[tuple[Project, Risk]]:
    """A person's open risks across the workspace's active projects, highest score first."""
    query = critical_risks.open_in_active().where(Risk.team_id == team_id, Risk.owner_id == user_id)
    rows = [(project, risk) for project, risk in session.execute(query)]
    return sorted(rows, key=lambda pr: (-score(pr[1].likelihood, pr[1].impact), pr[0].key))
