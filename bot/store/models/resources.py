"""Resources and their claims, and what a project spends: costs and hours logged."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models.base import Base

RESOURCE_KINDS = ("person", "equipment", "room", "licence")


class Resource(Base):
    __tablename__ = "resources"
    __table_args__ = (
        UniqueConstraint("team_id", "name"),
        Index("ix_resources_user", "team_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="equipment")
    capacity_hours: Mapped[float] = mapped_column(Float, default=40.0)
    user_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        Index("ix_claims_resource_window", "resource_id", "start_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    number: Mapped[int]
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Float)
    over_allocated: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    released_at: Mapped[datetime | None]


class CostEntry(Base):
    __tablename__ = "cost_entries"
    __table_args__ = (Index("ix_costs_project", "project_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    note: Mapped[str] = mapped_column(String(300))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    created_by: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]


class EffortEntry(Base):
    """Hours logged against a task (`/task log`): actual cost for earned value."""

    __tablename__ = "effort_entries"
    __table_args__ = (Index("ix_effort_project", "project_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    hours: Mapped[float] = mapped_column(Float)
    at: Mapped[datetime]
