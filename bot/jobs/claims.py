"""Exactly-once runs: a row per (job, scope, period), claimed before posting, across replicas."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.store.models import JobRun

LEASE = timedelta(minutes=5)
OWNER = f"{socket.gethostname()}:{os.getpid()}"


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
    inserted = session.execute(
        _insert(session)
        .values(
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
        .on_conflict_do_nothing(index_elements=["job", "scope", "period"])
        # rowcount is -1 on PostgreSQL once RETURNING is involved; a returned id is unambiguous.
        .returning(JobRun.id)
    ).scalar_one_or_none()
    if inserted is not None:
        return True
    retaken = session.execute(
        update(JobRun)
        .where(
            JobRun.job == job,
            JobRun.scope == scope,
            JobRun.period == period,
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
    ).rowcount
    return bool(retaken)


def finish(
    session: Session, *, job: str, scope: str, period: str, now: datetime, error: str | None = None
) -> None:
    """Mark the run posted, or failed (to be tried again on the next tick)."""
    session.execute(
        update(JobRun)
        .where(JobRun.job == job, JobRun.scope == scope, JobRun.period == period)
        .values(
            status="failed" if error else "posted",
            finished_at=now,
            error=error[:2000] if error else None,
        )
    )


def status(session: Session, *, job: str, scope: str, period: str) -> str | None:
    return session.scalar(
        select(JobRun.status).where(
            JobRun.job == job, JobRun.scope == scope, JobRun.period == period
        )
    )
