"""The data model: every table of the product, each row scoped by workspace (`team_id`)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

ROLES = ("owner", "member", "stakeholder")
TASK_STATUSES = ("open", "in_progress", "blocked", "done", "canceled")
# A canceled task stays in history but out of open work, progress and earned value.
TASK_CLOSED = ("done", "canceled")
PRIORITIES = ("low", "normal", "high", "urgent")
RISK_STATUSES = ("open", "closed", "occurred")
RESOURCE_KINDS = ("person", "equipment", "room", "licence")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as UTC; SQLite hands them back naive, so make them aware again."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON}


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


class Milestone(Base):
    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date] = mapped_column(Date)
    baseline_due: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        Index("ix_tasks_project_status_due", "project_id", "status", "due_date"),
        # /task list walks this in page order (keyset on due date, then ref), whatever the size.
        Index("ix_tasks_project_due_number", "project_id", "due_date", "number"),
        Index("ix_tasks_team_owner_status", "team_id", "owner_id", "status"),
        Index("ix_tasks_milestone", "milestone_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    start_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    baseline_start: Mapped[date | None] = mapped_column(Date)
    baseline_due: Mapped[date | None] = mapped_column(Date)
    estimate_hours: Mapped[float | None] = mapped_column(Float)
    spent_hours: Mapped[float] = mapped_column(Float, default=0.0)
    progress: Mapped[int] = mapped_column(default=0)
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="SET NULL")
    )
    blocked_reason: Mapped[str | None] = mapped_column(Text)
    blocked_at: Mapped[datetime | None]
    risk_id: Mapped[int | None] = mapped_column(ForeignKey("risks.id", ondelete="SET NULL"))
    reopened_count: Mapped[int] = mapped_column(default=0)
    source_permalink: Mapped[str | None] = mapped_column(String(500))
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]


class TaskDependency(Base):
    __tablename__ = "task_dependencies"

    team_id: Mapped[str] = mapped_column(String(32))
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True
    )
    depends_on_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Change(Base):
    """The audit trail: who changed what, when, from what to what."""

    __tablename__ = "changes"
    __table_args__ = (
        Index("ix_changes_entity", "project_id", "entity", "entity_id"),
        Index("ix_changes_project_at", "project_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    entity: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(32))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]


class Risk(Base):
    __tablename__ = "risks"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        Index("ix_risks_project_status", "project_id", "status"),
        Index("ix_risks_review", "status", "review_date"),
        Index("ix_risks_team_owner", "team_id", "owner_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    likelihood: Mapped[int]
    impact: Mapped[int]
    owner_id: Mapped[str | None] = mapped_column(String(32))
    mitigation: Mapped[str | None] = mapped_column(Text)
    review_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    close_reason: Mapped[str | None] = mapped_column(Text)
    critical_since: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


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


class StandupRound(Base):
    __tablename__ = "standup_rounds"
    __table_args__ = (
        UniqueConstraint("project_id", "day"),
        Index("ix_rounds_thread", "channel_id", "message_ts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    channel_id: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    posted_at: Mapped[datetime | None]
    summary_ts: Mapped[str | None] = mapped_column(String(32))


class StandupReply(Base):
    __tablename__ = "standup_replies"
    __table_args__ = (UniqueConstraint("round_id", "user_id", "source_ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    round_id: Mapped[int] = mapped_column(ForeignKey("standup_rounds.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    source_ts: Mapped[str] = mapped_column(String(32), default="modal")
    yesterday: Mapped[str | None] = mapped_column(Text)
    today: Mapped[str | None] = mapped_column(Text)
    blockers: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Blocker(Base):
    __tablename__ = "blockers"
    __table_args__ = (Index("ix_blockers_project_open", "project_id", "cleared_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    opened_on: Mapped[date] = mapped_column(Date)
    last_seen_on: Mapped[date] = mapped_column(Date)
    standups_open: Mapped[int] = mapped_column(default=1)
    cleared_on: Mapped[date | None] = mapped_column(Date)
    escalated_at: Mapped[datetime | None]


class Absence(Base):
    __tablename__ = "absences"
    __table_args__ = (Index("ix_absences_user", "team_id", "user_id", "end_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]


class Survey(Base):
    __tablename__ = "surveys"
    __table_args__ = (UniqueConstraint("project_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    opened_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None]
    report_posted_at: Mapped[datetime | None]


class SurveyResponse(Base):
    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    schedule: Mapped[int]
    cost: Mapped[int]
    quality: Mapped[int]
    collaboration: Mapped[int]
    went_well: Mapped[str | None] = mapped_column(Text)
    to_improve: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime]


class SurveyMessage(Base):
    """A survey DM the bot sent (invitation or reminder): replaced by a thank-you once answered."""

    __tablename__ = "survey_messages"
    __table_args__ = (UniqueConstraint("survey_id", "user_id", "message_ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str] = mapped_column(String(32))


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
