"""Resources: people and things with weekly hours, what is booked of them, and each week's load.

Claims on them (booking, refusing beyond capacity, releasing) are in `resource_claims`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.errors import NotFound, UserError
from bot.i18n import Mrkdwn
from bot.services import absences
from bot.services.names import validate_name
from bot.store.models import (
    RESOURCE_KINDS,
    TASK_CLOSED,
    Claim,
    Member,
    Project,
    Resource,
    Task,
)
from bot.views.resource import LoadView, ResourceView

DAY_HOURS = 8.0
CLAIM_EXAMPLE = '/resource claim projector from:"next monday" to:"next friday" hours:16'


def working_days(start: date, end: date) -> list[date]:
    """Monday–Friday dates from start to end, both included."""
    return [
        start + timedelta(d)
        for d in range((end - start).days + 1)
        if (start + timedelta(d)).weekday() < 5
    ]


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def spread(hours: float, days: list[date]) -> dict[date, float]:
    """Hours per week when `hours` are spread evenly over `days`."""
    out: dict[date, float] = defaultdict(float)
    if not days:
        return out
    per_day = hours / len(days)
    for day in days:
        out[week_of(day)] += per_day
    return out


def get_or_make_person(session: Session, team_id: str, user_id: str, now: datetime) -> Resource:
    """A member is a person resource automatically, named by their user id."""
    resource = session.scalar(
        select(Resource).where(Resource.team_id == team_id, Resource.user_id == user_id)
    )
    if resource is None:
        capacity = session.scalar(
            select(Member.capacity_hours)
            .where(Member.team_id == team_id, Member.user_id == user_id)
            .limit(1)
        )
        resource = Resource(
            team_id=team_id,
            name=f"<@{user_id}>",
            kind="person",
            capacity_hours=capacity or 40.0,
            user_id=user_id,
            created_at=now,
        )
        session.add(resource)
        session.flush()
    return resource


def add_resource(
    session: Session, team_id: str, *, name: str, kind: str, capacity: float, now: datetime
) -> Resource:
    name = validate_name(
        name, "resource name", "/resource add projector kind:equipment capacity:40h"
    )
    if kind not in RESOURCE_KINDS:
        kinds = Mrkdwn(", ".join(f"`{k}`" for k in RESOURCE_KINDS))
        raise UserError("resource.bad_kind", "kind:room", kind=kind, kinds=kinds)
    if not 0 < capacity <= 168:
        raise UserError("resource.bad_capacity", "capacity:40h")
    if session.scalar(
        select(Resource.id).where(Resource.team_id == team_id, Resource.name == name)
    ):
        raise UserError("resource.exists", "/resource list", name=name)
    resource = Resource(
        team_id=team_id, name=name, kind=kind, capacity_hours=capacity, created_at=now
    )
    session.add(resource)
    session.flush()
    return resource


def find_resource(session: Session, team_id: str, name: str) -> Resource:
    resource = session.scalar(
        select(Resource).where(Resource.team_id == team_id, Resource.name == name)
    )
    if resource is None:
        raise NotFound(
            "resource.not_found",
            "/resource add projector kind:equipment",
            field="resource",
            name=name,
        )
    return resource


@dataclass
class Booking:
    """What already takes a resource's hours in some weeks."""

    claims: list[tuple[Claim, str]] = field(default_factory=list)
    weekly: dict[date, float] = field(default_factory=lambda: defaultdict(float))


def bookings(
    session: Session, resource_ids: Iterable[int], start: date, end: date
) -> dict[int, Booking]:
    """Active claims overlapping [start, end] per resource, with hours per week, in one query."""
    ids = list(resource_ids)
    out: dict[int, Booking] = {rid: Booking() for rid in ids}
    rows = session.execute(
        select(Claim, Project.key)
        .join(Project, Project.id == Claim.project_id)
        .where(
            Claim.resource_id.in_(ids),
            Claim.released_at.is_(None),
            Claim.start_date <= end,
            Claim.end_date >= start,
        )
        .order_by(Claim.start_date)
    )
    for claim, key in rows:
        booking = out[claim.resource_id]
        booking.claims.append((claim, key))
        for week, hours in spread(
            claim.hours, working_days(claim.start_date, claim.end_date)
        ).items():
            booking.weekly[week] += hours
    return out


def away_days(
    session: Session, team_id: str, user_ids: Iterable[str], start: date, end: date
) -> dict[str, set[date]]:
    """Working days each person is away between start and end (absences count only on working days)."""
    absent = absences.absent_days(session, team_id, list(user_ids), start, end)
    return defaultdict(
        set, {user: {d for d in days if d.weekday() < 5} for user, days in absent.items()}
    )


def weekly_capacity(resource: Resource, week: date, away: set[date]) -> float:
    """Capacity in a week, less the days its person is away."""
    days_away = sum(1 for d in away if week_of(d) == week)
    return resource.capacity_hours * (5 - days_away) / 5


def task_hours(
    estimate: float, progress: int, start: date | None, due: date, week: date, today: date
) -> float:
    """A task's hours in `week` (a Monday): from this week on, what is left of its estimate spread
    over the working days from its start (today, if that has passed or is not set) to its due
    date, and all of it this week once overdue; in a past week, its whole estimate over its
    start-to-due window, as planned. So no work lands whole on its due week, and none is lost."""
    if week < week_of(today):
        days = working_days(min(start or due, due), due) or [due]
        return spread(estimate, days).get(week, 0.0)
    left = estimate * (100 - min(max(progress, 0), 100)) / 100
    if due < today:
        return left if week == week_of(today) else 0.0
    days = working_days(max(start or today, today), due) or [due]
    return spread(left, days).get(week, 0.0)


def load(session: Session, project: Project, week: date, today: date) -> list[LoadView]:
    """Hours claimed and assigned per resource and member in a week, against capacity; a person's
    tasks count in every project of the workspace (their week is one), by `task_hours`; a closed
    project's up to the week it closed in."""
    week = week_of(week)
    end = week + timedelta(days=6)
    team = project.team_id
    members = list(
        session.scalars(
            select(Member).where(Member.project_id == project.id, Member.role != "stakeholder")
        )
    )
    resources = {r.id: r for r in session.scalars(select(Resource).where(Resource.team_id == team))}
    person_of = {r.user_id: r for r in resources.values() if r.user_id}
    booked = bookings(session, resources, week, end)
    user_ids = [m.user_id for m in members]
    away = away_days(session, team, user_ids, week, end)
    assigned: dict[str, float] = defaultdict(float)
    query = (
        select(Task.owner_id, Task.estimate_hours, Task.progress, Task.start_date, Task.due_date)
        .add_columns(Project)
        .join(Project, Project.id == Task.project_id)
    ).where(
        Task.team_id == team,
        Task.owner_id.in_(user_ids),
        Task.status.not_in(TASK_CLOSED),
        Task.estimate_hours.is_not(None),
        Task.due_date.is_not(None),
    )
    if week != week_of(today):  # this week's load holds overdue work too, a closed project's its
        query = query.where(or_(Task.due_date >= week, Project.status == "closed"))  # close week's
    for owner, est, progress, start, due, of in session.execute(query):
        # A closed project's unfinished tasks are nobody's work after its close: they count up to
        # the week it closed in, as of its close day, and in no later week.
        as_of = of.as_of(today)
        if of.status != "closed" or week <= week_of(as_of):
            assigned[owner] += task_hours(est, progress, start, due, week, as_of)
    out = []
    for m in members:
        resource = person_of.get(m.user_id)
        claimed = booked[resource.id].weekly.get(week, 0.0) if resource else 0.0
        capacity = m.capacity_hours * (5 - len(away.get(m.user_id, ()))) / 5
        who = ResourceView(f"<@{m.user_id}>", "person", m.capacity_hours, m.user_id)
        out.append(LoadView(who, claimed, assigned[m.user_id], capacity))
    for rid, resource in resources.items():
        if resource.user_id is None:
            claimed = booked[rid].weekly.get(week, 0.0)
            out.append(LoadView(view(resource), claimed, 0.0, resource.capacity_hours))
    return out


def view(resource: Resource) -> ResourceView:
    return ResourceView(resource.name, resource.kind, resource.capacity_hours, resource.user_id)
