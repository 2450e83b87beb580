"""Tasks as their surfaces show them: the view models of `bot/views/task.py`, built from rows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services import task_deps
from bot.services.task_list import COUNT_CAP, Page
from bot.store.driver import Unit, session_of
from bot.store.models import PRIORITIES, TASK_CLOSED, Change, Milestone, Project, Task
from bot.views.task import (
    Added,
    DeleteQuestion,
    Deletion,
    HistoryLine,
    ListPage,
    ListShown,
    TaskCard,
    TaskDetail,
    TaskForm,
    TaskLine,
)


def line(task: Task, today: date) -> TaskLine:
    overdue = task.status not in TASK_CLOSED and task.due_date is not None and task.due_date < today
    return TaskLine(
        id=task.id,
        number=task.number,
        title=task.title,
        owner=task.owner_id,
        status=task.status,
        progress=task.progress,
        due=task.due_date,
        overdue_days=(today - task.due_date).days if overdue and task.due_date else None,
    )


def card(
    project: Project,
    task: Task,
    today: date,
    milestone: Milestone | None,
    waits_on: tuple[str, ...] = (),
) -> TaskCard:
    return TaskCard(
        key=project.key,
        task=line(task, today),
        start=task.start_date,
        estimate=task.estimate_hours,
        spent=task.spent_hours,
        priority=task.priority,
        milestone=(milestone.number, milestone.name) if milestone else None,
        blocked_reason=task.blocked_reason if task.status == "blocked" else None,
        permalink=task.source_permalink,
        done_on=task.done_at.date() if task.done_at else None,
        waits_on=waits_on,
    )


def card_of(session: Session | Unit, project: Project, task: Task, today: date) -> TaskCard:
    """The card, with the open tasks it waits on. A unit with no session open has none to show:
    a task is given predecessors only through a session (`after:` looks them up in one)."""
    milestone = session_of(session).get(Milestone, task.milestone_id) if task.milestone_id else None  # fmt: skip
    opened = session if isinstance(session, Session) else session.opened
    waits = (
        tuple(f"T-{t.number}" for t in task_deps.open_predecessors(opened, task))
        if opened is not None and task.status not in TASK_CLOSED
        else ()
    )
    return card(project, task, today, milestone, waits)


def detail(session: Session, project: Project, task: Task, today: date) -> TaskDetail:
    changes = session.scalars(
        select(Change)
        .where(
            Change.project_id == project.id, Change.entity == "task", Change.entity_id == task.id
        )
        .order_by(Change.at.desc(), Change.id.desc())
        .limit(20)
    )
    # When each change happened on the project's clock, as everything else it shows.
    history = [HistoryLine(project.local(c.at), c.actor, c.field, c.old, c.new) for c in changes][::-1]  # fmt: skip
    waits_on = task_deps.predecessors(session, task)
    slip = (task.due_date - task.baseline_due).days if task.baseline_due and task.due_date else 0
    return TaskDetail(
        card=card_of(session, project, task, today),
        waits_on=[(f"T-{t.number}", t.title) for t in waits_on if t.status != "done"],
        after_done=[f"T-{t.number}" for t in waits_on if t.status == "done"],
        holds_up=[(f"T-{t.number}", t.title) for t in task_deps.successors(session, task)],
        baseline_due=task.baseline_due,
        slip_days=slip,
        history=history,
    )


def page(
    project: Project,
    found: Page,
    today: date,
    shown: ListShown,
    *,
    shown_before: int = 0,
    more: dict | None = None,
) -> ListPage:
    return ListPage(
        key=project.key,
        shown=shown,
        tasks=[line(t, today) for t in found.tasks],
        total=found.total,
        capped=COUNT_CAP,
        shown_before=shown_before,
        more=more,
    )


def added(project: Project, task: Task, today: date) -> Added:
    return Added(project.key, line(task, today), task.estimate_hours)


def form(
    project: Project,
    channel_id: str,
    *,
    title: str | None = None,
    permalink: str | None = None,
    task: Task | None = None,
    milestone: str | None = None,
    after: str | None = None,
) -> TaskForm:
    """The modal's fields: new, or `task`'s filled in (with its milestone's ref and the refs
    it waits on)."""
    base = TaskForm(project.id, project.key, channel_id, title, permalink, priorities=PRIORITIES)
    if task is None:
        return base
    return TaskForm(
        project.id,
        project.key,
        channel_id,
        task.title,
        permalink,
        task_id=task.id,
        number=task.number,
        owner=task.owner_id,
        start=task.start_date,
        due=task.due_date,
        estimate=task.estimate_hours,
        priority=task.priority,
        priorities=PRIORITIES,
        milestone=milestone,
        after=after,
    )


def delete_question(project: Project, task: Task, left: Deletion) -> DeleteQuestion:
    return DeleteQuestion(project.key, task.id, task.number, task.title, left)
