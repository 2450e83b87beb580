"""The performance report: time, cost, quality, resources, people and lessons, from the records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from statistics import mean
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services import access
from bot.services.health import Health, project_health
from bot.services.report_people import Person, add_people
from bot.services.report_survey import Lesson, add_survey
from bot.services.survey import RATINGS
from bot.store.models import Project, StandupRound, Task
from bot.views.report import LessonLine, PersonLine, ReportView, ResourceLine

# The strongest contributors: how many are named, and the rule (the report states both).
TOP = 3


@dataclass
class Report:
    project: Project
    health: Health
    final: bool
    planned_end: date | None
    actual_end: date | None
    tasks_total: int
    tasks_done: int
    on_time_pct: float | None
    avg_slip_days: float | None
    spent: Decimal
    reopened: int
    standup_rounds: int
    survey_averages: dict[str, float] = field(default_factory=dict)
    responses: int = 0
    invited: int = 0
    anonymous: bool = False
    went_well: list[Lesson] = field(default_factory=list)
    to_improve: list[Lesson] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    resources: list[tuple[str, float, float]] = field(default_factory=list)

    @property
    def contributors(self) -> list[Person]:
        """The top TOP by `Person.rank` (everyone tied with the last one too), eligible people only."""
        ranked = sorted(
            (p for p in self.people if p.eligible),
            key=lambda p: (tuple(-x for x in p.rank), p.user_id),
        )
        if len(ranked) <= TOP:
            return ranked
        last = ranked[TOP - 1].rank
        return [p for i, p in enumerate(ranked) if i < TOP or p.rank == last]


def build(session: Session, project: Project, today: date) -> Report:
    """Everything the report shows, in a bounded number of queries; a closed project's as of
    its close day."""
    today = project.as_of(today)
    tz = project.zone
    # Canceled tasks are history, not work: out of the totals, on-time figures and slips.
    query = select(Task).where(Task.project_id == project.id, Task.status != "canceled")
    tasks = list(session.scalars(query))
    done = [t for t in tasks if t.status == "done"]
    on_time = [t for t in done if _on_time(t, tz)]
    slips = [(t.due_date - t.baseline_due).days for t in tasks if t.due_date and t.baseline_due]
    actual_end = project.closed_at.astimezone(tz).date() if project.closed_at else None
    if actual_end is None and done and len(done) == len(tasks):
        actual_end = max(t.done_at for t in done if t.done_at).astimezone(tz).date()
    health = project_health(session, project, today)
    report = Report(
        project=project,
        health=health,
        final=project.status == "closed",
        planned_end=project.baseline_end or project.end_date,
        actual_end=actual_end,
        tasks_total=len(tasks),
        tasks_done=len(done),
        on_time_pct=100 * len(on_time) / len(done) if done else None,
        avg_slip_days=mean(slips) if slips else None,
        spent=health.spent,
        reopened=sum(t.reopened_count for t in tasks),
        standup_rounds=session.scalar(
            select(func.count())
            .select_from(StandupRound)
            .where(StandupRound.project_id == project.id)
        )
        or 0,
    )
    add_survey(session, project, report)
    add_people(session, project, report, done, on_time, tz)
    return report


def _on_time(task: Task, tz: ZoneInfo) -> bool:
    due = task.baseline_due or task.due_date
    return due is None or (task.done_at is not None and task.done_at.astimezone(tz).date() <= due)


def _person(p: Person) -> PersonLine:
    return PersonLine(
        p.user_id,
        p.done,
        p.on_time,
        p.hours_on_time,
        p.blockers_cleared,
        p.standups_answered,
        p.hours_claimed,
        p.hours_assigned,
        p.capacity,
    )


def _lessons(given: list[Lesson]) -> tuple[LessonLine, ...]:
    return tuple(LessonLine(g.text, g.count, g.user_ids) for g in given)


def to_view(report: Report) -> ReportView:
    """The report as its message and CSV show it: plain data, nothing left to look up."""
    p, h = report.project, report.health
    return ReportView(
        key=p.key,
        name=p.name,
        final=report.final,
        closed_on=access.closed_on(p),
        health=h.view(),
        spi=h.ev.spi,
        cpi=h.ev.cpi,
        eac=h.ev.eac,
        bac=h.ev.bac,
        planned_end=report.planned_end,
        actual_end=report.actual_end,
        tasks_total=report.tasks_total,
        tasks_done=report.tasks_done,
        on_time_pct=report.on_time_pct,
        avg_slip_days=report.avg_slip_days,
        budget=p.budget,
        spent=report.spent,
        currency=p.currency,
        reopened=report.reopened,
        standup_rounds=report.standup_rounds,
        ratings=tuple((r, report.survey_averages.get(r)) for r in RATINGS),
        responses=report.responses,
        invited=report.invited,
        anonymous=report.anonymous,
        went_well=_lessons(report.went_well),
        to_improve=_lessons(report.to_improve),
        people=tuple(_person(x) for x in report.people),
        resources=tuple(ResourceLine(n, c, cap) for n, c, cap in report.resources),
        contributors=tuple(_person(x) for x in report.contributors),
        top=TOP,
    )
