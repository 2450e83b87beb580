"""The bot's own bookkeeping: alerts posted, runs claimed, requests handled, profiles cached."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models.base import Base


class Alert(Base):
    """A deviation already posted, so it is posted again only when it gets worse."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("project_id", "kind", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(64))
    severity: Mapped[float] = mapped_column(Float)
    posted_at: Mapped[datetime]
    message_ts: Mapped[str | None] = mapped_column(String(32))


class JobRun(Base):
    """One claim per (job, scope, period): the row that makes a scheduled post happen once."""

    __tablename__ = "job_runs"
    __table_args__ = (
        UniqueConstraint("job", "scope", "period"),
        Index("ix_job_runs_status", "status", "lease_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    job: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="claimed")
    owner: Mapped[str] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(default=1)
    claimed_at: Mapped[datetime]
    lease_until: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class HandledRequest(Base):
    """A Slack request already handled (by trigger_id, event_id or signature), kept for minutes:
    a replayed signed request or an event Slack delivers again must have one effect."""

    __tablename__ = "handled_requests"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(index=True)


class UserProfile(Base):
    """A cache of `users.info`: the member's own time zone and name."""

    __tablename__ = "user_profiles"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    timezone: Mapped[str | None] = mapped_column(String(64))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    fetched_at: Mapped[datetime]
