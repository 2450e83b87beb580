"""Resources and claims: hours per week, spread over working days; double bookings refused, people flagged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import NotFound, UserError
from bot.format import plain_hours
from bot.i18n import Mrkdwn, Phrase
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
from bot.views.resource import ClaimView, LoadView, ResourceView

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


@dataclass
class ClaimResult:
    claim: Claim
    over: dict[date, float]
    task_number: int | None = None


class Refused(UserError):
    """A claim that would take a resource beyond its capacity: who holds it, and what fits.

    `fit` is the next window that fits (or that none does), what a modal shows under its field.
    """

    def __init__(self, fit: Phrase, **params: object) -> None:
        super().__init__("resource.refused", fit=fit, **params)
        self.fit = fit

    def fit_error(self, field: str) -> UserError:
        """What fits, alone, as the mistake shown under a modal field."""
        return UserError(self.fit.key, field=field, **self.fit.params)


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
        raise UserError(
            "resource.window_backwards", CLAIM_EXAMPLE, field="to", start=start, end=end
        )
    days = working_days(start, end)
    if not days:
        raise UserError("resource.no_working_days", CLAIM_EXAMPLE, field="from")
    if hours is None:
        hours = min(
            len(days) * DAY_HOURS,
            sum(resource.capacity_hours * n / 5 for n in _days_per_week(days).values()),
        )
    if hours <= 0:
        raise UserError("resource.no_hours", CLAIM_EXAMPLE, field="hours")
    try:
        task_id = None if task_number is None else get_task(session, project, task_number).id
    except UserError as exc:
        raise exc.at("task") from None
    # Two claims on one resource at once (from any project) must not both fit in what one left.
    hold_writes(session)
    session.execute(select(Resource.id).where(Resource.id == resource.id).with_for_update())
    over = _over_capacity(session, resource, start, end, spread(hours, days))
    if over and resource.kind != "person":
        raise _refusal(session, resource, start, end, hours, over)
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
) -> Refused:
    holders = bookings(session, [resource.id], start, end)[resource.id].claims
    held: Phrase | Mrkdwn = Mrkdwn("")
    if holders:
        lines = [
            Phrase(
                "resource.holder",
                number=c.number,
                key=key,
                user=c.created_by,
                start=c.start_date,
                end=c.end_date,
                hours=float(c.hours),
            )
            for c, key in holders
        ]
        held = Phrase("resource.held_by", holders=_joined(lines))
    fit = next_fit(session, resource, start, end, hours)
    week = min(over)
    return Refused(
        Phrase("resource.next_fit", start=fit[0], end=fit[1]) if fit else Phrase("resource.no_fit"),
        name=Mrkdwn(f"<@{resource.user_id}>") if resource.user_id else resource.name,
        hours=float(hours),
        start=start,
        end=end,
        capacity=float(resource.capacity_hours),
        week=week,
        need=float(over[week]),
        held=held,
    )


def _joined(items: list[Phrase]) -> Phrase:
    """Several phrases as one list (`a; b; c`), in the reader's separator."""
    if len(items) == 1:
        return items[0]
    return Phrase("resource.and", first=items[0], rest=_joined(items[1:]))


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
        raise NotFound("resource.claim_not_found", "/resource list", key=project.key, number=number)
    if found.released_at is not None:
        raise UserError("resource.already_released", number=number)
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


def load(session: Session, project: Project, week: date) -> list[LoadView]:
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
        who = ResourceView(f"<@{m.user_id}>", "person", m.capacity_hours, m.user_id)
        out.append(LoadView(who, claimed, assigned[m.user_id], capacity))
    for rid, resource in resources.items():
        if resource.user_id is None:
            claimed = booked[rid].weekly.get(week, 0.0)
            out.append(LoadView(view(resource), claimed, 0.0, resource.capacity_hours))
    return out


def view(resource: Resource) -> ResourceView:
    return ResourceView(resource.name, resource.kind, resource.capacity_hours, resource.user_id)


def claim_view(claim: Claim, resource: Resource, result: ClaimResult | None = None) -> ClaimView:
    """A claim as its reply or its line in a list shows it."""
    return ClaimView(
        number=claim.number,
        resource=view(resource),
        user_id=claim.created_by,
        start=claim.start_date,
        end=claim.end_date,
        hours=claim.hours,
        over_allocated=claim.over_allocated,
        task_number=result.task_number if result else None,
        over=dict(result.over) if result else {},
    )
