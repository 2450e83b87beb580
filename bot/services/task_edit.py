"""Fixing a task's details, canceling it (kept in history, out of progress) and deleting it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.errors import Denied, UserError
from bot.services import access, audit
from bot.services.task_changes import (
    REASON_MAX,
    Changed,
    assign,
    record_change,
    reopen,
    require_member_change,
    require_not_canceled,
    require_owner_or_lead,
    set_due,
)
from bot.services.task_deps import successors
from bot.services.tasks import (
    check_dates,
    check_estimate,
    check_priority,
    milestone_of,
    validate_title,
)
from bot.store.models import (
    Blocker,
    Claim,
    CostEntry,
    EffortEntry,
    Milestone,
    Project,
    Task,
)
from bot.views.task import Deleted, Deletion


class Unset:
    """A field the edit leaves as it is (None means "clear it")."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = Unset()


@dataclass
class TaskEdit:
    """What to change; every field left UNSET stays as it is."""

    title: Any = UNSET  # str
    owner: Any = UNSET  # str
    start: Any = UNSET  # date | None
    due: Any = UNSET  # date | None
    estimate: Any = UNSET  # float | None
    priority: Any = UNSET  # str
    milestone: Any = UNSET  # milestone number | None

    def given(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not UNSET}


@dataclass
class Edited(Changed):
    """The change, and the fields it changed with their new values (None: cleared), in order."""

    fields: list[tuple[str, Any]] = field(default_factory=list)


def edit(
    session: Session,
    project: Project,
    task: Task,
    spec: TaskEdit,
    *,
    actor: str,
    now: datetime,
    today: date,
) -> Edited:
    """Apply every change of `spec` or none: all is checked before the first field is written
    (and a refusal rolls back the caller's transaction).

    The owner and the due date change by the rules of `/task assign` and `/task due` (the task's
    owner or a project owner; a due change records its slip against the baseline).
    """
    require_member_change(session, project, actor, "access.do.edit_tasks")
    require_not_canceled(task)
    given = spec.given()
    title = validate_title(given["title"]) if "title" in given else task.title
    if "priority" in given:
        check_priority(given["priority"])
    estimate = given.get("estimate", task.estimate_hours)
    check_estimate(estimate)
    milestone: Milestone | None = None
    if given.get("milestone") is not None:
        milestone = milestone_of(session, project, given["milestone"])
    start = given.get("start", task.start_date)
    due = given.get("due", task.due_date)
    check_dates(start, due)
    new_owner = given.get("owner") or task.owner_id
    new_due = "due" in given and due != task.due_date
    if new_due:
        require_owner_or_lead(session, project, task, actor, "access.do.move_due", field="due")
    if new_owner != task.owner_id:
        require_owner_or_lead(session, project, task, actor, "access.do.reassign_task", field="owner")  # fmt: skip
        access.require_assignable(session, project, new_owner)

    out = Edited(task, users={u for u in (task.owner_id,) if u})
    plain: dict[str, tuple[Any, Any]] = {}
    if title != task.title:
        plain["title"] = (task.title, title)
        task.title = title
        out.fields.append(("title", title))
    if "estimate" in given and estimate != task.estimate_hours:
        plain["estimate"] = (task.estimate_hours, estimate)
        task.estimate_hours = estimate
        out.fields.append(("estimate", estimate))
    if "priority" in given and given["priority"] != task.priority:
        plain["priority"] = (task.priority, given["priority"])
        task.priority = given["priority"]
        out.fields.append(("priority", task.priority))
    new_ms = milestone.id if milestone else None
    if "milestone" in given and new_ms != task.milestone_id:
        old_ms = session.get(Milestone, task.milestone_id) if task.milestone_id else None
        plain["milestone"] = (
            f"M-{old_ms.number}" if old_ms else None,
            f"M-{milestone.number}" if milestone else None,
        )
        task.milestone_id = new_ms
        out.fields.append(("milestone", plain["milestone"][1]))
    if "start" in given and start != task.start_date:
        plain["start"] = (task.start_date, start)
        task.start_date = start
        out.fields.append(("start", start))
    if plain:
        record_change(session, project, task, actor, now, **plain)
    if new_due:
        if due is None:
            record_change(session, project, task, actor, now, due=(task.due_date, None))
            task.due_date = None
        else:
            moved = set_due(session, project, task, due=due, actor=actor, now=now, today=today)
            out.notes += moved.notes
        out.fields.append(("due", due))
    # Last: the due date moves by the rule of the owner it had when the edit was asked.
    if new_owner != task.owner_id:
        out.users |= assign(session, project, task, owner=new_owner, actor=actor, now=now).users
        out.fields.append(("owner", new_owner))
    return out


def cancel(
    session: Session, project: Project, task: Task, *, reason: str, actor: str, now: datetime
) -> Changed:
    """Take the task out of the plan (progress, earned value, open lists), keeping its history."""
    require_owner_or_lead(session, project, task, actor, "access.do.cancel_task")
    reason = " ".join(reason.split())
    if len(reason) > REASON_MAX:
        raise UserError("task.reason_too_long", max=REASON_MAX)
    if task.status == "canceled":
        raise UserError(
            "task.already_canceled", f"/task reopen T-{task.number}", number=task.number
        )
    if task.status == "done":
        raise UserError("task.done_not_cancel", f"/task reopen T-{task.number}", number=task.number)
    record_change(
        session, project, task, actor, now,
        status=(task.status, "canceled"),
        blocked=(task.blocked_reason, None),
        cancel_reason=(None, reason or None),
    )  # fmt: skip
    task.status, task.blocked_reason, task.blocked_at = "canceled", None, None
    return Changed(task, users={u for u in (task.owner_id,) if u})


def restore(session: Session, project: Project, task: Task, *, actor: str, now: datetime) -> Changed:  # fmt: skip
    """A canceled task back into the plan: in progress if work had begun, else open."""
    require_member_change(session, project, actor, "access.do.reopen_tasks")
    new = "in_progress" if task.started_at or task.progress else "open"
    record_change(session, project, task, actor, now, status=("canceled", new))
    task.status = new
    return Changed(task, users={u for u in (task.owner_id,) if u})


def reopen_any(session: Session, project: Project, task: Task, *, actor: str, now: datetime) -> Changed:  # fmt: skip
    """`/task reopen`: a canceled task comes back; a done one is taken back into work."""
    if task.status == "canceled":
        return restore(session, project, task, actor=actor, now=now)
    return reopen(session, project, task, actor=actor, now=now)


def check_delete(session: Session, project: Project, task: Task, actor: str) -> Deletion:
    """Only its creator or a project owner, and only a task with no logged hours and no dependants."""
    ref = f"T-{task.number}"
    require_member_change(session, project, actor, "access.do.delete_task", ref=ref)
    owners = access.owners(session, project)
    if actor != task.created_by and actor not in owners:
        raise Denied(
            "task.only_creator_or_lead",
            ref=ref,
            creator=task.created_by,
            owners=access.people(owners),
        )
    logged = session.scalar(
        select(func.coalesce(func.sum(EffortEntry.hours), 0.0)).where(EffortEntry.task_id == task.id)
    )  # fmt: skip
    logged = max(float(logged or 0), task.spent_hours or 0.0)
    if logged > 0:
        # The message names `/task cancel`: no example repeats it.
        raise UserError("task.has_hours", ref=ref, hours=logged)
    waiting = successors(session, task)
    if waiting:
        refs = ", ".join(f"T-{t.number}" for t in waiting)
        raise UserError("task.has_dependants", refs=refs, ref=ref, n=len(waiting))
    claims = session.scalars(
        select(Claim.number).where(Claim.task_id == task.id).order_by(Claim.number)
    )
    blockers = session.scalar(select(func.count()).where(Blocker.task_id == task.id))
    costs = session.scalar(select(func.count()).where(CostEntry.task_id == task.id))
    return Deletion(list(claims), blockers or 0, costs or 0)


def delete(session: Session, project: Project, task: Task, *, actor: str, now: datetime) -> Deleted:  # fmt: skip
    """Remove the task: its own dependency rows go with it; claims, blockers and costs stay, detached."""
    left = check_delete(session, project, task, actor)
    gone = Deleted(
        task.number, task.title, task.owner_id, task.created_by,
        task.message_channel, task.message_ts, left,
    )  # fmt: skip
    audit.log(
        session, project, "task", task.id,
        {"deleted": (f"T-{task.number} {task.title}", None)}, actor=actor, at=now,
    )  # fmt: skip
    # The foreign keys detach the rest (SET NULL) and drop its own `after:` rows (CASCADE).
    session.delete(task)
    session.flush()
    return gone
