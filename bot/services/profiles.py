"""A cache of `users.info`: each member's own time zone, fetched once and kept for a week."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import UserProfile

log = logging.getLogger(__name__)

MAX_AGE = timedelta(days=7)
# Returns Slack's user object, or None when the user is unknown; raises on any other failure.
Lookup = Callable[[str], dict[str, Any] | None]


class UnknownUser(Exception):
    """users.info says the user does not exist (left the workspace, or a bad id)."""


def _valid_zone(name: str | None) -> str | None:
    try:
        return name if name and ZoneInfo(name) else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def time_zones(
    session: Session,
    team_id: str,
    user_ids: Iterable[str],
    *,
    lookup: Lookup,
    now: datetime,
    max_age: timedelta = MAX_AGE,
) -> dict[str, str | None]:
    """Each user's IANA time zone: None for a user who left (or has no valid zone); users whose
    lookup failed just now (and who were never cached) are left out, to be tried again later."""
    found = _profiles(session, team_id, user_ids, lookup=lookup, now=now, max_age=max_age)
    return {u: None if p.deleted else _valid_zone(p.timezone) for u, p in found.items()}


def names(
    session: Session,
    team_id: str,
    user_ids: Iterable[str],
    *,
    lookup: Lookup,
    now: datetime,
    max_age: timedelta = MAX_AGE,
) -> dict[str, str]:
    """Each user's name as Slack shows it (real name, else handle), from the same cache; users
    with none known are left out."""
    found = _profiles(session, team_id, user_ids, lookup=lookup, now=now, max_age=max_age)
    return {u: p.name for u, p in found.items() if p.name}


def _profiles(
    session: Session,
    team_id: str,
    user_ids: Iterable[str],
    *,
    lookup: Lookup,
    now: datetime,
    max_age: timedelta,
) -> dict[str, UserProfile]:
    """The cached profiles, those older than `max_age` fetched again; a user whose lookup failed
    and who was never cached is left out."""
    wanted = sorted(set(user_ids))
    if not wanted:
        return {}
    cached = {
        p.user_id: p
        for p in session.scalars(
            select(UserProfile).where(
                UserProfile.team_id == team_id, UserProfile.user_id.in_(wanted)
            )
        )
    }
    out: dict[str, UserProfile] = {}
    for user_id in wanted:
        profile = cached.get(user_id)
        if profile is None or profile.fetched_at < now - max_age:
            profile = _refresh(session, team_id, user_id, profile, lookup, now)
        if profile is not None:
            out[user_id] = profile
    return out


def _refresh(
    session: Session,
    team_id: str,
    user_id: str,
    profile: UserProfile | None,
    lookup: Lookup,
    now: datetime,
) -> UserProfile | None:
    try:
        info = lookup(user_id)
    except Exception as exc:  # network, rate limit after retries, a revoked token
        log.warning("users.info failed for %s in %s: %s; skipped this time", user_id, team_id, exc)
        return profile  # a stale entry is better than none; None when never fetched
    if profile is None:
        profile = UserProfile(team_id=team_id, user_id=user_id, fetched_at=now)
        session.add(profile)
    if info is None:
        log.warning("users.info: %s is not in workspace %s; marked as gone", user_id, team_id)
        profile.deleted, profile.fetched_at = True, now
        return profile
    profile.name = (info.get("real_name") or info.get("name") or "")[:200] or None
    profile.timezone = _valid_zone(info.get("tz"))
    profile.deleted = bool(info.get("deleted"))
    profile.fetched_at = now
    if profile.deleted:
        log.info("%s has left workspace %s", user_id, team_id)
    return profile
