"""Claims on resources: hours booked over working days, refused beyond capacity with who holds the
resource and the next window that fits; released when done."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import NotFound, UserError
from bot.format import plain_hours
from bot.i18n import Mrkdwn, Phrase
from bot.services import audit
from bot.services.projects import next_number
from bot.services.resources import (
    CLAIM_EXAMPLE,
    DAY_HOURS,
    away_days,
    bookings,
    spread,
    view,
    week_of,
    weekly_capacity,
    working_days,
)
from bot.services.tasks import get as get_task
from bot.store.db import hold_writes
from bot.store.models import Claim, Project, Resource
from bot.views.resource import ClaimView


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
