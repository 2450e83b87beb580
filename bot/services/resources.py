"""Resources and claims: hours per week, spread over working days; double bookings refused, people flagged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import NotFound, UserError
from bot.format import hours as fmt_hours
from bot.format import plain_hours
from bot.grammar import escape_mrkdwn
from bot.services import absences, audit
from bot.services.projects import next_number, validate_name
from bot.services.tasks import get as get_task
from bot.store.db import hold_writes
from bot.store.models import (
    RESOURCE_KINDS,
    TASK_CLOSED,
    Claim,
    Member,
    Project,
    Resource,
    Task,
)

DAY_HOURS = 8.0
CLAIM_EXAMPLE = "/resource claim projector from:2026-12-07 to:2026-12-11 hours:16"


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
        raise UserError(
            f"`{kind}` is not a kind; use one of {', '.join(RESOURCE_KINDS)}.", "kind:room"
        )
    if not 0 < capacity <= 168:
        raise UserError("Capacity is hours per week, more than 0 and at most 168.", "capacity:40h")
    if session.scalar(
        select(Resource.id).where(Resource.team_id == team_id, Resource.name == name)
    ):
        raise UserError(
            f"A resource named *{escape_mrkdwn(name)}* exists already.", "/resource list"
        )
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
            f"There is no resource named *{escape_mrkdwn(name)}*. Add it first.",
            "/resource add projector kind:equipment",
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


@dataclass
class ClaimResult:
    claim: Claim
    over: dict[date, float]
    task_number: int | None = None


class Refused(UserError):
    """A claim that would take a resource beyond its capacity."""


def claim(
    session: Session,
    project: Project,
    resource: Resource,
    *,
    actor: str,
    now: datetime,
    start: date,
    end: date,
    hours: float | None,
    task_number: int | None,
) -> ClaimResult:
    """Claim hours of a resource over a window; refused beyond capacity, except people (flagged)."""
    if end < start:
        raise UserError(f"The window ends ({end}) before it starts ({start}).", CLAIM_EXAMPLE)
    days = working_days(start, end)
    if not days:
        raise UserError("That window has no working days (Monday–Friday).", CLAIM_EXAMPLE)
    if hours is None:
        hours = min(
            len(days) * DAY_HOURS,
            sum(resource.capacity_hours * n / 5 for n in _days_per_week(days).values()),
        )
    if hours <= 0:
        raise UserError("A claim needs more than 0 hours.", CLAIM_EXAMPLE)
    task_id = None if task_number is None else get_task(session, project, task_number).id
    # Two claims on one resource at once (from any project) must not both fit in what one left.
    hold_writes(session)
    session.execute(select(Resource.id).where(Resource.id == resource.id).with_for_update())
    over = _over_capacity(session, resource, start, end, spread(hours, days))
    if over and resource.kind != "person":
        raise Refused(_refusal(session, resource, start, end, hours, over))
    new = Claim(
        team_id=project.team_id,
        project_id=project.id,
        number=next_number(session, project, "next_claim"),
        resource_id=resource.id,
        task_id=task_id,
        start_date=start,
        end_date=end,
        hours=hours,
        over_allocated=bool(over),
        created_by=actor,
        created_at=now,
    )
    session.add(new)
    session.flush()
    changes = {"claimed": (None, f"{resource.name} {start}..{end} {plain_hours(hours)}h")}
    audit.log(session, project, "claim", new.id, changes, actor=actor, at=now)
    return ClaimResult(claim=new, over=over, task_number=task_number)


def _days_per_week(days: list[date]) -> dict[date, int]:
    out: dict[date, int] = defaultdict(int)
    for day in days:
        out[week_of(day)] += 1
    return out


def _over_capacity(
    session: Session, resource: Resource, start: date, end: date, wanted: dict[date, float]
) -> dict[date, float]:
    """Weeks where existing bookings plus `wanted` exceed capacity, with the total they'd reach."""
    booked = bookings(session, [resource.id], start, end)[resource.id].weekly
    away = (
        away_days(session, resource.team_id, [resource.user_id], start, end)[resource.user_id]
        if resource.user_id
        else set()
    )
    return {
        week: booked[week] + hours
        for week, hours in wanted.items()
        if booked[week] + hours > weekly_capacity(resource, week, away) + 1e-6
    }


def _refusal(
    session: Session,
    resource: Resource,
    start: date,
    end: date,
    hours: float,
    over: dict[date, float],
) -> str:
    holders = bookings(session, [resource.id], start, end)[resource.id].claims
    lines = [
        f"*{escape_mrkdwn(resource.name)}* can't take {fmt_hours(hours)} between {start} and {end}: "
        f"it has {fmt_hours(resource.capacity_hours)} a week, and the week of {min(over)} would need {fmt_hours(over[min(over)])}."
    ]
    if holders:
        lines.append(
            "Held by: "
            + "; ".join(
                f"`C-{c.number}` ({key}) <@{c.created_by}> {c.start_date}–{c.end_date}, {fmt_hours(c.hours)}"
                for c, key in holders
            )
        )
    fit = next_fit(session, resource, start, end, hours)
    lines.append(
        f"Next window that fits: {fit[0]} – {fit[1]}."
        if fit
        else "No window of that length fits in the next year."
    )
    return "\n".join(lines)


def next_fit(
    session: Session, resource: Resource, start: date, end: date, hours: float
) -> tuple[date, date] | None:
    """The first window of the same length, moved week by week, that fits within a year."""
    length = end - start
    horizon = end + timedelta(weeks=53)
    booked = bookings(session, [resource.id], start, horizon)[resource.id].weekly
    for shift in range(1, 53):
        s, e = start + timedelta(weeks=shift), end + timedelta(weeks=shift)
        wanted = spread(hours, working_days(s, e))
        if all(booked[w] + h <= resource.capacity_hours + 1e-6 for w, h in wanted.items()):
            return s, s + length
    return None


def release(session: Session, project: Project, *, number: int, actor: str, now: datetime) -> Claim:
    found = session.scalar(
        select(Claim).where(Claim.project_id == project.id, Claim.number == number)
    )
    if found is None:
        raise NotFound(f"*{project.key}* has no claim C-{number}.", "/resource list")
    if found.released_at is not None:
        raise UserError(f"C-{number} was already released.")
    found.released_at = now
    changes = {"released": (None, now.isoformat())}
    audit.log(session, project, "claim", found.id, changes, actor=actor, at=now)
    return found


def active_claims(session: Session, project: Project, today: date) -> list[tuple[Claim, Resource]]:
    return [
        (claim, resource)
        for claim, resource in session.execute(
            select(Claim, Resource)
            .join(Resource, Resource.id == Claim.resource_id)
            .where(
                Claim.project_id == project.id, Claim.released_at.is_(None), Claim.end_date >= today
            )
            .order_by(Claim.start_date, Claim.number)
        )
    ]


@dataclass(frozen=True)
class Load:
    name: str
    kind: str
    user_id: str | None
    claimed: float
    assigned: float
    capacity: float

    @property
    def total(self) -> float:
        return self.claimed + self.assigned

    @property
    def over(self) -> bool:
        return self.total > self.capacity + 1e-6


def load(session: Session, project: Project, week: date) -> list[Load]:
    """Hours claimed and assigned per resource and member in a week, against capacity."""
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
    tasks = session.execute(
        select(Task.owner_id, Task.estimate_hours, Task.start_date, Task.due_date).where(
            Task.team_id == team,
            Task.owner_id.in_(user_ids),
            Task.status.not_in(TASK_CLOSED),
            Task.estimate_hours.is_not(None),
            Task.due_date >= week,
        )
    )
    for owner, est, start, due in tasks:
        days = working_days(min(start or due, due), due) or [due]
        assigned[owner] += spread(est, days).get(week, 0.0)
    out = []
    for m in members:
        resource = person_of.get(m.user_id)
        claimed = booked[resource.id].weekly.get(week, 0.0) if resource else 0.0
        capacity = m.capacity_hours * (5 - len(away.get(m.user_id, ()))) / 5
        out.append(
            Load(f"<@{m.user_id}>", "person", m.user_id, claimed, assigned[m.user_id], capacity)
        )
    for rid, resource in resources.items():
        if resource.user_id is None:
            out.append(
                Load(
                    resource.name,
                    resource.kind,
                    None,
                    booked[rid].weekly.get(week, 0.0),
                    0.0,
                    resource.capacity_hours,
                )
            )
    return out
