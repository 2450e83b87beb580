"""Stand-ups: each day's round and its replies, the blockers they raise, and absences."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models.base import Base


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


class StandupReminder(Base):
    """A reminder DM the bot sent: replaced by "you answered" once its member answers."""

    __tablename__ = "standup_reminders"
    __table_args__ = (UniqueConstraint("round_id", "user_id", "message_ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    round_id: Mapped[int] = mapped_column(ForeignKey("standup_rounds.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str] = mapped_column(String(32))


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
    # Of the standups it stayed open: those whose answer named it, and those its owner did not
    # answer (the rest they answered naming other blockers only).
    standups_reported: Mapped[int] = mapped_column(default=1)
    standups_unanswered: Mapped[int] = mapped_column(default=0)
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
