"""Tasks: creation with per-project refs, lookup, the paged list, due-soon and blocking."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, exists, insert, select, update
from sqlalchemy.orm import Session

from bot.errors import NotFound, UserError
from bot.services import access, audit, projects
from bot.services.milestones import get_milestone
from bot.services.projects import next_number
from bot.services.task_changes import block
from bot.services.task_deps import add_dependencies
from bot.store import driver, versions
from bot.store.db import Database, hold_writes
from bot.store.driver import Unit, session_of
from bot.store.models import PRIORITIES, Member, Milestone, Project, Task

TITLE_MAX = 300
ADD_EXAMPLE = '/task add "Design member schema" @alice due:"next friday" est:8h prio:high'
OPEN = ("open", "in_progress", "blocked")
# Slack's broadcast forms: <!channel>, <!here>, <!everyone>, <!subteam^…>.
BROADCAST = re.compile(r"<!([a-z^]+)[^>]*>", re.IGNORECASE)


def validate_title(title: str) -> str:
    """A title that is present, not too long and pings nobody."""
    title = " ".join(title.split())
    if not title:
        raise UserError("task.title_missing", ADD_EXAMPLE, field="title")
    if len(title) > TITLE_MAX:
        raise UserError(
            "task.title_too_long", ADD_EXAMPLE, field="title", length=len(title), max=TITLE_MAX
        )
    if m := BROADCAST.search(title):
        raise UserError("task.title_broadcast", ADD_EXAMPLE, field="title", word=m[1])
    return title


def check_priority(priority: str) -> None:
    if priority not in PRIORITIES:
        raise UserError("task.bad_priority", "prio:high", field="prio", value=priority)


def check_estimate(estimate: float | None) -> None:
    if estimate is not None and estimate < 0:
        raise UserError("task.negative_estimate", "est:8h", field="est")


def check_dates(start: date | None, due: date | None) -> None:
    if start and due and due < start:
        raise UserError(
            "task.due_before_start",
            "start:today due:friday",
            field="due",
            due=due,
            start=start,
        )


def milestone_of(session: Session, project: Project, number: int) -> Milestone:
    """Milestone M-`number`; a mistake is about the modal's milestone field."""
    try:
        return get_milestone(session, project, number)
    except UserError as exc:
        raise exc.at("milestone") from None


@dataclass
class NewTask:
    """A validated task to create; dates are calendar days in the project's zone."""

    title: str
    owner: str | None = None
    start: date | None = None
    due: date | None = None
    estimate: float | None = None
    priority: str = "normal"
    milestone: int | None = None
    after: list[int] = field(default_factory=list)
    source_permalink: str | None = None


_PROJECTS, _MEMBERS, _TASKS = Project.__table__, Member.__table__, Task.__table__
# The next `T-n`, taken only by a member who may add tasks: the membership check and the counter
# in one statement. The row stays locked until commit, so parallel adds queue here and refs stay
# dense; a rollback (any mistake found later) gives the number back.
_TAKE_NUMBER = (
    update(_PROJECTS)
    .where(
        _PROJECTS.c.id == bindparam("project"),
        exists().where(
            _MEMBERS.c.project_id == bindparam("project"),
            _MEMBERS.c.user_id == bindparam("actor"),
            _MEMBERS.c.role != "stakeholder",
        ),
    )
    .values(next_task=_PROJECTS.c.next_task + 1)
    .returning(_PROJECTS.c.next_task - 1)
)
_INSERT = insert(_TASKS).returning(_TASKS.c.id)
# Every column of a new task, so the object made from them has nothing left to load.
_COLUMNS = tuple(c.key for c in _TASKS.columns if c.key != "id")


def _take_number(target: Session | Unit, project: Project, actor: str) -> int:
    taken = driver.first(target, _TAKE_NUMBER, project=project.id, actor=actor)
    if taken is None:  # not a member, or a stakeholder: refused, with who can
        session = session_of(target)
        access.require_member(session, project, actor, "access.do.add_tasks")
        return next_number(session, project, "next_task")  # not reached: the statement agrees
    return int(taken[0])


def create(target: Session | Unit, project: Project, *, actor: str, now: datetime, spec: NewTask) -> Task:  # fmt: skip
    """Add a task with the next `T-n` of its project (`access.do.add_tasks`: members only).

    Its row is written with one prebuilt INSERT on the driver (`bot.store.driver`), not an ORM
    flush, and the Task returned is put in the session as if loaded, so later changes in the
    transaction still flush as updates. In a unit, a session is opened only for an owner, a
    milestone or `after:` tasks to look up.
    """
    number = _take_number(target, project, actor)
    title = validate_title(spec.title)
    if spec.owner:
        access.require_assignable(session_of(target), project, spec.owner)
    check_priority(spec.priority)
    check_estimate(spec.estimate)
    check_dates(spec.start, spec.due)
    milestone = milestone_of(session_of(target), project, spec.milestone) if spec.milestone else None  # fmt: skip
    try:
        predecessors = [get(session_of(target), project, n) for n in dict.fromkeys(spec.after)]
    except UserError as exc:
        raise exc.at("after") from None
    row = dict.fromkeys(_COLUMNS)
    row.update(
        team_id=project.team_id,
        project_id=project.id,
        number=number,
        title=title,
        owner_id=spec.owner,
        status="open",
        priority=spec.priority,
        start_date=spec.start,
        due_date=spec.due,
        estimate_hours=spec.estimate,
        spent_hours=0.0,
        progress=0,
        reopened_count=0,
        milestone_id=milestone.id if milestone else None,
        source_permalink=spec.source_permalink,
        created_by=actor,
        created_at=now,
    )
    [task_id] = driver.first(target, _INSERT, **row) or ()
    task = driver.persistent(target, Task, {"id": task_id, **row})
    versions.touch(target, project.id, project.team_id)  # no flush saw it
    if predecessors:
        try:
            add_dependencies(session_of(target), task, predecessors)
        except UserError as exc:
            raise exc.at("after") from None
    changes = {
        "created": (None, f"T-{number} {title}"),
        "owner": (None, spec.owner),
        "start": (None, spec.start),
        "due": (None, spec.due),
        "estimate": (None, spec.estimate),
        "priority": (None, spec.priority if spec.priority != "normal" else None),
        "milestone": (None, f"M-{milestone.number}" if milestone else None),
        "after": (None, ", ".join(f"T-{p.number}" for p in predecessors) or None),
    }
    audit.log(target, project, "task", task.id, changes, actor=actor, at=now)
    return task


def get(session: Session, project: Project, number: int, *, lock: bool = False) -> Task:
    """Task `T-number` of this project, or a NotFound; `lock` holds its row until commit."""
    query = select(Task).where(Task.project_id == project.id, Task.number == number)
    if lock:
        hold_writes(session)
    task = session.scalar(query.with_for_update() if lock else query)
    if task is None:
        raise NotFound("task.not_found", "/task list", key=project.key, number=number)
    return task


def get_by_id(
    session: Session,
    team_id: str,
    task_id: int,
    *,
    lock: bool = False,
    include_closed: bool = False,
) -> tuple[Project, Task]:
    """A task by database id (buttons carry it), only within the workspace; a closed project's
    task only with `include_closed` (to read it), as `projects.resolve`."""
    # Locked for changes, so two clicks on "+25 %" at once add 50 %, not 25 %.
    if lock:
        hold_writes(session)
    task = session.get(Task, task_id, with_for_update=lock)
    if task is None or task.team_id != team_id:
        raise NotFound("task.gone")
    return projects.get(session, team_id, task.project_id, include_closed=include_closed), task


_REMEMBER = (
    update(Task)
    .where(Task.id == bindparam("task", None), Task.team_id == bindparam("team", None))
    .values(message_channel=bindparam("channel", None), message_ts=bindparam("ts", None))
)


def remember_message(db: Database, team_id: str, task_id: int, channel: str, ts: str) -> None:
    """Where the task's card was posted, so later changes update it in place.

    One statement on the driver's connection (`Database.write_one`), on the path of every
    /task add: an ORM session cost 0.4 ms here, a SQLAlchemy connection 0.1. No answer shows
    where the card is, so no version is bumped.
    """
    db.write_one(_REMEMBER, task=task_id, team=team_id, channel=channel, ts=ts)


def tasks_due_soon(
    session: Session, project_ids: list[int], today: date, days: int = 2
) -> dict[int, list[Task]]:
    """Open tasks due by `today + days` (overdue ones included), by project, earliest first."""
    out: dict[int, list[Task]] = {pid: [] for pid in project_ids}
    if not project_ids:
        return out
    rows = session.scalars(
        select(Task)
        .where(
            Task.project_id.in_(project_ids),
            Task.status.in_(OPEN),
            Task.due_date <= today + timedelta(days=days),
        )
        .order_by(Task.due_date, Task.number)
    )
    for task in rows:
        out[task.project_id].append(task)
    return out


def members_by_role(session: Session, project: Project) -> dict[str, str]:
    """user id → role for the project's members."""
    rows = session.execute(
        select(Member.user_id, Member.role).where(Member.project_id == project.id)
    )
    return {uid: role for uid, role in rows}


def mark_blocked(
    session: Session, project: Project, task_number: int, reason: str, actor: str, now: datetime
) -> Task:
    """Block `T-task_number` with a reason (the standup summary calls this for `T-12` blockers).

    The caller refreshes the owner's App Home: `bot.home_publisher.refresh_homes(rt, team_id, [owner])`.
    """
    task = get(session, project, task_number)
    if task.status == "blocked" and task.blocked_reason == " ".join(reason.split()):
        return task
    return block(session, project, task, reason=reason, actor=actor, now=now).task
