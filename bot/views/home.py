"""What one person's App Home shows, decided: plain data for `bot.blocks.home`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.views.health import HealthView


@dataclass(frozen=True)
class HomeTaskView:
    """One open task of the person's: its project's key, and the line and buttons it gets."""

    task_id: int
    project_key: str
    ref: str
    title: str
    owner_id: str | None
    status: str  # open | in_progress | blocked
    progress: int
    due: date | None
    today: date

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < self.today


@dataclass(frozen=True)
class HomeProjectView:
    key: str
    name: str
    channel_id: str
    role: str  # owner | member | stakeholder
    health: HealthView


@dataclass(frozen=True)
class ClosedProjectView:
    key: str
    name: str
    channel_id: str
    closed_on: date | None


@dataclass(frozen=True)
class ClaimView:
    number: int
    resource: str
    person: str | None  # a person resource's user id: shown as a mention, not by its name
    start: date
    end: date
    hours: float
    project_key: str
    over_allocated: bool


@dataclass(frozen=True)
class RiskLineView:
    number: int
    title: str
    score: int
    band: str  # low | medium | high | critical
    project_key: str
    occurred: bool = False  # it happened and is not dealt with yet: listed first, so marked


@dataclass(frozen=True)
class HomeView:
    tasks: tuple[HomeTaskView, ...]
    more_tasks: int
    projects: tuple[HomeProjectView, ...]
    closed: tuple[ClosedProjectView, ...] = ()
    claims: tuple[ClaimView, ...] = ()
    risks: tuple[RiskLineView, ...] = ()
