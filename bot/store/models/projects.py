"""Workspaces, their projects, who is a member of each, and each project's commit counter."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Float, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.store.models.base import Base

ROLES = ("owner", "member", "stakeholder")


class Workspace(Base):
    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]


class Project(Base):
    __tablename__ = "projects"
    __table_args__ = (
        UniqueConstraint("team_id", "key"),
        Index(
            "uq_projects_active_channel",
            "team_id",
            "channel_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        Index("ix_projects_status", "status"),
        # A channel's projects, closed ones too: every kept answer's stamp is read through it.
        Index("ix_projects_channel", "team_id", "channel_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), ForeignKey("workspaces.team_id"))
    key: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    goal: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(Text)
    channel_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="active")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    baseline_end: Mapped[date | None] = mapped_column(Date)
    baselined_at: Mapped[datetime | None]
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(8), default="CNY")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    next_task: Mapped[int] = mapped_column(default=1)
    next_risk: Mapped[int] = mapped_column(default=1)
    next_milestone: Mapped[int] = mapped_column(default=1)
    next_claim: Mapped[int] = mapped_column(default=1)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]

    members: Mapped[list[Member]] = relationship(back_populates="project", lazy="raise")

    @property
    def zone(self) -> ZoneInfo:
        """The project's time zone: its days, deadlines and posting hours are read in it."""
        return ZoneInfo(self.timezone or "UTC")

    def local(self, now: datetime) -> datetime:
        """`now` on the project's clock."""
        return now.astimezone(self.zone)

    def today(self, now: datetime) -> date:
        """The calendar day `now` falls on in the project's time zone."""
        return now.astimezone(self.zone).date()

    def as_of(self, today: date) -> date:
        """The day a project is measured on: `today`, or its close day once it is closed (its
        tasks stop falling overdue and its plan stops running on when it closes)."""
        if self.status == "closed" and self.closed_at is not None:
            return min(today, self.today(self.closed_at))
        return today


class ProjectVersion(Base):
    """How many commits have changed the project's rows; kept answers compare it.

    A row of its own, bumped as a commit's last statement (bot/store/versions.py): nothing else
    locks it, so the bump never waits on a transaction that waits on it.
    """

    __tablename__ = "project_versions"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(default=0)


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("project_id", "user_id"),
        Index("ix_members_team_user", "team_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16), default="member")
    capacity_hours: Mapped[float] = mapped_column(Float, default=40.0)
    added_at: Mapped[datetime]

    project: Mapped[Project] = relationship(back_populates="members", lazy="raise")
