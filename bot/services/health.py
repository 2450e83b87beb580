"""The red/amber/green status, computed from numbers and always with a reason, and the SQL that
gathers those numbers for many projects at once. The earned-value arithmetic is `earned_value`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Date, Float, Select, bindparam, case, cast, func, select
from sqlalchemy.orm import Session

from bot.services.earned_value import (
    EarnedValue,
    TaskTotals,
    TaskValue,
    planned_share,
    totals_of,
)
from bot.services.project_settings import ProjectSettings
from bot.services.scoring import CRITICAL_SCORE
from bot.store.models import TASK_CLOSED, CostEntry, Project, Risk, Task
from bot.views.health import HealthView, Phrase


@dataclass(frozen=True)
class Health:
    status: str
    reasons: list[Phrase]
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
        """The reasons in English plain text (for callers not yet given a reader)."""
        from bot.i18n import Tr

        en = Tr("en")
        return "; ".join(en.plain(r.key, **r.kwargs) for r in self.reasons)

    def view(self) -> HealthView:
        return HealthView(self.status, tuple(self.reasons))


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
    red: list[Phrase] = []
    amber: list[Phrase] = []
    spi, cpi = ev.spi, ev.cpi
    if spi is not None:
        text = (
            Phrase.of("report.health.spi_behind", spi=f"{spi:.2f}", n=days_behind)
            if days_behind > 0
            else Phrase.of("report.health.spi", spi=f"{spi:.2f}")
        )
        (red if spi < settings.red_below else amber if spi < settings.spi_green else []).append(
            text
        )
    if cpi is not None:
        text = Phrase.of("report.health.cpi", cpi=f"{cpi:.2f}")
        (red if cpi < settings.red_below else amber if cpi < settings.cpi_green else []).append(
            text
        )
    if critical_risks:
        red.append(Phrase.of("report.health.critical_risks", n=critical_risks))
    if overdue:
        amber.append(Phrase.of("report.health.overdue", n=overdue))
    if budget and time_share is not None and budget > 0:
        share = float(spent / budget)
        if share > 1:
            red.append(Phrase.of("report.health.over_budget", share=f"{share:.0%}"))
        elif share > time_share + 0.1:
            amber.append(
                Phrase.of("report.health.burning", share=f"{share:.0%}", time=f"{time_share:.0%}")
            )
    if red:
        return Health("red", red + amber, ev, overdue, critical_risks, days_behind, spent)
    if amber:
        return Health("amber", amber, ev, overdue, critical_risks, days_behind, spent)
    if spi is None:
        on_plan = (
            Phrase.of("report.health.on_plan_none_cpi", cpi=f"{cpi:.2f}")
            if cpi is not None
            else Phrase.of("report.health.on_plan_none")
        )
    elif cpi is not None:
        on_plan = Phrase.of("report.health.on_plan_spi_cpi", spi=f"{spi:.2f}", cpi=f"{cpi:.2f}")
    else:
        on_plan = Phrase.of("report.health.on_plan_spi", spi=f"{spi:.2f}")
    return Health("green", [on_plan], ev, 0, 0, days_behind, spent)


def task_values(session: Session, project_ids: list[int]) -> dict[int, list[TaskValue]]:
    """The earned-value numbers of every task of these projects (for callers that need the rows)."""
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
                est or 0.0,
                progress,
                spent or 0.0,
                start,
                due,
                b_start,
                b_due,
                status == "done",
                status == "canceled",
            )  # fmt: skip
        )
    return out


def dialect_of(session: Session) -> str:
    """The database dialect name ("sqlite", "postgresql"): date arithmetic differs between them."""
    return session.get_bind().dialect.name


def days_between(dialect: str, later, earlier):
    """`later - earlier` in days, in SQL (SQLite keeps dates as ISO text; PostgreSQL subtracts)."""
    if dialect == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return later - earlier


def planned_share_sql(dialect: str, start, due, day):
    """`planned_share` as a SQL expression over date columns; `day` is a date-typed expression."""
    first = case((start.is_(None), due), (start > due, due), else_=start)
    return case(
        (due.is_(None), 0.0),
        (day >= due, 1.0),
        (day < first, 0.0),
        else_=cast(days_between(dialect, day, first) + 1, Float)
        / (days_between(dialect, due, first) + 1),
    )


_TODAY = bindparam("today", type_=Date)


def _task_aggregates(dialect: str) -> list:
    """BAC, PV, EV, AC, overdue and days behind as aggregates over tasks (the rules of `totals_of`)."""
    estimate = case((Task.status == "canceled", 0.0), else_=func.coalesce(Task.estimate_hours, 0.0))
    planned = case(
        (Task.baseline_due.is_not(None),
         planned_share_sql(dialect, Task.baseline_start, Task.baseline_due, _TODAY)),
        else_=planned_share_sql(dialect, Task.start_date, Task.due_date, _TODAY),
    )  # fmt: skip
    earned = case((Task.status == "done", 1.0), else_=cast(Task.progress, Float) / 100)
    is_open = Task.status.not_in(TASK_CLOSED)
    behind = case(
        (is_open & Task.baseline_due.is_not(None),
         days_between(dialect, Task.due_date, Task.baseline_due)),
    )  # fmt: skip
    return [
        func.sum(estimate),
        func.sum(estimate * planned),
        func.sum(estimate * earned),
        func.sum(func.coalesce(Task.spent_hours, 0.0)),
        func.count(case((is_open & (Task.due_date < _TODAY), 1))),
        func.max(behind),
    ]


# Built once per dialect: building these expressions costs more than running them on 100 tasks.
@functools.cache
def _per_project(dialect: str) -> Select:
    return (
        select(Task.project_id, *_task_aggregates(dialect))
        .where(Task.project_id.in_(bindparam("ids", expanding=True)))
        .group_by(Task.project_id)
    )


@functools.cache
def _with_costs(dialect: str) -> Select:
    critical = (
        select(func.count())
        .select_from(Risk)
        .where(
            Risk.project_id == Project.id,
            Risk.status == "open",
            Risk.likelihood * Risk.impact >= CRITICAL_SCORE,
        )
        .scalar_subquery()
    )
    spent = (
        select(func.coalesce(func.sum(CostEntry.amount), 0))
        .where(CostEntry.project_id == Project.id)
        .scalar_subquery()
    )
    # From projects, so one without tasks still has a row (its aggregates are NULL or 0).
    return (
        select(Project.id, *_task_aggregates(dialect), critical, spent)
        .select_from(Project)
        .outerjoin(Task, Task.project_id == Project.id)
        .where(Project.id.in_(bindparam("ids", expanding=True)))
        .group_by(Project.id)
    )


def _totals(bac, pv, ev, ac, overdue, behind) -> TaskTotals:
    # SUM over no rows is NULL; SQLite's julianday difference is a float.
    value = EarnedValue(
        bac=float(bac or 0), pv=float(pv or 0), ev=float(ev or 0), ac=float(ac or 0)
    )
    return TaskTotals(value, int(overdue or 0), max(round(behind or 0), 0))


def task_totals(session: Session, project_ids: list[int], today: date) -> dict[int, TaskTotals]:
    """TaskTotals per project, summed by the database in one statement (projects with no task omitted)."""
    rows = session.execute(
        _per_project(dialect_of(session)), {"ids": list(project_ids), "today": today}
    )
    return {pid: _totals(*numbers) for pid, *numbers in rows}


def earned_values(session: Session, project_ids: list[int], today: date) -> dict[int, EarnedValue]:
    """Earned value per project, summed by the database (the rules of `earned_value`)."""
    return {pid: t.ev for pid, t in task_totals(session, project_ids, today).items()}


def project_health(session: Session, project: Project, today: date) -> Health:
    """The status of one project as of `today` (in its own time zone), in one statement."""
    return project_healths(session, [project], lambda _: today)[project.id]


def project_healths(
    session: Session, projects: Iterable[Project], today_of: Callable[[Project], date]
) -> dict[int, Health]:
    """The status of each project on its own local day (a closed one's close day): one
    statement per distinct day."""
    by_day: dict[date, dict[int, Project]] = {}
    for project in projects:
        by_day.setdefault(project.as_of(today_of(project)), {})[project.id] = project
    out: dict[int, Health] = {}
    for today, group in by_day.items():
        rows = session.execute(
            _with_costs(dialect_of(session)), {"ids": list(group), "today": today}
        )
        for pid, *numbers, risks, money in rows:
            out[pid] = health_from(
                group[pid], _totals(*numbers), today, critical_risks=risks or 0,
                spent=Decimal(money or 0),
            )  # fmt: skip
    return out


def health_of(
    project: Project, values: list[TaskValue], today: date, *, critical_risks: int, spent: Decimal
) -> Health:
    """Health from task rows already loaded."""
    return health_from(
        project, totals_of(values, today), today, critical_risks=critical_risks, spent=spent
    )


def health_from(
    project: Project, totals: TaskTotals, today: date, *, critical_risks: int, spent: Decimal
) -> Health:
    """Health from task totals (`task_totals` gives them for many projects at once)."""
    time_share = None
    if project.start_date and project.end_date and project.end_date > project.start_date:
        time_share = planned_share(project.start_date, project.end_date, today)
    return assess(
        totals.ev,
        settings=ProjectSettings.of(project.settings),
        overdue=totals.overdue,
        critical_risks=critical_risks,
        days_behind=totals.days_behind,
        spent=spent,
        budget=project.budget,
        time_share=time_share,
    )
