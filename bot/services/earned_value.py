"""Earned value from task numbers: planned, earned and actual hours, SPI and CPI, and the totals
health reads (overdue tasks, days behind the baseline). Plain arithmetic; `health` runs the same in SQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TaskValue:
    """The numbers of one task that earned value needs."""

    estimate: float
    progress: int
    spent: float
    start: date | None
    due: date | None
    baseline_start: date | None
    baseline_due: date | None
    done: bool
    canceled: bool = False


@dataclass(frozen=True)
class EarnedValue:
    bac: float
    pv: float
    ev: float
    ac: float

    @property
    def spi(self) -> float | None:
        return self.ev / self.pv if self.pv else None

    @property
    def cpi(self) -> float | None:
        return self.ev / self.ac if self.ac else None

    @property
    def eac(self) -> float | None:
        cpi = self.cpi
        return self.bac / cpi if cpi else None

    @property
    def percent_complete(self) -> int:
        return round(100 * self.ev / self.bac) if self.bac else 0


def planned_share(start: date | None, due: date | None, today: date) -> float:
    """The share of a task's window that has passed by the end of `today` (0–1)."""
    if due is None:
        return 0.0
    start = min(start or due, due)
    if today >= due:
        return 1.0
    if today < start:
        return 0.0
    return ((today - start).days + 1) / ((due - start).days + 1)


def earned_value(tasks: Iterable[TaskValue], today: date) -> EarnedValue:
    """PV from the baseline dates × estimate, EV from progress × estimate, AC from logged hours.

    A canceled task adds nothing to BAC, PV or EV; the hours logged on it were spent, so AC keeps them.
    """
    bac = pv = ev = ac = 0.0
    for t in tasks:
        ac += t.spent
        if t.canceled:
            continue
        bac += t.estimate
        start, due = (t.baseline_start, t.baseline_due) if t.baseline_due else (t.start, t.due)
        pv += t.estimate * planned_share(start, due, today)
        ev += t.estimate * (100 if t.done else t.progress) / 100
    return EarnedValue(bac=bac, pv=pv, ev=ev, ac=ac)


@dataclass(frozen=True)
class TaskTotals:
    """What health reads from a project's tasks: earned value, open tasks overdue, days behind."""

    ev: EarnedValue
    overdue: int = 0
    days_behind: int = 0


def totals_of(values: Iterable[TaskValue], today: date) -> TaskTotals:
    """TaskTotals from rows already loaded (the reference the SQL in `task_totals` follows)."""
    values = list(values)
    live = [t for t in values if not t.done and not t.canceled]
    overdue = sum(1 for t in live if t.due is not None and t.due < today)
    days_behind = max(
        ((t.due - t.baseline_due).days for t in live if t.due and t.baseline_due), default=0
    )
    return TaskTotals(earned_value(values, today), overdue, max(days_behind, 0))
