"""Blockers from standup answers: carried day to day, marking named tasks blocked, escalated as risks."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import Denied, NotFound, UserError
from bot.services import audit, projects, task_changes
from bot.services.project_settings import ProjectSettings
from bot.services.projects import next_number
from bot.store.models import Blocker, Change, JobRun, Member, Project, Risk, StandupReply, Task
from bot.views.standup import EscalationView

log = logging.getLogger(__name__)

_TASK_REF = re.compile(r"\bT-([0-9]{1,9})\b", re.IGNORECASE)
RISK_LIKELIHOOD = RISK_IMPACT = 3
TITLE_MAX = 300


def norm(text: str) -> str:
    """A blocker's text as two are compared: case, spacing and end punctuation aside."""
    return " ".join(text.lower().split()).strip(" .!。")


def task_numbers(text: str) -> list[int]:
    """The task refs (`T-12`) a blocker names, in order, once each."""
    return list(dict.fromkeys(int(m[1]) for m in _TASK_REF.finditer(text)))


def split(blockers: str | None) -> list[str]:
    """One blocker per line (or per `;`)."""
    return [b.strip(" -•*") for b in re.split(r"[\n;；]", blockers or "") if b.strip(" -•*")]


def open_blockers(session: Session, project_ids: Iterable[int]) -> dict[int, list[Blocker]]:
    """Open blockers per project, oldest first, in one query."""
    ids = sorted(set(project_ids))
    out: dict[int, list[Blocker]] = {pid: [] for pid in ids}
    if not ids:
        return out
    for blocker in session.scalars(
        select(Blocker)
        .where(Blocker.project_id.in_(ids), Blocker.cleared_on.is_(None))
        .order_by(Blocker.opened_on, Blocker.id)
    ):
        out[blocker.project_id].append(blocker)
    return out


def update_after_standup(
    session: Session,
    project: Project,
    day: date,
    replies: list[StandupReply],
    now: datetime,
    *,
    blocked: set[int] | None = None,
) -> list[Blocker]:
    """Fold a day's answers into the blockers; idempotent for a day (a retried summary counts once).

    A blocker stays open until its owner answers with no blockers (or its task is done); each
    standup it is still open adds one to its count, and to the count of those that named it or
    of those its owner did not answer. Returns the blockers reported that day; the ids of the
    tasks it marked blocked are added to `blocked` (their cards are to be redrawn).
    """
    still_open = open_blockers(session, [project.id])[project.id]
    current = [b for b in still_open if b.last_seen_on < day]
    seen_today = [b for b in still_open if b.last_seen_on >= day]
    if seen_today and not current:
        return seen_today  # this day was already counted
    by_user: dict[str, list[str]] = {}
    answered = set()
    for reply in replies:
        answered.add(reply.user_id)
        by_user.setdefault(reply.user_id, []).extend(split(reply.blockers))
    done_tasks = _done_task_ids(session, [b.task_id for b in current if b.task_id])
    reported: list[Blocker] = []
    for blocker in current:
        texts = by_user.get(blocker.user_id, [])
        same = next((t for t in texts if _same(blocker, t, project, session)), None)
        if blocker.task_id in done_tasks or (blocker.user_id in answered and not texts):
            blocker.cleared_on = day
            continue
        if same is not None:
            texts.remove(same)
            blocker.text = same
            blocker.standups_reported += 1
        elif blocker.user_id not in answered:
            blocker.standups_unanswered += 1
        blocker.standups_open += 1
        blocker.last_seen_on = day
        reported.append(blocker)
    for user_id, texts in by_user.items():
        for text in texts:
            reported.append(_open(session, project, user_id, text, day, now, blocked))
    session.flush()
    return reported


def _same(blocker: Blocker, text: str, project: Project, session: Session) -> bool:
    if norm(blocker.text) == norm(text):
        return True
    if blocker.task_id is None:
        return False
    numbers = task_numbers(text)
    return bool(numbers) and blocker.task_id in _task_ids(session, project, numbers).values()


def _done_task_ids(session: Session, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(session.scalars(select(Task.id).where(Task.id.in_(ids), Task.status == "done")))


def _task_ids(session: Session, project: Project, numbers: list[int]) -> dict[int, int]:
    rows = session.execute(
        select(Task.number, Task.id).where(Task.project_id == project.id, Task.number.in_(numbers))
    )
    return {n: i for n, i in rows}


def _open(
    session: Session, project: Project, user_id: str, text: str, day: date, now: datetime,
    blocked: set[int] | None = None,
) -> Blocker:  # fmt: skip
    numbers = task_numbers(text)
    task = None
    if numbers:
        task = session.scalar(
            select(Task).where(Task.project_id == project.id, Task.number == numbers[0])
        )
    blocker = Blocker(
        team_id=project.team_id,
        project_id=project.id,
        user_id=user_id,
        text=text[:2000],
        task_id=task.id if task else None,
        opened_on=day,
        last_seen_on=day,
        standups_open=1,
    )
    session.add(blocker)
    if task is None or task.status in ("done", "blocked"):
        return blocker
    if _block(session, project, task, text, user_id, now) and blocked is not None:
        blocked.add(task.id)
    return blocker


def _block(
    session: Session, project: Project, task: Task, reason: str, actor: str, now: datetime
) -> bool:
    """Block the task by the same rule as `/task block`; a reason it refuses is logged, not raised."""
    try:
        task_changes.block(session, project, task, reason=reason[:500], actor=actor, now=now)
    except UserError as exc:
        log.info("standup blocker of %s left T-%s as it was: %s", actor, task.number, exc.message)
        return False
    log.info("%s T-%s blocked from the standup of %s", project.key, task.number, actor)
    return True


def due_escalations(
    session: Session, project_key: str | None = None
) -> list[tuple[Blocker, Project]]:
    """Open blockers that reached their project's `blocker_standups` and were not escalated yet."""
    query = (
        select(Blocker, Project)
        .join(Project, Project.id == Blocker.project_id)
        .where(
            Blocker.cleared_on.is_(None),
            Blocker.escalated_at.is_(None),
            Blocker.standups_open >= 2,
            Project.status == "active",
        )
        .order_by(Blocker.id)
    )
    if project_key:
        query = query.where(Project.key == project_key.upper())
    return [
        (b, p)
        for b, p in session.execute(query).all()
        if b.standups_open >= ProjectSettings.of(p.settings).blocker_standups
    ]


def escalation_view(project: Project, blocker: Blocker) -> EscalationView:
    return EscalationView(
        key=project.key,
        blocker_id=blocker.id,
        user_id=blocker.user_id,
        text=blocker.text,
        standups=blocker.standups_open,
        since=blocker.opened_on,
        reported=blocker.standups_reported,
        unanswered=blocker.standups_unanswered,
    )


def owners_of(session: Session, project_ids: Iterable[int]) -> dict[int, list[str]]:
    """Owners per project, in one query."""
    out: dict[int, list[str]] = {}
    for pid, uid in session.execute(
        select(Member.project_id, Member.user_id)
        .where(Member.project_id.in_(sorted(set(project_ids))), Member.role == "owner")
        .order_by(Member.id)
    ):
        out.setdefault(pid, []).append(uid)
    return out


def to_risk(
    session: Session, *, team_id: str, blocker_id: int, actor: str, now: datetime
) -> tuple[Project, Risk]:
    """Turn an escalated blocker into a risk (likelihood 3 × impact 3, owned by who reported it), once."""
    blocker = session.get(Blocker, blocker_id)
    if blocker is None or blocker.team_id != team_id:
        raise NotFound("standup.blocker_gone")
    project = projects.get(session, team_id, blocker.project_id)
    role = session.scalar(
        select(Member.role).where(Member.project_id == project.id, Member.user_id == actor)
    )
    if role != "owner":
        raise Denied("standup.owner_only_risk", key=project.key)
    existing = risk_from(session, blocker)
    if existing is not None:
        raise UserError("standup.already_risk", number=existing, key=project.key)
    number = next_number(session, project, "next_risk")
    risk = Risk(
        team_id=team_id,
        project_id=project.id,
        number=number,
        title=" ".join(blocker.text.split())[:TITLE_MAX],
        likelihood=RISK_LIKELIHOOD,
        impact=RISK_IMPACT,
        owner_id=blocker.user_id,
        mitigation=None,
        status="open",
        created_by=actor,
        created_at=now,
    )
    session.add(risk)
    session.flush()
    # The job_runs key is insert-once: two owners clicking at the same moment make one risk.
    session.add(
        JobRun(
            team_id=team_id,
            job="blocker-risk",
            scope=f"blocker:{blocker.id}",
            period="risk",
            status="posted",
            owner=actor,
            claimed_at=now,
            lease_until=now,
            finished_at=now,
        )
    )
    if blocker.task_id:
        task = session.get(Task, blocker.task_id)
        if task is not None and task.risk_id is None:
            task.risk_id = risk.id
    changes = {
        "title": (None, risk.title),
        "likelihood": (None, risk.likelihood),
        "impact": (None, risk.impact),
        "owner_id": (None, risk.owner_id),
        "status": (None, "open"),
        "blocker": (None, blocker.id),
    }
    audit.log(session, risk, "risk", risk.id, changes, actor=actor, at=now)
    session.flush()
    return project, risk


def risk_from(session: Session, blocker: Blocker) -> int | None:
    """The number of the risk made from this blocker, if one was (the audit row says so)."""
    risk_id = session.scalar(
        select(Change.entity_id).where(
            Change.project_id == blocker.project_id,
            Change.entity == "risk",
            Change.field == "blocker",
            Change.new == str(blocker.id),
        )
    )
    return (
        None if risk_id is None else session.scalar(select(Risk.number).where(Risk.id == risk_id))
    )
