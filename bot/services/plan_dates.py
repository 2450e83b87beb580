"""Dates that fall outside a project's span: accepted, since plans change, but said out loud."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import Mrkdwn, Phrase
from bot.store.models import TASK_CLOSED, Milestone, Project, Task

SHOWN = 5  # refs named in the note; the rest are counted


def after_end(project: Project, due: date | None, ref: str) -> list[Phrase]:
    """The note for a task or milestone (`ref`) due after the project's end date; none otherwise."""
    if due is None or project.end_date is None or due <= project.end_date:
        return []
    return [Phrase("plan.after_end", ref=ref, due=due, key=project.key, end=project.end_date)]


def due_after_end(session: Session, project: Project) -> list[Phrase]:
    """The note for an end date just moved: the open tasks and milestones not done that are now
    due after it, how many and the first few (soonest first); none if there are none."""
    end = project.end_date
    if end is None:
        return []
    tasks = session.execute(
        select(Task.number, Task.due_date).where(
            Task.project_id == project.id, Task.status.not_in(TASK_CLOSED), Task.due_date > end
        )
    ).all()
    milestones = session.execute(
        select(Milestone.number, Milestone.due_date).where(
            Milestone.project_id == project.id,
            Milestone.done_at.is_(None),
            Milestone.due_date > end,
        )
    ).all()
    found = sorted(
        [(due, 0, f"T-{n}") for n, due in tasks] + [(due, 1, f"M-{n}") for n, due in milestones]
    )
    if not found:
        return []
    refs = Mrkdwn(", ".join(f"`{ref}`" for _, _, ref in found[:SHOWN]))
    more = len(found) - SHOWN
    key = "plan.due_after_new_end_more" if more > 0 else "plan.due_after_new_end"
    return [Phrase(key, n=len(found), refs=refs, more=max(more, 0), key=project.key, end=end)]
