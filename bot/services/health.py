"""Earned value and the red/amber/green status, computed from numbers and always with a reason."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services.project_settings import ProjectSettings
from bot.services.scoring import CRITICAL_SCORE
from bot.store.models import CostEntry, Project, Risk, Task


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
    """PV from the baseline dates × estimate, EV from progress × estimate, AC from logged hours."""
    bac = pv = ev = ac = 0.0
    for t in tasks:
        bac += t.estimate
        start, due = (t.baseline_start, t.baseline_due) if t.baseline_due else (t.start, t.due)
        pv += t.estimate * planned_share(start, due, today)
        ev += t.estimate * (100 if t.done else t.progress) / 100
        ac += t.spent
    return EarnedValue(bac=bac, pv=pv, ev=ev, ac=ac)


@dataclass(frozen=True)
class Health:
    status: str
    reasons: list[str]
    ev: EarnedValue
    overdue: int = 0
    critical_risks: int = 0
    days_behind: int = 0
    spent: Decimal = Decimal(0)
    details: dict[str, str] = field(default_factory=dict)

    @property
    def emoji(self) -> str:
        return {
            "green": ":large_green_circle:",
            "amber": ":large_orange_circle:",
            "red": ":red_circle:",
        }[self.status]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def assess(
    ev: EarnedValue,
    *,
    settings: ProjectSettings,
    overdue: int,
    critical_risks: int,
    days_behind: int,
    spent: Decimal,
    budget: Decimal | None,
    time_share: float | None,
) -> Health:
    """Red when SPI or CPI is under the red line or a critical risk is open; green when all clear."""
    red: list[str] = []
    amber: list[str] = []
    spi, cpi = ev.spi, ev.cpi
    if spi is not None:
        text = f"SPI {spi:.2f}" + (f", {days_behind} d behind baseline" if days_behind > 0 else "")
        (red if spi < settings.red_below else amber if spi < settings.spi_green else []).append(
            text
        )
    if cpi is not None:
        text = f"CPI {cpi:.2f}"
        (red if cpi < settings.red_below else amber if cpi < settings.cpi_green else []).append(
            text
        )
    if critical_risks:
        red.append(f"{critical_risks} critical risk{'s' if critical_risks > 1 else ''} open")
    if overdue:
        amber.append(f"{overdue} task{'s' if overdue > 1 else ''} overdue")
    if budget and time_share is not None and budget > 0:
        share = float(spent / budget)
        if share > 1:
            red.append(f"spent {share:.0%} of budget")
        elif share > time_share + 0.1:
            amber.append(f"spent {share:.0%} of budget at {time_share:.0%} of the time")
    if red:
        return Health("red", red + amber, ev, overdue, critical_risks, days_behind, spent)
    if amber:
        return Health("amber", amber, ev, overdue, critical_risks, days_behind, spent)
    on_plan = [f"SPI {spi:.2f}" if spi is not None else "no planned work due yet"]
    if cpi is not None:
        on_plan.append(f"CPI {cpi:.2f}")
    return Health("green", ["on plan: " + ", ".join(on_plan)], ev, 0, 0, days_behind, spent)


def task_values(session: Session, project_ids: list[int]) -> dict[int, list[TaskValue]]:
    """The earned-value numbers of every task of these projects, in one query."""
    rows = session.execute(
        select(
            Task.project_id,
            Task.estimate_hours,
            Task.progress,
            Task.spent_hours,
            Task.start_date,
            Task.due_date,
            Task.baseline_start,
            Task.baseline_due,
            Task.status,
        ).where(Task.project_id.in_(project_ids))
    )
    out: dict[int, list[TaskValue]] = {pid: [] for pid in project_ids}
    for pid, est, progress, spent, start, due, b_start, b_due, status in rows:
        out[pid].append(
            TaskValue(
                est or 0.0, progress, spent or 0.0, start, due, b_start, b_due, status == "done"
            )
        )
    return out


def project_health(session: Session, project: Project, today: date) -> Health:
    """The status of one project as of `today` (in its own time zone)."""
    values = task_values(session, [project.id])[project.id]
    critical = session.scalar(
        select(func.count())
        .select_from(Risk)
        .where(
            Risk.project_id == project.id,
            Risk.status == "open",
            Risk.likelihood * Risk.impact >= CRITICAL_SCORE,
        )
    )
    spent = session.scalar(
        select(func.coalesce(func.sum(CostEntry.amount), 0)).where(
            CostEntry.project_id == project.id
        )
    )
    return health_of(
        project, values, today, critical_risks=critical or 0, spent=Decimal(spent or 0)
    )


def health_of(
    project: Project, values: list[TaskValue], today: date, *, critical_risks: int, spent: Decimal
) -> Health:
    """Health from numbers already loaded (jobs load many projects at once)."""
    overdue = sum(1 for t in values if not t.done and t.due is not None and t.due < today)
    days_behind = max(
        ((t.due - t.baseline_due).days for t in values if t.due and t.baseline_due and not t.done),
        default=0,
    )
    time_share = None
    if project.start_date and project.end_date and project.end_date > project.start_date:
        time_share = planned_share(project.start_date, project.end_date, today)
    return assess(
        earned_value(values, today),
        settings=ProjectSettings.of(project.settings),
        overdue=overdue,
        critical_risks=critical_risks,
        days_behind=max(days_behind, 0),
        spent=spent,
        budget=project.budget,
        time_share=time_share,
    )
