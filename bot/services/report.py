"""The performance report: time, cost, quality, resources, people and lessons, from the records."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from statistics import mean
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services import access, resources
from bot.services.health import Health, project_health
from bot.services.project_settings import ProjectSettings
from bot.services.survey import RATINGS
from bot.store.models import (
    Blocker,
    Claim,
    Member,
    Project,
    StandupReply,
    StandupRound,
    Survey,
    SurveyResponse,
    Task,
)
from bot.views.report import LessonLine, PersonLine, ReportView, ResourceLine

# The strongest contributors: how many are named, and the rule (the report states both).
TOP = 3


@dataclass
class Person:
    user_id: str
    done: int = 0
    on_time: int = 0
    hours_on_time: float = 0.0
    blockers_cleared: int = 0
    standups_answered: int = 0
    hours_assigned: float = 0.0
    hours_claimed: float = 0.0
    capacity: float = 0.0

    @property
    def rank(self) -> tuple[float, int, int]:
        """Estimated hours finished on time, then blockers cleared, then standup answers."""
        return (round(self.hours_on_time, 1), self.blockers_cleared, self.standups_answered)

    @property
    def eligible(self) -> bool:
        """Only someone who finished work or cleared a blocker can be named."""
        return self.done > 0 or self.blockers_cleared > 0


@dataclass(frozen=True)
class Lesson:
    """One text answer as given (first spelling), how many gave it, and who (none when anonymous)."""

    text: str
    count: int
    user_ids: tuple[str, ...] = ()


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
    """Everything the report shows, in a bounded number of queries."""
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
    _survey(session, project, report)
    _people(session, project, report, done, on_time, tz)
    return report


def _on_time(task: Task, tz: ZoneInfo) -> bool:
    due = task.baseline_due or task.due_date
    return due is None or (task.done_at is not None and task.done_at.astimezone(tz).date() <= due)


def _survey(session: Session, project: Project, report: Report) -> None:
    survey = session.scalar(select(Survey).where(Survey.project_id == project.id))
    if survey is None:
        return
    answers = list(
        session.scalars(
            select(SurveyResponse)
            .where(SurveyResponse.survey_id == survey.id)
            .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
        )
    )
    report.responses = len(answers)
    report.invited = (
        session.scalar(
            select(func.count())
            .select_from(Member)
            .where(Member.project_id == project.id, Member.role != "stakeholder")
        )
        or 0
    )
    if answers:
        report.survey_averages = {r: mean(getattr(a, r) for a in answers) for r in RATINGS}
    report.anonymous = ProjectSettings.of(project.settings).survey == "anonymous"
    report.went_well = lessons([(a.user_id, a.went_well) for a in answers], report.anonymous)
    report.to_improve = lessons([(a.user_id, a.to_improve) for a in answers], report.anonymous)


def _people(
    session: Session,
    project: Project,
    report: Report,
    done: list[Task],
    on_time: list[Task],
    tz: ZoneInfo,
) -> None:
    members = list(
        session.scalars(
            select(Member).where(Member.project_id == project.id, Member.role != "stakeholder")
        )
    )
    people = {m.user_id: Person(m.user_id) for m in members}
    for task in done:
        if task.owner_id in people:
            people[task.owner_id].done += 1
    for task in on_time:
        if task.owner_id in people:
            people[task.owner_id].on_time += 1
            people[task.owner_id].hours_on_time += task.estimate_hours or 0.0
    cleared = session.execute(
        select(Blocker.user_id, func.count())
        .where(Blocker.project_id == project.id, Blocker.cleared_on.is_not(None))
        .group_by(Blocker.user_id)
    )
    for user_id, n in cleared:
        if user_id in people:
            people[user_id].blockers_cleared = n
    answered = session.execute(
        select(StandupReply.user_id, func.count(func.distinct(StandupReply.round_id)))
        .join(StandupRound, StandupRound.id == StandupReply.round_id)
        .where(StandupRound.project_id == project.id)
        .group_by(StandupReply.user_id)
    )
    for user_id, n in answered:
        if user_id in people:
            people[user_id].standups_answered = n
    _resource_use(session, project, report, people, members)
    report.people = sorted(people.values(), key=lambda p: p.user_id)


def _resource_use(
    session: Session,
    project: Project,
    report: Report,
    people: dict[str, Person],
    members: list[Member],
) -> None:
    """Hours claimed and assigned against capacity over the project's window."""
    claims = list(
        session.scalars(
            select(Claim).where(Claim.project_id == project.id, Claim.released_at.is_(None))
        )
    )
    estimates = session.execute(
        select(Task.owner_id, func.coalesce(func.sum(Task.estimate_hours), 0))
        .where(Task.project_id == project.id, Task.owner_id.is_not(None))
        .group_by(Task.owner_id)
    )
    for owner, hours in estimates:
        if owner in people:
            people[owner].hours_assigned = float(hours)
    start = project.start_date or min((c.start_date for c in claims), default=None)
    end = project.end_date or max((c.end_date for c in claims), default=None)
    weeks = len(resources.working_days(start, end)) / 5 if start and end and end >= start else 0
    for m in members:
        people[m.user_id].capacity = m.capacity_hours * weeks
    by_resource: dict[int, float] = defaultdict(float)
    for claim in claims:
        by_resource[claim.resource_id] += claim.hours
    if not by_resource:
        return
    from bot.store.models import Resource

    for resource in session.scalars(select(Resource).where(Resource.id.in_(list(by_resource)))):
        if resource.user_id and resource.user_id in people:
            people[resource.user_id].hours_claimed += by_resource[resource.id]
        else:
            report.resources.append(
                (resource.name, by_resource[resource.id], resource.capacity_hours * weeks)
            )


def lessons(answers: list[tuple[str, str | None]], anonymous: bool) -> list[Lesson]:
    """Identical answers (trimmed, case-folded) once, with a count; most given first."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for user_id, text in answers:
        shown = " ".join((text or "").split())
        if shown:
            groups.setdefault(shown.casefold(), []).append((user_id, shown))
    ordered = sorted(groups.values(), key=len, reverse=True)  # stable: first given first
    return [
        Lesson(
            text=given[0][1],
            count=len(given),
            user_ids=() if anonymous else tuple(dict.fromkeys(u for u, _ in given)),
        )
        for given in ordered
    ]


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
