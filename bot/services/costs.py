"""Money spent against a project's budget: the cost side of earned value and health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.errors import UserError
from bot.services import audit
from bot.services.tasks import get as get_task
from bot.store.models import CostEntry, Project

EXAMPLE = '/project spend 1200 "design agency" task:T-3'


@dataclass(frozen=True)
class Spent:
    entry: CostEntry
    total: Decimal
    task_number: int | None


def record_spend(
    session: Session,
    project: Project,
    *,
    actor: str,
    now: datetime,
    amount: Decimal,
    note: str,
    task_number: int | None = None,
) -> Spent:
    """Add a cost entry; returns it with the project's new total."""
    if amount <= 0:
        raise UserError("project.spend_positive", EXAMPLE, field="amount")
    note = note.strip()
    if not note:
        raise UserError("project.spend_note_missing", EXAMPLE, field="note")
    if len(note) > 300:
        raise UserError("project.spend_note_too_long", EXAMPLE, field="note", n=len(note), max=300)
    task_id = None if task_number is None else get_task(session, project, task_number).id
    entry = CostEntry(
        team_id=project.team_id,
        project_id=project.id,
        amount=amount,
        note=note,
        task_id=task_id,
        created_by=actor,
        at=now,
    )
    session.add(entry)
    session.flush()
    audit.log(session, project, "cost", entry.id, {"amount": (None, amount)}, actor=actor, at=now)
    total = session.scalar(
        select(func.coalesce(func.sum(CostEntry.amount), 0)).where(
            CostEntry.project_id == project.id
        )
    )
    return Spent(entry=entry, total=Decimal(total), task_number=task_number)
