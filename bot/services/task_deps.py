"""Task dependencies (`after:T-3`): cycles refused and named, open predecessors found, due dates
out of order said."""

from __future__ import annotations

from collections import deque

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.errors import UserError
from bot.i18n import Phrase
from bot.store.models import TASK_CLOSED, Task, TaskDependency


def _edges(session: Session, project_id: int) -> dict[int, list[int]]:
    """task id → the ids it waits on, for one project (dependencies never cross projects)."""
    rows = session.execute(
        select(TaskDependency.task_id, TaskDependency.depends_on_id)
        .join(Task, Task.id == TaskDependency.task_id)
        .where(Task.project_id == project_id)
    )
    out: dict[int, list[int]] = {}
    for task_id, dep in rows:
        out.setdefault(task_id, []).append(dep)
    return out


def _path(edges: dict[int, list[int]], start: int, goal: int) -> list[int] | None:
    """A chain of ids from start to goal following "waits on", or None."""
    came: dict[int, int | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path, cur = [], node
            while cur is not None:
                path.append(cur)
                cur = came[cur]
            return path[::-1]
        for nxt in edges.get(node, ()):
            if nxt not in came:
                came[nxt] = node
                queue.append(nxt)
    return None


def add_dependencies(session: Session, task: Task, predecessors: list[Task]) -> list[Task]:
    """Make `task` wait on each predecessor; a cycle is refused with its refs; returns those added."""
    if not predecessors:
        return []
    edges = _edges(session, task.project_id)
    numbers = {task.id: task.number}
    added = []
    for pred in predecessors:
        if pred.project_id != task.project_id:
            raise UserError("task.other_project", field="after")
        if pred.id == task.id:
            other = 1 if task.number != 1 else 2  # an example that is not the refused ref
            raise UserError("task.waits_on_itself", f"after:T-{other}", field="after", number=task.number)  # fmt: skip
        if pred.id in edges.get(task.id, ()):
            continue
        back = _path(edges, pred.id, task.id)
        if back is not None:
            numbers.update(_numbers(session, back))
            chain = " → ".join(f"T-{numbers[i]}" for i in [task.id, *back])
            raise UserError("task.cycle", field="after", chain=chain)  # any example could be in it
        session.add(TaskDependency(team_id=task.team_id, task_id=task.id, depends_on_id=pred.id))
        edges.setdefault(task.id, []).append(pred.id)
        added.append(pred)
    session.flush()
    return added


def remove_dependencies(session: Session, task: Task, gone: list[Task]) -> None:
    """Make `task` wait on these no more; one it does not wait on is refused, naming what it does."""
    waits = {t.id: t for t in predecessors(session, task)}
    for pred in gone:
        if pred.id in waits:
            continue
        if not waits:
            raise UserError(
                "task.not_waiting_at_all", field="remove", number=task.number, other=pred.number
            )
        listed = [f"T-{t.number}" for t in waits.values()]
        raise UserError(
            "task.not_waiting",
            f"/task depend T-{task.number} remove:{listed[0]}",
            field="remove",
            number=task.number,
            other=pred.number,
            refs=", ".join(listed),
        )
    session.execute(
        delete(TaskDependency).where(
            TaskDependency.task_id == task.id,
            TaskDependency.depends_on_id.in_([p.id for p in gone]),
        )
    )
    session.flush()


def set_dependencies(session: Session, task: Task, wanted: list[Task]) -> bool:
    """Make `task` wait on exactly `wanted` (the edit modal's field); True if that changed it."""
    current = {t.id: t for t in predecessors(session, task)}
    keep = {t.id for t in wanted}
    gone = [t for i, t in current.items() if i not in keep]
    if gone:
        remove_dependencies(session, task, gone)
    added = add_dependencies(session, task, [t for t in wanted if t.id not in current])
    return bool(gone or added)


def _numbers(session: Session, ids: list[int]) -> dict[int, int]:
    return dict(session.execute(select(Task.id, Task.number).where(Task.id.in_(ids))).all())


def predecessors(session: Session, task: Task) -> list[Task]:
    """The tasks this one waits on, by ref."""
    return list(
        session.scalars(
            select(Task)
            .join(TaskDependency, TaskDependency.depends_on_id == Task.id)
            .where(TaskDependency.task_id == task.id)
            .order_by(Task.number)
        )
    )


def successors(session: Session, task: Task) -> list[Task]:
    """The tasks that wait on this one, by ref."""
    return list(
        session.scalars(
            select(Task)
            .join(TaskDependency, TaskDependency.task_id == Task.id)
            .where(TaskDependency.depends_on_id == task.id)
            .order_by(Task.number)
        )
    )


def open_predecessors(session: Session, task: Task) -> list[Task]:
    """Predecessors not done yet (nor canceled): what blocks this task."""
    return [t for t in predecessors(session, task) if t.status not in TASK_CLOSED]


def out_of_order(session: Session, task: Task) -> list[Phrase]:
    """Notes for open work due in an order the dependencies can't keep: `task` due before a task
    it waits on, or after one that waits on it. Accepted, since plans change, but said."""
    if task.due_date is None or task.status in TASK_CLOSED:
        return []
    due, ref = task.due_date, f"T-{task.number}"
    notes = [
        Phrase(
            "task.due_before_predecessor",
            ref=ref,
            due=due,
            other=f"T-{p.number}",
            other_due=p.due_date,
        )  # fmt: skip
        for p in predecessors(session, task)
        if p.status not in TASK_CLOSED and p.due_date and p.due_date > due
    ]
    notes += [
        Phrase(
            "task.due_after_successor",
            ref=ref,
            due=due,
            other=f"T-{s.number}",
            other_due=s.due_date,
        )  # fmt: skip
        for s in successors(session, task)
        if s.status not in TASK_CLOSED and s.due_date and s.due_date < due
    ]
    return notes
