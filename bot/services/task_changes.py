"""Changes to one task: assign, start, progress, done, reopen, block, due, log — each audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.errors import Denied, UserError
from bot.i18n import Phrase
from bot.services import access, audit, plan_dates
from bot.services.task_deps import open_predecessors, out_of_order
from bot.store.models import EffortEntry, Project, Task

REASON_MAX = 500


@dataclass
class Changed:
    """What a change did: the task, notes for the reply (catalogue phrases, written in the
    reader's language by the view), and whose App Home to refresh."""

    task: Task
    notes: list[Phrase] = field(default_factory=list)
    users: set[str] = field(default_factory=set)


def record_change(
    session: Session,
    project: Project,
    task: Task,
    actor: str,
    now: datetime,
    **changes: tuple[Any, Any],
) -> None:
    audit.log(session, project, "task", task.id, changes, actor=actor, at=now)


def require_member_change(
    session: Session, project: Project, actor: str, doing: str, **params: Any
) -> None:
    access.require_member(session, project, actor, doing, **params)


def require_owner_or_lead(
    session: Session,
    project: Project,
    task: Task,
    actor: str,
    doing: str,
    *,
    field: str | None = None,
) -> None:
    """The task's owner or a project owner; others are told who can. `doing` is an
    `access.do.*` id taking the task's `ref`; `field` the modal field the refusal is about."""
    ref = f"T-{task.number}"
    require_member_change(session, project, actor, doing, ref=ref)
    if task.owner_id in (None, actor):
        return
    leads = access.owners(session, project)
    if actor in leads:
        return
    raise Denied(
        "task.only_owner_or_lead",
        field=field,
        number=task.number,
        owner=task.owner_id,
        owners=access.people(leads),
        doing=Phrase(doing, ref=ref),
    )


def require_not_canceled(task: Task) -> None:
    """A canceled task changes only by coming back (`/task reopen`) or going (`/task delete`)."""
    if task.status == "canceled":
        raise UserError(
            "task.canceled_reopen_first", f"/task reopen T-{task.number}", number=task.number
        )


def _waits_on(task: Task, waiting: list[Task]) -> Phrase:
    refs = ", ".join(f"T-{t.number}" for t in waiting)
    return Phrase("task.waits_on", number=task.number, refs=refs)


def _require_not_done(task: Task) -> None:
    if task.status == "done":
        raise UserError(
            "task.done_reopen_first", f"/task reopen T-{task.number}", number=task.number
        )


def _users(task: Task, *more: str | None) -> set[str]:
    return {u for u in (task.owner_id, *more) if u}


def assign(
    session: Session, project: Project, task: Task, *, owner: str, actor: str, now: datetime
) -> Changed:
    """Give the task to another member."""
    require_owner_or_lead(session, project, task, actor, "access.do.reassign_task", field="owner")
    require_not_canceled(task)
    access.require_assignable(session, project, owner)
    old = task.owner_id
    task.owner_id = owner
    record_change(session, project, task, actor, now, owner=(old, owner))
    return Changed(task, users=_users(task, old))


def start(session: Session, project: Project, task: Task, *, actor: str, now: datetime) -> Changed:
    """Mark work begun; warns when a predecessor is still open."""
    require_member_change(session, project, actor, "access.do.start_tasks")
    require_not_canceled(task)
    _require_not_done(task)
    if task.status == "blocked":
        raise UserError(
            "task.blocked_unblock_first",
            f"/task unblock T-{task.number}",
            number=task.number,
            reason=task.blocked_reason or "",
        )
    if task.status == "in_progress":
        raise UserError(
            "task.already_in_progress", f"/task progress T-{task.number} 50%", number=task.number
        )
    notes = []
    waiting = open_predecessors(session, task)
    if waiting:
        notes.append(_waits_on(task, waiting))
    old = task.status
    task.status = "in_progress"
    task.started_at = task.started_at or now
    record_change(session, project, task, actor, now, status=(old, "in_progress"))
    return Changed(task, notes, _users(task))


def progress(
    session: Session, project: Project, task: Task, *, percent: int, actor: str, now: datetime
) -> Changed:
    """Set progress; 100 % finishes the task, more than 0 % starts it."""
    require_member_change(session, project, actor, "access.do.update_progress")
    require_not_canceled(task)
    if not 0 <= percent <= 100:
        raise UserError(
            "task.progress_range", f"/task progress T-{task.number} 60%", percent=percent
        )
    _require_not_done(task)
    if percent == 100:
        changed = done(session, project, task, actor=actor, now=now)
        return changed
    old, old_status = task.progress, task.status
    task.progress = percent
    notes = []
    if percent > 0 and task.status == "open":
        task.status = "in_progress"
        task.started_at = task.started_at or now
        waiting = open_predecessors(session, task)
        if waiting:
            notes.append(_waits_on(task, waiting))
    record_change(
        session,
        project,
        task,
        actor,
        now,
        progress=(old, percent),
        status=(old_status, task.status),
    )
    return Changed(task, notes, _users(task))


def done(session: Session, project: Project, task: Task, *, actor: str, now: datetime) -> Changed:
    """Finish the task."""
    require_member_change(session, project, actor, "access.do.finish_tasks")
    require_not_canceled(task)
    if task.status == "done":
        raise UserError("task.already_done", number=task.number)
    old, old_progress = task.status, task.progress
    task.status, task.progress, task.done_at = "done", 100, now
    task.blocked_reason = task.blocked_at = None
    task.started_at = task.started_at or now
    record_change(
        session, project, task, actor, now, status=(old, "done"), progress=(old_progress, 100)
    )
    return Changed(task, users=_users(task))


def reopen(session: Session, project: Project, task: Task, *, actor: str, now: datetime) -> Changed:
    """Take a done task back into work (counted for the quality part of the report)."""
    require_member_change(session, project, actor, "access.do.reopen_tasks")
    if task.status != "done":
        raise UserError("task.not_done", number=task.number)
    task.status = "in_progress"
    task.progress = min(task.progress, 90)
    task.done_at = None
    task.reopened_count += 1
    record_change(
        session,
        project,
        task,
        actor,
        now,
        status=("done", "in_progress"),
        progress=(100, task.progress),
        reopened=(task.reopened_count - 1, task.reopened_count),
    )
    return Changed(task, users=_users(task))


def block(
    session: Session, project: Project, task: Task, *, reason: str, actor: str, now: datetime
) -> Changed:
    """Mark the task blocked, with the reason."""
    require_member_change(session, project, actor, "access.do.block_tasks")
    require_not_canceled(task)
    reason = " ".join(reason.split())
    if not reason:
        raise UserError(
            "task.block_reason_missing", f'/task block T-{task.number} "waiting for the API keys"'
        )
    if len(reason) > REASON_MAX:
        raise UserError("task.reason_too_long", max=REASON_MAX)
    _require_not_done(task)
    old, old_reason = task.status, task.blocked_reason
    task.status, task.blocked_reason = "blocked", reason
    task.blocked_at = task.blocked_at if old == "blocked" else now
    record_change(
        session, project, task, actor, now, status=(old, "blocked"), blocked=(old_reason, reason)
    )
    return Changed(task, users=_users(task))


def unblock(
    session: Session, project: Project, task: Task, *, actor: str, now: datetime
) -> Changed:
    """Clear the block; the task goes back to where it was."""
    require_member_change(session, project, actor, "access.do.unblock_tasks")
    if task.status != "blocked":
        raise UserError("task.not_blocked", number=task.number)
    new = "in_progress" if task.started_at or task.progress else "open"
    record_change(
        session,
        project,
        task,
        actor,
        now,
        status=("blocked", new),
        blocked=(task.blocked_reason, None),
    )
    task.status, task.blocked_reason, task.blocked_at = new, None, None
    return Changed(task, users=_users(task))


def set_due(
    session: Session,
    project: Project,
    task: Task,
    *,
    due: date,
    actor: str,
    now: datetime,
    today: date,
) -> Changed:
    """Move the due date; after a baseline the slip against it is recorded in days."""
    require_owner_or_lead(session, project, task, actor, "access.do.move_due", field="due")
    require_not_canceled(task)
    if task.start_date and due < task.start_date:
        raise UserError(
            "task.due_before_its_start",
            field="due",
            due=due,
            number=task.number,
            start=task.start_date,
        )
    old = task.due_date
    task.due_date = due
    changes: dict[str, tuple[Any, Any]] = {"due": (old, due)}
    notes = []
    if task.baseline_due is not None:
        before = (old - task.baseline_due).days if old else None
        slip = (due - task.baseline_due).days
        changes["slip_days"] = (before, slip)
        if slip:
            key = "task.slipped" if slip > 0 else "task.ahead"
            notes.append(Phrase(key, n=abs(slip), baseline=task.baseline_due))
    if due < today and task.status != "done":
        notes.append(Phrase("task.overdue_at_once", due=due, number=task.number))
    notes += plan_dates.after_end(project, due, f"T-{task.number}")
    notes += out_of_order(session, task)
    record_change(session, project, task, actor, now, **changes)
    return Changed(task, notes, _users(task))


def log_effort(
    session: Session, project: Project, task: Task, *, hours: float, actor: str, now: datetime
) -> Changed:
    """Record hours spent: the actual cost earned value compares against."""
    require_member_change(session, project, actor, "access.do.log_effort")
    require_not_canceled(task)
    if hours <= 0:
        raise UserError("task.log_positive", f"/task log T-{task.number} 3h")
    old = task.spent_hours or 0.0
    task.spent_hours = old + hours
    session.add(
        EffortEntry(
            team_id=project.team_id,
            project_id=project.id,
            task_id=task.id,
            user_id=actor,
            hours=hours,
            at=now,
        )
    )
    record_change(session, project, task, actor, now, spent=(old, task.spent_hours))
    return Changed(task, users=_users(task))
