"""Absences (`/standup away`, `back`): no prompts or reminders, and less capacity on those days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.errors import UserError
from bot.store.models import Absence

AWAY_EXAMPLE = '/standup away from:"next monday" until:"next friday" "conference"'
NOTE_MAX = 300


def add(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    start: date,
    end: date,
    note: str | None,
    today: date,
    now: datetime,
) -> Absence:
    """Record an absence from `start` to `end`, both days included."""
    if end < today:
        raise UserError("standup.away_past", AWAY_EXAMPLE, end=end)
    if end < start:
        raise UserError("standup.away_backwards", AWAY_EXAMPLE, end=end, start=start)
    if note and len(note) > NOTE_MAX:
        raise UserError("standup.note_too_long", AWAY_EXAMPLE, length=len(note), max=NOTE_MAX)
    absence = Absence(
        team_id=team_id,
        user_id=user_id,
        start_date=start,
        end_date=end,
        note=note or None,
        created_at=now,
    )
    session.add(absence)
    session.flush()
    return absence


def back(session: Session, *, team_id: str, user_id: str, today: date) -> int:
    """End the absences that cover today (future ones stay); returns how many were ended."""
    current = list(
        session.scalars(
            select(Absence).where(
                Absence.team_id == team_id,
                Absence.user_id == user_id,
                Absence.start_date <= today,
                Absence.end_date >= today,
            )
        )
    )
    for absence in current:
        if absence.start_date < today:
            absence.end_date = today - timedelta(days=1)
        else:
            session.execute(delete(Absence).where(Absence.id == absence.id))
    return len(current)


def away_on(session: Session, team_id: str, user_ids: Iterable[str], day: date) -> set[str]:
    """Who of `user_ids` is away on `day`."""
    return {u for u, days in absent_days(session, team_id, user_ids, day, day).items() if days}


def absent_days(
    session: Session, team_id: str, user_ids: Iterable[str], start: date, end: date
) -> dict[str, set[date]]:
    """Calendar days from `start` to `end` (inclusive) each user is away; every user is a key."""
    wanted = sorted(set(user_ids))
    out: dict[str, set[date]] = {u: set() for u in wanted}
    if not wanted or end < start:
        return out
    for absence in session.scalars(
        select(Absence).where(
            Absence.team_id == team_id,
            Absence.user_id.in_(wanted),
            Absence.end_date >= start,
            Absence.start_date <= end,
        )
    ):
        day = max(absence.start_date, start)
        while day <= min(absence.end_date, end):
            out[absence.user_id].add(day)
            day += timedelta(days=1)
    return out


def away_on_days(
    session: Session, wanted: Iterable[tuple[str, str, date]]
) -> set[tuple[str, str, date]]:
    """Which (team_id, user_id, day) triples are away, in one query across workspaces (the jobs' batch)."""
    wanted = set(wanted)
    if not wanted:
        return set()
    days = [d for _, _, d in wanted]
    rows = session.execute(
        select(Absence.team_id, Absence.user_id, Absence.start_date, Absence.end_date).where(
            Absence.user_id.in_({u for _, u, _ in wanted}),
            Absence.start_date <= max(days),
            Absence.end_date >= min(days),
        )
    ).all()
    by_user: dict[tuple[str, str], list[tuple[date, date]]] = {}
    for team, user_id, start, end in rows:
        by_user.setdefault((team, user_id), []).append((start, end))
    return {
        (t, u, d)
        for t, u, d in wanted
        if any(start <= d <= end for start, end in by_user.get((t, u), ()))
    }


def list_for(session: Session, team_id: str, user_id: str, today: date) -> list[Absence]:
    """The user's current and coming absences."""
    return list(
        session.scalars(
            select(Absence)
            .where(
                Absence.team_id == team_id, Absence.user_id == user_id, Absence.end_date >= today
            )
            .order_by(Absence.start_date)
        )
    )
