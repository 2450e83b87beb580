"""Exactly-once runs: a row per (job, scope, period), claimed before posting, across replicas."""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from slack_sdk.errors import SlackApiError
from sqlalchemy import select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.store.models import JobRun

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
T = TypeVar("T")

DONE = ("posted", "skipped")
LEASE = timedelta(minutes=5)
# Errors no retry can fix (someone left, a channel was archived): logged and skipped, not retried.
PERMANENT = frozenset(
    {
        "user_not_found", "account_inactive", "user_disabled", "cannot_dm_bot",
        "channel_not_found", "is_archived", "not_in_channel", "invalid_blocks", "msg_too_long",
    }
)  # fmt: skip
# A failed post is retried on the following ticks for this long after it last failed.
RETRY_WINDOW = timedelta(hours=6)
OWNER = f"{socket.gethostname()}:{os.getpid()}"
CHUNK = 500  # keys per statement: under every backend's bound-parameter limit
# SQLite has one writer: this process's threads take turns rather than busy-wait on its file lock.
_sqlite_writer = threading.RLock()


def writing(rt: Runtime) -> AbstractContextManager[object]:
    """Hold while writing from several threads: one at a time on SQLite, no-op on PostgreSQL."""
    return _sqlite_writer if rt.db.is_sqlite else nullcontext()


def _insert(session: Session):
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(JobRun)


def claim(
    session: Session,
    *,
    job: str,
    scope: str,
    period: str,
    now: datetime,
    team_id: str | None = None,
    owner: str = OWNER,
    lease: timedelta = LEASE,
) -> bool:
    """Take the run for (job, scope, period): True when this caller must do the work.

    A new period is inserted (or nothing, if another process got there first); a failed run is
    taken again; a claim whose owner died is taken over once its lease has run out.
    """
    return bool(
        claim_many(
            session,
            job=job,
            keys=[(scope, period)],
            now=now,
            team_id=team_id,
            owner=owner,
            lease=lease,
        )
    )


def finish(
    session: Session,
    *,
    job: str,
    scope: str,
    period: str,
    now: datetime,
    error: str | None = None,
    skipped: bool = False,
) -> None:
    """Mark the run posted, failed (tried again on the next tick) or skipped (can never succeed)."""
    finish_many(session, job=job, keys=[(scope, period)], now=now, error=error, skipped=skipped)


def claim_many(
    session: Session,
    *,
    job: str,
    keys: list[tuple[str, str]],
    now: datetime,
    team_id: str | None = None,
    owner: str = OWNER,
    lease: timedelta = LEASE,
) -> list[tuple[str, str]]:
    """`claim` for many (scope, period) keys, two statements per 500; returns the keys won."""
    keys = sorted(set(keys))  # one order everywhere, so racing replicas never deadlock
    won: set[tuple[str, str]] = set()
    for i in range(0, len(keys), CHUNK):
        won.update(_claim_chunk(session, job, keys[i : i + CHUNK], now, team_id, owner, lease))
    return [k for k in keys if k in won]


def _claim_chunk(
    session: Session,
    job: str,
    keys: list[tuple[str, str]],
    now: datetime,
    team_id: str | None,
    owner: str,
    lease: timedelta,
) -> set[tuple[str, str]]:
    inserted = session.execute(
        _insert(session)
        .values(
            [
                dict(
                    team_id=team_id,
                    job=job,
                    scope=scope,
                    period=period,
                    status="claimed",
                    owner=owner,
                    attempts=1,
                    claimed_at=now,
                    lease_until=now + lease,
                )
                for scope, period in keys
            ]
        )  # fmt: skip
        .on_conflict_do_nothing(index_elements=["job", "scope", "period"])
        .returning(JobRun.scope, JobRun.period)
    ).all()
    won = {(scope, period) for scope, period in inserted}
    rest = [k for k in keys if k not in won]
    if rest:
        retaken = session.execute(
            update(JobRun)
            .where(
                JobRun.job == job,
                tuple_(JobRun.scope, JobRun.period).in_(rest),
                (JobRun.status == "failed")
                | ((JobRun.status == "claimed") & (JobRun.lease_until < now)),
            )
            .values(
                status="claimed",
                owner=owner,
                attempts=JobRun.attempts + 1,
                claimed_at=now,
                lease_until=now + lease,
            )
            .returning(JobRun.scope, JobRun.period)
            .execution_options(synchronize_session=False)
        ).all()
        won.update((scope, period) for scope, period in retaken)
    return won


def finish_many(
    session: Session,
    *,
    job: str,
    keys: list[tuple[str, str]],
    now: datetime,
    error: str | None = None,
    skipped: bool = False,
) -> None:
    """`finish` for many keys in one statement."""
    session.execute(
        update(JobRun)
        .where(JobRun.job == job, tuple_(JobRun.scope, JobRun.period).in_(list(keys)))
        .values(
            status="skipped" if skipped else "failed" if error else "posted",
            finished_at=now,
            error=error[:2000] if error else None,
        )
        .execution_options(synchronize_session=False)
    )


def status(session: Session, *, job: str, scope: str, period: str) -> str | None:
    """The state of one run: None (never claimed), claimed, posted or failed."""
    return session.scalar(
        select(JobRun.status).where(
            JobRun.job == job, JobRun.scope == scope, JobRun.period == period
        )
    )


def settled(session: Session, *, job: str, scopes: Iterable[str]) -> set[tuple[str, str]]:
    """(scope, period) of the runs of `job` already posted (or skipped) for these scopes, in few queries."""
    wanted = list(dict.fromkeys(scopes))
    done: set[tuple[str, str]] = set()
    # Chunks keep the IN list under every backend's bound-parameter limit.
    for i in range(0, len(wanted), 500):
        done.update(
            (scope, period)
            for scope, period in session.execute(
                select(JobRun.scope, JobRun.period).where(
                    JobRun.job == job,
                    JobRun.status.in_(DONE),
                    JobRun.scope.in_(wanted[i : i + 500]),
                )
            )
        )
    return done


def retry_due(
    session: Session, *, job: str, now: datetime, window: timedelta = RETRY_WINDOW
) -> bool:
    """Whether a run of `job` failed recently, or was left claimed by a process that died."""
    failed = (JobRun.status == "failed") & (JobRun.finished_at >= now - window)
    orphaned = (
        (JobRun.status == "claimed")
        & (JobRun.lease_until < now)
        & (JobRun.claimed_at >= now - window - LEASE)
    )
    return (
        session.scalar(select(JobRun.id).where(JobRun.job == job, failed | orphaned).limit(1))
        is not None
    )


class NotInstalled(LookupError):
    """The workspace has no active installation (uninstalled, or its tokens revoked)."""


def speaker(rt: Runtime, team_id: str | None) -> Runtime:
    """`rt` speaking as the team's installation; NotInstalled (the run fails) when it has none."""
    team = rt.for_team(team_id)
    if team is None:
        raise NotInstalled(f"{team_id} has no active installation")
    return team


def served(rt: Runtime, team_ids: Iterable[str | None]) -> set[str | None]:
    """The teams whose work jobs do: all in token mode; with OAuth, those with an installation."""
    teams = set(team_ids)
    if rt.installations is None:
        return teams
    return {t for t in teams if rt.for_team(t) is not None}


def once(
    rt: Runtime,
    *,
    job: str,
    keys: list[tuple[str, str]],
    now: datetime,
    team_id: str | None,
    send: Callable[[list[tuple[str, str]]], T],
    after: Callable[[Session, list[tuple[str, str]], T], None] | None = None,
) -> list[tuple[str, str]]:
    """Claim the (scope, period) keys, send what this caller won, then record posted or failed.

    The claim commits before anything is sent, so another replica or a second run skips it; the
    outcome commits after, together with whatever `after` stores (e.g. the message ts).

    What is guaranteed without reading channel history: nothing is lost (a send that fails or
    whose answer is lost is marked failed and sent again on a later tick), and a post is doubled
    at most once per lost answer: Slack has no idempotency key, so a post Slack performed but
    whose answer never came back (slack_sdk's connection retry, or the next tick) goes out again.
    """
    if team_id is not None and not served(rt, [team_id]):
        return []  # an uninstalled workspace: nothing claimed, nothing posted, data kept
    with writing(rt), rt.db.session() as session:
        won = claim_many(session, job=job, keys=keys, now=now, team_id=team_id)
    if not won:
        return []
    return deliver(rt, job=job, keys=won, now=now, send=send, after=after)


def deliver(
    rt: Runtime,
    *,
    job: str,
    keys: list[tuple[str, str]],
    now: datetime,
    send: Callable[[list[tuple[str, str]]], T],
    after: Callable[[Session, list[tuple[str, str]], T], None] | None = None,
) -> list[tuple[str, str]]:
    """The second half of `once`, for keys the caller already won (`claim_many`): send, then record.

    Returns the keys when posted; [] when the send failed (marked failed, retaken on a later tick)
    or can never succeed (PERMANENT: marked skipped). Safe to call from several threads at once.
    """
    try:
        result = send(keys)
    except Exception as exc:
        code = exc.response.get("error") if isinstance(exc, SlackApiError) else None
        skipped = code in PERMANENT
        if skipped:
            log.info("%s %s skipped: Slack says %s", job, keys[0], code)
        else:
            log.warning("%s %s failed (%s); tried again on the next tick", job, keys[0], exc)
        with writing(rt), rt.db.session() as session:
            finish_many(session, job=job, keys=keys, now=now, error=repr(exc), skipped=skipped)
        return []
    with writing(rt), rt.db.session() as session:
        finish_many(session, job=job, keys=keys, now=now)
        if after is not None:
            after(session, keys, result)
    return keys


def run_metadata(job: str, keys: list[tuple[str, str]]) -> dict[str, Any]:
    """chat.postMessage `metadata` naming the run a scheduled post belongs to, for traceability."""
    scope, period = keys[0]
    return {
        "event_type": "teamtrack_run",
        "event_payload": {"job": job, "key": f"{scope}@{period}"},
    }
