"""What the performance report shows, decided: time, cost, quality, resources, people, lessons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.views.health import HealthView


@dataclass(frozen=True)
class PersonLine:
    user_id: str
    done: int
    on_time: int
    hours_on_time: float
    blockers_cleared: int
    standups_answered: int
    hours_claimed: float
    hours_assigned: float
    capacity: float


@dataclass(frozen=True)
class LessonLine:
    text: str
    count: int
    user_ids: tuple[str, ...]  # none when the survey is anonymous


@dataclass(frozen=True)
class ResourceLine:
    name: str
    claimed: float
    capacity: float


@dataclass(frozen=True)
class ReportView:
    key: str
    name: str
    final: bool
    closed_on: date | None
    health: HealthView
    spi: float | None
    cpi: float | None
    eac: float | None
    bac: float | None
    planned_end: date | None
    actual_end: date | None
    tasks_total: int
    tasks_done: int
    on_time_pct: float | None
    avg_slip_days: float | None
    budget: Decimal | None
    spent: Decimal
    currency: str
    reopened: int
    standup_rounds: int
    ratings: tuple[tuple[str, float | None], ...]  # every rating, None when nobody answered
    responses: int
    invited: int
    anonymous: bool
    went_well: tuple[LessonLine, ...]
    to_improve: tuple[LessonLine, ...]
    people: tuple[PersonLine, ...]
    resources: tuple[ResourceLine, ...]
    contributors: tuple[PersonLine, ...]
    top: int
