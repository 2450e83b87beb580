"""What the weekly digest shows, decided: its lists, milestones, risks and health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.views.health import HealthView


@dataclass(frozen=True)
class TaskLine:
    ref: str  # `T-12`
    title: str
    owner_id: str | None
    due: date | None
    progress: int  # shown for open tasks only, when above 0
    open: bool
    blocked: bool


@dataclass(frozen=True)
class MilestoneLine:
    ref: str  # `M-2`
    name: str
    due: date
    tasks_end: date | None  # the last due date of its open tasks, when later than `due`
    late_days: int = 0  # open and this many days past its due date


@dataclass(frozen=True)
class RiskLine:
    ref: str  # `R-3`
    title: str
    score: int
    band: str  # low, medium, high, critical
    owner_id: str | None
    occurred: bool = False  # it happened and is not dealt with yet: listed first, so marked


@dataclass(frozen=True)
class DigestView:
    key: str
    name: str
    week: str  # `2026-W48`
    today: date
    since: datetime  # in the project's zone
    health: HealthView
    spi: float | None
    cpi: float | None
    percent_complete: int
    done: tuple[TaskLine, ...]
    in_progress: tuple[TaskLine, ...]
    overdue: tuple[TaskLine, ...]
    milestones: tuple[MilestoneLine, ...]
    risks: tuple[RiskLine, ...]
    list_max: int = 15
