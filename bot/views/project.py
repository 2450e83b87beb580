"""What /project shows, decided: plain data for `bot.blocks.project` and `bot.blocks.timeline`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from bot.views.health import HealthView


@dataclass(frozen=True)
class ProjectCard:
    """A project as its replies name it."""

    id: int
    key: str
    name: str
    channel_id: str
    goal: str | None = None
    scope: str | None = None
    start: date | None = None
    end: date | None = None
    budget: Decimal | None = None
    currency: str = "CNY"
    timezone: str = "UTC"
    created_by: str | None = None
    active: bool = True
    closed_on: date | None = None


@dataclass(frozen=True)
class MilestoneView:
    number: int
    name: str
    due: date
    late_days: int = 0  # open and this many days past its due date


@dataclass(frozen=True)
class TopRisk:
    number: int
    title: str
    score: int
    band: str  # low | medium | high | critical
    occurred: bool = False  # it happened and is not dealt with yet: listed first, so marked


@dataclass(frozen=True)
class InfoView:
    """`/project info`: the project, its health and what comes next."""

    project: ProjectCard
    status: str  # green | amber | red
    health: HealthView  # its reasons, written in the reader's language
    percent_complete: int
    spi: float | None
    cpi: float | None
    spent: Decimal
    member_count: int
    open_tasks: int
    milestones: tuple[MilestoneView, ...]
    risks: tuple[TopRisk, ...]
    baselined_on: date | None


@dataclass(frozen=True)
class MemberView:
    user_id: str
    role: str  # owner | member | stakeholder
    capacity: float | None


@dataclass(frozen=True)
class Joined:
    """One person named in `/project members add`: new to the project (`old_role` None), or
    already in it, with what they had before (the same as now if nothing changed)."""

    user_id: str
    role: str
    capacity: float
    old_role: str | None = None
    old_capacity: float | None = None

    @property
    def new(self) -> bool:
        return self.old_role is None

    @property
    def changed(self) -> bool:
        return self.old_role != self.role or self.old_capacity != self.capacity


@dataclass(frozen=True)
class SettingsView:
    key: str
    timezone: str
    standup_time: time
    standup_days: tuple[int, ...]  # 0 = Monday
    reminder_time: time
    summary_time: time
    digest_day: int
    digest_time: time
    digest_channel: str | None
    alerts: bool
    survey: str  # named | anonymous
    lang: str  # en | zh
    spi_green: float
    red_below: float
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class SpendView:
    key: str
    actor: str
    amount: Decimal
    currency: str
    note: str
    task_number: int | None
    total: Decimal
    budget: Decimal | None
